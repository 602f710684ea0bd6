#!/usr/bin/env python3
"""End-to-end test of the real hailong-kiosk under Xvfb, driven by xdotool.

For each display (a 1366x768 window, and full-screen on a portrait 1080x1920 screen) it
starts the kiosk with --trace-ui and a fresh data dir, taps items at the rectangles the
kiosk prints, checks what reached the SQLite database after every step, takes a
screenshot of every screen it passes, and stops the kiosk with SIGTERM.
It also renders every screen with --screenshot in both languages at both sizes.
Exit code 0 when every check passed; prints 'N passed, N failed'.
"""
import argparse
import csv
import json
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

CHECKS = {"passed": 0, "failed": 0}


HAILONG = ""


def check(cond, what):
    if cond:
        CHECKS["passed"] += 1
        print(f"  ok: {what}", flush=True)
    else:
        CHECKS["failed"] += 1
        print(f"  FAILED: {what}", flush=True)
    return cond


class Xvfb:
    def __init__(self, width, height):
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            self.display = ":" + f.readline().strip()

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class Kiosk:
    def __init__(self, exe, display, data_dir, extra):
        self.env = dict(os.environ, DISPLAY=display)
        self.proc = subprocess.Popen([exe, "--data-dir", data_dir, "--trace-ui", "--idle-timeout", "6",
                                      "--followup-timeout", "4"] + extra,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, text=True)
        self.lines = queue.Queue()
        self.spoken = queue.Queue()  # the speech lines of --trace-ui (raw): {"speech": [prompt ids], ...}
        self.screen = None
        threading.Thread(target=self._read, daemon=True).start()
        self.db_path = os.path.join(data_dir, "hailong.db")

    def _read(self):
        for line in self.proc.stdout:
            try:
                j = json.loads(line)
            except ValueError:
                continue  # not a trace line
            (self.spoken if "speech" in j else self.lines).put(line)

    def wait_screen(self, name=None, lang=None, timeout=10.0):
        """Waits for a trace line of screen `name` (any screen if None); returns it."""
        self.latest()
        if self.screen and (name is None or self.screen["screen"] == name) and \
                (lang is None or self.screen["lang"] == lang):
            return self.screen
        end = time.time() + timeout
        while time.time() < end:
            try:
                line = self.lines.get(timeout=max(0.01, end - time.time()))
            except queue.Empty:
                break
            self.screen = json.loads(line)
            if (name is None or self.screen["screen"] == name) and (lang is None or self.screen["lang"] == lang):
                return self.screen
        return None

    def latest(self):
        """Takes every trace line printed so far; the last one is what is on screen."""
        while True:
            try:
                self.screen = json.loads(self.lines.get_nowait())
            except queue.Empty:
                return self.screen

    def item(self, item_id):
        time.sleep(0.1)  # a frame or two for the screen to settle
        for it in self.latest()["items"]:
            if it["id"] == item_id:
                return it
        raise AssertionError(f"no item {item_id} on {self.screen['screen']}")

    def tap(self, item_id, repeat=1):
        it = self.item(item_id)
        x, y = it["x"] + it["w"] // 2, it["y"] + it["h"] // 2
        # The window sits at the screen's origin (no window manager), so window pixels are screen pixels.
        cmd = ["xdotool", "mousemove", str(x), str(y), "click"]
        if repeat > 1:
            cmd += ["--repeat", str(repeat), "--delay", "60"]
        subprocess.run(cmd + ["1"], env=self.env, check=True)

    def tap_and_wait(self, item_id, next_screen, lang=None):
        """Taps, then waits for the next screen. People need more than the kiosk's
        400 ms double-tap guard to read a screen, so this waits that long first."""
        time.sleep(0.45)
        self.tap(item_id)
        return self.wait_screen(next_screen, lang)

    def type_by_taps(self, keys):
        """Taps the on-screen keys one after the other, as a finger does (' ' is the space bar,
        a capital is shift then the letter). Returns the number of taps."""
        where = {it["id"]: it for it in self.latest()["items"]}
        taps = 0
        for c in keys:
            ids = ["key:shift"] if c.isupper() else []
            ids.append("key:space" if c == " " else "key:" + c.lower())
            for key_id in ids:
                it = where[key_id]
                x, y = it["x"] + it["w"] // 2, it["y"] + it["h"] // 2
                subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=self.env, check=True)
                taps += 1
                time.sleep(0.12)  # a quick finger; the kiosk counts a key tapped again after 50 ms
        return taps

    def screenshot(self, path):
        subprocess.run(["import", "-window", "root", path], env=self.env, check=True)

    def rows(self, sql, args=()):
        con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()

    def answers(self, seq):
        rows = self.rows("SELECT question_id, value FROM answers WHERE response_seq=? ORDER BY position, value_index",
                         (seq,))
        out = {}
        for q, v in rows:
            out.setdefault(q, []).append(v)
        return out


