#!/usr/bin/env python3
"""`hailong hq user` and `hailong hq serve` as an administrator uses them (issue 18, docs/web.md).

hq user: an account added with its password as two lines of standard input; two different
entries, a short password, an unknown unit and a password given as an argument refused; the list
never shows a hash; password, disable, enable and remove; the changes in the audit log.

hq serve: started on a free port it prints the port and answers; a request bigger than
--max-upload-mb gets 413; a slow client (half a request line, then silence) does not stop another
client from being answered; SIGTERM ends it with exit status 0 within 5 s.
Exit 0 if all holds, 1 with the problems.

    check_user_command.py --hailong build/app/hailong
"""
import argparse
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

problems = []
GOOD = "correct horse battery"


def run(cmd, want=0, stdin=""):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, input=stdin)
    if p.returncode != want:
        problems.append(f"`{' '.join(cmd)}` exited {p.returncode}, not {want}:\n{p.stdout}{p.stderr}")
    return p.stdout, p.stderr


def expect(text, part, what):
    if part not in text:
        problems.append(f"{what}: {part!r} not in:\n{text}")


def check_user(h, d):
    db = os.path.join(d, "hq.db")
    user = [h, "hq", "user"]
    out, _ = run(user + ["add", "--db", db, "an.admin", "--role", "admin", "--display", "An Admin"],
                 stdin=f"{GOOD}\n{GOOD}\n")
    expect(out, "added an.admin: admin, whole country", "user add")
    _, err = run(user + ["add", "--db", db, "binh", "--role", "analyst", "--unit", "01"], stdin=f"{GOOD}\n{GOOD}x\n",
                 want=1)
    expect(err, "the two passwords differ", "two different entries")
    _, err = run(user + ["add", "--db", db, "binh", "--role", "analyst", "--unit", "01"], stdin="short\nshort\n",
                 want=1)
    if "hailong hq user add:" not in err or "(" not in err:
        problems.append(f"a short password: no reason in both languages:\n{err}")
    _, err = run(user + ["add", "--db", db, "binh", "--role", "analyst", "--unit", "99999"], stdin=f"{GOOD}\n{GOOD}\n",
                 want=1)
    expect(err, "unit 99999 is not in the unit registry", "an unknown unit")
    _, err = run(user + ["add", "--db", db, "binh", "--role", "analyst", "--unit", "01"], stdin=f"{GOOD}\n", want=1)
    expect(err, "must be given twice", "one line only")
    # A password is never an argument: neither an option nor a second name.
    run(user + ["add", "--db", db, "binh", "--role", "viewer", "--password", GOOD], want=2, stdin=f"{GOOD}\n{GOOD}\n")
    run(user + ["add", "--db", db, "binh", GOOD, "--role", "viewer"], want=2, stdin=f"{GOOD}\n{GOOD}\n")
    run(user + ["add", "--db", db, "BAD NAME", "--role", "viewer"], want=1, stdin=f"{GOOD}\n{GOOD}\n")
    run(user + ["add", "--db", db, "an.admin", "--role", "viewer"], want=1, stdin=f"{GOOD}\n{GOOD}\n")
    _, err = run(user + ["add", "--db", db, "binh", "--role", "analyst", "--unit", "01"], stdin=f"{GOOD}\n{GOOD}\n")
    _, err = run(user + ["add", "--db", db, "chi", "--role", "viewer"], stdin=f"{GOOD}\r\n{GOOD}\r\n")
    expect(err, "sees the figures of the whole country", "a viewer without a unit")

    listing, _ = run(user + ["list", "--db", db])
    expect(listing, "3 account(s)", "user list")
    if not re.search(r"^binh  analyst  01  enabled", listing, re.M):
        problems.append(f"user list: no line for binh:\n{listing}")
    if "argon2" in listing or "$" in listing:
        problems.append(f"user list shows a hash:\n{listing}")

    run(user + ["password", "--db", db, "binh"], stdin="another good one\nanother good one\n")
    run(user + ["password", "--db", db, "binh"], stdin="binh-is-my-name\nbinh-is-my-name\n", want=1)
    run(user + ["disable", "--db", db, "binh"])
    listing, _ = run(user + ["list", "--db", db])
    expect(listing, "binh  analyst  01  DISABLED", "a disabled account")
    run(user + ["enable", "--db", db, "binh"])
    run(user + ["remove", "--db", db, "chi"])
    run(user + ["remove", "--db", db, "chi"], want=1)
    listing, _ = run(user + ["list", "--db", db])
    expect(listing, "2 account(s)", "user list after remove")

    # The audit log names each change and who made it; no password in it.
    try:
        con = sqlite3.connect(db)
        tables = [r[0] for r in con.execute("select name from sqlite_master where type='table'")]
        audit = [t for t in tables if "audit" in t]
        rows = []
        for t in audit:
            rows += [" ".join(str(v) for v in r) for r in con.execute(f"select * from {t}")]
        con.close()
        text = "\n".join(rows)
        for action in ("user add", "user password", "user disable", "user enable", "user remove"):
            expect(text, action, "the audit log")
        expect(text, "cli:", "the audit log's actor")
        if GOOD in text or "another good one" in text:
            problems.append("a password in the audit log")
    except sqlite3.Error as e:
        problems.append(f"the audit log could not be read: {e}")


