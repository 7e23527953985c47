// @ts-check
// The widget's own words: STRINGS (by language, then by id), each language's
// name for the switcher, and `Words`, which formats them for one language
// (placeholders, plurals by Intl.PluralRules, numbers, lists). Scenario text
// comes from the core in the reader's language; nothing here holds rules.

import { isolated } from './dom.js';

/**
 * UI strings by language, then by string id. Scenario text comes from the
 * core in the reader's language; these are the widget's own words. A new
 * language is one more table with the same ids; a missing id falls back to
 * `en`. `{name}` is a placeholder.
 */
/** @type {Record<string, Record<string, string>>} */
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
    errorManifestInline: 'This compiled guide came as a data: URL, so the files it names cannot be found: serve it as a file beside them, or name them by full address.',
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
    printWorksheet: 'Print a worksheet',
    printHandout: 'Print the full script',
    worksheetKicker: 'Worksheet',
    worksheetName: 'Name',
    worksheetTeam: 'Team',
    worksheetCode: 'Hand-in code',
    worksheetHow: 'Play the guide together. When a card with a question comes up (find its number on the map), discuss it and write your answer under the question. At the end, tick the ending you reached.',
    worksheetMap: 'Map of decisions',
    worksheetMapNote: 'Every card in reading order, numbered, with its choices and where each leads: a card by its number, an ending by its letter. Where the other side responds, its possible responses are listed under the choice.',
    worksheetPrompts: 'Questions for discussion',
    worksheetCard: 'Card {n}: {heading}',
    worksheetEndingsNote: 'Tick the ending your run reached.',
    handoutTitle: 'Handout: every step in reading order',
    handoutChoices: 'Choices',
    handoutLeadsTo: 'leads to: {to}',
    handoutOutcomes: 'Possible responses:',
    handoutUnavailable: 'Not always available: {reason}',
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
    errorManifestInline: '这份编译指南以 data: 网址提供，找不到它所列的文件：请把它作为文件放在这些文件旁边，或写明它们的完整网址。',
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
    printWorksheet: '打印课堂练习单',
    printHandout: '打印完整讲义',
    worksheetKicker: '课堂练习单',
    worksheetName: '姓名',
    worksheetTeam: '小组',
    worksheetCode: '提交代码',
    worksheetHow: '全班一起玩这份指南。遇到带有讨论题的卡片时（编号见决策图），先讨论，再把答案写在题目下方。结束时，勾出你们到达的结局。',
    worksheetMap: '决策图',
    worksheetMapNote: '所有卡片按阅读顺序编号，下列各自的选项及去向：卡片用编号表示，结局用字母表示。由对方回应的选项，其可能的回应列在该选项下方。',
    worksheetPrompts: '讨论题',
    worksheetCard: '第 {n} 张卡片：{heading}',
    worksheetEndingsNote: '勾出你们这一局到达的结局。',
    handoutTitle: '讲义：按阅读顺序列出的每一步',
    handoutChoices: '选项',
    handoutLeadsTo: '通向：{to}',
    handoutOutcomes: '可能的回应：',
    handoutUnavailable: '有时无法选择：{reason}',
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
/** @type {Record<string, string>} */
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

/**
 * A language's own name: the table above, else the browser's, else the code.
 * @param {string} code
 */
