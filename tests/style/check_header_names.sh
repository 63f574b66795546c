#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# src/lib is on the include path, so src/lib/sys/X.h would shadow the C library's <sys/X.h>
# (and likewise for any other system header directory named like one of our libraries).
set -euo pipefail
root=${1:?usage: check_header_names.sh REPO_ROOT}
bad=0
for dir in "$root"/src/lib/*/; do
    lib=$(basename "$dir")
    for sysdir in /usr/include/"$lib" /usr/include/x86_64-linux-gnu/"$lib"; do
        [[ -d $sysdir ]] || continue
        for h in "$dir"*.h; do
            [[ -e $h ]] || continue
            if [[ -e $sysdir/$(basename "$h") ]]; then
                echo "src/lib/$lib/$(basename "$h") shadows <$lib/$(basename "$h")>"
                bad=1
            fi
        done
    done
done
exit "$bad"
