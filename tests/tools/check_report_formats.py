#!/usr/bin/env python3
"""Checks that the CSV, the .xlsx workbook and the HTML page of one headquarters report hold the
numbers of the Report they were made from, and so the same numbers as each other.

usage: check_report_formats.py --expected JSON --csv CSV --xlsx XLSX --html HTML
                               [--soffice SOFFICE --profile DIR]

JSON (written by tests/core/hq_report_formats.tests.cpp) holds the Report: "rows" and "total",
each with key, label, ratings, satisfied, sipasAnswers, sipasTop2, dossiers, dossiersNotSatisfied,
misuse, superseded, clockSuspect, values (ratings per answer value), endedOn, province,
provinceLabel, registered and fewRatings; "minRatings", "groups" and "notRanked" (all the groups, and
those not ranked, when only the top and bottom are shown), "under" and "underLabel" (the unit the
report is of, "" for all), "asOf" (the date former units are counted under their successors of,
"2025-07-01", or null); "headline" (the event-based
figure as formatPercent writes it, or null when nothing was rated); "period" and "groupedBy" (the
words the first sheet must show); "dataQuality" (the data-quality notes given to the workbook and
the page, each {"vi", "en"}; null when none were given: the workbook then has no such block).

Each file is read by another program than the one that wrote it:
  - the CSV by Python's csv module: a header row, one row per group, the TOTAL row; a former
    unit's name ends in "(–2025-06-30)", the province column is the row's, the note says "not in
    the unit registry" and "fewer than N ratings: not ranked" where the Report says so;
  - the workbook by openpyxl: the breakdown sheet has the CSV's figures in the CSV's order (the
    English line of each two-line header is the CSV's header), with the province's name after the
    name when a row has a province ("Province"), and the notes, Vietnamese with English beneath,
    last ("Note") when a row has one; rows with too few ratings in grey; counts as integer cells,
    percentages as number cells formatted 0.00% equal to part / whole, "—" where the whole is 0;
    a bold frozen header, the key and name (and province) columns frozen too, a filter over the groups, columns
    wide enough for what they hold. The levels sheet has each group's ratings per answer level,
    best level first, and their sum. The first sheet has the headline, the query and the totals,
    and every label of it is in Vietnamese with English beneath; under "Chất lượng dữ liệu / Data
    quality" each note, Vietnamese then English, across the sheet's four columns (merged), in
    rows tall enough for two lines at least ("Không ghi nhận vấn đề nào." when there is none). A number cell is also checked as
    a spreadsheet shows it (rounded half up from its 15 significant digits) against the CSV;
  - the HTML page by html.parser (through check_report_html.py, against the CSV): its tables of
    figures (one, or one per province with the table of the provinces' pooled figures), marks and
    bars; the province each unit is said to be in, where it says so; and its data-quality notes
    in Vietnamese (when the JSON gives some);
  - with --soffice, the workbook by LibreOffice: its breakdown sheet converted to CSV
    (soffice --headless --convert-to csv, the sheet picked by the filter's 12th token, a private
    profile in DIR so that parallel runs do not clash) holds the CSV's figures as the CSV has them.
Prints every difference, and exits 1 if there is one (2 for bad arguments or unreadable files).
"""
import argparse
import csv
import decimal
import io
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_report_html  # noqa: E402  (the HTML page's parser)

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:
    print("openpyxl is missing (Debian: apt install python3-openpyxl)", file=sys.stderr)
    sys.exit(2)

MAX_MESSAGES = 60
CSV_HEADER = ["group", "name", "ratings", "satisfied", "satisfied %", "SIPAS answers", "SIPAS top-2 %", "dossiers",
              "dossiers satisfied % (766)", "misuse (apart)", "superseded", "clock-suspect", "province", "note"]
# The figures, the columns the workbook and the page show too (the CSV's province and note are for programs).
FIGURES = CSV_HEADER[:12]
MUTED = "5F6B7A"  # the grey of rows with too few ratings
SHEETS = ["Tổng quan (Summary)", "Chi tiết (Breakdown)", "Theo mức (Levels)"]
# Answer values, best first, by the English line of their heading on the levels sheet.
LEVELS = [("very_satisfied", "Very satisfied"), ("satisfied", "Satisfied"), ("neutral", "Neutral"),
          ("not_satisfied", "Not satisfied"), ("dissatisfied", "Dissatisfied (5 levels)"),
          ("very_dissatisfied", "Very dissatisfied"), ("5", "5 stars"), ("4", "4 stars"), ("3", "3 stars"),
          ("2", "2 stars"), ("1", "1 star"), ("yes", "Yes"), ("no", "No")]
