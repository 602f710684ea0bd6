#!/usr/bin/env python3
"""Headquarters in a real browser (SPEC 7, issue 18): `hailong hq serve` on the demo's data,
driven by headless Chromium through selenium as an admin and as a province's analyst would use
it. The demo's keys and 1,310-odd batches uploaded through the upload page (keys by the file
input, batches by the folder input), one result row per file, counted as `hailong hq import`
counts the same files; the overview's 86.69%; down to a province and a commune by the drill
links, their figures those of `hq report --under`; the workbook downloaded and read back; the
kiosks; accounts and the audit log; a POST without the form token refused; five wrong passwords
then the right one refused with a wait; a province analyst refused another province, whose
names, codes and figures appear on no page, download or link it can reach; after signing out,
every page goes to /signin. Then citizens' comments (web_comments.py): sealed batches imported
without the key, the analyst's comments page with the sealed count, opened by `hq unseal`, its own
province's only. Screenshots of every page at 1366x768 and 800x1280 (the comments at 400 wide too)
go to $HAILONG_WEB_SHOTS, else --shots. Exit 0 if all holds, 1 with the problems.

    check_web_browser.py --hailong build/app/hailong --make build/tests/make_sealed_kiosk [--shots DIR]
"""
import argparse
import collections
import os
import re
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hq_web as w  # noqa: E402
import web_comments  # noqa: E402
from hq_web import check, problem  # noqa: E402

ADMIN, ANALYST, THROTTLED = "admin", "phan.tich.ht", "thu.cham"
HOME_PROVINCE, OTHER_PROVINCE = "CAT-HT", "CAT-TH"  # Hà Tĩnh's police; Thanh Hóa's
SIZES = [(1366, 768), (800, 1280)]


class Reference:
    """The same files through `hailong hq import` into a store of its own, on a thread beside
    the browser: its per-file counts and `hq report` figures are what the pages must show."""

    def __init__(self, hailong, demo, db):
        self.hailong, self.demo, self.db = hailong, demo, db
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.work, daemon=True)
        self.thread.start()

    def work(self):
        try:
            h, db = self.hailong, self.db
            w.run([h, "hq", "units", "import", "--db", db, self.demo.units_csv])
            self.trust = w.run([h, "hq", "trust", "--db", db, *self.demo.key_files])
            self.imported = w.run([h, "hq", "import", "--db", db, self.demo.batches], want=None)
            m = re.search(r"files: (\d+) ok, (\d+) refused; responses: (\d+) stored, (\d+) already known",
                          self.imported)
            self.files_ok, self.files_refused = (int(m.group(1)), int(m.group(2))) if m else (None, None)
            self.again = w.run([h, "hq", "import", "--db", db, self.demo.batches], want=None)
            self.kiosks = w.run([h, "hq", "kiosks", "--db", db])
        finally:
            self.done.set()

    def headline(self, under=None):
        self.done.wait(600)
        cmd = [self.hailong, "hq", "report", "--db", self.db]
        if under:
            cmd += ["--under", under]
        return w.headline_of_report(w.run(cmd))


