#!/usr/bin/env python3
"""Checks the HTML report of headquarters against the CSV of the same report.

usage: check_report_html.py HTML CSV --headline TEXT [--trend-points N] [--min-ratings N]

Reads the page with Python's html.parser (standard library only) and checks that:
  - every element is closed in order (void elements aside) and the page is one <html lang="vi">
    with <meta charset="utf-8">;
  - it is self-contained: no <script>, <link>, <img>, <iframe>, <object>, <embed>, no src=,
    href=, srcset=, action=, no on...= handler, no url( or @import in the CSS, no "://" at all;
  - the element of class "headline" reads TEXT (e.g. "57.14% hài lòng");
  - the tables of class "breakdown" hold, together, one body row per CSV row (rows of class "gap",
    headings, aside), the same numbers in the same columns as the CSV's first 12 (ratings,
    satisfied, %, SIPAS, dossiers, misuse, superseded, clock-suspect; a percentage of a whole of 0
    is "—" on the page where the CSV says 0.00%), the same keys ("(none)" is "(không có)" on the
    page), the same names where the CSV has one (a former unit's "(–2025-06-30)" is "(đến
    30/06/2025)" on the page, apart; a name in both languages "(vi / en)" may be its Vietnamese
    part), and the CSV's notes as marks: "ít hơn N lượt: không xếp hạng" on a row of class
    "few" for "fewer than N ratings", "không có trong danh mục" for "not in the unit registry";
  - with one such table, its rows are the CSV's in order and its footer is the TOTAL row;
  - with several (a report by unit in provinces), each is in a closed <details class="group">
    of one roll-up group (data-province="40", or data-unregistered for the codes not in the
    registry) and holds exactly the CSV rows of that group (the CSV's province column; its
    note for the codes not in the registry) in the CSV's order; every CSV row is in one of them;
    the table of class "rollup" has one row per group, in the order of the sections, with the
    number of its units and the pooled sums of their CSV rows (percentages recomputed from the
    sums, never averaged), "few" when its pooled ratings are under N, and its footer is the TOTAL
    row; each section's <summary> says the group's units, ratings and pooled %;
  - exactly one footer row (TOTAL) in all the tables of figures; when the CSV's TOTAL says "all M
    groups, not only those shown", the page says "K / M nhóm";
  - the SVG charts of class "bars" (the bar chart, in parts) have one <rect class="bar"> per
    group, in order, each labelled with its satisfied % (groups with no rating say so instead),
    of class "few" exactly for the groups with too few ratings: the CSV rows, or the groups of
    the rollup table when there is one; no chart when there is no row;
  - with --trend-points N, the SVG chart of class "trend" has N <circle class="point">.
Prints every difference, and exits 1 if there is one (2 for bad arguments or unreadable files).
"""
import argparse
import csv
import decimal
import html.parser
import io
import re
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

    def text_without(self, cls):
        """The text, leaving out the elements of class cls (and what is in them)."""
        parts = []
        for item in self.text_parts:
            if isinstance(item, str):
                parts.append(item)
            elif cls not in item.classes():
                parts.append(item.text_without(cls))
        return " ".join("".join(parts).split())

    def ancestor(self, tag, cls=None):
        node = self.parent
        while node is not None and not (node.tag == tag and (cls is None or cls in node.classes())):
            node = node.parent
        return node

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


NOTE_FEW = re.compile(r"fewer than (\d+) ratings: not ranked")
NOTE_UNREGISTERED = "not in the unit registry"
ENDED = re.compile(r"^(.*) \(–(\d{4})-(\d{2})-(\d{2})\)$")
ALL_GROUPS = re.compile(r"all (\d+) groups, not only those shown")


def plain(text):
    """Digits as the CSV writes them: the page's thousands are apart by narrow no-break spaces."""
    return text.replace("\u202f", "").replace("\xa0", "")


def percent_text(part, whole):
    """The CSV's percentage: 100 * part / whole rounded half up, "—" on the page for a whole of 0."""
    if not whole:
        return "—"
    exact = decimal.Decimal(100 * part) / decimal.Decimal(whole)
    return str(exact.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)) + "%"


def group_of_csv(row):
    """The roll-up group of a CSV row: "u" for the codes not in the registry, else "p:" + its province."""
    return "u" if NOTE_UNREGISTERED in row[13] else "p:" + row[12]


