// The pages that read figures: overview, units (the registry's tree), kiosks; and the page
// around them, the scope rule and the view's query (web_parts.h).
#include "base/civil_date.h"
#include "hq/hq_tally.h"
#include "hq/report_html.h"
#include "hq/unit_registry.h"
#include "web_parts.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace hailong::core::web {

std::string Ctx::here() const {
    std::string q;
    for (const auto& [k, v] : req.query)
        if (k != "lang") q += (q.empty() ? "?" : "&") + urlEncode(k) + "=" + urlEncode(v);
    return req.path + q;
}

WebResponse page(const Ctx& c, const std::string& title, const std::string& active, std::string body, int status) {
    PageParts p;
    p.lang = c.lang;
    p.title = title;
    p.active = active;
    p.visitor = c.visitor;
    if (c.visitor) p.scopeName = unitName(c, c.visitor->account.unit);
    p.body = std::move(body);
    p.pathForLanguageSwitch = c.here();
    WebResponse r;
    r.status = status;
    r.body = renderPage(p);
    return r;
}

WebResponse refusedPage(const Ctx& c, const Text& why) {
    return page(c, c.t({"Không được phép", "Not allowed"}), "",
                "<h1>" + esc(c.t({"Không được phép", "Not allowed"})) + "</h1><p class=\"refused\" id=\"refused\">" +
                    esc(c.t(why)) + "</p><p><a href=\"/overview\">" +
                    esc(c.t({"Về trang tổng quan", "Back to the overview"})) + "</a></p>",
                403);
}

WebResponse notFoundPage(const Ctx& c) {
    return page(c, c.t({"Không có trang này", "No such page"}), "",
                "<h1>" + esc(c.t({"Không có trang này", "No such page"})) + "</h1><p><a href=\"/overview\">" +
                    esc(c.t({"Về trang tổng quan", "Back to the overview"})) + "</a></p>",
                404);
}

WebResponse badRequestPage(const Ctx& c, const Text& why) {
    return page(c, c.t({"Yêu cầu không hợp lệ", "Bad request"}), "",
                "<h1>" + esc(c.t({"Yêu cầu không hợp lệ", "Bad request"})) + "</h1><p class=\"error\" id=\"message\">" +
                    esc(c.t(why)) + "</p>",
                400);
}

const UnitRow* currentRow(const Ctx& c, const std::string& code) {
    const UnitRow* u = c.registry->find(code, c.today);
    return u ? c.registry->currentAt(*u, c.today) : nullptr;
}

bool inScope(const Ctx& c, const std::string& unitCode) {
    const std::string& mine = c.visitor->account.unit;
    if (mine.empty()) return true;
    if (unitCode.empty()) return false;
    const UnitRow* u = currentRow(c, unitCode);
    return u != nullptr && c.registry->isUnder(*u, mine, c.today);
}

std::string unitName(const Ctx& c, const std::string& code) {
    if (code.empty()) return c.t({"Toàn quốc", "Whole country"});
    const UnitRow* u = c.registry->find(code, c.today);
    if (!u) return code;
    return c.lang == Language::En && !u->nameEn.empty() ? u->nameEn : u->nameVi;
}

namespace {
/// "2019-07" -> (first day, last day) of that month.
std::optional<std::pair<std::int64_t, std::int64_t>> monthDays(const std::string& m) {
    if (m.size() != 7 || m[4] != '-') return std::nullopt;
    for (const std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u})
        if (m[i] < '0' || m[i] > '9') return std::nullopt;
    const int year = std::stoi(m.substr(0, 4)), month = std::stoi(m.substr(5, 2));
    if (month < 1 || month > 12 || year < 1970 || year > 2200) return std::nullopt;
    const std::int64_t first = daysFromCivil(year, month, 1);
    const std::int64_t next = month == 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
    return std::make_pair(first, next - 1);
}
}  // namespace