class Browser:
    def __init__(self, base, downloads, shots):
        from selenium.webdriver.common.by import By
        self.By = By
        self.base, self.downloads, self.shots = base, downloads, shots
        self.d = w.browser(*SIZES[0], downloads=downloads)

    def get(self, path):
        self.d.get(self.base + path)

    def path(self):
        return urllib.parse.urlsplit(self.d.current_url).path

    def query(self):
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.d.current_url).query))

    def source(self):
        return self.d.page_source

    def find(self, css):
        return self.d.find_elements(self.By.CSS_SELECTOR, css)

    def one(self, css, what):
        e = self.find(css)
        if not e:
            problem(f"{what}: no element {css} on {self.d.current_url}")
            return None
        return e[0]

    def text(self, css):
        e = self.find(css)
        return " ".join(e[0].text.split()) if e else None

    def html_lang(self):
        return self.d.execute_script("return document.documentElement.lang")

    def shot(self, name):
        """The page at each size (the tablet one, then back)."""
        if not self.shots:
            return
        for width, height in SIZES:
            if (width, height) != SIZES[0]:
                self.d.set_window_size(width, height)
            self.d.save_screenshot(os.path.join(self.shots, f"web-{name}-{width}x{height}.png"))
        self.d.set_window_size(*SIZES[0])

    def submit(self, form_css, fields, button_css):
        for name, value in fields.items():
            e = self.one(f"{form_css} [name='{name}']", f"field {name}")
            if e is not None:
                e.clear()
                e.send_keys(value)
        old = self.d.find_element(self.By.TAG_NAME, "html")
        self.one(button_css, "submit button").click()
        w.wait_for(lambda: not _alive(old), 30, f"the page after submitting {form_css}")

    def sign_in(self, name, password):
        if self.path() != "/signin":
            self.get("/signin")
        self.submit("#signin", {"name": name, "password": password}, "#signin-submit")

    def sign_out(self):
        old = self.d.find_element(self.By.TAG_NAME, "html")
        self.one("#signout button, #signout input[type=submit]", "sign-out button").click()
        w.wait_for(lambda: not _alive(old), 30, "the page after signing out")

    def session_cookie(self):
        c = self.d.get_cookie("hl_session")
        return c["value"] if c else None

    def client(self):
        """An HTTP client carrying this browser's session (for downloads and raw checks)."""
        c = w.Client(self.base)
        for ck in self.d.get_cookies():
            c.cookies[ck["name"]] = ck["value"]
        return c

    def fetch_status(self, path, body):
        """A POST from the page's own origin by fetch(), as a script on it could: the status."""
        return self.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch(arguments[0], {method: 'POST', credentials: 'same-origin',"
            " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})"
            ".then(r => done(r.status)).catch(e => done(String(e)));", path, body)

    def quit(self):
        self.d.quit()


def _alive(element):
    try:
        element.tag_name
        return True
    except Exception:
        return False


def result_rows(b):
    """[(file, status classes, reason)] of the results table, read in one script call."""
    return b.d.execute_script(
        "return Array.from(document.querySelectorAll('#results tr.result')).map(r => {"
        " const f = r.querySelector('td.file'), s = r.querySelector('td.status'),"
        " why = r.querySelector('td.reason');"
        " return [f ? f.textContent.trim() : null, s ? s.className : '', why ? why.textContent.trim() : ''];});")


def status_of(classes):
    found = [c for c in ("stored", "known", "refused", "trusted") if c in classes.split()]
    return found[0] if len(found) == 1 else f"?{classes}"


def upload_and_wait(b, names, send, what):
    """Files chosen by send() and the upload submitted; waits until every name has its row."""
    before = len(result_rows(b)) if b.find("#results") else 0
    send()
    b.one("#upload-submit", "upload button").click()
    want = set(names)

    def all_there():
        rows = result_rows(b)
        return rows if want <= {r[0] for r in rows} else None
    rows = w.wait_for(all_there, 300, f"a result row for each of the {len(names)} {what}", interval=0.5)
    if rows is None:
        rows = result_rows(b)
        missing = sorted(want - {r[0] for r in rows})
        problem(f"{what}: {len(missing)} file(s) without a result row after 300 s, e.g. {missing[:3]} "
                f"(rows before: {before}, now: {len(rows)})")
    return [r for r in rows if r[0] in want]


def check_page_basics(b, what):
    check(b.html_lang() in ("vi", "en"), f"{what}: <html lang> is {b.html_lang()!r}")
    nav = b.one("#nav", f"{what}: nav")
    return nav


def drill_link(b, href_part=None, text_part=None):
    for a in b.find("a.drill"):
        href, text = a.get_attribute("href") or "", a.text
        unit = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(href).query)).get("unit", "")
        if (href_part is None or href_part in unit) and (text_part is None or text_part in text):
            return a, unit
    return None, None


