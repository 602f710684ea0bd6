#include "ui/staff_ui.h"

#include "staff_ui_parts.h"

#include "base/clock.h"
#include "ui/faces.h"
#include "ui/kiosk_ui.h"
#include "ui/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace hailong::app {

using core::PinStep;
using core::StaffScreen;

std::string bytesText(std::int64_t bytes) {
    if (bytes < 0) return "?";  // unknown (e.g. the free space could not be read)
    char buf[32];
    const double b = static_cast<double>(bytes);
    if (b >= 1e9) std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
    else if (b >= 1e6) std::snprintf(buf, sizeof buf, "%.1f MB", b / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f kB", b / 1e3);
    return buf;
}

namespace {
std::string percent(double p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", p);  // two decimals, as official reports write it
    return buf;
}
bool isError(const std::string& key) {
    return key == "staff.pin_wrong" || key == "staff.pin_locked" || key == "staff.pin_mismatch";
}
}  // namespace

const char* pinProblemKey(core::PinProblem p) {
    switch (p) {
    case core::PinProblem::NotDigits: return "pin.not_digits";
    case core::PinProblem::TooShort: return "pin.too_short";
    case core::PinProblem::TooSimple: return "pin.too_simple";
    case core::PinProblem::Factory: return "pin.factory";
    }
    return "pin.too_short";
}

const char* officerErrorKey(const core::OfficerError& e) {
    switch (e.problem) {
    case core::OfficerProblem::BadId: return "officer.bad_id";
    case core::OfficerProblem::NoName: return "officer.no_name";
    case core::OfficerProblem::TooLong: return "officer.too_long";
    case core::OfficerProblem::NeedsPin: return "officer.needs_pin";
    case core::OfficerProblem::BadPin: return pinProblemKey(e.pin.value_or(core::PinProblem::TooShort));
    case core::OfficerProblem::Unknown: return "officer.unknown";
    }
    return "officer.unknown";
}

StaffUi::StaffUi(core::StaffFlow& flow, core::OfficerRegistry& officers, const core::Questionnaire& questionnaire,
                 std::function<StaffFigures()> figures, const core::Strings& strings, FontSet fonts,
                 const core::Clock& clock)
    : m_flow(flow),
      m_officers(officers),
      m_questionnaire(questionnaire),
      m_figuresSource(std::move(figures)),
      m_strings(strings),
      m_fonts(fonts.forStaff()),  // the design sizes: see FontSet::designSmall
      m_clock(clock) {}

std::string StaffUi::tr(const char* key) const { return m_strings.get(key, m_language); }

std::int64_t StaffUi::msUntilNextChange() const {
    std::int64_t next = m_flow.msUntilNextDeadline();
    if (m_flow.screen() == StaffScreen::Menu) {
        const std::int64_t refresh = std::max<std::int64_t>(0, m_figuresAtMono + 10'001 - m_clock.monoMs());
        next = next < 0 ? refresh : std::min(next, refresh);
    }
    return next;
}

bool StaffUi::update() {
    try {
        return m_flow.tick();
    } catch (const std::exception& e) {
        if (m_onError) m_onError(e.what());
        return false;
    }
}

std::string StaffUi::message() const {
    if (m_flow.problem()) return m_flow.problem()->in(m_language);
    if (const auto& e = m_flow.officerError()) return tr(officerErrorKey(*e));
    if (const auto& p = m_flow.pinError()) return tr(pinProblemKey(*p));
    const std::string& key = m_flow.messageKey();
    if (key.empty()) return "";
    if (key == "staff.pin_wrong") return fillIn(tr("staff.pin_wrong"), {{"n", std::to_string(m_flow.attemptsLeft())}});
    if (m_flow.lockRemainingMs() > 0)
        return fillIn(tr("staff.pin_locked"), {{"s", std::to_string((m_flow.lockRemainingMs() + 999) / 1000)}});
    if (key == "staff.pin_locked") return "";  // the lock is over: the pad simply works again
    return m_strings.get(key, m_language);
}

void StaffUi::frame() {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    Layout l{ScreenLayout::forDisplay(size, m_fonts.scale)};
    m_items.clear();
    m_drawnScreen = m_flow.screenName();
    const bool showsFigures = m_flow.screen() == StaffScreen::Menu || m_flow.screen() == StaffScreen::Export;
    if (showsFigures && (m_lastScreen != m_drawnScreen || m_clock.monoMs() - m_figuresAtMono > 10'000)) {
        try {
            m_figures = m_figuresSource();
        } catch (const std::exception& e) {
            if (m_onError) m_onError(e.what());
        }
        m_figuresAtMono = m_clock.monoMs();
        refreshHqStatus();
    }
    if (m_lastScreen != m_drawnScreen) m_page = 0;
    m_lastScreen = m_drawnScreen;

    l.dl = beginScreenWindow("staff", size);
    topBar(l);
    try {  // screens read officers from the database; a failing disk must not stop the kiosk
        switch (m_flow.screen()) {
        case StaffScreen::Closed: break;
        case StaffScreen::Pin: pinScreen(l); break;
        case StaffScreen::Menu: menuScreen(l); break;
        case StaffScreen::Officers: officersScreen(l); break;
        case StaffScreen::Dossier: dossierScreen(l); break;
        case StaffScreen::Settings: settingsScreen(l); break;
        case StaffScreen::Text: textScreen(l); break;
        case StaffScreen::OfficerAdmin: officerAdminScreen(l); break;
        case StaffScreen::Procedures: proceduresScreen(l); break;
        case StaffScreen::Questionnaires: questionnairesScreen(l); break;
        case StaffScreen::Export: exportScreen(l); break;
        case StaffScreen::ExportRunning: exportRunningScreen(l); break;
        case StaffScreen::ExportDone: exportDoneScreen(l); break;
        case StaffScreen::HqKey: hqKeyScreen(l); break;
        case StaffScreen::Packages: packagesScreen(l); break;
        case StaffScreen::PackagePlan: packagePlanScreen(l); break;
        case StaffScreen::PackageDone: packageDoneScreen(l); break;
        case StaffScreen::Backup: backupScreen(l); break;
        case StaffScreen::BackupRunning: backupRunningScreen(l); break;
        case StaffScreen::BackupDone: backupDoneScreen(l); break;
        }
    } catch (const std::exception& e) {
        if (m_onError) m_onError(e.what());
    }
    ImGui::End();

    auto pending = std::move(m_pending);
    m_pending.clear();
    for (auto& call : pending) {
        try {
            call();
        } catch (const std::exception& e) {  // storage failure: the state stays; the log says why
            if (m_onError) m_onError(e.what());
        }
    }
}

void StaffUi::topBar(const Layout& l) {
    const float m = l.margin();
    const Rect lang{l.W - m - l.u(240), l.u(16), l.u(240), l.u(72)};
    l.dl->AddRectFilled(ImVec2(0, 0), ImVec2(l.W, l.topBarH() - l.u(6)), color::Primary);
    drawText(l.dl, m_fonts.title, tr("staff.title"), {m, l.u(24), lang.x - 2 * m, 0}, color::OnPrimary, false);
    const std::string other = m_strings.get("language.other", m_language);
    if (touchButton(m_items, "staff.language", other, lang, ButtonKind::Secondary, m_fonts.button))
        act([this] { m_language = m_language == core::Language::Vi ? core::Language::En : core::Language::Vi; });
}

// [SECTION] PIN pad

void StaffUi::pinScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    Rect text{c.x, c.y + g, c.w, 0}, pad{};
    if (l.portrait) {
        text.h = c.h * 0.3f;
        pad = {c.x + (c.w - std::min(c.w, l.u(620))) * 0.5f, c.y + text.h + g, std::min(c.w, l.u(620)),
               c.h - text.h - 2 * g};
    } else {
        text.w = c.w * 0.48f;
        text.h = c.h - g;
        pad = {c.x + c.w * 0.52f, c.y + g, c.w * 0.48f, c.h - g};
    }
    std::string prompt;
    switch (m_flow.pinStep()) {
    case PinStep::Staff: prompt = tr("staff.pin_enter"); break;
    case PinStep::Officer:
        prompt = fillIn(tr("staff.pin_officer"),
                        {{"name", m_flow.pendingOfficer() ? m_flow.pendingOfficer()->name : ""}});
        break;
    case PinStep::NewPin: prompt = tr("staff.pin_new"); break;
    case PinStep::ConfirmPin:
    case PinStep::OfficerConfirmPin: prompt = tr("staff.pin_confirm"); break;
    case PinStep::OfficerNewPin:
        prompt = fillIn(tr("staff.officer_pin_new"), {{"name", m_flow.newOfficer().name}});
        break;
    }
    float y = text.y;
    y += drawText(l.dl, m_fonts.title, prompt, {text.x, y, text.w, 0}, color::Text, l.portrait);
    y += l.u(24);
    // One dot per digit typed: the PIN itself is never shown.
    const float dot = l.u(14);
    const std::size_t n = std::max<std::size_t>(m_flow.pinLength(), 4);
    float x = l.portrait ? text.x + (text.w - static_cast<float>(n) * dot * 3) * 0.5f : text.x;
    for (std::size_t i = 0; i < n; ++i, x += dot * 3) {
        const ImVec2 centre(x + dot, y + dot);
        if (i < m_flow.pinLength()) l.dl->AddCircleFilled(centre, dot, color::Text, 24);
        else l.dl->AddCircle(centre, dot, color::CardBorder, 24, l.u(3));
    }
    y += dot * 2 + l.u(28);
    const std::string msg = message();
    if (!msg.empty()) {
        const bool error = isError(m_flow.messageKey()) || m_flow.problem() || m_flow.officerError() ||
                           m_flow.pinError() || m_flow.lockRemainingMs() > 0;
        drawText(l.dl, m_fonts.body, msg, {text.x, y, text.w, 0}, error ? color::Error : color::Success, l.portrait);
    }
    if (m_flow.pinStep() == PinStep::Staff) {  // officers start their shift with their own PIN
        const float bh = l.u(80);
        const float bw = std::min(text.w, l.u(420));
        // In portrait the keypad starts right under the text area: a gap keeps them apart.
        const Rect b{l.portrait ? text.x + (text.w - bw) * 0.5f : text.x, text.y + text.h - bh - (l.portrait ? g : 0),
                     bw, bh};
        if (touchButton(m_items, "staff.officers", tr("staff.officers"), b, ButtonKind::Secondary, m_fonts.button))
            act([this] { m_flow.showOfficers(); });
    }
    keypad(l, pad);
}

void StaffUi::keypad(const Layout& l, Rect area) {
    const float g = l.u(14);
    const float h = std::clamp((area.h - 4 * g) / 5, l.u(56), l.u(96));
    const float w = (area.w - 2 * g) / 3;
    const char* digits = "123456789";
    for (int i = 0; i < 9; ++i) {
        const Rect r{area.x + static_cast<float>(i % 3) * (w + g), area.y + static_cast<float>(i / 3) * (h + g), w, h};
        const char d = digits[i];
        if (touchButton(m_items, std::string("key:") + d, std::string(1, d), r, ButtonKind::Secondary, m_fonts.title))
            act([this, d] { m_flow.digit(d); });
    }
    const float y3 = area.y + 3 * (h + g), y4 = area.y + 4 * (h + g);
    if (touchButton(m_items, "key:clear", tr("staff.clear"), {area.x, y3, w, h}, ButtonKind::Quiet, m_fonts.button))
        act([this] { m_flow.clearInput(); });
    if (touchButton(m_items, "key:0", "0", {area.x + w + g, y3, w, h}, ButtonKind::Secondary, m_fonts.title))
        act([this] { m_flow.digit('0'); });
    if (touchButton(m_items, "key:back", tr("staff.backspace"), {area.x + 2 * (w + g), y3, w, h}, ButtonKind::Quiet,
                    m_fonts.button))
        act([this] { m_flow.backspace(); });
    if (touchButton(m_items, "staff.cancel", tr("staff.cancel"), {area.x, y4, w, h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    if (touchButton(m_items, "staff.ok", tr("staff.ok"), {area.x + w + g, y4, 2 * w + g, h}, ButtonKind::Primary,
                    m_fonts.button))
        act([this] { m_flow.submit(); });
}

// [SECTION] Menu and today's figures

void StaffUi::menuScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    const std::optional<core::Officer> onDuty = m_officers.signedIn();
    struct Entry {
        std::string id, label;
        ButtonKind kind;
        std::function<void()> call;
    };
    std::vector<Entry> entries;
    entries.push_back({"staff.export", tr("staff.export"), ButtonKind::Primary, [this] { m_flow.showExport(); }});
    if (onDuty)
        entries.push_back({"staff.officer_sign_out", fillIn(tr("staff.officer_sign_out"), {{"name", onDuty->name}}),
                           ButtonKind::Secondary, [this] { m_flow.signOutOfficer(); }});
    else
        entries.push_back(
            {"staff.officers", tr("staff.officers"), ButtonKind::Secondary, [this] { m_flow.showOfficers(); }});
    entries.push_back(
        {"staff.dossier", tr("staff.dossier"), ButtonKind::Secondary, [this] { m_flow.showDossierEntry(); }});
    entries.push_back(
        {"staff.change_pin", tr("staff.change_pin"), ButtonKind::Secondary, [this] { m_flow.showChangePin(); }});
    entries.push_back(
        {"staff.settings", tr("staff.settings"), ButtonKind::Secondary, [this] { m_flow.showSettings(); }});
    entries.push_back({"staff.officer_admin", tr("staff.officer_admin"), ButtonKind::Secondary,
                       [this] { m_flow.showOfficerAdmin(); }});
    if (m_flow.isAdmin())  // a copy of the database for a replacement PC (staff_backup_ui.cpp)
        entries.push_back({"backup.menu", tr("backup.menu"), ButtonKind::Secondary, [this] { m_flow.showBackup(); }});
    if (m_flow.hq() && m_flow.isAdmin())  // headquarters' key and packages (staff_hq_ui.cpp)
        for (const auto& [id, call] : hqMenuEntries())
            entries.push_back({id, tr(id.c_str()), ButtonKind::Secondary, call});
    entries.push_back({"staff.close", tr("staff.close"), ButtonKind::Secondary, [this] { m_flow.close(); }});
    entries.push_back({"staff.quit", tr("staff.quit"), ButtonKind::Quiet, [this] { m_flow.quit(); }});

    // Landscape: one column while each button stays about 15 mm high (u(64) on a 1024x768 15"
    // panel); else two, in a wider half.
    const float gap = l.u(12), n = static_cast<float>(entries.size());
    const bool twoWide = !l.portrait && (c.h - g - (n - 1) * gap) / n < l.u(64);
    Rect figures, buttons;
    if (l.portrait) {
        figures = {c.x, c.y + g, c.w, c.h * 0.5f};
        buttons = {c.x, figures.y + figures.h + g, c.w, c.h - figures.h - 2 * g};
    } else {
        const float part = twoWide ? 0.49f : 0.38f;
        figures = {c.x, c.y + g, c.w * (0.96f - part), c.h - g};
        buttons = {c.x + c.w * (1 - part), c.y + g, c.w * part, c.h - g};
    }
    figuresPanel(l, figures);

    const std::string msg = message();
    float top = buttons.y;
    const ImU32 msgColour = m_flow.messageKey() == "staff.quit_confirm" ? color::Error : color::Success;
    if (!msg.empty()) top += drawText(l.dl, m_fonts.body, msg, {buttons.x, top, buttons.w, 0}, msgColour, false) + g;
    const float avail = buttons.y + buttons.h - top;
    const std::size_t cols = twoWide || (avail - (n - 1) * gap) / n < l.u(50) ? 2 : 1;
    const float rows = static_cast<float>((entries.size() + cols - 1) / cols);
    const float h = std::clamp((avail - (rows - 1) * gap) / rows, l.u(50), l.u(88));
    const float w = (buttons.w - static_cast<float>(cols - 1) * gap) / static_cast<float>(cols);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Rect r{buttons.x + static_cast<float>(i % cols) * (w + gap),
                     top + static_cast<float>(i / cols) * (h + gap), w, h};
        if (touchButton(m_items, entries[i].id, entries[i].label, r, entries[i].kind, m_fonts.button))
            act(entries[i].call);
    }
}

void StaffUi::figuresPanel(const Layout& l, Rect area) {
    const core::TodayFigures& f = m_figures.today;
    const float g = l.gap();
    float y = area.y;
    y += drawText(l.dl, m_fonts.button, tr("staff.today"), {area.x, y, area.w, 0}, color::TextMuted, false);
    if (f.counted == 0 && f.misuseFlagged == 0) {
        y += drawText(l.dl, m_fonts.title, tr("staff.no_ratings"), {area.x, y, area.w, 0}, color::Text, false);
    } else {
        y += drawText(l.dl, m_fonts.title, percent(f.satisfiedPercent) + " " + tr("staff.satisfied"),
                      {area.x, y, area.w, 0}, color::Text, false);
        y += drawText(l.dl, m_fonts.body, fillIn(tr("staff.counted"), {{"n", std::to_string(f.counted)}}),
                      {area.x, y, area.w, 0}, color::TextMuted, false);
    }
    y += g;
    // One bar per answer of the main question, drawn to scale of the largest.
    const core::Question& main = m_questionnaire.mainQuestion();
    std::int64_t most = 1;
    for (const auto& [id, count] : f.counts) most = std::max(most, count);
    const float labelW = area.w * 0.34f, countW = l.u(90);
    const float barH = std::clamp(
        (area.h * 0.45f - g * 2) / static_cast<float>(std::max<std::size_t>(main.options.size(), 1)), l.u(28), l.u(56));
    for (const core::Option& o : main.options) {
        std::int64_t count = 0;
        for (const auto& [id, c] : f.counts)
            if (id == o.id) count = c;
        const float th = textHeight(m_fonts.body, o.text.in(m_language), labelW);
        drawText(l.dl, m_fonts.body, o.text.in(m_language), {area.x, y + (barH - th) * 0.5f, labelW, th}, color::Text,
                 false);
        const float maxW = area.w - labelW - countW - g;
        const float w = maxW * static_cast<float>(count) / static_cast<float>(most);
        const ImVec2 b0(area.x + labelW, y + barH * 0.15f);
        l.dl->AddRectFilled(b0, ImVec2(b0.x + maxW, y + barH * 0.85f), color::Selected, l.u(6));
        if (w > 0) l.dl->AddRectFilled(b0, ImVec2(b0.x + w, y + barH * 0.85f), faceStyleFor(o.id).fill, l.u(6));
        drawText(l.dl, m_fonts.button, std::to_string(count),
                 {b0.x + maxW + g, y + (barH - m_fonts.button->FontSize) * 0.5f, countW, 0}, color::Text, false);
        y += barH + l.u(8);
    }
    y += g;
    const core::StorageHealth& h = m_figures.health;
    const std::string lines[] = {
        fillIn(tr("staff.misuse"), {{"n", std::to_string(f.misuseFlagged)}}),
        fillIn(tr("staff.superseded"), {{"n", std::to_string(f.superseded)}}),
        fillIn(tr("staff.not_exported"), {{"n", std::to_string(f.notExported)}}) + " · " + lastExportText(),
        fillIn(tr("staff.storage"), {{"db", bytesText(h.databaseBytes)}, {"free", bytesText(h.freeDiskBytes)}}),
        fillIn(tr("staff.integrity"), {{"result", h.lastIntegrity.empty() ? "?" : h.lastIntegrity}}),
    };
    for (const std::string& line : lines)
        y += drawText(l.dl, m_fonts.small, line, {area.x, y, area.w, 0}, color::TextMuted, false);
    for (const auto& [line, colour] : hqStatusLines())
        y += drawText(l.dl, m_fonts.small, line, {area.x, y, area.w, 0}, colour, false);
}

// [SECTION] Officers and dossier

void StaffUi::officersScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("staff.officers"), {c.x, y, c.w, 0}, color::Text, false) + g;
    // An officer no longer in the list (picked from an older list), or a sign-out.
    if (const std::string msg = message(); !msg.empty())
        y += drawText(l.dl, m_fonts.body, msg, {c.x, y, c.w, 0}, m_flow.officerError() ? color::Error : color::Success,
                      false) +
             g;
    const std::vector<core::Officer> list = m_officers.list();
    const float backH = l.u(84);
    const Rect area{c.x, y, c.w, c.y + c.h - backH - g - y};
    if (list.empty())
        drawText(l.dl, m_fonts.body, tr("staff.no_officers"), {area.x, area.y, area.w, 0}, color::TextMuted, false);
    const int cols = l.portrait ? 1 : 2;
    const float h = l.u(96);
    const int rowsFit = std::max(1, static_cast<int>((area.h + g) / (h + g)));
    const std::size_t perPage = static_cast<std::size_t>(rowsFit * cols);
    const float w = (area.w - static_cast<float>(cols - 1) * g) / static_cast<float>(cols);
    const std::size_t first = pageStart(list.size(), perPage);
    for (std::size_t i = first; i < list.size() && i < first + perPage; ++i) {
        const int row = static_cast<int>(i - first) / cols, col = static_cast<int>(i - first) % cols;
        const Rect r{area.x + static_cast<float>(col) * (w + g), area.y + static_cast<float>(row) * (h + g), w, h};
        const std::string label = list[i].title.empty() ? list[i].name : list[i].name + " — " + list[i].title;
        if (touchButton(m_items, "officer:" + list[i].id, label, r, ButtonKind::Secondary, m_fonts.button))
            act([this, id = list[i].id] { m_flow.pickOfficer(id); });
    }
    const float backW = std::min(c.w, l.u(300));
    if (touchButton(m_items, "staff.back", tr("staff.back"), {c.x, c.y + c.h - backH, backW, backH},
                    ButtonKind::Secondary, m_fonts.button))
        act([this] { m_flow.cancel(); });
    pager({c.x + backW + g, c.y + c.h - backH, std::min(l.u(220), c.w - 2 * backW - 2 * g), backH}, list.size(),
          perPage);
    if (const std::optional<core::Officer> onDuty = m_officers.signedIn()) {
        const float bw = std::min(c.w * 0.5f, l.u(460));
        if (touchButton(m_items, "staff.officer_sign_out",
                        fillIn(tr("staff.officer_sign_out"), {{"name", onDuty->name}}),
                        {c.x + c.w - bw, c.y + c.h - backH, bw, backH}, ButtonKind::Secondary, m_fonts.button))
            act([this] { m_flow.signOutOfficer(); });
    }
}

void StaffUi::dossierScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.u(12);
    float y = c.y + l.gap();
    y += drawText(l.dl, m_fonts.title, tr("staff.dossier"), {c.x, y, c.w, 0}, color::Text, false);
    y += drawText(l.dl, m_fonts.small, tr("staff.dossier_hint"), {c.x, y, c.w, 0}, color::TextMuted, false) + g;
    const Rect box{c.x, y, c.w, m_fonts.title->FontSize * 1.6f};
    l.dl->AddRectFilled(box.min(), box.max(), color::Card, l.u(10));
    l.dl->AddRect(box.min(), box.max(), color::Primary, l.u(10), 0, l.u(3));
    drawText(l.dl, m_fonts.title, m_flow.dossierInput(),
             {box.x + l.u(16), box.y + m_fonts.title->FontSize * 0.25f, box.w, 0}, color::Text, false);
    y += box.h + g;
    const std::string msg = message();
    if (!msg.empty()) y += drawText(l.dl, m_fonts.body, msg, {c.x, y, c.w, 0}, color::Error, false);
    y += g;
    const char* rows[] = {"1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM./"};
    const float keyH = std::clamp((c.y + c.h - y - 4 * g) / 5, l.u(48), l.u(84));
    const float keyW = (c.w - 9 * g) / 10;
    for (int r = 0; r < 4; ++r) {
        const std::string row = rows[r];
        for (std::size_t i = 0; i < row.size(); ++i) {
            const char ch = row[i];
            const Rect k{c.x + static_cast<float>(i) * (keyW + g), y, keyW, keyH};
            if (touchButton(m_items, std::string("key:") + ch, std::string(1, ch), k, ButtonKind::Secondary,
                            m_fonts.button))
                act([this, ch] { m_flow.digit(ch); });
        }
        y += keyH + g;
    }
    const float bw = (c.w - 3 * g) / 4;
    if (touchButton(m_items, "staff.cancel", tr("staff.cancel"), {c.x, y, bw, keyH}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    if (touchButton(m_items, "key:clear", tr("staff.clear"), {c.x + bw + g, y, bw, keyH}, ButtonKind::Quiet,
                    m_fonts.button))
        act([this] { m_flow.clearInput(); });
    if (touchButton(m_items, "key:back", tr("staff.backspace"), {c.x + 2 * (bw + g), y, bw, keyH}, ButtonKind::Quiet,
                    m_fonts.button))
        act([this] { m_flow.backspace(); });
    if (touchButton(m_items, "staff.ok", tr("staff.ok"), {c.x + 3 * (bw + g), y, bw, keyH}, ButtonKind::Primary,
                    m_fonts.button))
        act([this] { m_flow.submit(); });
}

// [SECTION] Typing a setting

void StaffUi::textScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    const char* titleKey = "staff.counter";
    switch (m_flow.textField()) {
    case core::TextField::UnitCode: titleKey = "staff.unit_code"; break;
    case core::TextField::UnitName: titleKey = "staff.unit"; break;
    case core::TextField::CounterName: titleKey = "staff.counter"; break;
    case core::TextField::OfficerName: titleKey = "staff.officer_name"; break;
    case core::TextField::OfficerTitle: titleKey = "staff.officer_title"; break;
    case core::TextField::OfficerId: titleKey = "staff.officer_id"; break;
    case core::TextField::DossierPattern: titleKey = "staff.dossier_pattern"; break;
    case core::TextField::ProcedureCode: titleKey = "staff.procedure_code"; break;
    case core::TextField::ProcedureNameVi: titleKey = "staff.procedure_name_vi"; break;
    case core::TextField::ProcedureNameEn: titleKey = "staff.procedure_name_en"; break;
    case core::TextField::ExportFolder: titleKey = "staff.text_export_folder"; break;
    }
    // The title, and on its right how much of the field's length is used.
    const core::CommentInput& in = m_flow.textInput();
    const std::string count = lengthCounter(in, m_strings, m_language);
    float y = c.y + g;
    const float titleH = drawText(l.dl, m_fonts.title, tr(titleKey), {c.x, y, c.w * 0.7f, 0}, color::Text, false);
    const float countW = m_fonts.small->CalcTextSizeA(m_fonts.small->FontSize, FLT_MAX, 0, count.c_str()).x;
    drawText(l.dl, m_fonts.small, count, {c.x + c.w - countW, y + titleH - m_fonts.small->FontSize * 1.15f, countW, 0},
             in.limitRefused() ? color::Error : color::TextMuted, false);
    y += titleH + g;
    // Cancel where the citizens' comment has back; clear and done on the right.
    const TypingPanel panel{"", "staff.cancel", tr("staff.cancel")};
    const std::string tapped = drawTypingPanel(m_items, l.dl, m_fonts, {c.x, y, c.w, c.y + c.h - y}, in, panel,
                                               m_strings, m_language, l.s, l.portrait);
    if (tapped == "staff.cancel") act([this] { m_flow.cancel(); });
    else if (!tapped.empty()) act([this, tapped] { m_flow.textTap(tapped); });
}

// [SECTION] The unit's officers

void StaffUi::officerAdminScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("staff.officer_admin"), {c.x, y, c.w, 0}, color::Text, false);
    const std::string msg = message();
    if (!msg.empty()) {
        const bool ok = m_flow.messageKey() == "staff.officer_saved" || m_flow.messageKey() == "staff.officer_removed";
        y += drawText(l.dl, m_fonts.body, msg, {c.x, y, c.w, 0}, ok ? color::Success : color::Error, false);
    }
    y += g;
    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const std::vector<core::Officer> list = m_officers.list();
    if (list.empty()) drawText(l.dl, m_fonts.body, tr("staff.no_officers"), {c.x, y, c.w, 0}, color::TextMuted, false);
    const float rowH = l.u(72);
    const float removeW = std::min(l.u(300), c.w * 0.35f);
    const std::size_t perPage = std::max<std::size_t>(
        1, static_cast<std::size_t>((bar.y - g - y + l.u(10)) / (rowH + l.u(10))));
    const std::size_t first = pageStart(list.size(), perPage);
    for (std::size_t i = first; i < list.size() && i < first + perPage; ++i) {
        const core::Officer& o = list[i];
        const std::string label = o.title.empty() ? o.name : o.name + " — " + o.title;
        const float th = textHeight(m_fonts.button, label, c.w - removeW - g);
        drawText(l.dl, m_fonts.button, label, {c.x, y + (rowH - th) * 0.5f, c.w - removeW - g, th}, color::Text, false);
        if (touchButton(m_items, "officer_remove:" + o.id, tr("staff.officer_remove"),
                        {c.x + c.w - removeW, y, removeW, rowH}, ButtonKind::Quiet, m_fonts.small))
            act([this, id = o.id] { m_flow.deactivateOfficer(id); });
        y += rowH + l.u(10);
    }
    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    pager({bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h}, list.size(), perPage);
    if (touchButton(m_items, "staff.officer_add", tr("staff.officer_add"), {bar.x + bar.w - bw, bar.y, bw, bar.h},
                    ButtonKind::Primary, m_fonts.button))
        act([this] { m_flow.startAddOfficer(); });
}

