# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for nsctl and for its lsns drop-in (a symlink to nsctl).
# Installed as .../bash-completion/completions/nsctl, with a link named lsns next to it.
# Completion words here (options, column names, types, numbers) never contain blanks or globs,
# so the usual COMPREPLY=($(compgen ...)) splitting is safe.
# shellcheck disable=SC2207

_nsctl_commands='lsns'
_nsctl_lsns_columns='NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS'
_nsctl_ns_types='mnt net ipc user pid uts cgroup time'
_nsctl_lsns_options='-J --json -l --list -n --noheadings -o --output --output-all -P --persistent
    -p --task -Q --filter -r --raw -t --type -u --notruncate -W --nowrap -T --tree
    -H --list-columns -h --help -V --version'

# Sets cur and prev for the word being completed, and attached when the word follows "option=".
# bash splits "--output=NS" at '=' (it is in COMP_WORDBREAKS): prev is then the option and cur
# what follows the '='.
_nsctl_words() {
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD - 1]}
    attached=''
    if [[ $cur == = ]]; then
        cur=''
        attached=1
    elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
        attached=1
    fi
}

# A comma-separated column list, optionally starting with '+' (added to the default columns).
_nsctl_lsns_column_list() {
    local done_part=${cur%"${cur##*,}"} word=${cur##*,} plus=''
    if [[ -z $done_part && $word == +* ]]; then
        plus='+'
        word=${word#+}
    fi
    local IFS=$'\n'
    COMPREPLY=($(compgen -P "$plus$done_part" -W "${_nsctl_lsns_columns// /$'\n'}" -- "${word^^}"))
    compopt -o nospace 2>/dev/null
}

# Completes lsns arguments; $1 is the command to run for namespace inode numbers.
_nsctl_lsns_complete() {
    local cur prev attached
    _nsctl_words
    case $prev in
        -o | --output)
            _nsctl_lsns_column_list
            return
            ;;
        -t | --type)
            COMPREPLY=($(compgen -W "$_nsctl_ns_types" -- "$cur"))
            return
            ;;
        -p | --task)
            COMPREPLY=($(compgen -W "$(cd /proc && printf '%s ' [0-9]*)" -- "$cur"))
            return
            ;;
        --tree)
            # The relation is optional, so only --tree=REL takes one; "--tree REL" does not.
            if [[ -n $attached ]]; then
                COMPREPLY=($(compgen -W 'process parent owner' -- "$cur"))
                return
            fi
            ;;
        -Q | --filter)
            return # a free-form expression
            ;;
    esac
    case $cur in
        -T*)
            COMPREPLY=($(compgen -P -T -W 'process parent owner' -- "${cur#-T}"))
            [[ $cur == -T ]] && COMPREPLY+=(-T)
            ;;
        -*)
            COMPREPLY=($(compgen -W "$_nsctl_lsns_options" -- "$cur"))
            ;;
        *)
            COMPREPLY=($(compgen -W "$("$@" --noheadings --raw --output NS 2>/dev/null)" -- "$cur"))
            ;;
    esac
}

_nsctl_lsns() {
    _nsctl_lsns_complete "${COMP_WORDS[0]}"
}

_nsctl() {
    local cur prev attached
    _nsctl_words
    if [[ $COMP_CWORD -eq 1 ]]; then
        COMPREPLY=($(compgen -W "$_nsctl_commands -h --help -V --version" -- "$cur"))
        return
    fi
    case ${COMP_WORDS[1]} in
        lsns) _nsctl_lsns_complete "${COMP_WORDS[0]}" lsns ;;
    esac
}

complete -F _nsctl nsctl
# lsns gets these completions only when the lsns on PATH is nsctl; util-linux's lsns keeps its own.
if [[ $(readlink -f "$(type -P lsns)" 2>/dev/null) == */nsctl ]]; then
    complete -F _nsctl_lsns lsns
fi
