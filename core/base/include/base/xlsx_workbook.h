#pragma once
// Workbooks for people (.xlsx, libxlsxwriter), shared by the batch's workbook at the kiosk
// (batch/human_files) and the report at headquarters (hq/report_xlsx): one owner of the
// lxw_workbook, typed cells, and a sheet writer that sizes the columns from what they hold.
//
// Only core's .cpp files include this header (libxlsxwriter is a private dependency of core).
// Nothing here is shared between threads; each Workbook is used by one thread at a time.
#include <xlsxwriter.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hailong::core::xlsx {

/// One cell: its text (what a CSV of the same table holds, and what sizes the column) and, for
/// the workbook, its type.
struct Cell {
    enum class Kind { Text, Integer, Time, Percent };
    Kind kind = Kind::Text;
    std::string text;
    std::int64_t number = 0;       ///< Integer: the value; Time: local seconds since 1970 (wall time as UTC)
    double fraction = 0;           ///< Percent: 0.8669 for "86.69%"
    lxw_format* format = nullptr;  ///< instead of the one writeCell would choose (owned by the workbook)
};

Cell textCell(std::string s);
Cell integerCell(std::int64_t n);
/// Local whole seconds, floored (a time 07:00:00.999 reads 07:00:00), as a date-time cell; its
/// text is "2026-01-01 07:00:00".
Cell timeCell(std::int64_t utcMs, int offsetMinutes);
/// part / whole as a number shown as a percentage ("66.67%"); the text "—" when whole <= 0
/// (a percentage of nothing is no number, and 0% would be a false figure).
Cell percentCell(std::int64_t part, std::int64_t whole);

/// One row of a sheet; bold for headers, titles and totals.
struct Row {
    std::vector<Cell> cells;
    bool bold = false;
};

struct WorkbookOptions {
    std::string title;              ///< the document's title property
    std::int64_t createdUtcMs = 0;  ///< its creation date: a fixed one makes the same content give the same bytes
    /// Each row goes to a temporary file once the next one starts, so a large sheet needs no more
    /// memory than a small one; rows must then be written in order, top to bottom.
    bool constantMemory = false;
    /// The file named in error messages, when the workbook is written under a temporary name.
    std::filesystem::path reportedPath;
};

/// Owns an lxw_workbook until it is closed (written); freed unwritten if an error comes first.
/// Every failure throws std::runtime_error "cannot write PATH (what): reason" (a WriteError with
/// the errno when the system gave one), PATH being options.reportedPath or else path.
class Workbook {
public:
    Workbook(const std::filesystem::path& path, const WorkbookOptions& options);
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    /// A new sheet at the end; the name is checked as Excel would (31 characters, no []:*?/\).
    lxw_worksheet* addSheet(const std::string& name);
    /// A new format, owned by the workbook.
    lxw_format* addFormat();
    /// Throws if err is an error, saying what was being done.
    void check(lxw_error err, const std::string& what) const;
    /// Writes the file (not flushed to disk: see syncFile). workbook_close frees the workbook
    /// whatever it returns, so this is called once.
    void close();

private:
    struct Free {
        void operator()(lxw_workbook* wb) const { lxw_workbook_free(wb); }
    };
    std::filesystem::path m_path;      ///< as named in messages
    std::filesystem::path m_filePath;  ///< the file libxlsxwriter writes (kept alive for it)
    std::unique_ptr<lxw_workbook, Free> m_wb;
};

/// The cell formats of a workbook (owned by it), made by standardFormats.
struct Formats {
    lxw_format* bold = nullptr;
    lxw_format* time = nullptr;         ///< "yyyy-mm-dd hh:mm:ss"
    lxw_format* percent = nullptr;      ///< "0.00%"
    lxw_format* boldPercent = nullptr;  ///< "0.00%", bold
    lxw_format* wrap = nullptr;         ///< multi-line text, at the top of the cell
    lxw_format* header = nullptr;       ///< bold, wrapped, at the top of the cell
};
/// Adds the formats above to wb. A format no cell uses is not written into the file.
Formats standardFormats(Workbook& wb);

/// Display width of a cell in characters (UTF-8 code points, the widest line).
std::size_t displayWidth(const Cell& cell);
/// Excel's in-cell line break is LF: CRLF and lone CR become LF.
std::string excelLineBreaks(const std::string& text);

/// Writes one cell as its kind: an integer or a percentage as a number (a percentage bold in a
/// bold row), a time as a date-time (as text outside the dates Excel has), text in textFormat,
/// else wrapped if it has line breaks; in cell.format when it has one.
void writeCell(Workbook& wb, lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const Cell& cell, lxw_format* textFormat,
               bool bold, const Formats& f);

/// Gives each row of a sheet in order to its argument. Called twice: widths first, then cells.
using RowSource = std::function<void(const std::function<void(const Row&)>&)>;

/// Sets each column's width from its widest cell (within 8..maxWidth characters), then writes
/// the rows in order (so it suits constant-memory mode). With a header row, long headers wrap
/// instead of widening their column past what the cells under them need (a header still gets
/// headerWidth characters), and the header row is made tall enough for them (each of its
/// lines, up to 5).
void writeSheet(Workbook& wb, lxw_worksheet* ws, const RowSource& rows, const Formats& f, std::size_t maxWidth,
                bool headerRow, std::size_t headerWidth = 24);

}  // namespace hailong::core::xlsx
