# SPDX-License-Identifier: GPL-2.0-or-later
#
# Sourced, not run: a containerd of the caller's own, for tests/cli/data/oci_containerd.sh and
# bench/ctr. Source it in a private mount namespace whose /run is a tmpfs (the runc shim puts its
# sockets in /run/containerd, whatever the configuration says), best inside a PID namespace of
# the caller's own too, so that the daemon, its shims and their containers end with it.
#
#   containerd_up WORK   starts containerd with its root, state and sockets in WORK (no CRI, no
#                        snapshotter but overlayfs, no /opt/containerd) and returns once it
#                        answers; CONTAINERD_PID and CONTAINERD_SOCK are set, and `ctr ARGS...`
#                        talks to it (namespace nsctl). On a failure, its log goes to stderr.
#   containerd_image BUSYBOX NAME
#                        builds an OCI image of BUSYBOX (a static busybox, and links for a few
#                        applets) in WORK and imports it as NAME.
#   containerd_down      stops it (SIGTERM, then waits for it).

containerd_fail() {
    echo "containerd: $*" >&2
    echo "--- containerd's log:" >&2
    cat "$CONTAINERD_WORK/containerd.log" >&2
    return 1
}

ctr() { command ctr --address "$CONTAINERD_SOCK" --namespace nsctl "$@"; }

containerd_up() {
    CONTAINERD_WORK=$1
    CONTAINERD_SOCK=$CONTAINERD_WORK/containerd.sock
    mkdir -p "$CONTAINERD_WORK"
    cat >"$CONTAINERD_WORK/config.toml" <<EOF
version = 2
root = "$CONTAINERD_WORK/root"
state = "$CONTAINERD_WORK/state"
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
EOF
    containerd --config "$CONTAINERD_WORK/config.toml" >"$CONTAINERD_WORK/containerd.log" 2>&1 &
    CONTAINERD_PID=$!
    local _
    for _ in $(seq 100); do
        ctr version >/dev/null 2>&1 && return 0
        kill -0 "$CONTAINERD_PID" 2>/dev/null || {
            containerd_fail "it exited"
            return 1
        }
        sleep 0.1
    done
    containerd_fail "no answer in 10 s"
}

containerd_image() {
    local busybox=$1 name=$2 tar=$CONTAINERD_WORK/image.tar
    # An OCI image layout with one uncompressed layer, in a tar for `ctr image import`.
    python3 - "$busybox" "$tar" "$name" <<'EOF' || return 1
import hashlib, io, json, sys, tarfile

busybox, out, name = sys.argv[1:4]

def entry(path, kind, mode=0o755, link=""):
    info = tarfile.TarInfo(path)
    info.type, info.mode, info.linkname = kind, mode, link
    return info

layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as t:
    for d in ["bin", "dev", "etc", "proc", "run", "sys"]:
        t.addfile(entry(d, tarfile.DIRTYPE))
    t.addfile(entry("tmp", tarfile.DIRTYPE, 0o1777))
    with open(busybox, "rb") as f:
        data = f.read()
    info = entry("bin/busybox", tarfile.REGTYPE)
    info.size = len(data)
    t.addfile(info, io.BytesIO(data))
    for applet in ["sh", "echo", "cat", "id", "sleep", "true", "hostname", "ls"]:
        t.addfile(entry("bin/" + applet, tarfile.SYMTYPE, 0o777, "busybox"))

blobs = {}
def blob(data, media_type):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    blobs[digest] = data
    return {"mediaType": media_type, "digest": digest, "size": len(data)}

layer_desc = blob(layer.getvalue(), "application/vnd.oci.image.layer.v1.tar")
config = {
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/bin"], "Cmd": ["sh"]},
    "rootfs": {"type": "layers", "diff_ids": [layer_desc["digest"]]},
}
config_desc = blob(json.dumps(config).encode(), "application/vnd.oci.image.config.v1+json")
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": config_desc, "layers": [layer_desc]}
manifest_desc = blob(json.dumps(manifest).encode(), "application/vnd.oci.image.manifest.v1+json")
manifest_desc["platform"] = {"architecture": "amd64", "os": "linux"}
manifest_desc["annotations"] = {"io.containerd.image.name": name,
                                "org.opencontainers.image.ref.name": name.rsplit(":", 1)[1]}
index = {"schemaVersion": 2, "manifests": [manifest_desc]}

with tarfile.open(out, "w") as t:
    def add(path, data):
        info = tarfile.TarInfo(path)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    add("oci-layout", b'{"imageLayoutVersion": "1.0.0"}')
    add("index.json", json.dumps(index).encode())
    for digest, data in blobs.items():
        add("blobs/sha256/" + digest.split(":")[1], data)
EOF
    ctr image import "$tar" >/dev/null 2>"$CONTAINERD_WORK/import.err" || {
        containerd_fail "ctr image import: $(<"$CONTAINERD_WORK/import.err")"
        return 1
    }
}

containerd_down() {
    kill "$CONTAINERD_PID" 2>/dev/null || true
    wait "$CONTAINERD_PID" 2>/dev/null || true
}
