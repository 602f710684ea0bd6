#!/usr/bin/env python3
"""Taps and seconds of the citizen flows of the real hailong-kiosk (issue 14).

The real kiosk binary runs under Xvfb (`Xvfb -displayfd`), one kiosk per flow with a fresh
--data-dir, `--windowed --size WxH` (and `--panel-inches` when the binary's --help lists it).
Every screen is read from the kiosk's `--trace-ui` JSON lines on standard output, and every tap
is a real pointer click (`xdotool mousemove X Y click 1`) at the centre of an item's rectangle.
The kiosk runs with its own default timers (no --idle-timeout).

Flows (each is a small table in FLOWS below: screen name -> what the citizen taps there):
  a  face only: "Rất hài lòng", then nothing.
  b  "Rất hài lòng", then every further question offered (a sensible answer), the comment ended
     with "Xong", until the thank-you screen.
  c  "Không hài lòng", two reasons ticked, "next", then the shortest way out.
  d  the comment "Thủ tục nhanh" typed by taps: with the kiosk's direct Vietnamese tone and
     letter keys when the trace offers them, else with Telex (T h u r space t u j c ...).
     Reached the way a satisfied citizen would: "Rất hài lòng", the offer of further questions on
     the thank-you screen (new kiosk), "Bỏ qua" on every question, then the comment.
  e  the same comment reached by the shortest path of the new kiosk: "Không hài lòng", tick the
     reason "Khác" (toggle:other), "Tiếp tục" -> the comment (on the old kiosk: then Bỏ qua x5).
     Shorter, but it stores a "not satisfied" rating: a satisfied citizen would not take it.
Also (--walkaway) walk-aways, each followed by a new citizen, read back from the database:
  * a face, then nothing (the new kiosk's thank-you screen): seconds until the faces; a new
    citizen then taps a face (two responses expected);
  * a face, the offer of further questions (new kiosk), then nothing on question 1: seconds until
    the faces; and a new citizen who taps, GAP s later, on the screen left behind (an answer; or
    "Quay lại" until the faces - via the thank-you screen's "touch to return" if it is on the
    way - then a face).

Time model (a slow first-time user, the same for every kiosk):
  * taps come at a fixed pace: PACE seconds (default 1.5) after the previous tap;
  * if what the citizen must tap next is not on screen by then, the citizen waits for it and
    taps MIN_REACT (0.5 s) after it appears: that extra time is "kiosk wait";
  * a tap that changes nothing on a screen where it should (lost) is tapped again, counted.
  citizen s = (taps - 1) * PACE + kiosk wait   (first tap to last tap)
  faces back s = from the citizen's last tap to the trace line of the idle screen (the faces),
                 i.e. the kiosk's own timers (thank-you screen, walk-away timeout).
  kiosk busy s = citizen s + faces back s: how long one citizen occupies the kiosk.
The script really runs at that pace; the measured wall-clock times are in --json too.

Each flow's database (DATA_DIR/hailong.db) is checked: exactly one response, its answers equal
to the ones tapped (skips remove, ticks toggle), the comment for d, and its end reason.

Usage:
  measure_flows.py --kiosk build/app/hailong-kiosk                     # 1366x768, flows a-d
  measure_flows.py --kiosk K --size 1366x768 --size 1080x1920 --walkaway --json out.json
  measure_flows.py --kiosk K --flows d --verbose                       # prints every trace line
  measure_flows.py --kiosk K --flows abcde --walkaway                   # d and its shorter variant e
Exit code: 0 when every flow reached the faces again and its database check passed, 1 otherwise.
Needs: python3 (stdlib only), Xvfb, xdotool.
"""
import argparse
import fnmatch
import json
import os
import queue
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

PACE = 1.5          # seconds between two taps of a slow first-time user
MIN_REACT = 0.5     # seconds from a screen's appearance to a tap on it (the old kiosk ignores 0.4 s)
LOST_TAP_S = 3.0    # a screen-changing tap with no new trace line this long after it was lost
STUCK_S = 10.0      # no rule matches and no new trace line this long: the flow fails
FACES_WAIT_S = 240  # the longest wait for the faces after the citizen stops
FACES = "idle"      # the trace's name of the faces screen waiting for the next citizen
MAIN_QUESTION = "overall"  # the question answered by a face (idle/main screen)
DEFAULT_PANEL_INCHES = {"1366x768": 15.6, "1024x768": 15.0, "1920x1080": 21.5, "1080x1920": 21.5}


# ----------------------------------------------------------------------------------------------
# The flow tables. A table is a list of (screen glob, entries); the first rule whose glob matches
# the screen on show applies, and its first entry that finds something to do wins. Entries:
#   "id-glob"      tap the first item (in trace order) whose id matches, e.g. "answer:*"
#   Label(regex)   tap the first item whose label matches
#   Once(entry)    the entry, at most once per flow (e.g. the "more questions" button)
#   Tick(n, globs) tick n different items (toggles) matching globs, preferred in order
#   Type(name)     type the text of TYPINGS[name] on the on-screen keyboard, then go on
#   WAIT           the citizen stops tapping and leaves; the script waits for the faces
# ----------------------------------------------------------------------------------------------
WAIT = "WAIT"


