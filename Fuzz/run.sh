#!/bin/bash
# Runs fuzz targets one after another and prints, per target, the executions, the rate, the
# final coverage (cov/ft from libFuzzer's last status line) and the crashes found.
#   Fuzz/run.sh BINARY SECONDS [TARGET...]      (from the repository root; `make fuzz` calls it)
# FUZZ_RUNS=N stops a target after N inputs (if SECONDS do not run out first); FUZZ_ARGS adds
# libFuzzer flags (for example -max_len=4096).
# Corpora grow in .fuzz/corpus/<target>, crash, timeout and leak inputs land in
# .fuzz/artifacts/<target>/, logs in .fuzz/logs/<target>.log. Exits 1 when anything was found.
set -u
BIN=$1
SECONDS_PER_TARGET=$2
shift 2
TARGETS=${*:-yaml markdown adr runbook ports tokenizer svg redaction}
ROOT=.fuzz

dict_for() {
    case $1 in
        yaml) echo Fuzz/dict/yaml.dict ;;
        markdown|adr|runbook|ports) echo Fuzz/dict/markdown.dict ;;
        *) echo "Fuzz/dict/$1.dict" ;;
    esac
}

# Swift's own crash backtracer would run inside the sanitized process; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no

summary=""
failed=0
for target in $TARGETS; do
    corpus=$ROOT/corpus/$target
    artifacts=$ROOT/artifacts/$target
    log=$ROOT/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$ROOT/logs"
    before=$(ls "$artifacts" | wc -l)
    echo "== $target: ${SECONDS_PER_TARGET}s${FUZZ_RUNS:+ or $FUZZ_RUNS inputs}" >&2
    ALMANAC_FUZZ_TARGET=$target "$BIN" "$corpus" "$ROOT/seeds/$target" \
        -dict="$(dict_for "$target")" -max_total_time="$SECONDS_PER_TARGET" -timeout=1 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} ${FUZZ_ARGS:-} > "$log" 2>&1
    status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(printf '%s' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    found=$(( $(ls "$artifacts" | wc -l) - before ))
    if [ "$status" -ne 0 ] || [ "$found" -gt 0 ]; then
        failed=1
        result="FOUND $found (exit $status; see $log)"
    else
        result="0"
    fi
    summary="$summary$(printf '%-10s %12s %9s %7s %8s  %s' "$target" "${executions:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result")"$'\n'
done

printf '\n%-10s %12s %9s %7s %8s  %s\n' target executions exec/s cov ft crashes
printf '%s' "$summary"
exit $failed
