// <agreement-guide>: an interactive, cited guide to a real agreement.
//
//   <script type="module" src="agreement-guide.js"></script>
//   <agreement-guide src="scenarios/us-china-2015.json" lang="en" seed="42"></agreement-guide>
//
// The element renders what the Rust core (www/pkg/, compiled to WebAssembly)
// says and holds no rules of its own: it asks the core for a view, draws it,
// sends the reader's choice back by id and draws the next view. Conditions,
// odds, meter arithmetic and the save format all live in Rust.
//
// Scenario text reaches the DOM only as text nodes and `textContent`.

import { carriedManifest, takeover } from './agreement-guide-prerender.js'; // prerender: the first card in the page's HTML

/**
 * Where the widget's own files are: beside this script, unless the page set
 * `globalThis.AGREEMENT_GUIDE_ASSETS = { core, wasm, css, … }` (name → URL)
 * before loading it — the single-file offline bundle does, with data: URLs.
 * Modules loaded on demand (e.g. `explore`) are found the same way.
 */
export function assetUrl(name, relative) {
  const given = globalThis.AGREEMENT_GUIDE_ASSETS?.[name];
  return given ? String(given) : new URL(relative, import.meta.url).href;
}

const MODULE_URL = assetUrl('core', './pkg/agreement_guide.js');
const WASM_URL = assetUrl('wasm', './pkg/agreement_guide_bg.wasm');
// The reader runtime: plays a compiled guide (step, view, token) and nothing more; the full engine above
// is fetched only when something needs it (a JSON guide, Explore, classroom mode). Its URLs are found
// when first needed: the offline bundle (a data: module, which nothing resolves against) has no reader.
const READER_MODULE_URL = () => assetUrl('reader', './pkg-reader/agreement_guide_reader.js');
const READER_WASM_URL = () => assetUrl('readerWasm', './pkg-reader/agreement_guide_reader_bg.wasm');
const STYLESHEET_URL = assetUrl('css', './agreement-guide.css');
// A script loaded from a data: URL (the offline bundle) has no base to resolve against: no default then.
const DEFAULT_SRC = (() => {
  try {
    return new URL('./scenarios/us-china-2015.compiled.json', import.meta.url).href;
  } catch {
    return '';
  }
})();

const FRAGMENT_URL = assetUrl('fragment', './agreement-guide-fragment.js');

/**
 * The key of the first guide on a page (and of every old link): its share
 * token rides in the page URL as `#ag=<token>`. Other guides on the page use
 * their guide's id (see `hashKey`).
 */
const FIRST_KEY = 'ag';

/** Set once per page, when the first card is on screen (read by scripts/bench.mjs). */
const FIRST_CARD_MARK = 'agreement-guide:first-card';
let firstCardMarked = false;

/**
 * UI strings by language, then by string id. Scenario text comes from the
 * core in the reader's language; these are the widget's own words. A new
 * language is one more table with the same ids; a missing id falls back to
 * `en`. `{name}` is a placeholder.
 */
export const STRINGS = {
  en: {
    kicker: 'Interactive guide',
    loading: 'Loading the guide…',
    'actor.us': 'United States',
    'actor.china': 'China',
    'actor.both': 'Both governments',
    'actor.narrator': 'Narrator',
    yourMove: 'Your move',
    chance: 'Result drawn by chance',
    unavailable: 'Not available: {reason}',
    youChose: 'You chose: {choice}',
    likelyGiven: '{p} likely given {factors}',
    likely: '{p} likely',
    modelAssumption: 'model assumption',
    cardSources: 'Sources:',
    discussion: 'For discussion',
    back: 'Back one step',
    restart: 'Start over',
    playAgain: 'Play again',
    dashboard: 'Where things stand',
    dashboardNote: 'Model assumptions, not data',
    up: 'up {n}',
    down: 'down {n}',
    flagOn: 'switched on',
    flagOff: 'switched off',
    yes: 'Yes',
    no: 'No',
    aboutNumbers: 'About these numbers (model assumptions)',
    trail: 'Your path',
    trailEmpty: 'No steps yet. Your choices will be listed here.',
    trailOutcome: '{outcome} ({p})',
    sources: 'Sources',
    citeLabel: 'Source {n}',
    markerGame: 'Game event',
    markerModel: 'Model assumption',
    backToText: 'Back to the text',
    newTab: '(opens in a new tab)',
    verdict: 'The verdict',
    inReality: 'In reality',
    share: 'Share this run',
    shareHint: 'Anyone who opens this link sees exactly the run you played.',
    copy: 'Copy link',
    copied: 'Link copied.',
    copyManually: 'Link selected: press Ctrl+C (⌘C on a Mac) to copy it.',
    codeCopied: 'Code copied.',
    codeCopyManually: 'Code selected: press Ctrl+C (⌘C on a Mac) to copy it.',
    wentBack: 'Went back one step. {heading}',
    restarted: 'Started over. {heading}',
    badLink: 'This shared link could not be opened: {message}. Starting fresh.',
    errorTitle: 'This guide could not be opened',
    'errorInvalid.one': 'The guide file at {src} has 1 problem that must be fixed:',
    'errorInvalid.other': 'The guide file at {src} has {count} problems that must be fixed:',
    errorHttp: 'The guide file at {src} could not be loaded: the server answered {status}.',
    errorNetwork: 'The guide file at {src} could not be reached ({message}).',
    errorTimeout: 'The guide file at {src} did not arrive within {seconds} seconds. Check the connection, then reload the page.',
    errorOrigin: 'Only guides from this site can be opened here; {src} is on another site.',
    'inlineInvalid.one': 'The guide inside this page has 1 problem that must be fixed:',
    'inlineInvalid.other': 'The guide inside this page has {count} problems that must be fixed:',
    errorEngine: 'The guide’s engine could not start ({message}).',
    fallback: 'The interactive part of this guide could not start: {reason}.',
    noWasm: 'this browser has WebAssembly switched off',
    wasmBlocked: 'this page’s security policy does not allow WebAssembly',
    errorOther: 'Something went wrong while opening the guide: {message}',
    errorCompiled: 'The guide file at {src} could not be read ({message}). It may be damaged or cut short; build the guide again.',
    errorLanguage: 'This language could not be loaded ({message}).',
    errorManifestOrigin: 'The compiled guide at {src} names a file on another site, so it is not opened.',
    errorAnnounce: 'The guide could not be opened.',
    language: 'Language',
    parenthetical: '({text})',
    // Explore panel (agreement-guide-explore.js)
    explore: 'Explore the odds and the map',
    exploreHide: 'Hide the odds and the map',
    exploreLoading: 'Loading…',
    exploreFailed: 'The explore panel could not be loaded ({message}).',
    oddsTitle: 'Odds from here',
    oddsIntro: 'The chance of each ending from this point, if the rest is played by the strategy you pick. Computed exactly from the model.',
    oddsStrategy: 'Played by',
    strategyUniform: 'Random reader',
    strategyUniformNote: 'Picks any available choice with equal chance.',
    oddsAssumption: 'Model assumption: these odds follow from the guide’s invented weights, not from data.',
    oddsApprox: 'The guide can loop, so they are approximate.',
    oddsFailed: 'The odds could not be computed: {message}.',
    ending: 'Ending',
    probability: 'Chance',
    labTitle: 'Strategy lab',
    labIntro: 'Play the whole guide many times with each strategy and compare how often each ending comes up. The same seed always gives the same chart.',
    labStrategies: 'Strategies to compare',
    labRuns: 'Runs per strategy',
    labSeed: 'Seed',
    labRun: 'Run the lab',
    labProgress: 'Lab progress',
    'labRunning.one': 'Running {runs} simulated playthrough…',
    'labRunning.other': 'Running {runs} simulated playthroughs…',
    'labDone.one': 'Done: {runs} simulated playthrough with seed {seed}. The share link now reproduces this chart. (Model assumptions, not data.)',
    'labDone.other': 'Done: {runs} simulated playthroughs with seed {seed}. The share link now reproduces this chart. (Model assumptions, not data.)',
    'labCaption.one': 'Endings over {runs} run per strategy, seed {seed} (model assumption)',
    'labCaption.other': 'Endings over {runs} runs per strategy, seed {seed} (model assumption)',
    labNoStrategy: 'Pick at least one strategy.',
    labBadRuns: 'Runs must be a whole number from 1 to {max}.',
    labBadSeed: 'The seed must be a whole number, 0 or more.',
    labFailed: 'The lab stopped: {message}.',
    mapTitle: 'The mechanism map',
    mapIntro: 'Every step of the agreement’s machinery and where each can lead. Your path is highlighted; branches you did not take are grey. Pick a step you visited to go back there.',
    mapStepsTitle: 'Steps, in order',
    mapHere: 'you are here',
    mapVisited: 'visited',
    mapNotTaken: 'not taken',
    mapJump: 'Go back to: {name}',
    jumpedBack: 'Went back. {heading}',
    // Classroom mode
    turn: 'Turn: {team} team',
    turnTogether: 'Read this together, then decide as a class',
    teamResponds: 'The {team} team picks the response',
    trailDecided: '(picked by a team)',
    pickOutcome: '{team} team: choose the response',
    pickOutcomeHint: 'In team play the other side decides instead of the dice. The share shown is how likely the model thinks each response is.',
    cancelOutcome: 'Cancel',
    flashpointsOn: 'Twists switched on by the teacher',
    badFlashpoints: 'Twists could not be switched on: {message}.',
    printHandout: 'Print a handout',
    handoutTitle: 'Handout: every step in reading order',
    handoutChoices: 'Choices',
    handoutLeadsTo: 'leads to: {to}',
    handoutOutcomes: 'Possible responses:',
    handoutOnlyWhen: 'Only when: {reason}',
    handoutFlashpoint: 'Only with the twist “{name}”',
    handoutEndings: 'Endings',
    handoutSources: 'Sources',
    handInLabel: 'Your hand-in code',
    handInHint: 'Copy this code and give it to your teacher.',
    copyCode: 'Copy code',
  },
  zh: {
    kicker: '互动指南',
    loading: '正在加载指南…',
    'actor.us': '美国',
    'actor.china': '中国',
    'actor.both': '双方',
    'actor.narrator': '旁白',
    yourMove: '轮到你了',
    chance: '结果随机决定',
    unavailable: '无法选择：{reason}',
    youChose: '你选择了：{choice}',
    likelyGiven: '可能性 {p}，取决于{factors}',
    likely: '可能性 {p}',
    modelAssumption: '模型假设',
    cardSources: '来源：',
    discussion: '讨论题',
    back: '返回上一步',
    restart: '重新开始',
    playAgain: '再玩一次',
    dashboard: '当前局势',
    dashboardNote: '模型假设，并非真实数据',
    up: '上升 {n}',
    down: '下降 {n}',
    flagOn: '已开启',
    flagOff: '已关闭',
    yes: '是',
    no: '否',
    aboutNumbers: '关于这些数字（模型假设）',
    trail: '你的路径',
    trailEmpty: '还没有走出第一步。你的每个选择都会列在这里。',
    trailOutcome: '{outcome}（{p}）',
    sources: '来源',
    citeLabel: '来源 {n}',
    markerGame: '游戏情节',
    markerModel: '模型假设',
    backToText: '返回正文',
    newTab: '（在新标签页中打开）',
    verdict: '结局',
    inReality: '现实中',
    share: '分享这一局',
    shareHint: '打开此链接的人会看到与你完全相同的这一局。',
    copy: '复制链接',
    copied: '链接已复制。',
    copyManually: '链接已选中：请按 Ctrl+C（Mac 上按 ⌘C）复制。',
    codeCopied: '代码已复制。',
    codeCopyManually: '代码已选中：请按 Ctrl+C（Mac 上按 ⌘C）复制。',
    wentBack: '已返回上一步。{heading}',
    restarted: '已重新开始。{heading}',
    badLink: '无法打开这个分享链接：{message}。现在重新开始。',
    errorTitle: '无法打开本指南',
    'errorInvalid.other': '位于 {src} 的指南文件有 {count} 个问题需要修正：',
    errorHttp: '无法加载位于 {src} 的指南文件：服务器返回 {status}。',
    errorNetwork: '无法访问位于 {src} 的指南文件（{message}）。',
    errorTimeout: '位于 {src} 的指南文件在 {seconds} 秒内没有加载完成。请检查网络连接，然后重新加载页面。',
    errorOrigin: '这里只能打开本站的指南；{src} 位于其他网站。',
    'inlineInvalid.other': '本页内嵌的指南有 {count} 个问题需要修正：',
    errorEngine: '指南引擎无法启动（{message}）。',
    fallback: '本指南的互动部分无法启动：{reason}。',
    noWasm: '此浏览器关闭了 WebAssembly',
    wasmBlocked: '本页的安全策略不允许运行 WebAssembly',
    errorOther: '打开指南时出错：{message}',
    errorCompiled: '无法读取位于 {src} 的指南文件（{message}）。文件可能已损坏或不完整；请重新生成该指南。',
    errorLanguage: '无法加载该语言（{message}）。',
    errorManifestOrigin: '位于 {src} 的编译指南指向其他网站上的文件，因此不会打开。',
    errorAnnounce: '无法打开本指南。',
    language: '语言',
    parenthetical: '（{text}）',
    explore: '查看概率与机制图',
    exploreHide: '隐藏概率与机制图',
    exploreLoading: '正在加载…',
    exploreFailed: '无法加载探索面板（{message}）。',
    oddsTitle: '从这里出发的概率',
    oddsIntro: '如果余下的步骤按你选择的策略进行，从当前这一步走到每个结局的可能性。根据模型精确计算。',
    oddsStrategy: '采用的策略',
    strategyUniform: '随机读者',
    strategyUniformNote: '在当前可选的选项中以同等概率任选一个。',
    oddsAssumption: '模型假设：这些概率来自本指南设定的权重，并非真实数据。',
    oddsApprox: '本指南可能出现循环，因此这些概率是近似值。',
    oddsFailed: '无法计算概率：{message}。',
    ending: '结局',
    probability: '可能性',
    labTitle: '策略实验室',
    labIntro: '用每种策略把整个指南模拟很多遍，比较各个结局出现的频率。相同的种子总会得到相同的图表。',
    labStrategies: '要比较的策略',
    labRuns: '每种策略的模拟次数',
    labSeed: '种子',
    labRun: '开始模拟',
    labProgress: '模拟进度',
    'labRunning.other': '正在进行 {runs} 次模拟…',
    'labDone.other': '完成：以种子 {seed} 进行了 {runs} 次模拟。现在的分享链接可以重现这张图表。（模型假设，并非数据。）',
    'labCaption.other': '每种策略模拟 {runs} 次（种子 {seed}）的结局分布（模型假设）',
    labNoStrategy: '请至少选择一种策略。',
    labBadRuns: '模拟次数必须是 1 到 {max} 之间的整数。',
    labBadSeed: '种子必须是大于或等于 0 的整数。',
    labFailed: '模拟已停止：{message}。',
    mapTitle: '机制图',
    mapIntro: '协议运作的每一个环节，以及每个环节可能通向哪里。你走过的路径会高亮显示，未走的分支显示为灰色。选择一个走过的环节即可回到那里。',
    mapStepsTitle: '各个环节（按顺序）',
    mapHere: '你在这里',
    mapVisited: '已走过',
    mapNotTaken: '未走',
    mapJump: '回到：{name}',
    jumpedBack: '已返回。{heading}',
    turn: '轮到：{team}组',
    turnTogether: '请一起阅读，然后全班共同决定',
    teamResponds: '由{team}组选择回应',
    trailDecided: '（由小组选定）',
    pickOutcome: '{team}组：请选择回应',
    pickOutcomeHint: '在分组对抗中，由对方小组而不是骰子来决定。显示的比例是模型认为每种回应的可能性。',
    cancelOutcome: '取消',
    flashpointsOn: '老师开启的突发事件',
    badFlashpoints: '无法开启突发事件：{message}。',
    printHandout: '打印讲义',
    handoutTitle: '讲义：按阅读顺序列出的每一步',
    handoutChoices: '选项',
    handoutLeadsTo: '通向：{to}',
    handoutOutcomes: '可能的回应：',
    handoutOnlyWhen: '仅在以下情况可选：{reason}',
    handoutFlashpoint: '仅在开启突发事件“{name}”时出现',
    handoutEndings: '结局',
    handoutSources: '来源',
    handInLabel: '你的提交代码',
    handInHint: '复制此代码并交给老师。',
    copyCode: '复制代码',
  },
};