def group_of_element(element):
    if "data-unregistered" in element.attrs:
        return "u"
    if "data-province" in element.attrs:
        return "p:" + (element.attrs["data-province"] or "")
    return None


class Shown:
    """A row of a table of figures as the page shows it: cells, the name apart from its asides."""

    def __init__(self, tr):
        self.tr = tr
        cells = [c for c in tr.children if c.tag in ("td", "th")]
        self.cells = [c.clean_text() for c in cells]
        self.name = ""
        self.ended = ""
        self.where = ""
        self.marks = []
        names = [c for c in cells if "name" in c.classes()]
        if names:
            cell = names[0]
            self.name = cell.text_without("aside")
            for aside in cell.find_all(cls="aside"):
                if "ended" in aside.classes():
                    self.ended = aside.clean_text()
                elif "where" in aside.classes():
                    self.where = aside.clean_text()
                elif "mark" in aside.classes():
                    self.marks.append(aside.clean_text())
        elif len(self.cells) > 1:
            self.name = self.cells[1]
        self.few = "few" in tr.classes()


def body_rows(table):
    return [r for s in table.find_all("tbody") for r in s.find_all("tr") if "gap" not in r.classes()]


def foot_rows(table):
    return [r for s in table.find_all("tfoot") for r in s.find_all("tr")]


def expected_name(csv_name):
    """(the name the page shows, the "(đến dd/mm/yyyy)" beside it, or "")."""
    m = ENDED.match(csv_name)
    if m:
        return m.group(1), f"(đến {m.group(4)}/{m.group(3)}/{m.group(2)})"
    return csv_name, ""


def identity(csv_row):
    key = {"(none)": "(không có)", "TOTAL": "Tổng cộng"}.get(csv_row[0], csv_row[0])
    return key, csv_row[1]


def compare_row(where, want, got, header, units=None):
    """Problems of a page row against its CSV row (14 columns); units: the rollup's unit count."""
    out = []
    cells = list(got.cells)
    if units is not None:
        if len(cells) != 13:
            return [f"{where}: {len(cells)} cells, not 13 (with the number of units): {cells}"]
        if cells[2] != str(units):
            out.append(f"{where}: {cells[2]!r} units, not {units}")
        del cells[2]
    if len(cells) != 12:
        return [f"{where}: {len(cells)} cells, the CSV has 12 figures: {cells}"]
    key, csv_name = identity(want)
    if cells[0] != key:
        out.append(f"{where}: key {cells[0]!r}, CSV {want[0]!r}")
    name, ended = expected_name(csv_name)
    bilingual = re.match(r"^\((.*) / .*\)$", name)
    if name and got.name != name and not (bilingual and got.name == f"({bilingual.group(1)})"):
        out.append(f"{where}: name {got.name!r}, CSV {csv_name!r}")
    if got.ended != ended:
        out.append(f"{where}: {got.ended!r} beside the name, not {ended!r} (CSV {csv_name!r})")
    marks = []
    if NOTE_UNREGISTERED in want[13]:
        marks.append("không có trong danh mục")
    few = NOTE_FEW.search(want[13])
    if few:
        marks.append(f"ít hơn {few.group(1)} lượt: không xếp hạng")
    if want[0] != "TOTAL" and got.marks != marks:
        out.append(f"{where}: marked {got.marks}, the CSV's note {want[13]!r} says {marks}")
    if want[0] != "TOTAL" and got.few != bool(few):
        out.append(f"{where}: {'muted' if got.few else 'not muted'} (class few), the CSV's note is {want[13]!r}")
    for column in range(2, 12):
        whole = WHOLE_OF.get(column)
        if whole is not None and cells[column] == "—" and want[whole] == "0":
            continue  # a percentage of nothing: "—" on the page, 0.00% in the CSV
        if cells[column] != want[column]:
            out.append(f"{where} ({want[0]}), {header[column]}: {cells[column]!r}, CSV {want[column]!r}")
    return out


