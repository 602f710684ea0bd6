#!/bin/bash
# The package test (issue 7): installs build/hailong_*.deb into a clean Debian 12 root made with
# debootstrap, and checks it there as a technician's PC would have it. Run by
# `./dev.sh package-test` (root, a few minutes; it downloads Debian packages).
#
#   package_test.sh NEW.deb [OLD.deb]
#
# With OLD.deb (an earlier version whose database schema is older) it also checks an upgrade:
# OLD installed, ratings stored by taps on the old kiosk, NEW installed over it, the ratings
# still there after the new kiosk migrated the database, and exportable.
#
# The clean root is made once and kept (HAILONG_CHROOT_BASE, default
# /var/tmp/hailong-chroot/base); each check runs in a fresh copy of it.
set -euo pipefail

new_deb=$(realpath "$1")
old_deb=${2:+$(realpath "$2")}
here=$(cd "$(dirname "$0")" && pwd)
out=${HAILONG_PACKAGE_TEST_OUT:-$(dirname "$new_deb")/package-test}
mkdir -p "$out"

. "$here/lib.sh"

echo "== install $(basename "$new_deb") into a clean Debian 12 root"
: >"$out/log"
fresh_root
start=$(date +%s)
check "apt-get install ./$(basename "$new_deb") in a clean root" install_deb "$root" "$new_deb"
echo "     ($(( $(date +%s) - start )) s; the root is now $(du -smx "$root" | cut -f1) MB)"
check "hailong --version runs" in_root "$root" hailong --version
check "hailong-kiosk --version runs" in_root "$root" hailong-kiosk --version
for f in /usr/bin/hailong /usr/bin/hailong-kiosk /lib/systemd/system/hailong-kiosk.service /usr/lib/hailong/kiosk-session \
         /usr/lib/hailong/usb-mount /lib/systemd/system/hailong-usb-mount@.service /lib/udev/rules.d/90-hailong-usb.rules \
         /etc/hailong/kiosk.env /etc/X11/hailong/xorg.conf /usr/share/hailong/questionnaires/default.toml \
         /usr/share/hailong/lang/vi.toml /usr/share/man/man1/hailong.1.gz /usr/share/man/man1/hailong-kiosk.1.gz \
         /usr/share/doc/hailong/copyright /usr/share/doc/hailong/changelog.gz /usr/share/doc/hailong/README.md; do
  check "$f is installed" test -e "$root$f"
done
check "the system user hailong exists" in_root "$root" getent passwd hailong
check "/var/lib/hailong belongs to hailong, mode 750" \
  test "$(chroot "$root" stat -c '%U:%G %a' /var/lib/hailong)" = "hailong:hailong 750"
check "the service is enabled at boot" test -L "$root/etc/systemd/system/multi-user.target.wants/hailong-kiosk.service"
check "/etc files are conffiles" grep -qx /etc/hailong/kiosk.env "$root/var/lib/dpkg/info/hailong.conffiles"
# --man=no: a minimal root has no man command; the man pages are checked above.
check "systemd-analyze verify passes on the units" in_root "$root" systemd-analyze verify --man=no \
  hailong-kiosk.service hailong-usb-mount@sdb1.service
check "man hailong-kiosk has the options" sh -c "zcat '$root/usr/share/man/man1/hailong-kiosk.1.gz' | grep -q -- 'data\\\\-dir'"
# A headless screenshot by the installed kiosk, as its user (Xvfb is a test tool, not a dependency).
in_root "$root" apt-get install -y -q --no-install-recommends xvfb xauth >>"$out/log" 2>&1
check "a headless hailong-kiosk --screenshot as the user hailong" in_root "$root" runuser -u hailong -- \
  xvfb-run -a -s "-screen 0 1280x1024x24" hailong-kiosk --screenshot /tmp/idle.png --screen idle --size 1024x768
cp "$root/tmp/idle.png" "$out/installed-idle.png" 2>/dev/null || true
check "the screenshot is a real picture" test "$(stat -c %s "$out/installed-idle.png" 2>/dev/null || echo 0)" -gt 20000
check "apt-get remove keeps /var/lib/hailong" sh -c "chroot '$root' apt-get remove -y -q hailong >>'$out/log' 2>&1 && test -d '$root/var/lib/hailong'"
check "apt-get purge deletes /var/lib/hailong and the user" \
  sh -c "chroot '$root' apt-get purge -y -q hailong >>'$out/log' 2>&1 && test ! -e '$root/var/lib/hailong' && ! chroot '$root' getent passwd hailong"

echo "== lintian"
if lintian --fail-on error --suppress-tags-from-file /dev/null "$new_deb" >"$out/lintian.txt" 2>&1; then
  echo "  ok: lintian: no errors ($(grep -c '^W:' "$out/lintian.txt" || true) warnings, in $out/lintian.txt)"
else
  echo "  FAILED: lintian reports errors:"; grep '^E:' "$out/lintian.txt" | sed 's/^/    /'; failed=1
fi

if [ -n "$old_deb" ]; then
  echo "== upgrade: $(basename "$old_deb") -> $(basename "$new_deb")"
  fresh_root
  check "the older package installs" install_deb "$root" "$old_deb"
  in_root "$root" apt-get install -y -q --no-install-recommends xvfb xauth xdotool python3 >>"$out/log" 2>&1
  cp "$here/kiosk_ratings.py" "$root/tmp/"
  before=$(in_root "$root" python3 /tmp/kiosk_ratings.py rate 3 2>>"$out/log" | tail -1)
  echo "     old kiosk, after 3 ratings by taps: $before"
  check "the old kiosk stored 3 ratings" test "${before#* responses }" = 3
  check "the newer package installs over it" install_deb "$root" "$new_deb"
  after=$(in_root "$root" python3 /tmp/kiosk_ratings.py open 2>>"$out/log" | tail -1)
  echo "     new kiosk, after its first start: $after"
  check "the ratings are still there" test "${after#* responses }" = 3
  check "the database was migrated to a newer schema" test "${after%% responses*}" != "${before%% responses*}"
  exported=$(in_root "$root" runuser -u hailong -- sh -c \
    'mkdir -p /var/lib/hailong/exports && hailong export --data-dir /var/lib/hailong --out /var/lib/hailong/exports' 2>>"$out/log")
  echo "     hailong export: $(echo "$exported" | head -n 1)"
  check "the 3 ratings export as a signed batch, which verifies" sh -c \
    "ls '$root'/var/lib/hailong/exports/*.hlbatch && chroot '$root' hailong verify '$(ls "$root"/var/lib/hailong/exports/*.hlbatch 2>/dev/null | head -n 1 | sed "s|^$root||")' | grep -q '3 responses'"
fi

if [ "$failed" = 0 ]; then echo "package test passed"; else echo "package test FAILED"; fi
exit "$failed"