def click_and_wait(b, element, what):
    old = b.d.find_element(b.By.TAG_NAME, "html")
    element.click()
    w.wait_for(lambda: not _alive(old), 30, what)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hailong", required=True)
    ap.add_argument("--make", required=True, help="tests/tools/make_sealed_kiosk")
    ap.add_argument("--shots", default="")
    a = ap.parse_args()
    h = a.hailong
    shots = os.environ.get("HAILONG_WEB_SHOTS") or a.shots
    if shots:
        os.makedirs(shots, exist_ok=True)
    t_start = time.monotonic()
    with w.temp_dir("hailong-web-browser-") as tmp:
        demo = w.Demo(h, os.path.join(tmp, "demo"))
        print(f"demo made in {demo.seconds:.1f} s: {len(demo.batch_files)} batches, {len(demo.key_files)} keys",
              flush=True)
        ref = Reference(h, demo, os.path.join(tmp, "reference.db"))
        db = os.path.join(tmp, "web.db")
        w.make_store(h, demo, db, [(ADMIN, "admin", None), (ANALYST, "analyst", HOME_PROVINCE),
                                   (THROTTLED, "analyst", HOME_PROVINCE)])
        downloads = os.path.join(tmp, "downloads")
        os.makedirs(downloads)
        server = b = None
        try:
            server = w.Server(h, db)
            b = Browser(server.base, downloads, shots)
            as_admin(b, server, demo, ref)
            as_analyst(b, server, demo, ref)
            web_comments.sealed_comments(b, h, a.make, tmp, demo, db, ANALYST, HOME_PROVINCE, OTHER_PROVINCE)
            check(server.alive(), f"the server ended during the test: {server.stderr()}")
        finally:
            if b:
                b.quit()
            if server:
                code = server.stop()
                check(code == 0, f"hq serve did not end with 0 on SIGTERM (status {code}); stderr: {server.stderr()}")
    print(f"({time.monotonic() - t_start:.0f} s in all)")
    return w.finish("check_web_browser")


def as_admin(b, server, demo, ref):
    # Not signed in: to /signin, remembering where we were going.
    b.get("/overview")
    check(b.path() == "/signin", f"/overview signed out went to {b.d.current_url}, not /signin")
    check(b.query().get("next", "").startswith("/overview"), f"/signin without next=/overview: {b.d.current_url}")
    check(b.html_lang() == "vi", f"/signin is not Vietnamese by default: lang={b.html_lang()!r}")
    for css in ("form#signin", "#signin input[name=name]", "#signin input[name=password]",
                "#signin input[name=csrf][type=hidden]", "#signin-submit"):
        b.one(css, "the sign-in form")
    b.shot("signin")

    # Five wrong passwords, then the right one: refused, with a wait (in English: "wait N s").
    b.get("/signin?lang=en")
    check(b.html_lang() == "en", f"/signin?lang=en: lang={b.html_lang()!r}")
    for i in range(5):
        b.sign_in(THROTTLED, "wrong-password-%d" % i)
        check(b.path() == "/signin", f"wrong password {i + 1} left /signin: {b.d.current_url}")
    wrong_message = b.text("#message") or ""
    check(wrong_message, "no #message after a wrong password")
    b.sign_in(THROTTLED, w.PASSWORD)
    throttled = b.text("#message") or ""
    if not check(b.path() == "/signin", f"the right password after five wrong ones was let in ({b.d.current_url})"):
        b.d.delete_all_cookies()
    check(re.search(r"(?i)wait\D{0,20}\d+\s*(s|sec|seconds?)\b", throttled),
          f"the sixth attempt's message does not say to wait N s: {throttled!r}")
    b.get("/signin?lang=vi")
    check(b.html_lang() == "vi", f"/signin?lang=vi: lang={b.html_lang()!r}")

    b.get("/signin?next=%2Foverview")
    b.sign_in(ADMIN, "not-the-password")
    check(b.path() == "/signin" and b.text("#message"), "a wrong password: not back on /signin with a message")
    b.sign_in(ADMIN, w.PASSWORD)
    check(b.path() == "/overview", f"signed in as admin, at {b.d.current_url}, not /overview")
    c = b.d.get_cookie("hl_session")
    if check(c, "no hl_session cookie after signing in"):
        check(c.get("httpOnly") is True, f"hl_session is not HttpOnly: {c}")
        check(c.get("sameSite") == "Strict", f"hl_session is not SameSite=Strict: {c}")

    nav = check_page_basics(b, "/overview as admin")
    if nav is not None:
        hrefs = {urllib.parse.urlsplit(x.get_attribute("href")).path for x in b.find("#nav a")}
        for p in ("/overview", "/units", "/kiosks", "/upload", "/admin/users", "/admin/audit"):
            check(p in hrefs, f"admin's nav has no link to {p}: {sorted(hrefs)}")
    b.one("form#signout", "sign-out form")
    b.one("form#signout input[name=csrf]", "sign-out form's token")

    upload(b, demo, ref)
    overview(b, ref)
    download_workbook(b, ref)
    units(b, demo, ref)
    kiosks(b, demo, ref)
    admin_pages(b)
    language(b)

    # Signed out: every page to /signin, and the old session is over on the server too.
    old_session = b.session_cookie()
    b.sign_out()
    check(b.path() == "/signin", f"after signing out, at {b.d.current_url}")
    for p in ("/overview", "/units", "/kiosks", "/upload", "/admin/users", "/admin/audit",
              "/download?view=overview&format=csv"):
        b.get(p)
        check(b.path() == "/signin", f"after signing out, {p} showed {b.d.current_url}, not /signin")
    if old_session:
        raw = w.Client(server.base)
        raw.cookies["hl_session"] = old_session
        r = raw.get("/overview")
        check(r.status == 303 and r.location_path() == "/signin",
              f"the signed-out session's cookie still opens /overview: {r.status} {r.header('Location')}")


