"""Citizens' comments in the browser (issue 19), a phase of check_web_browser.py: headquarters'
keys made by `hailong hq key init`; two kiosks with that key pinned (tests/tools/make_sealed_kiosk),
one at a commune of the analyst's province and one at a commune of another province, each
exporting a sealed batch (`hailong export`) that `hailong hq import` stores without the key, so
its comment is sealed. The analyst's comments page then shows one sealed comment and the hint to
run `hailong hq unseal`; after `hq unseal --keys` it shows the text, as text (a <script> in it
does not run), and never the other province's comment; the CSV download holds it; a stranger is
sent to sign in. Screenshots at 1366 and 400 wide.
"""
import json
import os
import urllib.parse

import hq_web as w
from hq_web import check

HOME_COMMENT = 'Cán bộ tận tình <script>window.hacked = 1</script> "cảm ơn" & chờ hơi lâu'
OTHER_COMMENT = "Góp ý của tỉnh khác, không được lộ"


def sealed_kiosk_batch(h, make, folder, box, unit_code, unit_name, comment):
    """A kiosk of `unit_code` with headquarters' box key pinned, its one sealed batch exported:
    (batch file, kiosk key file)."""
    data, usb = os.path.join(folder, "data"), os.path.join(folder, "usb")
    os.makedirs(usb)
    w.run([make, data, box, comment, "HS-2026-000001", unit_code, unit_name])
    w.run([h, "export", "--data-dir", data, "--out", usb])
    key = os.path.join(folder, "kiosk.key")
    w.run([h, "key", "--data-dir", data, "--out", key])
    batches = [os.path.join(usb, n) for n in os.listdir(usb) if n.endswith(".hlbatch")]
    check(len(batches) == 1, f"hailong export of the sealed kiosk wrote {batches}")
    return batches[0], key


def commune_of(demo, province):
    return next(u for u in demo.under(province) if u["code"] != province and u.get("level") == "commune")


def sealed_comments(b, h, make, tmp, demo, db, analyst, home, other):
    # The commands below never read a default key folder.
    os.environ["HAILONG_HQ_KEYS"] = os.path.join(tmp, "no-default-keys")
    keys = os.path.join(tmp, "hq-keys")
    w.run([h, "hq", "key", "init", "--keys", keys, "--name", "Trụ sở thử"])
    public = os.path.join(tmp, "hq-key.json")
    w.run([h, "hq", "key", "show", "--keys", keys, "--out", public])
    with open(public, encoding="utf-8") as f:
        box = json.load(f)["box_key"]
    home_unit, other_unit = commune_of(demo, home), commune_of(demo, other)
    for unit, comment, name in ((home_unit, HOME_COMMENT, "home"), (other_unit, OTHER_COMMENT, "other")):
        folder = os.path.join(tmp, "sealed-" + name)
        batch, key = sealed_kiosk_batch(h, make, folder, box, unit["code"], unit["name_vi"], comment)
        w.run([h, "hq", "trust", "--db", db, key])
        out = w.run([h, "hq", "import", "--db", db, batch])  # no key: stored sealed
        check("1 comments sealed" in out, f"hq import of the sealed batch without keys says: {out}")

    # Signed out: to sign in, and back to the comments after.
    b.get("/comments")
    check(b.path() == "/signin", f"/comments signed out went to {b.d.current_url}, not /signin")
    check(b.query().get("next", "").startswith("/comments"), f"/signin without next=/comments: {b.d.current_url}")
    stranger = w.Client(b.base).get("/comments?unit=" + urllib.parse.quote(home))
    check(stranger.status == 303 and stranger.location_path() == "/signin",
          f"a stranger's /comments: {stranger.status} to {stranger.header('Location')}")
    b.sign_in(analyst, w.PASSWORD)
    check(b.path() == "/comments", f"signed in from /comments, at {b.d.current_url}")

    # Sealed: counted, the hint, no text.
    sealed = b.text("#sealed") or ""
    check(sealed.startswith("1 góp ý còn niêm phong") and "hailong hq unseal" in sealed,
          f"the analyst's /comments before the key: #sealed says {sealed!r}")
    check(len(b.find("#comments tr.comment.sealed")) == 1,
          f"the analyst's /comments before the key: {len(b.find('#comments tr.comment.sealed'))} sealed rows, not 1")
    check("tận tình" not in b.source(), "a sealed comment's text is on the page before the key")
    b.shot("comments-sealed")

    # Opened with the key, as an administrator does on the server.
    out = w.run([h, "hq", "unseal", "--db", db, "--keys", keys])
    check("2 comment(s) opened" in out, f"hq unseal: {out}")
    b.get("/comments")
    check(not b.find("#sealed"), "the analyst's /comments after hq unseal still shows #sealed")
    rows = b.find("#comments tr.comment")
    check(len(rows) == 1, f"the analyst's /comments: {len(rows)} comments, not 1 (its province's)")
    text = b.text("#comments td.text") or ""
    check(text == " ".join(HOME_COMMENT.split()), f"the comment is shown as {text!r}, typed {HOME_COMMENT!r}")
    check(b.d.execute_script("return window.hacked === undefined"), "the <script> of a comment ran")
    check(home_unit["name_vi"] in (b.text("#comments td.where") or ""), "the comment's unit is not shown")
    src = b.source()
    check(OTHER_COMMENT not in src, "the analyst sees the other province's comment")
    leaked = w.leaks(src, demo.under(other))
    check(not leaked, f"the analyst's /comments shows {other}'s {leaked}")
    shot_widths(b, "comments")

    # Reached from the overview too; the other province refused; the CSV holds the comment.
    b.get("/overview")
    link = b.one("#comments-link", "the overview's link to the comments")
    if link is not None:
        check(urllib.parse.urlsplit(link.get_attribute("href")).path == "/comments",
              f"the overview's #comments-link goes to {link.get_attribute('href')}")
    b.get("/comments?unit=" + urllib.parse.quote(other))
    check(b.find("#refused") and OTHER_COMMENT not in b.source(), f"the analyst's /comments?unit={other} not refused")
    c = b.client()
    r = c.get("/download?view=comments&format=csv")
    check(r.status == 200 and HOME_COMMENT.split("<")[0].strip() in r.text and OTHER_COMMENT not in r.text,
          f"the analyst's comments CSV: {r.status}, {r.text[:300]!r}")
    b.get("/overview")
    b.sign_out()


def shot_widths(b, name):
    """The page at 1366 and at 400 wide (a phone)."""
    if not b.shots:
        return
    for width, height in ((1366, 768), (400, 860)):
        b.d.set_window_size(width, height)
        b.d.save_screenshot(os.path.join(b.shots, f"web-{name}-{width}x{height}.png"))
    b.d.set_window_size(1366, 768)
