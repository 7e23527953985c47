// The default guide: what an element with neither `src` nor an inline guide plays. There is no
// default-guide.js on disk: scripts/build-element.mjs writes the module into the built element
// from the compiled guide's manifest (www/scenarios/us-china-2015.compiled.json), with each of
// its files written as a literal `new URL('./scenarios/…', import.meta.url)`, so that a host's
// bundler finds, copies and renames them like the element's other files (engine.js, FILES), and
// the element needs no request for the manifest. This declares it for tsc.

/** The default guide's manifest and its files' addresses. */
export interface DefaultGuide {
  /** The compiled guide's manifest (`agreement-guide pack`), its `files` as absolute addresses. */
  manifest: { id: string; format: number; defaultLanguage: string; files: Record<string, string>; [field: string]: unknown };
  /** Each language's compiled file, as an absolute address (a data: URL if the host's bundler inlined it). */
  files: Record<string, string>;
  /** Each language's gzip-compressed copy (guide-file.js), as an absolute address. */
  gzip: Record<string, string>;
  /** The guide's JSON (for the full engine: Explore, classroom mode), as an absolute address. */
  json: string;
}

/** The default guide, its addresses resolved against the element's own; throws where that is a data: URL. */
export function defaultGuide(): DefaultGuide;
