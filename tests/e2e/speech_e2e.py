#!/usr/bin/env python3
"""Speech mode end to end (issue 20): the real hailong-kiosk under Xvfb, its sound going to a
WAV file through ALSA's own file device, driven by xdotool at the rectangles of --trace-ui.

1. A citizen taps Listen, then answers a whole response in speech mode: every item is touched
   twice (the first touch speaks it and changes nothing in the database; the second chooses),
   through the reasons, the thank-you's offer, a further question and "send and finish".
2. The prompts the kiosk spoke, read from its trace, come in the expected order; the vote is
   assisted, never flagged; speech mode ends with the response (the next idle screen has the
   Listen button again and says nothing).
3. The WAV file holds speech (sox: long and loud enough).
4. With a sound device that does not exist, Listen changes nothing but the notice: one tap
   votes, nothing is spoken.
Exit code 0 when every check passed.
"""
import argparse
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kiosk_e2e import CHECKS, Kiosk, Xvfb, check, poll  # noqa: E402  (the shared driver)

SIZE = (1366, 768)


def spoken(k, timeout=3.0, settle=0.6):
    """Every cue the kiosk handed its Speaker since the last call: lists of prompt ids."""
    out = []
    end = time.time() + timeout
    while time.time() < end:
        try:
            out.append(json.loads(k.spoken.get(timeout=settle))["speech"])
        except queue.Empty:
            if out:
                break
    return out


def touch(k, item_id, pause=0.5):
    """One touch as a finger makes it, after a pause long enough to hear something."""
    time.sleep(pause)
    k.tap(item_id)


def responses(k):
    return k.rows("SELECT seq, end_reason, misuse_flags FROM responses ORDER BY seq")


class Ear:
    """What the kiosk said: all of it in order, and what came since the last look."""

    def __init__(self, k):
        self.k = k
        self.all = []

    def new(self, timeout=3.0):
        cues = spoken(self.k, timeout)
        self.all += cues
        return cues

    def touch(self, item_id):
        touch(self.k, item_id)
        return self.new()

    def choose(self, item_id, screen=None):
        """Two touches on an item: the first speaks it, the second chooses it. Returns what was
        said after the second (with `screen`: once that screen is on show)."""
        self.touch(item_id)
        touch(self.k, item_id)
        if screen:
            check(self.k.wait_screen(screen) is not None, f"{item_id}, touched twice: {screen}")
        return self.new()