def poll(fn, timeout=5.0):
    end = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > end:
            return v
        time.sleep(0.05)


def scenario(exe, width, height, windowed, shots, quit_from_menu, full_sentence):
    print(f"== kiosk at {width}x{height} ({'window' if windowed else 'full screen'})", flush=True)
    os.makedirs(shots, exist_ok=True)
    xvfb = Xvfb(width, height)
    data = tempfile.mkdtemp(prefix="hailong-e2e-")
    extra = ["--windowed", "--size", f"{width}x{height}"] if windowed else []
    k = Kiosk(exe, xvfb.display, data, extra)
    n = [0]

    def shot(name):
        n[0] += 1
        k.screenshot(os.path.join(shots, f"{n[0]:02d}-{name.replace(':', '-')}.png"))

    try:
        s = k.wait_screen("idle", timeout=20)
        if not check(s is not None, "the kiosk shows the idle screen"):
            return
        labels = {it["id"]: it["label"] for it in s["items"]}
        check(labels.get("answer:very_satisfied") == "Rất hài lòng" and labels.get("answer:satisfied") == "Hài lòng"
              and labels.get("answer:not_satisfied") == "Không hài lòng", "three faces with Vietnamese labels")
        shot("idle")

        # Citizen 1: not satisfied, gives reasons, answers, skips, completes.
        check(k.tap_and_wait("answer:not_satisfied", "question:reasons") is not None, "not satisfied -> reasons")
        first = k.rows("SELECT seq, end_reason FROM responses")
        check(first == [(1, "in_progress")], f"the first tap is in the database at once: {first}")
        check(k.answers(1).get("overall") == ["not_satisfied"], "the rating is stored with its question id")
        shot("question:reasons-empty")
        time.sleep(0.45)
        k.tap("toggle:officer_attitude")
        time.sleep(0.45)
        k.tap("toggle:unclear_guidance")
        reasons = poll(lambda: k.answers(1).get("reasons") == ["officer_attitude", "unclear_guidance"])
        check(reasons, f"each ticked reason is stored: {k.answers(1).get('reasons')}")
        time.sleep(0.2)
        shot("question:reasons")
        s = k.tap_and_wait("nav.next", "thanks")
        more = {it["id"]: it["label"] for it in (s or {"items": []})["items"]}.get("thanks.more")
        check(more == "Trả lời thêm 5 câu hỏi ngắn", f"the reasons, then the thank-you offers the questions: {more}")
        shot("thanks-offer")
        check(k.rows("SELECT end_reason FROM responses WHERE seq=1") == [("in_progress",)],
              "the response stays open while the offer shows")
        k.tap_and_wait("thanks.more", "question:times_came_back")
        shot("question:times_came_back")
        k.tap_and_wait("answer:once", "question:agencies_contacted")
        shot("question:agencies_contacted")
        k.tap_and_wait("nav.skip", "question:officer_attitude")
        shot("question:officer_attitude")
        k.tap_and_wait("answer:satisfied", "question:on_time")
        shot("question:on_time")
        k.tap_and_wait("answer:yes", "question:convenience")
        shot("question:convenience")
        check(k.tap_and_wait("answer:very_satisfied", "comment") is not None, "the last answer -> the comment")
        shot("comment-empty")
        time.sleep(0.45)
        if full_sentence:
            # Every tone and mark, a capital, commas and a full stop, by touch alone.
            keys = ("Cans booj huwowngs daanx taanj tinhf, chu ddaos, chawm chir, thur tucj nhanh gonj, "
                    "tooi raats hafi lofng vaf sex giowis thieeuj cho nguwowfi thaan.")
            expected = ("Cán bộ hướng dẫn tận tình, chu đáo, chăm chỉ, thủ tục nhanh gọn, "
                        "tôi rất hài lòng và sẽ giới thiệu cho người thân.")
            taps = k.type_by_taps(keys)
            shot("comment")
            print(f"  {len(expected)} characters typed with {taps} taps", flush=True)
            k.tap_and_wait("key:done", "thanks")
        else:
            # Taps, then a physical keyboard through the same input method; a barcode scanned
            # meanwhile leaves the comment as it was and links the next rating; Enter is done.
            k.type_by_taps("Tooi raats hafi lofng")
            subprocess.run(["xdotool", "type", "--delay", "150", ", raats toots"], env=k.env, check=True)
            shot("comment")
            scan_keys(k.env, "HS-000999")
            time.sleep(0.5)
            check(k.screen["screen"] == "comment", "a scan on the comment screen does not end it")
            subprocess.run(["xdotool", "key", "BackSpace"], env=k.env, check=True)
            time.sleep(0.2)
            subprocess.run(["xdotool", "key", "Return"], env=k.env, check=True)
            check(k.wait_screen("thanks") is not None, "Enter on a physical keyboard is done")
            expected = "Tôi rất hài lòng, rất tố"
        stored = poll(lambda: k.rows("SELECT comment FROM responses WHERE seq=1"))
        check(stored == [(expected,)], f"the comment typed is stored: {stored}")
        shot("thanks")
        a = k.answers(1)
        check(a == {"overall": ["not_satisfied"], "reasons": ["officer_attitude", "unclear_guidance"],
                    "times_came_back": ["once"], "officer_attitude": ["satisfied"], "on_time": ["yes"],
                    "convenience": ["very_satisfied"]}, f"all answers of citizen 1 stored: {a}")
        check(poll(lambda: k.rows("SELECT end_reason FROM responses WHERE seq=1") == [("completed",)]),
              "citizen 1 ended as completed")
        check(k.wait_screen("idle", timeout=10) is not None, "the thank-you screen returns to idle by itself")

        # Citizen 2: switches to English, rates, goes back to change it, then walks away.
        time.sleep(0.5)
        s = k.tap_and_wait("language", "idle", lang="en")
        check(s is not None and {it["id"]: it["label"] for it in s["items"]}.get("answer:satisfied") == "Satisfied",
              "the language button switches the idle screen to English")
        shot("idle-en")
        k.tap_and_wait("answer:satisfied", "thanks")
        check(k.screen["lang"] == "en", "the next screen is in English too")
        shot("thanks-en")
        k.tap_and_wait("thanks.more", "question:times_came_back")
        shot("question:times_came_back-en")
        k.tap_and_wait("nav.back", "main")
        shot("main-en")
        k.tap_and_wait("answer:very_satisfied", "question:times_came_back")
        check(k.answers(2).get("overall") == ["very_satisfied"], "going back changes the same response")
        t0 = time.time()
        s = k.wait_screen("idle", timeout=15)
        check(s is not None and s["lang"] == "vi", f"walking away returns to idle in Vietnamese "
                                                   f"after {time.time() - t0:.1f} s (follow-up timeout 4 s)")
        check(k.rows("SELECT end_reason, language FROM responses WHERE seq=2") == [("timeout", "en")],
              "citizen 2 counts, ended by timeout, in English")

        # Citizen 3: a double tap on a face is one vote.
        time.sleep(0.5)
        k.tap("answer:very_satisfied", repeat=2)
        time.sleep(1.5)
        check(k.rows("SELECT COUNT(*) FROM responses") == [(3,)], "a double tap stores one response")
        # The second tap lands where the next screen has its own buttons: it must not answer there.
        a3 = k.answers(3)
        check(a3 == {"overall": ["very_satisfied"]}, f"and answers nothing on the next screen: {a3}")

        # The counter's barcode scanner types the receipt's code, then Enter: the next rating is linked.
        check(k.wait_screen("idle", timeout=15) is not None, "citizen 3 walked away: idle again")
        def scan(code):
            scan_keys(k.env, code)
            time.sleep(0.3)
        def rate_and_finish(face):
            k.tap_and_wait(face, "thanks")
            k.tap_and_wait("thanks.done", "idle")
        scan("HS-000123")
        shot("idle-dossier-scanned")
        rate_and_finish("answer:satisfied")
        scan("HS-000123")
        rate_and_finish("answer:very_satisfied")
        linked = k.rows("SELECT seq, dossier_code, supersedes_uuid <> '' FROM responses WHERE seq >= 4 ORDER BY seq")
        check(linked == [(4, "HS-000123", 0), (5, "HS-000123", 1)],
              f"scanned ratings are linked, the second supersedes the first: {linked}")
        first_uuid = k.rows("SELECT uuid FROM responses WHERE seq = 4")[0][0]
        check(k.rows("SELECT supersedes_uuid FROM responses WHERE seq = 5") == [(first_uuid,)],
              "the second rating names the one it supersedes (both kept)")
        scan("???")
        time.sleep(0.3)
        shot("idle-bad-scan")
        k.tap_and_wait("answer:satisfied", None)
        bad = []
        for _ in range(100):  # the tap's commit may land a moment after the screen changed
            bad = k.rows("SELECT dossier_code FROM responses WHERE seq = 6")
            if bad:
                break
            time.sleep(0.05)
        check(bad == [("",)], f"a bad scan links nothing: {bad}")
        k.tap_and_wait("thanks.done", "idle")

        # Staff: the key combination, the factory PIN changed at first use, the menu.
        time.sleep(0.5)
        subprocess.run(["xdotool", "key", "ctrl+alt+s"], env=k.env, check=True)
        check(k.wait_screen("staff:pin") is not None, "Ctrl+Alt+S opens the staff PIN pad")
        shot("staff-pin")
        def type_pin(pin):
            for d in pin:
                k.tap("key:" + d)
                time.sleep(0.05)
        type_pin("000000")
        check(k.tap_and_wait("staff.ok", "staff:new_pin") is not None, "the factory PIN must be changed first")
        shot("staff-new_pin")
        type_pin("482916")
        k.tap_and_wait("staff.ok", "staff:confirm_pin")
        type_pin("482916")
        check(k.tap_and_wait("staff.ok", "staff:menu") is not None, "the new PIN opens the staff menu")
        shot("staff-menu")
        k.tap_and_wait("staff.officers", "staff:officers")
        shot("staff-officers")
        k.tap_and_wait("staff.back", "staff:menu")
        k.tap_and_wait("staff.dossier", "staff:dossier")
        shot("staff-dossier")
        k.tap_and_wait("staff.cancel", "staff:menu")

        # Export by touch to the kiosk's folder (no USB drive under Xvfb), then check the files.
        check(k.tap_and_wait("staff.export", "staff:export") is not None, "'Xuất dữ liệu' opens the export screen")
        shot("staff-export")
        exports = os.path.join(data, "exports")
        target = "export:" + exports
        ended = k.rows("SELECT count(*) FROM responses WHERE end_reason <> 'in_progress'")[0][0]
        done = k.tap_and_wait(target, "staff:export_done")
        check(done is not None, "tapping the folder exports and shows the summary")
        shot("staff-export_done")
        batches = sorted(f for f in os.listdir(exports) if f.endswith(".hlbatch")) if os.path.isdir(exports) else []
        check(len(batches) == 1, f"one batch file written: {batches}")
        if batches and HAILONG:
            v = subprocess.run([HAILONG, "verify", os.path.join(exports, batches[0])], capture_output=True, text=True)
            check(v.returncode == 0 and f"batch 1: {ended} responses" in v.stdout,
                  f"hailong verify accepts it with the {ended} ended responses: {v.stdout.strip()[:300]}")
            with open(os.path.join(exports, batches[0][:-len(".hlbatch")] + ".csv"), encoding="utf-8-sig", newline="") as f:
                csv_rows = list(csv.reader(f))
            check(len(csv_rows) == ended + 1 and csv_rows[0][0] == "Số thứ tự",
                  f"the CSV beside it has a header and {ended} rows (read with Python's csv module)")
            db_rows = [(str(seq), uuid) for seq, uuid in
                       k.rows("SELECT seq, uuid FROM responses WHERE end_reason <> 'in_progress' ORDER BY seq")]
            check([(r[0], r[1]) for r in csv_rows[1:]] == db_rows, "the CSV rows are the database's responses, in order")
            try:
                import openpyxl
                book = openpyxl.load_workbook(os.path.join(exports, batches[0][:-len(".hlbatch")] + ".xlsx"), read_only=True)
                sheet = book[book.sheetnames[1]]
                xlsx_rows = [(str(r[0]), r[1]) for r in list(sheet.iter_rows(values_only=True))[1:]]
                check(book.sheetnames[0] == "Tổng hợp" and xlsx_rows == db_rows,
                      "the workbook opens (openpyxl): a summary sheet, then the database's responses")
            except ImportError:
                print("  (openpyxl missing: the workbook was not opened)")
        check(k.rows("SELECT number, seq_first, seq_last FROM batches") == [(1, 1, ended)],
              "the batch is marked exported in the database")
        k.tap_and_wait("staff.done", "staff:menu")
        events = [e for (e,) in k.rows("SELECT event FROM audit_log ORDER BY id")]
        check(events[:1] == ["kiosk_start"] and "staff_sign_in" in events and "pin_changed" in events,
              f"the audit log records the start, the sign-in and the PIN change: {events}")

        if quit_from_menu:
            k.tap("staff.quit")  # asks first
            time.sleep(0.5)
            check(k.proc.poll() is None, "one tap on 'Tắt kiosk' only asks")
            t0 = time.time()
            k.tap("staff.quit")
            rc = k.proc.wait(timeout=10)
            dt = time.time() - t0
            check(rc == 0, f"'Tắt kiosk' in the staff menu stops the kiosk in {dt * 1000:.0f} ms (rc {rc})")
            check(k.rows("SELECT event, detail FROM audit_log ORDER BY id DESC LIMIT 1") == [("kiosk_quit", "staff menu")],
                  "the quit is in the audit log")
        else:
            k.tap_and_wait("staff.close", "idle")
            k.tap_and_wait("answer:very_satisfied", None)  # citizen 7 is still answering when the kiosk stops
            # SIGTERM: clean exit within a second, nothing lost.
            t0 = time.time()
            k.proc.send_signal(signal.SIGTERM)
            rc = k.proc.wait(timeout=10)
            dt = time.time() - t0
            check(rc == 0 and dt < 1.0, f"SIGTERM stops the kiosk cleanly in {dt * 1000:.0f} ms (rc {rc})")
            check(k.rows("SELECT seq, end_reason FROM responses WHERE seq = 7") == [(7, "interrupted")],
                  "the response open at the stop is kept, marked interrupted")
        rows = k.rows("SELECT seq, end_reason FROM responses WHERE seq <= 6 ORDER BY seq")
        check(rows == [(1, "completed"), (2, "timeout"), (3, "completed"), (4, "completed"), (5, "completed"),
                       (6, "completed")],
              f"after the stop: {rows}")
        check(k.rows("PRAGMA integrity_check") == [("ok",)], "integrity_check says ok")
        logs = ""
        for root, _, files in os.walk(os.path.join(data, "logs")):
            for f in files:
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    logs += fh.read()
        check(logs and expected not in logs and "HS-000123" not in logs,
              "the log has lines, and neither the comment nor a dossier code")
    finally:
        if k.proc.poll() is None:
            k.proc.kill()
            k.proc.wait()
        err = k.proc.stderr.read()
        if err.strip():
            print("  kiosk stderr:", err.strip()[:2000])
        xvfb.close()
        shutil.rmtree(data, ignore_errors=True)


