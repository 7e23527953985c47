// Writes www/agreement-guide-card.css, the pre-rendered card's stylesheet
// (scripts/build.sh runs it; scripts/npm-package.mjs ships the result):
//
//   node scripts/card-css.mjs
//
// Its rules are www/element/card.css; in front of them goes one rule setting
// the tokens those rules use (--_font, --_space, --_border, …), copied
// declaration for declaration from the :host rule of www/element/agreement-guide.css.
// So the card and the live widget read the same --ag-* properties with the
// same defaults from one place, and a token the card uses that the element
// does not define stops the build.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CARD_CSS = path.join(ROOT, 'www/agreement-guide-card.css');

/** The `--_name: value` declarations of the first `:host {…}` rule in the element's stylesheet. */
export function hostTokens(elementCss = readFileSync(path.join(ROOT, 'www/element/agreement-guide.css'), 'utf8')) {
  const rule = elementCss.match(/^:host \{([^}]*)\}/m);
  if (!rule) throw new Error('www/element/agreement-guide.css has no ":host {" rule at the start of a line');
  const tokens = new Map();
  for (const m of rule[1].replace(/\/\*[^]*?\*\//g, '').matchAll(/(--_[\w-]+)\s*:\s*([^;]+);/g)) tokens.set(m[1], m[2].trim());
  return tokens;
}

/** The card's stylesheet: the token rule, then the rules of www/element/card.css. */
export function cardCss(source = readFileSync(path.join(ROOT, 'www/element/card.css'), 'utf8'), tokens = hostTokens()) {
  const used = [...new Set([...source.matchAll(/var\((--_[\w-]+)/g)].map((m) => m[1]))];
  const need = [];
  // A token may name another (--_prompt uses --_actor-3): take those too.
  for (let i = 0; i < used.length; i++) {
    const value = tokens.get(used[i]);
    if (value === undefined) throw new Error(`www/element/card.css uses ${used[i]}, which the :host rule of www/element/agreement-guide.css does not set`);
    need.push(used[i]);
    for (const m of value.matchAll(/var\((--_[\w-]+)/g)) if (!used.includes(m[1])) used.push(m[1]);
  }
  const order = [...tokens.keys()].filter((t) => need.includes(t));
  const block = order.map((t) => `  ${t}: ${tokens.get(t)};`).join('\n');
  const comment = source.match(/^\/\*[^]*?\*\/\s*/)?.[0] ?? '';
  return `${comment}/* Tokens: from the :host rule of agreement-guide.css (written by scripts/card-css.mjs). */
.ag-prerender,
agreement-guide:not(:defined) {
${block}
}

${source.slice(comment.length)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const css = cardCss();
  writeFileSync(CARD_CSS, css);
  console.log(`  ${path.relative(ROOT, CARD_CSS)}: ${Buffer.byteLength(css)} B`);
}
