// Every relative link in the project's Markdown (README, CHANGELOG, docs/,
// the npm package's README) resolves inside the repository: the file exists
// and, for `#anchor`, so does the heading (GitHub's slugs). Links to the web
// are not fetched (no network in tests). And the README's Layout section
// matches the tree: every path it names is there (or is a file the build
// writes, as .gitignore lists them), and every file and folder directly under
// the source folders is named in it. No browser; well under a second.
//
//   node --test tests/e2e/docs-links.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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

// ---- The README's Layout section ----

/** The README's "## Layout" section (with its subsections), and the fenced tree inside it. */
function layout() {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.match(/^## Layout\n([\s\S]*?)(?=^## |(?![\s\S]))/m)?.[1] ?? '';
  const tree = section.match(/^```\n([\s\S]*?)^```$/m)?.[1] ?? '';
  return { section, tree };
}

/** Does a repository path exist, or is it one the build writes (a `/…` line of .gitignore)? */
function present(rel) {
  const clean = rel.replace(/\/+$/, '');
  if (existsSync(path.join(ROOT, clean))) return true;
  return readFileSync(path.join(ROOT, '.gitignore'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('/'))
    .map((line) => new RegExp(`^${line.slice(1).replace(/\/$/, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`))
    .some((re) => re.test(clean));
}

/**
 * The tree's entries: each top-level one (`src/`, `src/wasm.rs`, `.ci/run`) with the text of its
 * lines, its indented entries (`model/` under `src/`), and each line with the folder its names
 * are relative to (`src/model/` for the lines under `model/`).
 */
function entries(tree) {
  const out = [];
  for (const line of tree.split('\n')) {
    const top = line.match(/^(\S+)(\s|$)/);
    if (top) {
      const base = top[1].endsWith('/') ? top[1] : `${path.posix.dirname(top[1])}/`;
      out.push({ path: top[1], base, text: line, subs: [], lines: [{ base, text: line }] });
    } else if (out.length) {
      const entry = out.at(-1);
      entry.text += `\n${line}`;
      const sub = line.match(/^ {2}(\S+)\s/);
      if (sub) entry.subs.push(sub[1]);
      const base = sub ? entry.base + (sub[1].endsWith('/') ? sub[1] : '') : (entry.lines.at(-1)?.base ?? entry.base);
      entry.lines.push({ base, text: line });
    }
  }
  return out;
}

const ROOTS = ['src', 'www', 'scripts', 'tests', 'npm', 'templates', 'docs', 'bench', 'benches', 'fuzz', 'scenarios'];

test("every path the README's Layout names exists (or the build writes it)", () => {
  const { section, tree } = layout();
  assert.ok(tree.length > 1000, 'found the Layout tree');
  const problems = [];
  let checked = 0;
  const check = (rel, where) => {
    checked++;
    if (!present(rel)) problems.push(`${where}: ${rel} — no such file or folder`);
  };
  for (const entry of entries(tree)) {
    check(entry.path, 'an entry of the tree');
    for (const sub of entry.subs) check(entry.base + sub, `an entry under ${entry.path}`);
    // Paths in the entry's description: from the repository's root when they start
    // with one of its folders, else from the folder of the (indented) entry they describe
    // (or the root, for pkg-npm/). `author.html/.js/.css` is shorthand, not a path; a glob
    // ends the path before it.
    for (const { base, text } of entry.lines) {
      for (const m of text.replace(/^ {2}\S+/, '').matchAll(/(?<![\w./-])(?:[\w-][\w.-]*\/)+(?:[\w-][\w.-]*)?(?![.\w(])/g)) {
        const token = m[0];
        if (token === entry.path) continue;
        if (ROOTS.includes(token.split('/')[0]) || present(token)) check(token, `the description of ${entry.path}`);
        else check(base + token, `the description of ${entry.path}`);
      }
    }
  }
  // Backticked repository paths in the section's prose (the tree has no backticks).
  for (const m of section.replace(/^```[\s\S]*?^```$/gm, '').matchAll(/`([^`\s]+)`/g)) {
    if (ROOTS.includes(m[1].split('/')[0]) && m[1].includes('/') && !/[<*…]/.test(m[1])) check(m[1], 'the Layout section');
  }
  assert.ok(checked > 40, `checked the Layout's paths (${checked})`);
  assert.deepEqual(problems, []);
});

test("every file and folder directly under the source folders is in the README's Layout", () => {
  const { tree } = layout();
  const all = entries(tree);
  const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  const missing = [];
  for (const folder of ['www', 'src', 'scripts', 'tests', 'npm', 'templates', 'docs']) {
    const children = new Set(tracked.filter((f) => f.startsWith(`${folder}/`)).map((f) => f.split('/')[1]));
    // The entries that speak for this folder: itself and the ones inside it.
    const text = all.filter((e) => e.path === `${folder}/` || e.path.startsWith(`${folder}/`)).map((e) => `${e.path} ${e.text}`).join('\n')
      // author.html/.js/.css → author.html author.js author.css; a{,-b}.js → a.js a-b.js
      .replace(/([\w-]+)\.(\w+)((?:\/\.\w+)+)/g, (_, name, ext, more) => [ext, ...more.split('/.').slice(1)].map((e) => `${name}.${e}`).join(' '))
      .replace(/([\w-]+)\{([^}]*)\}([\w.-]*)/g, (_, a, alts, b) => alts.split(',').map((x) => a + x + b).join(' '));
    const globs = [...text.matchAll(/[\w.-]*\*[\w.*-]*/g)].map((m) => new RegExp(`^${m[0].replace(/\./g, '\\.').replace(/\*/g, '[^/]*')}$`));
    for (const child of children) {
      const named = new RegExp(`(^|[^\\w.-])${child.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(text);
      if (!named && !globs.some((g) => g.test(child))) missing.push(`${folder}/${child}`);
    }
  }
  assert.deepEqual(missing, [], 'add these to the README\'s Layout');
});
