#!/bin/bash
# An offline installer for kiosk PCs without a network: hailong_<version>_<arch>.deb together
# with every Debian 12 package it needs, down to the C library (the X server, Mesa, fonts...),
# as a small local package repository, plus install.sh, in one tar file to carry on a USB stick.
# Made by `./dev.sh offline-bundle` (packaging/README.md, "Without a network").
#
#   offline-bundle.sh HAILONG.deb OUTDIR      -> OUTDIR/hailong-offline_<version>_<arch>.tar
#
# The packages come from Debian 12 (bookworm, its updates and security updates) through apt
# with a configuration of its own: this machine's apt sources, lists and caches are not used or
# changed. HAILONG_DEBIAN_MIRROR and HAILONG_DEBIAN_SECURITY_MIRROR choose the mirrors.
set -euo pipefail

deb=$(realpath "$1")
out=$(realpath "$2")
mirror=${HAILONG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${HAILONG_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
here=$(cd "$(dirname "$0")" && pwd)
version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg-deb -f "$deb" Architecture)
name="hailong-offline_${version}_${arch}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/etc/parts" "$work/lists/partial" "$work/cache/archives/partial" "$work/$name/debs"
cat >"$work/etc/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
: >"$work/status"
# An apt of its own: these sources, lists and caches, and nothing counted as installed, whatever
# this machine has.
apt_own=(-o "Dir::Etc::SourceList=$work/etc/sources.list" -o "Dir::Etc::SourceParts=$work/etc/parts"
         -o "Dir::State::Lists=$work/lists" -o "Dir::State::status=$work/status" -o "Dir::Cache=$work/cache"
         -o "APT::Architecture=$arch" -o "APT::Architectures=$arch" -o "APT::Sandbox::User=root")
apt-get "${apt_own[@]}" -q update >"$work/update.log" 2>&1 || { cat "$work/update.log" >&2; exit 1; }

# apt's own choice of everything the package needs on a PC that has nothing installed yet (the
# empty status above): the first of alternatives, a provider for a virtual package, down to the
# C library. Downloaded into this apt's cache, then taken into the bundle.
apt-get "${apt_own[@]}" -q -y --no-install-recommends --download-only install "$deb" >"$work/download.log" 2>&1 ||
  { cat "$work/download.log" >&2; exit 1; }
mv "$work"/cache/archives/*.deb "$work/$name/debs/"
cp "$deb" "$work/$name/debs/"

# A flat repository apt can read from a folder: the index of the packages, relative paths.
(cd "$work/$name" && dpkg-scanpackages --multiversion debs /dev/null 2>/dev/null >Packages)
install -m 755 "$here/offline-install.sh" "$work/$name/install.sh"
(cd "$work/$name/debs" && sha256sum -- *.deb >../SHA256SUMS)
cat >"$work/$name/README.txt" <<EOF
Hài Lòng $version: bộ cài không cần mạng / offline installer (Debian 12, $arch)

Tiếng Việt
  Trên máy kiosk (Debian 12), với quyền root, trong thư mục này:
      sh install.sh
  rồi khởi động lại máy (reboot): kiosk tự chạy toàn màn hình.
  Thư mục chứa gói hailong và mọi gói Debian nó cần, nên không cần mạng.
  Lần chạy đầu (mã PIN, tên đơn vị, quầy): /usr/share/doc/hailong/README.md

English
  On the kiosk PC (Debian 12), as root, in this folder:
      sh install.sh
  then reboot: the kiosk starts full screen by itself.
  The folder holds the hailong package and every Debian package it needs: no network is used.
  First start (PIN, unit, counter): /usr/share/doc/hailong/README.md
EOF
mkdir -p "$out"
tar -C "$work" -cf "$out/$name.tar" "$name"
echo "$out/$name.tar: $(find "$work/$name/debs" -name '*.deb' | wc -l) packages," \
     "$(du -sm "$out/$name.tar" | cut -f1) MB"