Expected<ViewQuery, WebResponse> viewQuery(const Ctx& c) {
    ViewQuery v;
    const bool unitGiven = std::any_of(c.req.query.begin(), c.req.query.end(),
                                       [](const auto& kv) { return kv.first == "unit"; });
    v.unit = unitGiven ? c.req.param("unit") : c.visitor->account.unit;
    if (!v.unit.empty() && !c.registry->knows(v.unit)) {
        // An unknown code is refused alike for everyone in a scope, so a province's analyst
        // cannot tell another province's codes from codes that do not exist.
        if (!c.visitor->account.unit.empty())
            return unexpected(refusedPage(
                c, {"Đơn vị này không thuộc phạm vi của tài khoản.", "This unit is not within your account's scope."}));
        return unexpected(badRequestPage(c, {"Không có đơn vị mã \"" + v.unit + "\" trong danh mục.",
                                             "The registry has no unit with code \"" + v.unit + "\"."}));
    }
    if (!inScope(c, v.unit))
        return unexpected(refusedPage(
            c, {"Đơn vị này không thuộc phạm vi của tài khoản.", "This unit is not within your account's scope."}));
    v.fromMonth = c.req.param("from");
    v.toMonth = c.req.param("to");
    for (const std::string* m : {&v.fromMonth, &v.toMonth}) {
        if (m->empty()) continue;
        const auto days = monthDays(*m);
        if (!days)
            return unexpected(badRequestPage(c, {"Tháng phải viết như 2026-01.", "A month is written like 2026-01."}));
        (m == &v.fromMonth ? v.fromDay : v.toDay) = m == &v.fromMonth ? days->first : days->second;
    }
    if (v.fromDay && v.toDay && *v.fromDay > *v.toDay)
        return unexpected(
            badRequestPage(c, {"Tháng bắt đầu sau tháng kết thúc.", "The first month is after the last."}));
    return v;
}

Figures computeFigures(const HqStore& store, const ViewQuery& view, std::int64_t today) {
    Figures f;
    ReportQuery q;
    q.fromDay = view.fromDay;
    q.toDay = view.toDay;
    q.asOfDay = today;
    q.under = view.unit;
    q.by = ReportBy::Unit;
    f.report = buildReport(store, q);
    f.quality = dataQuality(store, f.report, /*trendShown=*/true, today);
    ReportQuery ranked = q;
    ranked.by = view.unit.empty() ? ReportBy::Province : ReportBy::Unit;
    ranked.sort = ReportSort::Rate;
    ranked.top = 5;
    f.best = buildReport(store, ranked);
    ranked.top = 0;
    ranked.bottom = 5;
    f.worst = buildReport(store, ranked);
    if (!view.unit.empty()) {  // shown at a unit with none under it: its counters and officers
        for (const ReportBy by : {ReportBy::Counter, ReportBy::Officer}) {
            ReportQuery extra = q;
            extra.by = by;
            extra.sort = ReportSort::Ratings;
            f.extra.push_back(buildReport(store, extra));
        }
    }
    return f;
}

std::string periodForm(const Ctx& c, const ViewQuery& v, const char* action) {
    std::string b = "<form class=\"period\" method=\"get\" action=\"" + std::string(action) + "\">";
    if (!v.unit.empty()) b += "<input type=\"hidden\" name=\"unit\" value=\"" + esc(v.unit) + "\">";
    b += "<label>" + esc(c.t({"Từ tháng", "From month"})) + "<input type=\"month\" name=\"from\" value=\"" +
         esc(v.fromMonth) + "\" placeholder=\"2026-01\"></label>";
    b += "<label>" + esc(c.t({"Đến tháng", "To month"})) + "<input type=\"month\" name=\"to\" value=\"" +
         esc(v.toMonth) + "\" placeholder=\"2026-12\"></label>";
    b += "<button class=\"primary\" type=\"submit\">" + esc(c.t({"Xem", "Show"})) + "</button></form>";
    return b;
}

std::string periodWords(const Ctx& c, const ViewQuery& v) {
    const auto month = [](const std::string& m) { return m.substr(5, 2) + "/" + m.substr(0, 4); };
    if (v.fromMonth.empty() && v.toMonth.empty()) return c.t({"toàn bộ thời gian", "all time"});
    if (v.toMonth.empty()) return c.t({"từ ", "from "}) + month(v.fromMonth);
    if (v.fromMonth.empty()) return c.t({"đến ", "until "}) + month(v.toMonth);
    return month(v.fromMonth) + " – " + month(v.toMonth);
}

