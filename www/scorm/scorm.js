// @ts-check
// The guide inside a learning platform (LMS): the SCORM adapter that a
// package's launch page loads (`agreement-guide bundle --scorm 1.2|2004`, or
// the guide editor's downloads; the page is templates/scorm/launch.html).
//
// It is one host adapter on top of the element's own events and share token
// (README, "Embed it"): the element and the core know nothing
// of SCORM. What it tells the LMS, in the version's own names (README, "In
// your LMS", has the full list):
//   on start        initialise; status "incomplete" unless already completed;
//                   the run kept in suspend data is reopened (restore(token)),
//                   so a student who relaunches continues on the same card
//   every step      suspend data = the share token, location = the step, commit
//   every choice    an interaction: id (`<n>-step<step>-<choice>`), type
//                   "choice", the choice's id as the student's response, the
//                   time, result "neutral"
//   an ending       completion ("completed"), and an objective whose id is the
//                   ending's id, itself completed (one per ending reached); commit
//   on leaving      session time, exit "suspend" (a relaunch resumes), commit,
//                   finish (pagehide)
// Without an LMS (the page opened directly) it does nothing and the guide
// plays as anywhere else. A call the LMS refuses (an error code, a full
// suspend-data field) is reported once, in one console line, and the run goes
// on: nothing here throws into the page.

/**
 * How many parent frames the search climbs before it gives up: the limit of
 * ADL's own API-discovery sample (SCORM Run-Time Environment, "API
 * Implementation Location"), which LMS players are built to satisfy.
 */
const MAX_PARENTS = 7;

/** @typedef {'1.2' | '2004'} Version */

/**
 * The LMS's API object, the few methods used (SCORM 1.2 `API` or 2004 `API_1484_11`).
 * @typedef {Record<string, (...args: string[]) => string | boolean>} LmsApi
 */

/** Each version's names for the same things. */
const NAMES = {
  '1.2': {
    global: 'API',
    initialize: 'LMSInitialize',
    terminate: 'LMSFinish',
    get: 'LMSGetValue',
    set: 'LMSSetValue',
    commit: 'LMSCommit',
    lastError: 'LMSGetLastError',
    errorString: 'LMSGetErrorString',
    suspend: 'cmi.suspend_data',
    location: 'cmi.core.lesson_location',
    status: 'cmi.core.lesson_status',
    exit: 'cmi.core.exit',
    sessionTime: 'cmi.core.session_time',
    response: 'student_response',
    time: 'time',
    objectiveStatus: 'status',
  },
  '2004': {
    global: 'API_1484_11',
    initialize: 'Initialize',
    terminate: 'Terminate',
    get: 'GetValue',
    set: 'SetValue',
    commit: 'Commit',
    lastError: 'GetLastError',
    errorString: 'GetErrorString',
    suspend: 'cmi.suspend_data',
    location: 'cmi.location',
    status: 'cmi.completion_status',
    exit: 'cmi.exit',
    sessionTime: 'cmi.session_time',
    response: 'learner_response',
    time: 'timestamp',
    objectiveStatus: 'completion_status',
  },
};

/**
 * The standard search: this window and its parents (up to MAX_PARENTS), then
 * the window that opened this one and its parents, for the version's API
 * object. A frame of another origin cannot be looked into and ends that climb.
 * @param {Window} start
 * @param {Version} version
 * @returns {LmsApi | null}
 */
export function findApi(start, version) {
  const name = NAMES[version].global;
  /** @param {Window | null} win */
  const climb = (win) => {
    for (let tries = 0; win && tries <= MAX_PARENTS; tries++) {
      try {
        const api = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (win))[name];
        if (api && typeof api === 'object') return /** @type {LmsApi} */ (api);
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch {
        return null; // another origin's frame
      }
    }
    return null;
  };
  let opener = null;
  try {
    opener = start.opener;
  } catch {
    // an opener of another origin
  }
  return climb(start) ?? climb(opener);
}

/** Two digits. */
const two = (/** @type {number} */ n) => String(n).padStart(2, '0');

/**
 * A session's length as the version writes it: 1.2's `HHHH:MM:SS.SS`, 2004's
 * ISO 8601 duration (`PT1H2M3.4S`).
 * @param {number} ms
 * @param {Version} version
 */
export function sessionTime(ms, version) {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  if (version === '1.2') return `${String(h).padStart(4, '0')}:${two(m)}:${two(Math.floor(s))}.${two(cs % 100)}`;
  return `PT${h}H${m}M${s}S`;
}

/**
 * A moment as the version writes it: 1.2's time of day (`HH:MM:SS`), 2004's
 * local date and time (`2026-12-06T21:05:09`).
 * @param {Date} d
 * @param {Version} version
 */
export function timestamp(d, version) {
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return version === '1.2' ? time : `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${time}`;
}

/**
 * Connects a guide element to the LMS, if the page runs inside one. Returns
 * the session (for tests and hosts), or null where no LMS answers.
 * @param {HTMLElement & { token: string, restore(token: string): boolean }} guide
 * @param {Version} version
 * @param {Window} [win]
 */
