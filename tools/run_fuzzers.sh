#!/usr/bin/env bash
# Runs every libFuzzer harness of the asan build for SECONDS each (default 60), seeded with the
# builder's models, the small shared models and the kept regression inputs. A crash, leak, timeout
# or sanitizer report fails the run and leaves the input in build/asan/fuzz/crash-*; add it to
# tests/fuzz/regressions/<target>/ once fixed. Usage: tools/run_fuzzers.sh [SECONDS]
# PLINTH_FUZZ_REPRODUCIBLE=1 (what CI uses) makes each run reproducible instead: a fixed number of
# inputs per harness (about a minute's worth on one core) from a fresh corpus with a fixed seed,
# capped at SECONDS x 2; a crash there reproduces on every machine. PLINTH_FUZZ_JOBS harnesses run
# at a time (default: one per core).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=build/asan
work=$build/fuzz
bin=$build/bin
mkdir -p "$work/seeds-models"
"$bin/plinth_fuzz_seeds" "$work/seeds-models" > /dev/null
if [ -d ../shared/models ]; then
  for f in ../shared/models/*.tflite; do
    if [ "$(stat -c%s "$f")" -lt 65536 ]; then cp "$f" "$work/seeds-models/"; fi
  done
fi
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# One harness: its log in $work/<target>.log; a failure prints the log's tail and returns 1.
run_harness() {
  local target=$1
  local fuzzer="$bin/${target}_fuzzer"
  [ -x "$fuzzer" ] || return 0
  local corpus="$work/corpus-$target"
  local budget=(-max_total_time="$seconds")
  if [ "${PLINTH_FUZZ_REPRODUCIBLE:-0}" = 1 ]; then
    local runs
    case $target in
      model_invoke) runs=90000 ;;
      partitioner) runs=200000 ;;
      custom_options) runs=2000000 ;;
      *) runs=600000 ;;
    esac
    rm -rf "$corpus"
    budget=(-runs="$runs" -seed=1 -max_total_time=$((seconds * 2)))
  fi
  mkdir -p "$corpus"
  local seeds=()
  case $target in
    model_*) seeds=("$work/seeds-models" "tests/fuzz/regressions/$target") ;;
    *) [ -d "tests/fuzz/regressions/$target" ] && seeds=("tests/fuzz/regressions/$target") ;;
  esac
  if ! "$fuzzer" "$corpus" "${seeds[@]}" "${budget[@]}" -rss_limit_mb=2048 \
      -max_len=65536 -timeout=20 -artifact_prefix="$work/crash-$target-" -print_final_stats=1 \
      > "$work/$target.log" 2>&1; then
    echo "== $target FAILED"
    tail -n 60 "$work/$target.log"
    return 1
  fi
}

# A libFuzzer process uses one core: the harnesses run side by side, PLINTH_FUZZ_JOBS at a time
# (default: the number of cores), each with the same input count and seed as when run alone.
targets=(model_prepare model_invoke partitioner custom_options)
jobs=${PLINTH_FUZZ_JOBS:-$(nproc)}
failed=0
for ((i = 0; i < ${#targets[@]}; i += jobs)); do
  pids=()
  for target in "${targets[@]:i:jobs}"; do
    echo "== $target: ${seconds}s"
    run_harness "$target" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
done
for target in "${targets[@]}"; do
  [ -f "$work/$target.log" ] || continue
  echo -n "$target: "
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|^#[0-9]+ +DONE" "$work/$target.log" | tr '\n' ' '
  echo "corpus: $(ls "$work/corpus-$target" | wc -l) inputs"
done
exit $failed
