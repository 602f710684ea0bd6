#include "base/xlsx_workbook.h"

#include "base/clock.h"         // formatLocalIso
#include "base/durable_file.h"  // WriteError

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

// [SECTION] Cells
// [SECTION] Workbook
// [SECTION] Sheets

namespace hailong::core::xlsx {

// [SECTION] Cells ------------------------------------------------------------------------------

Cell textCell(std::string s) { return Cell{Cell::Kind::Text, std::move(s), 0, 0, nullptr}; }
Cell integerCell(std::int64_t n) { return Cell{Cell::Kind::Integer, std::to_string(n), n, 0, nullptr}; }

Cell timeCell(std::int64_t utcMs, int offsetMinutes) {
    // "2026-01-01 07:00:00": formatLocalIso without "T", millis and offset.
    const std::string iso = formatLocalIso(utcMs, offsetMinutes);
    const std::size_t t = iso.find('T');
    const std::int64_t seconds = (utcMs >= 0 ? utcMs : utcMs - 999) / 1000;
    return Cell{Cell::Kind::Time, iso.substr(0, t) + " " + iso.substr(t + 1, 8),
                seconds + static_cast<std::int64_t>(offsetMinutes) * 60, 0, nullptr};
}

Cell percentCell(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return textCell("—");
    const double fraction = static_cast<double>(part) / static_cast<double>(whole);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100.0);
    return Cell{Cell::Kind::Percent, buf, 0, fraction, nullptr};
}

// [SECTION] Workbook ---------------------------------------------------------------------------

namespace {

lxw_workbook* newWorkbook(const std::filesystem::path& path, bool constantMemory) {
    lxw_workbook_options options{};
    options.constant_memory = constantMemory ? LXW_TRUE : LXW_FALSE;
    return workbook_new_opt(path.c_str(), &options);
}

}  // namespace

Workbook::Workbook(const std::filesystem::path& path, const WorkbookOptions& options)
    : m_path(options.reportedPath.empty() ? path : options.reportedPath),
      m_filePath(path),
      m_wb(newWorkbook(m_filePath, options.constantMemory)) {
    if (!m_wb) throw std::runtime_error("cannot write " + m_path.string() + ": out of memory");
    lxw_doc_properties props{};
    std::string title = options.title;  // libxlsxwriter takes char*, and copies it
    props.title = title.data();
    props.created = static_cast<time_t>(options.createdUtcMs / 1000);
    check(workbook_set_properties(m_wb.get(), &props), "setting the properties");
}

lxw_worksheet* Workbook::addSheet(const std::string& name) {
    check(workbook_validate_sheet_name(m_wb.get(), name.c_str()), "adding sheet " + name);
    lxw_worksheet* ws = workbook_add_worksheet(m_wb.get(), name.c_str());
    if (!ws) throw std::runtime_error("cannot write " + m_path.string() + ": cannot add sheet " + name);
    return ws;
}

lxw_format* Workbook::addFormat() {
    lxw_format* f = workbook_add_format(m_wb.get());
    if (!f) throw std::runtime_error("cannot write " + m_path.string() + ": out of memory");
    return f;
}

void Workbook::check(lxw_error err, const std::string& what) const {
    if (err != LXW_NO_ERROR)
        throw std::runtime_error("cannot write " + m_path.string() + " (" + what + "): " + lxw_strerror(err));
}

void Workbook::close() {
    errno = 0;
    const lxw_error err = workbook_close(m_wb.release());
    const int savedErrno = errno;
    if (err == LXW_NO_ERROR) return;
    std::string message = "cannot write " + m_path.string() + ": " + lxw_strerror(err);
    if (err == LXW_ERROR_CREATING_XLSX_FILE && savedErrno != 0)
        message += " (" + std::string(std::strerror(savedErrno)) + ")";
    if (savedErrno != 0) throw WriteError(message, savedErrno);
    throw std::runtime_error(message);
}