def upload(b, demo, ref):
    b.get("/upload")
    form = b.one("form#upload", "upload form")
    if form is None:
        return
    check((form.get_attribute("enctype") or "").lower() == "multipart/form-data",
          f"upload form enctype {form.get_attribute('enctype')!r}")
    files = b.one("input#files[type=file][name=files]", "file input")
    check(files is not None and files.get_attribute("multiple") is not None, "input#files is not multiple")
    b.one("input#folder[webkitdirectory]", "folder input")
    b.one("form#upload input[name=csrf]", "upload form's token")
    b.one("progress#progress", "upload progress")
    scripts = [s.get_attribute("src") for s in b.find("script")]
    check(any(urllib.parse.urlsplit(s or "").path == "/static/upload.js" for s in scripts),
          f"the upload page does not load /static/upload.js: {scripts}")

    # The keys by the file input (one send_keys, paths joined by newlines), then every batch by
    # the folder input (Chromium reads the folder asynchronously: wait for its files).
    key_names = [os.path.basename(k) for k in demo.key_files]
    t0 = time.monotonic()
    keys = upload_and_wait(b, key_names, lambda: files.send_keys("\n".join(demo.key_files)), "key files")
    statuses = collections.Counter(status_of(s) for _, s, _ in keys)
    check(statuses == {"trusted": len(key_names)}, f"key files: {dict(statuses)}, not {len(key_names)} trusted")

    batch_names = [os.path.basename(f) for f in demo.batch_files]

    def choose_folder():
        files.clear()  # the keys are done: only the folder this time
        folder = b.one("input#folder", "folder input")
        folder.send_keys(demo.batches)
        w.wait_for(lambda: b.d.execute_script("return document.getElementById('folder').files.length")
                   == len(batch_names), 60, "Chromium to read the batch folder")
    rows = upload_and_wait(b, batch_names, choose_folder, "batch files")
    upload_s = time.monotonic() - t0
    print(f"uploaded {len(key_names)} keys and {len(batch_names)} batches through the page in {upload_s:.1f} s",
          flush=True)
    statuses = collections.Counter(status_of(s) for _, s, _ in rows)
    per_file = collections.Counter(r[0] for r in rows)
    check(all(n == 1 for n in per_file.values()), f"files with more than one row: "
          f"{[f for f, n in per_file.items() if n > 1][:5]}")
    check(all(why.strip() for _, s, why in rows if status_of(s) == "refused"), "a refused file without a reason")
    progress = b.d.execute_script("const p = document.getElementById('progress');"
                                  "return p ? [p.value, p.max] : null;")
    check(progress and progress[1] > 0 and progress[0] == progress[1], f"progress at the end: {progress}")
    b.shot("upload")

    ref.done.wait(600)
    print("hq import (reference):", ref.imported.strip().splitlines()[-1] if ref.imported else None, flush=True)
    stored, known, refused = statuses.get("stored", 0), statuses.get("known", 0), statuses.get("refused", 0)
    check(ref.files_ok is not None, f"hq import's summary not read: {ref.imported!r}")
    check(stored + known == ref.files_ok, f"upload: {stored} stored + {known} known, hq import: {ref.files_ok} ok "
          f"({dict(statuses)})")
    check(refused == ref.files_refused == 0, f"upload: {refused} refused, hq import {ref.files_refused}")
    check(known == 1, f"upload: {known} file(s) known, the demo has one copied batch ({dict(statuses)})")
    check(set(statuses) <= {"stored", "known"}, f"batch statuses: {dict(statuses)}")
    check(re.search(r"responses: 0 stored", ref.again or ""), f"hq import again stored something: {ref.again!r}")


