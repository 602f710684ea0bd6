#!/usr/bin/env python3
"""Runs the installed kiosk as the user hailong under its own Xvfb, inside the package test's
Debian root, and either stores ratings by real taps (xdotool on the items --trace-ui reports)
or only opens it (the new program migrates the database), then stops it with SIGTERM.

    kiosk_ratings.py rate N     store N ratings: a face, then the thank-you, N times (a kiosk before
                                issue 14 asks questions after the face: Kết thúc ends them)
    kiosk_ratings.py open       start, wait for the idle screen, stop
Prints one line: the database's schema version and the number of responses in it."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

DATA = "/var/lib/hailong"
DISPLAY = ":42"


def main():
    mode = sys.argv[1]
    xvfb = subprocess.Popen(["Xvfb", DISPLAY, "-screen", "0", "1024x768x24", "-nolisten", "tcp", "-ac"],
                            stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    env = dict(os.environ, DISPLAY=DISPLAY)
    kiosk = subprocess.Popen(["runuser", "-u", "hailong", "--", "env", f"DISPLAY={DISPLAY}", "hailong-kiosk",
                              "--data-dir", DATA, "--windowed", "--size", "1024x768", "--trace-ui"],
                             stdout=subprocess.PIPE, text=True)
    last = {}
    seen = threading.Event()

    def read():
        for line in kiosk.stdout:
            try:
                last["s"] = json.loads(line)
                seen.set()
            except ValueError:
                pass

    threading.Thread(target=read, daemon=True).start()

    def wait(screen, timeout=30):  # screen: a name, or a tuple of names
        names = screen if isinstance(screen, tuple) else (screen,)
        end = time.time() + timeout
        while time.time() < end:
            if last.get("s", {}).get("screen") in names:
                return True
            time.sleep(0.05)
        raise SystemExit(f"the kiosk did not show {screen} (it shows {last.get('s', {}).get('screen')})")

    def tap(item, then):
        time.sleep(0.5)  # more than the kiosk's double-tap guard
        it = next(i for i in last["s"]["items"] if i["id"] == item)
        subprocess.run(["xdotool", "mousemove", str(it["x"] + it["w"] // 2), str(it["y"] + it["h"] // 2),
                        "click", "1"], env=env, check=True)
        wait(then)

    try:
        wait("idle", 60)
        if mode == "rate":
            for _ in range(int(sys.argv[2])):
                tap("answer:very_satisfied", ("thanks", "question:times_came_back"))
                if last["s"]["screen"] != "thanks":
                    tap("nav.finish", "thanks")
                tap("thanks.done", "idle")
    finally:
        kiosk.send_signal(signal.SIGTERM)  # runuser passes it on; the kiosk closes cleanly
        kiosk.wait(timeout=30)
        xvfb.terminate()
        xvfb.wait()
    con = sqlite3.connect(f"file:{DATA}/hailong.db?mode=ro", uri=True)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    count = con.execute("SELECT count(*) FROM responses").fetchone()[0]
    print(f"schema {version} responses {count}")


if __name__ == "__main__":
    main()
