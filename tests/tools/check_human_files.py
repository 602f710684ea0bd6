#!/usr/bin/env python3
"""Checks the human-readable files of a batch (a CSV and an .xlsx workbook) cell by cell.

usage: check_human_files.py CSV XLSX EXPECTED.json

The CSV is read as Excel users get it: the UTF-8 BOM and the CRLF record ends are checked on the
raw bytes, then Python's csv module parses it. The workbook is read with openpyxl. EXPECTED.json
(written by tests/core/human_files.tests.cpp) holds, each optional:

  "csv":               rows of strings, header first
  "sheets":            the sheet names in order
  "responses":         rows of the responses sheet, header first
  "summary":           every row of the summary sheet
  "summary_rows":      {"ROW": row} for some summary rows (1-based), the others unchecked
  "summary_bold_rows": 1-based summary rows whose first cell is bold (the others are not)

A workbook cell is expected as a string ("" for an empty cell), a number, {"datetime": "YYYY-MM-DD
HH:MM:SS"} (a date-time cell) or {"percent": 0.8669} (a number shown as 0.00%). Missing cells at
the end of an expected row must be empty. Prints every difference with its row and column, and
exits 1 if there is one (2 for bad arguments or unreadable files).
"""
import csv
import datetime
import io
import json
import sys

try:
    import openpyxl
    from openpyxl.utils import get_column_letter
except ImportError:
    print("openpyxl is missing (Debian: apt install python3-openpyxl)", file=sys.stderr)
    sys.exit(2)

MAX_MESSAGES = 60
problems = []


def problem(message):
    problems.append(message)


def column_name(col, header):
    """'C (Ki-ốt)' for a 1-based column."""
    name = get_column_letter(col)
    if header and col <= len(header) and header[col - 1]:
        name += f" ({header[col - 1]})"
    return name


def check_csv(path, expected):
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"\xef\xbb\xbf"):
        problem(f"CSV: does not start with the UTF-8 BOM (EF BB BF): {data[:3]!r}")
    else:
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        problem(f"CSV: not UTF-8: {e}")
        return
    # Outside quoted fields every line break must be CRLF (RFC 4180); inside, anything goes.
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "\n" and (i == 0 or text[i - 1] != "\r"):
            problem(f"CSV: bare LF outside quotes at character {i}")
        elif not quoted and ch == "\r" and text[i + 1:i + 2] != "\n":
            problem(f"CSV: bare CR outside quotes at character {i}")
    if quoted:
        problem("CSV: ends inside a quoted field")
    if not text.endswith("\r\n"):
        problem("CSV: the last record does not end with CRLF")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as e:
        problem(f"CSV: the csv module cannot parse it: {e}")
        return
    header = expected[0] if expected else []
    if len(rows) != len(expected):
        problem(f"CSV: {len(rows)} rows, expected {len(expected)}")
    for r in range(min(len(rows), len(expected))):
        got, want = rows[r], expected[r]
        if len(got) != len(want):
            problem(f"CSV row {r + 1}: {len(got)} fields, expected {len(want)}")
        for c in range(min(len(got), len(want))):
            if got[c] != want[c]:
                problem(f"CSV row {r + 1}, column {column_name(c + 1, header)}: "
                        f"expected {want[c]!r}, found {got[c]!r}")


def cell_difference(cell, want):
    """None if the cell holds want, else what is wrong."""
    value = cell.value
    if isinstance(want, dict) and "datetime" in want:
        if not isinstance(value, datetime.datetime):
            return f"expected a date-time cell {want['datetime']!r}, found {value!r}"
        # Excel keeps a time as a fraction of a day: round to the whole second.
        rounded = (value + datetime.timedelta(microseconds=500_000)).replace(microsecond=0)
        text = rounded.strftime("%Y-%m-%d %H:%M:%S")
        if text != want["datetime"]:
            return f"expected {want['datetime']!r}, found {text!r}"
        if "yyyy" not in cell.number_format.lower():
            return f"date-time shown with format {cell.number_format!r}"
        return None
    if isinstance(want, dict) and "percent" in want:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return f"expected the number {want['percent']} shown as a percentage, found {value!r}"
        if abs(value - want["percent"]) > 1e-9:
            return f"expected {want['percent']}, found {value!r}"
        if cell.number_format != "0.00%":
            return f"percentage shown with format {cell.number_format!r}, expected '0.00%'"
        return None
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value != want:
            return f"expected the number {want!r}, found {value!r}"
        return None
    if want == "":
        return None if value in (None, "") else f"expected an empty cell, found {value!r}"
    if not isinstance(value, str) or value != want:
        return f"expected the text {want!r}, found {value!r}"
    return None


