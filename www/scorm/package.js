// @ts-check
// The guide editor's SCORM downloads: the same package as
// `agreement-guide bundle FILE --scorm 1.2|2004` (src/bin/agreement-guide/scorm.rs),
// assembled in the browser. Both fill the same templates (templates/scorm/,
// copied to www/templates/scorm/ by the build) by the same rule: each
// `{{name}}` replaced by its value, HTML/XML-escaped; `{{files}}` one
// `<file href="…"/>` line per file, sorted by path; `{{attributes}}` the
// element's extra attributes. The package's files are this site's built files,
// fetched from beside this page (the files the widget may load are found
// from the widget itself: the `agreement-guide-<name>.js` it names, and the
// ones those name). The zip is written by ./zip.js.

import { zip } from './zip.js';

/** @typedef {'1.2' | '2004'} Version */

/**
 * What the course says about itself.
 * @typedef {{
 *   id: string,           // the guide's id: the manifest's identifier is agreement-guide-<id>
 *   title: string,        // the guide's title, plain text
 *   description: string,  // its summary, plain text
 *   lang: string,         // the language the student sees first
 *   scenario: string,     // the guide's JSON, as written
 *   classroom?: boolean,  // mode="classroom"
 *   seed?: number | null, // fixed dice
 * }} Course
 */

/** The widget's files, beside the page; its on-demand modules are found from it. */
const BUILT = ['agreement-guide.js', 'agreement-guide.css', 'pkg/agreement_guide.js', 'pkg/agreement_guide_bg.wasm', 'demo/demo.css', 'scorm/scorm.js'];

/**
 * Text made safe in HTML and XML, as the CLI's (agreement_guide::facade::prerender::escape).
 * @param {string} text
 */
export function escape(text) {
  /** @type {Record<string, string>} */
  const named = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return text.replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/g, (c) => named[c] ?? '\ufffd');
}

/**
 * Each `{{name}}` in `template` replaced by its value (values used as given).
 * @param {string} template
 * @param {Record<string, string>} values
 */
export function fill(template, values) {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name) => (name in values ? values[name] : whole));
}

/**
 * The package for `course`, as a zip.
 * @param {Version} version
 * @param {Course} course
 * @param {string} [base] where the built files are (default: beside this page)
 */
export async function scormPackage(version, course, base = document.baseURI) {
  const get = async (/** @type {string} */ path) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`${path} could not be read from this site (${response.status}); is it built (npm run build)?`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const text = (/** @type {Uint8Array<ArrayBuffer>} */ bytes) => new TextDecoder().decode(bytes);

  /** @type {Map<string, Uint8Array<ArrayBuffer>>} */
  const files = new Map();
  const pending = [...BUILT];
  while (pending.length) {
    const path = /** @type {string} */ (pending.shift());
    if (files.has(path)) continue;
    const bytes = await get(path);
    files.set(path, bytes);
    if (/^agreement-guide(-[a-z0-9-]+)?\.js$/.test(path)) {
      for (const named of text(bytes).match(/agreement-guide-[a-z0-9-]+\.js/g) ?? []) pending.push(named);
    }
  }
  const [launch, manifest] = await Promise.all([get('templates/scorm/launch.html'), get(`templates/scorm/imsmanifest-${version}.xml`)]);
  let attributes = '';
  if (course.seed != null) attributes += ` seed="${course.seed}"`;
  if (course.classroom) attributes += ' mode="classroom"';
  files.set('guide.json', new TextEncoder().encode(course.scenario));
  files.set('index.html', new TextEncoder().encode(fill(text(launch), { version, lang: escape(course.lang), title: escape(course.title), attributes })));

  const paths = [...files.keys()].sort();
  const list = paths.map((p) => `      <file href="${escape(p)}"/>`).join('\n');
  const xml = fill(text(manifest), {
    identifier: `agreement-guide-${course.id}`,
    lang: escape(course.lang),
    title: escape(course.title),
    description: escape(course.description),
    files: list,
  });
  return zip([{ path: 'imsmanifest.xml', bytes: new TextEncoder().encode(xml) }, ...paths.map((path) => ({ path, bytes: /** @type {Uint8Array<ArrayBuffer>} */ (files.get(path)) }))]);
}
