# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for nsctl and for its lsns, unshare and nsenter drop-ins (symlinks to nsctl).
# Installed as .../bash-completion/completions/nsctl, with a link named lsns next to it.
# Completion words here (options, column names, types, numbers) never contain blanks or globs,
# so the usual COMPREPLY=($(compgen ...)) splitting is safe.
# shellcheck disable=SC2207

_nsctl_commands='lsns unshare nsenter run ps exec kill rm lab oci doctor netns link addr route nat'
_nsctl_lsns_columns='NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS'
_nsctl_ns_types='mnt net ipc user pid uts cgroup time'
_nsctl_lsns_options='-J --json -l --list -n --noheadings -o --output --output-all -P --persistent
    -p --task -Q --filter -r --raw -t --type -u --notruncate -W --nowrap -T --tree
    -H --list-columns -h --help -V --version'

_nsctl_unshare_options='-m --mount -u --uts -i --ipc -n --net -p --pid -U --user -C --cgroup
    -T --time -f --fork --kill-child --forward-signals --mount-proc --mount-binfmt -l --load-interp
    --propagation --setgroups --keep-caps -R --root -w --wd -S --setuid -G --setgid --monotonic
    --boottime --owner --clear-env --whitelist-env -r --map-root-user -c --map-current-user
    --map-user --map-group --map-users --map-groups --map-auto --map-subids -h --help -V --version'
_nsctl_nsenter_options='-t --target -a --all -m --mount -u --uts -i --ipc -n --net -p --pid
    -U --user -C --cgroup -T --time -N --net-socket --user-parent -S --setuid -G --setgid
    --preserve-credentials --keep-caps -r --root -w --wd -W --wdns -e --env -F --no-fork
    -c --join-cgroup -Z --follow-context -h --help -V --version'
_nsctl_run_options='--share --userns --map-auto --time --monotonic --boottime --rootfs --rw
    --overlay --overlay-dir --bind --ro-bind --tmpfs --chdir --hostname --env --clearenv --as-pid1
    --tty --die-with-parent --keep-fd --json-status-fd --uid --gid --cap-add --cap-drop
    --seccomp --allow-userns --rlimit --timeout --kill-after --memory --pids --cpus --cpu-weight
    --name -d --detach --net --netns --publish --dns -h --help -V --version'
_nsctl_net_subcommands_netns='add attach delete list list-id set identify pids exec monitor help'
_nsctl_net_subcommands_link='add set del show help'
_nsctl_net_subcommands_addr='add del flush show help'
_nsctl_net_subcommands_route='add replace del show help'
_nsctl_net_subcommands_nat='enable disable show help'

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

# Options of a drop-in: $1 is its option list; program names and files after them.
_nsctl_dropin_complete() {
    local cur prev attached
    _nsctl_words
    case $prev in
        -t | --target)
            COMPREPLY=($(compgen -W "$(cd /proc && printf '%s ' [0-9]*)" -- "$cur"))
            return
            ;;
        --propagation)
            COMPREPLY=($(compgen -W 'private shared slave unchanged' -- "$cur"))
            return
            ;;
        --setgroups)
            COMPREPLY=($(compgen -W 'allow deny' -- "$cur"))
            return
            ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$1" -- "$cur"))
    else
        COMPREPLY=($(compgen -c -- "$cur"))
    fi
}

_nsctl_unshare() { _nsctl_dropin_complete "$_nsctl_unshare_options"; }
_nsctl_nsenter() { _nsctl_dropin_complete "$_nsctl_nsenter_options"; }

