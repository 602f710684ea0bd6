// The staff's export screens: where to, progress, and what was written (issue 4); and the
// pager the staff's lists share.
#include "ui/staff_ui.h"

#include "base/clock.h"
#include "staff_ui_parts.h"
#include "ui/theme.h"

#include <algorithm>

namespace hailong::app {

using core::StaffScreen;

std::string StaffUi::lastExportText() const {
    if (!m_figures.lastBatch) return tr("staff.never_exported");
    const core::BatchRecord& b = *m_figures.lastBatch;
    const std::string when = core::formatLocalIso(b.exportUtcMs, m_clock.utcOffsetMinutes()).substr(0, 16);
    return fillIn(tr("staff.last_export"),
                  {{"n", std::to_string(b.number)}, {"when", when.substr(0, 10) + " " + when.substr(11)}});
}

std::string StaffUi::targetLabel(const core::ExportTarget& t) const {
    const std::string what = t.removable ? fillIn(tr("staff.export_drive"), {{"name", t.label}})
                                         : fillIn(tr("staff.export_folder"), {{"folder", t.folder.string()}});
    if (t.freeBytes < 0) return what;
    return what + " — " + fillIn(tr("staff.export_free"), {{"free", bytesText(t.freeBytes)}});
}

void StaffUi::exportScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("staff.export"), {c.x, y, c.w, 0}, color::Text, false) + l.u(6);
    y += drawText(l.dl, m_fonts.body,
                  fillIn(tr("staff.not_exported"), {{"n", std::to_string(m_figures.today.notExported)}}) + " · " +
                      lastExportText(),
                  {c.x, y, c.w, 0}, color::TextMuted, false) +
         l.u(6);
    const std::string msg = message();
    if (!msg.empty())
        y += drawText(l.dl, m_fonts.body, msg, {c.x, y, c.w, 0}, m_flow.problem() ? color::Error : color::Success,
                      false) +
             l.u(6);
    y += drawText(l.dl, m_fonts.body, tr("staff.export_pick"), {c.x, y, c.w, 0}, color::Text, false) + l.u(6);

    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const float autoH = l.u(72);
    const Rect autoRow{c.x, bar.y - g - autoH, c.w, autoH};
    const float rowH = l.u(84);
    const auto& targets = m_flow.exportTargets();
    const std::size_t perPage = std::max<std::size_t>(
        1, static_cast<std::size_t>((autoRow.y - g - y + l.u(10)) / (rowH + l.u(10))));
    const std::size_t first = pageStart(targets.size(), perPage);
    for (std::size_t i = first; i < targets.size() && i < first + perPage; ++i) {
        const core::ExportTarget& t = targets[i];
        const std::string label = targetLabel(t);
        if (touchButton(m_items, "export:" + t.folder.string(), label, {c.x, y, c.w, rowH},
                        t.removable ? ButtonKind::Primary : ButtonKind::Secondary, m_fonts.button))
            act([this, folder = t.folder] { m_flow.pickExportTarget(folder); });
        y += rowH + l.u(10);
    }
    // Automatic export at closing time, to the configured folder.
    const core::KioskSettings& d = m_flow.draft();
    const float toggleW = std::min(l.u(200), c.w * 0.25f), folderW = std::min(l.u(300), c.w * 0.3f);
    const float labelW = c.w - toggleW - folderW - 2 * g;
    const std::string autoText = fillIn(
        tr("staff.auto_export"),
        {{"folder", d.exportFolder.empty() ? tr("staff.export_default_folder") : d.exportFolder}});
    const float th = textHeight(m_fonts.small, autoText, labelW);
    drawText(l.dl, m_fonts.small, autoText, {autoRow.x, autoRow.y + (autoRow.h - th) * 0.5f, labelW, th}, color::Text,
             false);
    if (touchButton(m_items, "export.auto", d.autoExport ? tr("staff.on") : tr("staff.off"),
                    {autoRow.x + labelW + g, autoRow.y, toggleW, autoRow.h},
                    d.autoExport ? ButtonKind::Primary : ButtonKind::Quiet, m_fonts.button))
        act([this] { m_flow.toggleAutoExport(); });
    if (touchButton(m_items, "export.folder", tr("staff.export_change_folder"),
                    {autoRow.x + autoRow.w - folderW, autoRow.y, folderW, autoRow.h}, ButtonKind::Secondary,
                    m_fonts.small))
        act([this] { m_flow.editText(core::TextField::ExportFolder); });

    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    pager({bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h}, targets.size(), perPage);
}