/**
 * Each language's name in that language, for the language switcher. A code
 * not listed here is named by `Intl.DisplayNames`, else shown as the code.
 */
export const LANGUAGE_NAMES = {
  ar: 'العربية',
  de: 'Deutsch',
  en: 'English',
  es: 'Español',
  fa: 'فارسی',
  fr: 'Français',
  he: 'עברית',
  ja: '日本語',
  ko: '한국어',
  pt: 'Português',
  ru: 'Русский',
  ur: 'اردو',
  zh: '中文',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
};

/** A language's own name: the table above, else the browser's, else the code. */
function languageName(code) {
  if (LANGUAGE_NAMES[code]) return LANGUAGE_NAMES[code];
  try {
    const name = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code);
    if (name) return name;
  } catch {
    // not a valid language tag: show it as it is
  }
  return code;
}

/** Languages written right to left, by primary subtag (when Intl.Locale cannot say). */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ku', 'ps', 'sd', 'syr', 'ug', 'ur', 'yi']);

/** Whether a language is written right to left. */
function isRtl(code) {
  try {
    const locale = new Intl.Locale(code);
    const info = locale.getTextInfo?.() ?? locale.textInfo;
    if (info?.direction) return info.direction === 'rtl';
  } catch {
    // not a valid language tag
  }
  return RTL_LANGUAGES.has(code.toLowerCase().split(/[-_]/)[0]);
}

/**
 * The guide language that best serves a reader who asked for `want`: the
 * same tag, else the same primary language (`zh-CN` → `zh`), else `fallback`.
 */
function matchLanguage(want, available, fallback) {
  const primary = (tag) => tag.toLowerCase().split(/[-_]/)[0];
  const w = want.toLowerCase();
  return available.find((l) => l.toLowerCase() === w) ?? available.find((l) => primary(l) === primary(w)) ?? fallback;
}

/** Where a guide keeps its strategy lab's settings in the fragment: `lab` beside `ag`, else `<key>.lab`. */
function labKey(key) {
  return key === FIRST_KEY ? 'lab' : `${key}.lab`;
}

