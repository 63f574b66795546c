#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Installs the Debian packages that nsctl needs and that are missing; does nothing (quickly) when
# all are present. Usage: scripts/install-deps.sh [--bench] [--tidy]
#   (default)  build and test: compilers, CMake/Ninja, libraries, GoogleTest, clang-format, and the
#              util-linux/iproute2 tools the tests use as oracles, busybox-static for the rootfs of
#              the run tests, valgrind for the startup-order check, passt (pasta) for --net user,
#              libyaml-cpp-dev for the topology files of `nsctl lab`, nlohmann-json3-dev for the
#              config.json of `nsctl oci`, containerd and podman for the tests that run
#              containers through nsctl-runtime (no service is started: the tests run their own)
#   --bench    also hyperfine and GNU time, for bench/lsns; strace, for bench/doctor's fork count;
#              bubblewrap and crun, the peers of bench/run; crun and runc, those of bench/oci
#   --tidy     also clang-tidy, for `make tidy`
set -euo pipefail

packages=(
    cmake ninja-build gcc g++ pkg-config
    libgtest-dev googletest
    libseccomp-dev libmnl-dev libnftables-dev nftables libyaml-cpp-dev nlohmann-json3-dev iputils-ping curl python3
    clang-format iproute2 util-linux
    uidmap passwd
    valgrind binutils busybox-static passt containerd podman
)
for arg in "$@"; do
    case "$arg" in
        --bench) packages+=(hyperfine time bubblewrap crun runc strace) ;;
        --tidy) packages+=(clang-tidy) ;;
        -h | --help)
            sed -n '4,13s/^# \{0,1\}//p' "$0"
            exit 0
            ;;
        *)
            echo "install-deps: unknown argument: $arg" >&2
            exit 2
            ;;
    esac
done

# Prints the packages among "$@" that are not installed. One dpkg-query for all: it prints
# "<package> <status>" for the packages dpkg knows ("ii" or "hi" = installed); unknown ones
# only get a message on stderr and a non-zero exit status.
missing_of() {
    local installed p
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null |
        awk '$2 ~ /^[ih]i/ { print $1 }' || true)
    for p in "$@"; do
        grep -qxF -- "$p" <<<"$installed" || echo "$p"
    done
}

mapfile -t missing < <(missing_of "${packages[@]}")
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing Debian packages: ${missing[*]}" >&2
    echo "install-deps: run as root to install them: sudo $0${*:+ $*}" >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -y -o Dpkg::Use-Pty=0 -o DPkg::Lock::Timeout=300)
apt-get "${apt_opts[@]}" update >/dev/null
# No service of a package starts while it is installed (containerd's, on a machine with
# systemd): a policy-rc.d that says no (exit 101) for the time of the install, unless the
# machine has one of its own.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# install-deps.sh: no service starts during its install\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
fi
apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" </dev/null

mapfile -t still < <(missing_of "${missing[@]}")
if [[ ${#still[@]} -gt 0 ]]; then
    echo "install-deps: still not installed: ${still[*]}" >&2
    exit 1
fi