void StaffUi::exportRunningScreen(const Layout& l) {
    const Rect c = l.content();
    float y = c.y + c.h * 0.3f;
    y += drawText(l.dl, m_fonts.title, tr("staff.exporting"), {c.x, y, c.w, 0}, color::Text, true) + l.gap();
    const auto [done, total] = m_flow.exportDoneOfTotal();
    const float w = c.w * 0.8f, x = c.x + (c.w - w) * 0.5f, h = l.u(40);
    l.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), color::Selected, l.u(8));
    const float part = total > 0 ? static_cast<float>(done) / static_cast<float>(total) : 0.f;
    if (part > 0) l.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w * part, y + h), color::Primary, l.u(8));
    y += h + l.gap();
    if (total > 0)
        drawText(
            l.dl, m_fonts.body,
            fillIn(tr("staff.export_progress"), {{"done", std::to_string(done)}, {"total", std::to_string(total)}}),
            {c.x, y, c.w, 0}, color::TextMuted, true);
}

void StaffUi::exportDoneScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g * 2;
    if (const auto& r = m_flow.exportResult()) {
        y += drawText(l.dl, m_fonts.title, fillIn(tr("staff.export_done"), {{"n", std::to_string(r->number)}}),
                      {c.x, y, c.w, 0}, color::Success, false) +
             g;
        const std::string range = r->responses > 0
                                      ? fillIn(tr("staff.export_range"), {{"n", std::to_string(r->responses)},
                                                                          {"first", std::to_string(r->seqFirst)},
                                                                          {"last", std::to_string(r->seqLast)}})
                                      : tr("staff.export_no_responses");
        y += drawText(l.dl, m_fonts.button, range, {c.x, y, c.w, 0}, color::Text, false) + g;
        y += drawText(l.dl, m_fonts.body, fillIn(tr("staff.export_file"), {{"file", r->batchFile.filename().string()}}),
                      {c.x, y, c.w, 0}, color::Text, false);
        y += drawText(l.dl, m_fonts.body,
                      fillIn(tr("staff.export_where"), {{"folder", r->batchFile.parent_path().string()}}),
                      {c.x, y, c.w, 0}, color::TextMuted, false);
        if (!r->csvFile.empty())
            drawText(l.dl, m_fonts.small, tr("staff.export_human_files"), {c.x, y + l.u(6), c.w, 0}, color::TextMuted,
                     false);
    } else if (const auto& f = m_flow.exportFailure()) {
        y += drawText(l.dl, m_fonts.title, tr("staff.export_failed"), {c.x, y, c.w, 0}, color::Error, false) + g;
        drawText(l.dl, m_fonts.button, core::exportFailureWords(*f, m_strings, m_language), {c.x, y, c.w, 0},
                 color::Text, false);
    }
    const float barH = l.u(84);
    const float bw = std::min(l.u(320), c.w * 0.45f);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    if (touchButton(m_items, "staff.export_again",
                    tr(m_flow.exportFailure() ? "staff.export_retry" : "staff.export_another"),
                    {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary, m_fonts.button))
        act([this] { m_flow.showExport(); });
    if (touchButton(m_items, "staff.done", tr("staff.done"), {bar.x + bar.w - bw, bar.y, bw, bar.h},
                    ButtonKind::Primary, m_fonts.button))
        act([this] { m_flow.cancel(); });
}

std::size_t StaffUi::pageStart(std::size_t total, std::size_t perPage) {
    const std::size_t pages = perPage == 0 ? 1 : (total + perPage - 1) / perPage;
    if (m_page >= std::max<std::size_t>(pages, 1)) m_page = 0;  // the list got shorter
    return m_page * perPage;
}

void StaffUi::pager(Rect slot, std::size_t total, std::size_t perPage) {
    if (perPage == 0 || total <= perPage) return;
    const std::size_t pages = (total + perPage - 1) / perPage;
    const std::string label = tr("staff.more") + " (" + std::to_string(m_page + 1) + "/" + std::to_string(pages) + ")";
    if (touchButton(m_items, "staff.more", label, slot, ButtonKind::Quiet, m_fonts.small))
        m_page = (m_page + 1) % pages;
}

}  // namespace hailong::app
