#include "ui/kiosk_ui.h"

#include "ui/faces.h"
#include "ui/keyboard.h"
#include "ui/theme.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace hailong::app {

using core::Question;
using core::Scale;
using core::Screen;

// The citizen screens space their big targets a little wider than the staff ones.
struct KioskUi::Layout : ScreenLayout {
    float gap() const { return u(24); }
};

// The idle screen's footer, laid out once a frame (footerLayout): the faces take what it leaves.
struct KioskUi::Footer {
    Rect button;  ///< the Listen button (w 0: no voice)
    Rect text;    ///< where the lines go: as tall as the footer
    float textH = 0;
    std::vector<std::pair<std::string, ImU32>> lines;
};

float KioskUi::layoutScale(ImVec2 size) {
    if (size.y > size.x) return std::min(size.x / 720.0f, size.y / 1280.0f);
    return std::min(size.x / 1280.0f, size.y / 720.0f);
}

FontSet KioskUi::loadFonts(ImGuiIO& io, ImVec2 displaySize, double pxPerMm, const core::Strings& strings) {
    // Only the thank-you title uses the huge font.
    const std::string huge = strings.get("thanks.title", core::Language::Vi) +
                             strings.get("thanks.title", core::Language::En);
    return loadFontsForPanel(io, findFontFiles(), layoutScale(displaySize), pxPerMm, huge);
}

KioskUi::KioskUi(core::SurveyFlow& flow, const core::Strings& strings, FontSet fonts, const core::Clock& clock)
    : m_flow(flow), m_strings(strings), m_fonts(fonts), m_clock(clock) {}

const std::string& KioskUi::tr(const char* key) const { return m_strings.get(key, m_flow.language()); }

namespace {
// A storage failure keeps the screen as it was and shows a banner asking the citizen to
// tell the officer; nothing the flow had is lost.
template <class F>
bool guarded(F&& call, std::int64_t& bannerUntil, std::string& bannerKey, std::int64_t now,
             const std::function<void(const std::string&)>& onError) {
    try {
        call();
        return true;
    } catch (const core::StorageError& e) {
        bannerUntil = now + 10'000;
        bannerKey = "error.storage";
        if (onError) onError(e.what());
        return false;
    }
}
}  // namespace

// Taps are queued and applied after the frame is built, so one frame always shows one
// consistent screen (and --trace-ui never reports half of two screens).
// The flow is told where each tap landed: a tap soon after a screen change counts unless it is
// on the spot of the tap that changed the screen (a double tap's second half).
template <class F>
void KioskUi::act(F&& call) {
    const ImVec2 at = ImGui::GetIO().MousePos;
    const float radius = m_tapRadius;
    m_pending.emplace_back([this, at, radius, call = std::forward<F>(call)]() mutable {
        m_flow.setTapPoint(core::TapPoint{at.x, at.y, radius});
        struct Forget {
            core::SurveyFlow& flow;
            ~Forget() { flow.setTapPoint(std::nullopt); }
        } forget{m_flow};
        call();
    });
}

void KioskUi::setVoice(core::KioskVoice* voice, std::function<bool()> soundWorks,
                       std::function<void(const core::SpeechCue&)> play) {
    m_voice = voice;
    m_soundWorks = std::move(soundWorks);
    m_play = std::move(play);
    ItemList::Explore explore;
    if (voice) {
        explore.press = [voice](const std::string& id, const std::string& label) { voice->press(id, label); };
        explore.release = [voice](const std::string& id) { return voice->release(id); };
    }
    m_items.setExplore(std::move(explore));
}

// What the voice has to say after the flow changed (taps applied, timers run).
void KioskUi::flushVoice() {
    if (!m_voice) return;
    m_voice->update();
    for (const core::SpeechCue& cue : m_voice->takeCues())
        if (m_play) m_play(cue);
}

void KioskUi::showBanner(std::string key) {
    m_bannerKey = std::move(key);
    m_bannerUntilMono = m_clock.monoMs() + 8'000;
}

void KioskUi::perform(const std::function<void()>& call) {
    guarded(call, m_bannerUntilMono, m_bannerKey, m_clock.monoMs(), m_onError);
}

bool KioskUi::update() {
    bool changed = false;
    guarded([&] { changed = m_flow.tick(); }, m_bannerUntilMono, m_bannerKey, m_clock.monoMs(), m_onError);
    const bool speech = m_voice && m_voice->speechMode();
    const bool notice = m_voice && m_voice->noticeShown();
    flushVoice();
    if (m_voice && (speech != m_voice->speechMode() || notice != m_voice->noticeShown())) changed = true;
    return changed;
}

