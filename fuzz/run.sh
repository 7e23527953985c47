#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 240), one after
# another, from the kept seeds; new inputs go to fuzz/corpus/ (not kept),
# crashes to fuzz/artifacts/. Needs nightly + `cargo install cargo-fuzz`.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
secs="${1:-240}"; shift || true
targets=("${@:-scenario expression markup token compiled}")
read -r -a targets <<<"${targets[*]}"
seeds() {
  case "$1" in
    scenario) echo ../scenarios ../templates ../tests/fixtures/valid ../tests/fixtures/invalid ../tests/fixtures/hostile ;;
    *) echo "seeds/$1" ;;
  esac
}
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  extra=()
  [[ -d "regressions/$t" ]] && extra+=("regressions/$t")
  [[ -f "dicts/$t.dict" ]] && dict=(-dict="dicts/$t.dict") || dict=()
  echo "== $t: ${secs}s"
  cargo +nightly fuzz run -O "$t" "corpus/$t" $(seeds "$t") "${extra[@]}" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
    -artifact_prefix="artifacts/$t/" 2>&1 | tee "artifacts/$t.log" | grep -E "^#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units|SUMMARY|ERROR|panicked" || true
done
