#!/usr/bin/env python3
"""Runs the real `hailong ime` over every row of the Telex example file and compares each line.

The file (tests/data/telex/telex-examples.tsv, a copy of shared/fixtures) is fed in one run per
mode: old style (the default) against the expected column, new style (--new-style) against the
`[new style: ...]` variant of the `style` rows and the expected column elsewhere. Also checks
--help, the exit code of a bad command line, VNI, and that each line is a session of its own.
"""
import argparse
import subprocess
import sys


def run(hailong, args, text):
    p = subprocess.run([hailong, "ime", *args], input=text.encode("utf-8"), capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def lines_of(hailong, args, inputs, failures):
    rc, out, err = run(hailong, args, "".join(i + "\n" for i in inputs))
    if rc != 0:
        failures.append(f"hailong ime {' '.join(args)}: exit {rc}: {err}")
        return [""] * len(inputs)
    got = out.split("\n")
    if got and got[-1] == "":
        got.pop()
    if len(got) != len(inputs):
        failures.append(f"hailong ime {' '.join(args)}: {len(inputs)} lines in, {len(got)} out")
        got += [""] * (len(inputs) - len(got))
    return got


def new_style_of(expected, note):
    marker = "[new style: "
    at = note.find(marker)
    if at < 0:
        return expected
    return note[at + len(marker):note.index("]", at)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    ap.add_argument("--examples", required=True)
    a = ap.parse_args()

    rows = []
    with open(a.examples, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if number == 1 or not line:
                continue
            cells = line.split("\t")
            rows.append((number, cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    failures = []
    if len(rows) < 60:
        failures.append(f"only {len(rows)} rows read from {a.examples}")

    inputs = [r[1] for r in rows]
    old = lines_of(a.hailong, [], inputs, failures)
    new = lines_of(a.hailong, ["--new-style"], inputs, failures)
    for (number, keys, expected, note), got_old, got_new in zip(rows, old, new):
        if got_old != expected:
            failures.append(f"line {number} {keys!r}: got {got_old!r}, expected {expected!r} ({note})")
        want_new = new_style_of(expected, note)
        if got_new != want_new:
            failures.append(f"line {number} {keys!r} --new-style: got {got_new!r}, expected {want_new!r} ({note})")

    # VNI (rules §7) and one session per line: a {BS} at a line's start deletes nothing before it.
    checks = [
        (["--vni"], ["Vie65t Nam", "duo7c95", "phong2 203", "hoa2"], ["Việt Nam", "được", "phòng 203", "hòa"]),
        (["--vni", "--new-style"], ["hoa2", "thuy3"], ["hoà", "thuỷ"]),
        ([], ["tooi", "{BS}a", "", "ab{BS}{BS}", "hoaf\r"], ["tôi", "a", "", "", "hòa"]),
    ]
    for args, ins, wants in checks:
        for keys, want, got in zip(ins, wants, lines_of(a.hailong, args, ins, failures)):
            if got != want:
                failures.append(f"hailong ime {' '.join(args)} {keys!r}: got {got!r}, expected {want!r}")

    rc, out, _ = run(a.hailong, ["--help"], "")
    if rc != 0 or "{BS}" not in out or "Example" not in out:
        failures.append(f"hailong ime --help: exit {rc}, the input syntax or the example missing:\n{out}")
    rc, _, _ = run(a.hailong, ["--telex-2"], "")
    if rc != 2:
        failures.append(f"hailong ime --telex-2 (unknown option): exit {rc}, expected 2")

    for f in failures:
        print("FAIL", f)
    print(f"{len(rows)} example rows, old and new style: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