def walkaways(exe):
    """A citizen walks away from each kind of screen; the next citizen taps a face. Every time
    there must be two responses, each with its own answers: the new tap never lands in the
    previous citizen's response. The kiosk runs with --followup-timeout 4 and --idle-timeout 6
    (a comment being typed waits 12 s)."""
    print("== walk-aways: the next citizen's tap is a new response", flush=True)
    xvfb = Xvfb(1366, 768)
    data = tempfile.mkdtemp(prefix="hailong-e2e-")
    k = Kiosk(exe, xvfb.display, data, ["--windowed", "--size", "1366x768"])

    def response(seq):
        rows = k.rows("SELECT end_reason, comment FROM responses WHERE seq=?", (seq,))
        return (rows[0] if rows else None), k.answers(seq)

    def walk_away(what, seq, expect_end, expect_answers, expect_comment=""):
        t0 = time.time()
        back = k.wait_screen("idle", timeout=20)
        dt = time.time() - t0
        check(back is not None, f"{what}: left alone, the faces are back after {dt:.1f} s")
        nxt = seq + 1
        time.sleep(0.5)
        k.tap("answer:satisfied")
        check(poll(lambda: k.answers(nxt).get("overall") == ["satisfied"]),
              f"{what}: the next citizen's face is a new response (seq {nxt})")
        end, answers = response(seq)
        check(end == (expect_end, expect_comment) and answers == expect_answers,
              f"{what}: the previous response kept its own answers: {end} {answers}")
        k.wait_screen(None)
        return nxt

    try:
        k.wait_screen("idle", timeout=20)
        time.sleep(0.5)
        # 1. The thank-you with its offer.
        k.tap_and_wait("answer:very_satisfied", "thanks")
        seq = walk_away("the thank-you", 1, "completed", {"overall": ["very_satisfied"]})
        # 2. The reasons (the new citizen chose "satisfied": the thank-you; then a not satisfied one).
        k.tap_and_wait("thanks.done", "idle")
        seq += 1
        k.tap_and_wait("answer:not_satisfied", "question:reasons")
        k.tap_and_wait("toggle:officer_attitude", "question:reasons")
        seq = walk_away("the reasons", seq, "timeout", {"overall": ["not_satisfied"], "reasons": ["officer_attitude"]})
        # 3. A further question, after taking the offer.
        k.wait_screen("thanks")
        k.tap_and_wait("thanks.more", "question:times_came_back")
        k.tap_and_wait("answer:once", "question:agencies_contacted")
        seq = walk_away("a further question", seq, "timeout", {"overall": ["satisfied"], "times_came_back": ["once"]})
        # 4. The faces within a response (after Quay lại), with the kiosk stalled past the timeout
        #    while the next citizen taps where that screen had its face: the tap must not change
        #    the old vote (the timers are applied before the tap).
        k.wait_screen("thanks")
        k.tap_and_wait("thanks.more", "question:times_came_back")
        main = k.tap_and_wait("nav.back", "main")
        face = next(it for it in main["items"] if it["id"] == "answer:not_satisfied")
        k.proc.send_signal(signal.SIGSTOP)
        time.sleep(5)
        x, y = face["x"] + face["w"] // 2, face["y"] + face["h"] // 2
        subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], env=k.env, check=True)
        k.proc.send_signal(signal.SIGCONT)
        time.sleep(1.5)
        end, answers = response(seq)
        check(end == ("timeout", "") and answers == {"overall": ["satisfied"]},
              f"the faces within a response, tapped after the gap: the old vote stays: {end} {answers}")
        late = k.answers(seq + 1)
        check(late.get("overall") in (None, ["not_satisfied"]),
              f"and the late tap is at most a new response of its own: {late}")
        if late:
            seq += 1
        k.wait_screen("idle", timeout=20)
        time.sleep(0.5)
        k.tap("answer:satisfied")
        seq += 1
        poll(lambda: k.answers(seq).get("overall") == ["satisfied"])
        # 5. An empty comment screen, after the other reason (the citizen on screen is "satisfied":
        #    take the offer up to the comment instead).
        k.wait_screen("thanks")
        k.tap_and_wait("thanks.done", "idle")
        k.tap_and_wait("answer:not_satisfied", "question:reasons")
        seq += 1
        k.tap_and_wait("toggle:other", "question:reasons")
        k.tap_and_wait("nav.next", "comment")
        seq = walk_away("an empty comment", seq, "timeout", {"overall": ["not_satisfied"], "reasons": ["other"]})
        # 6. A comment being typed: kept, after the longer wait.
        k.wait_screen("thanks")
        k.tap_and_wait("thanks.more", "question:times_came_back")
        while k.screen["screen"].startswith("question:"):
            k.tap_and_wait("nav.skip", None)
            time.sleep(0.2)
            k.latest()
        check(k.screen["screen"] == "comment", "past the questions to the comment")
        time.sleep(0.5)
        k.type_by_taps("Nhanh")
        seq = walk_away("a comment being typed", seq, "timeout", {"overall": ["satisfied"]}, "Nhanh")
        total = k.rows("SELECT COUNT(*) FROM responses")[0][0]
        check(total == seq, f"one response a citizen: {total}")
    finally:
        k.proc.kill()
        k.proc.wait()
        xvfb.close()
        shutil.rmtree(data, ignore_errors=True)


