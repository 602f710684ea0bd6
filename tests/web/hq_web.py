"""What the tests of headquarters in the browser share (check_web_browser.py,
check_web_security.py): the demo's data made fresh, accounts made with `hailong hq user add`,
`hailong hq serve` started on a port of its own, an HTTP client with its own cookies (no
`requests`: http.client), a small HTML reader, and headless Chromium through selenium.

Nothing is cached between tests: each makes its own temporary folder, database and server, and
stops them in its `finally` (or `with`).
"""
import csv
import html
import html.parser
import http.client
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import urllib.parse

# Every password is at least 10 characters and never contains its account's name.
PASSWORD = "Mat-khau-2019!"

problems = []


def problem(text):
    """Records a failed check (the test goes on, and exits 1 with all of them)."""
    problems.append(text)
    print("FAIL", text, flush=True)


def check(ok, text):
    if not ok:
        problem(text)
    return bool(ok)


def finish(name):
    """Prints the verdict; the exit code for sys.exit."""
    if problems:
        print(f"{name}: {len(problems)} problem(s):")
        for p in problems:
            print(" -", p)
        return 1
    print(f"{name}: all checks passed")
    return 0


def run(cmd, want=0, stdin=None, timeout=300):
    """Runs a command; a problem if it does not exit `want`. Returns its stdout."""
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
    if want is not None and p.returncode != want:
        problem(f"`{' '.join(map(str, cmd))}` exited {p.returncode}, not {want}:\n{p.stdout}{p.stderr}")
    return p.stdout


def headline_of_report(text):
    """The headline of `hailong hq report` ("86.69%")."""
    m = re.search(r"Headline \(event-based, misuse excluded\): ([0-9.]+%)", text)
    return m.group(1) if m else None


# [SECTION] The demo's data

class Demo:
    """`hailong demo --out DIR` (the 2019 scenario): DIR/batches/*.hlbatch, DIR/keys/*.key and
    DIR/units.csv."""

    def __init__(self, hailong, folder):
        self.folder = folder
        t0 = time.monotonic()
        run([hailong, "demo", "--out", folder], timeout=300)
        self.seconds = time.monotonic() - t0
        self.batches = os.path.join(folder, "batches")
        self.keys = os.path.join(folder, "keys")
        self.units_csv = os.path.join(folder, "units.csv")
        self.batch_files = sorted(os.path.join(self.batches, n) for n in os.listdir(self.batches)
                                  if n.endswith(".hlbatch"))
        self.key_files = sorted(os.path.join(self.keys, n) for n in os.listdir(self.keys) if n.endswith(".key"))
        with open(self.units_csv, encoding="utf-8-sig") as f:
            self.units = list(csv.DictReader(f))

    def kiosk_ids(self):
        """The kiosk id of each key file (JSON with kiosk_id, or kioskId)."""
        ids = []
        for k in self.key_files:
            with open(k, encoding="utf-8") as f:
                d = json.load(f)
            ids.append(d.get("kiosk_id") or d.get("kioskId") or d.get("kiosk"))
        return ids

    def unit(self, code):
        return next(u for u in self.units if u["code"] == code)

    def under(self, code):
        """The unit and every unit under it in units.csv (by parent), as rows."""
        found, todo = [], [code]
        while todo:
            c = todo.pop()
            for u in self.units:
                if u["code"] == c and u not in found:
                    found.append(u)
                if u["parent"] == c and u["code"] != c:
                    todo.append(u["code"])
        return found


def make_store(hailong, demo, db, accounts):
    """A fresh headquarters store with the demo's unit registry and `accounts`
    (name, role, unit or None); no batch in it."""
    run([hailong, "hq", "units", "import", "--db", db, demo.units_csv])
    for name, role, unit in accounts:
        add_user(hailong, db, name, role, unit)


def add_user(hailong, db, name, role, unit=None, password=PASSWORD, want=0):
    """`hailong hq user add`, the password typed twice on stdin; its stdout and stderr."""
    cmd = [hailong, "hq", "user", "add", name, "--role", role, "--db", db]
    if unit:
        cmd += ["--unit", unit]
    p = subprocess.run(cmd, input=f"{password}\n{password}\n", capture_output=True, text=True, timeout=60)
    if p.returncode != want:
        problem(f"`{' '.join(cmd)}` exited {p.returncode}, not {want}:\n{p.stdout}{p.stderr}")
    return p.stdout + p.stderr


