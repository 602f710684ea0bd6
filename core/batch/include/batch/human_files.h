#pragma once
// The human-readable files that travel beside each batch (SPEC 6, issue 4): a CSV that
// opens correctly in Excel with Vietnamese text, and an .xlsx workbook with a summary.
// They are views for people; the signed batch file stays the record headquarters imports.
//
// Both files use the same response columns (Vietnamese headers, one row per response, seq order
// as given):
//   Số thứ tự | Mã đánh giá | Ki-ốt | Bắt đầu | Kết thúc | Múi giờ | Mã đơn vị | Tên đơn vị | Cấp |
//   Quầy | Cán bộ | Thủ tục | Mã hồ sơ | Thay cho đánh giá | Bộ câu hỏi | Ngôn ngữ | Kết thúc do |
//   Cờ bất thường | <one column per question> | Ý kiến
// Times are local wall-clock time of the response ("2026-01-01 07:00:00", whole seconds, with the
// response's own UTC offset in "Múi giờ", e.g. "UTC+07:00"); the exact UTC milliseconds stay in the
// batch. Question columns follow header.questionnaires (questionnaire order, then question order;
// a question id met again in a later questionnaire reuses its column), headed by the question's
// Vietnamese text; answers to a question no questionnaire lists get a column of their own, headed
// by the question id, after the others. A cell holds the Vietnamese labels of the chosen options,
// joined by "; " for a multi-select, and is empty when the question was not answered.
//
// Beside a sealed batch (header.sealed(), version 2) both files leave "Mã hồ sơ" and "Ý kiến"
// out, and say so in their first row (the CSV) or the summary's first row (the workbook), in
// Vietnamese and English.
//
// Functions are stateless and thread-safe; each writes one file and throws std::runtime_error
// naming the path and the reason when it cannot. A questionnaire source in the header that does
// not parse is also a std::runtime_error (the kiosk only exports questionnaires it loaded).
#include "batch/batch.h"

#include <filesystem>
#include <vector>

namespace hailong::core {

/// The responses as a CSV for people, one row per response: UTF-8 with a BOM (Excel shows
/// Vietnamese correctly), RFC 4180 (CRLF line ends, fields with , " CR LF quoted, quotes doubled).
/// Line breaks inside a comment are kept as typed. A field that starts with = + - @ TAB or CR gets
/// a leading ' so that a spreadsheet shows it as text instead of running it as a formula (the
/// comment is typed by anyone at a public kiosk). The file is flushed to disk (fsync) on success.
/// Throws std::runtime_error naming the path and the reason (errno text) if it cannot be written;
/// the caller writes to a temporary name and renames, so a partial file is harmless.
void writeResponsesCsv(const std::filesystem::path& path, const BatchHeader& header,
                       const std::vector<Response>& responses);

/// The same as an .xlsx workbook (libxlsxwriter): sheet "Tổng hợp" (summary) first, then "Đánh giá"
/// (responses; bold frozen header row with a filter, times as date-time cells, seq as a number,
/// line breaks in comments as LF, the line break Excel uses in a cell).
///
/// The summary names the unit, counter, kiosk, batch number, sequence range, period, UTC offset,
/// export time and program, then for each questionnaire of the header and each of its questions
/// the count of each option over the responses given on that questionnaire (id and version), in
/// three columns: counted, misuse-flagged, and superseded (a later response of this batch replaced
/// it; this bucket wins over misuse, as in today's figures). Single-answer questions count a
/// response once, by its first value; a multi-select counts each chosen option. A value that is
/// no option of the question gets a row of its own. For the main question (the first) it adds the
/// satisfaction rate: satisfied answers (see isSatisfied) / counted answers, a number cell shown as
/// "86.69%", or "—" when nothing was counted.
///
/// The workbook's creation date is the export time, so the same batch gives the same content.
/// The file is flushed to disk (fsync) on success. Throws std::runtime_error naming the path and
/// lxw_strerror's reason (plus the errno text when the file could not be created).
void writeResponsesWorkbook(const std::filesystem::path& path, const BatchHeader& header,
                            const std::vector<Response>& responses);

}  // namespace hailong::core