def stalled(exe):
    """Taps faster than frames: the kiosk is stopped (SIGSTOP, as a frame that takes long on a
    slow PC) while a finger taps 0 six times on the PIN pad, then goes on. Every tap must count:
    the factory PIN is accepted and asks for a new one."""
    print("== six taps while the kiosk is stalled", flush=True)
    xvfb = Xvfb(1366, 768)
    data = tempfile.mkdtemp(prefix="hailong-e2e-")
    k = Kiosk(exe, xvfb.display, data, ["--windowed", "--size", "1366x768"])
    try:
        k.wait_screen("idle")
        time.sleep(0.5)
        subprocess.run(["xdotool", "key", "ctrl+alt+s"], env=k.env, check=True)
        pad = k.wait_screen("staff:pin")
        time.sleep(0.5)
        zero = next(it for it in pad["items"] if it["id"] == "key:0")
        x, y = zero["x"] + zero["w"] // 2, zero["y"] + zero["h"] // 2
        k.proc.send_signal(signal.SIGSTOP)
        for _ in range(6):  # a quick finger: 60 ms down, 120 ms between taps
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "mousedown", "1", "sleep", "0.06",
                            "mouseup", "1", "sleep", "0.12"], env=k.env, check=True)
        k.proc.send_signal(signal.SIGCONT)
        time.sleep(1)
        check(k.tap_and_wait("staff.ok", "staff:new_pin") is not None,
              "six taps on 0 made while the kiosk was stalled all count: 000000 is taken")
    finally:
        k.proc.kill()
        k.proc.wait()
        xvfb.close()
        shutil.rmtree(data, ignore_errors=True)