/// Home › province › commune: the unit's ancestors as of today, each a link within the scope.
std::string crumbs(const Ctx& c, const ViewQuery& v, const char* path) {
    std::vector<std::string> chain;
    for (const UnitRow* u = v.unit.empty() ? nullptr : currentRow(c, v.unit); u; u = c.registry->parentOf(*u, c.today))
        chain.push_back(u->code);
    std::reverse(chain.begin(), chain.end());
    std::vector<std::string> links;
    if (c.visitor->account.unit.empty())
        links.push_back("<a href=\"" + std::string(path) + "?" + esc(v.link("")) + "\">" + esc(unitName(c, "")) +
                        "</a>");
    for (const std::string& code : chain)
        if (inScope(c, code))  // above the account's unit: not shown
            links.push_back("<a href=\"" + std::string(path) + "?" + esc(v.link(code)) + "\">" +
                            esc(unitName(c, code)) + "</a>");
    std::string b = "<div class=\"crumbs\" id=\"crumbs\">";
    for (std::size_t i = 0; i < links.size(); ++i) b += (i ? " › " : "") + links[i];
    return b + "</div>";
}

namespace {

std::string figureBox(const std::string& id, const std::string& value, const std::string& what, bool headline) {
    return "<div class=\"figure" + std::string(headline ? " headline" : "") + "\"><div class=\"value\"" +
           (id.empty() ? "" : " id=\"" + id + "\"") + ">" + esc(value) + "</div><div class=\"what\">" + what +
           "</div></div>";
}

/// breakdown: the query of the units page that breaks the figures down ("unit=40&from=...").
std::string headlineBoxes(const Ctx& c, const ReportRow& t, const std::string& breakdown) {
    std::string b = "<div class=\"figures\">";
    b += figureBox("headline", percentCell(t.satisfied, t.ratings),
                   esc(c.t({"hài lòng (theo lượt đánh giá, không tính lượt nghi lạm dụng) · ",
                            "satisfied (event-based, misuse left out) · "})) +
                       countCell(t.ratings) + " " + esc(c.t({"lượt", "ratings"})) +
                       " · <a id=\"breakdown\" href=\"/units" + (breakdown.empty() ? "" : "?" + esc(breakdown)) +
                       "\">" + esc(c.t({"theo từng đơn vị", "unit by unit"})) + "</a>",
                   true);
    b += "</div><div class=\"figures\" id=\"definitions\">";
    b += figureBox("", percentCell(t.satisfied, t.ratings),
                   esc(c.t({"1. Theo lượt đánh giá: hài lòng và rất hài lòng / mọi lượt",
                            "1. Event-based: satisfied or very satisfied / all ratings"})),
                   false);
    b += figureBox("", percentCell(t.sipasTop2, t.sipasAnswers),
                   esc(c.t({"2. SIPAS (2 mức cao nhất của thang 5 mức) · ", "2. SIPAS top-2-box (5-level) · "})) +
                       countCell(t.sipasAnswers) + " " + esc(c.t({"câu trả lời", "answers"})),
                   false);
    b += figureBox("", percentCell(t.dossiers - t.dossiersNotSatisfied, t.dossiers),
                   esc(c.t({"3. Theo hồ sơ (QĐ 766/QĐ-TTg) · ", "3. Per dossier (Decision 766) · "})) +
                       countCell(t.dossiers) + " " + esc(c.t({"hồ sơ", "dossiers"})),
                   false);
    return b + "</div>";
}

}  // namespace

std::string downloads(const Ctx& c, const ViewQuery& v, const char* view) {
    std::string b = "<p class=\"downloads\">" + esc(c.t({"Tải về:", "Download:"})) + " ";
    for (const char* format : {"xlsx", "csv", "html"}) {
        const std::string q = v.link();
        b += "<a id=\"dl-" + std::string(format) + "\" href=\"/download?view=" + view + "&amp;format=" + format +
             (q.empty() ? "" : "&amp;" + esc(q)) + "\">" +
             (std::string(format) == "xlsx"  ? "Excel (.xlsx)"
              : std::string(format) == "csv" ? "CSV"
                                             : esc(c.t({"Báo cáo HTML", "HTML report"}))) +
             "</a>";
    }
    return b + "</p>";
}