problems = []


def problem(message):
    problems.append(message)


def fraction_text(part, whole):
    """The CSV's percentage: formatPercent(percentOf(part, whole)), 100 * part / whole rounded half up."""
    if not whole:
        return "0.00%"
    exact = decimal.Decimal(100 * part) / decimal.Decimal(whole)
    return str(exact.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)) + "%"


def csv_name(row):
    """The name as the CSV writes it: a former unit's with the last day it existed."""
    ended = row.get("endedOn", "")
    return row["label"] + (f" (–{ended})" if ended else "")


def note_words(row, min_ratings):
    """The workbook's note of a row: Vietnamese, then English beneath, "; " between two."""
    vi, en = [], []
    if not row.get("registered", True):
        vi.append("không có trong danh mục đơn vị")
        en.append("not in the unit registry")
    if row.get("fewRatings", False):
        vi.append(f"ít hơn {min_ratings} lượt: không xếp hạng")
        en.append(f"fewer than {min_ratings} ratings: not ranked")
    return "; ".join(vi) + "\n" + "; ".join(en) if vi else ""


def workbook_columns(expected):
    """The English headings of the breakdown sheet: the CSV's figures, with the province after the
    name when a row has one, and the notes last when a row has one."""
    rows = expected["rows"]
    columns = FIGURES[:2]
    if any(r.get("province") for r in rows):
        columns = columns + ["province"]
    columns = columns + FIGURES[2:]
    if any(note_words(r, expected.get("minRatings", 30)) for r in rows):
        columns = columns + ["note"]
    return columns


def columns_of(row):
    """The 12 columns of a group, as (CSV header, kind, value, whole): kind "int" or "pct"."""
    r = row
    return [("ratings", "int", r["ratings"], None), ("satisfied", "int", r["satisfied"], None),
            ("satisfied %", "pct", r["satisfied"], r["ratings"]), ("SIPAS answers", "int", r["sipasAnswers"], None),
            ("SIPAS top-2 %", "pct", r["sipasTop2"], r["sipasAnswers"]), ("dossiers", "int", r["dossiers"], None),
            ("dossiers satisfied % (766)", "pct", r["dossiers"] - r["dossiersNotSatisfied"], r["dossiers"]),
            ("misuse (apart)", "int", r["misuse"], None), ("superseded", "int", r["superseded"], None),
            ("clock-suspect", "int", r["clockSuspect"], None)]


def shown_as_percent(value):
    """A number formatted 0.00% as Excel and LibreOffice show it: 15 significant digits, half up."""
    d = decimal.Decimal(format(value, ".15g")) * 100
    return str(d.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)) + "%"


