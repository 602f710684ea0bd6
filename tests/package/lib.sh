# Helpers of the package tests (package_test.sh, boot_test.sh): a clean Debian 12 root made
# once with debootstrap, fresh copies of it, and commands inside them. Sourced; the caller sets
# `out` (a folder for logs) and `set -euo pipefail`.
base=${HAILONG_CHROOT_BASE:-/var/tmp/hailong-chroot/base}
mirror=${HAILONG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
failed=0
check() {  # check "what" command...: one line ok / FAILED; the command's output goes to the log
  local what=$1; shift
  if "$@" >>"$out/log" 2>&1; then echo "  ok: $what"; else echo "  FAILED: $what (see $out/log)"; failed=1; fi
}

if [ ! -x "$base/usr/bin/apt-get" ]; then
  echo "== a clean Debian 12 root (debootstrap, once) in $base"
  rm -rf "$base"
  debootstrap --variant=minbase bookworm "$base" "$mirror" >"$out/debootstrap.log" 2>&1
fi

unmount_root() {  # unmount_root ROOT: before deleting it or making a disk image of it
  local m
  for m in "$1/dev/pts" "$1/dev" "$1/proc"; do
    if mountpoint -q "$m"; then umount "$m" || umount -l "$m"; fi
  done
}

roots=()
cleanup() {  # on exit: unmounts, then deletes, every root made here (never across a mount)
  local r
  for r in "${roots[@]}"; do
    unmount_root "$r"
    rm -rf --one-file-system "$r"
  done
}
trap cleanup EXIT

# A fresh copy of the clean root, with /proc, /dev and the network's name server, in $root.
# (Not a $(command substitution): the list of roots to clean up must stay in this shell.)
fresh_root() {
  root=$(mktemp -d /var/tmp/hailong-root.XXXXXX)
  roots+=("$root")
  cp -a "$base/." "$root/"
  mount -t proc proc "$root/proc"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"  # nothing starts inside the root
  chmod 755 "$root/usr/sbin/policy-rc.d"
  chroot "$root" apt-get update -qq >>"$out/log" 2>&1
}
in_root() { local r=$1; shift; chroot "$r" env DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"; }
install_deb() {  # install_deb ROOT DEB: as a technician does, with apt pulling what it needs
  cp "$2" "$1/tmp/"
  in_root "$1" apt-get install -y -q --no-install-recommends "/tmp/$(basename "$2")" >>"$out/log" 2>&1
}

