#!/usr/bin/env python3
"""A sealed batch (hailong-batch/2) read by code written from docs/batch-format.md only.

Headquarters' keys made by `hailong hq key init` (the box secret read from the key folder as
docs/package-format.md describes it), a kiosk data folder with that box key pinned (made by
make_sealed_kiosk), exported by `hailong export`; then, with PyNaCl only: the trailer, the digest (BLAKE2b-256), the Ed25519
signature over "hailong-batch/2 digest HEX", the head's sealed_to and seal_key, every sealed
field's shape, and the comment and the dossier code decrypted (X25519, BLAKE2b-256 key,
XChaCha20-Poly1305-IETF with the UUID nonce) and compared with what was typed. The comment must
appear nowhere in the decompressed text nor in the .csv. Then the commands: `hailong verify`
counts the sealed fields and opens them with --hq-keys; `hailong hq import` without keys stores
the comment sealed and says so, `hq report` counts it sealed, `hq import --keys` of the same file
opens it without counting anything twice, and `hq unseal` of a second store opens it too.
Exit 0 if all holds, 1 with the problems.

    check_sealed_python.py --hailong build/app/hailong --make build/tests/make_sealed_kiosk
"""
import argparse
import base64
import glob
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import nacl.bindings as nb
    from nacl.signing import VerifyKey
except ImportError:
    print("PyNaCl is missing (Debian: apt install python3-nacl)", file=sys.stderr)
    sys.exit(2)

COMMENT = "Chờ lâu quá, \"cán bộ\" tận tình\nCảm ơn!"
DOSSIER = "HS-2026-000417"
problems = []


def zstd_text(content):
    p = subprocess.run(["zstd", "-q", "-dc"], input=content, capture_output=True, check=True)
    return p.stdout.decode("utf-8")