std::int64_t KioskUi::msUntilNextChange() const {
    std::int64_t next = m_flow.msUntilNextDeadline();
    const std::int64_t banner = m_bannerUntilMono - m_clock.monoMs();
    if (banner > 0 && (next < 0 || banner < next)) next = banner;
    const std::int64_t voice = m_voice ? m_voice->msUntilNextChange() : -1;
    if (voice >= 0 && (next < 0 || voice < next)) next = voice;
    return next;
}

void KioskUi::frame() {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    // The top bar holds the unit's name and the counter: one line of each, under the margin.
    const float topText = (m_fonts.button->FontSize + m_fonts.body->FontSize) * 1.15f + 24 * m_fonts.scale;
    Layout l{ScreenLayout::forDisplay(size, m_fonts.scale, topText)};
    m_tapRadius = l.u(48);
    m_items.clear();
    if (m_drawnScreen != m_flow.screenName()) m_procedurePage = 0;
    m_drawnScreen = m_flow.screenName();
    m_drawnLanguage = m_flow.language();

    l.dl = beginScreenWindow("kiosk", size);
    topBar(l);
    switch (m_flow.screen()) {
    case Screen::Idle: ratingScreen(l, false); break;
    case Screen::Main: ratingScreen(l, true); break;
    case Screen::Question: questionScreen(l); break;
    case Screen::Thanks: thanksScreen(l); break;
    case Screen::Procedure: procedureScreen(l); break;
    case Screen::Comment: commentScreen(l); break;
    }
    focusRing(l);
    notice(l);
    banner(l);
    ImGui::End();

    auto pending = std::move(m_pending);
    m_pending.clear();
    for (auto& call : pending) guarded(call, m_bannerUntilMono, m_bannerKey, m_clock.monoMs(), m_onError);
    flushVoice();
}

void KioskUi::topBar(const Layout& l) {
    const core::UnitInfo& unit = m_flow.context().unit;
    const float m = l.margin();
    const Rect lang{l.W - m - l.u(240), l.u(16), l.u(240), l.u(72)};
    const float textW = lang.x - m - l.gap();
    const std::string& name = unit.name.empty() ? tr("idle.unit_not_set") : unit.name;
    float y = l.u(14);
    y += drawText(l.dl, m_fonts.button, name, {m, y, textW, 0}, color::Text, false);
    if (!unit.counter.empty()) drawText(l.dl, m_fonts.body, unit.counter, {m, y, textW, 0}, color::TextMuted, false);
    l.dl->AddLine(ImVec2(0, l.topBarH() - l.u(6)), ImVec2(l.W, l.topBarH() - l.u(6)), color::CardBorder, 2.0f);

    if (touchButton(m_items, "language", tr("language.other"), lang, ButtonKind::Secondary, m_fonts.button)) {
        const auto other = m_flow.language() == core::Language::Vi ? core::Language::En : core::Language::Vi;
        act([this, other] { m_flow.setLanguage(other); });
    }
    // Speech mode: "louder" beside the language, a speaker symbol (its name is spoken on touch).
    if (m_voice && m_voice->speechMode() && m_flow.screen() != Screen::Idle) {
        const Rect r{lang.x - l.gap() - lang.h, lang.y, lang.h, lang.h};
        const Tap t = tapArea(m_items, "speech.louder", tr("speech.louder"), r);
        l.dl->AddRectFilled(r.min(), r.max(), t.held ? color::PrimaryPressed : color::Primary, l.u(16));
        drawSpeaker(l.dl, r.center(), r.h * 0.62f, color::OnPrimary, 3);
        if (t.clicked) act([this] { m_voice->louder(); });
    }
}

void KioskUi::ratingScreen(const Layout& l, bool inResponse) {
    const Question& q = m_flow.questionnaire().mainQuestion();
    const Rect c = l.content();
    float y = c.y + l.u(16);
    y += drawText(l.dl, m_fonts.title, tr(inResponse ? "main.prompt" : "idle.prompt"), {c.x, y, c.w, 0}, color::Text);
    y += l.u(8);
    y += drawText(l.dl, m_fonts.body, q.text.in(m_flow.language()), {c.x, y, c.w, 0}, color::TextMuted);
    y += l.gap();

    const Footer footer = inResponse ? Footer{} : footerLayout(l);
    const float bottom = inResponse ? l.H - l.margin() - l.navH() - l.gap() : footer.text.y - l.gap();
    if (q.scale == Scale::Star5) starOptions(l, q, {c.x, y, c.w, bottom - y});
    else if (q.scale == Scale::ThreeLevel || q.scale == Scale::Sipas5) ratingOptions(l, q, {c.x, y, c.w, bottom - y});
    else choiceOptions(l, q, {c.x, y, c.w, bottom - y});

    if (!inResponse) {
        idleFooter(l, footer);
        return;
    }
    const Rect bar{l.margin(), l.H - l.margin() - l.navH(), l.W - 2 * l.margin(), l.navH()};
    // Two buttons here, each up to half the bar: "Gửi và kết thúc" stays on one line in portrait.
    const float bw = std::min(l.u(300), (bar.w - l.gap()) / 2);
    if (touchButton(m_items, "nav.next", tr("nav.next"), {bar.x + bar.w - bw, bar.y, bw, bar.h}, ButtonKind::Primary,
                    m_fonts.button))
        act([this] { m_flow.next(); });
    if (m_flow.finishOffered() &&
        touchButton(m_items, "nav.finish", tr("nav.finish"), {bar.x + bar.w - 2 * bw - l.gap(), bar.y, bw, bar.h},
                    ButtonKind::Secondary, m_fonts.button))
        act([this] { m_flow.finish(); });
}