def is_int_cell(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()


# CSV ---------------------------------------------------------------------------------------------

def check_csv(path, expected):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    groups = expected["rows"] + [expected["total"]]
    if not rows or rows[0] != CSV_HEADER:
        problem(f"CSV: header {rows[:1]}, not {CSV_HEADER}")
        return rows
    if len(rows) != len(groups) + 1:
        problem(f"CSV: {len(rows) - 1} rows after the header, the Report has {len(groups)} (with the total)")
        return rows
    for number, (got, want) in enumerate(zip(rows[1:], groups), start=2):
        is_total = number == len(rows)
        key = "TOTAL" if is_total else (want["key"] or "(none)")
        if got[0] != key:
            problem(f"CSV row {number}: key {got[0]!r}, Report {key!r}")
        if not is_total and got[1] != csv_name(want):
            problem(f"CSV row {number} ({key}): name {got[1]!r}, Report {csv_name(want)!r}")
        if not is_total and len(got) == 14:
            if got[12] != want.get("province", ""):
                problem(f"CSV row {number} ({key}): province {got[12]!r}, Report {want.get('province', '')!r}")
            for said, meant in [("not in the unit registry", not want.get("registered", True)),
                                (f"fewer than {expected.get('minRatings', 30)} ratings: not ranked",
                                 want.get("fewRatings", False))]:
                if (said in got[13]) != meant:
                    problem(f"CSV row {number} ({key}): note {got[13]!r} {'lacks' if meant else 'has'} {said!r}")
        for column, (name, kind, value, whole) in enumerate(columns_of(want), start=2):
            expect = str(value) if kind == "int" else fraction_text(value, whole)
            if got[column] != expect:
                problem(f"CSV row {number} ({key}), {name}: {got[column]!r}, Report {expect!r}")
    return rows


# Workbook ----------------------------------------------------------------------------------------

def lines_of(value):
    return value.split("\n") if isinstance(value, str) else [value]


def display_width(value, number_format):
    if isinstance(value, str):
        return max(len(line) for line in value.split("\n"))
    if number_format == "0.00%":
        return len(shown_as_percent(value))
    return len(str(int(value))) if is_int_cell(value) else len(str(value))


def check_table_look(ws, sheet, rows_with_total, frozen="C2"):
    """Bold two-line header, frozen header with key and name, a filter over the groups, widths."""
    header = [c for c in ws[1]]
    for c in header:
        if not (c.font and c.font.b):
            problem(f"{sheet}: header cell {c.coordinate} is not bold")
    if ws.freeze_panes != frozen:
        problem(f"{sheet}: frozen at {ws.freeze_panes!r}, not {frozen} (header row, key and name columns)")
    want_filter = f"A1:{get_column_letter(len(header))}{rows_with_total}"
    if ws.auto_filter.ref != want_filter:
        problem(f"{sheet}: filter over {ws.auto_filter.ref!r}, not {want_filter!r} (the groups, not the total)")
    for col in range(1, len(header) + 1):
        letter = get_column_letter(col)
        width = ws.column_dimensions[letter].width or 0
        widest = 0
        for r in range(2, ws.max_row + 1):
            c = ws.cell(r, col)
            if c.value is not None:
                widest = max(widest, display_width(c.value, c.number_format))
        if width < min(widest, 48) or width < 8:
            problem(f"{sheet}: column {letter} is {width} wide for cells {widest} wide")


def check_number_cell(where, cell, kind, value, whole, csv_text):
    if kind == "int":
        if not is_int_cell(cell.value) or int(cell.value) != value:
            problem(f"{where}: {cell.value!r}, not the integer {value}")
        return
    if whole == 0:
        if cell.value != "—":
            problem(f"{where}: {cell.value!r} for a percentage of nothing, not '—'")
        return
    if not isinstance(cell.value, (int, float)) or isinstance(cell.value, bool):
        problem(f"{where}: {cell.value!r} is not a number")
        return
    if cell.number_format != "0.00%":
        problem(f"{where}: number format {cell.number_format!r}, not '0.00%'")
    if abs(cell.value - value / whole) > 1e-12:
        problem(f"{where}: {cell.value!r}, not {value} / {whole} = {value / whole!r}")
    if csv_text is not None and shown_as_percent(cell.value) != csv_text:
        problem(f"{where}: a spreadsheet shows {shown_as_percent(cell.value)}, the CSV says {csv_text}")


def check_breakdown(ws, expected, csv_rows):
    sheet = SHEETS[1]
    groups = expected["rows"] + [expected["total"]]
    min_ratings = expected.get("minRatings", 30)
    if ws.max_row != len(groups) + 1:
        problem(f"{sheet}: {ws.max_row - 1} rows under the header, the Report has {len(groups)} (with the total)")
        return
    header = [c.value for c in ws[1]]
    want_columns = workbook_columns(expected)
    if len(header) != len(want_columns):
        problem(f"{sheet}: {len(header)} columns, not {len(want_columns)}: {want_columns}")
        return
    for col, (got, csv_name_) in enumerate(zip(header, want_columns), start=1):
        parts = lines_of(got)
        if len(parts) != 2 or not parts[0] or not parts[1]:
            problem(f"{sheet}: header {got!r} is not Vietnamese, then English beneath")
        elif col > 1 and parts[1].lower() != csv_name_.lower():
            problem(f"{sheet}: header {got!r} of column {col} is not the CSV's {csv_name_!r}")
    has_province = "province" in want_columns
    check_table_look(ws, sheet, len(groups), "D2" if has_province else "C2")
    at = {name: index for index, name in enumerate(want_columns)}
    for number, want in enumerate(groups, start=2):
        is_total = number == len(groups) + 1
        cells = ws[number]
        key = "Tổng cộng / Total" if is_total else (want["key"] or "(không có / none)")
        if cells[0].value != key:
            problem(f"{sheet} row {number}: key {cells[0].value!r}, not {key!r}")
        name = cells[1].value or ""
        if not is_total and want["label"] and name != csv_name(want):
            problem(f"{sheet} row {number} ({key}): name {name!r}, Report {csv_name(want)!r}")
        if is_total and not all(c.font and c.font.b for c in cells):
            problem(f"{sheet}: the total row is not bold")
        if has_province and not is_total and (cells[at["province"]].value or "") != want.get("provinceLabel", ""):
            problem(f"{sheet} row {number} ({key}): province {cells[at['province']].value!r}, "
                    f"Report {want.get('provinceLabel', '')!r}")
        if "note" in at and not is_total and (cells[at["note"]].value or "") != note_words(want, min_ratings):
            problem(f"{sheet} row {number} ({key}): note {cells[at['note']].value!r}, "
                    f"not {note_words(want, min_ratings)!r}")
        if not is_total:
            colour = cells[1].font.color.rgb if cells[1].font and cells[1].font.color else None
            muted = isinstance(colour, str) and colour.upper().endswith(MUTED)
            if muted != want.get("fewRatings", False):
                problem(f"{sheet} row {number} ({key}): {'grey' if muted else 'not grey'} (font {colour!r}), "
                        f"few ratings: {want.get('fewRatings', False)}")
        csv_row = csv_rows[number - 1] if number - 1 < len(csv_rows) else None
        for column, (col_name, kind, value, whole) in enumerate(columns_of(want), start=2):
            cell = cells[at[col_name]]
            csv_text = csv_row[column] if csv_row and kind == "pct" and whole else None
            check_number_cell(f"{sheet} {cell.coordinate} ({key}, {col_name})", cell, kind, value, whole, csv_text)


def check_levels(ws, expected):
    sheet = SHEETS[2]
    groups = expected["rows"] + [expected["total"]]
    header = [c.value for c in ws[1]]
    if ws.max_row != len(groups) + 1:
        problem(f"{sheet}: {ws.max_row - 1} rows under the header, the Report has {len(groups)} (with the total)")
        return
    if len(header) < 3 or lines_of(header[1]) != ["Tên", "Name"] or lines_of(header[-1]) != ["Tổng số lượt", "Ratings"]:
        problem(f"{sheet}: header {header}: not key, Tên/Name, the levels, Tổng số lượt/Ratings")
        return
    by_english = {english: (rank, value) for rank, (value, english) in enumerate(LEVELS)}
    columns = []  # (value, rank) per level column
    for got in header[2:-1]:
        parts = lines_of(got)
        if len(parts) == 2 and parts[1] in by_english:
            rank, value = by_english[parts[1]]
            columns.append((value, rank))
        else:  # a value this program has no words for: shown as stored, after the known ones
            columns.append((got, len(LEVELS)))
    if [rank for _, rank in columns] != sorted(rank for _, rank in columns):
        problem(f"{sheet}: levels {header[2:-1]} are not best first")
    want_values = sorted(expected["total"]["values"])
    if sorted(value for value, _ in columns) != want_values:
        problem(f"{sheet}: level columns {[v for v, _ in columns]}, the Report has {want_values}")
    check_table_look(ws, sheet, len(groups))
    for number, want in enumerate(groups, start=2):
        cells = ws[number]
        key = "Tổng cộng / Total" if number == len(groups) + 1 else (want["key"] or "(không có / none)")
        if cells[0].value != key:
            problem(f"{sheet} row {number}: key {cells[0].value!r}, not {key!r}")
        for cell, (value, _) in zip(cells[2:-1], columns):
            check_number_cell(f"{sheet} {cell.coordinate} ({key}, {value})", cell, "int",
                              want["values"].get(value, 0), None, None)
        check_number_cell(f"{sheet} {cells[-1].coordinate} ({key}, ratings)", cells[-1], "int", want["ratings"],
                          None, None)
        if sum(want["values"].values()) != want["ratings"]:
            problem(f"Report row {key}: its values add up to {sum(want['values'].values())}, not {want['ratings']}")


def check_summary(ws, expected):
    sheet = SHEETS[0]
    t = expected["total"]
    rows = {}
    for r in range(1, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str):
            rows[label.split("\n")[0]] = [ws.cell(r, c) for c in range(1, 5)]
            if r > 2 and "\n" not in label:
                problem(f"{sheet} A{r}: {label!r} is not Vietnamese, then English beneath")
    if ws.cell(1, 1).value != "Báo cáo mức độ hài lòng" or ws.cell(2, 1).value != "Satisfaction report":
        problem(f"{sheet}: title {ws.cell(1, 1).value!r} / {ws.cell(2, 1).value!r}")

    def find(prefix):
        hits = [cells for label, cells in rows.items() if label.startswith(prefix)]
        if len(hits) != 1:
            problem(f"{sheet}: {len(hits)} rows labelled {prefix!r}, not one")
            return None
        return hits[0]

    headline = find("Tỷ lệ hài lòng")
    if headline:
        if expected["headline"] is None:
            if headline[1].value != "Chưa có lượt đánh giá nào\nNo rating yet":
                problem(f"{sheet}: the headline of nothing reads {headline[1].value!r}")
        else:
            check_number_cell(f"{sheet} headline", headline[1], "pct", t["satisfied"], t["ratings"],
                              expected["headline"])
            if not (headline[1].font and headline[1].font.b and (headline[1].font.sz or 0) >= 16):
                problem(f"{sheet}: the headline figure is not large and bold")
    for prefix, want in [("Kỳ báo cáo", expected["period"]), ("Theo", expected["groupedBy"])]:
        cells = rows.get(prefix)
        if cells is None or cells[1].value != want:
            problem(f"{sheet}: {prefix} reads {cells[1].value if cells else None!r}, not {want!r}")
    groups = find("Số nhóm")
    if groups:
        check_number_cell(f"{sheet} groups", groups[1], "int", len(expected["rows"]), None, None)
    in_all = expected.get("groups", 0)
    if in_all > len(expected["rows"]):  # only the top and the bottom shown: how many there were
        cells = find("Tổng số nhóm trong kỳ")
        if cells:
            check_number_cell(f"{sheet} groups in all", cells[1], "int", in_all, None, None)
        cells = find("Không xếp hạng")
        if cells:
            check_number_cell(f"{sheet} not ranked", cells[1], "int", expected.get("notRanked", 0), None, None)
    elif any(label.startswith("Tổng số nhóm") for label in rows):
        problem(f"{sheet}: groups in all are given though every group is shown")
    if expected.get("asOf"):
        cells = find("Đơn vị cũ tính vào đơn vị kế thừa")
        y, m, d = expected["asOf"].split("-")
        if cells and cells[1].value != f"{d}/{m}/{y}":
            problem(f"{sheet}: former units counted under their successors of {cells[1].value!r}, not {d}/{m}/{y}")
    elif any(label.startswith("Đơn vị cũ") for label in rows):
        problem(f"{sheet}: a date for former units, though the report has none")
    if expected.get("under"):
        cells = find("Phạm vi")
        want = f"{expected['underLabel']} ({expected['under']}) và các đơn vị trực thuộc"
        if cells and lines_of(cells[1].value)[0] != want:
            problem(f"{sheet}: the scope reads {cells[1].value!r}, not {want!r} (and English beneath)")
    for prefix, part, whole in [("Theo lượt đánh giá (ngành Công an)", t["satisfied"], t["ratings"]),
                                ("SIPAS, hai mức cao nhất", t["sipasTop2"], t["sipasAnswers"]),
                                ("Theo hồ sơ (Quyết định 766", t["dossiers"] - t["dossiersNotSatisfied"], t["dossiers"])]:
        cells = find(prefix)
        if cells:
            check_number_cell(f"{sheet} {prefix}, rate", cells[1], "pct", part, whole, fraction_text(part, whole))
            check_number_cell(f"{sheet} {prefix}, counted in", cells[2], "int", part, None, None)
            check_number_cell(f"{sheet} {prefix}, out of", cells[3], "int", whole, None, None)
    for prefix, value in [("Nghi lạm dụng", t["misuse"]), ("Bị thay thế", t["superseded"]),
                          ("Đồng hồ ki-ốt sai", t["clockSuspect"])]:
        cells = find(prefix)
        if cells:
            check_number_cell(f"{sheet} {prefix}", cells[1], "int", value, None, None)


DATA_QUALITY = "Chất lượng dữ liệu\nData quality"
NOTHING_TO_NOTE = {"vi": "Không ghi nhận vấn đề nào.", "en": "No problem recorded."}


def check_data_quality(ws, expected):
    """The notes under their heading, each "vi\nen" across A:D, in the order given."""
    sheet = SHEETS[0]
    notes = expected.get("dataQuality")
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    if notes is None:
        if DATA_QUALITY in labels:
            problem(f"{sheet}: a data-quality block, though no notes were given")
        return
    if labels.count(DATA_QUALITY) != 1:
        problem(f"{sheet}: {labels.count(DATA_QUALITY)} rows labelled {DATA_QUALITY!r}, not one")
        return
    first = labels.index(DATA_QUALITY) + 2  # the row under the heading (1-based)
    merged = {str(m) for m in ws.merged_cells.ranges}
    for row, note in enumerate(notes or [NOTHING_TO_NOTE], start=first):
        want = note["vi"] + "\n" + note["en"]
        got = ws.cell(row, 1).value
        if got != want:
            problem(f"{sheet} A{row}: {got!r}, not the note {want!r}")
        if f"A{row}:D{row}" not in merged:
            problem(f"{sheet}: the note in row {row} is not across A:D")
        height = ws.row_dimensions[row].height or 0
        if height < 30:
            problem(f"{sheet}: the note in row {row} is {height} points tall, not two lines at least")


def check_xlsx(path, expected, csv_rows):
    wb = openpyxl.load_workbook(path)
    if wb.sheetnames != SHEETS:
        problem(f"workbook: sheets {wb.sheetnames}, not {SHEETS}")
        return
    check_summary(wb[SHEETS[0]], expected)
    check_data_quality(wb[SHEETS[0]], expected)
    check_breakdown(wb[SHEETS[1]], expected, csv_rows)
    check_levels(wb[SHEETS[2]], expected)


# HTML --------------------------------------------------------------------------------------------

def check_html(path, expected, csv_rows):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    page = check_report_html.check_page(text)
    shown = check_report_html.check_tables(page, csv_rows, expected.get("minRatings", 30))
    for message in check_report_html.problems:
        problem(f"HTML: {message}")
    check_report_html.problems.clear()
    notes = expected.get("dataQuality")
    if notes is not None:
        sections = page.root.find_all("section", "quality-section")
        if len(sections) != 1:
            problem(f"HTML: {len(sections)} sections of class quality-section, not one")
        else:
            items = [li.clean_text() for li in sections[0].find_all("li")]
            empty = [p.clean_text() for p in sections[0].find_all("p", "empty")]
            if items != [n["vi"] for n in notes]:
                problem(f"HTML: data-quality notes {items}, not {[n['vi'] for n in notes]}")
            if not notes and empty != [NOTHING_TO_NOTE["vi"]]:
                problem(f"HTML: with no data-quality note the page says {empty}")
    # Where the page says which province a unit is in, it is the Report's.
    for number, (got, want) in enumerate(zip(shown, expected["rows"]), start=1):
        if got is not None and got.where and got.where != want.get("provinceLabel", ""):
            problem(f"HTML row {number} ({want['key']}): in {got.where!r}, the Report says {want.get('provinceLabel')!r}")
    # And the name of each province section is its units' province.
    for details in page.root.find_all("details", "group"):
        code = details.attrs.get("data-province")
        labels = {r.get("provinceLabel", "") for r in expected["rows"] if r.get("registered", True) and
                  r.get("province", "") == code}
        titles = [t.text_without("aside") for t in details.find_all(cls="title")]
        if code and labels and titles and titles[0] not in labels:
            problem(f"HTML: the section of {code} is called {titles[0]!r}, its units' province {sorted(labels)}")


# LibreOffice -------------------------------------------------------------------------------------

def check_libreoffice(soffice, profile, xlsx, csv_rows, expected):
    # Tokens: comma, double quote, UTF-8 (76), from line 1, no column formats, language, quoted
    # text not forced, special numbers detected, cells saved as shown (true), no formulas, spaces
    # kept, sheet 2 (the breakdown; LibreOffice 7.2 and later).
    filter_options = "44,34,76,1,,0,false,true,true,false,false,2"
    with tempfile.TemporaryDirectory(prefix="hailong-lo-") as out:
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")  # "86.69%", whatever the user's locale
        command = [soffice, "-env:UserInstallation=file://" + os.path.abspath(profile), "--headless",
                   "--convert-to", "csv:Text - txt - csv (StarCalc):" + filter_options, "--outdir", out, xlsx]
        start = time.monotonic()
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
        except (OSError, subprocess.TimeoutExpired) as e:
            problem(f"LibreOffice: {e}")
            return
        print(f"LibreOffice converted the breakdown sheet in {time.monotonic() - start:.1f} s")
        written = [name for name in os.listdir(out) if name.endswith(".csv")]
        if done.returncode != 0 or len(written) != 1:
            problem(f"LibreOffice: exit {done.returncode}, files {written}: {done.stdout} {done.stderr}")
            return
        with open(os.path.join(out, written[0]), "rb") as f:
            lo_rows = list(csv.reader(io.StringIO(f.read().decode("utf-8"), newline="")))
    if len(lo_rows) != len(csv_rows):
        problem(f"LibreOffice: {len(lo_rows)} rows, the CSV has {len(csv_rows)}")
        return
    want_columns = workbook_columns(expected)
    if len(lo_rows[0]) != len(want_columns):
        problem(f"LibreOffice: {len(lo_rows[0])} columns, not {len(want_columns)}: {lo_rows[0]}")
        return
    for col, (got, want) in enumerate(zip(lo_rows[0], want_columns), start=1):
        parts = got.split("\n")
        if col > 1 and (len(parts) != 2 or parts[1].lower() != want.lower()):
            problem(f"LibreOffice: header {got!r}, the CSV's {want!r}")
    at = [want_columns.index(name) for name in FIGURES]  # the sheet's column of each CSV figure
    groups = expected["rows"] + [expected["total"]]
    for number, (lo_row, want, group) in enumerate(zip(lo_rows[1:], [r[:len(FIGURES)] for r in csv_rows[1:]],
                                                       groups), start=2):
        key = {"(none)": "(không có / none)", "TOTAL": "Tổng cộng / Total"}.get(want[0], want[0])
        if len(lo_row) != len(want_columns):
            problem(f"LibreOffice row {number}: {len(lo_row)} cells, not {len(want_columns)}: {lo_row}")
            continue
        got = [lo_row[i] for i in at]
        if got[0] != key:
            problem(f"LibreOffice row {number}: key {got[0]!r}, the CSV's {want[0]!r}")
        if want[1] and got[1] != want[1]:
            problem(f"LibreOffice row {number}: name {got[1]!r}, the CSV's {want[1]!r}")
        for column, (name, kind, _, whole) in enumerate(columns_of(group), start=2):
            expect = "—" if kind == "pct" and whole == 0 else want[column]
            if got[column] != expect:
                problem(f"LibreOffice row {number} ({want[0]}), {name}: {got[column]!r}, the CSV's {want[column]!r}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--expected", required=True)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--xlsx", required=True)
    parser.add_argument("--html", required=True)
    parser.add_argument("--soffice")
    parser.add_argument("--profile")
    args = parser.parse_args()
    if bool(args.soffice) != bool(args.profile):
        print("--soffice and --profile go together", file=sys.stderr)
        return 2
    try:
        with open(args.expected, encoding="utf-8") as f:
            expected = json.load(f)
        csv_rows = check_csv(args.csv, expected)
        check_xlsx(args.xlsx, expected, csv_rows)
        check_html(args.html, expected, csv_rows)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as e:
        print(f"cannot read the files: {e!r}", file=sys.stderr)
        return 2
    if args.soffice:
        check_libreoffice(args.soffice, args.profile, args.xlsx, csv_rows, expected)
    for message in problems[:MAX_MESSAGES]:
        print(message)
    if len(problems) > MAX_MESSAGES:
        print(f"... and {len(problems) - MAX_MESSAGES} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