def overview(b, ref):
    b.get("/overview")
    check_page_basics(b, "/overview")
    want = ref.headline()
    check(want == "86.69%", f"hq report of the demo's files says {want}, not 86.69% (README)")
    headline = b.text("#headline") or ""
    check("86.69%" in headline, f"#headline is {headline!r}, not 86.69%")
    defs = b.text("#definitions") or ""
    check(len(w.figures_or_dashes(defs)) == 3 and "86.69%" in defs,
          f"#definitions has not three figures (the first 86.69%): {defs!r}")
    check(b.find("#trend svg") or b.find("svg#trend"), "#trend holds no inline svg")
    for t in ("best", "worst"):
        rows = b.find(f"#{t} tr") if b.find(f"table#{t}") else b.find(f"#{t} table tr")
        check(len(rows) >= 2, f"#{t}: not a table of units ({len(rows)} rows)")
    quality = b.find("#quality li")
    check(quality, "#quality lists no data-quality note (the demo has a gap, a copy, misuse, a wrong clock)")
    for fmt in ("xlsx", "csv", "html"):
        link = b.one(f"a#dl-{fmt}", f"download link {fmt}")
        if link is not None:
            u = urllib.parse.urlsplit(link.get_attribute("href"))
            q = dict(urllib.parse.parse_qsl(u.query))
            check(u.path == "/download" and q.get("format") == fmt and q.get("view") == "overview",
                  f"#dl-{fmt} goes to {link.get_attribute('href')}")
    b.shot("overview")


def download_workbook(b, ref):
    b.get("/overview")
    link = b.one("a#dl-xlsx", "workbook link")
    if link is None:
        return
    link.click()

    def downloaded():
        names = [n for n in os.listdir(b.downloads) if not n.endswith(".crdownload")]
        return names if names and not any(n.endswith(".crdownload") for n in os.listdir(b.downloads)) else None
    names = w.wait_for(downloaded, 60, "the workbook in the download folder")
    if not names:
        return
    check(len(names) == 1 and names[0].endswith(".xlsx"), f"downloaded {names}, not one .xlsx")
    path = os.path.join(b.downloads, names[0])
    try:
        check(w.xlsx_has_figure(path, "86.69%"), f"the downloaded workbook {names[0]} holds no 86.69%")
    except Exception as e:
        problem(f"openpyxl cannot read the downloaded {names[0]}: {e}")
    # The same view as CSV and HTML, with the browser's session: attachments, figures of the page.
    c = b.client()
    for fmt in ("csv", "html"):
        r = c.get(f"/download?view=overview&format={fmt}")
        cd = r.header("Content-Disposition") or ""
        check(r.status == 200 and cd.startswith("attachment") and "filename" in cd,
              f"/download {fmt}: {r.status}, Content-Disposition {cd!r}")
        check("86.69" in r.text, f"the {fmt} download does not hold 86.69")


