// The staff's screens for headquarters (issue 19): its key (pinned after the fingerprint was
// compared aloud), packages read from the drives, the plan or the refusal, and the result.
#include "ui/staff_ui.h"

#include "base/clock.h"
#include "staff_ui_parts.h"
#include "ui/theme.h"

#include <algorithm>
#include <cfloat>

namespace hailong::app {

using core::StaffScreen;

void StaffUi::refreshHqStatus() {
    try {
        if (m_flow.hq()) m_hqStatus = m_flow.hq()->status();
    } catch (const std::exception& e) {
        if (m_onError) m_onError(e.what());
    }
}

std::vector<std::pair<std::string, std::function<void()>>> StaffUi::hqMenuEntries() {
    return {{"hq.menu_package", [this] { m_flow.showPackages(); }}, {"hq.menu_key", [this] { m_flow.showHqKey(); }}};
}

std::vector<std::pair<std::string, ImU32>> StaffUi::hqStatusLines() const {
    std::vector<std::pair<std::string, ImU32>> out;
    if (!m_flow.hq() || !m_hqStatus) return out;
    const core::HqStatus& s = *m_hqStatus;
    if (!s.key) out.emplace_back(tr("hq.no_key"), color::TextMuted);
    if (s.receipt) out.emplace_back(fillIn(tr("hq.held_up_to"), {{"n", std::to_string(s.receipt->upTo)}}), color::Text);
    if (s.unconfirmed)
        out.emplace_back(fillIn(tr("hq.unconfirmed"), {{"n", std::to_string(s.lastExported)}}), color::Error);
    if (s.message && !s.message->text.in(m_language).empty())
        out.emplace_back(fillIn(tr("hq.message"), {{"serial", std::to_string(s.message->serial)},
                                                   {"text", s.message->text.in(m_language)}}),
                         color::Text);
    return out;
}

float StaffUi::fingerprintBlock(const Layout& l, const std::string& fingerprint, Rect area) {
    // Eight groups of five digits, four to a line: read aloud group by group.
    std::vector<std::string> groups;
    for (std::size_t start = 0; start < fingerprint.size();) {
        const std::size_t end = std::min(fingerprint.find(' ', start), fingerprint.size());
        if (end > start) groups.push_back(fingerprint.substr(start, end - start));
        start = end + 1;
    }
    ImFont* font = m_fonts.title;  // the huge font holds only the thank-you's glyphs
    const float fourWide = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0.f, "00000   00000   00000   00000").x;
    const std::size_t perLine = fourWide + l.u(40) <= area.w ? 4 : 2;
    const float lineH = font->FontSize * 1.5f;
    float y = area.y;
    l.dl->AddRectFilled(
        ImVec2(area.x, y),
        ImVec2(area.x + area.w, y + lineH * static_cast<float>((groups.size() + perLine - 1) / perLine) + l.u(24)),
        color::Card, l.u(10));
    y += l.u(12);
    for (std::size_t i = 0; i < groups.size(); i += perLine) {
        std::string line;
        for (std::size_t j = i; j < groups.size() && j < i + perLine; ++j) line += (j == i ? "" : "   ") + groups[j];
        drawText(l.dl, font, line, {area.x, y, area.w, lineH}, color::Text, true);
        y += lineH;
    }
    return y + l.u(12) - area.y;
}