def rotated(exe, shots):
    """A landscape panel (1920x1080) mounted as a portrait kiosk: --rotate left. The trace gives
    the faces in window pixels, and a tap there (xdotool, as the touch screen) votes."""
    print("== kiosk on a 1920x1080 panel mounted sideways (--rotate left)", flush=True)
    os.makedirs(shots, exist_ok=True)
    xvfb = Xvfb(1920, 1080)
    data = tempfile.mkdtemp(prefix="hailong-e2e-")
    k = Kiosk(exe, xvfb.display, data, ["--rotate", "left"])
    try:
        idle = k.wait_screen("idle")
        check(idle is not None, "the kiosk starts with the panel turned")
        items = {it["id"]: it for it in idle["items"]}
        inside = all(it["x"] >= 0 and it["y"] >= 0 and it["x"] + it["w"] <= 1920 and it["y"] + it["h"] <= 1080
                     for it in idle["items"])
        faces = [items[f"answer:{f}"] for f in ("very_satisfied", "satisfied", "not_satisfied")]
        # Stacked top to bottom on the portrait screen, whose top is at the panel's left edge.
        check(inside and faces[0]["x"] < faces[1]["x"] < faces[2]["x"],
              f"every item lies in the window, the faces in reading order from the panel's left: "
              f"{[(f['x'], f['y'], f['w'], f['h']) for f in faces]}")
        k.screenshot(os.path.join(shots, "idle-rotated-left.png"))
        time.sleep(0.5)
        k.tap("answer:satisfied")
        after = k.wait_screen(None)
        stored = poll(lambda: k.answers(1))
        check(list(stored.values())[:1] == [["satisfied"]],
              f"a tap where the trace puts Hài lòng stores Hài lòng (next screen {after['screen'] if after else None})")
    finally:
        k.proc.kill()
        k.proc.wait()
        xvfb.close()
        shutil.rmtree(data, ignore_errors=True)


