#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CTest style.cli_includes: src/cli reaches the kernel only through the libraries (STYLE.md
# sections 2 and 7), so no file there includes <sys/...>, <linux/...> or <sched.h>.
# Usage: check_cli_includes.sh REPO_ROOT
set -uo pipefail
cd "${1:?usage: $0 REPO_ROOT}" || exit 1
if [[ ! -d src/cli ]]; then
    echo "style.cli_includes: no src/cli directory" >&2
    exit 1
fi
# Angle brackets only: "sys/..." in quotes is nsctl's own sys library.
hits=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<(sys/|linux/|sched\.h>)' src/cli)
if [[ -n "$hits" ]]; then
    echo "style.cli_includes: src/cli must not include <sys/...>, <linux/...> or <sched.h>:"
    echo "$hits"
    exit 1
fi
echo "style.cli_includes: src/cli has no kernel headers ($(find src/cli -type f | wc -l) files)"
