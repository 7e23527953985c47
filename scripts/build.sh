#!/usr/bin/env bash
# Builds the browser bundle into www/ (all generated, all git-ignored):
#   www/pkg/agreement_guide.js + agreement_guide_bg.wasm   the Rust core (full engine)
#   www/pkg-reader/agreement_guide_reader{.js,_bg.wasm}    the reader runtime (compiled guides)
#   www/scenarios/<id>.<lang>.<hash>.bin, <id>.compiled.json  compiled guides
#   www/scenarios/*.json                                    copied from scenarios/
#   www/agreement-guide.js, agreement-guide-{classroom,explore,words-zh}.js  the element, bundled from www/element/
#   www/agreement-guide.css                                 its stylesheet, minified from www/element/agreement-guide.css
#   www/embed-loader.js                                     the iframe loader, bundled from www/embed/embed-loader.js
#   www/templates/starter.json                              the starter, for the author page's "New guide"
#   www/templates/scorm/                                    the SCORM package's templates, for its SCORM downloads
#   www/dist/                                               content-hashed, minified copies + manifest.json
#   pkg-npm/                                                the npm package (npm pack pkg-npm)
# then prints a size report. Re-running is cheap: cargo rebuilds only what
# changed; the bindgen, wasm-opt and copy steps always redo their (fast) work
# from scratch so nothing stale is left behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TARGET_DIR="${CARGO_TARGET_DIR:-target}"
WASM_IN="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/agreement_guide.wasm"
PKG=www/pkg
PKG_READER=www/pkg-reader

# The CLI at Cargo.lock's version: the release build on PATH, else `npm start`'s quick build (lib.sh).
WASM_BINDGEN="$(wasm_bindgen_at "$(locked_wasm_bindgen_version)")" \
  || die "wasm-bindgen at Cargo.lock's version not found — run 'npm run setup' (or 'npm start')"
[[ -x node_modules/.bin/wasm-opt ]] || die "node_modules/.bin/wasm-opt not found — run 'npm run setup'"

# [profile.wasm-release] (Cargo.toml) optimises for size and keeps the
# target_features section, which wasm-bindgen reads to pick its glue;
# wasm-opt below drops names, debug info and the custom sections.
# The dependencies' panic locations name their sources under cargo's home, which differs from
# machine to machine: mapped to one name, a commit builds the same wasm bytes anywhere (and the
# same content hashes and SRI in dist/). RUSTFLAGS with --target reaches only the wasm, not the
# build scripts; no config file here sets rustflags for it to override.
CARGO_HOME_DIR="${CARGO_HOME:-$HOME/.cargo}"
wasm_build() {
  RUSTFLAGS="--remap-path-prefix=$CARGO_HOME_DIR=/cargo" \
    cargo build --profile wasm-release --target wasm32-unknown-unknown --no-default-features --features "$1" --lib
  ! grep -qaF "$CARGO_HOME_DIR/" "$WASM_IN" || die "$WASM_IN still names $CARGO_HOME_DIR (--remap-path-prefix)"
}
step "cargo build (wasm32, profile wasm-release, features: wasm)"
wasm_build wasm

step "wasm-bindgen --target web → $PKG/ ($WASM_BINDGEN)"
rm -rf "$PKG"
"$WASM_BINDGEN" --target web --out-dir "$PKG" --no-typescript "$WASM_IN"

# binaryen from npm (pinned in package.json): Debian's older wasm-opt emits a
# module that fails at runtime. The feature flags match what rustc now emits.
step "wasm-opt -Oz ($(node_modules/.bin/wasm-opt --version))"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --strip-producers --strip-target-features \
  "$PKG/agreement_guide_bg.wasm" -o "$PKG/agreement_guide_bg.wasm"