export function connect(guide, version, win = window) {
  const api = findApi(win, version);
  if (!api) return null;
  const n = NAMES[version];
  /** What was reported already: one line per kind of refusal, not one per step. */
  const reported = new Set();

  /**
   * One call to the LMS; a refusal (false, an error code, a throw) becomes one console line.
   * @param {string} method
   * @param {string[]} args
   */
  const call = (method, ...args) => {
    let result;
    let code = '';
    try {
      result = api[method](...args);
      // A read of a value never set answers '' with an error code: that is
      // how a first launch looks, not a refusal. Reads are not reported.
      if (method !== n.get && String(result) === 'false') {
        code = String(api[n.lastError]?.() ?? '');
        if (code === '' || code === '0') code = 'false';
      }
    } catch (err) {
      code = String((err && typeof err === 'object' && 'message' in err ? err.message : null) ?? err);
    }
    if (code) {
      const what = `${method}(${args[0] ? JSON.stringify(args[0]) : ''})`;
      const key = `${what} ${code}`;
      if (!reported.has(key)) {
        reported.add(key);
        let text = '';
        try {
          text = /^\d+$/.test(code) ? String(api[n.errorString]?.(code) ?? '') : '';
        } catch {
          // the LMS's own error text is optional
        }
        console.warn(`agreement-guide: the learning platform refused ${what}: ${code}${text ? ` ${text}` : ''}; the guide goes on`);
      }
      return null;
    }
    return result;
  };
  const get = (/** @type {string} */ element) => {
    const v = call(n.get, element);
    return v == null ? '' : String(v);
  };
  const set = (/** @type {string} */ element, /** @type {string} */ value) => call(n.set, element, value);

  if (call(n.initialize, '') == null) return null;
  const started = Date.now();
  let open = true;

  const status = get(n.status);
  if (status !== 'completed' && status !== 'passed') set(n.status, 'incomplete');
  set(n.exit, 'suspend');
  const saved = get(n.suspend);
  let interactions = Number(get('cmi.interactions._count')) || 0;
  // The endings already recorded (an objective's id must be unique): ending id → index.
  const objectives = new Map();
  let nextObjective = Number(get('cmi.objectives._count')) || 0;
  for (let i = 0; i < nextObjective; i++) objectives.set(get(`cmi.objectives.${i}.id`), i);

  /** @param {number} step @param {string} token */
  const keep = (step, token) => {
    if (!open) return;
    set(n.suspend, token);
    set(n.location, String(step));
    // Every step is committed, not only at the end: a laptop shut mid-class
    // fires no pagehide, and the run must still be there on relaunch.
    call(n.commit, '');
  };

  let resumed = false;
  const onReady = () => {
    if (resumed) return;
    resumed = true;
    if (saved && saved !== guide.token && !guide.restore(saved)) {
      console.warn('agreement-guide: the run kept by the learning platform does not fit this guide (it changed since); starting afresh');
    }
  };
  const onStep = (/** @type {Event} */ e) => {
    const { step, token } = /** @type {CustomEvent} */ (e).detail;
    keep(step, token);
  };
  const onChoice = (/** @type {Event} */ e) => {
    if (!open) return;
    const { choice, step } = /** @type {CustomEvent} */ (e).detail;
    // Unique within the attempt: a run played again, or undone, takes the same step again.
    const at = `cmi.interactions.${interactions++}`;
    set(`${at}.id`, `${interactions}-step${step}-${choice}`);
    set(`${at}.type`, 'choice');
    set(`${at}.${n.response}`, choice);
    set(`${at}.${n.time}`, timestamp(new Date(), version));
    set(`${at}.result`, 'neutral');
  };
  const onComplete = (/** @type {Event} */ e) => {
    if (!open) return;
    const { ending } = /** @type {CustomEvent} */ (e).detail;
    set(n.status, 'completed');
    if (!objectives.has(ending)) objectives.set(ending, nextObjective++);
    const at = `cmi.objectives.${objectives.get(ending)}`;
    set(`${at}.id`, ending);
    set(`${at}.${n.objectiveStatus}`, 'completed');
    call(n.commit, '');
  };
  const leave = () => {
    if (!open) return;
    set(n.sessionTime, sessionTime(Date.now() - started, version));
    set(n.exit, 'suspend');
    call(n.commit, '');
    call(n.terminate, '');
    open = false;
    guide.removeEventListener('agreement-guide-ready', onReady);
    guide.removeEventListener('agreement-guide-step', onStep);
    guide.removeEventListener('agreement-guide-choice', onChoice);
    guide.removeEventListener('agreement-guide-complete', onComplete);
    win.removeEventListener('pagehide', leave);
  };

  guide.addEventListener('agreement-guide-ready', onReady);
  guide.addEventListener('agreement-guide-step', onStep);
  guide.addEventListener('agreement-guide-choice', onChoice);
  guide.addEventListener('agreement-guide-complete', onComplete);
  win.addEventListener('pagehide', leave);
  // The element may have been ready before this module ran.
  if (guide.token) onReady();
  return { version, leave };
}

// The launch page names its version in <meta name="agreement-guide-scorm">.
const meta = document.querySelector('meta[name="agreement-guide-scorm"]');
const guide = document.querySelector('agreement-guide');
const version = meta?.getAttribute('content');
if (guide && (version === '1.2' || version === '2004')) {
  connect(/** @type {HTMLElement & { token: string, restore(token: string): boolean }} */ (guide), version);
}
