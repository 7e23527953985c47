// Classroom mode in Chromium: discussion prompts, team play (the other side's
// team picks the response instead of the dice, and the widget says whose turn
// it is), flashpoints (only when switched on, by attribute or URL parameter,
// and kept in the share link), the printable full script (every card, choice
// and ending of the guide; the worksheet has its own file), the hand-in code,
// and classroom.html tallying a class's codes exactly while naming a corrupted
// one. axe-core: no violations.
//
// Run after `npm run build`:  node --test tests/e2e/classroom.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeInBrowser, watchPage, gotoBlank, screenshot, assertNoAxeViolations, ready, step, choose, ROOT } from './helpers.mjs';

const US_CHINA = JSON.parse(readFileSync(path.join(ROOT, 'scenarios', 'us-china-2015.json'), 'utf8'));
const WTO = JSON.parse(readFileSync(path.join(ROOT, 'scenarios', 'wto-disputes.json'), 'utf8'));
const en = (t) => (typeof t === 'string' ? t : t.en);

/** Up to the US's first decision in the US–China guide. */
const TO_US_DECIDE = ['read-on', 'read-on', 'start', 'weigh-options'];

/** Clicks a response button (team play) and waits for the next card. */
async function pickResponse(page, outcome) {
  const before = await step(page);
  await page.locator(`[data-outcome-id="${outcome}"]`).click();
  await page.locator(`.ag[data-step="${before + 1}"]`).waitFor();
}