# The reader runtime: the same crate with only src/wasm_reader.rs on top (a
# compiled guide → step, view, token), so the linker drops the JSON reader,
# checker and analyses. It overwrites $WASM_IN, so it is built after the full
# engine's glue is written.
step "cargo build (wasm32, profile wasm-release, features: reader) → $PKG_READER/"
wasm_build reader
rm -rf "$PKG_READER"
"$WASM_BINDGEN" --target web --out-dir "$PKG_READER" --out-name agreement_guide_reader --no-typescript "$WASM_IN"
# A panic already ends in a trap (panic = "abort", no hook), but std's handler formats its message
# first, which keeps core::fmt and the panic machinery in the module: the functions that only start
# a panic become a trap at once, and wasm-opt drops what only they reached (scripts/wasm-trap-panics.mjs).
node scripts/wasm-trap-panics.mjs "$PKG_READER/agreement_guide_reader_bg.wasm" "$PKG_READER/agreement_guide_reader_bg.wasm"
# --converge repeats -Oz until it stops shrinking (-0.8 KB gzip);
# --low-memory-unused lets it fold constant offsets into loads and stores
# (-0.6 KB gzip), which holds here: rustc's wasm-ld puts the 1 MiB stack first,
# growing down towards 0, and the data after it, so the low 1 KiB is touched
# only by a stack already overflowed. docs/performance.md, "The reader
# runtime's diet", has the flags measured and left out. The features are named, not detected:
# read back from binaryen.js's output, detection lets -Oz use typed function references, which
# Node 20's V8 (and older browsers) cannot compile; these are the ones rustc's module declares.
node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --mvp-features --enable-mutable-globals \
  --enable-nontrapping-float-to-int --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext \
  --enable-reference-types --enable-multivalue --enable-call-indirect-overlong \
  --strip-producers --strip-target-features \
  "$PKG_READER/agreement_guide_reader_bg.wasm" -o "$PKG_READER/agreement_guide_reader_bg.wasm"
# The glue is on every reader's first load: minified in place (15.0 → 6.1 KB
# raw, 3.7 → 2.3 KB gzip; most of the raw bytes are the doc comments
# wasm-bindgen copies from src/wasm_reader.rs). Its exports are unchanged.
node_modules/.bin/esbuild "$PKG_READER/agreement_guide_reader.js" --minify --format=esm --log-level=warning \
  --outfile="$PKG_READER/agreement_guide_reader.js" --allow-overwrite

