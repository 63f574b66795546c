#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CTest style.man_pages: every command nsctl(1) names (its COMMANDS section and its nsctl-NAME
# references) has its page man/nsctl-NAME.N (N from nsctl(1)'s reference "nsctl-NAME(N)", 8
# without one), which `make install` installs and `make uninstall` removes (checked with
# make -n); with the built binary, every command `nsctl --help` lists is one of them, and every
# keyword and option of a network command's usage (`nsctl COMMAND help`) is in its page. groff,
# where installed, must render each page without a warning.
# Usage: check_man_pages.sh REPO_ROOT [NSCTL_BINARY]
set -uo pipefail
cd "${1:?usage: $0 REPO_ROOT [NSCTL_BINARY]}" || exit 1
nsctl=${2:-}
failures=()
fail() { failures+=("$1"); }

# The first word of each ".B" line right after a ".TP" in COMMANDS, and every nsctl\-NAME (N).
named=$(
    awk '/^\.SH /{inside = ($2 == "COMMANDS")} inside && prev == ".TP" && /^\.B /{print $2}
         {prev = $0}' man/nsctl.1 | sed 's/\\f.*//'
    grep -o 'nsctl\\-[a-z]* ([0-9])' man/nsctl.1 | sed 's/nsctl\\-\([a-z]*\).*/\1/'
)
commands=$(printf '%s\n' "$named" | sort -u)
[[ -n $commands ]] || fail "no command found in man/nsctl.1"

if [[ -n $nsctl ]]; then
    listed=$("$nsctl" --help | awk '/^  [a-z]+  /{print $1}' | sort -u)
    for c in $listed; do
        grep -qx "$c" <<<"$commands" || fail "nsctl --help lists '$c', nsctl(1) does not name it"
    done
fi

install_dry=$(make --no-print-directory -n install DESTDIR=/nonexistent 2>&1)
uninstall_dry=$(make --no-print-directory -n uninstall DESTDIR=/nonexistent 2>&1)

# The page's text without troff's font changes and escapes, for finding words.
page_text() { sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\e/\\/g' "$1"; }

# The network commands, whose `help` prints their usage (other commands run programs).
readonly net_commands=" netns link addr route nat "

for c in $commands; do
    section=$(grep -o "nsctl\\\\-$c ([0-9])" man/nsctl.1 | head -n 1 | tr -dc '0-9')
    section=${section:-8}
    page=man/nsctl-$c.$section
    if [[ ! -f $page ]]; then
        fail "nsctl(1) names '$c', but $page does not exist"
        continue
    fi
    head -n 5 "$page" | grep -q "^\.TH NSCTL\\\\\?-${c^^} $section " ||
        fail "$page: no '.TH NSCTL-${c^^} $section' line"
    grep -q "install .*$page .*/nonexistent/.*/man$section/" <<<"$install_dry" ||
        fail "make install does not install $page"
    grep -q "rm -f .*/nonexistent/.*/man$section/nsctl-$c.$section" <<<"$uninstall_dry" ||
        fail "make uninstall does not remove nsctl-$c.$section"
    if command -v groff >/dev/null; then
        warnings=$(LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$page" 2>&1)
        [[ -z $warnings ]] || fail "$page: groff: $warnings"
    fi
    [[ -n $nsctl && $net_commands == *" $c "* ]] || continue
    text=$(page_text "$page")
    usage=$("$nsctl" "$c" help | grep 'nsctl ' | tr '[]|' '   ')
    for word in $usage; do
        [[ $word =~ ^-{0,2}[a-z][a-z-]*$ && $word != nsctl ]] || continue
        grep -qw -e "$word" <<<"$text" || fail "$page: '$word' (from nsctl $c help) is not in it"
    done
done

if [[ ${#failures[@]} -gt 0 ]]; then
    echo "style.man_pages: ${#failures[@]} problems:"
    printf '  %s\n' "${failures[@]}"
    exit 1
fi
echo "style.man_pages: $(wc -w <<<"$commands") commands, each with its page: $(echo $commands)"
