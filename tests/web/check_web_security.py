#!/usr/bin/env python3
"""Headquarters in the browser, what an attacker would try (SPEC 7 and 9, issue 18), over
plain HTTP against the real `hailong hq serve` (no browser, no demo data): every page but
/signin sends the signed-out to /signin; every POST without the session's form token is 403,
the sign-in form's too; cookies HttpOnly and SameSite=Strict, a new session id at sign-in, no
redirect off the site after it; security headers on every answer (a Content-Security-Policy
that allows no inline script, no framing, nosniff); no file outside served through /download
or /static, however the path is encoded; an upload over the limit answered 413 and the server
still up; a file name with markup shown escaped in the results and the audit; ten clients
that never finish their requests do not stop an eleventh; a viewer cannot upload, an analyst
cannot manage accounts; malformed requests crash nothing. Session expiry is not tested here
(it takes real minutes; core's tests drive it with a fake clock). Exit 0 if all holds, 1 with
the problems.

    check_web_security.py --hailong build/app/hailong
"""
import argparse
import http.client
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hq_web as w  # noqa: E402
from hq_web import check, problem  # noqa: E402

ADMIN, ANALYST, VIEWER = "quan.tri", "phan.tich", "nguoi.xem"
PAGES = ["/overview", "/units", "/kiosks", "/comments", "/upload", "/admin/users", "/admin/audit",
         "/download?view=overview&format=csv", "/download?view=comments&format=csv", "/", "/no-such-page"]
XSS_NAME = "<img src=x onerror=alert(1)>.hlbatch"
UPLOAD_MB = 8  # hq serve --max-upload-mb: small, so that going over it costs little
UPLOAD_LIMIT = UPLOAD_MB * 1024 * 1024


def passwd_leak(body):
    """True if a body holds /etc/passwd (its first line, or any root:x:0:0 line)."""
    try:
        with open("/etc/passwd", "rb") as f:
            first = f.readline().strip()
    except OSError:
        first = b"root:x:0:0"
    return first in body or b"root:x:0:0:" in body


def csp_problems(csp):
    """What is wrong with a Content-Security-Policy for us: inline script allowed, or none."""
    if not csp:
        return ["no Content-Security-Policy"]
    directives = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = [x.lower() for x in words[1:]]
    scripts = directives.get("script-src", directives.get("default-src"))
    found = []
    if scripts is None:
        found.append("neither script-src nor default-src")
    elif "'unsafe-inline'" in scripts or "*" in scripts or "data:" in scripts:
        found.append(f"script sources {scripts}")
    return found


def check_headers(r, what):
    csp = r.header("Content-Security-Policy")
    for p in csp_problems(csp):
        problem(f"{what}: {p} (CSP {csp!r})")
    xfo = (r.header("X-Frame-Options") or "").upper()
    check(xfo in ("DENY", "SAMEORIGIN") or "frame-ancestors" in (csp or ""),
          f"{what}: neither X-Frame-Options nor frame-ancestors")
    check((r.header("X-Content-Type-Options") or "").lower() == "nosniff", f"{what}: no X-Content-Type-Options nosniff")


def check_cookies(client, what):
    for c in client.set_cookies:
        attrs = [a.strip().lower() for a in c.split(";")[1:]]
        check("httponly" in attrs, f"{what}: cookie without HttpOnly: {c}")
        check("samesite=strict" in attrs, f"{what}: cookie without SameSite=Strict: {c}")