// The idle screen's footer: the Listen button (Louder in speech mode) on the left, within reach
// at the bottom in portrait too, and beside it who serves at this counter and a dossier waiting
// for its rating (or the hint). Without a voice the lines are centred under the faces.

KioskUi::Footer KioskUi::footerLayout(const Layout& l) const {
    const core::SessionContext& ctx = m_flow.context();
    Footer f;
    if (!ctx.officerName.empty()) {
        const std::string who = ctx.officerTitle.empty() ? ctx.officerName : ctx.officerTitle + " " + ctx.officerName;
        f.lines.emplace_back(fillIn(tr("idle.officer"), {{"name", who}}), color::Text);
    }
    if (!ctx.dossierCode.empty())
        f.lines.emplace_back(fillIn(tr("idle.dossier"), {{"code", ctx.dossierCode}}), color::Success);
    if (f.lines.empty())
        f.lines.emplace_back(tr(m_voice && m_voice->speechMode() ? "speech.hint" : "idle.hint"), color::TextMuted);
    const Rect c = l.content();
    float textX = c.x;
    if (m_voice) {
        // As wide as its label needs on one line in the button font (fonts are sized in mm, so
        // more than the design's width on small panels), within about half the screen.
        const std::string& label = tr(m_voice->speechMode() ? "speech.louder" : "speech.listen");
        const float labelW = m_fonts.button->CalcTextSizeA(m_fonts.button->FontSize, FLT_MAX, 0, label.c_str()).x;
        const float w = std::min(std::max(l.u(340), l.navH() * 0.6f + l.u(36) + labelW), c.w * 0.55f);
        f.button = {c.x, l.H - l.margin() - l.navH(), w, l.navH()};
        textX = c.x + w + l.gap();
    }
    const float textW = c.x + c.w - textX;
    for (const auto& line : f.lines) f.textH += textHeight(m_fonts.body, line.first, textW);
    // The button's row, or more where the lines beside it wrap (portrait).
    const float h = m_voice ? std::max(l.navH(), f.textH) : f.textH + l.u(12);
    f.text = {textX, l.H - l.margin() - h, textW, h};
    return f;
}

void KioskUi::idleFooter(const Layout& l, const Footer& f) {
    if (m_voice) {
        const bool speech = m_voice->speechMode();
        const std::string& label = tr(speech ? "speech.louder" : "speech.listen");
        const Rect r = f.button;
        const Tap t = tapArea(m_items, speech ? "speech.louder" : "speech.listen", label, r);
        const float round = std::min(r.h * 0.25f, 24.0f);
        l.dl->AddRectFilled(r.min(), r.max(), t.held ? color::PrimaryPressed : color::Primary, round);
        const float icon = r.h * 0.6f;
        drawSpeaker(l.dl, ImVec2(r.x + l.u(14) + icon * 0.5f, r.center().y), icon, color::OnPrimary, speech ? 3 : 2);
        const float tx = r.x + l.u(22) + icon, tw = r.x + r.w - tx - l.u(10);
        ImFont* font = textHeight(m_fonts.button, label, tw) <= r.h ? m_fonts.button : m_fonts.body;
        const float th = textHeight(font, label, tw);
        drawText(l.dl, font, label, {tx, r.center().y - th * 0.5f, tw, th}, color::OnPrimary, false);
        if (t.clicked) {
            if (speech) act([this] { m_voice->louder(); });
            else act([this] { m_voice->listen(!m_soundWorks || m_soundWorks()); });
        }
    }
    // Beside the button: left-aligned, centred in the footer's height.
    float fy = f.text.y + (f.text.h - f.textH) * 0.5f;
    for (const auto& [words, colour] : f.lines)
        fy += drawText(l.dl, m_fonts.body, words, {f.text.x, fy, f.text.w, 0}, colour, m_voice == nullptr);
}

