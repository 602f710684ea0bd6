#!/usr/bin/env python3
"""`hailong hq key` and `hailong hq package` as headquarters uses them (issue 19,
docs/package-format.md), on the demo's data imported into an SQLite store.

hq key: init makes the pair (folder 0700, file 0600) and prints the fingerprint; a second init is
refused and changes nothing; show prints the key file (the fingerprint on stderr) or writes it.
hq package: for a unit of the demo, with a questionnaire, settings, a message and the receipts of
the unit's kiosks; the file is read back by hand (zstd, BLAKE2b, Ed25519 with PyNaCl when it is
there) and its fields checked; serials count up; a bad input (hours, questionnaire, procedures)
is refused with the reason and nothing is written. rotate + --announce-key: signed by the
former key, carrying the new one.
Exit 0 if all holds, 1 with the problems.

    check_package_command.py --hailong build/app/hailong --questionnaire assets/questionnaires/default.toml
"""
import argparse
import hashlib
import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tempfile

problems = []


def run(cmd, want=0, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    if want is not None and p.returncode != want:
        problems.append(f"`{' '.join(cmd)}` exited {p.returncode}, not {want}:\n{p.stdout}{p.stderr}")
    return p.stdout, p.stderr


def expect(text, part, what):
    if part not in text:
        problems.append(f"{what}: {part!r} not in:\n{text}")


def fingerprint(sign, box):
    d = hashlib.blake2b(b"hailong-hq-key/1" + bytes.fromhex(sign) + bytes.fromhex(box), digest_size=32).digest()
    return " ".join("%05d" % int.from_bytes(d[i:i + 2], "big") for i in range(0, 16, 2))


def read_package(path):
    """The package's JSON object and its trailer, checked by hand as docs/package-format.md says."""
    data = open(path, "rb").read()
    content, trailer = data[:-249], data[-249:]
    if trailer[:8] != bytes.fromhex("502a4d18f1000000"):
        problems.append(f"{path}: no trailer")
        return None, None
    line = json.loads(trailer[8:].decode())
    digest = line["digest"].removeprefix("blake2b-256:")
    if hashlib.blake2b(content, digest_size=32).hexdigest() != digest:
        problems.append(f"{path}: the digest does not match")
    text = subprocess.run(["zstd", "-dc"], input=content, capture_output=True, check=True).stdout.decode()
    if text.count("\n") != 1 or not text.endswith("\n"):
        problems.append(f"{path}: not one line")
    package = json.loads(text)
    try:
        import nacl.signing
        nacl.signing.VerifyKey(bytes.fromhex(package["hq_key"])).verify(
            ("hailong-package/1 digest " + digest).encode(), bytes.fromhex(line["signature"].removeprefix("ed25519:")))
    except ImportError:
        pass
    except Exception as e:  # nacl.exceptions.BadSignatureError
        problems.append(f"{path}: the signature does not verify: {e}")
    return package, digest


def check(h, questionnaire, d):
    env = dict(os.environ, HAILONG_HQ_KEYS=os.path.join(d, "hq-keys"))
    keys = os.path.join(d, "hq-keys")
    out, _ = run([h, "hq", "key", "init", "--name", "Văn phòng Bộ Công an"], env=env)
    expect(out, "fingerprint (dấu vân tay): ", "key init")
    fp = re.search(r"dấu vân tay\): ((\d{5} ){7}\d{5})", out)
    if stat.S_IMODE(os.stat(keys).st_mode) != 0o700:
        problems.append("the key folder is not 0700")
    if stat.S_IMODE(os.stat(os.path.join(keys, "hq.secret")).st_mode) != 0o600:
        problems.append("hq.secret is not 0600")
    secret = open(os.path.join(keys, "hq.secret"), "rb").read()
    _, err = run([h, "hq", "key", "init", "--keys", keys], want=1)
    expect(err, "already holds a headquarters key", "a second init")
    if open(os.path.join(keys, "hq.secret"), "rb").read() != secret:
        problems.append("a second init changed the secret key")

    shown, err = run([h, "hq", "key", "show"], env=env)
    key = json.loads(shown)
    expect(err, "fingerprint (dấu vân tay): ", "key show")
    if key.get("format") != "hailong-hq-key/1" or key.get("name") != "Văn phòng Bộ Công an":
        problems.append(f"key show: {key}")
    if key.get("fingerprint") != fingerprint(key["sign_key"], key["box_key"]):
        problems.append(f"key show: the fingerprint is not that of docs/package-format.md: {key}")
    if not fp or fp.group(1) != key["fingerprint"]:
        problems.append(f"key init printed another fingerprint than the file's: {out}")
    out, _ = run([h, "hq", "key", "show", "--keys", keys, "--out", os.path.join(d, "hq-key.json")])
    expect(out, key["fingerprint"], "key show --out")
    if json.load(open(os.path.join(d, "hq-key.json"))) != key:
        problems.append("key show --out wrote another file")

    # The demo imported, as a new headquarters does.
    demo = os.path.join(d, "demo")
    db = os.path.join(d, "hq.db")
    run([h, "demo", "--out", demo])
    key_files = [os.path.join(demo, "keys", f) for f in sorted(os.listdir(os.path.join(demo, "keys")))]
    run([h, "hq", "trust", "--db", db] + key_files)
    run([h, "hq", "units", "import", "--db", db, os.path.join(demo, "units.csv")])
    run([h, "hq", "import", "--db", db, os.path.join(demo, "batches")], want=None)  # the demo's troubles exit 1
    con = sqlite3.connect(db)
    unit, count = con.execute("SELECT unit_code, count(*) FROM kiosks GROUP BY unit_code ORDER BY 2 DESC, 1 "
                              "LIMIT 1").fetchone()
    kiosks = sorted(k for (k,) in con.execute("SELECT kiosk_id FROM kiosks WHERE unit_code = ?", (unit,)))
    con.close()

    pkgs = os.path.join(d, "packages")
    out, _ = run([h, "hq", "package", "--db", db, "--for", unit, "--out", pkgs, "--questionnaire", questionnaire,
                  "--unit-name", "Đơn vị thử", "--hours", "07:00-17:30", "--days", "0111110",
                  "--counter", f"{kiosks[0]}=Quầy số 1", "--message-vi", "Xin chào", "--message-en", "Hello"], env=env)
    expect(out, "serial (số thứ tự): 1", "package")
    files = os.listdir(pkgs)
    name = f"hailong-pkg-{unit}-000001.hlpack"
    if files != [name]:
        problems.append(f"package: the folder holds {files}, not {name}")
        return
    package, digest = read_package(os.path.join(pkgs, name))
    if package:
        if package["for"] != {"unit": unit} or package["serial"] != 1 or package["hq_key"] != key["sign_key"]:
            problems.append(f"package: {package['for']}, serial {package['serial']}")
        if sorted(r["kiosk_id"] for r in package["receipts"]) != kiosks:
            problems.append(f"package: the receipts are not those of the {count} kiosks of {unit}: "
                            f"{package['receipts']}")
        if any(r["up_to"] < 1 for r in package["receipts"]):
            problems.append(f"package: a kiosk of the demo with no batch acknowledged: {package['receipts']}")
        s = package.get("settings", {})
        if s.get("hours") != {"open": "07:00", "close": "17:30", "days": "0111110"} or \
                s.get("counters") != {kiosks[0]: "Quầy số 1"} or s.get("unit_name") != "Đơn vị thử":
            problems.append(f"package: settings {s}")
        if package.get("message") != {"vi": "Xin chào", "en": "Hello"}:
            problems.append(f"package: message {package.get('message')}")
        if package["questionnaire"]["source"] != open(questionnaire, encoding="utf-8").read():
            problems.append("package: the questionnaire's source differs from the file")
    print(out, end="")

    # Refused, naming the reason; nothing written.
    _, err = run([h, "hq", "package", "--db", db, "--for", unit, "--out", pkgs, "--hours", "17:00-07:00"],
                 env=env, want=1)
    expect(err, "must be earlier than the closing time", "hours backwards")
    expect(err, "nothing was written", "hours backwards")
    bad_q = os.path.join(d, "bad.toml")
    open(bad_q, "w").write('format = "hailong-questionnaire/1"\nid = "x"\nversion = "one"\n')
    _, err = run([h, "hq", "package", "--db", db, "--for", unit, "--out", pkgs, "--questionnaire", bad_q],
                 env=env, want=1)
    expect(err, "bad.toml:", "a bad questionnaire names its file")
    bad_csv = os.path.join(d, "procedures.csv")
    open(bad_csv, "w").write("code,name_vi,name_en\nCCCD,Cấp căn cước,Identity card\nbad code,Tên,Name\n")
    _, err = run([h, "hq", "package", "--db", db, "--for", unit, "--out", pkgs, "--procedures", bad_csv],
                 env=env, want=1)
    expect(err, "procedures.csv:3:", "a bad procedure names its line")
    run([h, "hq", "package", "--db", db, "--for", "not a unit!", "--out", pkgs], env=env, want=1)
    run([h, "hq", "package", "--db", db, "--for", unit, "--out", pkgs, "--announce-key"], env=env, want=1)
    if os.listdir(pkgs) != [name]:
        problems.append(f"a refused package wrote something: {os.listdir(pkgs)}")

    # One kiosk, without receipts: serial 2.
    out, _ = run([h, "hq", "package", "--db", db, "--for", kiosks[0], "--out", pkgs, "--no-receipts"], env=env)
    expect(out, "serial (số thứ tự): 2", "a package for a kiosk")
    package, _ = read_package(os.path.join(pkgs, f"hailong-pkg-{kiosks[0][:8]}-000002.hlpack"))
    if package and (package["for"] != {"kiosk": kiosks[0]} or package["receipts"] != []):
        problems.append(f"a package for a kiosk: {package}")

    # Rotation: the new key announced by the former.
    out, _ = run([h, "hq", "key", "rotate", "--name", "Bộ Công an 2027"], env=env)
    expect(out, "--announce-key", "key rotate tells what to do next")
    new_key = json.loads(run([h, "hq", "key", "show"], env=env)[0])
    if new_key["sign_key"] == key["sign_key"]:
        problems.append("key rotate: the same key")
    retired = os.listdir(os.path.join(keys, "retired"))
    if retired != [key["fingerprint"].replace(" ", "-") + ".secret"]:
        problems.append(f"key rotate: retired/ holds {retired}")
    out, _ = run([h, "hq", "package", "--db", db, "--for", unit, "--out", pkgs, "--announce-key"], env=env)
    expect(out, "serial (số thứ tự): 3", "announce")
    package, _ = read_package(os.path.join(pkgs, f"hailong-pkg-{unit}-000003.hlpack"))
    if package:
        if package["hq_key"] != key["sign_key"]:
            problems.append("announce: not signed by the former key")
        if package.get("new_hq_key") != {"sign_key": new_key["sign_key"], "box_key": new_key["box_key"],
                                         "name": "Bộ Công an 2027"}:
            problems.append(f"announce: new_hq_key {package.get('new_hq_key')}")
    print(out, end="")
    con = sqlite3.connect(db)
    rows = con.execute("SELECT serial, target FROM hq_packages ORDER BY serial").fetchall()
    if rows != [(1, f"unit {unit}"), (2, f"kiosk {kiosks[0]}"), (3, f"unit {unit}")]:
        problems.append(f"hq_packages: {rows}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    ap.add_argument("--questionnaire", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        check(a.hailong, a.questionnaire, d)
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