def open_field(hq_secret, head, uuid, which, field):
    if field == "":
        return ""
    if not field.startswith("sealed:"):
        raise ValueError(f"not sealed: {field!r}")
    seal_key, sealed_to = bytes.fromhex(head["seal_key"]), bytes.fromhex(head["sealed_to"])
    k = hashlib.blake2b(nb.crypto_scalarmult(hq_secret, seal_key) + seal_key + sealed_to, digest_size=32).digest()
    nonce = bytes.fromhex(uuid.replace("-", "")) + bytes([which]) + bytes(7)
    cipher = base64.b64decode(field[len("sealed:"):], validate=True)
    return nb.crypto_aead_xchacha20poly1305_ietf_decrypt(cipher, None, nonce, k).decode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    ap.add_argument("--make", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        data, out, keys_dir = os.path.join(d, "data"), os.path.join(d, "usb"), os.path.join(d, "hq-keys")
        os.makedirs(out)
        env = dict(os.environ, HAILONG_HQ_KEYS=os.path.join(d, "no-keys-here"))
        run([a.hailong, "hq", "key", "init", "--keys", keys_dir, "--name", "Trụ sở thử"], env)
        lines_ = open(os.path.join(keys_dir, "hq.secret"), encoding="utf-8").read().split("\n")
        hq_secret = bytes.fromhex(lines_[2])
        box = nb.crypto_scalarmult_base(hq_secret).hex()
        uuid = subprocess.run([a.make, data, box, COMMENT, DOSSIER], capture_output=True, text=True,
                              check=True).stdout.strip()
        p = subprocess.run([a.hailong, "export", "--data-dir", data, "--out", out], capture_output=True, text=True)
        if p.returncode != 0:
            problems.append(f"hailong export exited {p.returncode}: {p.stdout}{p.stderr}")
            return
        [path] = glob.glob(os.path.join(out, "*.hlbatch"))
        raw = open(path, "rb").read()
        content, trailer = raw[:-249], raw[-249:]
        if trailer[:8] != bytes.fromhex("502a4d18f1000000"):
            problems.append(f"trailer header {trailer[:8].hex()}")
        m = re.fullmatch(rb'\{"digest":"blake2b-256:([0-9a-f]{64})","signature":"ed25519:([0-9a-f]{128})"\}\n',
                         trailer[8:])
        if not m:
            problems.append(f"signature line {trailer[8:]!r}")
            return
        digest = m.group(1).decode()
        if hashlib.blake2b(content, digest_size=32).hexdigest() != digest:
            problems.append("digest does not match the content")
        text = zstd_text(content)
        lines = text.split("\n")
        head = json.loads(lines[0])
        if head.get("format") != "hailong-batch/2":
            problems.append(f"format {head.get('format')!r}")
        if head.get("sealed_to") != box:
            problems.append(f"sealed_to {head.get('sealed_to')!r}, not {box}")
        if not re.fullmatch("[0-9a-f]{64}", head.get("seal_key", "")):
            problems.append(f"seal_key {head.get('seal_key')!r}")
        keys = list(head.keys())
        if keys.index("sealed_to") != keys.index("export") + 1 or keys.index("seal_key") != keys.index("export") + 2:
            problems.append(f"sealed_to and seal_key are not right after export: {keys}")
        try:
            VerifyKey(bytes.fromhex(head["public_key"])).verify(
                b"hailong-batch/2 digest " + digest.encode(), bytes.fromhex(m.group(2).decode()))
        except Exception as e:  # nacl.exceptions.BadSignatureError
            problems.append(f"signature: {e}")
        for part in (COMMENT.split("\n")[0], "tận tình", DOSSIER):
            if part in text:
                problems.append(f"{part!r} is readable in the decompressed batch")
        csv = open(path[:-len(".hlbatch")] + ".csv", encoding="utf-8-sig").read()
        for part in ("tận tình", DOSSIER):
            if part in csv:
                problems.append(f"{part!r} is readable in the .csv")
        if "Comments and dossier codes are sealed" not in csv or "niêm phong" not in csv:
            problems.append("the .csv does not say that comments are sealed")
        fields = head["response_fields"]
        found = False
        for line in lines[1:]:
            if not line.startswith('["R"'):
                continue
            r = dict(zip(fields, json.loads(line)[1:]))
            for name, which in (("dossier_code", 1), ("comment", 2)):
                v = r[name]
                if v and not re.fullmatch(r"sealed:[A-Za-z0-9+/]+={0,2}", v):
                    problems.append(f"{name} of seq {r['seq']} is not sealed: {v!r}")
            if r["uuid"] == uuid:
                found = True
                try:
                    comment = open_field(hq_secret, head, r["uuid"], 2, r["comment"])
                    dossier = open_field(hq_secret, head, r["uuid"], 1, r["dossier_code"])
                except Exception as e:
                    problems.append(f"cannot open the fields of {uuid}: {e!r}")
                    continue
                if comment != COMMENT:
                    problems.append(f"comment opened as {comment!r}, typed {COMMENT!r}")
                if dossier != DOSSIER:
                    problems.append(f"dossier code opened as {dossier!r}, typed {DOSSIER!r}")
                try:
                    open_field(os.urandom(32), head, r["uuid"], 2, r["comment"])
                    problems.append("the comment opens with another key")
                except Exception:
                    pass
            elif r["comment"] or r["dossier_code"]:
                problems.append(f"seq {r['seq']}: a field that was empty is not \"\"")
        if not found:
            problems.append(f"response {uuid} not in the batch")
        check_commands(a.hailong, env, d, data, path, keys_dir)


def run(cmd, env, want=0):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    if p.returncode != want:
        problems.append(f"`{' '.join(cmd)}` exited {p.returncode}, not {want}:\n{p.stdout}{p.stderr}")
    return p.stdout + p.stderr


def expect(text, part, what):
    if part not in text:
        problems.append(f"{what}: {part!r} not in:\n{text}")


def check_commands(h, env, d, data, batch, keys):
    out = run([h, "verify", batch], env)
    expect(out, "1 comment(s) and 1 dossier code(s) sealed", "verify without keys")
    out = run([h, "verify", "--hq-keys", keys, batch], env)
    expect(out, "personal fields opened", "verify --hq-keys")
    key_file = os.path.join(d, "kiosk.json")
    run([h, "key", "--data-dir", data, "--out", key_file], env)
    for name in ("a", "b"):
        db = os.path.join(d, f"hq-{name}.db")
        run([h, "hq", "trust", "--db", db, key_file], env)
        out = run([h, "hq", "import", "--db", db, batch], env)
        expect(out, "SEALED  1 góp ý đã niêm phong / 1 comments sealed (no key)", "hq import without keys")
        expect(out, "NO KEYS", "hq import without keys")
        out = run([h, "hq", "report", "--db", db], env)
        expect(out, "Citizens' comments: 1 (1 góp ý đã niêm phong / 1 comments sealed (no key))", "hq report")
    db = os.path.join(d, "hq-a.db")
    out = run([h, "hq", "import", "--db", db, "--keys", keys, batch], env)
    expect(out, "OPENED  1 comment(s)", "hq import --keys of the same file")
    expect(out, "in all 3 counted", "hq import --keys of the same file")
    html = os.path.join(d, "report.html")
    run([h, "hq", "report", "--db", db, "--format", "html", "--out", html], env)
    expect(open(html, encoding="utf-8").read(), "tận tình", "the HTML report after the key")
    db = os.path.join(d, "hq-b.db")
    out = run([h, "hq", "unseal", "--db", db, "--keys", keys], env)
    expect(out, "1 comment(s) opened", "hq unseal")
    out = run([h, "hq", "report", "--db", db], env)
    expect(out, "Citizens' comments: 1\n", "hq report after hq unseal")


if __name__ == "__main__":
    main()
    for p in problems:
        print("PROBLEM:", p)
    print("sealed batch read from the document:", "OK" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)