def speech_mode(a, d, shots):
    print("== a whole response in speech mode", flush=True)
    xvfb = Xvfb(*SIZE)
    wav = os.path.join(d, "sound.wav")
    k = Kiosk(a.kiosk, xvfb.display, os.path.join(d, "data"),
              ["--windowed", "--size", f"{SIZE[0]}x{SIZE[1]}", "--audio-device", f"file:'{wav}',wav"])
    ear = Ear(k)
    try:
        if not check(k.wait_screen("idle", timeout=20) is not None, "the kiosk shows the idle screen"):
            return
        check(k.item("speech.listen")["label"] == "Nghe hướng dẫn", "the idle screen has the Listen button")
        cues = ear.touch("speech.listen")
        check(cues and cues[0][0] == "speech.on" and "idle.prompt" in cues[0],
              f"Listen turns speech mode on, and the idle screen is spoken: {cues}")
        check(poll(lambda: k.item("speech.louder") is not None), "Listen became Louder")
        k.screenshot(os.path.join(shots, "01-idle-speech.png"))

        cues = ear.touch("answer:not_satisfied")
        check(cues == [["q.overall.not_satisfied"]], f"the first touch of a face speaks it: {cues}")
        check(responses(k) == [], "... and stores nothing")
        k.screenshot(os.path.join(shots, "02-face-found.png"))
        touch(k, "answer:not_satisfied")
        check(k.wait_screen("question:reasons") is not None, "the second touch votes: the reasons")
        cues = ear.new()
        check(cues[:1] == [["sound.confirm", "speech.chosen", "q.overall.not_satisfied"]],
              f"the vote is confirmed by voice: {cues[:1]}")
        check(len(cues) == 2 and "q.reasons" in cues[1] and "question.multi_hint" in cues[1],
              f"... then the reasons' question is spoken: {cues[1:]}")
        check(poll(lambda: [r[:2] for r in responses(k)] == [(1, "in_progress")]), "the vote is stored")

        cues = ear.touch("toggle:officer_attitude")
        check(cues == [["q.reasons.officer_attitude", "speech.not_ticked"]], f"a reason is spoken with its state: {cues}")
        touch(k, "toggle:officer_attitude")
        cues = ear.new()
        check(cues == [["sound.confirm", "q.reasons.officer_attitude", "speech.ticked"]], f"ticked: {cues}")
        check(poll(lambda: k.answers(1).get("reasons") == ["officer_attitude"]), "the ticked reason is stored")
        k.screenshot(os.path.join(shots, "03-reasons.png"))

        cues = ear.choose("nav.next", "thanks")
        check(cues and cues[-1][:2] == ["thanks.title", "thanks.body"] and "speech.more" in cues[-1],
              f"the thank-you and its offer are spoken: {cues}")
        cues = ear.choose("thanks.more", "question:times_came_back")
        check(cues and cues[-1][:5] == ["speech.question", "number.1", "speech.of", "number.5", "q.times_came_back"],
              f"its position is said in words, then its question: {cues}")
        k.screenshot(os.path.join(shots, "04-further-question.png"))
        ear.choose("answer:none", "question:agencies_contacted")
        check(poll(lambda: k.answers(1).get("times_came_back") == ["none"]), "the answer is stored")
        cues = ear.choose("nav.finish", "thanks")
        check(cues[-1:] == [["thanks.title", "thanks.body", "thanks.hint"]], f"the last thank-you is spoken: {cues}")
        check(poll(lambda: [r[:2] for r in responses(k)] == [(1, "skipped")], timeout=3),
              f"the response ends as finished early: {responses(k)}")
        check(k.wait_screen("idle", timeout=15) is not None, "the thank-you returns to the idle screen")
        check(poll(lambda: k.item("speech.listen") is not None), "speech mode ended with the response: Listen again")
        check(spoken(k, timeout=1.5) == [], "the next citizen's idle screen is not spoken")
        check(responses(k)[0][2] == 0, "the assisted vote carries no misuse flag")

        print("  spoken, in order:")
        for cue in ear.all:
            print("    " + " ".join(cue))
    finally:
        k.proc.terminate()
        k.proc.wait(timeout=10)
        xvfb.close()

    # What went to the sound device: speech, not silence.
    stat = subprocess.run(["sox", wav, "-n", "stat"], capture_output=True, text=True).stderr
    length = float(re.search(r"Length \(seconds\):\s+([\d.]+)", stat).group(1))
    rms = float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", stat).group(1))
    check(length > 20 and rms > 0.01, f"the WAV file holds the speech: {length:.1f} s, RMS amplitude {rms:.3f}")


def no_sound_device(a, d):
    print("== a kiosk with no sound device", flush=True)
    xvfb = Xvfb(*SIZE)
    k = Kiosk(a.kiosk, xvfb.display, os.path.join(d, "data-mute"),
              ["--windowed", "--size", f"{SIZE[0]}x{SIZE[1]}", "--audio-device", "hw:97,0"])
    try:
        if not check(k.wait_screen("idle", timeout=20) is not None, "the kiosk starts without a sound device"):
            return
        touch(k, "speech.listen")
        time.sleep(0.5)
        check(k.item("speech.listen") is not None, "Listen does not turn speech mode on (its notice shows)")
        check(spoken(k, timeout=1.0) == [], "nothing is handed to the Speaker")
        check(k.tap_and_wait("answer:satisfied", "thanks") is not None, "one tap still votes")
        check(poll(lambda: len(responses(k)) == 1), "... and the vote is stored")
    finally:
        k.proc.terminate()
        k.proc.wait(timeout=10)
        xvfb.close()
    log = open(os.path.join(d, "data-mute", "logs", "kiosk.log"), encoding="utf-8").read()
    check("sound: sound device:" in log, "the log says why there is no sound")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiosk", required=True)
    ap.add_argument("--screenshots", required=True)
    a = ap.parse_args()
    t0 = time.time()
    shots = os.path.join(a.screenshots, "speech-1366x768")
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    d = tempfile.mkdtemp(prefix="hailong-speech-")
    try:
        speech_mode(a, d, shots)
        no_sound_device(a, d)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    print(f"screenshots in {shots}; {time.time() - t0:.1f} s")
    print(f"{CHECKS['passed']} passed, {CHECKS['failed']} failed")
    return 0 if CHECKS["failed"] == 0 and CHECKS["passed"] > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