def pooled(rows):
    """A CSV row of the pooled raw counts of rows, its percentages recomputed from them."""
    n = [sum(int(r[c]) for r in rows) for c in range(14) if c in (2, 3, 5, 7, 9, 10, 11)]
    ratings, satisfied, sipas, dossiers, misuse, superseded, clock = n
    # The SIPAS top-2 and the dossiers not satisfied are not in the CSV: back from the % is not
    # exact, so they are summed from each row's own numbers (part = round(whole * % / 100)).
    def part(r, pct_col, whole_col):
        whole = int(r[whole_col])
        if not whole:
            return 0
        return int((decimal.Decimal(r[pct_col].rstrip("%")) * whole / 100).to_integral_value(decimal.ROUND_HALF_UP))
    top2 = sum(part(r, 6, 5) for r in rows)
    dossiers_ok = sum(part(r, 8, 7) for r in rows)
    return [None, None, str(ratings), str(satisfied), percent_text(satisfied, ratings).replace("—", "0.00%"),
            str(sipas), percent_text(top2, sipas).replace("—", "0.00%"), str(dossiers),
            percent_text(dossiers_ok, dossiers).replace("—", "0.00%"), str(misuse), str(superseded), str(clock)]


def check_tables(page, csv_rows, min_ratings=30):
    """The tables of figures and the bar chart against the CSV (all its columns, header first).
    Returns, for each CSV body row, the page's Shown row (None where it is missing)."""
    header, body, total = csv_rows[0][:12], csv_rows[1:-1], csv_rows[-1]
    body = [r + [""] * (14 - len(r)) for r in body]
    total = total + [""] * (14 - len(total))
    if total[0] != "TOTAL":
        problem(f"the CSV's last row is {total[0]!r}, not TOTAL")
    shown = [None] * len(body)
    tables = page.root.find_all("table", "breakdown")
    rollups = page.root.find_all("table", "rollup")
    feet = [r for t in tables + rollups for r in foot_rows(t)]
    if len(feet) != 1:
        problem(f"{len(feet)} footer rows in the tables of figures, not one (TOTAL)")
    bar_groups = []  # (label value expected, few) per bar expected
    all_groups = ALL_GROUPS.search(total[13])
    if all_groups:
        meta = " ".join(" ".join(plain(m.text()).split()) for m in page.root.find_all("p", "meta"))
        if f"{len(body)} / {all_groups.group(1)} nhóm" not in meta:
            problem(f"the page does not say {len(body)} / {all_groups.group(1)} nhóm: {meta!r}")

    if not rollups:
        if len(tables) != 1:
            problem(f"{len(tables)} tables of class breakdown and no rollup table, not one")
            return shown
        rows = [Shown(r) for r in body_rows(tables[0])]
        if len(rows) != len(body):
            problem(f"{len(rows)} body rows in the table, {len(body)} in the CSV")
        for number, (want, got) in enumerate(zip(body, rows), start=1):
            for message in compare_row(f"table row {number}", want, got, header):
                problem(message)
            shown[number - 1] = got
        for want in body:
            bar_groups.append((want[4] if want[2] != "0" else "không có lượt", bool(NOTE_FEW.search(want[13]))))
        for got in feet[:1]:
            for message in compare_row("the total row", total, Shown(got), header):
                problem(message)
    else:
        if len(rollups) != 1:
            problem(f"{len(rollups)} tables of class rollup, not one")
        csv_groups = {}
        for index, want in enumerate(body):
            csv_groups.setdefault(group_of_csv(want), []).append(index)
        sections = page.root.find_all("details", "group")
        section_ids = [group_of_element(d) for d in sections]
        if len(set(section_ids)) != len(section_ids):
            problem(f"a group has two sections: {section_ids}")
        if set(section_ids) != set(csv_groups):
            problem(f"sections {sorted(section_ids, key=str)}, the CSV's groups {sorted(csv_groups)}")
        for table in tables:
            details = table.ancestor("details", "group")
            if details is None:
                problem("a table of class breakdown outside the sections of the groups")
                continue
            if "open" in details.attrs:
                problem(f"the section of {group_of_element(details)} is open: sections start closed")
            group = group_of_element(details)
            wanted = csv_groups.get(group, [])
            rows = [Shown(r) for r in body_rows(table)]
            if len(rows) != len(wanted):
                problem(f"section {group}: {len(rows)} rows, the CSV has {len(wanted)} in that group")
            for number, (index, got) in enumerate(zip(wanted, rows), start=1):
                for message in compare_row(f"section {group} row {number}", body[index], got, header):
                    problem(message)
                shown[index] = got
            summary = details.find_all("summary")
            if not summary:
                problem(f"section {group} has no summary")
                continue
            pool = pooled([body[i] for i in wanted])
            for cls, want in [("units", f"{len(wanted)} đơn vị"), ("count", f"{pool[2]} lượt"),
                              ("pct", percent_text(int(pool[3]), int(pool[2])))]:
                got = [" ".join(plain(e.text()).split()) for e in summary[0].find_all(cls=cls)]
                if got != [want]:
                    problem(f"section {group}: the summary's {cls} reads {got}, not {want!r}")
            if ("few" in details.classes()) != (int(pool[2]) < min_ratings):
                problem(f"section {group}: few is {'few' in details.classes()}, its pooled ratings {pool[2]}")
        rollup_rows = [Shown(r) for r in body_rows(rollups[0])] if rollups else []
        rollup_ids = [group_of_element(r.tr) for r in rollup_rows]
        if rollup_ids != section_ids:
            problem(f"the rollup table's groups {rollup_ids}, not those of the sections in their order {section_ids}")
        for got, group in zip(rollup_rows, rollup_ids):
            indices = csv_groups.get(group, [])
            pool = pooled([body[i] for i in indices])
            few = int(pool[2]) < min_ratings
            key = "(none)" if group == "u" else group[2:] or "(none)"
            want = [key, ""] + pool[2:] + ["", f"fewer than {min_ratings} ratings: not ranked" if few else ""]
            if group == "u":
                want[13] = NOTE_UNREGISTERED + ("; " + want[13] if want[13] else "")
            messages = compare_row(f"rollup row {group}", want, got, header, units=len(indices))
            # The rollup marks only the few; the codes not in the registry are named by the group.
            messages = [m for m in messages if "marked" not in m]
            few_marks = [m for m in got.marks if m.startswith("ít hơn")]
            if few_marks != ([f"ít hơn {min_ratings} lượt: không xếp hạng"] if few else []):
                messages.append(f"rollup row {group}: marked {got.marks}, pooled ratings {pool[2]}")
            for message in messages:
                problem(message)
            bar_groups.append((pool[4] if pool[2] != "0" else "không có lượt", few))
        for got in feet[:1]:
            units = len(body) if got.ancestor("table", "rollup") is not None else None
            for message in compare_row("the total row", total, Shown(got), header, units=units):
                problem(message)
        missing = [body[i][0] for i, s in enumerate(shown) if s is None]
        if missing:
            problem(f"CSV rows in no section: {missing[:10]}")

    charts = [s for s in page.root.find_all("svg") if "bars" in s.classes()]  # in parts, a page each when printed
    if not body and not charts:
        pass  # nothing to draw: the page says so
    elif not charts:
        problem("no bar chart (svg of class bars)")
    else:
        bars = [b for chart in charts for b in chart.find_all("rect", "bar")]
        values = [v for chart in charts for v in chart.find_all("text", "value")]
        if len(bars) != len(bar_groups):
            problem(f"{len(bars)} bars for {len(bar_groups)} groups")
        if len(values) != len(bar_groups):
            problem(f"{len(values)} bar labels for {len(bar_groups)} groups")
        for number, ((expected, few), value, bar) in enumerate(zip(bar_groups, values, bars), start=1):
            if value.clean_text() != expected:
                problem(f"bar {number} is labelled {value.clean_text()!r}, not {expected!r}")
            if ("few" in bar.classes()) != few:
                problem(f"bar {number}: class {bar.attrs.get('class')!r}, its group {'has' if few else 'has not'} "
                        "too few ratings")
        for bar in bars:
            try:
                if float(bar.attrs.get("width", "x")) < 0:
                    problem(f"a bar has a negative width: {bar.attrs}")
            except ValueError:
                problem(f"a bar has no numeric width: {bar.attrs}")
    return shown


def check_page(text):
    """The page as a whole: parsed, closed, one document, self-contained. Returns the Page."""
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
    return page


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("html")
    parser.add_argument("csv")
    parser.add_argument("--headline", required=True)
    parser.add_argument("--trend-points", type=int)
    parser.add_argument("--min-ratings", type=int, default=30)
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

    page = check_page(text)
    headlines = page.root.find_all(cls="headline")
    if len(headlines) != 1:
        problem(f"{len(headlines)} elements of class headline, not one")
    elif headlines[0].clean_text() != args.headline:
        problem(f"the headline reads {headlines[0].clean_text()!r}, not {args.headline!r}")

    check_tables(page, list(csv.reader(io.StringIO(csv_text, newline=""))), args.min_ratings)

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
