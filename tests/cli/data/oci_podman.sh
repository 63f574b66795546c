#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# podman runs containers through nsctl's OCI runtime: `podman --runtime RUNTIME`, so that conmon
# calls RUNTIME create, start, exec, kill and delete. An image is imported from a root file
# system built here from Debian's busybox-static; podman's storage, state and temporary files are
# the script's own (vfs storage, no cgroups, no network, no events), so nothing of the host's
# podman is touched.
#
# Usage: oci_podman.sh RUNTIME [BUSYBOX]   (as root; BUSYBOX defaults to /usr/bin/busybox)
# Prints one line per check ("name: what was seen") on stdout for the test to compare.
#
# Everything runs in mount and PID namespaces of its own (unshare --kill-child): /run is a tmpfs
# there, and conmon, podman's cleanup processes and the containers end with the script's PID
# namespace, whatever happens to it.
set -euo pipefail

if [[ -z ${NSCTL_PODMAN_INSIDE:-} ]]; then
    NSCTL_PODMAN_INSIDE=1 exec unshare --mount --pid --fork --kill-child --mount-proc \
        --propagation private "$0" "$@"
fi

runtime=$1
busybox=${2:-/usr/bin/busybox}
image=localhost/nsctl/busybox:1

mount -t tmpfs -o mode=0755 nsctl-test-run /run
work=/run/nsctl-podman  # a tmpfs, gone with the mount namespace
mkdir -p "$work/rootfs/bin" "$work/tmp"
cp "$busybox" "$work/rootfs/bin/busybox"
for applet in sh sleep cat grep id echo tty; do ln -s busybox "$work/rootfs/bin/$applet"; done
tar -C "$work/rootfs" -cf "$work/image.tar" .

podman() {
    command podman --root "$work/root" --runroot "$work/run" --tmpdir "$work/tmp" \
        --storage-driver vfs --cgroup-manager cgroupfs --events-backend none \
        --runtime "$runtime" "$@"
}
podman import -q "$work/image.tar" "$image" >/dev/null
echo "images: $(podman images --format '{{.Repository}}:{{.Tag}}')"

# No network and no cgroups of podman's; limits the caller can set (podman asks for 1048576 open
# files and processes by default, more than a root without CAP_SYS_RESOURCE may raise to).
opts=(--network none --cgroups no-conmon --ulimit nofile=1024:1024 --ulimit nproc=4096:4096)

rc=0
out=$(podman run --rm "${opts[@]}" "$image" \
    sh -c 'echo "hello, pid $$, uid $(id -u), $(grep Seccomp: /proc/self/status)"; exit 3' \
    2>"$work/run.err") || rc=$?
echo "run: $(tr '\t' ' ' <<<"$out"); exit $rc"
[[ -s $work/run.err ]] && echo "run stderr: $(<"$work/run.err")"

# A terminal (podman's own stdin must be one: script(1) gives it a pty): conmon passes a console
# socket.
rc=0
out=$(timeout 60 script -qec "$(declare -f podman); work=$work runtime=$runtime podman run --rm -t ${opts[*]} $image sh -c 'echo tty: \$(tty); exit 6'" \
    /dev/null </dev/null 2>"$work/tty.err") || rc=$?
echo "run -t: $(grep -ao 'tty: /dev/pts/[0-9]*' <<<"$out"); exit $rc"

# A detached one, a process beside it, then stopped and removed.
podman run -d --name p1 "${opts[@]}" "$image" sleep 1000 >/dev/null 2>"$work/run-d.err" ||
    { echo "run -d failed: $(<"$work/run-d.err")"; exit 1; }
echo "detached: $(podman inspect -f '{{.Name}} {{.State.Status}}' p1)"
rc=0
out=$(podman exec p1 sh -c 'echo "exec, pid $$, uid $(id -u)"; exit 4' 2>"$work/exec.err") || rc=$?
echo "exec: $out; exit $rc"
[[ -s $work/exec.err ]] && echo "exec stderr: $(grep -v 'nsctl-runtime: warning: ' "$work/exec.err")"
podman stop -t 1 p1 >/dev/null 2>"$work/stop.err" || echo "stop failed: $(<"$work/stop.err")"
echo "after stop: $(podman inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}}' p1)"
podman rm p1 >/dev/null
echo "containers left: $(podman ps -a -q | tr '\n' ' ')"
echo "runtime's containers left: $("$runtime" list -q | tr '\n' ' ')"