void StaffUi::proceduresScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("staff.procedures"), {c.x, y, c.w, 0}, color::Text, false) + g;
    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const float rowH = l.u(56);
    const float removeW = std::min(l.u(260), c.w * 0.3f);
    const std::vector<core::Procedure>& procedures = m_flow.draft().procedures;
    const std::size_t perPage = std::max<std::size_t>(
        1, static_cast<std::size_t>((bar.y - g - y + l.u(8)) / (rowH + l.u(8))));
    const std::size_t first = pageStart(procedures.size(), perPage);
    for (std::size_t i = first; i < procedures.size() && i < first + perPage; ++i) {
        const core::Procedure& p = procedures[i];
        const std::string label = p.code + " — " + p.name.in(m_language);
        const float th = textHeight(m_fonts.body, label, c.w - removeW - g);
        drawText(l.dl, m_fonts.body, label, {c.x, y + (rowH - th) * 0.5f, c.w - removeW - g, th}, color::Text, false);
        if (touchButton(m_items, "procedure_remove:" + p.code, tr("staff.procedure_remove"),
                        {c.x + c.w - removeW, y, removeW, rowH}, ButtonKind::Quiet, m_fonts.small))
            act([this, code = p.code] { m_flow.removeProcedure(code); });
        y += rowH + l.u(8);
    }
    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    pager({bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h}, procedures.size(), perPage);
    if (touchButton(m_items, "staff.procedure_add", tr("staff.procedure_add"), {bar.x + bar.w - bw, bar.y, bw, bar.h},
                    ButtonKind::Primary, m_fonts.button))
        act([this] { m_flow.startAddProcedure(); });
}

