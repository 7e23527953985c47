// Writes the widget's typed contract (npm run types):
//   www/types/contract.schema.json  the JSON Schema of every value the core sends to the
//                                   widget, from the Rust types (`agreement-guide schema --contract`)
//   www/types/contract.d.ts         the same as TypeScript declarations (json-schema-to-typescript)
// Run it after changing a type that crosses the wasm boundary (src/facade/view/, tally.rs,
// contract.rs, src/analysis/map.rs, src/error.rs' Diagnostic, src/model/text.rs' Span).
// Two tests fail until you do: tests/the_widget_contract_is_fresh.rs (the schema against the
// Rust types) and tests/e2e/contract.test.mjs (the declarations against the schema).
//
// Option --check: write nothing; exit 1 if contract.d.ts is not what the checked-in schema gives.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA = path.join(ROOT, 'www/types/contract.schema.json');
export const DECLARATIONS = path.join(ROOT, 'www/types/contract.d.ts');

const HEADER = `// GENERATED FILE — do not edit. Regenerate with \`npm run types\` (scripts/types.mjs).
// The types of every value the Rust core sends to <agreement-guide>: the views, the guide's
// info and script, analysis results, the tally, the map, diagnostics. Made from the Rust types
// (schemars → www/types/contract.schema.json, \`agreement-guide schema --contract\`), converted
// by json-schema-to-typescript. An \`x: T | null\` is always present (null for none);
// an \`x?: T\` is left out when there is none. Use from JS with JSDoc:
//   /** @typedef {import('./types/contract').View} View */
`;

/** The declarations for a contract schema (its text), header included. */
export async function declarations(schemaText) {
  const ts = await compile(JSON.parse(schemaText), 'AgreementGuideWidgetContract', {
    bannerComment: '',
    // The core sends exactly the fields its types have: no index signatures.
    additionalProperties: false,
    strictIndexSignatures: true,
    format: true,
    style: { singleQuote: true, printWidth: 100 },
  });
  return `${HEADER}\n${ts}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const want = await declarations(readFileSync(SCHEMA, 'utf8'));
    if (readFileSync(DECLARATIONS, 'utf8') !== want) {
      console.error(`${path.relative(ROOT, DECLARATIONS)} is stale: run \`npm run types\``);
      process.exit(1);
    }
    console.log(`${path.relative(ROOT, DECLARATIONS)} is up to date`);
  } else {
    const schema = execFileSync('cargo', ['run', '--quiet', '--bin', 'agreement-guide', '--', 'schema', '--contract'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    mkdirSync(path.dirname(SCHEMA), { recursive: true });
    writeFileSync(SCHEMA, schema);
    writeFileSync(DECLARATIONS, await declarations(schema));
    for (const f of [SCHEMA, DECLARATIONS]) console.log(`wrote ${path.relative(ROOT, f)}`);
  }
}
