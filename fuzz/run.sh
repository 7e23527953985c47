#!/usr/bin/env bash
# fuzz/run.sh: a fuzzing campaign over the cargo-fuzz targets.
#
# Usage:
#   bash fuzz/run.sh [OPTIONS] [SECONDS] [TARGET...]
#
#   SECONDS       time budget per target (libFuzzer -max_total_time), default 240
#   TARGET...     some of: scenario expression markup token compiled language
#                 (default: all)
#
#   --parallel    run the targets at once, one libFuzzer process each, instead of
#                 one after another; JOBS=N (N > 1) implies it and caps how many
#                 run at once (default with --parallel: all of them)
#   --cmin        after fuzzing, minimise each target's corpus (its kept seeds
#                 plus what this and earlier runs found) into fuzz/seeds/<target>/
#                 with `cargo fuzz cmin` (scenario: in fuzz/corpus/ only)
#   --cmin-only   no fuzzing: only the minimising step
#   --summary     no fuzzing: print the summary of the last run's logs
#
# Environment:
#   NICE=19       niceness of the fuzzers (default 19: they use idle CPU only)
#   TIMEOUT=30    seconds one input may take before libFuzzer calls it a hang
#                 (wall clock; generous because a shared machine is slow)
#   RSS_MB=2048   memory limit per process
#   LOGS=artifacts/logs   where each target's log goes
#   CMIN_COUNTERS=0  --cmin keeps what reaches every edge; 1: every hit count too
#
# Examples:
#   bash fuzz/run.sh 240                        # every target, 4 min each, in turn
#   bash fuzz/run.sh 60 markup token            # two targets
#   bash fuzz/run.sh --parallel --cmin 1800     # the 30-minute campaign + cmin
#   LOGS=artifacts/campaign bash fuzz/run.sh --summary
#
# New inputs go to fuzz/corpus/<target>/ (not kept in git), crashes to
# fuzz/artifacts/<target>/; a crash does not end the target's budget: the
# fuzzer restarts from the corpus with the time left and the summary counts
# the crashes. Kept seeds: fuzz/seeds/<target>/ (the minimised corpus, in
# git); `scenario` starts from the repository's guides and fixtures. Inputs in
# fuzz/regressions/<target>/ (past crashes) are replayed at every start.
# Needs `rustup toolchain install nightly` and `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

ALL=(scenario expression markup token compiled language)
NICE="${NICE:-19}"
TIMEOUT="${TIMEOUT:-30}"
RSS_MB="${RSS_MB:-2048}"
LOGS="${LOGS:-artifacts/logs}"
JOBS="${JOBS:-}"
parallel=0 cmin=0 fuzz=1 secs=240 targets=()
for a in "$@"; do
  case "$a" in
    --parallel) parallel=1 ;;
    --cmin) cmin=1 ;;
    --cmin-only) cmin=1 fuzz=0 ;;
    --summary) fuzz=0 cmin=0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run.sh: unknown option $a (see --help)" >&2; exit 2 ;;
    *[!0-9]*) targets+=("$a") ;;
    *) secs="$a" ;;
  esac