void StaffUi::questionnairesScreen(const Layout& l) {
    const Rect c = l.content();
    const float g = l.gap();
    float y = c.y + g;
    y += drawText(l.dl, m_fonts.title, tr("staff.questionnaire"), {c.x, y, c.w, 0}, color::Text, false) + l.u(6);
    const std::string msg = message();
    const std::string hint = fillIn(tr("staff.questionnaire_hint"), {{"dir", m_flow.config().questionnaireDir}});
    y += drawText(l.dl, m_fonts.small, msg.empty() ? hint : msg, {c.x, y, c.w, 0},
                  msg.empty() ? color::TextMuted : color::Error, false) +
         g;
    const float barH = l.u(84);
    const Rect bar{c.x, c.y + c.h - barH, c.w, barH};
    const float rowH = l.u(72);
    const auto& options = m_flow.questionnaireOptions();
    const std::size_t perPage = std::max<std::size_t>(
        1, static_cast<std::size_t>((bar.y - g - y + l.u(10)) / (rowH + l.u(10))));
    const std::size_t first = pageStart(options.size(), perPage);
    const std::string chosen = m_flow.draft().questionnaireFile;
    for (std::size_t i = first; i < options.size() && i < first + perPage; ++i) {
        const core::QuestionnaireOption& o = options[i];
        const std::string fileName = std::filesystem::u8path(o.file).filename().u8string();
        std::string label;
        if (o.problem) label = fileName + " — " + tr("staff.questionnaire_broken");
        else if (o.file.empty()) label = tr("staff.questionnaire_builtin") + " — " + o.title.in(m_language);
        else label = o.title.in(m_language) + " (" + fileName + ", v" + std::to_string(o.version) + ")";
        const ButtonKind kind = o.problem          ? ButtonKind::Quiet
                                : o.file == chosen ? ButtonKind::Primary
                                                   : ButtonKind::Secondary;
        if (touchButton(m_items, "questionnaire:" + (o.file.empty() ? std::string("builtin") : fileName), label,
                        {c.x, y, c.w, rowH}, kind, m_fonts.body))
            act([this, file = o.file] { m_flow.pickQuestionnaire(file); });
        y += rowH + l.u(10);
    }
    const float bw = std::min(l.u(320), (bar.w - 2 * g) / 3);
    if (touchButton(m_items, "staff.back", tr("staff.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.cancel(); });
    pager({bar.x + (bar.w - bw) * 0.5f, bar.y, bw, bar.h}, options.size(), perPage);
}

std::string StaffUi::traceLine() const {
    return traceJson(m_drawnScreen, core::languageCode(m_language), m_items.items());
}

}  // namespace hailong::app