def start_server(h, db, *extra):
    p = subprocess.Popen([h, "hq", "serve", "--db", db, "--listen", "127.0.0.1:0", *extra], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/ \(stop with Ctrl\+C or SIGTERM\)", line)
    if not m:
        p.kill()
        problems.append(f"hq serve printed {line!r}, then {p.stderr.read()}")
        return p, None
    return p, int(m.group(1))


def get(port, path="/", timeout=5):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
        return r.status


def check_serve(h, d):
    db = os.path.join(d, "hq.db")
    p, port = start_server(h, db, "--max-upload-mb", "1")
    if port is None:
        return
    try:
        try:
            get(port, "/signin?next=/overview")
        except urllib.error.HTTPError:
            pass  # any answer of the pages is fine: only that it answers
        except OSError as e:
            problems.append(f"hq serve does not answer: {e}")

        big = b"x" * (1024 * 1024 + 1)
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/upload", data=big, method="POST",
                                         headers={"Content-Type": "application/octet-stream"})
            with urllib.request.urlopen(req, timeout=10) as r:
                problems.append(f"a request of more than 1 MB got {r.status}, not 413")
        except urllib.error.HTTPError as e:
            if e.code != 413:
                problems.append(f"a request of more than 1 MB got {e.code}, not 413")
            else:
                body = e.read().decode("utf-8", "replace")
                if "1 MB" not in body:
                    problems.append(f"the 413 does not say the limit: {body!r}")
        except OSError as e:
            problems.append(f"a request of more than 1 MB: {e}")

        # A slow client: half a request line, then nothing. Another is answered meanwhile.
        slow = socket.create_connection(("127.0.0.1", port), timeout=5)
        slow.sendall(b"GET /overv")
        time.sleep(0.3)
        started = time.monotonic()
        try:
            get(port, "/", timeout=5)
        except urllib.error.HTTPError:
            pass
        except OSError as e:
            problems.append(f"with a slow client connected, another got no answer: {e}")
        if time.monotonic() - started > 3:
            problems.append("with a slow client connected, another waited more than 3 s")

        # Several at once (keep-alive clients of a browser each): all answered.
        errors = []

        def one():
            try:
                get(port, "/overview", timeout=10)
            except urllib.error.HTTPError:
                pass
            except OSError as e:
                errors.append(str(e))

        threads = [threading.Thread(target=one) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            problems.append(f"{len(errors)} of 20 clients at once got no answer: {errors[0]}")

        # SIGTERM with the slow client still connected: exit 0 within 5 s.
        started = time.monotonic()
        p.send_signal(signal.SIGTERM)
        try:
            code = p.wait(timeout=5)
            if code != 0:
                problems.append(f"hq serve exited {code} on SIGTERM, not 0: {p.stderr.read()}")
        except subprocess.TimeoutExpired:
            problems.append(f"hq serve still running {time.monotonic() - started:.1f} s after SIGTERM")
        slow.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()

    # Bad command lines.
    run([h, "hq", "serve", "--db", db, "--listen", "nowhere"], want=2)
    run([h, "hq", "serve", "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", db], want=2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="hailong-user-") as d:
        check_user(a.hailong, d)
        check_serve(a.hailong, d)
    if problems:
        print("\n\n".join(problems))
        return 1
    print("hq user: accounts added, checked, listed without hashes, changed and audited; hq serve: answers, 413, "
          "a slow client does not block others, SIGTERM stops it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
