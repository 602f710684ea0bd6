#!/usr/bin/env python3
"""Checks the HTML report of headquarters against the CSV of the same report.

usage: check_report_html.py HTML CSV --headline TEXT [--trend-points N]

Reads the page with Python's html.parser (standard library only) and checks that:
  - every element is closed in order (void elements aside) and the page is one <html lang="vi">
    with <meta charset="utf-8">;
  - it is self-contained: no <script>, <link>, <img>, <iframe>, <object>, <embed>, no src=,
    href=, srcset=, action=, no on...= handler, no url( or @import in the CSS, no "://" at all;
  - the element of class "headline" reads TEXT (e.g. "57.14% hài lòng");
  - the table of class "breakdown" has one body row per CSV row and a footer row for TOTAL, the
    same numbers in the same columns (ratings, satisfied, %, SIPAS, dossiers, misuse,
    superseded, clock-suspect; a percentage of a whole of 0 is "—" on the page where the CSV
    says 0.00%), the same keys ("(none)" is "(không có)" on the page), the same names where the
    CSV has one;
  - the SVG charts of class "bars" (the bar chart, in parts) have one <rect class="bar"> per
    row, in order, each labelled with its row's satisfied % (rows with no rating say so
    instead); no chart when there is no row;
  - with --trend-points N, the SVG chart of class "trend" has N <circle class="point">.
Prints every difference, and exits 1 if there is one (2 for bad arguments or unreadable files).
"""
import argparse
import csv
import html.parser
import io
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed", "frame", "audio", "video", "source", "base"}
# The columns of the CSV's percentages and of their wholes: ratings, SIPAS answers, dossiers.
WHOLE_OF = {4: 2, 6: 5, 8: 7}
FORBIDDEN_ATTRS = {"src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "background"}

problems = []


def problem(message):
    problems.append(message)


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []
        self.text_parts = []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        parts = []
        for item in self.text_parts:
            parts.append(item if isinstance(item, str) else item.text())
        return "".join(parts)

    def clean_text(self):
        return " ".join(self.text().split())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag=None, cls=None):
        return [e for e in self.walk() if (tag is None or e.tag == tag) and (cls is None or cls in e.classes())]


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.current = self.root
        self.doctype = None
        self.style_text = []

    def handle_decl(self, decl):
        self.doctype = decl

    def _open(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.current.text_parts.append(element)
        if tag in FORBIDDEN_TAGS:
            problem(f"<{tag}> is not allowed in a self-contained page without script")
        for name, value in attrs:
            if name in FORBIDDEN_ATTRS:
                problem(f"<{tag} {name}={value!r}>: points to another resource")
            if name.startswith("on"):
                problem(f"<{tag} {name}=...>: an event handler is script")
        return element

    def handle_starttag(self, tag, attrs):
        element = self._open(tag, attrs)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self._open(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            problem(f"</{tag}> closes <{self.current.tag}> (line {self.getpos()[0]})")
            node = self.current
            while node is not None and node.tag != tag:
                node = node.parent
            if node is None:
                return
            self.current = node
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.text_parts.append(data)
        if self.current.tag == "style":
            self.style_text.append(data)


def cells_of(row):
    return [c.clean_text() for c in row.children if c.tag in ("td", "th")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("html")
    parser.add_argument("csv")
    parser.add_argument("--headline", required=True)
    parser.add_argument("--trend-points", type=int)
    args = parser.parse_args()
    try:
        with open(args.html, "rb") as f:
            raw = f.read()
        with open(args.csv, "rb") as f:
            csv_text = f.read().decode("utf-8")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"cannot read the files: {e}", file=sys.stderr)
        return 2

    page = Page()
    page.feed(text)
    page.close()
    if page.current is not page.root:
        problem(f"<{page.current.tag}> is never closed")
    if (page.doctype or "").lower() != "doctype html":
        problem(f"the doctype is {page.doctype!r}, not 'DOCTYPE html'")
    roots = [e for e in page.root.children]
    if len(roots) != 1 or roots[0].tag != "html" or roots[0].attrs.get("lang") != "vi":
        problem("the page is not one <html lang=\"vi\">")
    if not any((m.attrs.get("charset") or "").lower() == "utf-8" for m in page.root.find_all("meta")):
        problem("no <meta charset=\"utf-8\">")
    if "://" in text:
        problem("the page names an address (\"://\")")
    style = "".join(page.style_text).lower()
    if "url(" in style or "@import" in style:
        problem("the CSS loads something (url( or @import)")

    headlines = page.root.find_all(cls="headline")
    if len(headlines) != 1:
        problem(f"{len(headlines)} elements of class headline, not one")
    elif headlines[0].clean_text() != args.headline:
        problem(f"the headline reads {headlines[0].clean_text()!r}, not {args.headline!r}")

    # The figures: the CSV's first 12 columns (its province and note columns are for programs).
    csv_rows = [r[:12] for r in csv.reader(io.StringIO(csv_text, newline=""))]
    header, body, total = csv_rows[0], csv_rows[1:-1], csv_rows[-1]
    if total[0] != "TOTAL":
        problem(f"the CSV's last row is {total[0]!r}, not TOTAL")

    tables = page.root.find_all("table", "breakdown")
    if len(tables) != 1:
        problem(f"{len(tables)} tables of class breakdown, not one")
    else:
        table = tables[0]
        html_body = [cells_of(r) for s in table.find_all("tbody") for r in s.find_all("tr")]
        html_foot = [cells_of(r) for s in table.find_all("tfoot") for r in s.find_all("tr")]
        if len(html_body) != len(body):
            problem(f"{len(html_body)} body rows in the table, {len(body)} in the CSV")
        if len(html_foot) != 1:
            problem(f"{len(html_foot)} footer rows in the table, not one (TOTAL)")
        pairs = list(zip(body, html_body)) + list(zip([total], html_foot[:1]))
        for number, (want, got) in enumerate(pairs, start=1):
            if len(got) != len(header):
                problem(f"table row {number}: {len(got)} cells, the CSV has {len(header)}: {got}")
                continue
            key = {"(none)": "(không có)", "TOTAL": "Tổng cộng"}.get(want[0], want[0])
            if got[0] != key:
                problem(f"table row {number}: key {got[0]!r}, CSV {want[0]!r}")
            if want[1] and got[1] != want[1]:
                problem(f"table row {number}: name {got[1]!r}, CSV {want[1]!r}")
            for column in range(2, len(header)):
                whole = WHOLE_OF.get(column)
                if whole is not None and got[column] == "—" and want[whole] == "0":
                    continue  # a percentage of nothing: "—" on the page, 0.00% in the CSV
                if got[column] != want[column]:
                    problem(f"table row {number} ({want[0]}), {header[column]}: {got[column]!r}, CSV {want[column]!r}")

    charts = [s for s in page.root.find_all("svg") if "bars" in s.classes()]  # in parts, a page each when printed
    if not body and not charts:
        pass  # nothing to draw: the page says so
    elif not charts:
        problem("no bar chart (svg of class bars)")
    else:
        bars = [b for chart in charts for b in chart.find_all("rect", "bar")]
        values = [v.clean_text() for chart in charts for v in chart.find_all("text", "value")]
        if len(bars) != len(body):
            problem(f"{len(bars)} bars for {len(body)} groups")
        if len(values) != len(body):
            problem(f"{len(values)} bar labels for {len(body)} groups")
        for number, (want, got) in enumerate(zip(body, values), start=1):
            expected = want[4] if want[2] != "0" else "không có lượt"
            if got != expected:
                problem(f"bar {number} ({want[0]}) is labelled {got!r}, not {expected!r}")
        for bar in bars:
            try:
                if float(bar.attrs.get("width", "x")) < 0:
                    problem(f"a bar has a negative width: {bar.attrs}")
            except ValueError:
                problem(f"a bar has no numeric width: {bar.attrs}")

    trends = [s for s in page.root.find_all("svg") if "trend" in s.classes()]
    if args.trend_points is not None:
        points = trends[0].find_all("circle", "point") if len(trends) == 1 else []
        if args.trend_points == 0 and trends:
            problem("a trend chart without trend")
        elif args.trend_points and len(points) != args.trend_points:
            problem(f"{len(trends)} trend charts with {len(points)} points, not one with {args.trend_points}")

    for message in problems[:60]:
        print(message)
    if len(problems) > 60:
        print(f"... and {len(problems) - 60} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