def units(b, demo, ref):
    b.get("/units")
    check_page_basics(b, "/units")
    b.one("table#units", "the top of the units")
    b.one("#crumbs", "breadcrumb")
    province = demo.unit(HOME_PROVINCE)
    # Down to Hà Tĩnh's police: a link naming Hà Tĩnh, then (if the tree has the province above
    # its police) the link to CAT-HT.
    a, unit = drill_link(b, HOME_PROVINCE)
    if a is None:
        a, unit = drill_link(b, None, "Hà Tĩnh")
    if a is None:
        return problem(f"/units has no a.drill to Hà Tĩnh: {[x.text for x in b.find('a.drill')][:20]}")
    for _ in range(3):
        click_and_wait(b, a, f"/units?unit={unit}")
        if b.query().get("unit") == HOME_PROVINCE:
            break
        a, unit = drill_link(b, HOME_PROVINCE)
        if a is None:
            return problem(f"no a.drill to {HOME_PROVINCE} at {b.d.current_url}")
    check(b.query().get("unit") == HOME_PROVINCE, f"drilled to {b.d.current_url}, not {HOME_PROVINCE}")
    want = ref.headline(HOME_PROVINCE)
    got = b.text("#headline") or ""
    check(want and want in got, f"/units?unit={HOME_PROVINCE}: #headline {got!r}, hq report --under says {want}")
    check(province["name_vi"] in (b.text("#crumbs") or "") or province["name_vi"] in (b.text("#headline") or "")
          or province["name_vi"] in b.source(), f"the province's page does not name {province['name_vi']}")
    children = {u["code"] for u in demo.units if u["parent"] == HOME_PROVINCE}
    shown = {drill_link_unit(x) for x in b.find("#units a.drill")}
    check(shown and shown <= children | {HOME_PROVINCE}, f"units under {HOME_PROVINCE}: {sorted(shown)}, "
          f"units.csv: {sorted(children)}")
    b.shot("units-province")

    a, commune = drill_link(b, "CAX-HT")
    if a is None:
        return problem(f"no a.drill to a commune of {HOME_PROVINCE}")
    click_and_wait(b, a, f"/units?unit={commune}")
    check(b.query().get("unit") == commune, f"drilled to {b.d.current_url}, not {commune}")
    b.one("table#counters", f"counters of {commune}")
    b.one("table#officers", f"officers of {commune}")
    want = ref.headline(commune)
    got = b.text("#headline") or ""
    check(want and want in got, f"/units?unit={commune}: #headline {got!r}, hq report --under says {want}")
    crumbs = b.find("#crumbs a")
    check(any(drill_unit_of(x.get_attribute("href")) == HOME_PROVINCE for x in crumbs),
          f"the commune's breadcrumb has no link back to {HOME_PROVINCE}: "
          f"{[x.get_attribute('href') for x in crumbs]}")
    b.shot("units-commune")


def drill_unit_of(href):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(href or "").query)).get("unit")


def drill_link_unit(a):
    return drill_unit_of(a.get_attribute("href"))


def kiosks(b, demo, ref):
    b.get("/kiosks")
    check_page_basics(b, "/kiosks")
    rows = b.d.execute_script("return Array.from(document.querySelectorAll('#kiosks tr.kiosk'))"
                              ".map(r => Array.from(r.cells).map(c => c.textContent.replace(/\\s+/g, ' ').trim())"
                              ".join(' | '));")
    ids = demo.kiosk_ids()
    check(len(rows) == len(ids), f"/kiosks: {len(rows)} tr.kiosk, the demo has {len(ids)} kiosks")
    if all(ids):
        missing = [k for k in ids if not any(k[:8] in r for r in rows)]
        check(not missing, f"/kiosks shows no row for kiosk(s) {missing[:3]}")
    # The kiosk with a batch that never arrived (hq kiosks: "    MISSING batch(es): N"): its row says N.
    gaps, kiosk = {}, None
    for line in (ref.kiosks or "").splitlines()[1:]:
        if line and not line[0].isspace():
            kiosk = line.split()[0]
        m = re.match(r"\s+MISSING batch\(es\):([\d ]+)$", line)
        if m and kiosk:
            gaps[kiosk] = m.group(1).split()
    check(len(gaps) == 1, f"hq kiosks of the demo names {len(gaps)} kiosk(s) with missing batches, not 1")
    for k, missing in gaps.items():
        row = [r for r in rows if k[:8] in r]
        check(row and all(re.search(r"(?<![\d.:-])" + n + r"(?![\d.:-])", row[0]) for n in missing),
              f"/kiosks: the row of kiosk {k} does not show its missing batch(es) {missing}: {row[:1]}")
    b.shot("kiosks")