export function languageName(code) {
  const known = /** @type {Record<string, string>} */ (LANGUAGE_NAMES)[code];
  if (known) return known;
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

/**
 * Whether a language is written right to left.
 * @param {string} code
 */
export function isRtl(code) {
  try {
    // getTextInfo() (textInfo in older engines) is newer than TypeScript's lib.
    const locale = /** @type {Intl.Locale & { getTextInfo?: () => { direction?: string }, textInfo?: { direction?: string } }} */ (new Intl.Locale(code));
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
 * @param {string} want
 * @param {string[]} available
 * @param {string} fallback
 */
export function matchLanguage(want, available, fallback) {
  const primary = (/** @type {string} */ tag) => tag.toLowerCase().split(/[-_]/)[0];
  const w = want.toLowerCase();
  return available.find((l) => l.toLowerCase() === w) ?? available.find((l) => primary(l) === primary(w)) ?? fallback;
}

/** Scripts written without spaces between words (where Intl.Segmenter finds the words). */
const SPACELESS_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

/**
 * The widget's words and formats in one language (the language on screen).
 * Made once per language by the element, so its Intl objects are made once.
 */
export class Words {
  /** @param {string} lang */
  constructor(lang) {
    this.lang = lang;
    /** @type {Map<string, unknown>} */
    this.formats = new Map();
  }

  /**
   * An Intl formatter (or segmenter) for this language, made once.
   * @template T
   * @template O
   * @param {new (lang: string, options: O) => T} Kind
   * @param {O} options
   * @returns {T}
   */
  format(Kind, options) {
    const key = `${Kind.name} ${JSON.stringify(options)}`;
    let f = /** @type {T | undefined} */ (this.formats.get(key));
    if (!f) this.formats.set(key, (f = new Kind(this.lang, options)));
    return f;
  }

  /**
   * A UI string with its `{placeholders}` filled in.
   * @param {string} id
   * @param {Record<string, unknown>} [vars]
   * @param {string} [fallback]
   */
  t(id, vars = {}, fallback = id) {
    return this.template(id, fallback, vars.count).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
  }

  /**
   * A UI string with its `{placeholders}`. A string that depends on a number
   * is written once per plural category of each language (`id.one`,
   * `id.other`; Chinese has only `other`): `count` picks the form by the
   * language's own rules (Intl.PluralRules), `other` when a language lacks that form.
   * @param {string} id
   * @param {string} [fallback]
   * @param {unknown} [count]
   * @returns {string}
   */
  template(id, fallback = id, count = undefined) {
    const lang = this.lang;
    const table = STRINGS[lang] ?? STRINGS[lang.split('-')[0]] ?? STRINGS.en;
    if (`${id}.other` in STRINGS.en) {
      const form = `${id}.${this.format(Intl.PluralRules, {}).select(Number(count))}`;
      return table[form] ?? table[`${id}.other`] ?? STRINGS.en[form] ?? STRINGS.en[`${id}.other`];
    }
    return table[id] ?? STRINGS.en[id] ?? fallback;
  }

  /**
   * Like `t`, as nodes, each placeholder's value (scenario text) in its own
   * <bdi>: right-to-left or direction-override characters in a label cannot
   * reorder the widget's words around it.
   * @param {string} id
   * @param {Record<string, unknown>} vars
   */
  isolated(id, vars) {
    return this.template(id, id, vars.count)
      .split(/(\{\w+\})/)
      .map((part) => {
        const k = part.match(/^\{(\w+)\}$/)?.[1];
        return k ? isolated(String(vars[k] ?? '')) : part;
      })
      .filter((part) => part !== '');
  }

  /** @param {number} p */
  percent(p) {
    return this.format(Intl.NumberFormat, { style: 'percent', maximumFractionDigits: 0 }).format(p);
  }

  /** @param {number} n */
  number(n) {
    return this.format(Intl.NumberFormat, { maximumFractionDigits: 1 }).format(n);
  }

  /** @param {string[]} items */
  list(items) {
    return this.format(Intl.ListFormat, { type: 'conjunction' }).format(items);
  }

  /**
   * The last word of a text and the punctuation after it ("agreement.",
   * "投诉。"), or null. Chinese and Japanese put no spaces between words, so
   * the word comes from Intl.Segmenter, not from the last run of non-spaces
   * (which could be a whole sentence that would then never wrap).
   * @param {string} text
   * @returns {string | null}
   */
  lastWord(text) {
    const run = text.match(/\S+$/)?.[0];
    // Text in scripts that space their words needs no segmenter: a word
    // segmenter's first use loads ICU's break dictionaries, which cost more
    // than everything else before the first card (docs/performance.md).
    if (!run || !SPACELESS_SCRIPT.test(run) || typeof Intl.Segmenter !== 'function') return run ?? null;
    const segments = [...this.format(Intl.Segmenter, { granularity: 'word' }).segment(run)];
    let i = segments.length - 1;
    while (i > 0 && !segments[i].isWordLike) i--;
    return run.slice(segments[i].index);
  }
}