/** A seed when the page gives none: a random unsigned 32-bit number. */
function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/** Parses a seed attribute: a whole number ≥ 0, or null. */
function parseSeed(value) {
  if (value == null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Rich text (paragraphs of spans) as one plain string. */
function plain(rich) {
  return (rich ?? []).map((p) => p.map((s) => s.text ?? '').join('')).join(' ').trim();
}

/** Scripts written without spaces between words (where Intl.Segmenter finds the words). */
const SPACELESS_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * One page-wide load of a wasm module (glue + wasm), shared by every element.
 * The wasm download starts now, beside the glue's, not after it: one round
 * trip fewer before the first card (the glue compiles it as it streams in).
 * A data: URL (single-file bundle) is handed over as is.
 */
function wasmLoader(moduleUrlOf, wasmUrlOf) {
  let promise = null;
  return () => {
    if (promise) return promise;
    // No WebAssembly (switched off, or a locked-down browser): nothing to download.
    if (typeof WebAssembly !== 'object') return Promise.reject(new Error('WebAssembly is not available'));
    let moduleUrl, wasmUrl;
    try {
      [moduleUrl, wasmUrl] = [moduleUrlOf(), wasmUrlOf()];
    } catch (err) {
      return Promise.reject(err);
    }
    const wasm = wasmUrl.startsWith('data:') ? wasmUrl : fetch(wasmUrl, { credentials: 'same-origin' });
    wasm.catch?.(() => {}); // reported through the glue below, not as an unhandled rejection
    // The page's first Intl object initialises ICU (tens of ms): do it while the network works.
    setTimeout(() => new Intl.NumberFormat().format(1), 0);
    promise = import(moduleUrl)
      .then(async (m) => {
        await m.default({ module_or_path: wasm });
        return m;
      })
      .catch((err) => {
        promise = null; // let a later element try again
        throw err;
      });
    return promise;
  };
}
/** The full engine (www/pkg/): JSON guides, odds, simulation, map, handout script. */
const loadCore = wasmLoader(() => MODULE_URL, () => WASM_URL);
/** The reader runtime (www/pkg-reader/): compiled guides only. */
const loadReader = wasmLoader(READER_MODULE_URL, READER_WASM_URL);

/** A `src` whose name says it is a compiled guide's manifest (`<id>.compiled.json`, or hashed in dist/). */
const COMPILED_NAME = /\.compiled(\.[0-9a-z_-]+)?\.json$/i;

/**
 * The compiled guide's manifest (`agreement-guide compile`: `{ id, format,
 * defaultLanguage, files: { <lang>: <file> }, json? }`) when `text` is one,
 * else null (then it is a guide's JSON, for the full engine).
 */
function compiledManifest(text) {
  try {
    const m = JSON.parse(text);
    const files = m?.files;
    if (!m || m.nodes || m.format == null || !files || typeof files !== 'object' || Array.isArray(files)) return null;
    const names = Object.entries(files).filter(([, v]) => typeof v === 'string' && v);
    return names.length ? { ...m, files: Object.fromEntries(names) } : null;
  } catch {
    return null;
  }
}

/** The fragment reader and writer (www/agreement-guide-fragment.js), once per page; null until loaded. */
let fragment = null;
let fragmentPromise = null;
function loadFragment() {
  fragmentPromise ??= import(FRAGMENT_URL).then(
    (m) => (fragment = m),
    (err) => {
      fragmentPromise = null;
      throw err;
    },
  );
  return fragmentPromise;
}

/**
 * Guide files fetched on this page, by absolute URL: elements that show the
 * same guide share one request and its text. A failed answer is forgotten,
 * so a later element (or `reload()`) asks again.
 */
const guideFiles = new Map();
function fetchGuide(url, limit, as = 'text') {
  let answer = guideFiles.get(url);
  if (answer) return answer;
  answer = (async () => {
    // The timeout covers the whole body, not just the headers.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), limit);
    try {
      const res = await fetch(url, { credentials: 'same-origin', signal: abort.signal });
      if (!res.ok) return { status: `${res.status} ${res.statusText}`.trim() };
      return as === 'bytes' ? { bytes: new Uint8Array(await res.arrayBuffer()) } : { text: await res.text() };
    } catch (err) {
      return abort.signal.aborted ? { timeout: true } : { error: err.message };
    } finally {
      clearTimeout(timer);
    }
  })();
  guideFiles.set(url, answer);
  answer.then((a) => {
    if (a.text == null && a.bytes == null && guideFiles.get(url) === answer) guideFiles.delete(url);
  });
  return answer;
}

/**
 * Why the interactive part cannot start, when the browser has no WebAssembly
 * or the page's security policy forbids compiling it: a reason id, or null
 * for any other failure.
 */
function wasmUnavailable(err) {
  if (typeof WebAssembly !== 'object') return 'noWasm';
  if (/content security policy|wasm-unsafe-eval|wasm-eval|unsafe-eval/i.test(String(err?.message ?? err))) return 'wasmBlocked';
  return null;
}

/** The guide's title from its file, without the core (for the no-WebAssembly fallback); null if it cannot be read. */
function titleFromFile(text, lang) {
  try {
    const meta = JSON.parse(text)?.meta;
    const title = meta?.title;
    if (typeof title === 'string') return title;
    if (!title || typeof title !== 'object') return null;
    const langs = Object.keys(title).filter((k) => typeof title[k] === 'string');
    const best = matchLanguage(lang, langs, meta.default_language ?? langs[0]);
    return title[best] ?? title[langs[0]] ?? null;
  } catch {
    return null;
  }
}

/** An arrow that points the other way in right-to-left text (see `.ag-arrow`); not read aloud. */
function arrow(glyph) {
  return el('span', { class: 'ag-arrow', 'aria-hidden': 'true' }, glyph);
}

/** Scenario text set apart from the widget's own words, so its direction cannot leak into them. */
function isolated(...children) {
  return el('bdi', {}, ...children);
}

/** A small DOM builder: el('p', { class: 'x', part: 'y' }, child, 'text', …). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return node;
}

export class AgreementGuideElement extends HTMLElement {
  static observedAttributes = ['src', 'lang', 'seed', 'mode', 'heading-level', 'from-query', 'flashpoints', 'teams', 'hash-key', 'history'];

  /**
   * How long a guide file may take to arrive, in ms, before the element gives
   * up with a message instead of "Loading…" for ever (a stalled server or a
   * response that never completes). A page may change it before loading.
   */
  static fetchTimeout = 20_000;

  /** Registers the element once, however many times the script is included. */
  static define(name = 'agreement-guide') {
    if (!customElements.get(name)) customElements.define(name, this);
    return customElements.get(name);
  }

  #shadow;
  #els = null; // the skeleton's live nodes, built once per heading level
  #guide = null; // the core's Guide handle for this run
  #info = null; // what the guide is (in #lang)
  #view = null; // what to show now (in #lang)
  #phase = 'idle'; // idle | loading | error | ready
  #error = null; // { message, diagnostics } when #phase is 'error'
  #notice = null; // a message shown above the card (bad share link)
  #loadId = 0; // discards a stale load when src changes mid-flight
  #pending = false; // a render is queued in a microtask
  #dirty = { shell: false, view: false };
  #after = []; // focus, announcements and events, run after the next render
  #returnTo = null; // the citation marker a reader jumped from
  #idCount = 0;
  #connected = false;
  #langCache = null;
  #langSet = null; // a `lang` attribute set while connected
  #formats = new Map();
  #urlTimer = 0;
  #key = null; // this run's key in the page's fragment (see `hashKey`), set when the guide loads
  #base = null; // what a card image's relative address is resolved against: the scenario file, or the page
  // Explore panel and classroom mode (see "explore and classroom" below)
  #explore = null; // the loaded explorer, while the panel exists
  #exploreOpen = false;
  #lab = null; // the strategy lab's settings for the share link ('seed.runs.a,b')
  #pendingChoice = null; // team play: a choice whose response the other team is picking
  // A compiled guide on the reader runtime: { manifest, url, json, loaded, adding, upgrade }; null on the full engine.
  #compiled = null;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
  }

  // ── attributes mirrored as properties (`lang` is HTMLElement's own) ──────
  get src() {
    return this.getAttribute('src') ?? '';
  }
  set src(v) {
    this.setAttribute('src', v);
  }
  get seed() {
    return this.getAttribute('seed');
  }
  set seed(v) {
    if (v == null) this.removeAttribute('seed');
    else this.setAttribute('seed', String(v));
  }
  get mode() {
    return this.#param('mode') === 'classroom' ? 'classroom' : 'reader';
  }
  set mode(v) {
    this.setAttribute('mode', v);
  }
  get headingLevel() {
    const n = Number(this.getAttribute('heading-level'));
    return Number.isInteger(n) && n >= 1 && n <= 4 ? n : 2;
  }
  set headingLevel(v) {
    this.setAttribute('heading-level', String(v));
  }
  /** `auto` (default: follows prefers-color-scheme), `light`, `dark` or `high-contrast`; styled in agreement-guide.css. */
  get theme() {
    const t = this.getAttribute('theme');
    return ['light', 'dark', 'high-contrast'].includes(t) ? t : 'auto';
  }
  set theme(v) {
    this.setAttribute('theme', v);
  }
  get fromQuery() {
    return this.hasAttribute('from-query');
  }
  /** Flashpoints (teacher-switched twists) to switch on: ids, comma-separated. */
  get flashpoints() {
    return this.#param('flashpoints') ?? '';
  }
  set flashpoints(v) {
    this.setAttribute('flashpoints', Array.isArray(v) ? v.join(',') : String(v));
  }
  /** Team play in classroom mode: on unless `teams="off"`. */
  get teams() {
    return this.mode === 'classroom' && this.#param('teams') !== 'off';
  }
  set fromQuery(v) {
    this.toggleAttribute('from-query', !!v);
  }

  /** The share token of the current run ('' before the guide has loaded). */
  get token() {
    return this.#view?.token ?? '';
  }

  /**
   * The key under which this run's share token sits in the page's fragment
   * (`#<key>=<token>`). The `hash-key` attribute if set; else `ag` for the
   * first guide on the page (so links made when a page had one guide keep
   * working); else the guide's id (`wto-disputes`); else, for a second element
   * showing the same guide file, the guide's id and the element's `id`
   * attribute (`us-china-2015:explainer`) or, without one, its place among
   * the elements showing that file (`us-china-2015:3` for the third). '' before the guide
   * has loaded, unless `hash-key` is set.
   */
  get hashKey() {
    return this.#key ?? this.#givenKey() ?? '';
  }
  set hashKey(v) {
    if (v == null || v === '') this.removeAttribute('hash-key');
    else this.setAttribute('hash-key', String(v));
  }

  /**
   * What the element does with the page's URL: `replace` (default) keeps the
   * run's token in the fragment with `history.replaceState`, leaving every
   * other part of the fragment as it was; `none` never changes the URL (a
   * host router listens for `agreement-guide-urlchange` and can call
   * `restore(token)`). Either way the element reads its own key on load and
   * when the hash changes.
   */
  get history() {
    return this.getAttribute('history') === 'none' ? 'none' : 'replace';
  }
  set history(v) {
    this.setAttribute('history', v);
  }

  // ── lifecycle ─────────────────────────────────────────────────────────────
  connectedCallback() {
    this.#connected = true;
    this.#shadow.addEventListener('click', this.#onClick);
    this.#shadow.addEventListener('focusin', this.#onFocusIn);
    window.addEventListener('hashchange', this.#onHashChange);
    window.addEventListener('beforeprint', this.#onBeforePrint);
    if (!this.#els) this.#build();
    if (this.#phase === 'idle') this.#load();
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#shadow.removeEventListener('click', this.#onClick);
    this.#shadow.removeEventListener('focusin', this.#onFocusIn);
    window.removeEventListener('hashchange', this.#onHashChange);
    window.removeEventListener('beforeprint', this.#onBeforePrint);
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.#connected) return;
    switch (name) {
      case 'src':
      case 'from-query':
        this.#load();
        break;
      case 'lang':
        // Set after the start (by the page or the switcher), `lang` wins over a query's.
        this.#langSet = newValue || null;
        this.#relanguage();
        break;
      case 'seed':
        if (this.#guide) {
          this.#guide.restart(this.#seed());
          this.#readView();
          this.#invalidate('view');
        }
        break;
      case 'mode':
      case 'teams':
        if (name === 'mode' && this.mode === 'classroom' && this.#guide) this.#fullEngine().catch(() => {});
        this.#pendingChoice = null;
        this.#invalidate('shell', 'view');
        break;
      case 'flashpoints':
        if (this.#guide) {
          this.#applyFlashpoints();
          this.#readView();
          this.#stepped('restarted');
        }
        break;
      case 'heading-level':
        this.#build();
        this.#invalidate('shell', 'view');
        break;
      case 'hash-key':
        if (this.#guide) {
          // The run moves to its new key: the old one leaves the URL.
          const old = this.#key;
          this.#key = this.#keyFor(this.#info.id);
          if (old !== this.#key && this.history === 'replace') this.#replaceFragment({ [old]: null, [labKey(old)]: null });
          this.#syncUrl();
        }
        break;
    }
  }

  // ── public actions (also what the buttons do) ────────────────────────────
  /** Loads the guide again from `src` or the inline script (e.g. after a page edited it); starts a new run. */
  reload() {
    if (this.#connected) this.#load({ fresh: true });
  }

  /** Takes the choice with this id, as if its button were pressed. */
  choose(id) {
    const choice = this.#view?.choices.find((c) => c.id === id);
    if (!choice || !choice.enabled) return false;
    this.#guide.choose(id);
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped();
    const { token, step, ending } = this.#view;
    this.#after.push(() => {
      this.#emit('agreement-guide-choice', { choice: id, step, token });
      if (ending) this.#emit('agreement-guide-complete', { ending: ending.id, token });
    });
    return true;
  }

  /** Undoes the last step. */
  undo() {
    if (!this.#view?.canUndo) return false;
    this.#guide.undo();
    this.#pendingChoice = null;
    this.#readView();
    this.#stepped('wentBack');
    return true;
  }

  /**
   * Opens the run a share token describes (what a host router kept from an
   * `agreement-guide-urlchange` event). Returns false, with the element's
   * notice shown, when the token does not fit this guide.
   */
  restore(token) {
    if (!this.#guide || typeof token !== 'string' || !token) return false;
    return this.#restoreFromOutside(token);
  }

  /** Starts again: with the `seed` attribute if there is one, else a new random seed. */
  restart() {
    if (!this.#guide) return false;
    this.#guide.restart(this.#seed());
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped('restarted');
    return true;
  }

  // ── loading ───────────────────────────────────────────────────────────────
  /** An attribute, or with `from-query` the page's query parameter of that name. */
  #param(name) {
    if (this.fromQuery) {
      const v = new URLSearchParams(location.search).get(name);
      if (v != null && v !== '') return v;
    }
    return this.getAttribute(name);
  }

  /** The `seed` attribute (or query parameter), else a fresh random seed. */
  #seed() {
    return parseSeed(this.#param('seed')) ?? randomSeed();
  }

  /** The language the reader asked for: `lang` here or on an ancestor, else English (cached until it changes). */
  #lang() {
    this.#langCache ??= this.#langSet || this.#param('lang') || this.closest('[lang]')?.getAttribute('lang') || 'en';
    return this.#langCache;
  }

  /**
   * The language on screen: the guide's language nearest to the reader's
   * once the guide is loaded (so its text and the widget's words agree),
   * else the one asked for.
   */
  #shownLang() {
    return this.#info?.language ?? this.#lang();
  }

  /** An Intl formatter (or segmenter) for the language on screen, made once. */
  #format(Kind, options) {
    const lang = this.#shownLang();
    const key = `${lang} ${Kind.name} ${JSON.stringify(options)}`;
    let f = this.#formats.get(key);
    if (!f) this.#formats.set(key, (f = new Kind(lang, options)));
    return f;
  }

  /**
   * Shows the same run in the language now asked for (the `lang` attribute
   * changed, or the reader picked one): nothing restarts, and focus stays on
   * what had it, or on its counterpart in the redrawn card.
   */
  #relanguage() {
    this.#langCache = null;
    const focus = this.#focusKey();
    this.#readGuide();
    this.#invalidate('shell', 'view');
    if (focus) this.#after.push(() => this.#refocus(focus));
  }

  /** The reader's pick in the language switcher: the element's `lang` follows. */
  #switchLanguage(code) {
    if (!this.#guide || code === this.#info?.language) return;
    if (this.fromQuery) {
      // The page's query configures this element: keep it (and so the share link) in step.
      const url = new URL(location.href);
      url.searchParams.set('lang', code);
      history.replaceState(history.state, '', url.href);
    }
    this.setAttribute('lang', code); // attributeChangedCallback redraws, synchronously
    if (this.#info?.language !== code) {
      this.#langSet = code; // the attribute already said so
      this.#relanguage();
    }
  }

  /** A selector for the focused element's counterpart after the card is redrawn, or null. */
  #focusKey() {
    const a = this.#shadow.activeElement;
    if (!a || !this.#els?.stage.contains(a)) return null; // outside the card, focus survives a redraw
    if (a.dataset.choiceId) return `[data-choice-id="${CSS.escape(a.dataset.choiceId)}"]`;
    if (a.hasAttribute('data-focus-target')) return '[data-focus-target]';
    if (a.dataset.action === 'cite') return `[data-action="cite"][data-source="${CSS.escape(a.dataset.source)}"]`;
    if (a.dataset.action) return `[data-action="${CSS.escape(a.dataset.action)}"]`;
    return '[data-focus-target]';
  }

  #refocus(selector) {
    if (this.#shadow.activeElement?.isConnected) return;
    this.#els.stage.querySelector(selector)?.focus({ preventScroll: true });
  }

  async #load({ fresh = false } = {}) {
    const id = ++this.#loadId;
    this.#key = null;
    this.#langCache = null;
    this.#closeExplore();
    this.#guide?.free();
    this.#guide = this.#info = this.#view = this.#compiled = null;
    this.#notice = null;
    this.#pendingChoice = null;
    this.#phase = 'loading';
    this.#invalidate('shell', 'view');

    // Children appended right after the element (by a script) count as its inline guide.
    await null;
    // Defined before the page has arrived (an async or injected script): the parser may not
    // have reached the inline guide yet, or only part of it. Without a src, wait for the page.
    if (!this.#param('src') && document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
    }
    if (id !== this.#loadId) return;
    const srcParam = this.#param('src');
    const inline = srcParam ? null : this.#inlineScenario();
    const url = new URL(srcParam || DEFAULT_SRC, document.baseURI);
    const shown = srcParam || url.pathname;
    const fail = (message, diagnostics = []) => {
      if (id !== this.#loadId) return;
      this.#phase = 'error';
      this.#error = { message, diagnostics };
      this.#invalidate('shell', 'view');
      this.#after.push(() => this.#announce(this.#t('errorAnnounce')));
    };

    // A src from the page's own query string is reader input: keep it on this site.
    if (this.fromQuery && srcParam && url.origin !== location.origin) {
      return fail(this.#t('errorOrigin', { src: shown }));
    }
    // The module the guide needs starts loading beside the guide's file: the reader runtime for a
    // compiled guide's manifest (by its name; its content decides below), the full engine for JSON.
    const modules = {};
    const start = (compiled) =>
      (modules[compiled] ??= Promise.all([compiled ? loadReader() : loadCore(), loadFragment()]).then(
        ([m]) => m,
        (err) => ({ error: err }),
      ));
    // Classroom mode plays on the full engine from the start: its handout is the full engine's script,
    // and the browser's own Print (beforeprint) cannot wait for a download.
    const classroom = this.mode === 'classroom';
    start(inline == null && COMPILED_NAME.test(url.pathname) && !classroom);
    this.#base = inline != null ? document.baseURI : url.href;
    const limit = AgreementGuideElement.fetchTimeout;
    const fetched = async (href, src, as) => {
      if (fresh) guideFiles.delete(href);
      const answer = await fetchGuide(href, limit, as);
      if (answer.status) return fail(this.#t('errorHttp', { src, status: answer.status }));
      if (answer.timeout) return fail(this.#t('errorTimeout', { src, seconds: this.#number(limit / 1000) }));
      if (answer.error != null) return fail(this.#t('errorNetwork', { src, message: answer.error }));
      return answer;
    };
    let text = inline;
    if (text == null) {
      const answer = carriedManifest(this, url.href) ?? (await fetched(url.href, shown)); // prerender: the manifest in the page
      if (!answer) return;
      text = answer.text;
    }
    let manifest = inline == null ? compiledManifest(text) : null;
    let bytes = null;
    let binLang = null;
    if (manifest && classroom) {
      const json = new URL(manifest.json ?? `${manifest.id}.json`, url);
      if (json.origin !== url.origin) return fail(this.#t('errorManifestOrigin', { src: shown }));
      const answer = await fetched(json.href, json.pathname);
      if (!answer) return;
      text = answer.text;
      manifest = null;
      this.#base = json.href;
    }
    if (manifest) {
      // Only the reader's language: another is fetched when the reader switches to it.
      binLang = matchLanguage(this.#lang(), Object.keys(manifest.files), manifest.files[manifest.defaultLanguage] ? manifest.defaultLanguage : Object.keys(manifest.files)[0]);
      const bin = new URL(manifest.files[binLang], url);
      // A manifest names files beside it: never another site (no request leaves the guide's origin).
      if (bin.origin !== url.origin || new URL(manifest.json ?? `${manifest.id}.json`, url).origin !== url.origin) return fail(this.#t('errorManifestOrigin', { src: shown }));
      start(true);
      const answer = await fetched(bin.href, bin.pathname, 'bytes');
      if (!answer) return;
      bytes = answer.bytes;
    }
    const m = await start(!!manifest);
    if (id !== this.#loadId) return;
    if (m.error) {
      // No WebAssembly: the guide's title, one line saying why, and what the page put inside the element.
      const reason = wasmUnavailable(m.error);
      if (reason) {
        // A compiled guide's title is in its JSON beside it (read without the engine, on this path only).
        const titled = manifest ? (await fetchGuide(new URL(manifest.json ?? `${manifest.id}.json`, url).href, limit)).text : text;
        if (id !== this.#loadId) return;
        fail(this.#t('fallback', { reason: this.#t(reason) }));
        this.#error.fallback = { title: titled == null ? null : titleFromFile(titled, this.#lang()) };
        return;
      }
      return fail(this.#t('errorEngine', { message: m.error.message }));
    }

    try {
      if (manifest) {
        this.#guide = m.Reader.load(bytes, this.#seed());
        this.#compiled = {
          manifest,
          url: url.href,
          json: new URL(manifest.json ?? `${manifest.id}.json`, url).href,
          loaded: new Set([binLang]),
          adding: new Set(),
          upgrade: null,
        };
      } else {
        this.#compiled = null;
        this.#guide = m.Guide.load(text, this.#seed());
      }
    } catch (err) {
      if (manifest) return fail(this.#t('errorCompiled', { src: new URL(manifest.files[binLang], url).pathname, message: String(err?.message ?? err) }));
      const diagnostics = Array.isArray(err?.diagnostics) ? err.diagnostics : [];
      if (diagnostics.length) {
        return fail(this.#t(inline != null ? 'inlineInvalid' : 'errorInvalid', { src: shown, count: diagnostics.length }), diagnostics);
      }
      return fail(this.#t('errorOther', { message: err?.message ?? String(err) }));
    }

    this.#applyFlashpoints();
    this.#readGuide();
    this.#key = this.#keyFor(this.#info.id);
    // Only this element's own part of the fragment: other guides' runs and the page's anchors are not ours.
    const shared = fragment.readFragment(location.hash, this.#key);
    if (shared) {
      this.#restore(shared);
      this.#readView();
    }
    this.#phase = 'ready';
    this.#invalidate('shell', 'view');
    this.#lab = fragment.readFragment(location.hash, labKey(this.#key)) || null;
    this.#after.push(() => {
      if (this.#lab) this.#toggleExplore(true, { runLab: true });
      if (this.#notice) this.#announce(this.#notice);
      this.#emit('agreement-guide-ready', { id: this.#info.id, step: this.#view.step, token: this.#view.token });
    });
  }

  /**
   * The guide written inside the element, for pages that cannot host a JSON
   * file: `<agreement-guide><script type="application/json">{…}</script></agreement-guide>`.
   * A `src` wins over it.
   */
  #inlineScenario() {
    const script = [...this.children].find((c) => c.localName === 'script' && c.type.trim().toLowerCase() === 'application/json');
    return script ? script.textContent : null;
  }

  /** Restores a shared run; a link that does not fit leaves a notice and a fresh start. */
  #restore(token) {
    try {
      this.#guide.restore(token);
      this.#notice = null;
      return true;
    } catch (err) {
      this.#notice = this.#t('badLink', { message: String(err?.message ?? err).replace(/[.\s]+$/, '') });
      clearTimeout(this.#urlTimer); // a step's pending URL update must not bring a token back
      this.#urlTimer = 0;
      // The bad token leaves the URL; the page's own parts and other guides' runs stay.
      if (this.history === 'replace') this.#replaceFragment({ [this.#key]: null, [labKey(this.#key)]: null });
      this.#guide.restart(this.#seed());
      return false;
    }
  }

  /** Re-reads what the guide is (title, sources, …) and what to show now, in the reader's language. */
  #readGuide() {
    this.#langCache = null;
    if (!this.#guide) return;
    const want = this.#lang();
    let info = this.#guide.info(want);
    let best = matchLanguage(want, info.languages, info.language);
    const loaded = this.#compiled?.loaded;
    if (loaded && !loaded.has(best)) {
      // The reader runtime has this language's text once its file arrives: until then, the one on screen.
      this.#addLanguage(best);
      best = loaded.has(this.#info?.language) ? this.#info.language : [...loaded][0];
    }
    if (best !== info.language) info = this.#guide.info(best);
    this.#info = info;
    this.#readView();
  }

  /**
   * Fetches another language's compiled file and adds it to the run (which goes on where it
   * is), then shows it if it is still the one asked for.
   */
  async #addLanguage(lang) {
    const c = this.#compiled;
    const name = c?.manifest.files[lang];
    if (!name || c.adding.has(lang)) return;
    c.adding.add(lang);
    const href = new URL(name, c.url).href;
    const answer = await fetchGuide(href, AgreementGuideElement.fetchTimeout, 'bytes');
    if (c !== this.#compiled) return;
    c.adding.delete(lang);
    let problem = answer.status ?? (answer.timeout ? 'timeout' : answer.error);
    if (!problem) {
      try {
        this.#guide.addLanguage(answer.bytes);
        c.loaded.add(lang);
      } catch (err) {
        problem = String(err?.message ?? err);
      }
    }
    if (problem) {
      this.#notice = this.#t('errorLanguage', { message: String(problem).replace(/[.\s]+$/, '') });
      this.#invalidate('view');
      this.#after.push(() => this.#announce(this.#notice));
      return;
    }
    this.#relanguage();
  }

  /**
   * The full engine for this run, loaded on demand (Explore, the handout): a compiled guide's run
   * moves onto the full engine with the guide's JSON (named by its manifest), restored from its
   * share token so nothing changes for the reader. Resolves when `#guide` is a full engine Guide.
   */
  #fullEngine() {
    const c = this.#compiled;
    if (!c) return Promise.resolve();
    c.upgrade ??= (async () => {
      const [m, answer] = await Promise.all([loadCore(), fetchGuide(c.json, AgreementGuideElement.fetchTimeout)]);
      if (c !== this.#compiled) return;
      if (answer.text == null) throw new Error(`${new URL(c.json).pathname}: ${answer.status ?? (answer.timeout ? 'timeout' : answer.error)}`);
      const guide = m.Guide.load(answer.text, this.#seed());
      try {
        guide.setFlashpoints(this.#guide.info(this.#shownLang()).flashpoints.filter((f) => f.on).map((f) => f.id).join(','));
        guide.restore(this.#guide.save());
      } catch (err) {
        guide.free();
        throw err;
      }
      this.#guide.free();
      this.#guide = guide;
      this.#compiled = null;
    })();
    c.upgrade.catch(() => {
      if (c.upgrade && c === this.#compiled) c.upgrade = null; // a later need tries again
    });
    return c.upgrade;
  }

  /** Re-reads what to show now: after every step. */
  #readView() {
    this.#view = this.#guide.view(this.#shownLang());
  }

  /** After the reader moved: share link, focus on the new heading, one announcement. */
  #stepped(what) {
    this.#syncUrl();
    this.#invalidate('view');
    const { step, token } = this.#view;
    this.#after.push(() => {
      // Every step, forward or back: what a host page needs to keep a deep link current.
      this.#emit('agreement-guide-step', { step, token });
      this.#els.stage.querySelector('[data-focus-target]')?.focus({ preventScroll: false });
      const text = this.#announcement();
      this.#announce(what ? this.#t(what, { heading: text }) : text);
    });
  }

  /** The `hash-key` attribute, if set (surrounding spaces ignored). */
  #givenKey() {
    return this.getAttribute('hash-key')?.trim() || null;
  }

  /**
   * This element's key in the fragment (documented at `hashKey`), from the
   * page's markup and the guide's id only, so it is the same on every load
   * whatever order the guides arrive in.
   */
  #keyFor(guideId) {
    const given = this.#givenKey();
    if (given) return given;
    const root = this.getRootNode();
    const peers = [...(root.querySelectorAll?.(this.localName) ?? [])].filter((e) => !e.hasAttribute('hash-key'));
    const at = peers.indexOf(this);
    if (at <= 0) return FIRST_KEY;
    // A second element showing the same guide file needs more than the guide's id.
    const file = (e) => (e.getAttribute('src') ? new URL(e.getAttribute('src'), document.baseURI).href : 'inline');
    const mine = file(this);
    const before = peers.slice(0, at).filter((e) => file(e) === mine).length;
    if (before === (file(peers[0]) === mine ? 1 : 0)) return guideId;
    return `${guideId}:${this.id || before + 1}`; // n: its place among the elements showing this file
  }

  /** Writes these keys in the page's fragment (null removes one), keeping every other part; no history entry. */
  #replaceFragment(entries) {
    const hash = fragment.writeFragment(location.hash, entries);
    if (hash === location.hash || (hash === '' && !location.href.includes('#'))) return;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }

  /** This page's URL with the run's token under this element's key (the page's other parts kept): the share link. */
  #shareUrl() {
    const url = new URL(location.href);
    url.hash = fragment.writeFragment(location.hash, { [this.#key]: this.#view.token, [labKey(this.#key)]: this.#lab });
    return url.href;
  }

  /**
   * Puts the share token in the address bar, in a task of its own: it is
   * invisible, costs a few ms, and Chromium throttles a page that calls
   * replaceState too often, so quick steps share one update. Then tells the
   * page (`agreement-guide-urlchange`), whatever `history` says, so a host
   * router can keep the token its own way.
   */
  #syncUrl() {
    if (this.#urlTimer) return;
    this.#urlTimer = setTimeout(() => {
      this.#urlTimer = 0;
      if (!this.#view || !this.#key) return;
      const key = this.#key;
      const token = this.#view.token;
      const lab = this.#lab ?? null;
      if (this.history === 'replace') this.#replaceFragment({ [key]: token, [labKey(key)]: lab });
      this.#emit('agreement-guide-urlchange', { key, token, lab });
    }, 40);
  }

  /** A run named from outside (the hash changed, or the page called `restore`). */
  #restoreFromOutside(token) {
    this.#pendingChoice = null;
    const ok = this.#restore(token);
    this.#readView();
    this.#invalidate('view');
    if (ok) this.#syncUrl();
    if (this.#notice) this.#after.push(() => this.#announce(this.#notice));
    return ok;
  }

  #onHashChange = () => {
    if (!this.#guide || !this.#key) return;
    const token = fragment.readFragment(location.hash, this.#key);
    if (!token || token === this.#view?.token) return;
    this.#restoreFromOutside(token);
  };

  // ── events ────────────────────────────────────────────────────────────────
  #onClick = (event) => {
    const target = event.target.closest?.('[data-action]');
    if (!target || target.getAttribute('aria-disabled') === 'true') return;
    switch (target.dataset.action) {
      case 'choose':
        if (!this.#offerOutcomes(target.dataset.choiceId)) this.choose(target.dataset.choiceId);
        break;
      case 'choose-outcome':
        this.chooseOutcome(target.dataset.forChoice, target.dataset.outcomeId);
        break;
      case 'cancel-outcome':
        this.#pendingChoice = null;
        this.#invalidate('view');
        this.#after.push(() => this.#els.stage.querySelector(`[data-choice-id="${CSS.escape(target.dataset.forChoice)}"]`)?.focus());
        break;
      case 'explore':
        this.#toggleExplore(!this.#exploreOpen);
        break;
      case 'print-handout':
        this.#printHandout();
        break;
      case 'copy-code':
        this.#copyCode();
        break;
      case 'back':
        this.undo();
        break;
      case 'restart':
        this.restart();
        break;
      case 'cite':
        this.#jumpToSource(target);
        break;
      case 'back-to-text':
        this.#returnFromSource();
        break;
      case 'copy':
        this.#copyLink();
        break;
      case 'language':
        this.#switchLanguage(target.dataset.lang);
        break;
    }
  };

  #onFocusIn = (event) => {
    if (event.target.dataset?.action === 'select-all') event.target.select();
  };

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #jumpToSource(marker) {
    const item = this.#els.sourceList.querySelector(`li[data-source="${CSS.escape(marker.dataset.source)}"]`);
    if (!item) return;
    this.#returnTo = marker;
    this.#els.backToText.hidden = false;
    item.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
    item.focus({ preventScroll: true });
  }

  #returnFromSource() {
    const target = this.#returnTo?.isConnected ? this.#returnTo : this.#els.stage.querySelector('[data-focus-target]');
    this.#els.backToText.hidden = true;
    this.#returnTo = null;
    target?.focus();
  }

  #copyLink() {
    return this.#copyField('[data-share-url]', '[data-copy-status]', 'copied', 'copyManually');
  }

  /** Copies a read-only field to the clipboard, or selects it where that is refused; says which (string ids). */
  async #copyField(fieldSelector, statusSelector, copied, manually) {
    const input = this.#els.stage.querySelector(fieldSelector);
    const status = this.#els.stage.querySelector(statusSelector);
    if (!input) return;
    let message;
    try {
      await navigator.clipboard.writeText(input.value);
      message = this.#t(copied);
    } catch {
      input.focus();
      input.select();
      message = this.#t(manually);
    }
    if (status) status.textContent = message;
    this.#announce(message);
  }

  // ── explore and classroom ─────────────────────────────────────────────────
  /** Takes a random choice with its response decided by a player (classroom team play). */
  chooseOutcome(choiceId, outcomeId) {
    const choice = this.#view?.choices.find((c) => c.id === choiceId);
    const outcome = choice?.outcomes.find((o) => o.id === outcomeId);
    if (!choice?.enabled || !(outcome?.probability > 0)) return false;
    try {
      this.#guide.chooseOutcome(choiceId, outcomeId);
    } catch {
      return false;
    }
    this.#pendingChoice = null;
    this.#notice = null;
    this.#readView();
    this.#stepped();
    const { token, step, ending } = this.#view;
    this.#after.push(() => {
      this.#emit('agreement-guide-choice', { choice: choiceId, outcome: outcomeId, step, token });
      if (ending) this.#emit('agreement-guide-complete', { ending: ending.id, token });
    });
    return true;
  }

  /** Goes back to the state after `step` steps (what the mechanism map's visited steps do). */
  rewind(step) {
    if (!this.#guide || !Number.isInteger(step) || step < 0 || step > this.#view.step) return false;
    try {
      this.#guide.rewind(step);
    } catch {
      return false;
    }
    this.#pendingChoice = null;
    this.#readView();
    this.#stepped('jumpedBack');
    return true;
  }

  /** Switches on the flashpoints the page asks for; a bad list leaves a notice and none on. */
  #applyFlashpoints() {
    try {
      this.#guide.setFlashpoints(this.flashpoints);
    } catch (err) {
      this.#guide.setFlashpoints('');
      this.#notice = this.#t('badFlashpoints', { message: String(err?.message ?? err).replace(/[.\s]+$/, '') });
    }
  }

  /**
   * In team play, the team that picks a random choice's response instead of
   * the dice, as the core says (`respondent`). Null when the dice decide.
   */
  #decider(node, choice) {
    if (!this.teams || !node || !choice?.chance) return null;
    return choice.respondent ?? null;
  }

  /** Team play: a choice the other team answers opens their options instead of rolling. */
  #offerOutcomes(choiceId) {
    const v = this.#view;
    const choice = v?.choices.find((c) => c.id === choiceId);
    const team = choice?.enabled ? this.#decider(v.node, choice) : null;
    if (!team) return false;
    this.#pendingChoice = choiceId;
    this.#invalidate('view');
    this.#after.push(() => {
      this.#els.stage.querySelector('[data-outcome-id]')?.focus();
      this.#announce(this.#t('pickOutcome', { team: this.#actorLabel(team) }));
    });
    return true;
  }

  #actorLabel(actor) {
    return this.#info?.actors?.find((a) => a.id === actor)?.label ?? this.#t(`actor.${actor}`, {}, actor);
  }

  /** Under a card: whose turn it is (team play), then the choices, or the responses the other team picks from. */
  #moveArea(v, promptId, choices) {
    const node = v.node;
    const frag = document.createDocumentFragment();
    const pending = this.#pendingChoice ? v.choices.find((c) => c.id === this.#pendingChoice) : null;
    const decider = pending ? this.#decider(node, pending) : null;
    if (this.teams) {
      // Narrated cards are read together; otherwise the choosing team, or the one picking a response.
      const actor = decider ?? node.turn ?? null;
      const text = actor ? this.#t('turn', { team: this.#actorLabel(actor) }) : this.#t('turnTogether');
      frag.append(el('p', { class: 'ag-turn', part: 'turn', 'data-turn': actor ?? 'together' }, text));
    }
    if (pending && decider) {
      const headingId = this.#uid('ag-pick');
      const options = pending.outcomes
        .filter((o) => o.probability > 0)
        .map((o) =>
          el(
            'li',
            {},
            el(
              'button',
              { type: 'button', class: 'ag-choice', part: 'choice', 'data-action': 'choose-outcome', 'data-for-choice': pending.id, 'data-outcome-id': o.id },
              el('span', { class: 'ag-choice-label' }, this.#inline(o.label)),
              el('span', { class: 'ag-choice-note' }, `${this.#t('likely', { p: this.#percent(o.probability) })} ${this.#t('parenthetical', { text: this.#t('modelAssumption') })}`),
            ),
          ),
        );
      frag.append(
        el('p', { class: 'ag-move', id: headingId }, this.#t('pickOutcome', { team: this.#actorLabel(decider) })),
        el('p', { class: 'ag-pick-hint' }, el('strong', {}, this.#t('youChose', { choice: plain(pending.label) })), el('br'), this.#t('pickOutcomeHint')),
        el('ul', { class: 'ag-choices ag-outcome-choices', part: 'choices', 'aria-labelledby': headingId }, options),
        el('p', {}, el('button', { type: 'button', class: 'ag-button ag-button-small', 'data-action': 'cancel-outcome', 'data-for-choice': pending.id }, this.#t('cancelOutcome'))),
      );
      return frag;
    }
    frag.append(
      el('p', { class: 'ag-move', id: promptId }, this.#t('yourMove')),
      el('ul', { class: 'ag-choices', part: 'choices', 'aria-labelledby': promptId }, choices),
    );
    return frag;
  }

  /** The Explore button, the Print button (classroom mode), and the panel's language. */
  #renderTools() {
    const els = this.#els;
    els.root.dataset.mode = this.mode;
    els.exploreButton.textContent = this.#t(this.#exploreOpen ? 'exploreHide' : 'explore');
    els.printButton.textContent = this.#t('printHandout');
    els.printButton.hidden = this.mode !== 'classroom';
    if (this.#explore && this.#explore.lang !== this.#shownLang()) {
      // The panel's words are set when it is built: build it again in the new language.
      const open = this.#exploreOpen;
      this.#closeExplore();
      if (open) this.#toggleExplore(true);
    }
  }

  /** The flashpoints switched on, named above the card. */
  #renderClassroom() {
    const els = this.#els;
    const on = this.#guide ? this.#guide.info(this.#shownLang()).flashpoints.filter((f) => f.on) : [];
    els.flashpointNote.hidden = !on.length;
    els.flashpointNote.replaceChildren(
      ...(on.length
        ? [
            el('p', { class: 'ag-flashpoint-title' }, this.#t('flashpointsOn')),
            el('ul', {}, on.map((f) => el('li', { 'data-flashpoint': f.id }, el('strong', {}, f.label), f.description ? [' — ', this.#inline(f.description)] : null))),
          ]
        : []),
    );
  }

  /** Opens or closes the Explore panel, loading its module the first time. */
  async #toggleExplore(open, { runLab = false } = {}) {
    const els = this.#els;
    this.#exploreOpen = open;
    els.explore.hidden = !open;
    els.exploreButton.setAttribute('aria-expanded', String(open));
    els.exploreButton.textContent = this.#t(open ? 'exploreHide' : 'explore');
    if (!open || !this.#guide) return;
    if (!this.#explore) {
      const loadId = this.#loadId;
      els.explore.replaceChildren(el('p', { class: 'ag-loading' }, this.#t('exploreLoading')));
      let m;
      try {
        // Odds, simulation and the map are the full engine's: a compiled guide's run moves onto it now.
        [m] = await Promise.all([import(assetUrl('explore', './agreement-guide-explore.js')), this.#fullEngine()]);
      } catch (err) {
        els.explore.replaceChildren(el('p', { class: 'ag-explore-error' }, this.#t('exploreFailed', { message: err?.message ?? String(err) })));
        return;
      }
      if (loadId !== this.#loadId || !this.#guide || !this.#exploreOpen) return;
      if (!this.#explore) {
        const host = this;
        this.#explore = m.createExplorer({
          get guide() {
            return host.#guide;
          },
          t: (id, vars) => this.#t(id, vars),
          el,
          h: (offset, attrs, ...children) => this.#h(offset, attrs, ...children),
          percent: (p) => this.#percent(p),
          number: (n) => this.#number(n),
          info: () => this.#info,
          view: () => this.#view,
          lang: () => this.#shownLang(),
          uid: (prefix) => this.#uid(prefix),
          rewind: (step) => this.rewind(step),
          lab: m.parseLabParam(this.#lab),
          onLab: (settings) => {
            this.#lab = m.formatLabParam(settings);
            this.#syncUrl();
            const share = this.#els.stage.querySelector('[data-share-url]');
            if (share) share.value = this.#shareUrl();
          },
        });
        this.#explore.lang = this.#shownLang();
        els.explore.replaceChildren(this.#explore.element);
      }
    }
    this.#explore.update();
    if (runLab) await this.#explore.runLab();
  }

  #closeExplore() {
    this.#explore?.destroy();
    this.#explore = null;
    this.#exploreOpen = false;
    if (!this.#els) return;
    this.#els.explore.hidden = true;
    this.#els.explore.replaceChildren();
    this.#els.exploreButton.setAttribute('aria-expanded', 'false');
  }

  /** Printed by the browser (Ctrl+P, its menu) in classroom mode: the handout too, as with the Print button. */
  #onBeforePrint = () => {
    if (this.mode === 'classroom' && this.#guide && !this.#compiled) this.#renderHandout();
  };

  /** Lays out the whole script as a handout (shown only in print) and opens the print dialog. */
  async #printHandout() {
    const loadId = this.#loadId;
    try {
      await this.#fullEngine(); // the script is the full engine's
    } catch (err) {
      this.#notice = this.#t('errorOther', { message: String(err?.message ?? err) });
      this.#invalidate('view');
      return;
    }
    if (loadId !== this.#loadId || !this.#guide) return;
    this.#renderHandout();
    window.print();
  }

  #renderHandout() {
    const s = this.#guide.script(this.#shownLang());
    const names = new Map([...s.nodes.map((n) => [n.id, plain(n.heading)]), ...s.endings.map((e) => [e.id, plain(e.verdict)])]);
    const flashpoints = new Map(s.flashpoints.map((f) => [f.id, f.label]));
    const leadsTo = (ids) => (ids.length ? el('span', { class: 'ag-handout-next' }, ' ', arrow('→'), ` ${this.#t('handoutLeadsTo', { to: this.#list(ids.map((id) => names.get(id) ?? id)) })}`) : null);
    const note = (text) => el('span', { class: 'ag-handout-note' }, ` — ${text}`);
    const choice = (c) =>
      el(
        'li',
        { 'data-choice': c.id },
        el('strong', {}, this.#inline(c.label)),
        c.flashpoint ? note(this.#t('handoutFlashpoint', { name: flashpoints.get(c.flashpoint) ?? c.flashpoint })) : null,
        c.unmet ? note(this.#t('handoutOnlyWhen', { reason: plain(c.unmet) })) : null,
        leadsTo(c.next),
        c.outcomes.length
          ? el(
              'div',
              { class: 'ag-handout-outcomes' },
              el('p', {}, this.#t('handoutOutcomes')),
              el(
                'ul',
                {},
                c.outcomes.map((o) =>
                  el('li', { 'data-outcome': o.id }, el('strong', {}, this.#inline(o.label)), o.actor ? ` (${this.#actorLabel(o.actor)})` : '', leadsTo(o.next), o.text ? el('div', {}, this.#rich(o.text)) : null, this.#cardSources(o.sources)),
                ),
              ),
            )
          : null,
      );
    this.#els.handout.replaceChildren(
      this.#h(0, { class: 'ag-handout-title' }, this.#inline(s.title)),
      el('p', { class: 'ag-kicker' }, this.#t('handoutTitle')),
      el('div', {}, this.#rich(s.summary)),
      el('div', { class: 'ag-model-tag' }, this.#rich(s.assumptions)),
      el(
        'ol',
        { class: 'ag-handout-nodes' },
        s.nodes.map((n) =>
          el(
            'li',
            { class: 'ag-handout-node', 'data-node': n.id },
            this.#h(1, {}, this.#inline(n.heading)),
            el('p', { class: 'ag-handout-actor' }, this.#actorLabel(n.actor)),
            el('div', {}, this.#rich(n.body)),
            this.#cardSources(n.sources),
            n.prompt ? el('div', { class: 'ag-prompt' }, el('p', { class: 'ag-prompt-title' }, this.#t('discussion')), this.#rich(n.prompt)) : null,
            el('p', { class: 'ag-handout-label' }, this.#t('handoutChoices')),
            el('ul', {}, n.choices.map(choice)),
          ),
        ),
      ),
      this.#h(1, {}, this.#t('handoutEndings')),
      el(
        'ol',
        { class: 'ag-handout-endings' },
        s.endings.map((e) =>
          el('li', { 'data-ending': e.id }, this.#h(2, {}, this.#inline(e.verdict)), this.#rich(e.summary), el('p', { class: 'ag-handout-label' }, this.#t('inReality')), this.#rich(e.reality), this.#cardSources(e.sources)),
        ),
      ),
      this.#h(1, {}, this.#t('handoutSources')),
      el('ol', { class: 'ag-handout-sources' }, s.sources.map((src) => el('li', {}, src.citation, src.url ? ` ${src.url}` : ''))),
    );
  }

  /** At an ending in classroom mode: the code a student hands in (the share token). */
  #handIn(v) {
    const id = this.#uid('ag-hand-in');
    const hint = this.#uid('ag-hand-in-hint');
    return el(
      'div',
      { class: 'ag-share ag-hand-in', part: 'hand-in' },
      el('label', { for: id, class: 'ag-share-label' }, this.#t('handInLabel')),
      el(
        'div',
        { class: 'ag-share-row' },
        el('input', { id, type: 'text', readonly: true, value: v.token, class: 'ag-share-url', dir: 'ltr', 'data-hand-in': '', 'data-action': 'select-all', 'aria-describedby': hint, spellcheck: 'false' }),
        el('button', { type: 'button', class: 'ag-button', part: 'button copy-code', 'data-action': 'copy-code' }, this.#t('copyCode')),
      ),
      el('p', { class: 'ag-share-hint', id: hint }, this.#t('handInHint')),
      el('p', { class: 'ag-copy-status', 'data-code-status': '' }),
    );
  }

  #copyCode() {
    return this.#copyField('[data-hand-in]', '[data-code-status]', 'codeCopied', 'codeCopyManually');
  }

  // ── rendering ─────────────────────────────────────────────────────────────
  #t(id, vars = {}, fallback = id) {
    return this.#template(id, fallback, vars.count).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
  }

  /**
   * A UI string with its `{placeholders}`, in the language on screen. A string
   * that depends on a number is written once per plural category of each
   * language (`id.one`, `id.other`; Chinese has only `other`): `count` picks
   * the form by the language's own rules (Intl.PluralRules), `other` when a
   * language lacks that form.
   */
  #template(id, fallback = id, count = undefined) {
    const lang = this.#shownLang();
    const table = STRINGS[lang] ?? STRINGS[lang.split('-')[0]] ?? STRINGS.en;
    if (`${id}.other` in STRINGS.en) {
      const form = `${id}.${this.#format(Intl.PluralRules, {}).select(Number(count))}`;
      return table[form] ?? table[`${id}.other`] ?? STRINGS.en[form] ?? STRINGS.en[`${id}.other`];
    }
    return table[id] ?? STRINGS.en[id] ?? fallback;
  }

  /**
   * Like #t, as nodes, each placeholder's value (scenario text) in its own
   * <bdi>: right-to-left or direction-override characters in a label cannot
   * reorder the widget's words around it.
   */
  #tIsolated(id, vars) {
    return this.#template(id, id, vars.count)
      .split(/(\{\w+\})/)
      .map((part) => {
        const k = part.match(/^\{(\w+)\}$/)?.[1];
        return k ? isolated(String(vars[k] ?? '')) : part;
      })
      .filter((part) => part !== '');
  }

  #percent(p) {
    return this.#format(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 0 }).format(p);
  }

  #number(n) {
    return this.#format(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(n);
  }

  #list(items) {
    return this.#format(Intl.ListFormat, { type: 'conjunction' }).format(items);
  }

  #uid(prefix) {
    return `${prefix}-${++this.#idCount}`;
  }

  #h(offset, attrs, ...children) {
    return el(`h${Math.min(this.headingLevel + offset, 6)}`, attrs, ...children);
  }

  #invalidate(...parts) {
    for (const p of parts) this.#dirty[p] = true;
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      this.#render();
    });
  }

  /** The skeleton: built once (again if the heading level changes). */
  #build() {
    const h = (offset, text) => this.#h(offset, { class: 'ag-section-title' }, text);
    const els = {};
    els.status = el('div', { class: 'ag-visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    els.kicker = el('p', { class: 'ag-kicker' });
    // The language switcher: one toggle button per language the guide declares.
    els.languageLabel = el('span', { class: 'ag-languages-label', id: 'ag-languages-label' });
    els.languageOptions = el('span', { class: 'ag-languages-options' });
    els.languages = el(
      'div',
      { class: 'ag-languages', part: 'languages', role: 'group', 'aria-labelledby': 'ag-languages-label', hidden: true },
      els.languageLabel,
      els.languageOptions,
    );
    els.title = this.#h(0, { class: 'ag-title', part: 'title', id: 'ag-title' });
    els.summary = el('div', { class: 'ag-summary', part: 'summary' });
    els.header = el(
      'header',
      { class: 'ag-header', part: 'header' },
      el('div', { class: 'ag-header-top' }, els.kicker, els.languages),
      els.title,
      els.summary,
    );
    els.loading = el('p', { class: 'ag-loading', part: 'loading' });
    els.error = el('div', { class: 'ag-error', part: 'error', hidden: true });
    els.notice = el('p', { class: 'ag-notice', part: 'notice', hidden: true });
    els.progressLabel = el('span', { class: 'ag-progress-label', id: 'ag-progress-label' });
    els.progressBar = el('progress', { class: 'ag-progress-bar', 'aria-labelledby': 'ag-progress-label' });
    els.progress = el('div', { class: 'ag-progress', part: 'progress' }, els.progressLabel, els.progressBar);
    els.stage = el('div', { class: 'ag-stage' });
    els.back = el('button', { type: 'button', class: 'ag-button', part: 'button back', 'data-action': 'back' });
    els.restart = el('button', { type: 'button', class: 'ag-button', part: 'button restart', 'data-action': 'restart' });
    els.controls = el('div', { class: 'ag-controls', part: 'controls' }, els.back, els.restart);
    els.play = el('div', { class: 'ag-play' }, els.progress, els.stage, els.controls);

    els.dashboardTitle = h(1);
    els.dashboardNote = el('p', { class: 'ag-model-tag' });
    els.meters = el('ul', { class: 'ag-meters', part: 'meters' });
    els.assumptionsSummary = el('summary');
    els.assumptionsBody = el('div', { class: 'ag-assumptions-body' });
    els.assumptions = el('details', { class: 'ag-assumptions', part: 'assumptions' }, els.assumptionsSummary, els.assumptionsBody);
    els.dashboard = el('div', { class: 'ag-dashboard', part: 'dashboard' }, els.dashboardTitle, els.dashboardNote, els.meters, els.assumptions);
    els.trailTitle = h(1);
    els.trailTitle.id = 'ag-trail-title';
    // Scrolls when long, so it takes focus (and a name) for keyboard readers.
    els.trailList = el('ol', { class: 'ag-trail-list', tabindex: '0', 'aria-labelledby': 'ag-trail-title' });
    els.trailEmpty = el('p', { class: 'ag-trail-empty' });
    els.trail = el('div', { class: 'ag-trail', part: 'trail' }, els.trailTitle, els.trailEmpty, els.trailList);
    els.side = el('div', { class: 'ag-side' }, els.dashboard, els.trail);

    els.sourcesTitle = h(1);
    els.sourceList = el('ol', { class: 'ag-source-list' });
    els.backToText = el('button', { type: 'button', class: 'ag-button ag-button-small', 'data-action': 'back-to-text', hidden: true });
    els.sources = el('div', { class: 'ag-sources', part: 'sources' }, els.sourcesTitle, els.sourceList, els.backToText);

    // Explore panel (loaded on demand) and classroom extras.
    els.flashpointNote = el('div', { class: 'ag-flashpoint-note', part: 'flashpoints', hidden: true });
    els.exploreButton = el('button', { type: 'button', class: 'ag-button', part: 'button explore', 'data-action': 'explore', 'aria-expanded': 'false', 'aria-controls': 'ag-explore' });
    els.printButton = el('button', { type: 'button', class: 'ag-button', part: 'button print', 'data-action': 'print-handout', hidden: true });
    els.tools = el('div', { class: 'ag-tools', part: 'tools' }, els.exploreButton, els.printButton);
    els.explore = el('section', { class: 'ag-explore', part: 'explore', id: 'ag-explore', hidden: true });
    els.handout = el('div', { class: 'ag-handout', part: 'handout' });
    els.body = el('div', { class: 'ag-body' }, els.notice, els.flashpointNote, el('div', { class: 'ag-grid' }, els.play, els.side), els.tools, els.explore, els.sources);
    els.root = el('div', { class: 'ag', part: 'root', 'data-state': 'loading' }, els.status, els.header, els.loading, els.error, els.body, els.handout);
    this.#shadow.replaceChildren(el('link', { rel: 'stylesheet', href: STYLESHEET_URL }), els.root);
    els.takeover = takeover(this, this.#shadow, els.root); // prerender: shows the page's card while loading
    this.#els = els;
  }

  #render() {
    if (!this.#els) return;
    const { shell, view } = this.#dirty;
    this.#dirty = { shell: false, view: false };
    const els = this.#els;
    els.root.dataset.state = this.#phase === 'idle' ? 'loading' : this.#phase;
    els.root.setAttribute('aria-busy', String(this.#phase === 'loading'));
    els.loading.hidden = this.#phase !== 'loading';
    els.error.hidden = this.#phase !== 'error';
    els.body.hidden = this.#phase !== 'ready';
    els.header.hidden = this.#phase !== 'ready';
    els.takeover(this.#phase); // prerender: the page's card until the live one is drawn
    if (shell) this.#renderShell();
    if (view && this.#phase === 'ready') this.#renderView();
    const after = this.#after;
    this.#after = [];
    for (const fn of after) fn();
  }

  /** What stays put while the reader plays: title, summary, sources, labels. */
  #renderShell() {
    const els = this.#els;
    const lang = this.#shownLang();
    els.root.lang = lang;
    // A right-to-left language sets its direction; any other follows the page's.
    if (isRtl(lang)) els.root.dir = 'rtl';
    else els.root.removeAttribute('dir');
    els.loading.textContent = this.#t('loading');
    els.back.replaceChildren(arrow('←'), ` ${this.#t('back')}`);
    els.restart.textContent = this.#t('restart');
    els.dashboardTitle.textContent = this.#t('dashboard');
    els.dashboardNote.textContent = this.#t('dashboardNote');
    els.assumptionsSummary.textContent = this.#t('aboutNumbers');
    els.trailTitle.textContent = this.#t('trail');
    els.trailEmpty.textContent = this.#t('trailEmpty');
    els.sourcesTitle.textContent = this.#t('sources');
    els.backToText.textContent = `↑ ${this.#t('backToText')}`;
    els.kicker.textContent = this.#t('kicker');
    this.#renderLanguages();
    this.#renderTools();

    if (this.#phase === 'error') this.#renderError();
    const info = this.#info;
    if (!info) return;
    els.title.replaceChildren(this.#inline(info.title));
    els.summary.replaceChildren(this.#rich(info.summary));

    const descriptions = el(
      'dl',
      { class: 'ag-meter-descriptions' },
      (this.#view?.meters ?? [])
        .filter((m) => m.shown && m.description)
        .map((m) => [el('dt', {}, m.label), el('dd', {}, m.description)]),
    );
    els.assumptionsBody.replaceChildren(this.#rich(info.assumptions), descriptions);

    els.sourceList.replaceChildren(
      ...info.sources.map((s) => {
        // A source in another language than the guide's text says so, for screen readers.
        const text = s.lang ? el('span', { lang: s.lang, dir: 'auto' }, s.citation) : s.citation;
        const citation = s.url
          ? el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, text, el('span', { class: 'ag-visually-hidden' }, ` ${this.#t('newTab')}`))
          : el('span', {}, text);
        return el('li', { 'data-source': s.key, tabindex: '-1', part: 'source' }, citation);
      }),
    );
  }

  /** The language switcher, when the guide has more than one language. */
  #renderLanguages() {
    const els = this.#els;
    const languages = this.#info?.languages ?? [];
    els.languages.hidden = languages.length < 2;
    els.languageLabel.textContent = this.#t('language');
    // The buttons are built once per list, so the one just pressed keeps focus.
    const key = languages.join(' ');
    if (els.languageOptions.dataset.languages !== key) {
      els.languageOptions.dataset.languages = key;
      els.languageOptions.replaceChildren(
        ...languages.map((code) =>
          el('button', { type: 'button', class: 'ag-language', part: 'button language', 'data-action': 'language', 'data-lang': code, lang: code }, languageName(code)),
        ),
      );
    }
    for (const button of els.languageOptions.children) {
      button.setAttribute('aria-pressed', String(button.dataset.lang === this.#info?.language));
    }
  }

  #renderError() {
    const { message, diagnostics, fallback } = this.#error;
    this.#els.error.toggleAttribute('data-fallback', !!fallback);
    if (fallback) {
      // The guide's title when its file could be read, the one line, then the element's own content.
      this.#els.error.replaceChildren(
        this.#h(0, { class: 'ag-title', part: 'title' }, fallback.title ?? this.#t('errorTitle')),
        el('p', { class: 'ag-fallback-note', part: 'fallback' }, message),
        el('slot', { class: 'ag-fallback-content' }),
      );
      return;
    }
    const items = diagnostics.map((d) => {
      const where = [d.line ? `${d.line}:${d.column ?? 0}` : '', d.location ?? ''].filter(Boolean).join(' ');
      const text = `${where ? `${where} — ` : ''}${d.message}${d.suggestion ? ` (${d.suggestion})` : ''}`;
      return el('li', { 'data-code': d.code ?? '' }, text);
    });
    this.#els.error.replaceChildren(
      this.#h(0, { class: 'ag-error-title' }, this.#t('errorTitle')),
      el('p', {}, message),
      items.length ? el('ul', { class: 'ag-diagnostics' }, items) : null,
    );
  }

  /** What changes with every step. */
  #renderView() {
    const els = this.#els;
    const v = this.#view;
    els.root.dataset.step = String(v.step);
    els.notice.hidden = !this.#notice;
    els.notice.textContent = this.#notice ?? '';

    els.progress.hidden = !v.progress;
    if (v.progress) {
      els.progressLabel.textContent = v.progress.label;
      els.progressBar.max = v.progress.max || 1;
      els.progressBar.value = v.progress.value;
    }

    els.stage.replaceChildren(v.ending ? this.#ending(v) : this.#card(v));
    els.controls.hidden = v.step === 0;
    els.back.disabled = !v.canUndo;
    els.restart.hidden = !!v.ending; // the ending has its own "Play again"

    els.meters.replaceChildren(...v.meters.filter((m) => m.shown).map((m) => this.#meter(m)));

    els.trailEmpty.hidden = v.history.length > 0;
    els.trailList.hidden = !v.history.length;
    els.trailList.replaceChildren(
      ...v.history.map((h) => {
        const outcome = h.outcome
          ? [' ', arrow('→'), ' ', this.#tIsolated('trailOutcome', { outcome: h.outcome, p: this.#percent(h.probability) }), h.decided ? ` ${this.#t('trailDecided')}` : '']
          : null;
        return el(
          'li',
          { 'data-actor': h.actor, 'data-node': h.node },
          el('span', { class: 'ag-trail-heading' }, isolated(h.heading)),
          el('span', { class: 'ag-trail-choice' }, isolated(h.choiceLabel), outcome),
        );
      }),
    );

    this.#renderClassroom();
    if (this.#exploreOpen) this.#explore?.update();

    if (v.node && !firstCardMarked) {
      firstCardMarked = true;
      performance.mark(FIRST_CARD_MARK);
    }
  }

  #card(v) {
    const node = v.node;
    const choices = v.choices.map((c) => {
      const team = this.#decider(node, c);
      const note = team
        ? el('span', { class: 'ag-choice-note' }, this.#t('teamResponds', { team: this.#actorLabel(team) }))
        : c.chance
          ? el('span', { class: 'ag-choice-note' }, this.#t('chance'))
          : null;
      let reason = null;
      if (!c.enabled) {
        const id = this.#uid('ag-reason');
        reason = el('p', { class: 'ag-reason', id, part: 'reason' }, this.#tIsolated('unavailable', { reason: plain(c.reason) }));
      }
      const button = el(
        'button',
        {
          type: 'button',
          class: 'ag-choice',
          part: 'choice',
          'data-action': 'choose',
          'data-choice-id': c.id,
          'aria-disabled': c.enabled ? null : 'true',
          'aria-describedby': reason?.id,
        },
        el('span', { class: 'ag-choice-label' }, this.#inline(c.label)),
        note,
      );
      return el('li', {}, button, reason);
    });
    const promptId = this.#uid('ag-move');
    const badge = this.#badge(node.actor);
    return el(
      'article',
      { class: 'ag-card', part: 'card', 'data-actor': node.actor, 'data-slot': badge.dataset.slot, 'data-node': node.id },
      badge,
      this.#h(1, { class: 'ag-heading', part: 'heading', tabindex: '-1', 'data-focus-target': '' }, this.#inline(node.heading)),
      this.#outcome(v.outcome),
      this.#image(node.image),
      el('div', { class: 'ag-card-body', part: 'body' }, this.#rich(node.body)),
      this.#cardSources(node.sources),
      node.prompt && this.mode === 'classroom'
        ? el('div', { class: 'ag-prompt', part: 'prompt' }, el('p', { class: 'ag-prompt-title' }, this.#t('discussion')), this.#rich(node.prompt))
        : null,
      this.#moveArea(v, promptId, choices),
    );
  }

  #ending(v) {
    const e = v.ending;
    const shareId = this.#uid('ag-share');
    const hintId = this.#uid('ag-share-hint');
    return el(
      'article',
      { class: 'ag-card ag-ending', part: 'ending', 'data-ending-id': e.id },
      el('p', { class: 'ag-badge ag-badge-verdict', part: 'badge' }, this.#t('verdict')),
      this.#h(1, { class: 'ag-heading ag-verdict', part: 'heading verdict', tabindex: '-1', 'data-focus-target': '' }, this.#inline(e.verdict)),
      this.#outcome(v.outcome),
      el('div', { class: 'ag-card-body', part: 'body' }, this.#rich(e.summary)),
      el(
        'section',
        { class: 'ag-reality', part: 'reality' },
        this.#h(2, { class: 'ag-reality-title' }, this.#t('inReality')),
        this.#rich(e.reality),
        this.#cardSources(e.sources),
      ),
      this.mode === 'classroom' ? this.#handIn(v) : null,
      el(
        'div',
        { class: 'ag-share', part: 'share' },
        el('label', { for: shareId, class: 'ag-share-label' }, this.#t('share')),
        el(
          'div',
          { class: 'ag-share-row' },
          el('input', {
            id: shareId,
            type: 'text',
            readonly: true,
            value: this.#shareUrl(),
            class: 'ag-share-url',
            dir: 'ltr', // a URL reads left to right, in right-to-left text too
            'data-share-url': '',
            'data-action': 'select-all',
            'aria-describedby': hintId,
            spellcheck: 'false',
          }),
          el('button', { type: 'button', class: 'ag-button', part: 'button copy', 'data-action': 'copy' }, this.#t('copy')),
        ),
        el('p', { class: 'ag-share-hint', id: hintId }, this.#t('shareHint')),
        el('p', { class: 'ag-copy-status', 'data-copy-status': '' }),
      ),
      el('p', {}, el('button', { type: 'button', class: 'ag-button ag-button-primary', part: 'button play-again', 'data-action': 'restart' }, this.#t('playAgain'))),
    );
  }

  /** An actor's badge: the scenario's label for it, else the widget's own word, else its id. */
  #badge(actor) {
    const actors = (this.#info?.actors ?? []).filter((a) => a.id !== 'narrator');
    const slot = actors.findIndex((a) => a.id === actor);
    const label = this.#info?.actors?.find((a) => a.id === actor)?.label ?? this.#t(`actor.${actor}`, {}, actor);
    return el('p', { class: 'ag-badge', part: 'badge', 'data-actor': actor, 'data-slot': slot >= 0 ? slot % 3 : null }, isolated(label));
  }

  /**
   * A card's image, resolved against the scenario file. The core accepts
   * only relative addresses; as a second lock, one that would leave this
   * page's origin is not shown.
   */
  #image(image) {
    if (!image) return null;
    const url = new URL(image.src, this.#base ?? document.baseURI);
    if (url.origin !== location.origin) return null;
    return el(
      'figure',
      { class: 'ag-figure', part: 'figure' },
      el('img', { class: 'ag-image', part: 'image', src: url.href, alt: image.alt, decoding: 'async' }),
      image.caption ? el('figcaption', { class: 'ag-figcaption', part: 'caption' }, this.#inline(image.caption)) : null,
    );
  }

  /** What the last random draw did and how likely it was: a model assumption. */
  #outcome(o) {
    if (!o) return null;
    return el(
      'div',
      { class: 'ag-outcome', part: 'outcome' },
      el('p', { class: 'ag-outcome-choice' }, this.#tIsolated('youChose', { choice: o.choice })),
      el(
        'p',
        { class: 'ag-outcome-line' },
        el('strong', { class: 'ag-outcome-label' }, this.#inline(o.label)),
        ` — ${this.#odds(o)} `,
        el('span', { class: 'ag-model-tag' }, this.#t('parenthetical', { text: this.#t('modelAssumption') })),
      ),
      o.text ? el('div', { class: 'ag-outcome-text' }, this.#rich(o.text)) : null,
      this.#cardSources(o.sources),
    );
  }

  #odds(o) {
    const p = this.#percent(o.probability);
    return o.factors.length ? this.#t('likelyGiven', { p, factors: this.#list(o.factors) }) : this.#t('likely', { p });
  }

  /** The live-region text for a step: the new heading and, if any, the outcome. */
  #announcement() {
    const v = this.#view;
    const heading = plain(v.ending ? v.ending.verdict : v.node?.heading);
    if (!v.outcome) return heading;
    return `${plain(v.outcome.label)} — ${this.#odds(v.outcome)} ${this.#t('parenthetical', { text: this.#t('modelAssumption') })}. ${heading}`;
  }

  #announce(text) {
    const status = this.#els.status;
    status.textContent = '';
    // A fresh text node on the next frame is announced even when it repeats the last one.
    requestAnimationFrame(() => {
      status.textContent = text;
    });
  }

  #cardSources(keys) {
    if (!keys?.length) return null;
    const label = this.#t('cardSources');
    // A full-width colon ("来源：") carries its own space.
    const gap = /[\u3000-\u303f\uff00-\uffef]$/.test(label) ? '' : ' ';
    return el('p', { class: 'ag-card-sources' }, label + gap, el('span', { class: 'ag-cites' }, keys.map((k) => this.#cite(k))));
  }

  #meter(m) {
    const flag = m.kind === 'flag';
    const value = flag ? this.#t(m.value ? 'yes' : 'no') : this.#number(m.value);
    let delta = null;
    let words = null;
    if (m.delta) {
      const up = m.delta > 0;
      words = flag ? this.#t(up ? 'flagOn' : 'flagOff') : this.#t(up ? 'up' : 'down', { n: this.#number(Math.abs(m.delta)) });
      delta = el(
        'span',
        { class: 'ag-delta', 'data-direction': up ? 'up' : 'down' },
        el('span', { 'aria-hidden': 'true' }, up ? '▲ ' : '▼ '),
        flag ? words : el('span', {}, el('span', { class: 'ag-visually-hidden' }, words), el('span', { 'aria-hidden': 'true' }, this.#number(Math.abs(m.delta)))),
      );
    }
    const labelId = `ag-meter-label-${m.id}`;
    const row = el('div', { class: 'ag-meter-row' }, el('span', { class: 'ag-meter-label', id: labelId }, isolated(m.label)), el('span', { class: 'ag-meter-value' }, value), delta);
    const item = { class: 'ag-meter', part: 'meter', 'data-meter-id': m.id, 'data-kind': m.kind };
    if (flag) return el('li', item, row);
    const fill = el('span', { class: 'ag-meter-fill' });
    const span = m.max - m.min;
    fill.style.setProperty('--_fill', String(span > 0 ? (m.value - m.min) / span : 0));
    const bar = el('span', { class: 'ag-meter-bar', 'aria-hidden': 'true' }, fill);
    // A meter for assistive technology: its name is the label, its value the number and the last change.
    const valueText = words ? `${value}, ${words}` : value;
    const meter = el(
      'div',
      { class: 'ag-meter-gauge', role: 'meter', 'aria-labelledby': labelId, 'aria-valuemin': m.min, 'aria-valuemax': m.max, 'aria-valuenow': m.value, 'aria-valuetext': valueText },
      row,
      bar,
    );
    return el('li', item, meter);
  }

  /** A citation marker: the source's number, jumping to it in the list. */
  #cite(key) {
    const n = (this.#info?.sources.findIndex((s) => s.key === key) ?? -1) + 1;
    if (!n) return null;
    return el(
      'sup',
      { class: 'ag-cite' },
      el('button', { type: 'button', class: 'ag-cite-button', part: 'cite', 'data-action': 'cite', 'data-source': key, 'aria-label': this.#t('citeLabel', { n }) }, `[${n}]`),
    );
  }

  /** Rich text as paragraphs. */
  #rich(paragraphs) {
    const frag = document.createDocumentFragment();
    for (const p of paragraphs ?? []) frag.append(el('p', {}, this.#spans(p)));
    return frag;
  }

  /** Rich text inline (a heading or a label): paragraphs joined by spaces. */
  #inline(paragraphs) {
    const frag = isolated();
    (paragraphs ?? []).forEach((p, i) => {
      if (i) frag.append(' ');
      frag.append(...this.#spans(p));
    });
    return frag;
  }

  #spans(spans) {
    const out = [];
    let cites = null; // adjacent citation markers stay on one line: [2][3], never [2] / [3]
    for (const s of spans) {
      if (s.kind !== 'cite') {
        cites = null;
        out.push(this.#span(s));
        continue;
      }
      const marker = this.#cite(s.key);
      if (!marker) continue;
      if (!cites) {
        // The markers stay on the line of the word they follow: that word joins their no-wrap group.
        cites = el('span', { class: 'ag-cites' });
        const prev = out.at(-1);
        const word = prev?.nodeType === Node.TEXT_NODE ? this.#lastWord(prev.data) : null;
        if (word) {
          prev.data = prev.data.slice(0, -word.length);
          cites.append(word);
        }
        out.push(cites);
      }
      cites.append(marker);
    }
    return out;
  }

  /**
   * The last word of a text and the punctuation after it ("agreement.",
   * "投诉。"), or null. Chinese and Japanese put no spaces between words, so
   * the word comes from Intl.Segmenter, not from the last run of non-spaces
   * (which could be a whole sentence that would then never wrap).
   */
  #lastWord(text) {
    const run = text.match(/\S+$/)?.[0];
    // Text in scripts that space their words needs no segmenter: a word
    // segmenter's first use loads ICU's break dictionaries, which cost more
    // than everything else before the first card (docs/performance.md).
    if (!run || !SPACELESS_SCRIPT.test(run) || typeof Intl.Segmenter !== 'function') return run ?? null;
    const segments = [...this.#format(Intl.Segmenter, { granularity: 'word' }).segment(run)];
    let i = segments.length - 1;
    while (i > 0 && !segments[i].isWordLike) i--;
    return run.slice(segments[i].index);
  }

  #span(s) {
    switch (s.kind) {
      case 'marker':
        // An invented paragraph's tag, in the widget's own words (the core says which).
        return el('span', { class: 'ag-marker', part: 'marker', 'data-marker': s.marker }, this.#t(s.marker === 'game' ? 'markerGame' : 'markerModel'));
      case 'em':
        return el('em', {}, s.text ?? '');
      case 'strong':
        return el('strong', {}, s.text ?? '');
      case 'link':
        // The core only lets https links through; this check is a second lock.
        if (!/^https:\/\//i.test(s.href ?? '')) return document.createTextNode(s.text ?? '');
        return el('a', { href: s.href, rel: 'noopener noreferrer', target: '_blank' }, s.text ?? '', el('span', { class: 'ag-visually-hidden' }, ` ${this.#t('newTab')}`));
      default:
        return document.createTextNode(s.text ?? '');
    }
  }
}

AgreementGuideElement.define();