def admin_pages(b):
    b.get("/admin/users")
    check_page_basics(b, "/admin/users")
    users = b.text("table#users") or ""
    for name in (ADMIN, ANALYST, THROTTLED):
        check(name in users, f"#users does not list {name}")
    new_user = "xem.ht"
    if _choose(b, "form#add-user [name=role]", "viewer") and _choose(b, "form#add-user [name=unit]", HOME_PROVINCE):
        b.submit("form#add-user", {"name": new_user, "display": "Người xem Hà Tĩnh", "password": w.PASSWORD,
                                   "password2": w.PASSWORD},
                 "#add-user-submit")
    b.get("/admin/users")
    check(new_user in (b.text("table#users") or ""), f"{new_user} added by the form is not in #users")
    b.shot("users")

    # A POST without the form token, or with a wrong one, from the page itself: 403, nothing added.
    body = urllib.parse.urlencode({"name": "khong.token", "display": "x", "role": "viewer", "unit": "",
                                   "password": w.PASSWORD, "password2": w.PASSWORD})
    check(b.fetch_status("/admin/users/add", body) == 403, "POST /admin/users/add without csrf: not 403")
    check(b.fetch_status("/admin/users/add", body + "&csrf=not-the-token") == 403,
          "POST /admin/users/add with a wrong csrf: not 403")
    b.get("/admin/users")
    check("khong.token" not in (b.text("table#users") or ""), "an account was added by a POST without csrf")

    b.get("/admin/audit")
    check_page_basics(b, "/admin/audit")
    audit = b.text("table#audit") or ""
    rows = b.find("table#audit tr")
    check(len(rows) >= 5, f"#audit has {len(rows)} rows (sign-ins, failed ones, uploads, a user added)")
    for name, why in ((ADMIN, "the admin's sign-in"), (THROTTLED, "the failed sign-ins"), (new_user, "the user added")):
        check(name in audit, f"#audit does not name {name} ({why})")
    check(re.search(r"(?i)upload|tải lên|tải tệp lên|\.hlbatch|\.key", audit), "#audit shows no upload")
    b.shot("audit")


def _choose(b, css, value):
    """A form field set to value: a select by its option's value, else typed."""
    from selenium.webdriver.support.ui import Select
    e = b.one(css, "form field")
    if e is None:
        return False
    if e.tag_name == "select":
        Select(e).select_by_value(value)
    else:
        e.clear()
        e.send_keys(value)
    return True


def language(b):
    b.get("/kiosks?lang=en")
    check(b.html_lang() == "en", f"/kiosks?lang=en: lang={b.html_lang()!r}")
    lang = b.d.get_cookie("hl_lang")
    check(lang and lang["value"] == "en", f"?lang=en set no hl_lang=en cookie: {lang}")
    b.get("/overview")
    check(b.html_lang() == "en", f"/overview after ?lang=en elsewhere: lang={b.html_lang()!r}")
    b.get("/overview?lang=vi")
    check(b.html_lang() == "vi", f"/overview?lang=vi: lang={b.html_lang()!r}")