class Label:
    def __init__(self, regex):
        self.regex = re.compile(regex, re.I)

    def __repr__(self):
        return f"Label({self.regex.pattern!r})"


class Once:
    """The first of these entries that finds an item, and then never again in this flow."""

    def __init__(self, *entries):
        self.entries = entries

    def __repr__(self):
        return f"Once({', '.join(map(repr, self.entries))})"


class Tick:
    def __init__(self, n, *globs):
        self.n, self.globs = n, globs

    def __repr__(self):
        return f"Tick({self.n}, {', '.join(map(repr, self.globs))})"


class Type:
    def __init__(self, typing):
        self.typing = typing

    def __repr__(self):
        return f"Type({self.typing!r})"


# The new kiosk's thank-you screen offers the further questions (and the comment) with one button.
# Its screen may be named "thanks" or so: the tables match "thank*".
MORE_IDS = ("thanks.more*", "*more*", Label(r"trả lời thêm|câu hỏi|more question|answer more"))
MORE = Once(*MORE_IDS)
# Flow d: a button straight to the comment if the thank-you screen has one, else the questions.
COMMENT_OR_MORE = Once("thanks.comment*", Label(r"góp ý|ý kiến|comment"), *MORE_IDS)
# Sensible answers of a first-time citizen who was well served; otherwise the first option.
SENSIBLE = ["answer:very_satisfied", "answer:yes", "answer:*"]

FLOWS = {
    "a": ("face only", [
        (FACES, ["answer:very_satisfied"]),
        ("*", [WAIT]),
    ]),
    "b": ("face, then everything offered", [
        (FACES, ["answer:very_satisfied"]),
        ("thank*", [MORE, WAIT]),
        ("question:*", SENSIBLE + [Tick(1, "toggle:*"), "nav.next"]),
        ("comment", ["key:done", "key:skip"]),
        ("*", ["nav.next", "nav.finish"]),
    ]),
    "c": ("not satisfied, two reasons", [
        (FACES, ["answer:not_satisfied"]),
        ("*reasons*", [Tick(2, "toggle:officer_attitude", "toggle:unclear_guidance", "toggle:*"),
                              "nav.next"]),
        ("thank*", [WAIT]),
        ("comment", ["key:done", "key:skip"]),
        ("*", ["nav.finish", "nav.skip", "nav.next"]),  # the shortest way out
    ]),
    "d": ("comment 'Thủ tục nhanh' by taps", [
        (FACES, ["answer:very_satisfied"]),
        ("thank*", [COMMENT_OR_MORE, WAIT]),
        ("question:*", ["nav.skip", "nav.next"]),
        ("comment", [Type("comment"), "key:done"]),
        ("*", ["nav.skip", "nav.next"]),
    ]),
    "e": ("comment by taps, via 'Khác'", [
        (FACES, ["answer:not_satisfied"]),
        ("*reasons*", [Tick(1, "toggle:other"), "nav.next"]),
        ("thank*", [WAIT]),  # new kiosk: the comment comes first, the thank-you ends the flow
        ("question:*", ["nav.skip", "nav.next"]),  # old kiosk: the questions before the comment
        ("comment", [Type("comment"), "key:done"]),
        ("*", ["nav.skip", "nav.next"]),
    ]),
}
COMMENT_FLOWS = "de"
WALKAWAY = [  # to a further question, then nothing
    (FACES, ["answer:very_satisfied"]),
    ("thank*", [MORE]),
]
WALKAWAY_FACE = [  # a face, then nothing (the new kiosk's thank-you; the old kiosk's question 1)
    (FACES, ["answer:very_satisfied"]),
    ("*", [WAIT]),
]

# ----------------------------------------------------------------------------------------------
# Typing. A token is a character (typed with the key whose label is that character, shift first
# for a capital when the labels are small) or a Key: one of several guessed ids or labels.
# ----------------------------------------------------------------------------------------------


class Key:
    def __init__(self, name, ids, labels):
        self.name, self.ids, self.labels = name, ids, re.compile(labels, re.I)

    def __repr__(self):
        return f"<{self.name}>"


def tone(name, vi, mark):
    return Key("tone " + vi, [f"key:tone:{name}", f"key:tone_{name}", f"key:{name}", f"key:tone:{vi}", f"key:{vi}"],
               rf"^(dấu )?{vi}$|^{mark}$|^◌{mark}$")