# nsctl run: its options until the command, then the command's own words (files).
_nsctl_run() {
    local cur prev attached j
    _nsctl_words
    for ((j = $1 + 1; j < COMP_CWORD; j++)); do
        case ${COMP_WORDS[j]} in
            --) COMPREPLY=($(compgen -c -- "$cur")); return ;;
            --share | --monotonic | --boottime | --rootfs | --overlay-dir | --bind | --ro-bind | \
                --tmpfs | --chdir | --hostname | --env | --keep-fd | --json-status-fd | --uid | \
                --gid | --cap-add | --cap-drop | --seccomp | --rlimit | --timeout | --kill-after | --memory | --pids | --cpus | \
                --cpu-weight | --name | --net | --netns | --publish | --dns) ((j++)) ;;
            -*) ;;
            *) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        esac
    done
    case $prev in
        --share)
            COMPREPLY=($(compgen -W 'net ipc uts pid cgroup' -- "$cur"))
            return
            ;;
        --rootfs | --overlay-dir | --chdir)
            COMPREPLY=($(compgen -d -- "$cur"))
            return
            ;;
        --bind | --ro-bind)
            COMPREPLY=($(compgen -f -- "$cur"))
            return
            ;;
        --monotonic | --boottime | --tmpfs | --hostname | --env | --keep-fd | --json-status-fd | \
            --uid | --gid)
            return
            ;;
        --seccomp)
            COMPREPLY=($(compgen -W 'unconfined' -- "$cur"))
            return
            ;;
        --net)
            COMPREPLY=($(compgen -W "none host veth user $(ls /sys/class/net 2>/dev/null |
                sed 's/^/veth:/')" -- "$cur"))
            return
            ;;
        --netns)
            COMPREPLY=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur"))
            return
            ;;
        --name | --publish | --dns)
            return
            ;;
        --rlimit)
            COMPREPLY=($(compgen -S = -W 'as core cpu data fsize locks memlock msgqueue nice nofile
                nproc rss rtprio rttime sigpending stack' -- "$cur"))
            return
            ;;
        --timeout | --kill-after | --memory | --pids | --cpus | --cpu-weight)
            return
            ;;
        --cap-add | --cap-drop)
            COMPREPLY=($(compgen -W "ALL $(printf 'cap_%s ' chown dac_override dac_read_search \
                fowner fsetid kill setgid setuid setpcap linux_immutable net_bind_service \
                net_broadcast net_admin net_raw ipc_lock ipc_owner sys_module sys_rawio \
                sys_chroot sys_ptrace sys_pacct sys_admin sys_boot sys_nice sys_resource \
                sys_time sys_tty_config mknod lease audit_write audit_control setfcap \
                mac_override mac_admin syslog wake_alarm block_suspend audit_read perfmon bpf \
                checkpoint_restore)" -- "$cur"))
            return
            ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$_nsctl_run_options" -- "$cur"))
    else
        COMPREPLY=($(compgen -c -- "$cur"))
    fi
}

# nsctl doctor: its options, user names after --user, files after --persist, pids after --target.
_nsctl_doctor() {
    case $prev in
        -u | --user)
            COMPREPLY=($(compgen -u -- "$cur"))
            return
            ;;
        -p | --persist)
            COMPREPLY=($(compgen -f -- "$cur"))
            return
            ;;
        -t | --target)
            COMPREPLY=($(compgen -W "$(ls /proc | grep -E '^[0-9]+$')" -- "$cur"))
            return
            ;;
    esac
    COMPREPLY=($(compgen -W '-j --json -u --user -p --persist -t --target -h --help' -- "$cur"))
}

# nsctl lab: the verb, then its options; topology files after -t, deployed labs after --name,
# the nodes of the lab named on the line after --node, commands after --.
_nsctl_lab() {
    local at=$1 verb=${COMP_WORDS[at + 1]:-} j lab=''
    if ((COMP_CWORD == at + 1)); then
        COMPREPLY=($(compgen -W 'deploy destroy inspect exec graph netem check -h --help' -- "$cur"))
        return
    fi
    if [[ $verb == netem ]] && ((COMP_CWORD == at + 2)); then
        COMPREPLY=($(compgen -W 'set show reset' -- "$cur"))
        return
    fi
    for ((j = at + 2; j < COMP_CWORD; j++)); do
        [[ ${COMP_WORDS[j]} == -- ]] && { COMPREPLY=($(compgen -c -- "$cur")); return; }
        [[ ${COMP_WORDS[j - 1]} == --name ]] && lab=${COMP_WORDS[j]}
    done
    case $prev in
        -t | --topo)
            COMPREPLY=($(compgen -f -X '!*.y*ml' -- "$cur") $(compgen -d -- "$cur"))
            return
            ;;
        --name)
            COMPREPLY=($(compgen -W "$(ls /run/nsctl/labs 2>/dev/null)" -- "$cur"))
            return
            ;;
        --node)
            [[ -n $lab ]] && COMPREPLY=($(compgen -W "$(nsctl lab inspect --name "$lab" 2>/dev/null |
                awk 'NR > 1 { print $2 }')" -- "$cur"))
            return
            ;;
        -f | --format)
            COMPREPLY=($(compgen -W 'table json' -- "$cur"))
            return
            ;;
        --timeout)
            return
            ;;
    esac
    local opts='-h --help'
    case $verb in
        deploy) opts+=' -t --topo --reconfigure' ;;
        destroy) opts+=' -t --topo --name --all --cleanup' ;;
        inspect) opts+=' -t --topo --name --all -f --format' ;;
        exec) opts+=' -t --topo --name --node --label --' ;;
        graph) opts+=' -t --topo --dot --mermaid' ;;
        netem)
            case ${COMP_WORDS[at + 2]} in
                set) opts+=' -t --topo --name --node -i --interface --delay --jitter --loss --rate' ;;
                reset) opts+=' -t --topo --name --node -i --interface' ;;
                show) opts+=' -t --topo --name --all --node -f --format' ;;
            esac
            ;;
        check) opts+=' -t --topo --name --all --timeout -f --format' ;;
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}

