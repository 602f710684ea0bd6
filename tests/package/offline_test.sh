#!/bin/bash
# The offline installer's test: a clean Debian 12 root with its network cut (a network namespace
# of its own), the tar of packaging/offline-bundle.sh unpacked on a "USB stick" folder whose name
# has a space, install.sh run there. Run by `./dev.sh package-test` (root).
#
#   offline_test.sh hailong-offline_<version>_<arch>.tar
set -euo pipefail

tar=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${HAILONG_PACKAGE_TEST_OUT:-$(dirname "$tar")/package-test}/offline
mkdir -p "$out"
: >"$out/log"
. "$here/lib.sh"

offline() { unshare --net chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
name=$(basename "$tar" .tar)
stick="/media/KIOSK USB"

echo "== $(basename "$tar") on a PC without a network"
fresh_root
deb=$(tar -tf "$tar" | grep "/debs/hailong_.*\.deb$")
mkdir -p "$root$stick"
tar -C "$root$stick" -xf "$tar"
cp "$root$stick/$deb" "$root/tmp/"
check "the network is really cut: apt-get install ./hailong_*.deb fails there" \
  sh -c "! unshare --net chroot '$root' apt-get install -y -q --no-install-recommends /tmp/$(basename "$deb")"
check "hailong is not installed by that" sh -c "! chroot '$root' dpkg-query -W hailong"

# A damaged copy is refused before anything is installed.
cp -a "$root$stick/$name" "$root/tmp/damaged"
first=$(find "$root/tmp/damaged/debs" -name 'libx*.deb' | head -n 1)
printf 'x' | dd of="$first" bs=1 seek=2000 conv=notrunc status=none
check "a damaged package in the folder: install.sh refuses, says why, installs nothing" \
  sh -c "! unshare --net chroot '$root' sh /tmp/damaged/install.sh >'$out/damaged.txt' 2>&1 &&
         grep -q 'damaged' '$out/damaged.txt' && ! chroot '$root' dpkg-query -W hailong"

start=$(date +%s)
check "sh install.sh from the stick, offline, installs it" offline sh "$stick/$name/install.sh"
echo "     ($(( $(date +%s) - start )) s; the root is now $(du -smx "$root" | cut -f1) MB)"
check "hailong --version runs" in_root "$root" hailong --version
check "hailong-kiosk --version runs" in_root "$root" hailong-kiosk --version
check "the X server came from the stick, installed as a dependency (auto)" \
  sh -c "chroot '$root' apt-mark showauto | grep -qx xserver-xorg-core"
check "the service is enabled at boot" test -L "$root/etc/systemd/system/multi-user.target.wants/hailong-kiosk.service"
check "the PC's package sources are untouched" sh -c "! grep -rq 'KIOSK' '$root/etc/apt/'"
check "a second run is harmless (nothing to do)" offline sh "$stick/$name/install.sh"
exit "$failed"