HOI = tone("hoi", "hỏi", "\u0309")
NANG = tone("nang", "nặng", "\u0323")
COMMENT_TEXT = "Thủ tục nhanh"
TYPINGS = {
    # Vietnamese letter and tone keys, no Telex: T h u <hỏi> space t u c <nặng> space n h a n h
    "direct": list("Thu") + [HOI] + list(" tuc") + [NANG] + list(" nhanh"),
    # Telex, the only way on the old kiosk: T h u r space t h u j c space n h a n h
    "telex": list("Thur tujc nhanh"),
}
# A key that shows the kiosk has direct Vietnamese keys (maybe on another page).
DIRECT_HINT = re.compile(r"^[ăâđêôơư]$|^dấu (sắc|huyền|hỏi|ngã|nặng)$|ă\s*â", re.I)
PAGE_ID = re.compile(r"^key:.*(page|tone|dau)", re.I)
PAGE_LABEL = re.compile(r"^(\?123|123|abc|ABC|ă.*|dấu.*|tones?)$", re.I)


# ----------------------------------------------------------------------------------------------
# The display and the kiosk
# ----------------------------------------------------------------------------------------------


# The X server of the end-to-end test (tests/e2e/kiosk_e2e.py): Xvfb on a free display.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
from kiosk_e2e import Xvfb  # noqa: E402


