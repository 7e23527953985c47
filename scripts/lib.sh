# Shared helpers for scripts/*.sh — sourced, not run.
# Every script goes to the repo root and makes cargo-installed tools findable,
# because a fresh shell (CI, a new terminal) may not have ~/.cargo/bin on PATH.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# The Chromium that E2E tests and wasm-bindgen-test drive: Debian's, never a
# downloaded one (there is no network to the Playwright CDN).
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

# The other engines of the cross-engine smoke suite (tests/engines/): Debian's
# Firefox ESR (driven over WebDriver BiDi) and WebKitGTK's WebDriver, which
# starts MiniBrowser (found under /usr/lib/*/webkit2gtk-4.*/) inside xvfb-run.
FIREFOX="${FIREFOX:-/usr/bin/firefox-esr}"
WEBKIT_WEBDRIVER="${WEBKIT_WEBDRIVER:-/usr/bin/WebKitWebDriver}"

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _bold=$'\e[1m'; _dim=$'\e[2m'; _green=$'\e[32m'; _red=$'\e[31m'; _reset=$'\e[0m'
else
  _bold=''; _dim=''; _green=''; _red=''; _reset=''
fi

# step "what is being done"   — one line per step, so a log reads as a list
step() { printf '%s==>%s %s\n' "$_bold" "$_reset" "$*"; }
# skip "why nothing is needed"
skip() { printf '    %sskip:%s %s\n' "$_dim" "$_reset" "$*"; }
ok()   { printf '    %sok:%s %s\n' "$_green" "$_reset" "$*"; }
die()  { printf '%serror:%s %s\n' "$_red" "$_reset" "$*" >&2; exit 1; }

# banner "stage name"  — a loud separator between test stages
banner() {
  local line='============================================================'
  printf '\n%s%s\n  %s\n%s%s\n' "$_bold" "$line" "$*" "$line" "$_reset"
}

# The wasm-bindgen version pinned in Cargo.lock. The CLI must match it exactly:
# wasm-bindgen refuses to process a .wasm built by a different library version.
locked_wasm_bindgen_version() {
  [[ -f Cargo.lock ]] || return 1
  awk '
    /^\[\[package\]\]/ { in_wb = 0 }
    /^name = "wasm-bindgen"$/ { in_wb = 1; next }
    in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock
}

# Where `npm start` (`setup.sh serve`) installs its quick build of wasm-bindgen: the project's
# own target folder, never on PATH, so the tests' runner and CI use only the release build
# `npm test` installs (scripts/setup.sh, step 2, says why the two).
QUICK_TOOLS="${CARGO_TARGET_DIR:-$ROOT/target}/tools"

# wasm_bindgen_at VERSION — the path of a wasm-bindgen CLI at exactly VERSION: the one on
# PATH, else the quick build in $QUICK_TOOLS; fails when neither is at VERSION.
wasm_bindgen_at() {
  local candidate
  for candidate in "$(command -v wasm-bindgen || true)" "$QUICK_TOOLS/bin/wasm-bindgen"; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    if [[ "$("$candidate" --version 2>/dev/null | awk '{print $2}')" == "$1" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