def as_analyst(b, server, demo, ref):
    """A province's analyst: its own province only."""
    b.get("/signin")
    b.sign_in(ANALYST, w.PASSWORD)
    check(b.path() == "/overview", f"signed in as {ANALYST}, at {b.d.current_url}")
    hrefs = {urllib.parse.urlsplit(x.get_attribute("href")).path for x in b.find("#nav a")}
    check("/upload" in hrefs, f"an analyst's nav has no /upload: {sorted(hrefs)}")
    check(not hrefs & {"/admin/users", "/admin/audit"}, f"an analyst's nav links to admin pages: {sorted(hrefs)}")
    want = ref.headline(HOME_PROVINCE)
    got = b.text("#headline") or ""
    check(want and want in got, f"the analyst's /overview: #headline {got!r}, hq report --under {HOME_PROVINCE} "
          f"says {want}")
    others = demo.under(OTHER_PROVINCE)
    other_codes = [u["code"] for u in others]
    home_kiosks = len(demo.under(HOME_PROVINCE))

    for path in ("/overview", "/units", "/kiosks"):
        b.get(path)
        leaked = w.leaks(b.source(), others)
        check(not leaked, f"the analyst's {path} shows {OTHER_PROVINCE}'s {leaked}")
    b.get("/kiosks")
    n = len(b.find("#kiosks tr.kiosk"))
    check(n == home_kiosks, f"the analyst's /kiosks: {n} kiosks, {HOME_PROVINCE} has {home_kiosks}")

    # Another province's pages by typed URLs: refused, and nothing of it on the page.
    commune = next(c for c in other_codes if c.startswith("CAX-"))
    for path in (f"/overview?unit={OTHER_PROVINCE}", f"/units?unit={OTHER_PROVINCE}", f"/kiosks?unit={OTHER_PROVINCE}",
                 f"/units?unit={commune}", f"/overview?unit={commune}&from=2019-01&to=2019-12", "/units?unit=C08",
                 "/overview?unit=42"):
        b.get(path)
        src = b.source()
        check(b.find("#refused"), f"the analyst's {path}: no #refused")
        leaked = w.leaks(src, others, typed=typed_units(path))
        check(not leaked, f"the analyst's refused {path} shows {leaked}")
        figures = w.percentages(b.d.find_element(b.By.TAG_NAME, "body").text)
        check(not figures, f"the analyst's refused {path} shows figures {figures}")
    b.shot("refused")
    c = b.client()
    for path in (f"/overview?unit={OTHER_PROVINCE}", f"/download?view=overview&format=csv&unit={OTHER_PROVINCE}",
                 f"/download?view=units&format=xlsx&unit={OTHER_PROVINCE}",
                 f"/download?view=kiosks&format=csv&unit={commune}", "/admin/users", "/admin/audit"):
        r = c.get(path)
        check(r.status == 403, f"the analyst's {path}: {r.status}, not 403")
        if "html" in (r.header("Content-Type") or ""):
            check('id="refused"' in r.text, f"the analyst's {path}: 403 without id=\"refused\"")
        leaked = w.leaks(r.text, others, typed=typed_units(path))
        check(not leaked, f"the analyst's {path} (403) shows {leaked}")

    r = c.get("/download?view=overview&format=csv")
    check(r.status == 200, f"the analyst's own CSV download: {r.status}")
    leaked = w.leaks(r.text, others)
    check(not leaked, f"the analyst's own CSV download shows {OTHER_PROVINCE}'s {leaked}")
    crawl(c, others)

    b.get("/overview")
    b.sign_out()
    b.get("/units")
    check(b.path() == "/signin", f"the analyst signed out still sees {b.d.current_url}")


def typed_units(path):
    return [v for k, v in urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query) if k == "unit"]


def crawl(c, others, limit=250):
    """Every page, download and link the analyst can reach from its pages, by GET: none shows
    the other province."""
    seen, todo, visited = set(), ["/overview", "/units", "/kiosks", "/upload"], 0
    while todo and visited < limit:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        r = c.get(path)
        visited += 1
        ctype = r.header("Content-Type") or ""
        if r.status in (301, 302, 303, 307):
            check(r.location_path() != "/signin", f"crawling as the analyst: {path} went to /signin")
            loc = r.header("Location")
            if loc and loc.startswith("/") and not loc.startswith("//"):
                todo.append(loc)
            continue
        check(r.status == 200, f"crawling as the analyst: {path} answered {r.status} (linked from its pages)")
        if "spreadsheetml" in ctype:
            import tempfile
            with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
                f.write(r.body)
                f.flush()
                text = w.xlsx_text(f.name)
        else:
            text = r.text
        leaked = w.leaks(text, others)
        check(not leaked, f"crawling as the analyst: {path} shows {leaked}")
        if "html" in ctype:
            for href in w.read_html(text).links:
                u = urllib.parse.urlsplit(urllib.parse.urljoin(path, href))
                if u.scheme or u.netloc or u.path in ("/signin", "/signout"):
                    continue
                target = u.path + ("?" + u.query if u.query else "")
                if target not in seen:
                    todo.append(target)
    print(f"crawled {visited} pages and downloads as the analyst ({len(todo)} left unvisited)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
