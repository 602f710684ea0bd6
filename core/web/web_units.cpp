// The units page (the registry's tree with figures at every level, down to officers) and the
// kiosks page (web_parts.h).
#include "hq/unit_registry.h"
#include "web_parts.h"

#include <map>
#include <set>

namespace hailong::core::web {

std::vector<const UnitRow*> childrenToday(const Ctx& c, const std::string& code) {
    std::vector<const UnitRow*> out;
    std::set<std::string> seen;
    const auto consider = [&](const UnitRow& u) {
        if (!u.validAt(c.today) || seen.count(u.code)) return;
        const UnitRow* p = c.registry->parentOf(u, c.today);
        if ((code.empty() && p == nullptr) || (p != nullptr && p->code == code)) {
            seen.insert(u.code);
            out.push_back(&u);
        }
    };
    if (code.empty())
        for (const UnitRow& u : c.registry->rows()) consider(u);
    else
        for (const UnitRow* u : c.registry->childrenOf(code)) consider(*u);
    std::sort(out.begin(), out.end(), [](const UnitRow* a, const UnitRow* b) { return a->code < b->code; });
    return out;
}

namespace {

/// Which child of `parent` (as childrenToday names them) the unit `code` is under; "" if it is
/// `parent` itself, "?" if none.
std::string childOf(const Ctx& c, const std::string& parent, const std::string& code) {
    if (code == parent) return "";
    const UnitRow* u = currentRow(c, code);
    for (int depth = 0; u && depth < 64; ++depth) {
        if (u->code == parent) return "";
        const UnitRow* p = c.registry->parentOf(*u, c.today);
        if (p == nullptr) return parent.empty() ? u->code : "?";
        if (p->code == parent) return u->code;
        u = p;
    }
    return "?";
}

std::string levelWords(const Ctx& c, const std::string& level) {
    if (level == "central") return c.t({"Trung ương", "Central"});
    if (level == "province") return c.t({"Tỉnh", "Province"});
    if (level == "district") return c.t({"Huyện (cũ)", "District (former)"});
    if (level == "commune") return c.t({"Xã", "Commune"});
    return level;
}

std::string figureHeads(const Ctx& c) {
    return "<th class=\"n\">" + esc(c.t({"Lượt", "Ratings"})) + "</th><th class=\"n\">" +
           esc(c.t({"Hài lòng", "Satisfied"})) + "</th><th class=\"n\">SIPAS</th><th class=\"n\">" +
           esc(c.t({"Theo hồ sơ", "Per dossier"})) + "</th><th class=\"n\">" + esc(c.t({"Nghi lạm dụng", "Misuse"})) +
           "</th><th class=\"n\">" + esc(c.t({"Bị giữ riêng", "Held"})) + "</th>";
}

/// The figure cells of a group; the share links to its overview when `overview` is given.
std::string figureCells(const ReportRow& r, const std::string& overview) {
    std::string share = percentCell(r.satisfied, r.ratings);
    if (!overview.empty() && r.ratings > 0) share = "<a href=\"" + esc(overview) + "\">" + share + "</a>";
    return "<td class=\"n\">" + countCell(r.ratings) + "</td><td class=\"n\">" + share + "</td><td class=\"n\">" +
           percentCell(r.sipasTop2, r.sipasAnswers) + "</td><td class=\"n\">" +
           percentCell(r.dossiers - r.dossiersNotSatisfied, r.dossiers) + "</td><td class=\"n\">" +
           countCell(r.misuse) + "</td><td class=\"n\">" + countCell(r.held) + "</td>";
}

std::string groupTable(const Ctx& c, const Report& r, const std::string& id, const Text& heading) {
    std::string b = "<div class=\"scroll\"><table id=\"" + id + "\"><thead><tr><th>" + esc(c.t(heading)) + "</th>" +
                    figureHeads(c) + "</tr></thead><tbody>";
    for (const ReportRow& row : r.rows)
        b += "<tr" + std::string(row.fewRatings ? " class=\"few\"" : "") + "><td>" +
             esc(row.label.empty() ? (row.key.empty() ? c.t({"(không rõ)", "(unknown)"}) : row.key) : row.label) +
             "</td>" + figureCells(row, "") + "</tr>";
    if (r.rows.empty())
        b += "<tr><td colspan=\"7\" class=\"muted\">" + esc(c.t({"Không có lượt đánh giá.", "No ratings."})) +
             "</td></tr>";
    return b + "</tbody></table></div>";
}

}  // namespace

WebResponse unitsPage(Ctx& c) {
    auto v = viewQuery(c);
    if (!v) return std::move(v.error());
    const auto f = c.figures(*v);
    const std::vector<const UnitRow*> children = childrenToday(c, v->unit);
    std::map<std::string, ReportRow> byChild;
    ReportRow own, unregistered, elsewhere;
    for (const ReportRow& row : f->report.rows) {
        if (!row.registered) {
            unregistered += row;
            continue;
        }
        const std::string child = childOf(c, v->unit, row.key);
        if (child.empty()) own += row;
        else if (child == "?") elsewhere += row;
        else byChild[child] += row;
    }
    const std::string name = unitName(c, v->unit);
    std::string b = "<h1>" + esc(c.t({"Đơn vị", "Units"})) + " — " + esc(name) + "</h1>";
    b += crumbs(c, *v, "/units") + periodForm(c, *v, "/units");
    const ReportRow& t = f->report.total;
    b += "<div class=\"figures\"><div class=\"figure headline\"><div class=\"value\" id=\"headline\">" +
         percentCell(t.satisfied, t.ratings) + "</div><div class=\"what\">" +
         esc(c.t({"hài lòng, gộp mọi đơn vị trực thuộc · ", "satisfied, every unit under it pooled · "})) +
         countCell(t.ratings) + " " + esc(c.t({"lượt", "ratings"})) + " · <a href=\"/overview?" + esc(v->link()) +
         "\">" + esc(c.t({"tổng quan", "overview"})) + "</a> · <a href=\"/kiosks?" + esc(v->link()) + "\">" +
         esc(c.t({"máy đánh giá", "kiosks"})) + "</a> · <a id=\"comments-link\" href=\"/comments?" + esc(v->link()) +
         "\">" + esc(c.t({"góp ý của người dân", "citizens' comments"})) + "</a></div></div></div>";
    b += downloads(c, *v, "units");
    if (!children.empty()) {
        b += "<h2>" + esc(c.t({"Đơn vị trực thuộc", "Units under it"})) + "</h2>";
        b += "<div class=\"scroll\"><table id=\"units\"><thead><tr><th>" + esc(c.t({"Đơn vị", "Unit"})) + "</th><th>" +
             esc(c.t({"Cấp", "Level"})) + "</th>" + figureHeads(c) + "</tr></thead><tbody>";
        const auto row = [&](const std::string& cell, const std::string& level, const ReportRow& r,
                             const std::string& overview) {
            b += "<tr" + std::string(r.ratings == 0 ? " class=\"few\"" : "") + "><td>" + cell + "</td><td>" +
                 esc(level) + "</td>" + figureCells(r, overview) + "</tr>";
        };
        if (own.ratings + own.misuse + own.held > 0)
            row(esc(c.t({"Tại chính đơn vị này", "At this unit itself"})), "", own, "");
        for (const UnitRow* u : children) {
            const auto it = byChild.find(u->code);
            const ReportRow r = it == byChild.end() ? ReportRow{} : it->second;
            row("<a class=\"drill\" href=\"/units?" + esc(v->link(u->code)) + "\">" + esc(unitName(c, u->code)) +
                    "</a> <span class=\"muted\">" + esc(u->code) + "</span>",
                levelWords(c, u->level), r, "/overview?" + v->link(u->code));
        }
        if (elsewhere.ratings + elsewhere.held > 0)
            row(esc(c.t({"Đơn vị khác (không còn trực thuộc)", "Other units (no longer under it)"})), "", elsewhere,
                "");
        if (unregistered.ratings + unregistered.held > 0)
            row(esc(c.t({"Mã đơn vị không có trong danh mục", "Unit codes not in the registry"})), "", unregistered,
                "");
        b += "</tbody></table></div>";
    }
    if (children.empty()) {  // a unit at the bottom of the tree: its counters and officers
        for (const Report& extra : f->extra) {
            const bool officers = extra.query.by == ReportBy::Officer;
            b += "<h2>" + esc(officers ? c.t({"Theo cán bộ", "By officer"}) : c.t({"Theo quầy", "By counter"})) +
                 "</h2>";
            b += groupTable(c, extra, officers ? "officers" : "counters",
                            officers ? Text{"Cán bộ", "Officer"} : Text{"Quầy", "Counter"});
        }
    }
    return page(c, c.t({"Đơn vị", "Units"}) + " — " + name, "units", std::move(b));
}

std::string driftWords(const Ctx& c, std::int64_t aheadMs) {
    if (aheadMs < 60'000) return "—";
    const std::int64_t minutes = aheadMs / 60'000, hours = minutes / 60, days = hours / 24;
    if (days >= 2) return c.t({"chạy trước ", "ahead by "}) + std::to_string(days) + c.t({" ngày", " days"});
    if (hours >= 1) return c.t({"chạy trước ", "ahead by "}) + std::to_string(hours) + c.t({" giờ", " h"});
    return c.t({"chạy trước ", "ahead by "}) + std::to_string(minutes) + c.t({" phút", " min"});
}

bool kioskInView(const Ctx& c, const ViewQuery& v, const KioskStatus& k) {
    const std::string& code = k.kiosk.unit.code;
    if (!inScope(c, code)) return false;
    if (v.unit.empty()) return true;
    const UnitRow* u = currentRow(c, code);
    return u != nullptr && c.registry->isUnder(*u, v.unit, c.today);
}

WebResponse kiosksPage(Ctx& c) {
    auto v = viewQuery(c);
    if (!v) return std::move(v.error());
    const std::string name = unitName(c, v->unit);
    std::string b = "<h1>" + esc(c.t({"Máy đánh giá", "Kiosks"})) + " — " + esc(name) + "</h1>";
    b += crumbs(c, *v, "/kiosks");
    std::string rows;
    int count = 0, withGaps = 0;
    for (const KioskStatus& k : c.store.kiosks()) {
        if (!kioskInView(c, *v, k)) continue;
        ++count;
        std::string missing;
        for (const std::int64_t n : k.missing) missing += (missing.empty() ? "" : ", ") + std::to_string(n);
        withGaps += !k.missing.empty();
        const UnitInfo& unit = k.kiosk.unit;
        rows += "<tr class=\"kiosk\"><td><code title=\"" + esc(k.kiosk.kioskId) + "\">" +
                esc(k.kiosk.kioskId.substr(0, 8)) + "</code></td><td>" + esc(unitName(c, unit.code)) +
                " <span class=\"muted\">" + esc(unit.code) + "</span>" +
                (unit.counter.empty() ? "" : "<br>" + esc(unit.counter)) + "</td><td class=\"n\">" +
                std::to_string(k.lastBatch) + "</td><td>" + esc(timeWords(k.lastContactUtcMs)) + "</td><td" +
                (missing.empty() ? ">—" : " class=\"gap\">" + esc(missing)) + "</td><td class=\"n\">" +
                countCell(k.responses) + "</td><td class=\"n\">" + countCell(k.heldResponses) + "</td><td>" +
                esc(driftWords(c, k.clockAheadMs)) + "</td><td>" + esc(k.program.empty() ? "—" : k.program) +
                "</td></tr>";
    }
    b += "<p>" + std::to_string(count) + " " + esc(c.t({"máy", "kiosks"})) + " · " + std::to_string(withGaps) + " " +
         esc(c.t({"máy thiếu lô", "missing batches"})) + "</p>";
    b += "<p class=\"downloads\"><a id=\"dl-csv\" href=\"/download?view=kiosks&amp;format=csv" +
         (v->unit.empty() ? std::string() : "&amp;unit=" + esc(urlEncode(v->unit))) + "\">CSV</a></p>";
    b += "<div class=\"scroll\"><table id=\"kiosks\"><thead><tr><th>" + esc(c.t({"Mã máy", "Kiosk"})) + "</th><th>" +
         esc(c.t({"Đơn vị, quầy", "Unit, counter"})) + "</th><th class=\"n\">" + esc(c.t({"Lô cuối", "Last batch"})) +
         "</th><th>" + esc(c.t({"Liên lạc cuối (giờ máy)", "Last contact (kiosk clock)"})) + "</th><th>" +
         esc(c.t({"Lô còn thiếu", "Missing batches"})) + "</th><th class=\"n\">" + esc(c.t({"Lượt tính", "Counted"})) +
         "</th><th class=\"n\">" + esc(c.t({"Bị giữ riêng", "Held"})) + "</th><th>" +
         esc(c.t({"Lệch đồng hồ", "Clock drift"})) + "</th><th>" + esc(c.t({"Phiên bản", "Program"})) +
         "</th></tr></thead><tbody>" + rows + "</tbody></table></div>";
    return page(c, c.t({"Máy đánh giá", "Kiosks"}), "kiosks", std::move(b));
}

}  // namespace hailong::core::web
