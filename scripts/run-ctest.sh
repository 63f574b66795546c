#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Runs CTest in each given build tree, in order, and ends the output with one CTest summary line
# ("100% tests passed, 0 tests failed out of N"), so the last line of `make test` is that summary.
# Every tree is run even when an earlier one fails; the exit status is non-zero if any failed.
# The closing line is the summary of the last tree, or of the first tree that failed.
# Usage: scripts/run-ctest.sh BUILD_DIR... [-- CTEST_ARGS...]
set -uo pipefail

dirs=()
while [[ $# -gt 0 && $1 != -- ]]; do
    dirs+=("$1")
    shift
done
[[ ${1:-} == -- ]] && shift
[[ ${#dirs[@]} -gt 0 ]] || { echo "usage: $0 BUILD_DIR... [-- CTEST_ARGS...]" >&2; exit 2; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
closing=""
report=()
for dir in "${dirs[@]}"; do
    echo "==> ctest in $dir"
    (cd "$dir" && ctest --output-on-failure -j"$(nproc)" "$@") 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
    if [[ -z "$summary" ]]; then  # no tests found, or ctest did not get that far: a failure
        summary="no CTest summary in $dir (ctest exit status $rc)"
        [[ $rc -ne 0 ]] || rc=1
    fi
    report+=("$(printf '%-12s %s' "$dir:" "$summary")")
    if [[ $rc -ne 0 && $status -eq 0 ]]; then
        status=$rc
        closing=$summary
    fi
    [[ $status -eq 0 ]] && closing=$summary
done

echo
echo "==> summary"
printf '%s\n' "${report[@]}"
echo "$closing"
exit "$status"
