#!/bin/bash
# The boot test (issue 7): a kiosk PC made from a clean Debian 12 root, a kernel and the
# package, booted in QEMU (software emulation unless told), checked by boot_check.py: the
# kiosk comes up full screen by itself, the screen never blanks, the keys that would leave it
# do not, a crashed or frozen kiosk is started again, a tap is a vote, the first start is done
# on the touch screen, the vote exported to a USB stick from the staff menu, the staff's quit
# leaves the kiosk stopped, and --rotate left turns it. Run by `./dev.sh package-test` after
# package_test.sh (root; about ten minutes).
#
#   boot_test.sh hailong_<version>_amd64.deb
#
# Only the test image logs root in on the serial console (to ask systemd); the package does not.
set -euo pipefail

deb=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
out=${HAILONG_PACKAGE_TEST_OUT:-$(dirname "$deb")/package-test}/boot
mkdir -p "$out"
: >"$out/log"
. "$here/lib.sh"

echo "== a kiosk PC: clean Debian 12, a kernel, $(basename "$deb")"
fresh_root
cp "$deb" "$root/tmp/"
check "the kernel, systemd and the package install" in_root "$root" apt-get install -y -q --no-install-recommends \
  linux-image-amd64 systemd-sysv udev kmod procps x11-xserver-utils "/tmp/$(basename "$deb")"
echo kiosk-pc >"$root/etc/hostname"
printf '/dev/vda / ext4 defaults 0 1\n' >"$root/etc/fstab"
mkdir -p "$root/etc/systemd/system/serial-getty@ttyS0.service.d"
cat >"$root/etc/systemd/system/serial-getty@ttyS0.service.d/autologin.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=-/sbin/agetty --autologin root --noclear --keep-baud 115200,57600,38400,9600 %I $TERM
UNIT
# The kiosk traces its screens (to the journal), so boot_check.py can tap by what is on screen.
sed -i 's/^HAILONG_KIOSK_ARGS=.*/HAILONG_KIOSK_ARGS=--trace-ui/' "$root/etc/hailong/kiosk.env"
grep -q '^HAILONG_KIOSK_ARGS=--trace-ui$' "$root/etc/hailong/kiosk.env"
rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
kernel=$(ls "$root"/boot/vmlinuz-* | head -n 1)
initrd=$(ls "$root"/boot/initrd.img-* | head -n 1)
cp "$kernel" "$out/vmlinuz"
cp "$initrd" "$out/initrd.img"
unmount_root "$root"
check "a 4 GB disk image of it" mkfs.ext4 -q -F -L root -d "$root" "$out/disk.img" 4G

# Software emulation by default: KVM inside a virtual machine (nested) may hang at boot.
# HAILONG_QEMU_ACCEL="-enable-kvm -cpu host" on a machine where KVM works.
accel=${HAILONG_QEMU_ACCEL:--accel tcg,thread=multi}
# A USB stick to plug in later (FAT, as offices' sticks are).
rm -f "$out/stick.img"
truncate -s 64M "$out/stick.img"
mkfs.vfat -n KIOSK_USB "$out/stick.img" >>"$out/log"
rm -f "$out/mon.sock" "$out/serial.sock" "$out/qmp.sock"
# shellcheck disable=SC2086
qemu-system-x86_64 $accel -m 2048 -smp 2 -no-reboot \
  -kernel "$out/vmlinuz" -initrd "$out/initrd.img" -append "root=/dev/vda rw console=ttyS0 quiet" \
  -drive "file=$out/disk.img,format=raw,if=virtio" -vga std -display none \
  -device qemu-xhci,id=xhci -device usb-tablet,bus=xhci.0 \
  -serial "unix:$out/serial.sock,server=on,wait=off" -monitor "unix:$out/mon.sock,server=on,wait=off" \
  -qmp "unix:$out/qmp.sock,server=on,wait=off" \
  >>"$out/log" 2>&1 &
qemu=$!
for _ in $(seq 50); do [ -S "$out/mon.sock" ] && [ -S "$out/serial.sock" ] && [ -S "$out/qmp.sock" ] && break; sleep 0.1; done
python3 "$here/boot_check.py" "$out" || failed=1
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
for p in "$out"/*.ppm; do convert "$p" "${p%.ppm}.png" && rm -f "$p"; done
rm -f "$out/disk.img" "$out/stick.img"
echo "screenshots of the kiosk PC in $out"
exit "$failed"
