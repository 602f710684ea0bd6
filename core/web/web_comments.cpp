// Citizens' comments in the browser (issue 19): the comments of the view's unit and of the units
// under it, newest first, a page at a time, and their CSV (web_parts.h). Comment text is the
// citizen's own words: escaped wherever it goes (HTML), and kept from being read as a formula
// (CSV). Dossier codes are not shown: headquarters does not keep them (hq_comments.h).
#include "hq/hq_comments.h"
#include "hq/hq_store.h"
#include "hq/unit_registry.h"
#include "web_parts.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace hailong::core::web {

namespace {

constexpr std::int64_t PerPage = 50;

/// The unit codes whose comments belong to the view: every code of the registry whose rows all
/// lead, through their successors as of today, to the view's unit or a unit under it (the rule
/// the figures follow, inScope). A code reused by units of two places (a row under the view, a
/// row elsewhere) is left out rather than shown to the wrong place. Nothing: the whole country
/// (only an account of the whole country asks for it), codes the registry does not know too.
std::optional<std::set<std::string>> unitCodesOf(const Ctx& c, const ViewQuery& v) {
    if (v.unit.empty()) return std::nullopt;
    std::map<std::string, bool> allUnder;
    for (const UnitRow& row : c.registry->rows()) {
        const UnitRow* now = c.registry->currentAt(row, c.today);
        const bool under = now != nullptr && c.registry->isUnder(*now, v.unit, c.today);
        const auto [it, fresh] = allUnder.emplace(row.code, under);
        if (!fresh) it->second = it->second && under;
    }
    std::set<std::string> codes;
    for (const auto& [code, under] : allUnder)
        if (under) codes.insert(code);
    return codes;
}

CommentQuery queryOf(const Ctx& c, const ViewQuery& v) {
    CommentQuery q;
    q.fromDay = v.fromDay;
    q.toDay = v.toDay;
    q.units = unitCodesOf(c, v);
    return q;
}

/// The main answer for people; an answer of another questionnaire as it is.
std::string ratingWords(const Ctx& c, const std::string& value) {
    if (value == "very_satisfied") return c.t({"Rất hài lòng", "Very satisfied"});
    if (value == "satisfied") return c.t({"Hài lòng", "Satisfied"});
    if (value == "not_satisfied") return c.t({"Không hài lòng", "Not satisfied"});
    if (value.empty()) return "—";
    return value;
}

/// The unit's name as the registry has it today, else as the kiosk sent it.
std::string unitWords(const Ctx& c, const HqComment& k) {
    if (c.registry->knows(k.unitCode)) return unitName(c, k.unitCode);
    return k.unitName.empty() ? k.unitCode : k.unitName;
}

const Text SealedWords{"(đã niêm phong: chưa mở bằng khóa của trung tâm)",
                       "(sealed: not opened with headquarters' key)"};

/// "?page=N" (1 when absent); nothing when it is not a page number.
std::optional<std::int64_t> pageAsked(const Ctx& c) {
    const std::string p = c.req.param("page");
    if (p.empty()) return 1;
    if (p.size() > 9 || p.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    const std::int64_t n = std::stoll(p);
    if (n < 1) return std::nullopt;
    return n;
}

/// The form of the view: a unit (the view's, the one above it within the scope, and those
/// directly under it) and the months.
std::string filterForm(const Ctx& c, const ViewQuery& v) {
    std::string b = "<form class=\"period\" id=\"comments-filter\" method=\"get\" action=\"/comments\"><label>" +
                    esc(c.t({"Đơn vị", "Unit"})) + "<select name=\"unit\" id=\"unit\">";
    const auto option = [&](const std::string& code, const std::string& words) {
        b += "<option value=\"" + esc(code) + "\"" + (code == v.unit ? " selected" : "") + ">" + esc(words) +
             "</option>";
    };
    const UnitRow* here = v.unit.empty() ? nullptr : currentRow(c, v.unit);
    const UnitRow* parent = here ? c.registry->parentOf(*here, c.today) : nullptr;
    if (parent && inScope(c, parent->code)) option(parent->code, "↑ " + unitName(c, parent->code));
    else if (here && c.visitor->account.unit.empty()) option("", "↑ " + unitName(c, ""));
    option(v.unit, unitName(c, v.unit));
    for (const UnitRow* u : childrenToday(c, v.unit))
        option(u->code, "— " + unitName(c, u->code) + " (" + u->code + ")");
    b += "</select></label>";
    b += "<label>" + esc(c.t({"Từ tháng", "From month"})) + "<input type=\"month\" name=\"from\" value=\"" +
         esc(v.fromMonth) + "\" placeholder=\"2026-01\"></label>";
    b += "<label>" + esc(c.t({"Đến tháng", "To month"})) + "<input type=\"month\" name=\"to\" value=\"" +
         esc(v.toMonth) + "\" placeholder=\"2026-12\"></label>";
    b += "<button class=\"primary\" type=\"submit\">" + esc(c.t({"Xem", "Show"})) + "</button></form>";
    return b;
}

/// Newer · page N of M · older, as links that keep the view; ids start with `id` (the pager is
/// above and below the list).
std::string pager(const Ctx& c, const ViewQuery& v, std::int64_t at, std::int64_t pages, const std::string& id) {
    if (pages <= 1) return {};
    const std::string base = "/comments?" + v.link() + (v.link().empty() ? "" : "&") + "page=";
    std::string b = "<nav class=\"pager\" aria-label=\"" + esc(c.t({"Các trang", "Pages"})) + "\">";
    const auto link = [&](const char* which, std::int64_t to, const Text& words) {
        b += "<a id=\"" + id + which + "\" href=\"" + esc(base + std::to_string(to)) + "\">" + esc(c.t(words)) + "</a>";
    };
    if (at > 1) {
        link("first", 1, {"« Mới nhất", "« Newest"});
        link("newer", at - 1, {"‹ Mới hơn", "‹ Newer"});
    }
    b += "<span id=\"" + id + "of\">" + esc(c.t({"Trang ", "Page "})) + std::to_string(at) + " / " +
         std::to_string(pages) + "</span>";
    if (at < pages) {
        link("older", at + 1, {"Cũ hơn ›", "Older ›"});
        link("last", pages, {"Cũ nhất »", "Oldest »"});
    }
    return b + "</nav>";
}

std::string commentRow(const Ctx& c, const ViewQuery& v, const HqComment& k) {
    std::string unit = esc(unitWords(c, k));
    if (c.registry->knows(k.unitCode) && inScope(c, k.unitCode) && k.unitCode != v.unit)
        unit = "<a href=\"/comments?" + esc(v.link(k.unitCode)) + "\">" + unit + "</a>";
    std::string b = "<tr class=\"comment" + std::string(k.text ? "" : " sealed") + "\"><td class=\"when\">" +
                    esc(timeWords(k.startedUtcMs)) + "</td><td class=\"where\">" + unit;
    if (!k.counter.empty()) b += "<br><span class=\"muted\">" + esc(k.counter) + "</span>";
    b += "</td><td class=\"rating " + esc(k.mainAnswer) + "\">" + esc(ratingWords(c, k.mainAnswer)) + "</td>";
    if (k.text) b += "<td class=\"text\">" + esc(*k.text) + "</td></tr>";
    else b += "<td class=\"text muted\"><i>" + esc(c.t(SealedWords)) + "</i></td></tr>";
    return b;
}

/// A CSV field: quoted when needed, and never read as a formula by a spreadsheet (a citizen's
/// "=HYPERLINK(...)" stays text).
std::string csvText(const std::string& s) {
    std::string v = s;
    if (!v.empty() && std::string("=+-@\t\r").find(v.front()) != std::string::npos) v = "'" + v;
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string out = "\"";
    for (const char ch : v) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

}  // namespace

WebResponse commentsPage(Ctx& c) {
    auto v = viewQuery(c);
    if (!v) return std::move(v.error());
    const auto asked = pageAsked(c);
    if (!asked)
        return badRequestPage(c, {"Số trang phải là số nguyên từ 1 trở lên.", "A page is a whole number from 1 up."});
    CommentQuery q = queryOf(c, *v);
    q.limit = PerPage;
    q.offset = static_cast<std::size_t>((*asked - 1) * PerPage);
    CommentPage shown = c.store.comments(q);
    const std::int64_t pages = std::max<std::int64_t>(1, (shown.total + PerPage - 1) / PerPage);
    const std::int64_t pageNo = std::min(*asked, pages);
    if (pageNo != *asked) {  // past the end (comments taken away since, a link typed): the last page
        q.offset = static_cast<std::size_t>((pageNo - 1) * PerPage);
        shown = c.store.comments(q);
    }

    const std::string name = unitName(c, v->unit);
    const std::string title = c.t({"Góp ý của người dân", "Citizens' comments"});
    std::string b = "<h1>" + esc(title) + " — " + esc(name) + "</h1>";
    b += crumbs(c, *v, "/comments") + filterForm(c, *v);
    b += "<p class=\"muted\" id=\"comments-count\">" + esc(periodWords(c, *v)) + " · " + countCell(shown.total) + " " +
         esc(c.t({"góp ý", "comments"}));
    if (!shown.newestFirst.empty())
        b += " · " + esc(c.t({"đang xem ", "showing "})) + countCell(static_cast<std::int64_t>(q.offset) + 1) + "–" +
             countCell(static_cast<std::int64_t>(q.offset + shown.newestFirst.size())) + ", " +
             esc(c.t({"mới nhất trước", "newest first"}));
    b += " · <a href=\"/overview?" + esc(v->link()) + "\">" + esc(c.t({"tổng quan", "overview"})) +
         "</a> · <a href=\"/units?" + esc(v->link()) + "\">" + esc(c.t({"đơn vị", "units"})) + "</a></p>";
    if (shown.sealed > 0) {
        const std::string n = countCell(shown.sealed);
        b += "<p class=\"message\" id=\"sealed\">" +
             esc(c.t({n + " góp ý còn niêm phong: lô của chúng được nhập khi chưa có khóa của trung tâm, nên chưa đọc "
                          "được nội dung (vẫn được đếm). Quản trị viên mở chúng trên máy chủ bằng lệnh ",
                      n + " comments are still sealed: their batches were imported without headquarters' key, so "
                          "their text cannot be read yet (they are counted). An administrator opens them on the "
                          "server with "})) +
             "<code>hailong hq unseal --keys " + esc(c.t({"THƯ_MỤC_KHÓA", "KEY_FOLDER"})) + "</code>.</p>";
    }
    const std::string link = v->link();
    b += "<p class=\"downloads\">" + esc(c.t({"Tải về:", "Download:"})) +
         " <a id=\"dl-csv\" href=\"/download?view=comments&amp;format=csv" + (link.empty() ? "" : "&amp;" + esc(link)) +
         "\">" + esc(c.t({"CSV (mọi góp ý đang lọc)", "CSV (every comment of this view)"})) + "</a></p>";
    b += pager(c, *v, pageNo, pages, "page-");
    b += "<div class=\"scroll\"><table id=\"comments\" class=\"comments\"><thead><tr><th>" +
         esc(c.t({"Thời gian", "Time"})) + "</th><th>" + esc(c.t({"Đơn vị, quầy", "Unit, counter"})) + "</th><th>" +
         esc(c.t({"Đánh giá", "Rating"})) + "</th><th>" + esc(c.t({"Góp ý", "Comment"})) + "</th></tr></thead><tbody>";
    for (const HqComment& k : shown.newestFirst) b += commentRow(c, *v, k);
    if (shown.newestFirst.empty())
        b += "<tr><td colspan=\"4\" class=\"muted\">" +
             esc(c.t({"Không có góp ý nào trong phạm vi và thời gian này.", "No comments for this unit and period."})) +
             "</td></tr>";
    b += "</tbody></table></div>";
    b += pager(c, *v, pageNo, pages, "below-page-");
    b += "<p class=\"muted\">" +
         esc(c.t({"Giờ Việt Nam (UTC+7), theo đồng hồ của máy đánh giá. Mã hồ sơ không được lưu ở trung tâm nên "
                  "không hiển thị.",
                  "Vietnam time (UTC+7), by the kiosk's clock. Dossier codes are not kept at headquarters, so "
                  "none is shown."})) +
         "</p>";
    return page(c, title + " — " + name, "comments", std::move(b));
}

WebResponse commentsCsv(Ctx& c, const ViewQuery& v, const std::string& fileName) {
    CommentQuery q = queryOf(c, v);
    q.limit = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    const CommentPage all = c.store.comments(q);
    // A byte-order mark: Excel then reads the Vietnamese text as UTF-8.
    std::string out = "\xEF\xBB\xBF" + csvText(c.t({"Thời gian (giờ Việt Nam)", "Time (Vietnam)"})) + "," +
                      csvText(c.t({"Mã đơn vị", "Unit code"})) + "," + csvText(c.t({"Đơn vị", "Unit"})) + "," +
                      csvText(c.t({"Quầy", "Counter"})) + "," + csvText(c.t({"Đánh giá", "Rating"})) + "," +
                      csvText(c.t({"Góp ý", "Comment"})) + "\r\n";
    for (const HqComment& k : all.newestFirst)
        out += csvText(timeWords(k.startedUtcMs)) + "," + csvText(k.unitCode) + "," + csvText(unitWords(c, k)) + "," +
               csvText(k.counter) + "," + csvText(ratingWords(c, k.mainAnswer)) + "," +
               csvText(k.text ? *k.text : c.t(SealedWords)) + "\r\n";
    // Personal data leaving the server: who took which comments goes to the audit log.
    c.store.recordAudit({c.clock.wallMs(), c.visitor->account.name, "comments downloaded",
                         "unit=" + (v.unit.empty() ? std::string("(whole country)") : v.unit) +
                             (v.fromMonth.empty() ? "" : " from=" + v.fromMonth) +
                             (v.toMonth.empty() ? "" : " to=" + v.toMonth) + "; " + std::to_string(all.total) +
                             " comments"});
    WebResponse r;
    r.contentType = "text/csv; charset=utf-8";
    r.body = std::move(out);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    return r;
}

}  // namespace hailong::core::web