void StaffUi::hqKeyScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("hq.key_title"), {c.x, y, c.w, 0}, color::Text, false) + l.u(6);
    if (const std::string msg = message(); !msg.empty())
        y += drawText(l.dl, m_fonts.body, msg, {c.x, y, c.w, 0},
                      m_flow.messageKey() == "hq.key_pinned" ? color::Success : color::Error, false) +
             l.u(6);
    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    const core::HqStatus status = m_flow.hq()->status();
    if (status.key) {  // pinned: shown, never replaced from here
        y += drawText(l.dl, m_fonts.button, tr("hq.key_pinned_title"), {c.x, y, c.w, 0}, color::Success, false);
        if (!status.key->name.empty())
            y += drawText(l.dl, m_fonts.body, fillIn(tr("hq.key_name"), {{"name", status.key->name}}), {c.x, y, c.w, 0},
                          color::Text, false);
        y += l.u(6);
        y += drawText(l.dl, m_fonts.small, tr("hq.fingerprint"), {c.x, y, c.w, 0}, color::TextMuted, false);
        y += fingerprintBlock(l, status.fingerprint, {c.x, y, c.w, 0}) + g;
        drawText(l.dl, m_fonts.small, tr("hq.key_rotation"), {c.x, y, c.w, 0}, color::TextMuted, false);
        return;
    }
    const auto& keys = m_flow.hq()->keyFiles();
    if (keys.empty()) {
        drawText(l.dl, m_fonts.body, tr("hq.key_none_found"), {c.x, y, c.w, 0}, color::TextMuted, false);
        return;
    }
    y += drawText(l.dl, m_fonts.small, tr("hq.key_pick"), {c.x, y, c.w, 0}, color::TextMuted, false) + l.u(6);
    // One key per page: its code must be read without a neighbour's digits beside it.
    const std::size_t first = pageStart(keys.size(), 1);
    const core::HqKeyFile& k = keys[first];
    if (!k.key.name.empty())
        y += drawText(l.dl, m_fonts.button, fillIn(tr("hq.key_name"), {{"name", k.key.name}}), {c.x, y, c.w, 0},
                      color::Text, false);
    y += drawText(l.dl, m_fonts.small, fillIn(tr("hq.key_file"), {{"file", k.file.u8string()}}), {c.x, y, c.w, 0},
                  color::TextMuted, false) +
         l.u(6);
    y += fingerprintBlock(l, k.key.fingerprint(), {c.x, y, c.w, 0});
    const float confirmW = std::min(l.u(420), bar.w - bw - g);
    if (touchButton(m_items, "hq.key_confirm:" + k.file.filename().u8string(), tr("hq.key_confirm"),
                    {bar.x + bar.w - confirmW, bar.y, confirmW, bar.h}, ButtonKind::Primary, m_fonts.button))
        act([this, file = k.file] { m_flow.pinHqKey(file); });
    pager({bar.x + bw + g, bar.y, std::max(bar.w - bw - confirmW - 2 * g, 0.f), bar.h}, keys.size(), 1);
}

void StaffUi::packagesScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("hq.packages_title"), {c.x, y, c.w, 0}, color::Text, false) + l.u(6);
    for (const auto& [line, colour] : hqStatusLines())
        y += drawText(l.dl, m_fonts.small, line, {c.x, y, c.w, 0}, colour, false);
    y += l.u(6);
    const auto& files = m_flow.hq()->packageFiles();
    y += drawText(l.dl, m_fonts.body, tr(files.empty() ? "hq.packages_none" : "hq.packages_pick"), {c.x, y, c.w, 0},
                  color::Text, false) +
         l.u(6);
    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const float rowH = l.u(84);
    const std::size_t perPage = std::max<std::size_t>(
        1, static_cast<std::size_t>((bar.y - g - y + l.u(10)) / (rowH + l.u(10))));
    const std::size_t first = pageStart(files.size(), perPage);
    for (std::size_t i = first; i < files.size() && i < first + perPage; ++i) {
        const core::PackageFileEntry& f = files[i];
        const std::string name = f.file.filename().u8string();
        const std::string label = name + " — " + bytesText(f.bytes) + " — " + f.file.parent_path().u8string();
        if (touchButton(m_items, "package:" + name, label, {c.x, y, c.w, rowH}, ButtonKind::Secondary, m_fonts.body))
            act([this, file = f.file] { m_flow.pickPackage(file); });
        y += rowH + l.u(10);
    }
    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    pager({bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h}, files.size(), perPage);
}

std::string StaffUi::changeLine(const core::PackageChange& change, bool withBefore) const {
    const std::string before = change.before.in(m_language);
    const std::string after = change.after.in(m_language);
    if (!withBefore || change.key == "hq.change.message") return tr(change.key.c_str()) + ": " + after;
    return tr(change.key.c_str()) + ": " +
           fillIn(tr("hq.change_from_to"),
                  {{"before", before.empty() ? tr("hq.none_before") : before}, {"after", after}});
}

