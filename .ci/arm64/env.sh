#!/usr/bin/env bash
# Builds the emulated arm64 userland the arm64 lane runs in, on an amd64 Debian host (as root; a second run
# is a no-op, FORCE=1 rebuilds it):
#   $ARM64_HOME/rootfs            arm64 Debian trixie files of openjdk-25-jdk-headless, libopenblas-dev,
#                                 libarm-compute-dev and g++ (about 1 GB; the JDK's jmods left out)
#   $ARM64_HOME/bin/qemu-aarch64  a static qemu-user from trixie (it knows neoverse-v1/n2 and a64fx)
#   $ARM64_HOME/jdk               bin/java -> .ci/arm64/java and the JDK's `release` file, so Surefire's
#                                 -Djvm= and toolchains accept it as a JDK
# Why it is built this way:
# - The packages are only extracted (mmdebstrap --variant=extract): no maintainer script runs, so no
#   binfmt_misc is needed. ARM64_BINFMT=1 registers qemu anyway, for arm64 programs that exec others.
# - qemu -L resolves a symlink's absolute target on the host, so absolute links become relative ones,
#   and /dev and /tmp are removed so that qemu falls through to the host's.
# - The native shim is cross-built by the host's g++-aarch64-linux-gnu against this root (see native/).
set -euo pipefail
home=${ARM64_HOME:-/tmp/arm64}
rootfs=$home/rootfs
suite=trixie
packages=openjdk-25-jdk-headless,libopenblas-dev,libarm-compute-dev,g++
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stamp="$suite $packages $(md5sum < "${BASH_SOURCE[0]}" | cut -c1-12)"   # editing this script rebuilds the root
[[ $(id -u) == 0 ]] || { echo "arm64 env: needs root (apt-get, mmdebstrap)" >&2; exit 1; }

register_binfmt() {  # optional and never fatal; magic and mask as Debian's qemu-user-static has them
    [[ ${ARM64_BINFMT:-0} == 1 ]] || return 0
    local dir=/proc/sys/fs/binfmt_misc
    { [[ -e $dir/register ]] || mount -t binfmt_misc binfmt_misc "$dir"; } &&
        { [[ ! -e $dir/qemu-aarch64 ]] || echo -1 > "$dir/qemu-aarch64"; } &&
        printf '%s' ":qemu-aarch64:M::\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:$home/bin/qemu-aarch64:F" \
            > "$dir/register" ||
        echo "arm64 env: warning: binfmt_misc registration failed (.ci/arm64/java works without it)" >&2
}

link_jdk() {
    mkdir -p "$home/jdk/bin"
    ln -sfn "$here/java" "$home/jdk/bin/java"
    cp "$rootfs/usr/lib/jvm/java-25-openjdk-arm64/release" "$home/jdk/release"
}

if [[ -z ${FORCE:-} && -x $home/bin/qemu-aarch64 && $(cat "$rootfs/.arm64-env" 2>/dev/null) == "$stamp" ]]; then
    link_jdk   # the checkout may have moved since the root was built
    register_binfmt
    echo "arm64 env: up to date ($rootfs)"
    exit 0
fi

mirror=${ARM64_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)}
[[ -n $mirror ]] || { echo "arm64 env: no Debian mirror in /etc/apt/sources.list.d/debian.sources; set ARM64_MIRROR" >&2; exit 1; }
missing=()
for p in mmdebstrap g++-aarch64-linux-gnu; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[[ -e /usr/share/keyrings/debian-archive-trixie-stable.gpg ]] || missing+=(debian-archive-keyring)
if ((${#missing[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$home/bin"
build=$(mktemp -d "$home/.build.XXXXXX")
trap 'rm -rf "$build"' EXIT
extract=(mmdebstrap -q --variant=extract --dpkgopt='path-exclude=/usr/share/man/*'
         --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*')
"${extract[@]}" --arch=amd64 --include=qemu-user --dpkgopt='path-exclude=/usr/bin/*' \
    --dpkgopt='path-include=/usr/bin/qemu-aarch64' "$suite" "$build/qemu" "deb $mirror $suite main"
install -m755 "$build/qemu/usr/bin/qemu-aarch64" "$home/bin/qemu-aarch64"
"${extract[@]}" --arch=arm64 --include=$packages --dpkgopt='path-exclude=/usr/lib/jvm/*/jmods/*' \
    "$suite" "$build/root" "deb $mirror $suite main"

cd "$build/root"
rm -rf dev tmp
for d in bin sbin lib; do [[ -e $d ]] || ln -s "usr/$d" "$d"; done   # merged /usr, as base-files would link it
for f in usr/lib/aarch64-linux-gnu/openblas-pthread/lib*.so*; do    # what update-alternatives would choose
    ln -sfn "openblas-pthread/${f##*/}" usr/lib/aarch64-linux-gnu/
done
for f in usr/lib/jvm/java-25-openjdk-arm64/bin/*; do
    ln -sfn "../lib/jvm/java-25-openjdk-arm64/bin/${f##*/}" usr/bin/
done
find usr etc -type l -lname '/*' -print0 | while IFS= read -r -d '' link; do
    ln -sfn "$(realpath -sm --relative-to="/${link%/*}" "$(readlink "$link")")" "$link"
done
echo "$stamp" > .arm64-env
cd /
rm -rf "$rootfs"
mv "$build/root" "$rootfs"
link_jdk
register_binfmt
echo "arm64 env: ready: $rootfs ($(du -sh "$rootfs" | cut -f1)), $("$home/bin/qemu-aarch64" --version | head -1)"
