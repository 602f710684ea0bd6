#!/bin/sh
# Installs Hài Lòng on this PC from this folder alone, without a network (the folder comes from
# hailong-offline_<version>_<arch>.tar; see README.txt next to it, or the package's README).
#
#   sh install.sh        (as root)
#
# apt reads only this folder's packages, besides what the PC already has: it installs the ones
# missing (or too old) and leaves newer ones as they are. The PC's own package sources and lists
# are not touched. Then, as with a package from the network, reboot: the kiosk starts.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "install.sh: run it as root: sudo sh install.sh  (Cần quyền root: sudo sh install.sh)" >&2
  exit 1
fi
if ! (cd "$here/debs" && sha256sum --quiet -c ../SHA256SUMS); then
  echo "install.sh: some packages in $here/debs are damaged (copy the folder again)." >&2
  echo "            Một số gói trong $here/debs bị hỏng: hãy chép lại thư mục." >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/parts" "$work/lists/partial"
# A path with spaces (a USB stick's label) is written %20 in a source line.
echo "deb [trusted=yes] file:$(printf '%s' "$here" | sed 's/%/%25/g; s/ /%20/g') ./" >"$work/sources.list"
set -- -o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/parts" \
       -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" \
       -o "APT::Sandbox::User=root"
apt-get "$@" -q update
DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-noninteractive} apt-get "$@" -y --no-install-recommends install hailong
echo
echo "Hài Lòng $(dpkg-query -W -f='${Version}' hailong) is installed. Reboot (reboot), and the kiosk starts."
echo "Đã cài Hài Lòng. Khởi động lại máy (reboot), kiosk sẽ tự chạy."
