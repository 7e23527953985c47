#!/usr/bin/env bash
# Fails when Cargo.toml declares a dependency that no Rust file uses.
#
# A dependency of the library or CLI ([dependencies], also per target) must be
# named in code under src/; a dev-dependency under src/ (unit tests), tests/
# or benches/. "Named" means a path or macro of the crate (`serde::`,
# `proptest!`, `use criterion::…`) on a line that is not a comment.
#
# Why not cargo-machete or cargo-shear: installing either compiles it from
# source (several minutes on the shared CI machine, see the README's Numbers),
# longer than this whole check takes to write and run (well under a second);
# this crate renames no dependency, so reading Cargo.toml line by line is enough.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

manifest="${1:-Cargo.toml}"

# "<kind> <name>" for each dependency: kind is dep or dev.
deps=$(awk '
  /^\[/ {
    kind = ""
    if ($0 ~ /^\[(target\..*\.)?dependencies\]$/) kind = "dep"
    if ($0 ~ /^\[(target\..*\.)?dev-dependencies\]$/) kind = "dev"
    next
  }
  kind != "" && /^[A-Za-z0-9_-]+[ \t]*=/ {
    name = $0; sub(/[ \t]*=.*/, "", name); print kind, name
  }
' "$manifest")

[[ -n "$deps" ]] || { echo "unused-deps: no dependencies found in $manifest" >&2; exit 2; }

code_in() { find "$@" -name '*.rs' -print0 2>/dev/null | xargs -0 cat | grep -v '^[[:space:]]*//' || true; }
lib_code=$(code_in src)
dev_code=$(code_in src tests benches)

unused=()
checked=0
while read -r kind name; do
  ident=${name//-/_}
  code=$lib_code
  [[ "$kind" == dev ]] && code=$dev_code
  checked=$((checked + 1))
  if ! grep -qE "(^|[^A-Za-z0-9_])${ident}(::|!)" <<<"$code"; then
    unused+=("$name ($([[ $kind == dev ]] && echo dev-dependency || echo dependency))")
  fi
done <<<"$(sort -u <<<"$deps")"

if ((${#unused[@]})); then
  echo "unused-deps: declared in $manifest but used by no Rust file:" >&2
  printf '  %s\n' "${unused[@]}" >&2
  echo "remove them (and let cargo update Cargo.lock), or use them" >&2
  exit 1
fi
echo "unused-deps: all $checked dependencies are used"