def scan_keys(env, code):
    """A barcode scanner: the code and its Enter as one burst of key events from one xdotool
    (two processes could start further apart than the 60 ms a scan's Enter may follow its last
    character by on a busy machine, and the code would then count as typed by a person)."""
    names = {"-": "minus", ".": "period", "/": "slash", " ": "space", "?": "question"}
    subprocess.run(["xdotool", "key", "--delay", "5"] + [names.get(c, c) for c in code] + ["Return"],
                   env=env, check=True)


def screenshots(exe, width, height, out):
    xvfb = Xvfb(max(width, height), max(width, height))
    try:
        for lang in ("vi", "en"):
            r = subprocess.run([exe, "--screenshot", out, "--screen", "all", "--size", f"{width}x{height}",
                                "--lang", lang], env=dict(os.environ, DISPLAY=xvfb.display),
                               capture_output=True, text=True, timeout=120)
            files = r.stdout.split()
            check(r.returncode == 0 and len(files) >= 9 and all(os.path.getsize(f) > 10000 for f in files),
                  f"--screenshot all renders {len(files)} screens at {width}x{height} in {lang}")
    finally:
        xvfb.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiosk", required=True)
    ap.add_argument("--screenshots", required=True)
    ap.add_argument("--hailong", default="", help="the hailong command, to verify the exported batch")
    args = ap.parse_args()
    global HAILONG
    HAILONG = args.hailong
    scenario(args.kiosk, 1366, 768, True, os.path.join(args.screenshots, "e2e-1366x768"), False, True)
    scenario(args.kiosk, 1080, 1920, False, os.path.join(args.screenshots, "e2e-1080x1920-fullscreen"), True, False)
    rotated(args.kiosk, os.path.join(args.screenshots, "e2e-1920x1080-rotated"))
    walkaways(args.kiosk)
    stalled(args.kiosk)
    for w, h in ((1366, 768), (1080, 1920)):
        screenshots(args.kiosk, w, h, os.path.join(args.screenshots, f"screens-{w}x{h}"))
    print(f"screenshots in {args.screenshots}")
    print(f"{CHECKS['passed']} passed, {CHECKS['failed']} failed")
    return 0 if CHECKS["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