Formats standardFormats(Workbook& wb) {
    Formats f;
    f.bold = wb.addFormat();
    format_set_bold(f.bold);
    f.time = wb.addFormat();
    format_set_num_format(f.time, "yyyy-mm-dd hh:mm:ss");
    f.percent = wb.addFormat();
    format_set_num_format(f.percent, "0.00%");
    f.boldPercent = wb.addFormat();
    format_set_bold(f.boldPercent);
    format_set_num_format(f.boldPercent, "0.00%");
    f.wrap = wb.addFormat();
    format_set_text_wrap(f.wrap);
    format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
    f.header = wb.addFormat();
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

// [SECTION] Sheets -----------------------------------------------------------------------------

std::size_t displayWidth(const Cell& cell) {
    if (cell.kind == Cell::Kind::Time) return 19;
    std::size_t widest = 0;
    std::size_t current = 0;
    for (const char ch : cell.text) {
        if (ch == '\n') current = 0;
        else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++current;
        widest = std::max(widest, current);
    }
    return widest;
}

std::string excelLineBreaks(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

void writeCell(Workbook& wb, lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Cell& cell, lxw_format* textFormat,
               bool bold, const Formats& f) {
    lxw_error err = LXW_NO_ERROR;
    lxw_format* own = cell.format;
    switch (cell.kind) {
    case Cell::Kind::Integer:
        err = worksheet_write_number(ws, r, c, static_cast<double>(cell.number), own ? own : bold ? f.bold : nullptr);
        break;
    case Cell::Kind::Percent:
        err = worksheet_write_number(ws, r, c, cell.fraction, own ? own : bold ? f.boldPercent : f.percent);
        break;
    case Cell::Kind::Time: {
        // Excel has no dates before 1900-03-01 (nor its own 1900 leap-year bug to repeat) or
        // after 9999: a wildly wrong clock shows as text instead.
        constexpr std::int64_t From = -2'203'891'200;  // 1900-03-01T00:00
        constexpr std::int64_t To = 253'402'300'800;   // 10000-01-01T00:00
        if (cell.number >= From && cell.number < To)
            err = worksheet_write_unixtime(ws, r, c, cell.number, own ? own : f.time);
        else err = worksheet_write_string(ws, r, c, cell.text.c_str(), own);
        break;
    }
    case Cell::Kind::Text: {
        const bool multiLine = cell.text.find_first_of("\r\n") != std::string::npos;
        const std::string text = multiLine ? excelLineBreaks(cell.text) : cell.text;
        err = worksheet_write_string(ws, r, c, text.c_str(),
                                     own          ? own
                                     : textFormat ? textFormat
                                     : multiLine  ? f.wrap
                                                  : nullptr);
        break;
    }
    }
    wb.check(err, "row " + std::to_string(r + 1) + ", column " + std::to_string(c + 1));
}

void writeSheet(Workbook& wb, lxw_worksheet* ws, const RowSource& rows, const Formats& f, std::size_t maxWidth,
                bool headerRow, std::size_t headerWidth) {
    std::vector<std::size_t> widths;
    std::vector<std::string> headers;
    bool first = true;
    rows([&](const Row& row) {
        if (widths.size() < row.cells.size()) widths.resize(row.cells.size(), 0);
        for (std::size_t ci = 0; ci < row.cells.size(); ++ci) {
            const std::size_t w = displayWidth(row.cells[ci]);
            if (headerRow && first) headers.push_back(row.cells[ci].text);
            widths[ci] = std::max(widths[ci], headerRow && first ? std::min(w, headerWidth) : w);
        }
        first = false;
    });
    std::size_t headerLines = 1;
    for (std::size_t ci = 0; ci < widths.size(); ++ci) {
        const std::size_t chars = std::clamp<std::size_t>(widths[ci] + 2, 8, maxWidth);
        wb.check(worksheet_set_column(ws, static_cast<lxw_col_t>(ci), static_cast<lxw_col_t>(ci),
                                      static_cast<double>(chars), nullptr),
                 "column width");
        if (ci >= headers.size()) continue;
        // Each line of the header: ceil(its width / room), a character spare as words wrap loosely.
        std::size_t lines = 0;
        std::size_t start = 0;
        for (std::size_t end = 0; end <= headers[ci].size(); ++end) {
            if (end < headers[ci].size() && headers[ci][end] != '\n') continue;
            const std::size_t w = displayWidth(textCell(headers[ci].substr(start, end - start)));
            lines += (w + chars - 3) / (chars - 2);
            start = end + 1;
        }
        headerLines = std::max(headerLines, lines);
    }
    if (headerRow)  // 15 points a line at Excel's default font; at most 5 lines
        wb.check(worksheet_set_row(ws, 0, 15.0 * static_cast<double>(std::min<std::size_t>(headerLines, 5)), nullptr),
                 "header height");

    lxw_row_t r = 0;
    rows([&](const Row& row) {
        lxw_format* textFormat = headerRow && r == 0 ? f.header : row.bold ? f.bold : nullptr;
        for (std::size_t ci = 0; ci < row.cells.size(); ++ci)
            writeCell(wb, ws, r, static_cast<lxw_col_t>(ci), row.cells[ci], textFormat, row.bold, f);
        ++r;
    });
}

}  // namespace hailong::core::xlsx
