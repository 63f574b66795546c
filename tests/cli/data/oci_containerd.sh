#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# containerd runs containers through nsctl's OCI runtime, as a Kubernetes node's would: a
# containerd of the test's own (scripts/private-containerd.sh: its own root, state and sockets;
# no CRI), an image built here from Debian's busybox-static and imported offline, then
# `ctr run --runc-binary RUNTIME`, so that containerd's runc shim calls RUNTIME create, start,
# exec, kill and delete.
#
# Usage: oci_containerd.sh RUNTIME [BUSYBOX]   (as root; BUSYBOX defaults to /usr/bin/busybox)
# Prints one line per check ("name: what was seen") on stdout for the test to compare; on a
# failure, containerd's log goes to stderr.
#
# Everything runs in mount and PID namespaces of its own (unshare --kill-child): /run is a tmpfs
# there, and containerd, its shims and the containers end with this script's PID namespace,
# whatever happens to it.
set -euo pipefail

if [[ -z ${NSCTL_CONTAINERD_INSIDE:-} ]]; then
    NSCTL_CONTAINERD_INSIDE=1 exec unshare --mount --pid --fork --kill-child --mount-proc \
        --propagation private "$0" "$@"
fi

runtime=$1
busybox=${2:-/usr/bin/busybox}
image=docker.io/nsctl/busybox:1
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)

mount -t tmpfs -o mode=0755 nsctl-test-run /run
work=/run/nsctl-containerd  # a tmpfs, gone with the mount namespace
# shellcheck source=../../../scripts/private-containerd.sh
source "$repo/scripts/private-containerd.sh"
containerd_up "$work"
containerd_image "$busybox" "$image"
echo "images: $(ctr image ls -q)"

# One container run to its end and removed: its output and exit status reach ctr.
rc=0
out=$(ctr run --rm --runc-binary "$runtime" "$image" run1 \
    sh -c 'echo "hello, pid $$, uid $(id -u)"; exit 3' 2>"$work/run.err") || rc=$?
echo "run: $out; exit $rc"
[[ -s $work/run.err ]] && echo "run stderr: $(<"$work/run.err")"

# With a terminal (ctr's own stdin must be one: script(1) gives it a pty): the shim passes a
# console socket, and the container's stdio is the terminal whose master it receives.
rc=0
out=$(timeout 30 script -qec "ctr --address $CONTAINERD_SOCK --namespace nsctl run --rm -t --runc-binary $runtime $image tty1 sh -c 'echo tty: \$(tty); exit 6'" \
    /dev/null </dev/null 2>"$work/tty.err") || rc=$?
echo "run -t: $(grep -ao 'tty: /dev/pts/[0-9]*' <<<"$out"); exit $rc"
[[ -s $work/tty.err ]] && echo "run -t stderr: $(<"$work/tty.err")"

# A detached one: listed as running, killed, then deleted.
ctr run -d --runc-binary "$runtime" "$image" run2 sleep 1000 >/dev/null 2>"$work/run2.err" ||
    containerd_fail "ctr run -d: $(<"$work/run2.err")"
status() { ctr task ls | awk -v id="$1" '$1 == id { print $3 }'; }
echo "detached: $(status run2)"

# Processes beside it: ctr task exec, through the shim's `RUNTIME exec --process F --detach`.
rc=0
out=$(ctr task exec --exec-id e1 run2 sh -c 'echo "exec, pid $$, ppid $PPID, $(cat /proc/1/comm)"; exit 5' \
    2>"$work/exec.err") || rc=$?
echo "exec: $out; exit $rc"
[[ -s $work/exec.err ]] && echo "exec stderr: $(<"$work/exec.err")"
rc=0
ctr task exec --exec-id e2 run2 /no/such/program >/dev/null 2>"$work/exec2.err" || rc=$?
echo "exec of a missing program: exit $rc, $(grep -c 'no/such/program' "$work/exec2.err") error line"
ctr task exec -d --exec-id e3 run2 sleep 1000
echo "exec -d: $(ctr task ps run2 | awk 'NR > 1' | wc -l) processes"
rc=0
out=$(timeout 30 script -qec "ctr --address $CONTAINERD_SOCK --namespace nsctl task exec -t --exec-id e4 run2 sh -c 'echo tty: \$(tty); exit 8'" /dev/null \
    </dev/null 2>"$work/exec-tty.err") || rc=$?
# (ctr may also say that it could not resize the terminal of a process that has ended.)
echo "exec -t: $(grep -ao 'tty: /dev/pts/[0-9]*' <<<"$out"); exit $rc"
[[ -s $work/exec-tty.err ]] && echo "exec -t stderr: $(<"$work/exec-tty.err")"
ctr task kill --signal SIGKILL run2
for _ in $(seq 100); do
    [[ $(status run2) == STOPPED ]] && break
    sleep 0.05
done
echo "after kill: $(status run2)"
ctr task delete run2 >/dev/null 2>&1  # (its warning: exit code 137)
ctr container rm run2
echo "containers left: $(ctr container ls -q | tr '\n' ' ')"
echo "runtime's containers left: $("$runtime" --root /run/containerd/runc/nsctl list -q | tr '\n' ' ')"
containerd_down
