#!/usr/bin/env bash
# The whole test suite, as CI runs it (`npm test`, `.ci/run`):
#   unused dependencies → setup → cargo fmt --check → cargo clippy (native, then the wasm
#         boundaries, then the no_std reader) → tsc
#         (gates: quick to fail) → build → cargo test (native, incl. doc tests)
#         → cargo test --target wasm32 --test web (headless Chromium, if tests/web.rs exists)
#         → node --test tests/e2e/ (playwright-core + Debian Chromium)
#         → node --test tests/engines/ (cross-engine smoke: Firefox ESR, WebKitGTK)
# Stops at the first failing stage and says which one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# wasm-bindgen-test-runner drives Chromium through chromedriver.
export CHROMEDRIVER
# The cross-engine suite's browsers (lib.sh; the tests read the same variables).
export FIREFOX WEBKIT_WEBDRIVER
export WASM_BINDGEN_USE_BROWSER="${WASM_BINDGEN_USE_BROWSER:-1}"

# CI replays one fixed proptest seed, so a red build is the change's doing and
# not the dice's; a local `npm test` draws fresh seeds, and `fuzz/run.sh`
# keeps searching without bound.
if [[ -n "${CI:-}" ]]; then export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-2015}"; fi

started=$SECONDS
passed=()

# stage "name" command...  — run one stage under a banner; stop on failure.
stage() {
  local name="$1"; shift
  local t0=$SECONDS status=0
  banner "$name"
  "$@" || status=$?
  if (( status != 0 )); then
    banner "FAILED: $name (exit $status)"
    exit "$status"
  fi
  passed+=("$name ($((SECONDS - t0))s)")
}

# Gates first, so a failure is quick. The dependency check needs no setup.
stage "unused dependencies (scripts/unused-deps.sh)" bash scripts/unused-deps.sh
stage "setup" bash scripts/setup.sh
stage "cargo fmt --check" cargo fmt --check
stage "cargo clippy --all-targets -- -D warnings" cargo clippy --all-targets -- -D warnings
# The two wasm boundaries (src/wasm.rs, src/wasm_reader.rs) exist only under their features
# and the wasm32 target: linted together in one pass (they build side by side; ~15 s).
stage "cargo clippy --target wasm32 --features wasm,reader -- -D warnings" \
  cargo clippy --target wasm32-unknown-unknown --no-default-features --features wasm,reader --lib -- -D warnings
# The reader runtime alone is built without std (src/lib.rs): linted as it ships, so code that
# only the std build sees (a `format!`, a std path) is caught here, not first by the build.
stage "cargo clippy --target wasm32 --features reader (no_std) -- -D warnings" \
  cargo clippy --target wasm32-unknown-unknown --no-default-features --features reader --lib -- -D warnings
# Gate: the hand-written JS modules type-check (JSDoc + DOM types; ~20 s each): the element
# and every page's code strictly (tsconfig.json), the guide editor not yet (tsconfig.pages.json).
stage "JS type check: tsc --noEmit -p tsconfig.json (strict)" node node_modules/typescript/bin/tsc --noEmit -p tsconfig.json
stage "JS type check: tsc --noEmit -p tsconfig.pages.json" node node_modules/typescript/bin/tsc --noEmit -p tsconfig.pages.json
stage "build" bash scripts/build.sh

# --all-targets covers lib, bins, tests, benches (run once as tests) and
# examples, but not doc tests, hence the second command.
stage "cargo test (native)" cargo test --all-targets
stage "cargo test --doc (native)" cargo test --doc

# Doc tests are deliberately not run for wasm32: they falsely report ok there.
if [[ -f tests/web.rs ]]; then
  stage "cargo test --target wasm32 --test web (headless Chromium)" \
    cargo test --target wasm32-unknown-unknown --no-default-features --features wasm --test web
else
  banner "wasm-bindgen-test: skipped (no tests/web.rs)"
fi

# Two files at a time (node's default on 2 cores is one): each file has its own server on an
# ephemeral port, its own browser profile and temp folders, so they do not meet; much of a
# browser test is waiting, and the two overlap (docs/performance.md, "The test suite's time").
E2E_CONCURRENCY="${E2E_CONCURRENCY:-2}"
stage "E2E: node --test tests/e2e/ (${E2E_CONCURRENCY} files at a time)" \
  node --test --test-concurrency="$E2E_CONCURRENCY" --test-reporter=spec tests/e2e/

# A reader's path in the other engines (Chromium has the full suite above):
# Firefox ESR over WebDriver BiDi, WebKitGTK's MiniBrowser under xvfb-run.
stage "Cross-engine smoke: node --test tests/engines/ (Firefox ESR, WebKitGTK)" \
  node --test --test-reporter=spec tests/engines/

banner "all stages passed in $((SECONDS - started))s"
printf '  %s\n' "${passed[@]}"
