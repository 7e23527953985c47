// Firefox ESR and WebKitGTK behind one small interface, for the cross-engine
// smoke suite (engines.test.mjs). Chromium is not here: it keeps the full
// suite in tests/e2e/ (playwright-core).
//
//   const engine = await launchFirefox();   // or launchWebKit()
//   await engine.goto(url);
//   await engine.eval((a) => document.title + a, '!');   // a function, run in the page
//   await engine.click('[data-choice-id="x"]');          // found through open shadow roots
//   const frame = engine.frame('iframe');                 // the same eval/click, inside an iframe
//   await engine.screenshot('test-artifacts/x.png');
//   await engine.close();
//
// Firefox: npm puppeteer-core over WebDriver BiDi, Debian's firefox-esr, a
// fresh profile with every background connection off (the machine, like CI,
// has no network; a browser that phones home only slows down or logs noise).
//
// WebKit: Debian's WebKitWebDriver (webkit2gtk-driver), which starts
// MiniBrowser. MiniBrowser has no headless mode, so the driver runs under
// `xvfb-run -a` (a private X display). The client is npm selenium-webdriver:
// the W3C WebDriver bindings the Selenium project keeps, four small
// dependencies; its 18 MB are mostly the selenium-manager binaries it ships,
// which never run here because we start the driver ourselves and hand
// selenium its URL (usingServer). puppeteer-core cannot drive WebKit.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { Builder, By } from 'selenium-webdriver';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const WEBKIT_WEBDRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';

/** Debian ships MiniBrowser beside WebKitGTK's helper processes, e.g. /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser. */
export function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  const found = [];
  for (const arch of readdirSync('/usr/lib', { withFileTypes: true })) {
    if (!arch.isDirectory()) continue;
    let dirs = [];
    try {
      dirs = readdirSync(path.join('/usr/lib', arch.name)).filter((d) => d.startsWith('webkit2gtk-4.'));
    } catch {
      continue; // unreadable
    }
    for (const d of dirs) {
      const file = path.join('/usr/lib', arch.name, d, 'MiniBrowser');
      if (existsSync(file)) found.push(file);
    }
  }
  return found.sort().at(-1) ?? null; // the newest API version (4.1 over 4.0)
}

/**
 * Firefox prefs for a closed network and a quiet browser: no update checks,
 * captive-portal or connectivity probes, safe-browsing lists, telemetry,
 * remote settings, push, or "what's new" pages. puppeteer sets many such prefs
 * itself; these make sure, and say what we rely on.
 */
const FIREFOX_PREFS = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'browser.aboutHomeSnippets.updateUrl': '',
  'browser.newtabpage.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'dom.push.connection.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/', // remote settings: a closed local port, never the internet
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
};

/** The function `fn` as a script body that calls it with WebDriver's `arguments`. */
const asScript = (fn) => `return (${fn}).apply(null, arguments);`;

/**
 * Page-side: the first element matching `selector` in the document or in any
 * open shadow root under it (the widget renders into one).
 */
function deepQuery(selector) {
  const walk = (root) => {
    const hit = root.querySelector(selector);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      const found = el.shadowRoot && walk(el.shadowRoot);
      if (found) return found;
    }
    return null;
  };
  return walk(document);
}

