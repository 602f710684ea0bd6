"""The staff's steps on a newly installed kiosk, done on its touch screen as packaging/README.md
tells a technician: the first start (the hidden gesture, the factory PIN changed, the unit and
the counter named on the settings screen's keyboard, saved), an export, the staff's quit.

The screen is read from the kiosk's --trace-ui lines and touched at the centres of the items
they list, through a `Screen` that knows how to do both on some machine: a booted PC in QEMU
(boot_check.py), or a kiosk under Xvfb (a ctest test: python3 first_start.py KIOSK_EXE HAILONG_EXE).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Screen:
    """What a driver needs: new trace lines, a tap and a long press at window pixels."""
    def new_lines(self):
        raise NotImplementedError

    def press(self, x, y, seconds):
        raise NotImplementedError


class Kiosk:
    def __init__(self, screen, log=print):
        self.screen = screen
        self.now = None
        self.log = log

    def _take(self):
        for line in self.screen.new_lines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    self.now = json.loads(line)
                except json.JSONDecodeError:
                    pass  # a line cut short while it was being written: the next read has it

    def wait(self, name, timeout=120):
        end = time.time() + timeout
        while True:
            self._take()
            if self.now and self.now["screen"] == name:
                return self.now
            if time.time() > end:
                raise AssertionError(f"waited {timeout} s for the screen {name}; on screen: "
                                     f"{self.now['screen'] if self.now else 'nothing traced'}")
            time.sleep(0.3)

    def wait_other(self, name, timeout=120):
        """Waits until the screen is no longer `name`; returns the new one."""
        end = time.time() + timeout
        while True:
            self._take()
            if self.now and self.now["screen"] != name:
                return self.now
            if time.time() > end:
                raise AssertionError(f"still on the screen {name} after {timeout} s")
            time.sleep(0.3)

    def wait_item(self, item_id, timeout=120):
        """Waits until the screen shows `item_id` (a slow PC is still working through the taps
        before it, and traces the turned page late)."""
        end = time.time() + timeout
        while True:
            self._take()
            if self.now and any(it["id"] == item_id for it in self.now["items"]):
                return
            if time.time() > end:
                raise AssertionError(f"no {item_id} on the screen {self.now['screen'] if self.now else '?'} "
                                     f"after {timeout} s")
            time.sleep(0.3)

    def centre(self, item_id, fresh=True):
        if fresh:
            self._take()
        for it in self.now["items"]:
            if it["id"] == item_id:
                return it["x"] + it["w"] // 2, it["y"] + it["h"] // 2
        raise AssertionError(f"no {item_id} on the screen {self.now['screen']}: "
                             f"{[it['id'] for it in self.now['items']]}")

    def tap(self, item_id, then=None):
        time.sleep(0.5)  # as a person reads the screen (the kiosk ignores a tap in its first 400 ms)
        x, y = self.centre(item_id)
        self.screen.press(x, y, 0.15)
        return self.wait(then) if then else None

    def type_keys(self, text):
        """Text typed key by key on the on-screen keyboard (Telex: 'Coong an' gives 'Công an'),
        turning to the other page of keys for a digit and back."""
        for c in text:
            keys = (["key:shift"] if c.isupper() else []) + ["key:space" if c == " " else "key:" + c.lower()]
            for k in keys:
                # The keys stay where they are while typing: the trace is read again only
                # after turning the page.
                if not any(it["id"] == k for it in self.now["items"]):
                    x, y = self.centre("key:page", fresh=False)
                    self.screen.press(x, y, 0.1)
                    self.wait_item(k)
                x, y = self.centre(k, fresh=False)
                self.screen.press(x, y, 0.1)
                time.sleep(0.2)


def long_press_corner(k):
    """The hidden gesture on the idle screen: a finger held on the top-left corner (3 s opens
    the pad; held 5 s, as a person holds on until it opens: a slow PC may see the press late)."""
    k.wait("idle", 60)
    time.sleep(1)
    k.screen.press(20, 20, 5)
    try:
        k.wait("staff:pin", 15)
    except AssertionError:  # as a person would: once more (seen once on a slow PC just booted)
        k.log("     the PIN pad did not open: a second long press")
        k.screen.press(20, 20, 5)
        k.wait("staff:pin")


def type_pin(k, pin):
    for d in pin:
        k.tap("key:" + d)


def first_start(k, pin, unit, counter):
    """From the idle screen to a kiosk with its own PIN, unit and counter; ends on the menu."""
    long_press_corner(k)
    k.log("     the long press on the corner opened the PIN pad")
    type_pin(k, "000000")
    k.tap("staff.ok", "staff:new_pin")
    k.log("     the factory PIN 000000 asks for a new one")
    for step in ("staff:confirm_pin", "staff:menu"):
        type_pin(k, pin)
        k.tap("staff.ok", step)
    k.log("     a new PIN typed twice opens the staff menu")
    k.tap("staff.settings", "staff:settings")
    for field, text in (("settings.unit_name", unit), ("settings.counter_name", counter)):
        k.tap(field, "staff:text:" + field.split(".")[1])
        k.tap("key:clear")
        k.type_keys(text)
        k.tap("key:done", "staff:settings")
    k.tap("staff.save", "staff:menu")
    k.log("     unit and counter typed on the settings screen's keyboard and saved")


def open_staff(k, pin):
    long_press_corner(k)
    type_pin(k, pin)
    k.tap("staff.ok", "staff:menu")


def export_to(k, folder):
    """Xuất dữ liệu, then the drive or folder listed as `folder`; back on the menu after."""
    k.tap("staff.export", "staff:export")
    k.tap("export:" + folder, "staff:export_done")
    k.tap("staff.done", "staff:menu")


def quit_kiosk(k):
    k.tap("staff.quit")  # asks first
    k.tap("staff.quit")


class XvfbScreen(Screen):
    """A kiosk under Xvfb on this machine, touched by xdotool."""
    def __init__(self, exe, size, data_dir):
        r, w = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", size + "x24", "-nolisten", "tcp"],
                                     pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            self.env = dict(os.environ, DISPLAY=":" + f.readline().strip())
        trace = os.path.join(data_dir, "trace")
        self.writer = open(trace, "w")
        self.kiosk = subprocess.Popen([exe, "--data-dir", data_dir, "--trace-ui"], stdout=self.writer, env=self.env)
        self.reader = open(trace)

    def new_lines(self):
        return self.reader.readlines()

    def press(self, x, y, seconds):
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "mousedown", "1"], env=self.env, check=True)
        time.sleep(seconds)
        subprocess.run(["xdotool", "mouseup", "1"], env=self.env, check=True)

    def close(self):
        if self.kiosk.poll() is None:
            self.kiosk.kill()
            self.kiosk.wait()
        self.xvfb.terminate()
        self.xvfb.wait()


def main(exe, hailong):
    """The first start as packaging/README.md has it, on the real kiosk under Xvfb (a ctest test):
    then the kiosk stops by the staff's quit (status 0), and `hailong key` names the unit and the
    counter typed. Exit status 0 when all is as it should be."""
    data = tempfile.mkdtemp(prefix="hailong-first-start-")
    s = XvfbScreen(exe, "1280x800", data)
    try:
        k = Kiosk(s)
        first_start(k, "482916", "Coong an phuwowngf Beesn Nghes", "Quaafy 3")
        k.tap("staff.close", "idle")
        open_staff(k, "482916")
        k.log("     the new PIN opens the staff menu again")
        quit_kiosk(k)
        rc = s.kiosk.wait(timeout=10)
        key = json.loads(subprocess.run([hailong, "key", "--data-dir", data], capture_output=True, text=True,
                                        check=True).stdout)
        ok = rc == 0 and key["unit"]["name"] == "Công an phường Bến Nghé" and key["counter"] == "Quầy 3"
        print(f"  {'ok' if ok else 'FAILED'}: 'Tắt kiosk' stops it (status {rc}); hailong key names the unit "
              f"{key['unit']['name']!r} and the counter {key['counter']!r}, typed in Telex on the screen")
        return 0 if ok else 1
    finally:
        s.close()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