void StaffUi::packagePlanScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    const core::HqLinkFlow& hq = *m_flow.hq();
    if (const auto& r = hq.refusal(); r && !hq.plan()) {
        y += drawText(l.dl, m_fonts.title, tr("hq.refused_title"), {c.x, y, c.w, 0}, color::Error, false) + g;
        drawText(l.dl, m_fonts.button, r->reason.in(m_language), {c.x, y, c.w, 0}, color::Text, false);
        return;
    }
    if (!hq.plan()) return;
    const core::PackagePlan& plan = *hq.plan();
    const core::Package& p = plan.package;
    y += drawText(l.dl, m_fonts.title, fillIn(tr("hq.package_title"), {{"n", std::to_string(p.serial)}}),
                  {c.x, y, c.w, 0}, color::Text, false);
    const std::string when = core::formatLocalIso(p.madeUtcMs, m_clock.utcOffsetMinutes()).substr(0, 16);
    const std::string made = when.substr(0, 10) + " " + (when.size() > 11 ? when.substr(11) : "");
    y += drawText(l.dl, m_fonts.small,
                  p.target.kioskId.empty()
                      ? fillIn(tr("hq.package_for_unit"), {{"code", p.target.unitCode}, {"when", made}})
                      : fillIn(tr("hq.package_for_kiosk"), {{"when", made}}),
                  {c.x, y, c.w, 0}, color::TextMuted, false) +
         l.u(10);
    y += drawText(l.dl, m_fonts.body, tr(plan.changes.empty() ? "hq.package_nothing" : "hq.package_changes"),
                  {c.x, y, c.w, 0}, color::Text, false) +
         l.u(6);
    for (const core::PackageChange& change : plan.changes) {
        if (y > bar.y - g - m_fonts.small->FontSize) break;  // the rest would run under the buttons
        y += drawText(l.dl, m_fonts.small, "•  " + changeLine(change, true), {c.x, y, c.w, 0}, color::Text, false) +
             l.u(4);
    }
    const float applyW = std::min(l.u(360), bar.w - bw - g);
    if (touchButton(m_items, "hq.apply", tr("hq.apply"), {bar.x + bar.w - applyW, bar.y, applyW, bar.h},
                    ButtonKind::Primary, m_fonts.button))
        act([this] { m_flow.applyPackage(); });
}

void StaffUi::packageDoneScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    const auto& outcome = m_flow.hq()->outcome();
    const std::int64_t serial = outcome ? outcome->serial : 0;
    y += drawText(l.dl, m_fonts.title, fillIn(tr("hq.done_title"), {{"n", std::to_string(serial)}}), {c.x, y, c.w, 0},
                  color::Success, false) +
         g;
    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    if (outcome && !outcome->changes.empty()) {
        y += drawText(l.dl, m_fonts.body, tr("hq.done_changed"), {c.x, y, c.w, 0}, color::Text, false) + l.u(6);
        for (const core::PackageChange& change : outcome->changes) {
            if (y > bar.y - 3 * g - m_fonts.small->FontSize) break;
            y += drawText(l.dl, m_fonts.small, "•  " + changeLine(change, false), {c.x, y, c.w, 0}, color::Text,
                          false) +
                 l.u(4);
        }
        y += g;
    }
    if (outcome && (outcome->settingsChanged || outcome->questionnaireChanged))
        drawText(l.dl, m_fonts.body, tr("hq.done_next"), {c.x, y, c.w, 0}, color::TextMuted, false);
    const float bw = std::min(l.u(320), c.w * 0.45f);
    if (touchButton(m_items, "staff.done", tr("staff.done"), {bar.x + bar.w - bw, bar.y, bw, bar.h},
                    ButtonKind::Primary, m_fonts.button))
        act([this] { m_flow.cancel(); });
}

}  // namespace hailong::app
