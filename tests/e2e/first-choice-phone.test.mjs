// On a 390-px phone the reader reaches the first choice within two screens
// of the top of the guide (1,700 px), in English and in Chinese: the opening
// card is short, and the four commitments' full wording is a card the reader
// can choose to open (issue 20). Measured on embed.html, the guide alone on a
// page, after the element has taken over: the live card, not the pre-render.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInBrowser, ready, headingText, choose, screenshot } from './helpers.mjs';

/** Two screens of a 390 × 844 phone, less the browser's own bars. */
const MAX_OFFSET = 1700;

/** How far below the top of the guide the first choice starts, in CSS pixels. */
async function firstChoiceOffset(page) {
  return page.evaluate(() => {
    const guide = document.querySelector('agreement-guide');
    const choice = guide.shadowRoot.querySelector('[data-choice-id]');
    return Math.round(choice.getBoundingClientRect().top - guide.getBoundingClientRect().top);
  });
}

describeInBrowser('the first choice on a phone', { browser: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 } }, ({ server, newPage }) => {
  for (const [lang, heading, full] of [
    ['en', 'Four commitments in one agreement', 'The four commitments in full'],
    ['zh', '一份协议，四项承诺', '四项承诺全文'],
  ]) {
    test(`${lang}: the first choice is within ${MAX_OFFSET} px of the top of the guide, and the commitments' full wording is one choice away`, async () => {
      const { page, watch } = await newPage();
      await page.goto(`${server.url}embed.html?lang=${lang}&seed=1`);
      await ready(page);
      assert.equal(await headingText(page), heading);
      const offset = await firstChoiceOffset(page);
      console.log(`# ${lang}: first choice ${offset} px below the top of the guide`);
      await screenshot(page, `first-choice-phone-${lang}.png`);
      assert.ok(offset > 0 && offset <= MAX_OFFSET, `${lang}: the first choice is ${offset} px down; the limit is ${MAX_OFFSET}`);
      // The full wording is still there, on the card the opening offers.
      await choose(page, 'commitments');
      assert.equal(await headingText(page), full);
      await watch.assertClean();
      await page.close();
    });
  }
});