class Kiosk:
    """The kiosk process; a thread stamps every --trace-ui line with the time it arrived."""

    def __init__(self, exe, display, data_dir, extra, verbose):
        self.env = dict(os.environ, DISPLAY=display)
        self.verbose = verbose
        self.data_dir = data_dir
        self.proc = subprocess.Popen([exe, "--data-dir", data_dir, "--trace-ui"] + extra,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, text=True)
        self.lines = queue.Queue()
        self.screen, self.screen_at, self.count = None, 0.0, 0
        self.t0 = time.monotonic()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put((time.monotonic(), line))

    def _take(self, at, line):
        try:
            self.screen = json.loads(line)
        except ValueError:
            return
        self.screen_at = at
        self.count += 1
        if self.verbose:
            print(f"    [{at - self.t0:7.2f}] {line.rstrip()}", flush=True)

    def latest(self):
        """Takes every trace line printed so far; the last is what is on screen."""
        while True:
            try:
                self._take(*self.lines.get_nowait())
            except queue.Empty:
                return self.screen

    def wait_line(self, until):
        """Waits for one more trace line until the monotonic time `until`; True if one came."""
        before = self.count
        self.latest()
        if self.count != before:
            return True
        try:
            self._take(*self.lines.get(timeout=max(0.0, until - time.monotonic())))
        except queue.Empty:
            return False
        self.latest()
        return True

    def wait_screen(self, name, timeout):
        """Waits until the screen on show is `name`; returns the arrival time of its line, or None."""
        end = time.monotonic() + timeout
        while True:
            s = self.latest()
            if s and s.get("screen") == name:
                return self.screen_at
            if time.monotonic() >= end or not self.wait_line(end):
                s = self.latest()
                return self.screen_at if s and s.get("screen") == name else None

    def click(self, item):
        x, y = int(item["x"] + item["w"] / 2), int(item["y"] + item["h"] / 2)
        # No window manager: the window sits at the screen's origin, window pixels are screen pixels.
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=self.env, check=True)

    def db_path(self):
        p = os.path.join(self.data_dir, "hailong.db")
        if os.path.exists(p):
            return p
        for root, _, files in os.walk(self.data_dir):
            for f in files:
                if f.endswith(".db"):
                    return os.path.join(root, f)
        return p

    def rows(self, sql, args=()):
        con = sqlite3.connect(f"file:{self.db_path()}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.stderr.read()


def kiosk_args(exe, size, panel_inches):
    """--windowed --size, and --panel-inches only if this binary knows it."""
    args = ["--windowed", "--size", size]
    try:
        help_text = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        help_text = ""
    if "--panel-inches" in help_text:
        inches = panel_inches or DEFAULT_PANEL_INCHES.get(size)
        if inches:
            args += ["--panel-inches", str(inches)]
    return args


# ----------------------------------------------------------------------------------------------
# Choosing the next tap
# ----------------------------------------------------------------------------------------------


class Citizen:
    """Applies a flow table to the screens on show; remembers what it tapped."""

    def __init__(self, table, typing):
        self.table, self.typing = table, typing
        self.used_once = set()     # id(Once) already used
        self.ticked = {}           # screen -> ids ticked there
        self.typed = 0             # tokens of the typing done
        self.typing_taps = 0
        self.shift_for = None      # the token index for which shift was tapped
        self.pages_tried = {}      # token index -> page key ids tapped looking for it
        self.typing_method = None
        self.problem = None
        self.keys_seen = {}        # every key id -> label seen on the comment screen's pages

    def rule(self, screen_name):
        for glob, entries in self.table:
            if fnmatch.fnmatchcase(screen_name, glob):
                return entries
        return []

    def choose(self, screen):
        """Returns (item, note), (WAIT, None) or (None, why) when nothing fits yet."""
        items = screen.get("items", [])
        for entry in self.rule(screen.get("screen", "")):
            got = self._entry(entry, screen, items)
            if got is not None:
                return got
        return None, "no entry of the table fits"

    def _match(self, entry, items, exclude=()):
        for it in items:
            if it["id"] in exclude:
                continue
            if isinstance(entry, Label):
                if entry.regex.search(it.get("label", "")):
                    return it
            elif fnmatch.fnmatchcase(it["id"], entry):
                return it
        return None

    def _entry(self, entry, screen, items):
        if entry == WAIT:
            return WAIT, None
        if isinstance(entry, Once):
            if id(entry) in self.used_once:
                return None
            for e in entry.entries:
                got = self._entry(e, screen, items)
                if got is not None and got[0] is not None and got[0] != WAIT:
                    self.used_once.add(id(entry))
                    return got
            return None
        if isinstance(entry, (str, Label)):
            it = self._match(entry, items)
            return (it, None) if it else None
        if isinstance(entry, Tick):
            done = self.ticked.setdefault(screen["screen"], [])
            if len(done) >= entry.n:
                return None
            for g in entry.globs:
                it = self._match(g, items, exclude=done)
                if it:
                    done.append(it["id"])
                    return it, "tick"
            return None
        if isinstance(entry, Type):
            return self._type(screen, items)
        raise ValueError(f"unknown table entry {entry!r}")

    # -- typing --------------------------------------------------------------------------------
    def _tokens(self, items):
        if self.typing_method is None:
            method = self.typing
            if method == "auto":
                # Direct keys when the kiosk offers a tone key on the page shown, or a page key
                # that may hold them; the old kiosk has neither.
                offered = any(self._find_key(t, items) for t in TYPINGS["direct"] if isinstance(t, Key)) or any(
                    "tone" in it["id"] or DIRECT_HINT.search(it.get("label", "")) for it in items
                    if it["id"].startswith("key:"))
                method = "direct" if offered else "telex"
                if method == "telex":
                    keys = [f"{it['id']}={it.get('label', '')!r}" for it in items if it["id"].startswith("key:")]
                    print(f"  (no tone key found among the guessed ids on the comment screen: typing with Telex; "
                          f"keys on show: {' '.join(keys)})", flush=True)
            self.typing_method = method
        return TYPINGS[self.typing_method]

    @staticmethod
    def _find_key(token, items):
        keys = [it for it in items if it["id"].startswith("key:")]
        if isinstance(token, Key):
            for kid in token.ids:
                for it in keys:
                    if it["id"] == kid:
                        return it
            for it in keys:
                if token.labels.search(it.get("label", "")):
                    return it
            return None
        if token == " ":
            return next((it for it in keys if it["id"] == "key:space"), None)
        for it in keys:  # the key that types this very character now
            if it.get("label") == token:
                return it
        low = token.lower()
        for it in keys:
            if it["id"] == "key:" + low or it.get("label") == low:
                return it
        return None

    def _type(self, screen, items):
        for it in items:
            if it["id"].startswith("key:"):
                self.keys_seen.setdefault(it["id"], it.get("label", ""))
        tokens = self._tokens(items)
        if self.typed >= len(tokens):
            return None  # typed: the next entry (done) applies
        token = tokens[self.typed]
        it = self._find_key(token, items)
        if it is not None:
            if isinstance(token, str) and token != " " and it.get("label") != token and token != token.lower() \
                    and self.shift_for != self.typed:
                shift = next((k for k in items if k["id"] == "key:shift"), None)
                if shift is not None:
                    self.shift_for = self.typed
                    self.typing_taps += 1
                    return shift, "shift"
            self.typed += 1
            self.typing_taps += 1
            return it, f"type {token!r}"
        # Not on this page: try the page keys, each once for this token.
        tried = self.pages_tried.setdefault(self.typed, [])
        pages = [it for it in items if it["id"] not in tried and it["id"] not in ("key:space", "key:done") and
                 (PAGE_ID.search(it["id"]) or PAGE_LABEL.search(it.get("label", "")))]
        # A tone or a Vietnamese letter: a page that looks Vietnamese first; a plain letter: "abc" first.
        plain = isinstance(token, str) and token.isascii()
        pages.sort(key=lambda it: 0 if bool(re.search(r"abc", it.get("label", ""), re.I)) == plain and
                   (plain or DIRECT_HINT.search(it.get("label", "")) or "tone" in it["id"]) else 1)
        if pages:
            tried.append(pages[0]["id"])
            self.typing_taps += 1
            return pages[0], f"page for {token!r}"
        keys = [f"{kid}={label!r}" for kid, label in self.keys_seen.items()]
        self.problem = f"no key for {token!r}; keys seen on every page: {' '.join(keys)}"
        return None, self.problem


# ----------------------------------------------------------------------------------------------
# Running a flow
# ----------------------------------------------------------------------------------------------


def expected_answers(taps):
    """What the database should hold after these taps: {question: sorted values}."""
    want = {}
    for t in taps:
        scr, iid = t["screen"], t["id"]
        if scr.startswith("question:"):
            q = scr.split(":", 1)[1]
        elif scr in (FACES, "main"):
            q = MAIN_QUESTION
        elif scr == "comment" or scr.startswith("thank"):
            continue
        else:
            q = scr  # a screen of its own for a question (e.g. "reasons")
        if iid.startswith("answer:"):
            want[q] = [iid.split(":", 1)[1]]
        elif iid.startswith("toggle:"):
            v = iid.split(":", 1)[1]
            cur = set(want.get(q, []))
            cur ^= {v}
            if cur:
                want[q] = sorted(cur)
            else:
                want.pop(q, None)
        elif iid == "nav.skip":
            want.pop(q, None)
    return {q: sorted(v) for q, v in want.items()}


def stored(k):
    """Responses and their answers in the kiosk's database."""
    tables = {n for (n,) in k.rows("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"responses", "answers"} <= tables:
        schema = "\n".join(s for (s,) in k.rows("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"))
        raise RuntimeError(f"no responses/answers tables; schema:\n{schema}")
    out = []
    for seq, reason, comment in k.rows("SELECT seq, end_reason, comment FROM responses ORDER BY seq"):
        ans = {}
        for q, v in k.rows("SELECT question_id, value FROM answers WHERE response_seq=? ORDER BY value", (seq,)):
            ans.setdefault(q, []).append(v)
        out.append({"seq": seq, "end_reason": reason, "comment": comment,
                    "answers": {q: sorted(v) for q, v in ans.items()}})
    return out


def drive(k, citizen, pace, stop_when=None):
    """Taps as the table says, at the pace, until the faces are back after the first tap, the
    table says WAIT, or stop_when(screen) is true. Returns the record of the taps."""
    taps, lost, kiosk_wait = [], 0, 0.0
    last_tap = None       # monotonic time of the last tap
    expect_change = None  # trace line count at a tap that must change the screen
    ended = None
    while True:
        if last_tap is not None:
            earliest = last_tap + pace
            if expect_change is not None:
                # A tap that should change the screen: wait for it (a citizen sees nothing happen
                # after LOST_TAP_S and taps again).
                while k.count == expect_change and time.monotonic() < last_tap + LOST_TAP_S:
                    k.wait_line(min(last_tap + LOST_TAP_S, max(earliest, time.monotonic() + 0.05)))
                if k.count == expect_change:
                    lost += 1
                    taps[-1]["lost"] = True
                    print(f"  (tap on {taps[-1]['id']} changed nothing within {LOST_TAP_S} s: tapped again)",
                          flush=True)
                    it = next((i for i in k.latest()["items"] if i["id"] == taps[-1]["id"]), None)
                    if it is not None:
                        retry = dict(taps[-1], lost=False, retry=True)
                        now = time.monotonic()
                        kiosk_wait += max(0.0, now - earliest)
                        k.click(it)
                        last_tap = retry["t"] = now
                        taps.append(retry)
                        continue
                expect_change = None
            while time.monotonic() < earliest:
                k.wait_line(earliest)
        screen = k.latest()
        if taps and screen["screen"] == FACES:
            ended = "faces"
            break
        if stop_when and taps and stop_when(screen):
            ended = "stopped"
            break
        item, note = citizen.choose(screen)
        if item == WAIT:
            ended = "wait"
            break
        if item is None:
            # Nothing to tap yet: the citizen waits for the kiosk (the time counts as kiosk wait).
            if citizen.problem or not k.wait_line(time.monotonic() + STUCK_S):
                ended = "stuck"
                ids = [f"{i['id']}={i.get('label', '')!r}" for i in screen.get("items", [])]
                print(f"  STUCK on {screen['screen']}: {note}; items: {' '.join(ids)}", flush=True)
                break
            continue
        now = time.monotonic()
        at = max(now, k.screen_at + MIN_REACT)
        if last_tap is not None:
            kiosk_wait += max(0.0, at - (last_tap + pace))
        while time.monotonic() < at:
            time.sleep(at - time.monotonic())
        before = k.count
        k.click(item)
        last_tap = time.monotonic()
        taps.append({"t": last_tap, "screen": screen["screen"], "id": item["id"], "label": item.get("label", ""),
                     "note": note})
        if k.verbose:
            print(f"    tap {len(taps):2d}: {screen['screen']} -> {item['id']} ({item.get('label', '')!r})"
                  f"{' ' + note if note else ''}", flush=True)
        expect_change = None if item["id"].startswith(("toggle:", "key:")) else before
    return {"taps": taps, "lost": lost, "kiosk_wait": kiosk_wait, "ended": ended, "last_tap": last_tap}


def run_flow(exe, xvfb, size, flow, args):
    title, table = FLOWS[flow]
    data = tempfile.mkdtemp(prefix=f"hailong-measure-{flow}-")
    k = Kiosk(exe, xvfb.display, data, kiosk_args(exe, size, args.panel_inches), args.verbose)
    res = {"flow": flow, "title": title, "size": size, "ok": False}
    try:
        if k.wait_screen(FACES, 60) is None:
            res["error"] = "the kiosk did not show the faces"
            return res
        time.sleep(1.0)  # the citizen walks up
        citizen = Citizen(table, args.typing)
        d = drive(k, citizen, args.pace)
        taps = d["taps"]
        if d["ended"] in ("wait", "stopped"):
            faces_at = k.wait_screen(FACES, FACES_WAIT_S)
        elif d["ended"] == "faces":
            faces_at = k.screen_at
        else:
            faces_at = None
        n = len(taps)
        res.update({
            "taps": n,
            "typing_taps": citizen.typing_taps,
            "typing": citizen.typing_method,
            "lost_taps": d["lost"],
            "kiosk_wait_s": round(d["kiosk_wait"], 2),
            "citizen_s": round((n - 1) * args.pace + d["kiosk_wait"], 2) if n else 0.0,
            "citizen_wall_s": round(taps[-1]["t"] - taps[0]["t"], 2) if n else 0.0,
            "faces_back_s": round(faces_at - d["last_tap"], 2) if faces_at and n else None,
            "path": [f"{t['screen']}>{t['id']}" for t in taps],
        })
        res["busy_s"] = round(res["citizen_s"] + res["faces_back_s"], 2) if res["faces_back_s"] is not None else None
        time.sleep(0.5)
        db = stored(k)
        want = expected_answers(taps)
        res["db"] = db
        checks = []
        if len(db) != 1:
            checks.append(f"{len(db)} responses stored, 1 expected")
        else:
            r = db[0]
            res["end_reason"] = r["end_reason"]
            if r["answers"] != want:
                checks.append(f"answers {r['answers']} != tapped {want}")
            if r["end_reason"] == "in_progress":
                checks.append("the response is still in progress")
            if flow in COMMENT_FLOWS and r["comment"] != COMMENT_TEXT:
                checks.append(f"comment {r['comment']!r} != {COMMENT_TEXT!r}")
        if d["ended"] == "stuck" or faces_at is None:
            checks.append(f"the faces did not come back ({d['ended']})")
        res["db_check"] = "ok" if not checks else "; ".join(checks)
        res["ok"] = not checks
        return res
    except Exception as e:  # noqa: BLE001 - one flow's failure is reported, the others still run
        res["error"] = f"{type(e).__name__}: {e}"
        return res
    finally:
        err = k.stop()
        if err.strip() and args.verbose:
            print("    kiosk stderr:", err.strip()[:1500], flush=True)
        shutil.rmtree(data, ignore_errors=True)


def walkaway(exe, xvfb, size, args):
    """A face, a further question, then nothing: seconds until the faces; and a new citizen who
    taps on the screen left behind after args.gap seconds (an answer; then Quay lại + a face)."""
    out = {"size": size, "gap_s": args.gap}

    # 0. A face, then nothing: where the citizen leaves the kiosk, how long until the faces; then
    #    a new citizen taps "Hài lòng" on the faces (or the first answer of what is on show).
    data = tempfile.mkdtemp(prefix="hailong-measure-walk-")
    k = Kiosk(exe, xvfb.display, data, kiosk_args(exe, size, args.panel_inches), args.verbose)
    try:
        k.wait_screen(FACES, 60)
        time.sleep(1.0)
        d = drive(k, Citizen(WALKAWAY_FACE, "telex"), args.pace)
        rec = {"taps_before_leaving": [f"{t['screen']}>{t['id']}" for t in d["taps"]],
               "left_on": k.latest()["screen"]}
        faces_at = k.wait_screen(FACES, FACES_WAIT_S)
        rec["faces_back_s"] = round(faces_at - d["last_tap"], 2) if faces_at else None
        time.sleep(0.5)
        rec["alone_db"] = stored(k)
        target = max(d["last_tap"] + args.gap, time.monotonic() + 1.0)
        while time.monotonic() < target:
            k.wait_line(target)
        s = k.latest()
        rec["new_citizen_after_s"] = round(time.monotonic() - d["last_tap"], 1)
        rec["new_citizen_sees"] = s["screen"]
        it = next((i for i in s["items"] if fnmatch.fnmatchcase(
            i["id"], "answer:satisfied" if s["screen"] in (FACES, "main") else "answer:*")), None)
        rec["new_citizen_taps"] = []
        if it is not None:
            k.click(it)
            rec["new_citizen_taps"].append(f"{s['screen']}>{it['id']} ({it.get('label', '')})")
        time.sleep(args.pace)
        rec["after_db"] = stored(k)
        rec["screen_after"] = k.latest()["screen"]
        b, a = rec["alone_db"], rec["after_db"]
        rec["previous_changed"] = bool(b and a and a[0]["answers"] != b[0]["answers"])
        rec["new_response"] = len(a) > len(b)
        out["face_only"] = rec
    finally:
        k.stop()
        shutil.rmtree(data, ignore_errors=True)

    def reach_question(k):
        k.wait_screen(FACES, 60)
        time.sleep(1.0)
        d = drive(k, Citizen(WALKAWAY, "telex"), args.pace, stop_when=lambda s: s["screen"].startswith("question:"))
        return d, k.latest()

    # 1. Nobody comes: how long the question stays.
    data = tempfile.mkdtemp(prefix="hailong-measure-walk-")
    k = Kiosk(exe, xvfb.display, data, kiosk_args(exe, size, args.panel_inches), args.verbose)
    try:
        d, s = reach_question(k)
        out["left_on"] = s["screen"]
        out["taps_before_leaving"] = [f"{t['screen']}>{t['id']}" for t in d["taps"]]
        faces_at = k.wait_screen(FACES, FACES_WAIT_S)
        out["faces_back_s"] = round(faces_at - d["last_tap"], 2) if faces_at else None
        time.sleep(0.5)
        out["alone_db"] = stored(k)
    finally:
        k.stop()
        shutil.rmtree(data, ignore_errors=True)

    # 2. A new citizen taps an answer on the question left behind, `gap` s after the last tap.
    for probe in ("answer", "back_then_face"):
        data = tempfile.mkdtemp(prefix="hailong-measure-walk-")
        k = Kiosk(exe, xvfb.display, data, kiosk_args(exe, size, args.panel_inches), args.verbose)
        rec = {}
        try:
            d, s = reach_question(k)
            rec["left_on"] = s["screen"]
            target = d["last_tap"] + args.gap
            while time.monotonic() < target:
                k.wait_line(target)
            s = k.latest()
            rec["new_citizen_sees"] = s["screen"]
            rec["before_db"] = stored(k)
            new_taps = []

            def tap(glob):
                it = next((i for i in k.latest()["items"] if fnmatch.fnmatchcase(i["id"], glob)), None)
                if it is None:
                    return False
                k.click(it)
                new_taps.append(f"{k.screen['screen']}>{it['id']} ({it.get('label', '')})")
                return True

            if probe == "answer":
                # On the faces a face; on a question its first answer (the trace order).
                tap("answer:not_satisfied" if s["screen"] in (FACES, "main") else "answer:*") or tap("toggle:*")
                time.sleep(args.pace)
            else:
                # "Quay lại" until the faces (a thank-you screen on the way: its "touch to
                # return"), then "Không hài lòng".
                for _ in range(8):
                    if k.latest()["screen"] in (FACES, "main"):
                        break
                    if not tap("nav.back") and not tap("thanks.done"):
                        break
                    time.sleep(args.pace)
                tap("answer:not_satisfied")
                time.sleep(args.pace)
            rec["new_citizen_taps"] = new_taps
            rec["after_db"] = stored(k)
            rec["screen_after"] = k.latest()["screen"]
        finally:
            k.stop()
            shutil.rmtree(data, ignore_errors=True)
        b, a = rec["before_db"], rec["after_db"]
        old = b[0] if b else None
        old_after = next((r for r in a if old and r["seq"] == old["seq"]), None)
        rec["previous_changed"] = bool(old and old_after and old_after["answers"] != old["answers"])
        rec["new_response"] = len(a) > len(b)
        out[probe] = rec
    return out


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------


def fmt(v, spec="{:.1f}"):
    return "-" if v is None else spec.format(v)


def table(results, pace):
    lines = [f"pace {pace} s between taps; citizen s = first to last tap; faces back s = last tap to the faces",
             f"{'size':<10} {'flow':<34} {'taps':>4} {'(typing)':>8} {'citizen s':>9} {'wait s':>6} "
             f"{'faces back s':>12} {'busy s':>6}  {'end reason':<11} db check"]
    for r in results:
        if "error" in r:
            lines.append(f"{r['size']:<10} {r['flow'] + ' ' + r['title']:<34} ERROR {r['error']}")
            continue
        typing = f"{r['typing_taps']}" + (f" {r['typing']}" if r.get("typing") else "") if r["typing_taps"] else ""
        lines.append(f"{r['size']:<10} {r['flow'] + ' ' + r['title']:<34} {r['taps']:>4} {typing:>8} "
                     f"{fmt(r['citizen_s']):>9} {fmt(r['kiosk_wait_s']):>6} {fmt(r['faces_back_s']):>12} "
                     f"{fmt(r['busy_s']):>6}  {r.get('end_reason', '-'):<11} {r['db_check']}")
    return "\n".join(lines)


def describe_walkaway(w):
    def resp(db):
        return "; ".join(f"#{r['seq']} {r['end_reason']} {r['answers']}" for r in db) or "none"
    lines = []
    f0 = w.get("face_only")
    if f0:
        lines += [f"walk-away at {w['size']} after a face: taps {', '.join(f0['taps_before_leaving'])}; "
                  f"left on {f0['left_on']}",
                  f"  nobody comes: the faces are back {fmt(f0['faces_back_s'])} s after the last tap; "
                  f"stored: {resp(f0['alone_db'])}",
                  f"  a new citizen {f0['new_citizen_after_s']} s after the last tap sees {f0['new_citizen_sees']} "
                  f"and taps: {', '.join(f0['new_citizen_taps']) or 'nothing to tap'}",
                  f"    after:  {resp(f0['after_db'])}  (screen now {f0['screen_after']})",
                  f"    -> previous citizen's response changed: {'YES' if f0['previous_changed'] else 'no'}; "
                  f"new response: {'yes' if f0['new_response'] else 'NO'}"]
    lines += [f"walk-away at {w['size']} on a further question: taps {', '.join(w['taps_before_leaving'])}; "
              f"left on {w['left_on']}",
             f"  nobody comes: the faces are back {fmt(w['faces_back_s'])} s after the last tap; "
             f"stored: {resp(w['alone_db'])}"]
    for probe, what in (("answer", "taps an answer"), ("back_then_face", "taps Quay lại to the faces, then a face")):
        r = w.get(probe)
        if not r:
            continue
        lines.append(f"  a new citizen {w['gap_s']} s later sees {r['new_citizen_sees']} and {what}: "
                     f"{', '.join(r['new_citizen_taps']) or 'nothing to tap'}")
        lines.append(f"    before: {resp(r['before_db'])}")
        lines.append(f"    after:  {resp(r['after_db'])}  (screen now {r['screen_after']})")
        lines.append(f"    -> previous citizen's response changed: {'YES' if r['previous_changed'] else 'no'}; "
                     f"new response: {'yes' if r['new_response'] else 'NO'}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--kiosk", required=True, help="the hailong-kiosk binary")
    ap.add_argument("--size", action="append", help="WIDTHxHEIGHT, repeatable (default 1366x768)")
    ap.add_argument("--flows", default="abcd", help="which flows, e.g. 'abcde' or 'd' (default abcd)")
    ap.add_argument("--walkaway", action="store_true", help="also measure a walk-away and a new citizen's tap")
    ap.add_argument("--walkaway-sizes", default="first", help="'first' (default) or 'all' sizes for --walkaway")
    ap.add_argument("--gap", type=float, default=10.0, help="seconds before the new citizen taps (default 10)")
    ap.add_argument("--pace", type=float, default=PACE, help=f"seconds between taps (default {PACE})")
    ap.add_argument("--typing", choices=("auto", "direct", "telex"), default="auto",
                    help="flow d: direct Vietnamese keys, Telex, or direct when the trace offers it (default)")
    ap.add_argument("--panel-inches", type=float, default=None,
                    help="passed when --help lists it (default: a typical panel for the size)")
    ap.add_argument("--json", metavar="FILE", help="write every figure and tap as JSON ('-' for stdout)")
    ap.add_argument("--verbose", action="store_true", help="print every trace line and tap")
    args = ap.parse_args()
    sizes = args.size or ["1366x768"]
    exe = os.path.abspath(args.kiosk)
    for tool in ("Xvfb", "xdotool"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed")
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    print(f"{version or exe}; pace {args.pace} s; sizes {' '.join(sizes)}", flush=True)

    results, walks = [], []
    for size in sizes:
        w, h = (int(v) for v in size.lower().split("x"))
        xvfb = Xvfb(w, h)
        try:
            for flow in args.flows:
                print(f"== {size} flow {flow}: {FLOWS[flow][0]}", flush=True)
                r = run_flow(exe, xvfb, size, flow, args)
                results.append(r)
                if "error" in r:
                    print(f"  ERROR {r['error']}", flush=True)
                else:
                    print(f"  {r['taps']} taps, citizen {r['citizen_s']} s, faces back {r['faces_back_s']} s, "
                          f"end {r.get('end_reason')}, db {r['db_check']}", flush=True)
                    print(f"  path: {' | '.join(r['path'])}", flush=True)
            if args.walkaway and (args.walkaway_sizes == "all" or size == sizes[0]):
                print(f"== {size} walk-away", flush=True)
                walks.append(walkaway(exe, xvfb, size, args))
                print(describe_walkaway(walks[-1]), flush=True)
        finally:
            xvfb.close()

    print()
    print(table(results, args.pace))
    for wk in walks:
        print()
        print(describe_walkaway(wk))
    if args.json:
        doc = {"kiosk": version, "pace_s": args.pace, "min_react_s": MIN_REACT, "flows": results, "walkaway": walks}
        text = json.dumps(doc, ensure_ascii=False, indent=1)
        if args.json == "-":
            print(text)
        else:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(text + "\n")
    return 0 if all(r.get("ok") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