/** Launches Firefox ESR headless with a fresh profile (removed on close). */
export async function launchFirefox() {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} not found — run 'npm run setup' (installs Debian's firefox-esr)`);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'agreement-guide-firefox-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: FIREFOX_PREFS,
      defaultViewport: { width: 900, height: 800 },
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const page = (await browser.pages())[0] ?? (await browser.newPage());
  const logged = []; // console errors, uncaught errors and requests off this machine, every frame
  page.on('console', (m) => {
    if (m.type() === 'error') logged.push(`console.error: ${m.text()}`);
  });
  page.on('pageerror', (e) => logged.push(`uncaught: ${e?.message ?? e}`));
  page.on('request', (req) => {
    // No request leaves the machine: the pages' own servers are on 127.0.0.1.
    const { protocol, hostname } = new URL(req.url());
    if (!['data:', 'blob:', 'about:'].includes(protocol) && hostname !== '127.0.0.1') logged.push(`off-origin request: ${req.method()} ${req.url()}`);
  });

  /** eval/click within a puppeteer Frame (the page's main frame, or an iframe's). */
  const context = (getFrame) => ({
    eval: async (fn, ...args) => (await getFrame()).evaluate(fn, ...args),
    click: async (selector) => {
      const handle = await (await getFrame()).evaluateHandle(deepQuery, selector);
      const el = handle.asElement();
      if (!el) throw new Error(`nothing matches ${selector}`);
      await el.click();
      await handle.dispose();
    },
  });
  return {
    name: `Firefox ESR ${(await browser.version()).split('/')[1] ?? ''}`.trim(),
    slug: 'firefox',
    ...context(async () => page.mainFrame()),
    frame: (selector) =>
      context(async () => {
        const f = await (await page.waitForSelector(selector)).contentFrame();
        if (!f) throw new Error(`${selector} has no content frame`);
        return f;
      }),
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    url: async () => page.url(),
    logged: () => logged.splice(0),
    screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
    close: async () => {
      try {
        await browser.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts WebKitWebDriver under `xvfb-run -a` and opens a MiniBrowser session.
 * HOME and the XDG dirs point at a fresh temp dir, so MiniBrowser starts from
 * an empty profile and cache (removed on close).
 */
export async function launchWebKit() {
  const binary = miniBrowser();
  for (const [what, file] of [['WebKitWebDriver', WEBKIT_WEBDRIVER], ['MiniBrowser', binary]]) {
    if (!file || !existsSync(file)) throw new Error(`${what} not found (${file ?? '/usr/lib/*/webkit2gtk-4.*/MiniBrowser'}) — run 'npm run setup' (installs Debian's webkit2gtk-driver and xvfb)`);
  }
  const home = mkdtempSync(path.join(os.tmpdir(), 'agreement-guide-webkit-'));
  const port = await freePort();
  const out = [];
  const driver = spawn('xvfb-run', ['-a', WEBKIT_WEBDRIVER, `--port=${port}`], {
    detached: true, // its own process group: closing ends xvfb-run, Xvfb, the driver and MiniBrowser together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: `${home}/config`, XDG_CACHE_HOME: `${home}/cache`, XDG_DATA_HOME: `${home}/data` },
  });
  for (const s of [driver.stdout, driver.stderr]) s.on('data', (d) => out.push(String(d)));
  let exited = null;
  driver.on('exit', (code, signal) => (exited = signal ?? code));
  const stop = () => {
    process.off('exit', stop);
    try {
      if (exited === null) process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(home, { recursive: true, force: true });
  };
  process.on('exit', stop); // a run that dies before close() leaves no Xvfb or MiniBrowser behind

  let session;
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (exited !== null) throw new Error(`WebKitWebDriver exited (${exited}): ${out.join('').trim()}`);
      const ok = await fetch(`${base}/status`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 300) throw new Error(`WebKitWebDriver did not answer on ${base} within 30 s: ${out.join('').trim()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    session = await new Builder()
      .usingServer(base)
      .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } })
      .build();
    await session.manage().window().setRect({ width: 900, height: 800 });
  } catch (err) {
    stop();
    throw err;
  }
  const caps = await session.getCapabilities();

  /** eval/click in the top document, or (frame = CSS selector) inside that iframe. */
  const context = (frame) => {
    const within = async (fn) => {
      if (!frame) return fn();
      await session.switchTo().frame(await session.findElement(By.css(frame)));
      try {
        return await fn();
      } finally {
        await session.switchTo().defaultContent();
      }
    };
    return {
      eval: (fn, ...args) => within(() => session.executeScript(asScript(fn), ...args)),
      click: async (selector) => {
        if (frame) {
          // WebKitWebDriver scrolls an element into view within its own frame
          // only, and a cross-origin iframe cannot scroll its host: a choice in
          // a self-sizing iframe below the host page's fold stays out of reach
          // (the click lands on nothing). So the host page scrolls first.
          const y = await within(() =>
            session.executeScript(`const el = (${deepQuery})(arguments[0]); if (!el) return null; const r = el.getBoundingClientRect(); return r.top + r.height / 2;`, selector),
          );
          if (y == null) throw new Error(`nothing matches ${selector} in ${frame}`);
          await session.executeScript('window.scrollBy(0, document.querySelector(arguments[0]).getBoundingClientRect().top + arguments[1] - innerHeight / 2);', frame, y);
        }
        await within(async () => {
          const el = await session.executeScript(asScript(deepQuery), selector);
          if (!el) throw new Error(`nothing matches ${selector}`);
          await el.click();
        });
      },
    };
  };
  return {
    name: `WebKitGTK ${caps.get('browserVersion') ?? ''} (MiniBrowser)`,
    slug: 'webkit',
    ...context(null),
    frame: (selector) => context(selector),
    goto: (url) => session.get(url),
    url: () => session.getCurrentUrl(),
    logged: () => [], // classic WebDriver has no console log for WebKit; the pages' own recorder covers it
    screenshot: async (file) => writeFileSync(file, Buffer.from(await session.takeScreenshot(), 'base64')),
    close: async () => {
      try {
        await session.quit();
      } finally {
        stop();
      }
    },
  };
}