namespace {

/// A table of groups (units or provinces): name (a link within the scope), ratings, %.
std::string rankTable(const Ctx& c, const ViewQuery& v, const Report& r, const std::string& id) {
    std::string b = "<div class=\"scroll\"><table id=\"" + id + "\"><thead><tr><th>" + esc(c.t({"Đơn vị", "Unit"})) +
                    "</th><th class=\"n\">" + esc(c.t({"Lượt", "Ratings"})) + "</th><th class=\"n\">" +
                    esc(c.t({"Hài lòng", "Satisfied"})) + "</th></tr></thead><tbody>";
    for (const ReportRow& row : r.rows) {
        const std::string name = row.registered ? unitName(c, row.key) : row.key;
        b += "<tr><td>";
        if (row.registered && inScope(c, row.key))
            b += "<a href=\"/units?" + esc(v.link(row.key)) + "\">" + esc(name) + "</a>";
        else b += esc(name);
        b += "</td><td class=\"n\">" + countCell(row.ratings) + "</td><td class=\"n\">" +
             percentCell(row.satisfied, row.ratings) + "</td></tr>";
    }
    if (r.rows.empty())
        b += "<tr><td colspan=\"3\" class=\"muted\">" +
             esc(c.t({"Chưa đủ 30 lượt ở đơn vị nào để xếp hạng.", "No unit has the 30 ratings needed to rank."})) +
             "</td></tr>";
    return b + "</tbody></table></div>";
}

std::string qualityList(const Ctx& c, const DataQuality& q) {
    std::string b = "<ul class=\"quality\" id=\"quality\">";
    for (const Text& note : q.notes) b += "<li>" + esc(c.t(note)) + "</li>";
    if (q.notes.empty()) b += "<li>" + esc(c.t({"Không có gì cần lưu ý.", "Nothing to note."})) + "</li>";
    return b + "</ul>";
}

}  // namespace

WebResponse overviewPage(Ctx& c) {
    auto v = viewQuery(c);
    if (!v) return std::move(v.error());
    const auto f = c.figures(*v);
    const std::string name = unitName(c, v->unit);
    std::string b = "<h1>" + esc(c.t({"Tổng quan", "Overview"})) + " — " + esc(name) + "</h1>";
    b += crumbs(c, *v, "/overview") + periodForm(c, *v, "/overview");
    b += "<p class=\"muted\">" + esc(periodWords(c, *v)) + " · " +
         esc(c.t({"đơn vị tính theo danh mục hôm nay", "units as the registry stands today"})) + "</p>";
    b += headlineBoxes(c, f->report.total, v->link());
    b += downloads(c, *v, "overview");
    b += "<p><a id=\"comments-link\" href=\"/comments" + (v->link().empty() ? "" : "?" + esc(v->link())) + "\">" +
         esc(c.t({"Góp ý của người dân", "Citizens' comments"})) + "</a> " +
         esc(c.t({"(mới nhất trước, theo đơn vị và thời gian đang xem)", "(newest first, for this unit and period)"})) +
         "</p>";
    b += "<h2>" + esc(c.t({"Xu hướng theo tháng", "Monthly trend"})) + "</h2><div class=\"card\" id=\"trend\">";
    const std::string svg = trendSvg(f->quality.trend);
    b += svg.empty() ? "<p class=\"muted\">" + esc(c.t({"Chưa có dữ liệu.", "No data yet."})) + "</p>" : svg;
    b += "</div>";
    const std::string groups = v->unit.empty() ? c.t({"tỉnh, thành phố", "provinces"}) : c.t({"đơn vị", "units"});
    b += "<h2>" + esc(c.t({"Cao nhất", "Highest"})) + " (" + esc(groups) + ")</h2>" + rankTable(c, *v, f->best, "best");
    b += "<h2>" + esc(c.t({"Thấp nhất", "Lowest"})) + " (" + esc(groups) + ")</h2>" +
         rankTable(c, *v, f->worst, "worst");
    b += "<p class=\"muted\">" +
         esc(c.t(
             {"Đơn vị có ít hơn 30 lượt không được xếp hạng.", "Units with fewer than 30 ratings are not ranked."})) +
         "</p>";
    b += "<h2>" + esc(c.t({"Chất lượng dữ liệu", "Data quality"})) + "</h2>" + qualityList(c, f->quality);
    return page(c, c.t({"Tổng quan", "Overview"}), "overview", std::move(b));
}

}  // namespace hailong::core::web
