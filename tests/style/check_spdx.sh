#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CTest style.spdx: every source and script file carries the line
# "SPDX-License-Identifier: GPL-2.0-or-later" within its first 5 lines (STYLE.md section 9).
# Checked: C/C++ sources, CMake files, shell/Python scripts and any file starting with "#!"
# under src, tests, bench, scripts, .ci, completions and man, plus the top-level CMakeLists.txt
# and Makefile. Usage: check_spdx.sh REPO_ROOT
set -uo pipefail
cd "${1:?usage: $0 REPO_ROOT}" || exit 1
readonly spdx='SPDX-License-Identifier: GPL-2.0-or-later'

is_source() {
    case "$1" in
        *.c | *.cc | *.cpp | *.h | *.hpp | *.cmake | */CMakeLists.txt | CMakeLists.txt | Makefile) return 0 ;;
        *.sh | *.bash | *.py | man/*.[1-8]) return 0 ;;
    esac
    [[ $(head -c 2 "$1") == '#!' ]]
}

checked=0
missing=()
while IFS= read -r -d '' f; do
    f=${f#./}
    is_source "$f" || continue
    checked=$((checked + 1))
    head -n 5 "$f" | grep -qF "$spdx" || missing+=("$f")
done < <(find src tests bench scripts .ci completions man CMakeLists.txt Makefile -type f -print0 2>/dev/null)

if [[ ${#missing[@]} -gt 0 ]]; then
    echo "style.spdx: ${#missing[@]} files lack '$spdx' in their first 5 lines:"
    printf '  %s\n' "${missing[@]}"
    exit 1
fi
echo "style.spdx: $checked files carry the SPDX line"
