#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs as PID 1 of a fresh PID namespace (with its own /proc and new mount, net, uts and ipc
# namespaces), builds a small known set of namespaces, then runs each line of the file $1
# (shell syntax, evaluated) with stdout to $2/N.out, stderr to $2/N.err and the exit code to
# $2/N.rc. The lines can use:
#   $P_PLAIN  a sleep in the scenario's own namespaces
#   $P_UTS    a sleep in a new uts namespace          $NS_UTS  that namespace's inode
#   $P_NET    a sleep in new ipc and net namespaces   $NS_NET  the net namespace's inode
#   $P_TREE   a sleep (new uts ns) with a child sleep in the same namespace; $NS_TREE
#   $P_USER   a sleep in a new user namespace (root mapped) and a new uts namespace in it
#   With a third argument "persist", also namespaces no process is in (util-linux 2.38 does
#   not list them):
#   $PERSIST  a file with a network namespace bind-mounted on it (and on $PERSIST2 too)
#   $P_HOLD   a sleep holding an fd (3) of a uts namespace no process is in; $NS_HELD
set -u
cmds=$1
out=$2
persist=${3:-}

wait_exec() {  # until process $1 runs sleep
    while :; do
        comm=
        [ -r "/proc/$1/comm" ] && read -r comm < "/proc/$1/comm"
        [ "$comm" = sleep ] && return
    done
}

sleep 1000 & P_PLAIN=$!
unshare --uts sleep 1001 & P_UTS=$!
unshare --ipc --net sleep 1002 & P_NET=$!
unshare --uts sh -c 'sleep 1003 & exec sleep 1004' & P_TREE=$!
unshare --user --map-root-user --uts sleep 1005 & P_USER=$!
PERSIST=$out/persist-net
PERSIST2=$out/persist-net2
P_HOLD=
NS_HELD=
if [ "$persist" = persist ]; then
    touch "$PERSIST" "$PERSIST2"
    unshare --net="$PERSIST" true
    mount --bind "$PERSIST" "$PERSIST2"
    unshare --uts sleep 1006 & p_gone=$!
    wait_exec "$p_gone"
    sleep 1007 3< "/proc/$p_gone/ns/uts" & P_HOLD=$!
    wait_exec "$P_HOLD"
    NS_HELD=$(stat -L -c %i "/proc/$p_gone/ns/uts")
    kill "$p_gone"
    wait "$p_gone"
fi
for p in $P_PLAIN $P_UTS $P_NET $P_TREE $P_USER; do wait_exec "$p"; done
child=
while [ -z "$child" ]; do read -r child < "/proc/$P_TREE/task/$P_TREE/children"; done
wait_exec "$child"
NS_UTS=$(stat -L -c %i "/proc/$P_UTS/ns/uts")
NS_NET=$(stat -L -c %i "/proc/$P_NET/ns/net")
NS_TREE=$(stat -L -c %i "/proc/$P_TREE/ns/uts")
export P_PLAIN P_UTS P_NET P_TREE P_USER PERSIST PERSIST2 P_HOLD NS_UTS NS_NET NS_TREE NS_HELD

n=0
while IFS= read -r line; do
    n=$((n + 1))
    eval "$line" > "$out/$n.out" 2> "$out/$n.err"
    echo $? > "$out/$n.rc"
done < "$cmds"
[ "$persist" = persist ] && umount "$PERSIST2" "$PERSIST"
kill "$P_PLAIN" "$P_UTS" "$P_NET" "$P_TREE" "$child" "$P_USER" $P_HOLD 2>/dev/null
wait