def raw_request(port, data, timeout=30):
    """Sends bytes as they are; the status line and headers of the answer, and its body."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            try:
                b = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not b:
                break
            chunks.append(b)
        return b"".join(chunks)
    finally:
        s.close()


def status_of_raw(answer):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return int(m.group(1)) if m else None


def signed_out(base):
    c = w.Client(base)
    for p in PAGES:
        r = c.get(p)
        check(r.status == 303, f"signed out, {p} answered {r.status}, not 303")
        loc = urllib.parse.urlsplit(r.header("Location") or "")
        check(loc.path == "/signin" and "next" in urllib.parse.parse_qs(loc.query),
              f"signed out, {p} went to {r.header('Location')!r}, not /signin?next=…")
        check_headers(r, f"303 of {p}")
    r = c.get("/signin")
    check(r.status == 200, f"/signin answered {r.status}")
    check(w.read_html(r.text).html_lang == "vi", "/signin is not <html lang=\"vi\">")
    check_headers(r, "/signin")
    r = c.get("/signin?lang=en")
    check(w.read_html(r.text).html_lang == "en", "/signin?lang=en is not <html lang=\"en\">")
    check_cookies(c, "signed out")


def sign_in_rules(base):
    # The sign-in form's own token: without it, or a wrong one, 403 even with the right password.
    c = w.Client(base)
    token = c.csrf("/signin")
    r = c.post("/signin", [("name", ADMIN), ("password", w.PASSWORD)])
    check(r.status == 403, f"POST /signin without csrf: {r.status}, not 403")
    r = c.post("/signin", [("name", ADMIN), ("password", w.PASSWORD), ("csrf", token + "x")])
    check(r.status == 403, f"POST /signin with a wrong csrf: {r.status}, not 403")
    check("hl_session" not in c.cookies, "a session cookie was set by a sign-in without its token")
    other = w.Client(base)  # another visitor's token is not ours
    other_token = other.csrf("/signin")
    r = c.post("/signin", [("name", ADMIN), ("password", w.PASSWORD), ("csrf", other_token)])
    check(r.status == 403 or other_token == token,
          f"POST /signin with another visitor's csrf: {r.status}, not 403")

    # A session id the visitor brought is never the one signed in (fixation).
    c = w.Client(base)
    c.cookies["hl_session"] = "chosen-by-the-attacker-000000000000000000000"
    r = c.sign_in(ADMIN)
    check(r.status == 303 and r.location_path() == "/overview",
          f"sign-in as admin: {r.status} to {r.header('Location')!r}, not 303 to /overview")
    check(c.cookies.get("hl_session") not in (None, "", "chosen-by-the-attacker-000000000000000000000"),
          "the session id after signing in is the one the visitor brought")
    check_cookies(c, "signing in")
    check(any(x.startswith("hl_session=") for x in c.set_cookies), "no hl_session set at sign-in")

    # next= goes to a page of this site only.
    for evil in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "http:evil.example"):
        d = w.Client(base)
        r = d.sign_in(ADMIN, next_path=evil)
        loc = r.header("Location") or ""
        u = urllib.parse.urlsplit(loc)
        check(r.status == 303 and not u.netloc and not u.scheme and loc.startswith("/")
              and not loc.startswith("//") and "\\" not in loc,
              f"signed in with next={evil!r}: {r.status} to {loc!r} (off the site?)")
    r = w.Client(base).sign_in(ADMIN, next_path="/kiosks")
    check(r.status == 303 and r.location_path() == "/kiosks", f"next=/kiosks: to {r.header('Location')!r}")
    return c


def every_post_needs_its_token(base, admin):
    token = admin.csrf("/upload")
    posts = [("/upload", "files"), ("/admin/users/add", "form"), ("/signout", "form")]
    for path, kind in posts:
        for fields, what in (([], "without csrf"), ([("csrf", "")], "with an empty csrf"),
                             ([("csrf", token[:-1] + ("A" if token[-1] != "A" else "B"))], "with a wrong csrf")):
            if kind == "files":
                r = admin.post_files(path, fields, [("files", "a.hlbatch", b"not a batch")])
            else:
                r = admin.post(path, fields + [("name", "khong.co.token"), ("display", "x"), ("role", "admin"),
                                               ("unit", ""), ("password", w.PASSWORD), ("password2", w.PASSWORD)])
            check(r.status == 403, f"POST {path} {what}: {r.status}, not 403")
            check_headers(r, f"403 of POST {path}")
    r = admin.get("/overview")
    check(r.status == 200, f"/overview after the refused sign-out: {r.status} (signed out without the token?)")
    r = admin.get("/admin/users")
    check("khong.co.token" not in r.text, "an account was added without the form token")
    # The token of one session is not the token of another.
    other = w.Client(admin_base(admin))
    other.sign_in(ADMIN)
    r = other.post("/admin/users/add", [("name", "token.khac"), ("display", "x"), ("role", "viewer"), ("unit", ""),
                                        ("password", w.PASSWORD), ("password2", w.PASSWORD), ("csrf", token)])
    check(r.status == 403 or other.csrf("/upload") == token,
          f"POST /admin/users/add with another session's csrf: {r.status}, not 403")


def admin_base(client):
    return f"http://{client.host}:{client.port}"


def signed_in_headers(admin):
    for p in ("/overview", "/units", "/kiosks", "/comments", "/upload", "/admin/users", "/admin/audit", "/no-such-page",
              "/download?view=overview&format=csv", "/download?view=comments&format=csv", "/static/upload.js"):
        r = admin.get(p)
        check_headers(r, f"{p} ({r.status})")
    r = admin.get("/static/upload.js")
    check(r.status == 200 and "javascript" in (r.header("Content-Type") or ""),
          f"/static/upload.js: {r.status} {r.header('Content-Type')!r}")


def answer_of(client, path, who):
    """GET path; None (and a problem) if the server closed the connection without an answer."""
    try:
        return client.get(path)
    except (OSError, http.client.HTTPException) as e:
        problem(f"{who}, {path}: no answer ({type(e).__name__}: {e})")
        return None


def traversal(base, admin, port):
    paths = [
        "/download?view=../../etc/passwd&format=csv",
        "/download?view=..%2F..%2F..%2Fetc%2Fpasswd&format=csv",
        "/download?view=overview&format=../../../../etc/passwd",
        "/download?view=overview&format=csv&unit=../../../../etc/passwd",
        "/download?view=/etc/passwd&format=html",
        "/static/../../etc/passwd",
        "/static/../../../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/..%5c..%5c..%5cetc%5cpasswd",
        "/static/....//....//....//etc/passwd",
        "/static/upload.js/../../../../etc/passwd",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/../../../../etc/passwd",
        "/static/upload.js%00.png",
    ]
    for p in paths:
        for client, who in ((admin, "signed in"), (w.Client(base), "signed out")):
            r = answer_of(client, p, who)
            if r is None:
                continue
            check(not passwd_leak(r.body), f"{who}, {p} served /etc/passwd ({r.status})")
            check(r.status != 500, f"{who}, {p}: 500")
            cd = r.header("Content-Disposition") or ""
            m = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]*)', cd)
            if m:
                name = urllib.parse.unquote(m.group(1))
                check("/" not in name and "\\" not in name and ".." not in name,
                      f"{who}, {p}: a download named {name!r}")
    # Sent as raw bytes too (no client in between to tidy the path).
    cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items())
    for p in ("/static/../../../../etc/passwd", "/static/./../../../../etc/passwd", "/static/..\\..\\..\\etc\\passwd"):
        answer = raw_request(port, f"GET {p} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
                             .encode())
        check(not passwd_leak(answer), f"raw GET {p} served /etc/passwd ({status_of_raw(answer)})")


def oversized(admin, port):
    # Just under the limit: read, and the file refused for what it is, not for its size.
    token = admin.csrf("/upload")
    r = admin.post_files("/upload", [("csrf", token)], [("files", "lon.hlbatch", b"\0" * (UPLOAD_LIMIT - (1 << 20)))])
    check(r.status == 200 and 'class="status refused"' in r.text,
          f"an upload {UPLOAD_MB - 1} MiB, under the limit of {UPLOAD_MB}: {r.status}, not 200 with a refused file")
    token = admin.csrf("/upload")
    cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items())
    boundary = "----hailong-test-big"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.hlbatch\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()

    # Announced: a Content-Length a megabyte over the limit, all of it sent (the server may stop
    # reading and answer before the end).
    total = UPLOAD_LIMIT + (1 << 20)
    s = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        try:
            s.sendall(f"POST /upload HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; "
                      f"boundary={boundary}\r\nContent-Length: {total}\r\n\r\n".encode() + head)
            s.sendall(b"\0" * (total - len(head)))
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered (and closed) before the end was read
        answer = b""
        try:
            while b"\r\n\r\n" not in answer:
                more = s.recv(65536)
                if not more:
                    break
                answer += more
        except (socket.timeout, ConnectionResetError) as e:
            problem(f"an upload of {total >> 20} MiB (limit {UPLOAD_MB}): no answer ({e})")
        check(status_of_raw(answer) == 413, f"an upload of {total >> 20} MiB (limit {UPLOAD_MB}): {answer[:80]!r}, "
              "not 413")
    finally:
        s.close()

    # Chunked, no length announced: over the limit for real.
    s = socket.create_connection(("127.0.0.1", port), timeout=120)
    got = b""
    try:
        s.sendall(f"POST /upload HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; "
                  f"boundary={boundary}\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        block = b"\0" * (1 << 20)
        sent = 0
        chunks = [head] + [block] * ((UPLOAD_LIMIT >> 20) + 2)
        try:
            for c in chunks:
                s.sendall(b"%x\r\n" % len(c) + c + b"\r\n")
                sent += len(c)
            s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may stop reading once over the limit
        try:
            while b"\r\n\r\n" not in got:
                more = s.recv(65536)
                if not more:
                    break
                got += more
        except (socket.timeout, ConnectionResetError):
            pass
        check(status_of_raw(got) == 413, f"a chunked upload of {sent >> 20} MiB: {got[:80]!r}, not 413")
    finally:
        s.close()
    r = admin.get("/overview")
    check(r.status == 200, f"after the oversized uploads, /overview: {r.status}")


def markup_in_names(admin):
    raw = XSS_NAME.encode()
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    for headers, what in (({}, "the results page"), ({"X-Requested-With": "fetch"}, "the results fragment")):
        token = admin.csrf("/upload")
        r = admin.post_files("/upload", [("csrf", token)], [("files", XSS_NAME, b"not a batch file")],
                             headers=headers)
        check(r.status == 200, f"an upload named {XSS_NAME!r} ({what}): {r.status}")
        check(raw not in r.body, f"{what} holds the raw tag {XSS_NAME!r}")
        check(escaped in r.text, f"{what} does not show the name escaped ({escaped})")
        rows = re.findall(r'<tr[^>]*class="[^"]*\bresult\b[^"]*"[^>]*>(.*?)</tr>', r.text, re.S)
        check(len(rows) == 1, f"{what}: {len(rows)} tr.result for one file")
        if rows:
            check(re.search(r'class="[^"]*\bstatus\b[^"]*\brefused\b|class="[^"]*\brefused\b[^"]*\bstatus\b',
                            rows[0]), f"{what}: a file that is not a batch is not td.status.refused: {rows[0]!r}")
            check(re.search(r'class="[^"]*\breason\b', rows[0]), f"{what}: no td.reason")
    r = admin.get("/admin/audit")
    check(raw not in r.body, "/admin/audit holds the raw tag of the uploaded name")


def slow_clients(base, port, admin):
    """Ten connections that send a header line now and then and never end their requests; an
    eleventh client is answered all the same."""
    stop = threading.Event()
    socks = []
    for i in range(10):
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.sendall(b"GET /signin HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)

    def trickle():  # one header line per socket a second: a read timeout never fires
        n = 0
        while not stop.wait(1.0):
            n += 1
            for s in socks:
                try:
                    s.sendall(b"X-Slow-%d: %d\r\n" % (n, n))
                except OSError:
                    pass
    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    try:
        t0 = time.monotonic()
        try:
            r = w.Client(base, timeout=30).get("/signin")
            check(r.status == 200, f"with 10 slow clients, /signin answered {r.status}")
        except (socket.timeout, OSError) as e:
            problem(f"with 10 slow clients connected, /signin was not answered within 30 s ({e})")
        print(f"a request beside 10 slow clients answered in {time.monotonic() - t0:.2f} s", flush=True)
        try:
            r = admin.get("/overview", timeout=30)
            check(r.status == 200, f"with 10 slow clients, the admin's /overview: {r.status}")
        except (socket.timeout, OSError) as e:
            problem(f"with 10 slow clients connected, /overview was not answered within 30 s ({e})")
    finally:
        stop.set()
        t.join()
        for s in socks:
            s.close()


def roles(base, hailong):
    viewer = w.Client(base)
    viewer.sign_in(VIEWER)
    r = viewer.get("/overview")
    nav = [urllib.parse.urlsplit(x).path for x in w.read_html(r.text).links]
    check(r.status == 200, f"the viewer's /overview: {r.status}")
    check("/upload" not in nav, "a viewer's page links to /upload")
    token = viewer.csrf("/overview")
    r = viewer.post_files("/upload", [("csrf", token)], [("files", "a.hlbatch", b"not a batch")])
    check(r.status == 403, f"a viewer's POST /upload with its token: {r.status}, not 403")
    analyst = w.Client(base)
    analyst.sign_in(ANALYST)
    for p in ("/admin/users", "/admin/audit"):
        r = analyst.get(p)
        check(r.status == 403, f"an analyst's {p}: {r.status}, not 403")
    token = analyst.csrf("/upload")
    r = analyst.post("/admin/users/add", [("name", "tu.them"), ("display", "x"), ("role", "admin"), ("unit", ""),
                                          ("password", w.PASSWORD), ("password2", w.PASSWORD), ("csrf", token)])
    check(r.status == 403, f"an analyst's POST /admin/users/add with its token: {r.status}, not 403")


def malformed(base, port, admin):
    cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items())
    for p in ("/overview?from=9999-99&to=abc", "/overview?from=2019-13&to=2019-00", "/units?unit=%00%ff",
              "/units?unit=" + "A" * 5000, "/kiosks?unit=%E0%A4%A", "/overview?lang=xx",
              "/download?view=overview&format=pdf", "/download?view=&format=", "/download"):
        r = answer_of(admin, p, "signed in")
        if r is not None:
            check(r.status < 500, f"{p}: {r.status}")
    for data in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /overview HTTP/1.1\r\nNo colon here\r\n\r\n",
                 b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
                 b"POST /upload HTTP/1.1\r\nHost: x\r\nCookie: " + cookie.encode() +
                 b"\r\nContent-Type: multipart/form-data; boundary=zz\r\nContent-Length: 20\r\n\r\n--zz\r\nbroken",
                 b"POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"):
        answer = raw_request(port, data)
        check(status_of_raw(answer) is None or status_of_raw(answer) < 500,
              f"a malformed request {data[:40]!r}: {answer[:60]!r}")
    r = w.Client(base).get("/signin")
    check(r.status == 200, f"after malformed requests, /signin: {r.status}")


def sign_out(base, admin):
    old = admin.cookies.get("hl_session")
    token = admin.csrf("/overview")
    r = admin.post("/signout", [("csrf", token)])
    check(r.status == 303 and r.location_path() == "/signin", f"POST /signout: {r.status} {r.header('Location')}")
    c = w.Client(base)
    c.cookies["hl_session"] = old
    r = c.get("/overview")
    check(r.status == 303, f"a signed-out session id still opens /overview ({r.status})")


def tls(h, db, tmp):
    """--tls-cert and --tls-key: HTTPS of its own, the session cookie Secure."""
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"],
                   check=True, capture_output=True)
    server = w.Server(h, db, extra=["--tls-cert", cert, "--tls-key", key], log=os.path.join(tmp, "tls.log"))
    try:
        check(server.base.startswith("https://"), f"--tls-cert: the server says {server.lines[0]!r}")
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False  # the certificate names 127.0.0.1 as CN only
        conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=30)
        conn.request("GET", "/signin")
        r = conn.getresponse()
        r.read()
        cookies = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
        check(r.status == 200, f"GET /signin over TLS: {r.status}")
        check(cookies and all("; Secure" in c and "HttpOnly" in c for c in cookies),
              f"cookies over TLS are not all Secure and HttpOnly: {cookies}")
        plain = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            plain.request("GET", "/signin")
            answer = plain.getresponse().status
        except (OSError, http.client.HTTPException):
            answer = None
        check(answer is None or answer >= 400, f"plain HTTP on the TLS port was answered {answer}")
    finally:
        code = server.stop()
        check(code == 0, f"hq serve with TLS did not end with 0 on SIGTERM ({code})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    a = ap.parse_args()
    h = a.hailong
    t0 = time.monotonic()
    with w.temp_dir("hailong-web-security-") as tmp:
        db = os.path.join(tmp, "hq.db")
        for name, role, unit in ((ADMIN, "admin", None), (ANALYST, "analyst", "40"), (VIEWER, "viewer", "40")):
            w.add_user(h, db, name, role, unit)
        w.add_user(h, db, "ngan", "viewer", "40", password="short", want=1)  # fewer than 10 characters
        w.add_user(h, db, "hoa", "viewer", "40", password="hoa-1234567890", want=1)  # holds the name
        w.add_user(h, db, "vo.danh", "viewer", "NO-SUCH-UNIT", want=1)  # a unit the registry does not know
        server = None
        try:
            server = w.Server(h, db, extra=["--max-upload-mb", str(UPLOAD_MB)])
            base, port = server.base, server.port
            print(f"hq serve on {base}", flush=True)
            steps = [("signed out", lambda: signed_out(base))]
            admin = sign_in_rules(base)
            steps += [
                ("every POST needs its token", lambda: every_post_needs_its_token(base, admin)),
                ("headers signed in", lambda: signed_in_headers(admin)),
                ("path traversal", lambda: traversal(base, admin, port)),
                ("markup in file names", lambda: markup_in_names(admin)),
                ("slow clients", lambda: slow_clients(base, port, admin)),
                ("roles", lambda: roles(base, h)),
                ("malformed requests", lambda: malformed(base, port, admin)),
                ("oversized uploads", lambda: oversized(admin, port)),
                ("sign out", lambda: sign_out(base, admin)),
                ("TLS", lambda: tls(h, db, tmp)),
            ]
            for name, step in steps:
                s0 = time.monotonic()
                try:
                    step()
                except Exception as e:  # one step's surprise does not hide the others' results
                    problem(f"{name}: {type(e).__name__}: {e}")
                print(f"{name}: {time.monotonic() - s0:.1f} s", flush=True)
                if not server.alive():
                    problem(f"the server ended during '{name}': {server.stderr()}")
                    break
        finally:
            if server:
                code = server.stop()
                check(code == 0, f"hq serve did not end with 0 on SIGTERM ({code}); stderr: {server.stderr()}")
    print(f"({time.monotonic() - t0:.0f} s in all)")
    return w.finish("check_web_security")


if __name__ == "__main__":
    sys.exit(main())