# nsctl oci (runc's command line): global options, then the verb and its options; container ids
# (from `nsctl oci list -q`, under the --root given on the line) after state, start, kill and
# delete; signal names after kill's id.
_nsctl_oci() {
    local at=$1 j verb='' root=()
    for ((j = at + 1; j < COMP_CWORD; j++)); do
        case ${COMP_WORDS[j]} in
            --root | -root) root=(--root "${COMP_WORDS[j + 1]}") && ((j++)) ;;
            --log | -log | --log-format | -log-format | --rootless | -rootless) ((j++)) ;;
            -*) ;;
            *) verb=${COMP_WORDS[j]} && break ;;
        esac
    done
    case $prev in
        --root | -b | --bundle) COMPREPLY=($(compgen -d -- "$cur")) && return ;;
        --log | --pid-file | -p | --process) COMPREPLY=($(compgen -f -- "$cur")) && return ;;
        --cwd) COMPREPLY=($(compgen -d -- "$cur")) && return ;;
        -e | --env | -u | --user | -g | --additional-gids | --apparmor | --process-label) return ;;
        -c | --cap)
            COMPREPLY=($(compgen -W 'CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_KILL CAP_SETUID
                CAP_SETGID CAP_NET_BIND_SERVICE CAP_NET_RAW CAP_NET_ADMIN CAP_SYS_ADMIN
                CAP_SYS_PTRACE CAP_SYS_CHROOT CAP_AUDIT_WRITE' -- "$cur")) && return
            ;;
        --preserve-fds) return ;;
        --log-format) COMPREPLY=($(compgen -W 'text json' -- "$cur")) && return ;;
        -f | --format) [[ $verb == list || $verb == ps ]] && COMPREPLY=($(compgen -W 'table json' -- "$cur")) && return ;;
    esac
    if [[ $prev == --rootless && -z $verb ]]; then
        COMPREPLY=($(compgen -W 'true false auto' -- "$cur"))
        return
    fi
    case $verb in
        '')
            COMPREPLY=($(compgen -W 'spec features state list help create start run kill delete
                exec ps pause resume update events checkpoint restore --root --log --log-format
                --systemd-cgroup --rootless --debug -h --help -v --version' -- "$cur"))
            ;;
        spec) COMPREPLY=($(compgen -W '--rootless -b --bundle -h --help' -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W '-f --format -q --quiet -h --help' -- "$cur")) ;;
        create | run)
            local opts='-b --bundle --pid-file --preserve-fds --no-pivot --console-socket -h --help'
            [[ $verb == run ]] && opts+=' -d --detach'
            COMPREPLY=($(compgen -W "$opts" -- "$cur"))
            ;;
        state | start | kill | delete)
            local opts='-h --help'
            [[ $verb == kill ]] && opts+=' -a --all'
            [[ $verb == delete ]] && opts+=' -f --force'
            if [[ $verb == kill && $prev != kill && $prev != -* ]]; then
                COMPREPLY=($(compgen -W 'TERM KILL INT HUP QUIT USR1 USR2 STOP CONT' -- "$cur"))
                return
            fi
            COMPREPLY=($(compgen -W "$(nsctl oci "${root[@]}" list -q 2>/dev/null) $opts" \
                -- "$cur"))
            ;;
        features) COMPREPLY=($(compgen -W '-h --help' -- "$cur")) ;;
        exec | ps)
            # Options, then the id; after the id, exec's command is completed as a command.
            local k ids
            ids=$(nsctl oci "${root[@]}" list -q 2>/dev/null)
            for ((k = j + 1; k < COMP_CWORD; k++)); do
                case ${COMP_WORDS[k]} in
                    -p | --process | --pid-file | --cwd | -e | --env | -u | --user | -g | \
                        --additional-gids | -c | --cap | --preserve-fds | --console-socket | \
                        --apparmor | --process-label | --cgroup | -f | --format) ((k++)) ;;
                    -*) ;;
                    *)
                        [[ $verb == exec ]] && COMPREPLY=($(compgen -c -- "$cur"))
                        return
                        ;;
                esac
            done
            local opts='-h --help'
            [[ $verb == ps ]] && opts+=' -f --format'
            [[ $verb == exec ]] && opts+=' -p --process -d --detach --pid-file --cwd -e --env -u
                --user -g --additional-gids -c --cap --no-new-privs --preserve-fds --apparmor
                --process-label --ignore-paused -t --tty --console-socket'
            COMPREPLY=($(compgen -W "$ids $opts" -- "$cur"))
            ;;
    esac
}

