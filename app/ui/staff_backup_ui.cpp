// The staff's backup screens (issue 19): where to write the copy of the kiosk database, while
// it is written, and what was written (sealed to headquarters' key or not) or why not. The
// rules are in core::StaffFlow (staff_flow_backup.cpp); the copy is core/store/kiosk_backup.h.
#include "ui/staff_ui.h"

#include "staff_ui_parts.h"
#include "ui/theme.h"

#include <algorithm>

namespace hailong::app {

void StaffUi::backupScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("backup.title"), {c.x, y, c.w, 0}, color::Text, false) + l.u(6);
    y += drawText(l.dl, m_fonts.small, tr("backup.explain"), {c.x, y, c.w, 0}, color::TextMuted, false) + l.u(6);
    const bool sealed = m_flow.backupWillBeSealed();
    y += drawText(l.dl, m_fonts.body, tr(sealed ? "backup.sealed_note" : "backup.unsealed_note"), {c.x, y, c.w, 0},
                  sealed ? color::Success : color::Error, false) +
         l.u(10);
    const auto& targets = m_flow.backupTargets();
    y += drawText(l.dl, m_fonts.body, tr(targets.empty() ? "backup.none" : "backup.pick"), {c.x, y, c.w, 0},
                  color::Text, false) +
         l.u(6);

    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const float rowH = l.u(84);
    const std::size_t perPage = std::max<std::size_t>(
        1, static_cast<std::size_t>((bar.y - g - y + l.u(10)) / (rowH + l.u(10))));
    const std::size_t first = pageStart(targets.size(), perPage);
    for (std::size_t i = first; i < targets.size() && i < first + perPage; ++i) {
        const core::ExportTarget& t = targets[i];
        const std::string label = targetLabel(t);
        if (touchButton(m_items, "backup:" + t.folder.string(), label, {c.x, y, c.w, rowH},
                        t.removable ? ButtonKind::Primary : ButtonKind::Secondary, m_fonts.button))
            act([this, folder = t.folder] { m_flow.pickBackupTarget(folder); });
        y += rowH + l.u(10);
    }
    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    pager({bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h}, targets.size(), perPage);
}

void StaffUi::backupRunningScreen(const Layout& l) {
    const Rect c = l.content();
    float y = c.y + c.h * 0.3f;
    y += drawText(l.dl, m_fonts.title, tr("backup.running"), {c.x, y, c.w, 0}, color::Text, true) + l.gap();
    // No count to show (SQLite copies the file in one step): a band sweeping the bar, and the
    // seconds so far, say it is working.
    const std::int64_t ms = std::max<std::int64_t>(0, m_clock.monoMs() - m_flow.backupStartedMono());
    const float w = c.w * 0.8f, x = c.x + (c.w - w) * 0.5f, h = l.u(40);
    l.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), color::Selected, l.u(8));
    const float band = w * 0.25f;
    const float at = static_cast<float>(ms % 2000) / 2000.f * (w - band);
    l.dl->AddRectFilled(ImVec2(x + at, y), ImVec2(x + at + band, y + h), color::Primary, l.u(8));
    y += h + l.gap();
    drawText(l.dl, m_fonts.body, fillIn(tr("backup.elapsed"), {{"s", std::to_string(ms / 1000)}}), {c.x, y, c.w, 0},
             color::TextMuted, true);
}

void StaffUi::backupDoneScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g * 2;
    if (const auto& r = m_flow.backupResult()) {
        y += drawText(l.dl, m_fonts.title, tr("backup.done_title"), {c.x, y, c.w, 0}, color::Success, false) + g;
        y += drawText(l.dl, m_fonts.button, tr(r->sealed ? "backup.sealed" : "backup.not_sealed"), {c.x, y, c.w, 0},
                      r->sealed ? color::Success : color::Error, false) +
             g;
        y += drawText(l.dl, m_fonts.body, fillIn(tr("backup.file"), {{"file", r->file.filename().string()}}),
                      {c.x, y, c.w, 0}, color::Text, false);
        y += drawText(l.dl, m_fonts.body,
                      fillIn(tr("backup.size"), {{"size", bytesText(static_cast<std::int64_t>(r->bytes))}}),
                      {c.x, y, c.w, 0}, color::Text, false);
        drawText(l.dl, m_fonts.body, fillIn(tr("backup.where"), {{"folder", r->file.parent_path().string()}}),
                 {c.x, y, c.w, 0}, color::TextMuted, false);
    } else if (const auto& f = m_flow.backupFailure()) {
        y += drawText(l.dl, m_fonts.title, tr("backup.failed_title"), {c.x, y, c.w, 0}, color::Error, false) + g;
        y += drawText(l.dl, m_fonts.button, core::backupFailureWords(*f, m_strings, m_language), {c.x, y, c.w, 0},
                      color::Text, false) +
             g;
        const bool wrote = f->problem != core::BackupProblem::Busy && f->problem != core::BackupProblem::NoRunner &&
                           f->problem != core::BackupProblem::DatabaseUnreadable;
        if (wrote)
            y += drawText(l.dl, m_fonts.body, tr("backup.nothing_left"), {c.x, y, c.w, 0}, color::Text, false) + g;
        if (f->problem == core::BackupProblem::WriteFailed || f->problem == core::BackupProblem::DatabaseUnreadable)
            drawText(l.dl, m_fonts.small, f->technical, {c.x, y, c.w, 0}, color::TextMuted, false);
    }
    const float barH = l.u(84);
    const float bw = std::min(l.u(320), c.w * 0.45f);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    if (touchButton(m_items, "backup.again", tr(m_flow.backupFailure() ? "backup.retry" : "backup.again"),
                    {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary, m_fonts.button))
        act([this] { m_flow.showBackup(); });
    if (touchButton(m_items, "staff.done", tr("staff.done"), {bar.x + bar.w - bw, bar.y, bw, bar.h},
                    ButtonKind::Primary, m_fonts.button))
        act([this] { m_flow.cancel(); });
}

}  // namespace hailong::app
