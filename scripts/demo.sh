#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A short tour of nsctl: prints each command, then runs it. Creates one UTS namespace with
# `unshare --uts --fork sleep`, shows it with `lsns -p PID`, and kills the sleeper it started.
# Usage: scripts/demo.sh   (NSCTL=path/to/nsctl, default build/src/cli/nsctl; `make demo`)
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
nsctl=${NSCTL:-$repo/build/src/cli/nsctl}
bindir=$(cd "$(dirname "$nsctl")" 2>/dev/null && pwd)
if [[ ! -x $nsctl || ! -x $bindir/lsns ]]; then
    echo "demo: no nsctl with an lsns link next to it at $nsctl (make build, or set NSCTL)" >&2
    exit 1
fi
# So that the printed commands are the ones a user types.
export PATH="$bindir:$PATH"

failed=0
unshare_pid=""
sleeper=""

# Prints "$ command args" as one would type it: words with shell-special characters go in
# single quotes.
show() {
    local word out="\$"
    for word in "$@"; do
        if [[ $word =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then
            out+=" $word"
        else
            out+=" '${word//\'/\'\\\'\'}'"
        fi
    done
    echo "$out"
}

# Shows a command, runs it, and notes a failure.
step() {
    echo
    show "$@"
    "$@"
    local rc=$?
    if [[ $rc -ne 0 ]]; then
        echo "[exit status $rc]"
        failed=1
    fi
}

stop_sleeper() {
    [[ -n $sleeper ]] && kill "$sleeper" 2>/dev/null
    # unshare --kill-child: should unshare be the one that goes, the sleeper gets SIGKILL.
    [[ -n $unshare_pid ]] && kill "$unshare_pid" 2>/dev/null
    [[ -n $unshare_pid ]] && wait "$unshare_pid" 2>/dev/null
    sleeper=""
    unshare_pid=""
}
trap stop_sleeper EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits for unshare's child (the sleeper) to have exec'd sleep; prints its pid.
find_sleeper() {
    local i child
    for ((i = 0; i < 100; i++)); do
        child=$(cat "/proc/$unshare_pid/task/$unshare_pid/children" 2>/dev/null)
        child=${child%% *}
        if [[ -n $child && $(cat "/proc/$child/comm" 2>/dev/null) == sleep ]]; then
            echo "$child"
            return 0
        fi
        sleep 0.05
    done
    return 1
}

echo "nsctl demo: $bindir/nsctl (lsns is a symlink to it there)"
step nsctl --help
step lsns
step lsns -t net
step lsns -J -t uts
step lsns -Q 'TYPE == "net"'

echo
echo "# a new UTS namespace, held by a sleeping process"
unshare_cmd=(unshare --uts --fork --kill-child sleep 600)
[[ $(id -u) -eq 0 ]] || unshare_cmd=(unshare --map-root-user "${unshare_cmd[@]:1}")
echo "$(show "${unshare_cmd[@]}") &"
"${unshare_cmd[@]}" &
unshare_pid=$!
if sleeper=$(find_sleeper); then
    echo "sleeper pid: $sleeper, uts namespace: $(readlink "/proc/$sleeper/ns/uts")" \
        "(ours: $(readlink /proc/self/ns/uts))"
    step lsns -p "$sleeper"
    step lsns -t uts
    echo
    echo "\$ kill $sleeper"
    stop_sleeper
else
    echo "[unshare did not start its sleeper]"
    failed=1
fi

echo
echo "# a UTS namespace of its own, and a user namespace without privileges"
step unshare --uts --fork sh -c 'hostname demo-box; hostname'
step unshare --user --map-root-user id -u

echo
echo "# nsctl run: the quick reference's \"Process Isolation\" (own PIDs and mounts, the host's files,"
echo "# read-only) and \"Simple Container\" (a root of its own, here busybox in a temporary folder)"
step nsctl run -- sh -c 'echo "PID in namespace: $$"; ps -e -o pid,comm'
if [[ -x /bin/busybox ]]; then
    rootfs=$(mktemp -d /tmp/nsctl-demo.XXXXXX)
    mkdir "$rootfs/bin" && cp /bin/busybox "$rootfs/bin/" && chmod -R a+rX "$rootfs"
    for tool in sh ps ls hostname mount; do ln -s busybox "$rootfs/bin/$tool"; done
    step nsctl run --rootfs "$rootfs" --hostname box -- /bin/sh -c 'hostname; ps; ls /; mount | head -4'
    step nsctl run --rootfs "$rootfs" --overlay -- /bin/sh -c 'echo scratch > /note; ls /'
    rm -rf "$rootfs"
fi

if [[ $(id -u) -eq 0 ]]; then
    echo
    echo "# network namespaces, inside a private mount and network namespace of the demo's own"
    echo "# (so the machine's /run/netns and links are not touched)"
    net_tour='
        set -e
        mount -t tmpfs nsctl-demo /run
        run() { echo "\$ $*"; "$@"; }
        run nsctl netns add blue
        run nsctl link add veth0 type veth peer name veth1 netns blue
        run nsctl addr add 10.200.0.1/24 dev veth0
        run nsctl link set veth0 up
        run nsctl -n blue addr add 10.200.0.2/24 dev veth1
        run nsctl -n blue link set veth1 up
        run nsctl -n blue route add default via 10.200.0.1
        run nsctl netns exec blue ping -c 1 -W 2 10.200.0.1
        run nsctl -n blue addr show
        run nsctl netns delete blue
        echo
        echo "# nsctl lab: a containerlab topology file, deployed over netlink"
        run nsctl lab deploy -t "$REPO/tests/lab/line3.clab.yml"
        run nsctl lab inspect
        run nsctl lab exec --name line3 --node r1 -- ping -c 1 -W 2 10.0.23.2
        run nsctl lab destroy --name line3'
    echo
    REPO=$repo unshare --mount --net --propagation private bash -c "$net_tour" || failed=1
fi

echo
[[ $failed -eq 0 ]] && echo "demo: done" || echo "demo: some steps failed (see above)"
exit "$failed"
