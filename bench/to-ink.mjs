// Ports a scenario (scenarios/<id>.json) to ink, for the side-by-side
// benchmark against inkjs (`npm run bench`, docs/performance.md).
//
//   node bench/to-ink.mjs [scenario.json] [--lang en] [--out bench/ink/<id>.ink] [--compile DIR]
//
// Writes the .ink source and, with --compile, the story compiled by the
// compiler that ships in npm `inkjs` (inkjs/full) to DIR/<id>.ink.json.
//
// What maps how:
//   node            → knot; `effects` on arrival → `~` lines at the top; actor and
//                     sources → tags; heading → first line; body → one line per paragraph
//   choice          → sticky choice `+ {when} [label]`, its effects, then the divert
//   `next` routes   → a multi-line conditional `{ - cond: -> a - else: -> b }`
//   weighted outcomes → weights into temps, r = FLOAT(RANDOM(0, 999999)) / 1000000 × total,
//                     then the first outcome whose running sum exceeds r
//                     (the story seed is ink's own: `story.state.storySeed`)
//   meters          → number VARs, every division through FLOAT() (so `trust / 250`
//                     divides like the core, in f64, not as ints); clamped to [min, max] after every change by clampv()
//   flags           → bool VARs; expressions: && || ! → and or not,
//                     `c ? a : b` → ite(c, a, b), min/max/clamp → MIN/MAX/clampv
//   ending          → knot with verdict, summary, "in reality" and sources, then END
//   sources         → one function per source printing its citation; a card's
//                     sources line calls them
//
// What ink cannot express (and the port therefore leaves out):
//   - a choice whose `when` fails is hidden, not shown disabled with its `unmet`
//     reason (ink has no disabled choices);
//   - text is plain: **strong**, *emphasis* and [links](…) lose their markup,
//     [^key] citations become "[n]" and a paragraph's [!game] / [!model] marker
//     becomes "(Game event)" / "(Model assumption)" (ink has no rich-text model;
//     a front end would have to invent one);
//   - one language per compiled story (ink's usual localisation is one story per
//     language); this port is --lang's text only;
//   - strategies, exact odds, Monte Carlo, the model check, the mechanism map,
//     tallies and checksummed share tokens have no ink counterpart (ink's
//     state.ToJson() saves a run, but as a several-kilobyte JSON blob).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ─── expressions: the core's grammar (src/model/expr.rs) → ink ───────────

function lex(src) {
  const toks = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(<=|>=|==|!=|&&|\|\||[-+*/<>!?:(),]))/y;
  let m;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    if (/^\s*$/.test(src.slice(at))) break;
    m = re.exec(src);
    if (!m) throw new Error(`cannot read expression "${src}" at ${at + 1}`);
    toks.push(m[1] ? { num: Number(m[1]) } : m[2] ? { id: m[2] } : { sym: m[3] });
  }
  return toks;
}

/** Parses an expression into a tree with the core's precedence. */
function parseExpr(src) {
  const t = lex(String(src));
  let i = 0;
  const eat = (s) => (t[i]?.sym === s ? (i++, true) : false);
  const expect = (s) => {
    if (!eat(s)) throw new Error(`expected "${s}" in "${src}"`);
  };
  const ternary = () => {
    const c = or();
    if (eat('?')) {
      const a = ternary();
      expect(':');
      return { op: '?', args: [c, a, ternary()] };
    }
    return c;
  };
  const binary = (next, ops) => () => {
    let l = next();
    for (;;) {
      const s = t[i]?.sym;
      if (!ops.includes(s)) return l;
      i++;
      l = { op: s, args: [l, next()] };
    }
  };
  const unary = () => {
    if (eat('!')) return { op: '!', args: [unary()] };
    if (eat('-')) return { op: 'neg', args: [unary()] };
    return primary();
  };
  const mul = binary(unary, ['*', '/']);
  const add = binary(mul, ['+', '-']);
  const cmp = binary(add, ['<=', '>=', '==', '!=', '<', '>']);
  const and = binary(cmp, ['&&']);
  const or = binary(and, ['||']);
  const primary = () => {
    const tok = t[i++];
    if (!tok) throw new Error(`"${src}" ended early`);
    if ('num' in tok) return { num: tok.num };
    if (tok.sym === '(') {
      const e = ternary();
      expect(')');
      return e;
    }
    if (tok.id === 'true' || tok.id === 'false') return { bool: tok.id === 'true' };
    if (tok.id && eat('(')) {
      const args = [ternary()];
      while (eat(',')) args.push(ternary());
      expect(')');
      return { op: tok.id, args };
    }
    if (tok.id) return { id: tok.id };
    throw new Error(`unexpected "${tok.sym}" in "${src}"`);
  };
  const e = ternary();
  if (i !== t.length) throw new Error(`trailing input in "${src}"`);
  return e;
}

