#!/usr/bin/env python3
"""`hailong hq units` as an analyst uses it (issue 16): a ministry's registry file refused with
the file, line and reason and nothing applied; the same file fixed, imported; the tree; the
check; a report by province on the imported registry. Exit 0 if all holds, 1 with the problems.

    check_units_command.py --hailong build/app/hailong
"""
import argparse
import os
import subprocess
import sys
import tempfile

HEAD = "code,name_vi,name_en,level,parent,valid_from,valid_to,successor\n"
GOOD = HEAD + (
    "CAT-26,Công an tỉnh Vĩnh Phúc,Vinh Phuc Provincial Police,province,26,,2025-06-30,CAT-25\n"
    "CAT-25,Công an tỉnh Phú Thọ,Phu Tho Provincial Police,province,25,,2025-06-30,CAT-25\n"
    "CAT-25,Công an tỉnh Phú Thọ,Phu Tho Provincial Police,province,25,2025-07-01,,\n"
    "CAH-VY,Công an thành phố Vĩnh Yên,Vinh Yen City Police,district,CAT-26,,2025-02-28,CAT-26\n"
    "CAX-01,Công an phường Vĩnh Phúc,Vinh Phuc Ward Police,commune,CAT-25,2025-07-01,,\n")
BAD = GOOD + "CAX-02,Công an xã lỗi,,commune,CAT-99,2025-07-01,,\n"

problems = []


def run(hailong, *args, want):
    p = subprocess.run([hailong, *args], capture_output=True, text=True, timeout=60)
    if p.returncode != want:
        problems.append(f"`hailong {' '.join(args)}` exited {p.returncode}, not {want}:\n{p.stdout}{p.stderr}")
    return p.stdout, p.stderr


def expect(text, part, what):
    if part not in text:
        problems.append(f"{what}: {part!r} not in:\n{text}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="hailong-units-") as d:
        db = os.path.join(d, "hq.db")
        bad, good = os.path.join(d, "bad.csv"), os.path.join(d, "units.csv")
        with open(bad, "w", encoding="utf-8-sig") as f:  # as Excel saves it: with a BOM
            f.write(BAD)
        with open(good, "w", encoding="utf-8") as f:
            f.write(GOOD)

        out, err = run(a.hailong, "hq", "units", "import", "--db", db, bad, want=1)
        expect(err, 'REFUSED bad.csv:7: unknown parent "CAT-99" of unit "CAX-02"', "refused file")
        expect(err, "nothing of " + bad + " was applied", "refused file")
        out, _ = run(a.hailong, "hq", "units", "--db", db, "--under", "25", want=0)
        if "CAX-01" in out:
            problems.append("a unit of the refused file is in the registry:\n" + out)

        out, _ = run(a.hailong, "hq", "units", "import", "--db", db, good, want=0)
        expect(out, "imported 5 rows from " + good + ": 4 new unit code(s), 0 replaced", "import")
        out, _ = run(a.hailong, "hq", "units", "--db", db, "--as-of", "2026-12-06", "--under", "25", want=0)
        expect(out, "25  Tỉnh Phú Thọ  [province]", "tree")
        expect(out, "formerly / trước đây: 17 Tỉnh Hòa Bình (–2025-06-30), 25 Tỉnh Phú Thọ (–2025-06-30), "
                    "26 Tỉnh Vĩnh Phúc (–2025-06-30)", "tree")
        expect(out, "  CAT-25  Công an tỉnh Phú Thọ  [province]", "tree")
        expect(out, "    CAX-01  Công an phường Vĩnh Phúc  [commune]", "tree")
        out, _ = run(a.hailong, "hq", "units", "check", "--db", db, want=0)
        expect(out, "nothing to note", "check")
        out, _ = run(a.hailong, "hq", "report", "--db", db, "--by", "province", "--as-of", "today", want=0)
        expect(out, "Headline (event-based, misuse excluded): 0.00% hài lòng", "report")
        _, err = run(a.hailong, "hq", "report", "--db", db, "--under", "NOPE", want=1)
        expect(err, "--under NOPE: no such unit in the registry", "report --under")
        _, err = run(a.hailong, "hq", "report", "--db", db, "--as-of", "31/12/2026", want=1)
        expect(err, "--as-of must be a date like 2026-12-31 or today", "report --as-of")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"hailong hq units: {'all checks passed' if not problems else str(len(problems)) + ' problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