describeInBrowser('Classroom mode in Chromium', { browser: { viewport: { width: 1100, height: 900 } } }, ({ server, browser }) => {

  test('team play alternates: the US team chooses, the China team picks China’s response instead of the dice', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=3&mode=classroom`);
    await ready(page);
    assert.equal(await page.locator('.ag-turn').getAttribute('data-turn'), 'together', 'a narrated card is read together');
    for (const id of TO_US_DECIDE) await choose(page, id);
    assert.equal(await page.locator('.ag-turn').textContent(), 'Turn: United States team');
    assert.ok(await page.locator('.ag-prompt').isVisible(), 'classroom mode shows the discussion prompt');

    // The US team files a complaint: nothing is drawn; it is the China team's turn.
    await page.locator('[data-choice-id="file-complaint"]').click();
    await page.locator('[data-outcome-id]').first().waitFor();
    assert.equal(await step(page), 4, 'no step is taken until the other team responds');
    assert.equal(await page.locator('.ag-turn').textContent(), 'Turn: China team');
    assert.equal(await page.locator('.ag-turn').getAttribute('data-turn'), 'china');
    const offered = await page.locator('[data-outcome-id]').evaluateAll((bs) => bs.map((b) => b.dataset.outcomeId));
    const complaint = US_CHINA.nodes.find((n) => n.id === 'us-decide').choices.find((c) => c.id === 'file-complaint');
    assert.deepEqual(offered, complaint.outcomes.map((o) => o.id), 'every possible response is offered');
    // Focus moves to the responses, for the keyboard.
    const focused = await page.evaluate(() => document.querySelector('agreement-guide').shadowRoot.activeElement?.dataset.outcomeId);
    assert.equal(focused, offered[0]);
    await screenshot(page, 'classroom-team-play');
    await assertNoAxeViolations(page, 'team play, the China team picking a response', watch);

    // Cancel goes back to the US team's choices; picking a response takes it.
    await page.locator('[data-action="cancel-outcome"]').click();
    assert.equal(await page.locator('.ag-turn').textContent(), 'Turn: United States team');
    await page.locator('[data-choice-id="file-complaint"]').click();
    await pickResponse(page, 'deny');
    assert.equal(await page.locator('.ag-card').getAttribute('data-node'), 'china-denial', 'the China team’s pick decided where the story went');
    assert.equal(await page.locator('.ag-turn').textContent(), 'Turn: United States team', 'then it is the US team’s turn again');
    assert.match((await page.locator('.ag-trail-list li').last().textContent()), /picked by a team/, 'the path says a team picked it');
    // The decided run is kept in the share token and replays.
    const token = await page.evaluate(() => document.querySelector('agreement-guide').token);
    assert.match(token, /^ag4\..*\.[0-9a-z]+_[0-9a-z]/);
    const again = await browser.newPage();
    await again.goto(`${server.url}embed.html?seed=3&mode=classroom#ag=${token}`);
    await ready(again);
    assert.equal(await again.locator('.ag-card').getAttribute('data-node'), 'china-denial');
    await again.close();
    watch.assertClean();
    await page.close();
  });

  test('with teams="off" the dice decide, as for a reader', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=3&mode=classroom&teams=off`);
    await ready(page);
    for (const id of TO_US_DECIDE) await choose(page, id);
    assert.equal(await page.locator('.ag-turn').count(), 0);
    await choose(page, 'file-complaint');
    assert.equal(await page.locator('[data-outcome-id]').count(), 0);
    watch.assertClean();
    await page.close();
  });

  test('a flashpoint appears only when switched on: by attribute, by URL parameter, and through the share link', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const raise = async (url) => {
      await page.goto(url);
      await ready(page);
      for (const id of [...TO_US_DECIDE, 'raise-at-dialogue']) await choose(page, id);
      return page.locator('.ag-card').getAttribute('data-node');
    };
    // Off: the dialogue goes ahead as written, and nothing mentions a twist.
    assert.equal(await raise(`${server.url}embed.html?seed=3&mode=classroom&teams=off`), 'dialogue-session');
    assert.equal(await page.locator('.ag-flashpoint-note').isHidden(), true);
    // On, by URL parameter: the new intrusion interrupts, and the teacher's twist is named.
    assert.equal(await raise(`${server.url}embed.html?seed=3&mode=classroom&teams=off&flashpoints=new_intrusion`), 'flashpoint-intrusion');
    const fp = US_CHINA.flashpoints[0];
    assert.equal(await page.locator('.ag-flashpoint-note [data-flashpoint]').getAttribute('data-flashpoint'), fp.id);
    assert.match(await page.locator('.ag-flashpoint-note').textContent(), new RegExp(en(fp.label)));
    await assertNoAxeViolations(page, 'a flashpoint card in classroom mode', watch);
    // The link records it: opened where no flashpoint is asked for, it is still on.
    const token = await page.evaluate(() => document.querySelector('agreement-guide').token);
    assert.match(token, /^ag4\./);
    await page.goto(`${server.url}embed.html?seed=3#ag=${token}`);
    await ready(page);
    assert.equal(await page.locator('.ag-card').getAttribute('data-node'), 'flashpoint-intrusion');

    // By attribute, on the WTO guide: an extra choice that exists only with the flashpoint.
    await gotoBlank(page, server.url);
    await page.addScriptTag({ type: 'module', url: '/agreement-guide.js' });
    await page.evaluate(() => {
      const el = document.createElement('agreement-guide');
      el.setAttribute('src', '/scenarios/wto-disputes.json');
      el.setAttribute('seed', '2');
      el.setAttribute('mode', 'classroom');
      el.setAttribute('teams', 'off');
      document.body.append(el);
    });
    await ready(page);
    const toConsultations = async () => {
      for (const id of ['read-on', 'read-on', 'era-before', 'request-consultations']) await choose(page, id);
      return page.locator('[data-choice-id]').evaluateAll((bs) => bs.map((b) => b.dataset.choiceId));
    };
    const wtoFp = WTO.flashpoints[0];
    const gated = WTO.nodes.flatMap((n) => n.choices).find((c) => c.flashpoint === wtoFp.id);
    assert.ok(!(await toConsultations()).includes(gated.id), 'off: the choice is not there at all');
    await page.evaluate((id) => document.querySelector('agreement-guide').setAttribute('flashpoints', id), wtoFp.id);
    await page.locator('.ag[data-step="0"]').waitFor();
    assert.ok((await toConsultations()).includes(gated.id), 'on: the choice is offered');
    // An unknown flashpoint is a plain notice, and none is on.
    await page.evaluate(() => document.querySelector('agreement-guide').setAttribute('flashpoints', 'no_such_twist'));
    await page.locator('.ag-notice:not([hidden])').waitFor();
    assert.match(await page.locator('.ag-notice').textContent(), /no flashpoint "no_such_twist"; known: good_offices/);
    assert.ok(!(await toConsultations()).includes(gated.id));
    watch.assertClean();
    await page.close();
  });

  test('the printable handout lists every card with its choices, responses and prompts, and every ending', async () => {
    for (const [file, json] of [
      ['us-china-2015.json', US_CHINA],
      ['wto-disputes.json', WTO],
    ]) {
      const page = await browser.newPage();
      const watch = watchPage(page);
      await page.goto(`${server.url}embed.html?seed=1&mode=classroom&src=scenarios/${file}`);
      await ready(page);
      await page.evaluate(() => {
        window.printed = 0;
        window.print = () => (window.printed += 1);
      });
      assert.equal(await page.locator('.ag-handout').isVisible(), false, 'on screen the handout is not shown');
      await page.locator('[data-action="print-handout"]').click();
      assert.equal(await page.evaluate(() => window.printed), 1, 'the print dialog was opened');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('.ag-handout').isVisible(), true, 'in print the handout is shown');
      assert.equal(await page.locator('.ag-body').isVisible(), false, 'and the game is not');
      // Every node, once, start first; every choice and outcome under it; every ending.
      const nodes = await page.locator('.ag-handout-node').evaluateAll((lis) =>
        lis.map((li) => ({
          id: li.dataset.node,
          choices: [...li.querySelectorAll(':scope > ul > li[data-choice]')].map((c) => ({ id: c.dataset.choice, outcomes: [...c.querySelectorAll('[data-outcome]')].map((o) => o.dataset.outcome) })),
          prompt: !!li.querySelector('.ag-prompt'),
        })),
      );
      assert.equal(nodes[0].id, json.meta.start);
      assert.deepEqual(nodes.map((n) => n.id).sort(), json.nodes.map((n) => n.id).sort(), `${file}: every node`);
      for (const n of json.nodes) {
        const shown = nodes.find((x) => x.id === n.id);
        assert.deepEqual(
          shown.choices,
          n.choices.map((c) => ({ id: c.id, outcomes: (c.outcomes ?? []).map((o) => o.id) })),
          `${file}: the choices of ${n.id}`,
        );
        assert.equal(shown.prompt, !!n.prompt, `${file}: the prompt of ${n.id}`);
      }
      const endings = await page.locator('.ag-handout-endings > li').evaluateAll((lis) => lis.map((li) => li.dataset.ending));
      assert.deepEqual(endings, json.endings.map((e) => e.id));
      await page.pdf({ path: path.join(ROOT, 'test-artifacts', `handout-${file.replace('.json', '')}.pdf`) });
      await page.emulateMedia({ media: 'screen' });
      watch.assertClean();
      await page.close();
    }
  });

  test('printing from the browser: a reader gets the card on screen, a class gets the worksheet without the button', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    // Reader mode (the news article): the guide prints as it stands, not as an empty box.
    await page.goto(`${server.url}index.html`);
    await ready(page);
    await choose(page, 'read-on');
    const heading = (await page.locator('[data-focus-target]').textContent()).trim();
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.ag-card').isVisible(), true, 'in print a reader’s card is shown');
    assert.equal((await page.locator('[data-focus-target]').textContent()).trim(), heading);
    for (const action of ['back', 'restart', 'explore']) {
      assert.equal(await page.locator(`[data-action="${action}"]`).isVisible(), false, `no ${action} button on paper`);
    }
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.locator('[data-action="back"]').isVisible(), true, 'the buttons are back on screen');
    // Classroom mode, printed with Ctrl+P or the browser's menu rather than a Print button: the worksheet
    // (tests/e2e/worksheet.test.mjs prints it and counts its pages).
    await page.goto(`${server.url}embed.html?seed=1&mode=classroom`);
    await ready(page);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.ag-body').isVisible(), false, 'the game is not printed in classroom mode');
    assert.equal(await page.locator('.ag-handout').getAttribute('data-print'), 'worksheet');
    assert.equal(await page.locator('.ag-ws-card').count(), US_CHINA.nodes.length, 'every card is on the worksheet\'s map');
    await page.emulateMedia({ media: 'screen' });
    watch.assertClean();
    await page.close();
  });

  test('at the ending a student sees a hand-in code: the run’s share token', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=3&mode=classroom&teams=off`);
    await ready(page);
    // Stay quiet through to the end: the shortest kind of run.
    while (!(await page.locator('[data-ending-id]').count())) {
      const ids = await page.locator('[data-choice-id]:not([aria-disabled])').evaluateAll((bs) => bs.map((b) => b.dataset.choiceId));
      await choose(page, ids.includes('stay-quiet') ? 'stay-quiet' : ids[0]);
    }
    const token = await page.evaluate(() => document.querySelector('agreement-guide').token);
    assert.equal(await page.locator('[data-hand-in]').inputValue(), token);
    assert.equal(await page.locator('label', { hasText: 'Your hand-in code' }).count(), 1);
    // Copy code: to the clipboard, or, where that is refused, selected; the message speaks of a code, not a link.
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.locator('[data-action="copy-code"]').click();
    await page.locator('[data-code-status]', { hasText: /\S/ }).waitFor();
    assert.equal(await page.locator('[data-code-status]').textContent(), 'Code copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.locator('[data-action="copy-code"]').click();
    await page.locator('[data-code-status]', { hasText: 'Code selected' }).waitFor();
    const selected = await page.evaluate(() => {
      const input = document.querySelector('agreement-guide').shadowRoot.querySelector('[data-hand-in]');
      return input.value.slice(input.selectionStart, input.selectionEnd);
    });
    assert.equal(selected, token);
    await assertNoAxeViolations(page, 'the ending in classroom mode, with the hand-in code', watch);
    // Reader mode has no hand-in code.
    await page.goto(`${server.url}embed.html?seed=3#ag=${token}`);
    await ready(page);
    assert.equal(await page.locator('[data-hand-in]').count(), 0);
    watch.assertClean();
    await page.close();
  });

  test('classroom.html tallies a class’s codes exactly, names a corrupted one by its line, and has no axe violations', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}classroom.html`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    // A class of 12: random runs made by the core in the page, and what each reached, read from its own view.
    const cls = await page.evaluate(async () => {
      const m = await import('/pkg/agreement_guide.js');
      const g = m.Guide.load(await (await fetch('/scenarios/us-china-2015.json')).text(), 0);
      const runs = [];
      for (let seed = 1; seed <= 12; seed++) {
        g.restart(seed);
        let k = seed;
        while (!g.view('en').ending) {
          const ids = g.view('en').choices.filter((c) => c.enabled).map((c) => c.id);
          k = (k * 1103515245 + 12345) >>> 0;
          g.choose(ids[(k >>> 8) % ids.length]);
          if (seed === 12 && g.view('en').step === 6) break; // one student did not finish
        }
        const v = g.view('en');
        runs.push({ token: v.token, ending: v.ending?.id ?? null, history: v.history.map((h) => [h.node, h.choice]) });
      }
      g.free();
      return { runs };
    });
    const codes = cls.runs.map((r) => r.token);
    const corrupted = codes[4].slice(0, -3) + (codes[4].endsWith('000') ? '111' : '000');
    const lines = [...codes.slice(0, 4), corrupted, '', ...codes.slice(4), 'not a code at all'];
    await page.locator('#codes').fill(lines.join('\n'));
    await page.locator('button[type="submit"]').click();
    await page.locator('#results:not([hidden])').waitFor();

    const expectedEndings = {};
    for (const e of US_CHINA.endings) expectedEndings[e.id] = 0;
    const expectedChoices = {};
    for (const r of cls.runs) {
      if (r.ending) expectedEndings[r.ending] += 1;
      for (const [node, choice] of r.history) expectedChoices[`${node}/${choice}`] = (expectedChoices[`${node}/${choice}`] ?? 0) + 1;
    }
    const finished = cls.runs.filter((r) => r.ending).length;
    assert.equal(await page.locator('[data-summary]').textContent(), `12 codes counted, ${finished} reached an ending, 2 skipped.`);
    const shownEndings = await page.locator('[data-table="endings"] tbody tr').evaluateAll((rows) => Object.fromEntries(rows.map((r) => [r.dataset.ending, Number(r.querySelector('td').dataset.count)])));
    assert.deepEqual(shownEndings, expectedEndings);
    const shownChoices = await page.locator('.classroom-step').evaluateAll((steps) =>
      Object.fromEntries(steps.flatMap((s) => [...s.querySelectorAll('tbody tr')].filter((r) => Number(r.querySelector('td').dataset.count) > 0).map((r) => [`${s.dataset.node}/${r.dataset.choice}`, Number(r.querySelector('td').dataset.count)]))),
    );
    assert.deepEqual(shownChoices, expectedChoices);
    // The bad ones are named by their line and skipped.
    const rejected = await page.locator('.classroom-rejected li').evaluateAll((lis) => lis.map((li) => [Number(li.dataset.line), li.textContent]));
    assert.deepEqual(rejected.map(([l]) => l), [5, lines.length]);
    assert.match(rejected[0][1], /checksum/);
    assert.match(rejected[1][1], /not a saved guide/);
    await screenshot(page, 'classroom-summary');
    await assertNoAxeViolations(page, 'classroom.html with a tally', watch);
    watch.assertClean();
    await page.close();
  });

  test('a code handed in from team play with a twist switched on is tallied as the run the class played', async () => {
    // What a class really hands in: classroom mode's defaults (team play) plus a teacher's flashpoint.
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=4&mode=classroom&flashpoints=new_intrusion`);
    await ready(page);
    const picked = [];
    while (!(await page.locator('[data-hand-in]').count())) {
      const before = await step(page);
      const choice = await page.locator('[data-choice-id]:not([aria-disabled])').first().getAttribute('data-choice-id');
      await page.locator(`[data-choice-id="${choice}"]`).click();
      await page.locator(`.ag[data-step="${before + 1}"], [data-outcome-id]`).first().waitFor();
      if (await page.locator('[data-outcome-id]').count()) {
        const outcome = await page.locator('[data-outcome-id]').last().getAttribute('data-outcome-id');
        picked.push(outcome);
        await pickResponse(page, outcome);
      }
    }
    assert.ok(picked.length > 0, 'the China team picked at least one response');
    const code = await page.locator('[data-hand-in]').inputValue();
    const ending = await page.locator('[data-ending-id]').getAttribute('data-ending-id');
    const history = await page.locator('.ag-trail-list li').evaluateAll((lis) => lis.map((li) => li.dataset.node));

    await page.goto(`${server.url}classroom.html`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await page.locator('#codes').fill(`${code}\n${code}\n`);
    await page.locator('button[type="submit"]').click();
    await page.locator('#results:not([hidden])').waitFor();
    assert.equal(await page.locator('[data-summary]').textContent(), '2 codes counted, 2 reached an ending, 0 skipped.');
    assert.equal(await page.locator(`[data-table="endings"] tr[data-ending="${ending}"] td`).first().getAttribute('data-count'), '2');
    const steps = await page.locator('.classroom-step').evaluateAll((ss) => ss.map((s) => s.dataset.node));
    for (const node of new Set(history)) assert.ok(steps.includes(node), `the step ${node} is tallied`);
    watch.assertClean();
    await page.close();
  });

  test('axe-core finds no violations on a classroom card with its prompt and turn', async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}embed.html?seed=3&mode=classroom&flashpoints=new_intrusion`);
    await ready(page);
    for (const id of TO_US_DECIDE) await choose(page, id);
    await page.locator('[data-action="explore"]').click();
    await page.locator('[data-explore="map-steps"] li').first().waitFor();
    await assertNoAxeViolations(page, 'a classroom card with the Explore panel open', watch);
    watch.assertClean();
    await page.close();
  });
});