def check_rows(ws, label, expected_rows, header=None):
    """expected_rows: {1-based row: expected cells}."""
    for r, want in expected_rows.items():
        width = max(len(want), ws.max_column)
        for c in range(1, width + 1):
            expected = want[c - 1] if c <= len(want) else ""
            difference = cell_difference(ws.cell(row=r, column=c), expected)
            if difference:
                problem(f"sheet {label} row {r}, column {column_name(c, header)}: {difference}")


def check_workbook(path, expected):
    wb = openpyxl.load_workbook(path)
    if "sheets" in expected and wb.sheetnames != expected["sheets"]:
        problem(f"workbook: sheets {wb.sheetnames}, expected {expected['sheets']}")

    if "responses" in expected and "Đánh giá" in wb.sheetnames:
        ws = wb["Đánh giá"]
        rows = expected["responses"]
        header = rows[0] if rows else []
        if ws.max_row != len(rows):
            problem(f"sheet 'Đánh giá': {ws.max_row} rows, expected {len(rows)}")
        check_rows(ws, "'Đánh giá'", {i + 1: row for i, row in enumerate(rows)}, header)
        if ws.freeze_panes != "A2":
            problem(f"sheet 'Đánh giá': frozen at {ws.freeze_panes!r}, expected the header row (A2)")
        if not (ws.auto_filter.ref or "").startswith("A1:"):
            problem(f"sheet 'Đánh giá': no filter on the header row ({ws.auto_filter.ref!r})")
        for c in range(1, len(header) + 1):
            if not ws.cell(row=1, column=c).font.b:
                problem(f"sheet 'Đánh giá' header {column_name(c, header)} is not bold")
            dim = ws.column_dimensions[get_column_letter(c)]
            if not dim.customWidth or not dim.width or dim.width < 8:
                problem(f"sheet 'Đánh giá' column {column_name(c, header)}: width {dim.width!r} not set")

    if "Tổng hợp" in wb.sheetnames:
        ws = wb["Tổng hợp"]
        if "summary" in expected:
            rows = expected["summary"]
            # openpyxl counts trailing empty rows; they hold nothing, so only more rows with data count.
            for r in range(len(rows) + 1, ws.max_row + 1):
                if any(ws.cell(row=r, column=c).value not in (None, "") for c in range(1, ws.max_column + 1)):
                    problem(f"sheet 'Tổng hợp' row {r}: unexpected content")
            check_rows(ws, "'Tổng hợp'", {i + 1: row for i, row in enumerate(rows)})
        if "summary_rows" in expected:
            check_rows(ws, "'Tổng hợp'", {int(r): row for r, row in expected["summary_rows"].items()})
        if "summary_bold_rows" in expected:
            bold = set(expected["summary_bold_rows"])
            for r in range(1, ws.max_row + 1):
                cell = ws.cell(row=r, column=1)
                first = cell if cell.value not in (None, "") else ws.cell(row=r, column=2)
                if first.value in (None, ""):
                    continue
                if bool(first.font.b) != (r in bold):
                    problem(f"sheet 'Tổng hợp' row {r}: {'not ' if r in bold else ''}bold, "
                            f"expected {'bold' if r in bold else 'plain'}")


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    csv_path, xlsx_path, expected_path = argv[1:]
    try:
        with open(expected_path, encoding="utf-8") as f:
            expected = json.load(f)
        if "csv" in expected:
            check_csv(csv_path, expected["csv"])
        check_workbook(xlsx_path, expected)
    except (OSError, ValueError, KeyError) as e:
        print(f"check_human_files: {e}", file=sys.stderr)
        return 2
    for message in problems[:MAX_MESSAGES]:
        print(message)
    if len(problems) > MAX_MESSAGES:
        print(f"... and {len(problems) - MAX_MESSAGES} more")
    if problems:
        print(f"check_human_files: {len(problems)} difference(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
