// Every relative link in the project's Markdown (README, CHANGELOG, docs/,
// the npm package's README) resolves inside the repository: the file exists
// and, for `#anchor`, so does the heading (GitHub's slugs). Links to the web
// are not fetched (no network in tests). No browser; well under a second.
//
//   node --test tests/e2e/docs-links.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.mjs';

const FILES = ['README.md', 'CHANGELOG.md', 'npm/README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Markdown without fenced code blocks and inline code (their brackets are not links). */
function prose(text) {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for each heading of a Markdown file. */
function anchors(file) {
  const seen = new Map();
  const out = new Set();
  for (const m of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  // Backticks were dropped from headings' text by prose(); read them again with the code kept.
  for (const m of readFileSync(file, 'utf8').matchAll(/^#{1,6}\s+(.+?)\s*$/gm)) {
    out.add(m[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

test('every relative link in the Markdown resolves inside the repository', () => {
  const problems = [];
  let checked = 0;
  for (const rel of FILES) {
    const file = path.join(ROOT, rel);
    for (const m of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, data:
      checked++;
      const [where, anchor] = target.split('#');
      const resolved = where ? path.resolve(path.dirname(file), decodeURIComponent(where)) : file;
      if (!resolved.startsWith(ROOT + path.sep)) {
        problems.push(`${rel}: ${target} leaves the repository`);
        continue;
      }
      if (!existsSync(resolved)) {
        problems.push(`${rel}: ${target} — no such file`);
        continue;
      }
      if (anchor && resolved.endsWith('.md') && statSync(resolved).isFile() && !anchors(resolved).has(anchor.toLowerCase())) {
        problems.push(`${rel}: ${target} — no heading with that anchor in ${path.relative(ROOT, resolved)}`);
      }
    }
  }
  assert.ok(checked > 20, `found the links (${checked})`);
  assert.deepEqual(problems, []);
});
