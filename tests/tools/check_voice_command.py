#!/usr/bin/env python3
"""`hailong voice prompts` and `hailong voice check` (issue 20): the list a unit records from,
and what a pack folder holds. Recordings are made with sox, as a unit's would be converted."""
import argparse
import os
import subprocess
import sys
import tempfile

FAILED = []


def check(cond, what):
    print(("  ok: " if cond else "  FAILED: ") + what)
    if not cond:
        FAILED.append(what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    ap.add_argument("--questionnaire", required=True)
    a = ap.parse_args()
    run = lambda *args: subprocess.run([a.hailong, "voice", *args], capture_output=True, text=True, timeout=60)

    p = run("prompts")
    rows = [line.split("\t") for line in p.stdout.splitlines()]
    check(p.returncode == 0 and rows[0] == ["id", "vi", "en"], "prompts: a header, then id, Vietnamese, English")
    ids = [r[0] for r in rows[1:]]
    check(len(ids) >= 60 and all(len(r) == 3 and r[1] and r[2] for r in rows[1:]),
          f"{len(ids)} fixed prompts, each with both texts")
    check("idle.prompt" in ids and "number.20" in ids and "sound.confirm" in ids, "screens, numbers and sounds")
    check(not any(ch.isdigit() for r in rows[1:] if r[0].startswith(("idle", "thanks", "speech")) for ch in r[1]),
          "the texts to read have no digits (numbers are words)")
    q = run("prompts", "--questionnaire", a.questionnaire)
    check("q.overall.very_satisfied\tRất hài lòng\tVery satisfied" in q.stdout, "a questionnaire's own texts come too")

    with tempfile.TemporaryDirectory() as d:
        empty = run("check", os.path.join(d, "none"))
        check(empty.returncode == 0 and f"vi: 0 of {len(ids)} prompts recorded" in empty.stdout,
              "a folder that does not exist: nothing recorded")
        os.makedirs(os.path.join(d, "vi"))
        subprocess.run(["sox", "-n", "-r", "48000", "-c", "2", os.path.join(d, "vi", "idle.prompt.wav"),
                        "synth", "1.5", "sine", "330"], check=True)
        good = run("check", d)
        check(good.returncode == 0 and f"vi: 1 of {len(ids)} prompts recorded" in good.stdout
              and "idle.prompt" not in good.stdout.split("vi:")[1].split("\n")[0],
              "a recording counts, and is not listed as spoken by espeak-ng")
        with open(os.path.join(d, "vi", "nav.back.wav"), "w") as f:
            f.write("not audio")
        bad = run("check", d)
        check(bad.returncode == 1 and "unreadable:" in bad.stdout and "nav.back.wav" in bad.stdout,
              f"a file that is not audio is named, exit 1: {bad.stdout.splitlines()[:1]}")

    print(f"{'FAILED' if FAILED else 'all passed'}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