# [SECTION] The server

class Server:
    """`hailong hq serve --db DB --listen 127.0.0.1:0`: its port read from its first line
    ("listening on http://127.0.0.1:PORT/ ..."); SIGTERM at the end, SIGKILL if it does not stop.
    Its output after that line is drained (a full pipe would block it) and kept."""

    def __init__(self, hailong, db, extra=(), log=None, start_timeout=60):
        self.log_path = log or (db + ".serve.log")
        self.err = open(self.log_path, "w")
        self.proc = subprocess.Popen([hailong, "hq", "serve", "--db", db, "--listen", "127.0.0.1:0", *extra],
                                     stdout=subprocess.PIPE, stderr=self.err, text=True, bufsize=1)
        self.lines = []
        first = threading.Event()

        def drain():
            for line in self.proc.stdout:
                self.lines.append(line)
                first.set()
            first.set()

        self.reader = threading.Thread(target=drain, daemon=True)
        self.reader.start()
        if not first.wait(start_timeout) or not self.lines:
            self.stop()
            raise RuntimeError(f"hq serve said nothing in {start_timeout} s (exit {self.proc.returncode}); "
                               f"stderr: {self.stderr()}")
        m = re.search(r"listening on (https?)://127\.0\.0\.1:(\d+)/", self.lines[0])
        if not m:
            self.stop()
            raise RuntimeError(f"hq serve's first line is not 'listening on http://127.0.0.1:PORT/': "
                               f"{self.lines[0]!r}; stderr: {self.stderr()}")
        self.port = int(m.group(2))
        self.base = f"{m.group(1)}://127.0.0.1:{self.port}"

    def alive(self):
        return self.proc.poll() is None

    def stderr(self):
        if not self.err.closed:
            self.err.flush()
        with open(self.log_path, errors="replace") as f:
            return f.read()[-4000:]

    def stop(self):
        """SIGTERM; the exit status (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.err.close()
                return None
        self.err.close()
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# [SECTION] An HTTP client with its own cookies

class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # [(name, value)] as sent
        self.body = body        # bytes

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def location_path(self):
        loc = self.header("Location") or ""
        return urllib.parse.urlsplit(loc).path


class Client:
    """One browser's worth of cookies over http.client; never follows redirects (the tests look
    at each 303). Every Set-Cookie received is kept in `set_cookies` for the tests to read."""

    def __init__(self, base, timeout=60):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.timeout = timeout
        self.cookies = {}
        self.set_cookies = []

    def request(self, method, path, body=None, headers=None, timeout=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout or self.timeout)
        try:
            h = dict(headers or {})
            if self.cookies:
                h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for c in resp.all("Set-Cookie"):
            self.set_cookies.append(c)
            name, _, rest = c.partition("=")
            value = rest.split(";", 1)[0]
            if value == "" or re.search(r";\s*Max-Age=0\b", c, re.I):
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, headers=None, **kw):
        body = urllib.parse.urlencode(fields).encode()
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h, **kw)

    def post_files(self, path, fields, files, headers=None, **kw):
        """multipart/form-data: fields [(name, value)], files [(field, filename, bytes)]."""
        body, ctype = multipart(fields, files)
        h = {"Content-Type": ctype}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h, **kw)

    def csrf(self, path):
        """The csrf field of the page's forms."""
        r = self.get(path)
        token = form_inputs(r.text).get("csrf")
        if token is None:
            raise RuntimeError(f"no csrf field on {path} (status {r.status})")
        return token

    def sign_in(self, name, password=PASSWORD, next_path=None):
        """The sign-in form as a browser posts it; the response (303 on success)."""
        page = "/signin" + ("?next=" + urllib.parse.quote(next_path, safe="") if next_path else "")
        token = self.csrf(page)
        fields = [("name", name), ("password", password), ("csrf", token)]
        if next_path:
            fields.append(("next", next_path))
        return self.post(page, fields)