# nsctl ps, exec, kill, rm: the names of the caller's sandboxes (nsctl ps), signals after kill's
# name, commands after exec's.
_nsctl_sandboxes() {
    local cmd=$1 at=$2 names
    names=$(nsctl ps 2>/dev/null | awk 'NR > 1 { print $1 }')
    case $cmd in
        ps)
            COMPREPLY=($(compgen -W '-j --json -h --help' -- "$cur"))
            ;;
        rm)
            COMPREPLY=($(compgen -W "-f --force -h --help $names" -- "$cur"))
            ;;
        kill)
            if ((COMP_CWORD == at + 1)); then
                COMPREPLY=($(compgen -W "-h --help $names" -- "$cur"))
            elif ((COMP_CWORD == at + 2)); then
                COMPREPLY=($(compgen -W "TERM KILL HUP INT QUIT USR1 USR2 STOP CONT" -- "$cur"))
            fi
            ;;
        exec)
            if ((COMP_CWORD == at + 1)); then
                COMPREPLY=($(compgen -W "-h --help $names" -- "$cur"))
            else
                COMPREPLY=($(compgen -c -- "$cur"))
            fi
            ;;
    esac
}

# The network commands: the subcommand, then named namespaces where one is expected.
_nsctl_net_complete() {
    local cmd=$1 sub=$2 names
    names=$(ls /run/netns 2>/dev/null)
    if [[ -z $sub ]]; then
        local var=_nsctl_net_subcommands_$cmd
        COMPREPLY=($(compgen -W "${!var}" -- "$cur"))
    elif [[ $cmd == netns && $sub == list-id ]]; then
        [[ $prev == target-nsid || $prev == nsid ]] || COMPREPLY=($(compgen -W "target-nsid nsid" -- "$cur"))
    elif [[ $prev == -n || $prev == netns || ($cmd == netns && $sub != add) ]]; then
        COMPREPLY=($(compgen -W "$names" -- "$cur"))
    fi
}

_nsctl() {
    local cur prev attached
    _nsctl_words
    if [[ $prev == -n || $prev == -netns ]]; then
        COMPREPLY=($(compgen -W "$(ls /run/netns 2>/dev/null)" -- "$cur"))
        return
    fi
    local i=1
    while [[ $i -lt $COMP_CWORD && ${COMP_WORDS[i]} == -* ]]; do
        [[ ${COMP_WORDS[i]} == -n || ${COMP_WORDS[i]} == -netns || ${COMP_WORDS[i]} == -batch ]] &&
            ((i++))
        ((i++))
    done
    if [[ $COMP_CWORD -eq $i ]]; then
        COMPREPLY=($(compgen -W "$_nsctl_commands -h --help -V --version -n -j -all -force -batch" \
            -- "$cur"))
        return
    fi
    local cmd=${COMP_WORDS[i]} sub=''
    [[ $((i + 1)) -lt $COMP_CWORD ]] && sub=${COMP_WORDS[i + 1]}
    case $cmd in
        lsns) _nsctl_lsns_complete "${COMP_WORDS[0]}" lsns ;;
        unshare) _nsctl_unshare ;;
        nsenter) _nsctl_nsenter ;;
        run) _nsctl_run "$i" ;;
        doctor) _nsctl_doctor ;;
        lab) _nsctl_lab "$i" ;;
        oci) _nsctl_oci "$i" ;;
        ps | exec | kill | rm) _nsctl_sandboxes "$cmd" "$i" ;;
        netns | link | addr | route | nat) _nsctl_net_complete "$cmd" "$sub" ;;
    esac
}

complete -F _nsctl nsctl
# nsctl-runtime is `nsctl oci` under another name.
_nsctl_runtime() {
    local cur prev attached
    _nsctl_words
    _nsctl_oci 0
}
complete -F _nsctl_runtime nsctl-runtime
# lsns gets these completions only when the lsns on PATH is nsctl; util-linux's lsns keeps its own.
for _nsctl_dropin in lsns unshare nsenter; do
    if [[ $(readlink -f "$(type -P "$_nsctl_dropin")" 2>/dev/null) == */nsctl ]]; then
        complete -F "_nsctl_$_nsctl_dropin" "$_nsctl_dropin"
    fi
done
unset _nsctl_dropin