// "Câu 2/5" above the prompt of a further question; returns the height used.
float KioskUi::positionLine(const Layout& l, float y) {
    const core::QuestionPosition p = m_flow.position();
    if (p.count == 0) return 0;
    const Rect c = l.content();
    const std::string text = fillIn(tr("question.position"),
                                    {{"i", std::to_string(p.index)}, {"n", std::to_string(p.count)}});
    return drawText(l.dl, m_fonts.body, text, {c.x, y, c.w, 0}, color::TextMuted, false) + l.u(4);
}

void KioskUi::questionScreen(const Layout& l) {
    const Question& q = *m_flow.currentQuestion();
    const Rect c = l.content();
    float y = c.y + l.u(10);
    y += positionLine(l, y);
    y += drawText(l.dl, m_fonts.title, q.text.in(m_flow.language()), {c.x, y, c.w, 0}, color::Text);
    if (q.scale == Scale::MultiSelect) {
        y += l.u(6);
        y += drawText(l.dl, m_fonts.body, tr("question.multi_hint"), {c.x, y, c.w, 0}, color::TextMuted);
    }
    y += q.scale == Scale::MultiSelect ? l.u(12) : l.gap();  // the reasons need the room
    const Rect bar{l.margin(), l.H - l.margin() - l.navH(), l.W - 2 * l.margin(), l.navH()};
    // In portrait three buttons in a row are too narrow for "Gửi và kết thúc": it gets a row of
    // its own above the others.
    const bool finishRow = l.portrait && m_flow.finishOffered();
    const Rect finishBar{bar.x, bar.y - l.gap() - bar.h, bar.w, bar.h};
    const Rect area{c.x, y, c.w, (finishRow ? finishBar.y : bar.y) - l.gap() - y};
    switch (q.scale) {
    case Scale::ThreeLevel:
    case Scale::Sipas5: ratingOptions(l, q, area); break;
    case Scale::Star5: starOptions(l, q, area); break;
    case Scale::YesNo:
    case Scale::Choice: choiceOptions(l, q, area); break;
    case Scale::MultiSelect: multiOptions(l, q, area); break;
    }

    const float bw = std::min(l.u(300), (bar.w - 2 * l.gap()) / 3);
    if (touchButton(m_items, "nav.back", tr("nav.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.back(); });
    // Forward: "Next" keeps what is chosen; "Skip" when nothing is chosen yet.
    const bool answered = m_flow.givenAnswer(q.id) != nullptr;
    const Rect fwd{bar.x + bar.w - bw, bar.y, bw, bar.h};
    if (answered) {
        if (touchButton(m_items, "nav.next", tr("nav.next"), fwd, ButtonKind::Primary, m_fonts.button))
            act([this] { m_flow.next(); });
    } else if (touchButton(m_items, "nav.skip", tr("nav.skip"), fwd, ButtonKind::Secondary, m_fonts.button)) {
        act([this] { m_flow.skip(); });
    }
    const Rect finish = finishRow
                            ? Rect{finishBar.x + finishBar.w - 2 * bw - l.gap(), finishBar.y, 2 * bw + l.gap(), bar.h}
                            : Rect{fwd.x - bw - l.gap(), bar.y, bw, bar.h};
    if (m_flow.finishOffered() &&
        touchButton(m_items, "nav.finish", tr("nav.finish"), finish, ButtonKind::Secondary, m_fonts.button))
        act([this] { m_flow.finish(); });
}

bool KioskUi::isGiven(const Question& q, const std::string& optionId) const {
    const core::Answer* a = m_flow.givenAnswer(q.id);
    return a && std::find(a->values.begin(), a->values.end(), optionId) != a->values.end();
}

// Faces on cards: a row in landscape, a column in portrait.
void KioskUi::ratingOptions(const Layout& l, const Question& q, Rect area) {
    const int n = static_cast<int>(q.options.size());
    const float g = l.gap();
    const bool column = l.portrait;
    for (int i = 0; i < n; ++i) {
        const core::Option& o = q.options[static_cast<std::size_t>(i)];
        Rect r;
        if (column) {
            const float h = std::min((area.h - g * static_cast<float>(n - 1)) / static_cast<float>(n), l.u(240));
            const float top = area.y + (area.h - (h * static_cast<float>(n) + g * static_cast<float>(n - 1))) * 0.5f;
            r = {area.x, top + static_cast<float>(i) * (h + g), area.w, h};
        } else {
            const float w = (area.w - g * static_cast<float>(n - 1)) / static_cast<float>(n);
            const float h = std::min(area.h, w * 1.2f);
            r = {area.x + static_cast<float>(i) * (w + g), area.y + (area.h - h) * 0.5f, w, h};
        }
        const std::string& label = o.text.in(m_flow.language());
        const Tap t = tapArea(m_items, "answer:" + o.id, label, r);
        const FaceStyle fs = faceStyleFor(o.id);
        const bool given = isGiven(q, o.id);
        const float round = l.u(20);
        l.dl->AddRectFilled(r.min(), r.max(), t.held ? color::SecondaryPressed : color::Card, round);
        l.dl->AddRect(r.min(), r.max(), given ? color::Primary : color::CardBorder, round, 0, given ? l.u(6) : l.u(2));
        if (column) {
            const float rad = r.h * 0.34f;
            drawFace(l.dl, ImVec2(r.x + r.h * 0.5f, r.center().y), rad, fs.mood, fs.fill);
            const float tx = r.x + r.h, tw = r.w - r.h - l.u(16);
            const float th = textHeight(m_fonts.title, label, tw);
            drawText(l.dl, m_fonts.title, label, {tx, r.center().y - th * 0.5f, tw, th}, color::Text, false);
        } else {
            // Face and label as one block, centred in the card.
            const float labelH = textHeight(m_fonts.button, label, r.w - l.u(24));
            const float rad = std::min(r.w * 0.32f, (r.h - labelH - l.u(54)) * 0.5f);
            const float blockH = 2 * rad + l.u(14) + labelH;
            const ImVec2 fc(r.center().x, r.y + (r.h - blockH) * 0.5f + rad);
            drawFace(l.dl, fc, rad, fs.mood, fs.fill);
            drawText(l.dl, m_fonts.button, label, {r.x + l.u(12), fc.y + rad + l.u(14), r.w - l.u(24), labelH},
                     color::Text);
        }
        if (t.clicked) act([this, id = o.id] { m_flow.answer(id); });
    }
}

void KioskUi::starOptions(const Layout& l, const Question& q, Rect area) {
    const int n = static_cast<int>(q.options.size());
    const float w = area.w / static_cast<float>(n);
    const float h = std::min(area.h, w * 1.3f);
    int given = 0;
    for (int i = 0; i < n; ++i)
        if (isGiven(q, q.options[static_cast<std::size_t>(i)].id)) given = i + 1;
    for (int i = 0; i < n; ++i) {
        const core::Option& o = q.options[static_cast<std::size_t>(i)];
        const Rect r{area.x + static_cast<float>(i) * w, area.y + (area.h - h) * 0.5f, w, h};
        const std::string& label = o.text.in(m_flow.language());
        const Tap t = tapArea(m_items, "answer:" + o.id, label, r);
        const float rad = std::min(w * 0.4f, h * 0.32f);
        const ImVec2 c(r.center().x, r.y + rad + l.u(12));
        drawStar(l.dl, c, rad, color::Star, i < given || t.held);
        drawText(l.dl, m_fonts.button, label, {r.x, c.y + rad + l.u(12), r.w, 0}, color::Text);
        if (t.clicked) act([this, id = o.id] { m_flow.answer(id); });
    }
}

// Plain answers (yes/no, own options): one big answer card each, in a centred column. They are
// cards with a round mark, like the tick boxes of the reasons, so they never look like the
// navigation buttons below them.
void KioskUi::choiceOptions(const Layout& l, const Question& q, Rect area) {
    const int n = static_cast<int>(q.options.size());
    const float g = l.u(18);
    const float h = std::min(l.u(104), (area.h - g * static_cast<float>(n - 1)) / static_cast<float>(n));
    const float w = std::min(area.w, l.u(860));
    const float top = area.y + (area.h - (h * static_cast<float>(n) + g * static_cast<float>(n - 1))) * 0.5f;
    for (int i = 0; i < n; ++i) {
        const core::Option& o = q.options[static_cast<std::size_t>(i)];
        const Rect r{area.x + (area.w - w) * 0.5f, top + static_cast<float>(i) * (h + g), w, h};
        const std::string& label = o.text.in(m_flow.language());
        const Tap t = tapArea(m_items, "answer:" + o.id, label, r);
        const bool on = isGiven(q, o.id);
        answerCard(l, r, label, on, t.held, false);
        if (t.clicked) act([this, id = o.id] { m_flow.answer(id); });
    }
}

// One answer: a white card with a mark on the left (round for one answer, square for several),
// filled when chosen, and the label; a thick blue edge when chosen.
void KioskUi::answerCard(const Layout& l, Rect r, const std::string& label, bool on, bool held, bool square) {
    const float round = l.u(14);
    l.dl->AddRectFilled(r.min(), r.max(), held ? color::SecondaryPressed : (on ? color::Selected : color::Card), round);
    l.dl->AddRect(r.min(), r.max(), on ? color::Primary : color::CardBorder, round, 0, on ? l.u(4) : l.u(2));
    const float box = std::min(r.h * 0.5f, l.u(44));
    const Rect b{r.x + l.u(18), r.center().y - box * 0.5f, box, box};
    if (square) {
        l.dl->AddRectFilled(b.min(), b.max(), on ? color::Primary : color::Card, l.u(6));
        l.dl->AddRect(b.min(), b.max(), color::Primary, l.u(6), 0, l.u(3));
        if (on) drawCheck(l.dl, b.center(), box * 0.7f, color::OnPrimary, l.u(5));
    } else {
        l.dl->AddCircleFilled(b.center(), box * 0.5f, color::Card, 32);
        l.dl->AddCircle(b.center(), box * 0.5f, color::Primary, 32, l.u(3));
        if (on) l.dl->AddCircleFilled(b.center(), box * 0.28f, color::Primary, 32);
    }
    const float tx = b.x + box + l.u(18), tw = r.x + r.w - tx - l.u(12);
    // The button font; the body font (still >= 4.8 mm) only where a long label would not fit.
    ImFont* font = textHeight(m_fonts.button, label, tw) <= r.h - l.u(8) ? m_fonts.button : m_fonts.body;
    const float th = textHeight(font, label, tw);
    drawText(l.dl, font, label, {tx, r.center().y - th * 0.5f, tw, th}, color::Text, false);
}

// The height an answer card of width w needs for its label in the button font.
float KioskUi::answerLabelHeight(const Layout& l, const std::string& label, float w) const {
    const float box = l.u(44);
    const float tw = w - l.u(18) - box - l.u(18) - l.u(12);
    return textHeight(m_fonts.button, label, tw) + l.u(14);
}

// Reasons: large tick boxes, two columns in landscape.
void KioskUi::multiOptions(const Layout& l, const Question& q, Rect area) {
    const int n = static_cast<int>(q.options.size());
    const int cols = l.portrait ? 1 : 2;
    const int rows = (n + cols - 1) / cols;
    const float w = (area.w - l.u(16) * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    // Cards as tall as their longest label needs (two lines of large text), within the area:
    // the gaps give way first.
    float need = 0;
    for (const core::Option& o : q.options)
        need = std::max(need, answerLabelHeight(l, o.text.in(m_flow.language()), w));
    const float fr = static_cast<float>(rows);
    const float g = std::clamp((area.h - need * fr) / std::max(1.0f, fr - 1), l.u(8), l.u(16));
    const float room = (area.h - g * (fr - 1)) / fr;  // never more than the area holds
    const float h = std::min(room, std::clamp(std::max(need, room), l.u(56), std::max(need, l.u(100))));
    const float top = area.y +
                      std::max(0.0f,
                               (area.h - (h * static_cast<float>(rows) + g * static_cast<float>(rows - 1))) * 0.5f);
    const auto& sel = m_flow.selection();
    for (int i = 0; i < n; ++i) {
        const core::Option& o = q.options[static_cast<std::size_t>(i)];
        const int row = i / cols, col = i % cols;
        const Rect r{area.x + static_cast<float>(col) * (w + g), top + static_cast<float>(row) * (h + g), w, h};
        const std::string& label = o.text.in(m_flow.language());
        const Tap t = tapArea(m_items, "toggle:" + o.id, label, r);
        const bool on = std::find(sel.begin(), sel.end(), o.id) != sel.end();
        answerCard(l, r, label, on, t.held, true);
        if (t.clicked) act([this, id = o.id] { m_flow.toggle(id); });
    }
}

// The procedures of the unit, as big buttons in two columns, a page at a time.
void KioskUi::procedureScreen(const Layout& l) {
    const std::vector<core::Procedure>& all = m_flow.config().procedures;
    const Rect c = l.content();
    float y = c.y + l.u(10);
    y += positionLine(l, y);
    y += drawText(l.dl, m_fonts.title, tr("procedure.prompt"), {c.x, y, c.w, 0}, color::Text) + l.gap();
    const Rect bar{l.margin(), l.H - l.margin() - l.navH(), l.W - 2 * l.margin(), l.navH()};
    const Rect area{c.x, y, c.w, bar.y - l.gap() - y};
    const int cols = l.portrait ? 1 : 2;
    const float g = l.u(16);
    // Cards of one height, tall enough for the longest name in the button font (two lines).
    const float w = (area.w - g * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    float h = l.u(92);
    for (const core::Procedure& p : all) h = std::max(h, answerLabelHeight(l, p.name.in(m_flow.language()), w));
    const int rows = std::max(1, static_cast<int>((area.h + g) / (h + g)));
    const std::size_t perPage = static_cast<std::size_t>(rows * cols);
    const std::size_t pages = (all.size() + perPage - 1) / perPage;
    if (m_procedurePage >= pages) m_procedurePage = 0;
    for (std::size_t i = m_procedurePage * perPage; i < all.size() && i < (m_procedurePage + 1) * perPage; ++i) {
        const std::size_t k = i - m_procedurePage * perPage;
        const Rect r{area.x + static_cast<float>(k % static_cast<std::size_t>(cols)) * (w + g),
                     area.y + static_cast<float>(k / static_cast<std::size_t>(cols)) * (h + g), w, h};
        const std::string& label = all[i].name.in(m_flow.language());
        const Tap t = tapArea(m_items, "procedure:" + all[i].code, label, r);
        answerCard(l, r, label, false, t.held, false);  // an answer, not a navigation button
        if (t.clicked) act([this, code = all[i].code] { m_flow.pickProcedure(code); });
    }
    const float bw = std::min(l.u(300), (bar.w - 2 * l.gap()) / 3);
    if (touchButton(m_items, "nav.back", tr("nav.back"), {bar.x, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.back(); });
    if (pages > 1 &&
        touchButton(m_items, "procedure.more", tr("procedure.more"),
                    {bar.x + bar.w - 2 * bw - l.gap(), bar.y, bw, bar.h}, ButtonKind::Quiet, m_fonts.button))
        m_procedurePage = (m_procedurePage + 1) % pages;
    if (touchButton(m_items, "nav.skip", tr("nav.skip"), {bar.x + bar.w - bw, bar.y, bw, bar.h}, ButtonKind::Secondary,
                    m_fonts.button))
        act([this] { m_flow.skip(); });
}

// The comment: the prompt and the length counter, the text as typed (wrapped, its end in view),
// the questionnaire's quick phrases, back / clear (undo) / skip / done apart from each other, and
// the keyboard as large as the screen allows (drawTypingPanel lays them out).
void KioskUi::commentScreen(const Layout& l) {
    const core::CommentInput& in = *m_flow.commentInput();
    const Rect c = l.content();
    const float g = l.u(12);
    float y = c.y + l.u(8);

    // The counter, or in red when the limit stopped a key, on the right of the prompt.
    const std::string count = lengthCounter(in, m_strings, m_flow.language());
    const float countW = m_fonts.small->CalcTextSizeA(m_fonts.small->FontSize, FLT_MAX, 0, count.c_str()).x;
    ImFont* promptFont = l.portrait ? m_fonts.title : m_fonts.button;
    const float promptW = c.w - countW - l.u(24);
    const std::string& prompt = tr(m_flow.commentForOtherReason() ? "comment.prompt_other" : "comment.prompt");
    const float promptH = drawText(l.dl, promptFont, prompt, {c.x, y, promptW, 0}, color::Text, false);
    drawText(l.dl, m_fonts.small, count, {c.x + c.w - countW, y + promptH - m_fonts.small->FontSize * 1.15f, countW, 0},
             in.limitRefused() ? color::Error : color::TextMuted, false);
    y += promptH + g;

    // The questionnaire's quick phrases, in the citizen's language, as large buttons.
    TypingPanel panel{tr("comment.placeholder"), "nav.back", tr("nav.back")};
    for (const core::Text& phrase : m_flow.questionnaire().quickComments)
        panel.quick.push_back(phrase.in(m_flow.language()));
    const std::string tapped = drawTypingPanel(m_items, l.dl, m_fonts, {c.x, y, c.w, c.y + c.h - y}, in, panel,
                                               m_strings, m_flow.language(), l.s, l.portrait);
    if (tapped == "nav.back") act([this] { m_flow.back(); });
    else if (tapped.rfind("quick:", 0) == 0)
        act([this, index = std::stoul(tapped.substr(6))] { m_flow.quickComment(index); });
    else if (!tapped.empty()) act([this, tapped] { m_flow.commentKey(tapped); });
}

// The thank-you: the rating is recorded. Below, when the flow offers them, one large button for
// the further questions (or the comment) and one to bring back a comment just skipped; the rest
// of the screen returns to the faces at once, and the timer does too.
void KioskUi::thanksScreen(const Layout& l) {
    const Rect c = l.content();
    std::vector<std::pair<std::string, std::string>> buttons;  // id, label
    if (m_flow.offerShown()) {
        const int n = m_flow.offeredQuestions();
        const std::string label = n == 0   ? tr("thanks.more_comment")
                                  : n == 1 ? tr("thanks.more_one")
                                           : fillIn(tr("thanks.more"), {{"n", std::to_string(n)}});
        buttons.emplace_back("thanks.more", label);
    }
    if (m_flow.skipUndoable()) buttons.emplace_back("thanks.undo_skip", tr("thanks.undo_skip"));

    const float bh = l.u(112), g = l.gap();
    const float buttonsH = buttons.empty() ? 0.0f : static_cast<float>(buttons.size()) * (bh + g);
    const Rect dismiss{c.x, c.y, c.w, c.h - buttonsH};
    const Tap t = tapArea(m_items, "thanks.done", tr("thanks.hint"), dismiss);
    const float rad = std::min(l.u(84), dismiss.h * 0.16f);
    const ImVec2 centre(l.W * 0.5f, c.y + std::min(c.h * 0.3f, rad + l.u(40)));
    l.dl->AddCircleFilled(centre, rad, color::Success, 64);
    drawCheck(l.dl, centre, rad * 1.0f, color::OnPrimary, l.u(14));
    float y = centre.y + rad + l.u(28);
    y += drawText(l.dl, m_fonts.huge, tr("thanks.title"), {c.x, y, c.w, 0}, color::Text);
    y += l.u(10);
    y += drawText(l.dl, m_fonts.title, tr("thanks.body"), {c.x, y, c.w, 0}, color::Text);
    if (buttons.empty())
        drawText(l.dl, m_fonts.small, tr("thanks.hint"), {c.x, l.H - l.margin() - l.u(34), c.w, 0}, color::TextMuted);
    else  // the screen goes by itself: say so, and that a tap beside the button returns at once
        drawText(l.dl, m_fonts.small, tr("thanks.hint_offer"), {c.x, y + l.u(14), c.w, 0}, color::TextMuted);
    if (t.clicked) act([this] { m_flow.dismissThanks(); });

    const float bw = std::min(c.w, l.u(820));
    float by = c.y + c.h - buttonsH + g;
    for (const auto& [id, label] : buttons) {
        const Rect r{c.x + (c.w - bw) * 0.5f, by, bw, bh};
        const bool primary = id == "thanks.more";
        if (touchButton(m_items, id, label, r, primary ? ButtonKind::Primary : ButtonKind::Secondary, m_fonts.button)) {
            if (primary) act([this] { m_flow.takeOffer(); });
            else act([this] { m_flow.undoSkip(); });
        }
        by += bh + g;
    }
}

// Speech mode: the item the citizen's finger found last, which the next touch chooses, ringed.
void KioskUi::focusRing(const Layout& l) {
    if (!m_voice || !m_voice->speechMode() || m_voice->focused().empty()) return;
    for (const UiItem& it : m_items.items())
        if (it.id == m_voice->focused()) {
            const Rect r = it.rect.inset(-l.u(6));
            l.dl->AddRect(r.min(), r.max(), color::Text, l.u(20), 0, l.u(6));
        }
}

// Sound cannot be played (no device, or it went away) after Listen was tapped: said in writing.
void KioskUi::notice(const Layout& l) {
    if (!m_voice || !m_voice->noticeShown()) return;
    const std::string& text = tr("speech.unavailable");
    const float w = l.W - 2 * l.margin() - l.u(40);
    const float th = textHeight(m_fonts.body, text, w);
    const Rect r{l.margin(), l.topBarH() + l.u(8), l.W - 2 * l.margin(), th + l.u(32)};
    l.dl->AddRectFilled(r.min(), r.max(), color::Text, l.u(14));
    drawText(l.dl, m_fonts.body, text, {r.x + l.u(20), r.y + l.u(16), w, th}, color::OnPrimary);
}

void KioskUi::banner(const Layout& l) {
    if (m_clock.monoMs() >= m_bannerUntilMono) return;
    const Rect r{l.margin(), l.topBarH() + l.u(8), l.W - 2 * l.margin(), l.u(96)};
    l.dl->AddRectFilled(r.min(), r.max(), color::Error, l.u(14));
    const std::string& text = m_strings.get(m_bannerKey, m_flow.language());
    const float th = textHeight(m_fonts.body, text, r.w - l.u(40));
    drawText(l.dl, m_fonts.body, text, {r.x + l.u(20), r.center().y - th * 0.5f, r.w - l.u(40), th}, color::OnPrimary);
}

std::string KioskUi::traceLine() const {
    return traceJson(m_drawnScreen, core::languageCode(m_drawnLanguage), m_items.items());
}

}  // namespace hailong::app