def multipart(fields, files):
    boundary = "----hailong-test-" + os.urandom(8).hex()
    out = []
    for name, value in fields:
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n".encode())
        out.append(value.encode() + b"\r\n")
    for field, filename, data in files:
        quoted = filename.replace("\\", "\\\\").replace('"', "%22")
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{quoted}\"\r\n"
                   "Content-Type: application/octet-stream\r\n\r\n".encode())
        out.append(data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


# [SECTION] Reading HTML

class _Reader(html.parser.HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inputs = {}
        self.links = []
        self.ids = {}
        self.texts = {}
        self.open = []  # [(tag, id)]
        self.html_lang = None
        self.classes = []  # (tag, class, id of the nearest element with an id)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "input" and a.get("name"):
            self.inputs.setdefault(a["name"], a.get("value", ""))
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if a.get("id"):
            self.ids[a["id"]] = (tag, a)
            self.texts.setdefault(a["id"], "")
        if tag not in self.VOID:
            self.open.append((tag, a.get("id")))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        for _, eid in self.open:
            if eid:
                self.texts[eid] += data


def read_html(text):
    r = _Reader()
    r.feed(text)
    r.close()
    return r


def form_inputs(text):
    """name -> value of the page's named inputs (the first of each name)."""
    return read_html(text).inputs


def element_text(text, eid):
    """The text inside the element of this id, whitespace collapsed; None if there is none."""
    r = read_html(text)
    if eid not in r.texts:
        return None
    return " ".join(r.texts[eid].split())


def percentages(text):
    """Figures like 86.69% (or 86,69 %) in a text."""
    return re.findall(r"\d{1,3}(?:[.,]\d+)?\s?%", text)


def figures_or_dashes(text):
    """Percentages, and the dash a page shows for a share of nothing (no answers of that kind)."""
    return re.findall(r"\d{1,3}(?:[.,]\d+)?\s?%|—", text)


def code_pattern(code):
    """A unit code as a whole token: CAT-TH, not CAT-THX."""
    return re.compile(r"(?<![A-Za-z0-9_-])" + re.escape(code) + r"(?![A-Za-z0-9_-])")


def leaks(text, units, typed=()):
    """What of these units (rows of units.csv) a text shows: codes as tokens, names as written
    (also HTML-escaped and URL-encoded, as a link would carry them). Codes in `typed` are those
    the visitor typed into the address: a page may echo them (a link to itself in the other
    language), so only their names count."""
    found = []
    variants = lambda s: {s, html.escape(s), urllib.parse.quote(s), urllib.parse.quote_plus(s)}
    for u in units:
        for c in variants(u["code"]) if u["code"] not in typed else ():
            if code_pattern(c).search(text):
                found.append(u["code"])
        for key in ("name_vi", "name_en"):
            name = u.get(key) or ""
            if name and any(v in text for v in variants(name)):
                found.append(name)
    return sorted(set(found))


def xlsx_text(path):
    """Every cell of every sheet of a workbook, as text lines (openpyxl)."""
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    lines = []
    for ws in wb.worksheets:
        lines.append(f"[{ws.title}]")
        for row in ws.iter_rows(values_only=True):
            lines.append("\t".join("" if v is None else str(v) for v in row))
    return "\n".join(lines)


def xlsx_has_figure(path, figure):
    """True if a cell of the workbook holds this percentage ("86.69%"): as text, or as a number
    0.8669 (formatted 0.00%) or 86.69."""
    import openpyxl
    want = float(figure.rstrip("%"))
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and figure in v:
                    return True
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    if abs(v * 100 - want) < 0.005 or abs(v - want) < 0.005:
                        return True
    return False


# [SECTION] Chromium

def browser(width=1366, height=768, downloads=None):
    """Headless Chromium through chromedriver; downloads into `downloads` without asking."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    o.add_argument("--headless=new")
    if os.geteuid() == 0:
        o.add_argument("--no-sandbox")
    o.add_argument("--disable-gpu")
    o.add_argument("--disable-dev-shm-usage")
    o.add_argument(f"--window-size={width},{height}")
    o.add_argument("--lang=vi")
    if downloads:
        o.add_experimental_option("prefs", {
            "download.default_directory": downloads,
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
            "safebrowsing.enabled": False,
        })
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    if downloads:  # headless Chromium honours the prefs only with this (and it does no harm)
        d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return d


def wait_for(condition, timeout, what, interval=0.1):
    """Polls condition() until it returns something true; a problem (and None) at timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            v = condition()
            if v:
                return v
        except Exception as e:  # a page being replaced under us: try again
            last_error = e
        if time.monotonic() > deadline:
            problem(f"waited {timeout} s for {what}" + (f" (last error: {last_error})" if last_error else ""))
            return None
        time.sleep(interval)


def temp_dir(prefix):
    return tempfile.TemporaryDirectory(prefix=prefix)
