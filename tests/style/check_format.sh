#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CTest style.clang_format: every C/C++ file under src, tests and bench is clang-format clean
# (.clang-format at the repo root). Lists the files that are not; `make format` fixes them.
# Usage: check_format.sh REPO_ROOT   (CLANG_FORMAT names the binary, default clang-format)
set -uo pipefail
cd "${1:?usage: $0 REPO_ROOT}" || exit 1
clang_format=${CLANG_FORMAT:-clang-format}
if ! command -v "$clang_format" >/dev/null; then
    echo "style.clang_format: '$clang_format' not found (scripts/install-deps.sh installs it)" >&2
    exit 1
fi

mapfile -d '' files < <(find src tests bench -type f \( -name '*.cc' -o -name '*.h' -o -name '*.c' \) \
    -print0 2>/dev/null | sort -z)
bad=()
for f in "${files[@]}"; do
    "$clang_format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [[ ${#bad[@]} -gt 0 ]]; then
    echo "style.clang_format: ${#bad[@]} of ${#files[@]} files are not clang-format clean (run make format):"
    printf '  %s\n' "${bad[@]}"
    echo "first differences:"
    "$clang_format" --dry-run "${bad[0]}" 2>&1 | head -n 20
    exit 1
fi
echo "style.clang_format: ${#files[@]} files clean ($("$clang_format" --version))"
