#!/usr/bin/env python3
"""A sealed batch (hailong-batch/2) read by code written from docs/batch-format.md only.

A kiosk data folder with headquarters' X25519 key pinned (made by make_sealed_kiosk), exported
by `hailong export`; then, with PyNaCl only: the trailer, the digest (BLAKE2b-256), the Ed25519
signature over "hailong-batch/2 digest HEX", the head's sealed_to and seal_key, every sealed
field's shape, and the comment and the dossier code decrypted (X25519, BLAKE2b-256 key,
XChaCha20-Poly1305-IETF with the UUID nonce) and compared with what was typed. The comment must
appear nowhere in the decompressed text nor in the .csv. Exit 0 if all holds, 1 with the problems.

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
    hq_secret = os.urandom(32)
    box = nb.crypto_scalarmult_base(hq_secret).hex()
    with tempfile.TemporaryDirectory() as d:
        data, out = os.path.join(d, "data"), os.path.join(d, "usb")
        os.makedirs(out)
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


if __name__ == "__main__":
    main()
    for p in problems:
        print("PROBLEM:", p)
    print("sealed batch read from the document:", "OK" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)
