// The staff's settings screen: every setting as a row (a value that opens the keyboard, a
// choice that cycles, a stepper), in columns and pages that fit the screen.
#include "ui/staff_ui.h"

#include "staff_ui_parts.h"
#include "ui/theme.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <vector>

namespace hailong::app {

void StaffUi::settingsScreen(const Layout& l) {
    const core::KioskSettings& d = m_flow.draft();
    const Rect c = l.content();
    const float g = l.gap();
    const float barH = l.u(80);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    float top = c.y + g;
    const std::string msg = message();
    if (!msg.empty()) top += drawText(l.dl, m_fonts.body, msg, {c.x, top, c.w, 0}, color::Error, false) + l.u(6);

    // The rows are listed first, then laid out: two columns in landscape, one in portrait.
    // Each row: a label, its value, its controls; a row spanning two slots stays in one column.
    const int cols = l.portrait ? 1 : 2;
    const float colW = (c.w - static_cast<float>(cols - 1) * g * 2) / static_cast<float>(cols);
    const float labelW = colW * 0.38f;
    float rowH = 0;  // known once the rows are counted
    struct Row {
        int span;
        std::function<void(const Rect&)> draw;
    };
    std::vector<Row> rows;

    auto label = [&](const Rect& r, const std::string& text, float width) {
        const float th = textHeight(m_fonts.body, text, width);
        drawText(l.dl, m_fonts.body, text, {r.x, r.y + (r.h - th) * 0.5f, width, th}, color::TextMuted, false);
    };
    auto value = [&](const Rect& r, const std::string& text) {
        const float th = textHeight(m_fonts.button, text, r.w);
        drawText(l.dl, m_fonts.button, text, {r.x, r.y + (r.h - th) * 0.5f, r.w, th}, color::Text, false);
    };
    auto stepper = [&](std::string id, std::string labelText, std::string shown, auto minus, auto plus) {
        rows.push_back({1, [&, id, labelText, shown, minus, plus](const Rect& r) {
                            label(r, labelText, labelW);
                            const float bw = std::min(rowH * 1.2f, l.u(90));
                            value({r.x + labelW, r.y, r.w - labelW - 2 * bw - l.u(20), r.h}, shown);
                            if (touchButton(m_items, id + ".minus", "–", {r.x + r.w - 2 * bw - l.u(10), r.y, bw, r.h},
                                            ButtonKind::Secondary, m_fonts.title))
                                act(minus);
                            if (touchButton(m_items, id + ".plus", "+", {r.x + r.w - bw, r.y, bw, r.h},
                                            ButtonKind::Secondary, m_fonts.title))
                                act(plus);
                        }});
    };
    auto choice = [&](std::string id, std::string labelText, std::string shown, auto call) {
        rows.push_back({1, [&, id, labelText, shown, call](const Rect& r) {
                            label(r, labelText, labelW);
                            // Values can be long (names, patterns): the body font keeps them on one line.
                            if (touchButton(m_items, id, shown, {r.x + labelW, r.y, r.w - labelW, r.h},
                                            ButtonKind::Secondary, m_fonts.body))
                                act(call);
                        }});
    };

    // Names and codes open the on-screen keyboard.
    choice("settings.unit_name", tr("staff.unit"), d.unitName.empty() ? tr("idle.unit_not_set") : d.unitName,
           [this] { m_flow.editText(core::TextField::UnitName); });
    choice("settings.unit_code", tr("staff.unit_code"), d.unitCode.empty() ? "—" : d.unitCode,
           [this] { m_flow.editText(core::TextField::UnitCode); });
    choice("settings.counter_name", tr("staff.counter"), d.counterName.empty() ? "—" : d.counterName,
           [this] { m_flow.editText(core::TextField::CounterName); });
    const std::string level = d.unitLevel.empty() ? tr("staff.level_none") : tr(("staff.level_" + d.unitLevel).c_str());
    choice("settings.level", tr("staff.unit_level"), level, [this] { m_flow.cycleUnitLevel(); });
    stepper(
        "settings.idle", tr("staff.idle_timeout"),
        fillIn(tr("staff.seconds"), {{"n", std::to_string(d.idleTimeoutSeconds)}}),
        [this] { m_flow.stepIdleTimeout(-5); }, [this] { m_flow.stepIdleTimeout(+5); });
    stepper(
        "settings.followup", tr("staff.followup_timeout"),
        fillIn(tr("staff.seconds"), {{"n", std::to_string(d.followUpTimeoutSeconds)}}),
        [this] { m_flow.stepFollowUpTimeout(-5); }, [this] { m_flow.stepFollowUpTimeout(+5); });
    // Text is sized in millimetres on the panel (core/panel.h): automatic is the monitor's EDID.
    stepper(
        "settings.panel", tr("staff.panel_size"),
        d.panelTenthsInch == 0 ? tr("staff.panel_auto")
                               : fillIn(tr("staff.panel_inches"), {{"n", core::formatPanelTenths(d.panelTenthsInch)}}),
        [this] { m_flow.stepPanelSize(-1); }, [this] { m_flow.stepPanelSize(+1); });
    stepper(
        "settings.volume", tr("staff.sound_volume"),
        d.soundVolume == 0 ? tr("staff.sound_off")
                           : fillIn(tr("staff.percent"), {{"n", std::to_string(d.soundVolume)}}),
        [this] { m_flow.stepVolume(-10); }, [this] { m_flow.stepVolume(+10); });
    choice("settings.language", tr("staff.language_default"),
           d.defaultLanguage == core::Language::Vi ? std::string("Tiếng Việt") : std::string("English"),
           [this] { m_flow.toggleDefaultLanguage(); });
    // The comment keyboard: names of input methods, the same in both languages.
    choice("settings.input_method", tr("staff.input_method"), d.vniInput ? std::string("VNI") : std::string("Telex"),
           [this] { m_flow.toggleInputMethod(); });
    choice("settings.tone_style", tr("staff.tone_style"), d.newToneStyle ? tr("staff.tone_new") : tr("staff.tone_old"),
           [this] { m_flow.toggleToneStyle(); });
    choice("settings.procedures", tr("staff.procedures"),
           fillIn(tr("staff.procedure_count"), {{"n", std::to_string(d.procedures.size())}}),
           [this] { m_flow.showProcedures(); });
    choice("settings.questionnaire", tr("staff.questionnaire"),
           d.questionnaireFile.empty() ? tr("staff.questionnaire_builtin")
                                       : std::filesystem::u8path(d.questionnaireFile).filename().u8string(),
           [this] { m_flow.showQuestionnaires(); });
    stepper(
        "settings.opens", tr("staff.opens"), core::formatHoursMinutes(d.hours.openMinute),
        [this] { m_flow.stepOpening(-15); }, [this] { m_flow.stepOpening(+15); });
    stepper(
        "settings.closes", tr("staff.closes"), core::formatHoursMinutes(d.hours.closeMinute),
        [this] { m_flow.stepClosing(-15); }, [this] { m_flow.stepClosing(+15); });
    // Seven day toggles, on their own row under their label: they need the width.
    rows.push_back({2, [&](const Rect& both) {
                        label({both.x, both.y, both.w, rowH}, tr("staff.days"), colW);
                        const Rect r{both.x, both.y + both.h - rowH, both.w, rowH};
                        std::vector<std::string> names;
                        const std::string all = tr("staff.day_names");
                        for (std::size_t at = 0, sp; at <= all.size(); at = sp + 1) {
                            sp = all.find(' ', at);
                            if (sp == std::string::npos) sp = all.size();
                            names.push_back(all.substr(at, sp - at));
                        }
                        const float dw = (r.w - 6 * l.u(6)) / 7;
                        for (int day = 0; day < 7 && day < static_cast<int>(names.size()); ++day) {
                            const Rect k{r.x + static_cast<float>(day) * (dw + l.u(6)), r.y, dw, r.h};
                            const bool on = d.hours.days[static_cast<std::size_t>(day)];
                            if (touchButton(m_items, "settings.day" + std::to_string(day),
                                            names[static_cast<std::size_t>(day)], k,
                                            on ? ButtonKind::Primary : ButtonKind::Quiet, m_fonts.small))
                                act([this, day] { m_flow.toggleDay(day); });
                        }
                    }});
    choice("settings.flag", tr("staff.flag_outside"), d.flagOutsideHours ? tr("staff.yes") : tr("staff.no"),
           [this] { m_flow.toggleFlagOutsideHours(); });
    choice("settings.dossier_pattern", tr("staff.dossier_pattern"), d.dossierPattern,
           [this] { m_flow.editText(core::TextField::DossierPattern); });

    // Columns of perCol slots, filled in order; a row that does not fit goes to the next column.
    auto pack = [&](int perCol) {
        std::vector<std::pair<int, int>> at;  // column, slot
        int col = 0, slot = 0;
        for (const Row& row : rows) {
            if (slot > 0 && slot + row.span > perCol) {
                ++col;
                slot = 0;
            }
            at.emplace_back(col, slot);
            slot += row.span;
        }
        return at;
    };
    // As few slots a column as fill the columns of one page, if rows stay touch-sized; else
    // pages of full columns (16:9 with a message above). 1366x768 holds 8 slots of 55 px.
    const float rowGap = l.u(8), minRowH = l.u(50), avail = bar.y - g - top;
    const int fit = std::max(2, static_cast<int>((avail + rowGap) / (minRowH + rowGap)));
    int slots = 0;
    for (const Row& row : rows) slots += row.span;
    int perCol = std::min((slots + cols - 1) / cols, fit);
    while (perCol < fit && pack(perCol).back().first >= cols) ++perCol;
    const std::vector<std::pair<int, int>> at = pack(perCol);
    const std::size_t columns = static_cast<std::size_t>(at.back().first) + 1;
    const std::size_t firstCol = pageStart(columns, static_cast<std::size_t>(cols));
    rowH = std::clamp((avail - static_cast<float>(perCol - 1) * rowGap) / static_cast<float>(perCol), minRowH, l.u(84));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto col = static_cast<std::size_t>(at[i].first);
        if (col < firstCol || col >= firstCol + static_cast<std::size_t>(cols)) continue;
        const float span = static_cast<float>(rows[i].span);
        rows[i].draw({c.x + static_cast<float>(col - firstCol) * (colW + 2 * g),
                      top + static_cast<float>(at[i].second) * (rowH + rowGap), colW,
                      span * rowH + (span - 1) * rowGap});
    }

    const bool paged = columns > static_cast<std::size_t>(cols);
    const float bw = std::min(l.u(300), (bar.w - (paged ? 2 * g : g)) / (paged ? 3 : 2));
    pager({bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h}, columns, static_cast<std::size_t>(cols));
    if (touchButton(m_items, "staff.cancel", tr("staff.cancel"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    if (touchButton(m_items, "staff.save", tr("staff.save"), {bar.x + bar.w - bw, bar.y, bw, bar.h},
                    ButtonKind::Primary, m_fonts.button))
        act([this] { m_flow.saveSettings(); });
}

}  // namespace hailong::app
