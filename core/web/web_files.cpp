// Files in and out: downloads of a view (.xlsx, .csv, .html) and the upload of batch and key
// files (web_parts.h).
#include "batch/key_file.h"
#include "hq/hq_import.h"
#include "hq/report_html.h"
#include "hq/report_xlsx.h"
#include "web_parts.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hailong::core::web {

namespace {
namespace fs = std::filesystem;

/// A file name made by us from the view: letters, digits and '-' only.
std::string downloadName(const std::string& view, const ViewQuery& v, const std::string& ext) {
    std::string name = "hailong-" + view + "-" + (v.unit.empty() ? std::string("toan-quoc") : v.unit);
    if (!v.fromMonth.empty()) name += "-from-" + v.fromMonth;
    if (!v.toMonth.empty()) name += "-to-" + v.toMonth;
    for (char& ch : name)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-')) ch = '_';
    return name + "." + ext;
}

WebResponse attachment(std::string body, const std::string& contentType, const std::string& name) {
    WebResponse r;
    r.contentType = contentType;
    r.body = std::move(body);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
    return r;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (const char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

std::string kiosksCsv(const Ctx& c, const ViewQuery& v) {
    std::string out = "kiosk_id,unit_code,unit_name,counter,batches,last_batch,last_contact,missing_batches,"
                      "responses_counted,responses_held,clock_ahead_ms,program\r\n";
    for (const KioskStatus& k : c.store.kiosks()) {
        if (!kioskInView(c, v, k)) continue;
        std::string missing;
        for (const std::int64_t n : k.missing) missing += (missing.empty() ? "" : " ") + std::to_string(n);
        out += csvField(k.kiosk.kioskId) + "," + csvField(k.kiosk.unit.code) + "," + csvField(k.kiosk.unit.name) + "," +
               csvField(k.kiosk.unit.counter) + "," + std::to_string(k.batches) + "," + std::to_string(k.lastBatch) +
               "," + csvField(timeWords(k.lastContactUtcMs)) + "," + missing + "," + std::to_string(k.responses) + "," +
               std::to_string(k.heldResponses) + "," + std::to_string(k.clockAheadMs) + "," + csvField(k.program) +
               "\r\n";
    }
    return out;
}
}  // namespace

WebResponse downloadFile(Ctx& c) {
    const std::string view = c.req.param("view"), format = c.req.param("format");
    const bool figures = view == "overview" || view == "units";
    if (!(figures && (format == "xlsx" || format == "csv" || format == "html")) &&
        !((view == "kiosks" || view == "comments") && format == "csv"))
        return notFoundPage(c);
    auto v = viewQuery(c);
    if (!v) return std::move(v.error());
    const std::string name = downloadName(view, *v, format);
    if (view == "kiosks") return attachment(kiosksCsv(c, *v), "text/csv; charset=utf-8", name);
    if (view == "comments") return commentsCsv(c, *v, name);
    const auto f = c.figures(*v);
    if (format == "csv") return attachment(reportCsv(f->report), "text/csv; charset=utf-8", name);
    if (format == "html") {
        HtmlReportExtras extras;
        extras.period = periodWords(c, *v);
        extras.trend = f->quality.trend;
        extras.dataQuality = f->quality.notes;
        return attachment(reportHtml(f->report, extras), "text/html; charset=utf-8", name);
    }
    XlsxReportOptions options;
    options.createdUtcMs = c.clock.wallMs();
    options.dataQuality = f->quality.notes;
    const fs::path path = fs::temp_directory_path() / ("hailong-web-" + randomToken() + ".xlsx");
    reportXlsx(f->report, path, options);
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::error_code ec;
    fs::remove(path, ec);
    return attachment(bytes.str(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}

namespace {

struct UploadRow {
    std::string file, status;  ///< status: stored | known | refused | trusted
    Text reason;
};

std::string resultRows(const Ctx& c, const std::vector<UploadRow>& rows) {
    std::string b;
    for (const UploadRow& r : rows)
        b += "<tr class=\"result\"><td class=\"file\">" + esc(r.file) + "</td><td class=\"status " + r.status + "\">" +
             esc(r.status == "stored"    ? c.t({"Đã lưu", "Stored"})
                 : r.status == "known"   ? c.t({"Đã có", "Already known"})
                 : r.status == "trusted" ? c.t({"Đã đăng ký máy", "Kiosk registered"})
                                         : c.t({"Bị từ chối", "Refused"})) +
             "</td><td class=\"reason\">" + esc(r.reason.vi) +
             (r.reason.en.empty() || r.reason.en == r.reason.vi
                  ? ""
                  : "<br><span lang=\"en\">" + esc(r.reason.en) + "</span>") +
             "</td></tr>";
    return b;
}

std::string resultsTable(const Ctx& c, const std::string& rows, bool hidden) {
    return "<div class=\"scroll\" id=\"results-wrap\"" + std::string(hidden ? " hidden" : "") +
           "><table id=\"results\"><thead><tr><th>" + esc(c.t({"Tệp", "File"})) + "</th><th>" +
           esc(c.t({"Kết quả", "Result"})) + "</th><th>" + esc(c.t({"Lý do, ghi chú", "Reason, notes"})) +
           "</th></tr></thead><tbody id=\"results-body\">" + rows + "</tbody></table></div>";
}

/// A reason of the import (English) with what it means in Vietnamese.
Text importReason(const std::string& english) {
    if (english.find("is not registered") != std::string::npos)
        return {"Máy chưa được đăng ký: hãy tải tệp khóa (.key) của máy lên trước.", english};
    if (english.find("signed by another key") != std::string::npos)
        return {"Tệp được ký bằng khóa khác với khóa đã đăng ký của máy.", english};
    if (english.find("outside") != std::string::npos)
        return {"Máy thuộc đơn vị ngoài phạm vi tài khoản của bạn; không lưu gì.", english};
    return {"Tệp không hợp lệ hoặc bị hỏng; không lưu gì từ tệp này.", english};
}

}  // namespace

WebResponse uploadForm(Ctx& c) {
    std::string b = "<h1>" + esc(c.t({"Tải tệp lên", "Upload files"})) + "</h1>";
    b += "<p>" +
         esc(c.t({"Chọn các tệp lô (.hlbatch) nhận từ máy đánh giá, hoặc cả thư mục trên USB. Tệp khóa (.key) của máy "
                  "mới được đăng ký trước. Mỗi tệp được kiểm tra chữ ký và lưu trọn vẹn hoặc không lưu gì; tải lại "
                  "một tệp đã có không đếm hai lần.",
                  "Choose the batch files (.hlbatch) received from kiosks, or a whole folder of a USB stick. Key "
                  "files (.key) of new kiosks are registered first. Each file's signature is checked and it is stored "
                  "whole or not at all; a file uploaded again is never counted twice."})) +
         "</p>";
    b += "<form id=\"upload\" class=\"card\" method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">";
    b += "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(c.visitor->session.csrf) + "\">";
    b += "<label>" + esc(c.t({"Tệp", "Files"})) +
         "<input type=\"file\" id=\"files\" name=\"files\" multiple accept=\".hlbatch,.key\"></label>";
    b += "<label>" + esc(c.t({"hoặc một thư mục", "or a folder"})) +
         "<input type=\"file\" id=\"folder\" name=\"files\" webkitdirectory multiple></label>";
    b += "<p class=\"muted\">" + esc(c.t({"Tối đa ", "At most "})) +
         std::to_string(c.options.maxUploadBytes / (1024 * 1024)) + " MB " +
         esc(c.t({"mỗi lần gửi.", "per request."})) + "</p>";
    b += "<button class=\"primary\" id=\"upload-submit\" type=\"submit\">" + esc(c.t({"Tải lên", "Upload"})) +
         "</button> <progress id=\"progress\" max=\"1\" value=\"0\" hidden></progress> <span id=\"upload-status\" "
         "data-done=\"" +
         esc(c.t({"Xong:", "Done:"})) + "\" data-stored=\"" + esc(c.t({"đã lưu", "stored"})) + "\" data-known=\"" +
         esc(c.t({"đã có", "already known"})) + "\" data-refused=\"" + esc(c.t({"bị từ chối", "refused"})) +
         "\" data-trusted=\"" + esc(c.t({"máy được đăng ký", "kiosks registered"})) + "\" data-failed=\"" +
         esc(c.t({"Lỗi:", "Failed:"})) + "\"></span></form>";
    b += resultsTable(c, "", true);
    return page(c, c.t({"Tải tệp lên", "Upload"}), "upload", std::move(b));
}

WebResponse uploadPost(Ctx& c) {
    std::size_t total = 0;
    for (const UploadedFile& f : c.req.files) total += f.bytes.size();
    if (total > c.options.maxUploadBytes) {
        WebResponse r = badRequestPage(c, {"Quá lớn: gửi ít tệp hơn mỗi lần.", "Too large: send fewer files at once."});
        r.status = 413;
        return r;
    }
    const std::string& mine = c.visitor->account.unit;
    const bool everywhere = mine.empty();
    std::vector<UploadRow> rows;
    std::vector<BatchData> batches;
    int trusted = 0;
    for (const UploadedFile& f : c.req.files) {
        if (f.name.empty() && f.bytes.empty()) continue;  // an empty file input
        if (fs::path(f.name).extension() != ".key") {
            batches.push_back({f.name, f.bytes});
            continue;
        }
        const auto key = parseKioskKeyFile(f.bytes);
        if (!key) {
            rows.push_back({f.name, "refused", {"Tệp khóa không hợp lệ.", key.error()}});
            continue;
        }
        if (!everywhere && !inScope(c, key->unit.code)) {
            rows.push_back({f.name, "refused", importReason("kiosk of a unit outside your account's scope")});
            continue;
        }
        const auto known = c.store.kiosk(key->kioskId);
        if (!known) {
            c.store.trust(*key, c.clock.wallMs());
            ++trusted;
            rows.push_back({f.name,
                            "trusted",
                            {"Máy " + key->kioskId.substr(0, 8) + " đã được đăng ký.",
                             "Kiosk " + key->kioskId.substr(0, 8) + " registered."}});
        } else if (known->publicKeyHex == key->publicKeyHex) {
            rows.push_back({f.name, "known", {"Máy này đã được đăng ký.", "This kiosk was registered before."}});
        } else {
            rows.push_back(
                {f.name,
                 "refused",
                 {"Máy này đã đăng ký với khóa khác; chỉ quản trị viên đổi được, bằng lệnh hailong hq trust.",
                  "This kiosk is registered with another key; an administrator changes it with hailong hq "
                  "trust."}});
        }
    }
    BatchGate gate;
    if (!everywhere)
        gate = [&](const Batch&, const TrustedKiosk& kiosk) -> std::optional<std::string> {
            if (inScope(c, kiosk.unit.code)) return std::nullopt;
            return std::string("kiosk of a unit outside your account's scope: nothing stored");
        };
    const ImportSummary s = importBatchData(c.store, std::move(batches), c.clock.wallMs(), {}, gate,
                                            c.options.boxSecretFor);
    int stored = 0, known = 0, refused = 0;
    for (const FileImport& f : s.files) {
        if (!f.accepted) {
            rows.push_back({f.file, "refused", importReason(f.reason)});
            continue;
        }
        const bool isKnown = f.outcome.alreadyImported;
        (isKnown ? known : stored) += 1;
        Text note = isKnown
                        ? Text{"Lô này đã được nhập trước đó; không đếm lại.", "Imported before; not counted again."}
                        : Text{std::to_string(f.outcome.newResponses) + " lượt mới được tính",
                               std::to_string(f.outcome.newResponses) + " new responses counted"};
        if (f.outcome.heldResponses > 0) {
            note.vi += "; " + std::to_string(f.outcome.heldResponses) + " lượt bị giữ riêng (xung đột lô)";
            note.en += "; " + std::to_string(f.outcome.heldResponses) + " held apart (batches in conflict)";
        }
        for (const std::string& n : f.outcome.notes) {
            note.vi += "; " + n;
            note.en += "; " + n;
        }
        rows.push_back({f.file, isKnown ? "known" : "stored", note});
    }
    refused = static_cast<int>(
        std::count_if(rows.begin(), rows.end(), [](const UploadRow& r) { return r.status == "refused"; }));
    c.store.recordAudit({c.clock.wallMs(), c.visitor->account.name, "upload",
                         std::to_string(c.req.files.size()) + " file(s): " + std::to_string(stored) + " stored, " +
                             std::to_string(known) + " already known, " + std::to_string(refused) + " refused, " +
                             std::to_string(trusted) + " kiosk(s) registered"});
    if (c.req.wantsFragment) {
        WebResponse r;
        r.body = resultRows(c, rows);
        return r;
    }
    std::string b = "<h1>" + esc(c.t({"Kết quả tải lên", "Upload results"})) + "</h1><p id=\"summary\">" +
                    std::to_string(stored) + " " + esc(c.t({"đã lưu", "stored"})) + " · " + std::to_string(known) +
                    " " + esc(c.t({"đã có", "already known"})) + " · " + std::to_string(refused) + " " +
                    esc(c.t({"bị từ chối", "refused"})) + " · " + std::to_string(trusted) + " " +
                    esc(c.t({"máy được đăng ký", "kiosks registered"})) + "</p>";
    b += resultsTable(c, resultRows(c, rows), false);
    b += "<p><a href=\"/upload\">" + esc(c.t({"Tải thêm tệp", "Upload more files"})) + "</a> · <a href=\"/overview\">" +
         esc(c.t({"Xem tổng quan", "See the overview"})) + "</a></p>";
    return page(c, c.t({"Kết quả tải lên", "Upload results"}), "upload", std::move(b));
}

}  // namespace hailong::core::web