done
((${#targets[@]})) || targets=("${ALL[@]}")
for t in "${targets[@]}"; do
  [[ -f "fuzz_targets/$t.rs" ]] || { echo "run.sh: no target '$t' (have: ${ALL[*]})" >&2; exit 2; }
done
if [[ -n "$JOBS" ]] && ((JOBS > 1)); then parallel=1; fi
((parallel)) && [[ -z "$JOBS" ]] && JOBS=${#targets[@]}

# Extra input directories a target starts from (read, never written).
starts() {
  case "$1" in
    scenario) echo ../scenarios ../templates ../tests/fixtures/valid ../tests/fixtures/invalid ../tests/fixtures/hostile ;;
  esac
  [[ -d "seeds/$1" ]] && echo "seeds/$1"
  [[ -d "regressions/$1" ]] && echo "regressions/$1"
  return 0
}

# One target for `secs` seconds, restarted after a crash with the time left.
fuzz_one() {
  local t="$1" log="$LOGS/$1.log" begin run=0 left rc dict=()
  mkdir -p "corpus/$t" "artifacts/$t"
  [[ -f "dicts/$t.dict" ]] && dict=(-dict="dicts/$t.dict")
  begin=$(date +%s)
  echo "=== $t: ${secs}s from $(date -u +%FT%TZ) at $(git rev-parse --short HEAD 2>/dev/null || echo '?')" >"$log"
  while :; do
    left=$((secs - ($(date +%s) - begin)))
    ((left >= 10)) || break
    run=$((run + 1))
    echo "=== run $run, ${left}s left" >>"$log"
    rc=0
    # shellcheck disable=SC2046 # starts() prints a list of directories
    nice -n "$NICE" cargo +nightly fuzz run -O "$t" "corpus/$t" $(starts "$t") -- \
      -max_total_time="$left" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
      -print_final_stats=1 "${dict[@]}" -artifact_prefix="artifacts/$t/" >>"$log" 2>&1 || rc=$?
    echo "=== exit $rc" >>"$log"
    ((rc == 0)) && break
    # A failure that wrote no test case (a build error, a bad flag) would only repeat.
    sed -n "/^=== run $run,/,\$p" "$log" | grep -q "Test unit written to" ||
      { echo "run.sh: $t failed (exit $rc), see fuzz/$log" >&2; break; }
  done
  echo "=== done after $(($(date +%s) - begin))s" >>"$log"
  echo "== $t: done ($(grep -c 'Test unit written to' "$log" || true) crash(es)), log: fuzz/$log"
}

# The kept seeds of `t` become the smallest set of its corpus and kept seeds
# that reaches every edge all of them reach. Edges, not libFuzzer's finer
# features (hit counts): a few hundred small files instead of thousands
# (CMIN_COUNTERS=1 keeps every feature). Seeds named by hand (not a hash)
# document a case and stay as they are; their copies are dropped. `scenario`
# is minimised in fuzz/corpus/ only: with the guides and fixtures it starts
# from, less those, its minimised corpus is megabytes of altered copies of
# the shipped guides, too big for git (see README.md).
# (`cargo fuzz cmin` puts extra arguments before its own output directory, so
# every input is copied into the corpus, named by its SHA-1, rather than
# passed as a directory.)
cmin_one() {
  local t="$1" before after keep=() f
  mkdir -p "corpus/$t" "$LOGS"
  before="$(count "corpus/$t")"
  if [[ "$t" == scenario ]]; then
    keep=(../scenarios ../templates ../tests/fixtures/valid ../tests/fixtures/invalid ../tests/fixtures/hostile)
  else
    mkdir -p "seeds/$t"
    before="$(count "seeds/$t")"
    keep=("seeds/$t")
  fi
  while IFS= read -r -d '' f; do
    cp -n "$f" "corpus/$t/$(sha1sum <"$f" | cut -d' ' -f1)"
  done < <(find "${keep[@]}" -maxdepth 1 -type f -print0)
  nice -n "$NICE" cargo +nightly fuzz cmin -O "$t" "corpus/$t" -- \
    -use_counters="${CMIN_COUNTERS:-0}" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" >"$LOGS/$t.cmin.log" 2>&1 ||
    { echo "run.sh: cmin of $t failed, see fuzz/$LOGS/$t.cmin.log" >&2; return 1; }
  # Drop the copies of files kept elsewhere (the repository's guides and
  # fixtures, hand-written seeds): they are replayed where they are.
  while IFS= read -r -d '' f; do
    rm -f "corpus/$t/$(sha1sum <"$f" | cut -d' ' -f1)"
  done < <(find "${keep[@]}" -maxdepth 1 -type f ! -regextype posix-extended -regex '.*/[0-9a-f]{16}([0-9a-f]{24})?' -print0)
  if [[ "$t" == scenario ]]; then
    after="$(count "corpus/$t") (fuzz/corpus/scenario, not kept in git)"
  else
    find "seeds/$t" -maxdepth 1 -type f -regextype posix-extended -regex '.*/[0-9a-f]{16}([0-9a-f]{24})?' -delete
    cp "corpus/$t"/* "seeds/$t/" 2>/dev/null || true
    after="$(count "seeds/$t")"
  fi
  echo "cmin $t: $before -> $after" | tee -a "$LOGS/$t.cmin.log"
}

# "<files> files, <bytes> B" in a directory.
count() {
  local n b
  n=$(find "$1" -maxdepth 1 -type f 2>/dev/null | wc -l)
  b=$(find "$1" -maxdepth 1 -type f -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}')
  echo "$n files, $b B"
}

summary() {
  local t log wall execs eps last cov ft corp crashes
  printf '\n%-10s %8s %12s %8s %7s %8s %26s %7s %s\n' target wall executions exec/s cov ft "corpus (fuzz/corpus)" crashes "kept seeds"
  for t in "${targets[@]}"; do
    log="$LOGS/$t.log"
    [[ -f "$log" ]] || { printf '%-10s (no log)\n' "$t"; continue; }
    wall=$(sed -n 's/^=== done after \([0-9]*\)s$/\1/p' "$log" | tail -n 1)
    execs=$(awk '/stat::number_of_executed_units:/ {s += $2} END {print s + 0}' "$log")
    eps=$( ((${wall:-0} > 0)) && echo $((execs / wall)) || echo '?')
    # libFuzzer's last status line: "#N DONE cov: C ft: F corp: K/S ..."
    last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(count "corpus/$t")
    crashes=$(grep -c 'Test unit written to' "$log" || true)
    printf '%-10s %7ss %12s %8s %7s %8s %26s %7s %s\n' "$t" "${wall:-?}" "$execs" "$eps" "${cov:-?}" "${ft:-?}" "$corp" "$crashes" "$(count "seeds/$t")"
  done
  echo "(wall: the target's budget as spent; exec/s: executions / wall; cov/ft: libFuzzer's edges / features at the end)"
  if compgen -G "artifacts/*/crash-*" >/dev/null || compgen -G "artifacts/*/timeout-*" >/dev/null ||
    compgen -G "artifacts/*/oom-*" >/dev/null; then
    echo "test cases to look at (fuzz/artifacts/):"
    ls -1 artifacts/*/{crash,timeout,oom,leak}-* 2>/dev/null || true
  fi
}

mkdir -p "$LOGS"
if ((fuzz)); then
  # Built first, once per target, so parallel runs do not wait on cargo's lock.
  for t in "${targets[@]}"; do nice -n "$NICE" cargo +nightly fuzz build -O "$t"; done
  if ((parallel)); then
    echo "== ${#targets[@]} target(s), ${secs}s each, $JOBS at a time, nice $NICE"
    for t in "${targets[@]}"; do
      while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
      fuzz_one "$t" &
    done
    wait
  else
    for t in "${targets[@]}"; do
      echo "== $t: ${secs}s"
      fuzz_one "$t"
    done
  fi
fi
if ((cmin)); then
  for t in "${targets[@]}"; do cmin_one "$t"; done
fi
summary