/** A number literal (divisions go through FLOAT(), see inkExpr). */
const float = (n) => String(n);

const INK_OP = { '&&': 'and', '||': 'or', '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '+': '+', '-': '-', '*': '*', '/': '/' };

function inkExpr(e, vars) {
  if ('num' in e) return float(e.num);
  if ('bool' in e) return e.bool ? 'true' : 'false';
  if ('id' in e) {
    if (!vars.has(e.id)) throw new Error(`unknown variable "${e.id}"`);
    return e.id;
  }
  const a = e.args.map((x) => inkExpr(x, vars));
  switch (e.op) {
    case '?': return `ite(${a[0]}, ${a[1]}, ${a[2]})`;
    case '!': return `(not ${a[0]})`;
    case 'neg': return `(0 - ${a[0]})`;
    case 'min': return `MIN(${a[0]}, ${a[1]})`;
    case 'max': return `MAX(${a[0]}, ${a[1]})`;
    case 'clamp': return `clampv(${a[0]}, ${a[1]}, ${a[2]})`;
    // FLOAT(): inkjs writes 25.0 as 25 in the compiled JSON, which ink then
    // reads as an int, so `trust / 250` would divide as integers.
    case '/': return 'num' in e.args[1] && e.args[1].num !== 0 ? `(FLOAT(${a[0]}) / ${a[1]})` : `safediv(${a[0]}, ${a[1]})`;
    default:
      if (!INK_OP[e.op]) throw new Error(`no ink for "${e.op}"`);
      return `(${a[0]} ${INK_OP[e.op]} ${a[1]})`;
  }
}

/** One expression of the scenario format as ink, over the given variable ids. */
export const inkExpression = (src, ids) => inkExpr(parseExpr(src), new Set(ids));

/** A number, boolean or expression string from the scenario → ink. */
function value(v, vars) {
  if (typeof v === 'number') return float(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return inkExpr(parseExpr(v), vars);
}

// ─── text ───────────────────────────────────────────────────────────────────

/** Characters ink reads as syntax anywhere in a line of content. */
const escapeInk = (s) => s.replace(/[\\{}|[\]#<>~*+=/-]/g, (c) => `\\${c}`);

export function converter(scenario, lang) {
  const pick = (text) => (text == null ? '' : typeof text === 'string' ? text : text[lang] ?? text[scenario.meta.default_language] ?? '');
  const sourceKeys = Object.keys(scenario.meta.sources ?? {});
  const sourceVar = (key) => `src_${key.replace(/[^A-Za-z0-9]/g, '_')}`;
  const citation = (key) => `[${sourceKeys.indexOf(key) + 1}]`;
  // Paragraphs of plain text: markup dropped, citations numbered.
  const paragraphs = (text) =>
    pick(text)
      .split(/\n\s*\n/)
      .map((p) =>
        p
          .replace(/^\s*\[!(game|model)\]\s*/, (_, m) => (m === 'game' ? '(Game event) ' : '(Model assumption) '))
          .replace(/\[\^([^\]]+)\]/g, (_, k) => citation(k))
          .replace(/\[([^\]]+)\]\((https:[^)]+)\)/g, '$1')
          .replace(/\*\*([^*]+)\*\*/g, '$1')
          .replace(/\*([^*]+)\*/g, '$1')
          .replace(/\\([*[\\])/g, '$1')
          .replace(/\s*\n\s*/g, ' ')
          .trim(),
      )
      .filter(Boolean)
      .map(escapeInk);
  return { pick, paragraphs, sourceVar, citation };
}

/** The whole scenario as ink source text. */
export function toInk(scenario, { lang = scenario.meta.default_language } = {}) {
  const { pick, paragraphs, sourceVar, citation } = converter(scenario, lang);
  const vars = new Map(scenario.variables.map((v) => [v.id, v]));
  // Flashpoints (teacher-switched twists) are off in the port, as in the widget by default:
  // each is a flag that stays false; expressions may read it, and a choice that needs it is never offered.
  const flashpoints = scenario.flashpoints ?? [];
  for (const f of flashpoints) vars.set(f.id, { id: f.id, kind: 'flag' });
  const endings = new Set(scenario.endings.map((e) => e.id));
  // Knots share ink's one namespace with VARs: prefix them.
  const knot = (id) => `${endings.has(id) ? 'end' : 'n'}_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
  const out = [];
  const line = (indent, s) => out.push('  '.repeat(indent) + s);

  line(0, `// Generated by bench/to-ink.mjs from scenarios/${scenario.meta.id}.json (language: ${lang}).`);
  line(0, '// Do not edit: change the scenario and run `npm run bench` (or the script) again.');
  line(0, `# title: ${escapeInk(pick(scenario.meta.title))}`);
  for (const v of scenario.variables) if (v.shown !== false) line(0, `# meter: ${v.id}: ${escapeInk(pick(v.label))}`);
  line(0, '');
  for (const v of scenario.variables) {
    line(0, v.kind === 'flag' ? `VAR ${v.id} = ${v.start ? 'true' : 'false'}` : `VAR ${v.id} = ${float(v.start)}`);
  }
  for (const f of flashpoints) line(0, `VAR ${f.id} = false // flashpoint, off`);
  line(0, '');
  line(0, `-> ${knot(scenario.meta.start)}`);
  line(0, '');

  const effects = (indent, eff) => {
    if (!eff) return;
    for (const [kind, entries] of [['set', eff.set], ['add', eff.add], ['clamp', eff.clamp]]) {
      for (const [id, v] of Object.entries(entries ?? {})) {
        const d = vars.get(id);
        if (!d) throw new Error(`effect on unknown variable "${id}"`);
        if (d.kind === 'flag') {
          const x = kind === 'add' ? `(${id} + ${value(v, vars)})` : value(v, vars);
          line(indent, typeof v === 'boolean' ? `~ ${id} = ${x}` : `~ ${id} = (${x} != 0)`);
        } else if (kind === 'clamp') {
          line(indent, `~ ${id} = clampv(${id}, ${float(Math.max(v[0], d.min))}, ${float(Math.min(v[1], d.max))})`);
        } else {
          const x = kind === 'add' ? `${id} + ${value(v, vars)}` : value(v, vars);
          line(indent, `~ ${id} = clampv(${x}, ${float(d.min)}, ${float(d.max)})`);
        }
      }
    }
  };
  const divert = (id) => `-> ${knot(id)}`;
  const next = (indent, to) => {
    if (typeof to === 'string') return line(indent, divert(to));
    line(indent, '{');
    for (const r of to) {
      line(indent, r.when ? `- ${value(r.when, vars)}:` : '- else:');
      line(indent + 1, divert(r.to));
    }
    line(indent, '}');
  };
  const sourcesLine = (indent, keys) => {
    if (keys?.length) line(indent, `Sources: ${keys.map((k) => `${escapeInk(citation(k))} {${sourceVar(k)}()}`).join('; ')}`);
  };

  for (const node of scenario.nodes) {
    line(0, `=== ${knot(node.id)} ===`);
    effects(0, node.effects);
    line(0, `# actor: ${node.actor}`);
    line(0, `${escapeInk(pick(node.heading))} # heading`);
    for (const p of paragraphs(node.body)) line(0, p);
    sourcesLine(0, node.sources);
    for (const [ci, c] of node.choices.entries()) {
      const conditions = [c.flashpoint, c.when && value(c.when, vars)].filter(Boolean);
      line(0, `+ ${conditions.length ? `{${conditions.join(' and ')}} ` : ''}[${escapeInk(pick(c.label))}]`);
      effects(1, c.effects);
      if (c.outcomes) {
        const ws = c.outcomes.map((o, i) => `c${ci}w${i}`);
        const [total, r] = [`c${ci}total`, `c${ci}r`];
        c.outcomes.forEach((o, i) => line(1, `~ temp ${ws[i]} = MAX(0, ${value(o.weight, vars)})`));
        line(1, `~ temp ${total} = ${ws.join(' + ')}`);
        line(1, `~ temp ${r} = FLOAT(RANDOM(0, 999999)) / 1000000 * ${total}`);
        line(1, '{');
        c.outcomes.forEach((o, i) => {
          const isLast = i === c.outcomes.length - 1;
          line(1, isLast ? '- else:' : `- ${r} < ${ws.slice(0, i + 1).join(' + ')}:`);
          line(2, `${escapeInk(pick(o.label))} ({INT(100 * FLOAT(${ws[i]}) / ${total} + 0.5)}%) # outcome # actor: ${o.actor ?? node.actor}`);
          for (const p of paragraphs(o.text)) line(2, p);
          sourcesLine(2, o.sources);
          effects(2, o.effects);
          next(2, o.next);
        });
        line(1, '}');
      } else {
        next(1, c.next);
      }
    }
    line(0, '');
  }
  for (const e of scenario.endings) {
    line(0, `=== ${knot(e.id)} ===`);
    line(0, `${escapeInk(pick(e.verdict))} # heading # ending`);
    for (const p of paragraphs(e.summary)) line(0, p);
    line(0, 'In reality # reality');
    for (const p of paragraphs(e.reality)) line(0, p);
    sourcesLine(0, e.sources);
    line(0, '-> END');
    line(0, '');
  }

  line(0, '// ─── sources: one function each, printing the citation ───');
  for (const [key, s] of Object.entries(scenario.meta.sources ?? {})) {
    line(0, `=== function ${sourceVar(key)}`);
    line(0, escapeInk(`${pick(s.citation)}${s.url ? ` ${s.url}` : ''}`));
    line(0, '');
  }
  line(0, '// ─── helpers ───');
  line(0, '=== function clampv(x, lo, hi)');
  line(0, '~ return MIN(MAX(x, lo), hi)');
  line(0, '');
  line(0, '=== function ite(c, a, b)');
  line(0, '{ c:');
  line(1, '~ return a');
  line(0, '- else:');
  line(1, '~ return b');
  line(0, '}');
  line(0, '');
  line(0, '// Division by zero gives 0, as in the core.');
  line(0, '=== function safediv(a, b)');
  line(0, '{ b == 0:');
  line(1, '~ return 0');
  line(0, '}');
  line(0, '~ return FLOAT(a) / b');
  return out.join('\n') + '\n';
}

/** Compiles ink source with inkjs's own compiler; throws with its errors. */
export async function compileInk(source) {
  const { Compiler } = await import('inkjs/full');
  const compiler = new Compiler(source);
  let story;
  try {
    story = compiler.Compile();
  } catch (e) {
    const errs = compiler.errors?.length ? compiler.errors.join('\n') : String(e);
    throw new Error(`ink did not compile:\n${errs}`);
  }
  if (compiler.errors?.length) throw new Error(`ink did not compile:\n${compiler.errors.join('\n')}`);
  return story.ToJson();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const [v] = args.splice(i, 2).slice(1);
    return v;
  };
  const lang = opt('--lang', undefined);
  const outArg = opt('--out', undefined);
  const compileDir = opt('--compile', undefined);
  const file = args[0] ?? path.join(ROOT, 'scenarios/us-china-2015.json');
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  const ink = toInk(scenario, { lang: lang ?? scenario.meta.default_language });
  const out = outArg ?? path.join(ROOT, 'bench/ink', `${scenario.meta.id}.ink`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, ink);
  console.log(`wrote ${path.relative(ROOT, out)} (${ink.length} bytes)`);
  if (compileDir) {
    const json = await compileInk(ink);
    mkdirSync(compileDir, { recursive: true });
    const dest = path.join(compileDir, `${scenario.meta.id}.ink.json`);
    writeFileSync(dest, json);
    console.log(`compiled ${path.relative(ROOT, dest)} (${json.length} bytes)`);
  }
}