# The page fetches guides from its own origin; scenarios/ stays the source.
# Each guide is fully checked first, with --strict (exit 1 stops the build).
step "copy scenarios/*.json → www/scenarios/"
rm -rf www/scenarios
mkdir -p www/scenarios
shopt -s nullglob
scenarios=(scenarios/*.json)
shopt -u nullglob
if (( ${#scenarios[@]} )); then
  # A reader's page skips the model check and the standards lints (they run
  # at publish time): run them here, the lints as errors (--strict), so a
  # guide with a dead end or an unlabelled paragraph never reaches www/.
  for f in "${scenarios[@]}"; do
    [[ "$(basename "$f")" == schema.json ]] && continue
    cargo run --quiet --bin agreement-guide -- check --strict "$f" \
      || die "$f has problems (above); a guide is published only when it passes 'agreement-guide check --strict' (docs/format.md#standards-lints)"
  done
  cp "${scenarios[@]}" www/scenarios/
  ok "${#scenarios[@]} file(s): $(cd www/scenarios && echo *)"
  # Beside each guide, its packed files for the reader runtime (one per
  # language, content-hashed) and <id>.compiled.json naming them.
  for f in "${scenarios[@]}"; do
    [[ "$(basename "$f")" == schema.json ]] && continue
    cargo run --quiet --bin agreement-guide -- pack "$f" -o www/scenarios 2>/dev/null || die "$f did not pack"
  done
  ok "packed: $(cd www/scenarios && echo *.bin)"
  # Each guide's first card in each language, as HTML for an embed snippet (www/demo/embed-code.js).
  for f in "${scenarios[@]}"; do
    [[ "$(basename "$f")" == schema.json ]] && continue
    id="$(basename "$f" .json)"
    for lang in $(node -e 'for (const l of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).meta.languages ?? []) console.log(l)' "$f"); do
      cargo run --quiet --bin agreement-guide -- render "$f" --lang "$lang" -o "www/scenarios/$id.$lang.card.html" 2>/dev/null \
        || die "the first card of $f ($lang) could not be rendered"
    done
  done
  ok "first cards: $(cd www/scenarios && echo *.card.html)"
  # embed.html carries the default guide's first card (readable without scripts), its
  # manifest and a preload hint for its language's file: rewritten in place between
  # its markers, so the checked-in page stays as it is unless the guide changed.
  if [[ -f www/scenarios/us-china-2015.compiled.json ]]; then
    cargo run --quiet --bin agreement-guide -- render scenarios/us-china-2015.json --heading-level 1 \
      --manifest www/scenarios/us-china-2015.compiled.json --src scenarios/us-china-2015.compiled.json \
      --inject www/embed.html || die "the first card could not be written into www/embed.html"
    cargo run --quiet --bin agreement-guide -- render scenarios/us-china-2015.json \
      --manifest www/scenarios/us-china-2015.compiled.json --src scenarios/us-china-2015.compiled.json \
      --inject www/index.html || die "the first card could not be written into www/index.html"
    ok "www/embed.html, www/index.html: the first card of us-china-2015"
    # The pre-rendered card's stylesheet (www/element/card.css with the element's tokens in front).
    node scripts/card-css.mjs
    # embed.html's first paint needs no stylesheet request: demo.css's "First paint" region and
    # the card's stylesheet inline,
    # allowed by its hash in the page's policy (scripts/first-paint.mjs).
    node scripts/first-paint.mjs www/embed.html
  fi
else
  skip "no scenarios/*.json yet"
fi

# The element's attribute table → the README's attribute table, the attribute properties in
# npm/agreement-guide.d.ts and npm/custom-elements.json (tests/e2e/element-api.test.mjs checks them).
step "www/element/attribute-table.js → README.md, npm/agreement-guide.d.ts, npm/custom-elements.json"
node scripts/element-api.mjs

# The element's modules (www/element/) → the file pages load plus one file per part loaded on
# demand (classroom mode, the Explore panel, the Chinese words): see scripts/build-element.mjs for why not --splitting.
step "www/element/ → www/agreement-guide{,-classroom,-explore,-words-zh}.js, agreement-guide.css (esbuild, minified)"
node scripts/build-element.mjs
ok "$(cd www && wc -c agreement-guide.js agreement-guide-classroom.js agreement-guide-explore.js agreement-guide-words-zh.js agreement-guide.css | head -5 | awk '{printf "%s %s B; ", $2, $1}')"

# The iframe loader is a classic script (any CMS can include it) built from an
# ES module, so the fragment reader/writer it shares with the element is inlined:
# one implementation of the page's hash for both.
step "www/embed/embed-loader.js → www/embed-loader.js (esbuild, classic script)"
node_modules/.bin/esbuild www/embed/embed-loader.js --bundle --format=iife --target=es2017 --log-level=warning \
  --banner:js="/* embed-loader.js: built from www/embed/embed-loader.js and www/element/fragment.js by scripts/build.sh (see the first for what it does). */" \
  --outfile=www/embed-loader.js

# The author page starts a new guide from the same starter as `agreement-guide new`.
# … and writes SCORM packages from the same templates as `agreement-guide bundle --scorm`.
step "copy templates/starter.json, templates/scorm/ → www/templates/"
rm -rf www/templates
mkdir -p www/templates
cp templates/starter.json www/templates/
cp -r templates/scorm www/templates/
ok "starter.json, scorm/"

# Content-hashed, minified copies for hosts and CDNs (cache forever), with a
# manifest of Subresource Integrity hashes; www/'s own files stay for development.
step "content-hashed build → www/dist/ (scripts/dist.mjs)"
node scripts/dist.mjs

# The npm package a newsroom's build installs (generated: it ships the built core).
step "npm package → pkg-npm/ (scripts/npm-package.mjs)"
node scripts/npm-package.mjs

step "size report"
node scripts/size-report.mjs
