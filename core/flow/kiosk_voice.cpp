#include "flow/kiosk_voice.h"

#include <algorithm>

namespace hailong::core {

namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Keys of the on-screen keyboard whose label is a language file key (CommentInput's layout).
const char* keyboardKey(const std::string& id) {
    static const std::pair<const char*, const char*> Keys[] = {{"key:shift", "keyboard.shift"},
                                                               {"key:bs", "keyboard.backspace"},
                                                               {"key:space", "keyboard.space"},
                                                               {"key:done", "keyboard.done"},
                                                               {"key:undo", "keyboard.undo"},
                                                               {"key:clear", "keyboard.clear"},
                                                               {"key:skip", "nav.skip"},
                                                               {"key:tone:sac", "keyboard.tone_sac"},
                                                               {"key:tone:huyen", "keyboard.tone_huyen"},
                                                               {"key:tone:hoi", "keyboard.tone_hoi"},
                                                               {"key:tone:nga", "keyboard.tone_nga"},
                                                               {"key:tone:nang", "keyboard.tone_nang"}};
    for (const auto& [item, key] : Keys)
        if (id == item) return key;
    return nullptr;
}

}  // namespace

KioskVoice::KioskVoice(SurveyFlow& flow, const Strings& strings, const Clock& clock, VoiceConfig config)
    : m_flow(flow),
      m_words(strings),
      m_clock(clock),
      m_config(config),
      m_volume(config.volume),
      m_spokenScreen(screenKey()),
      m_feedbackSeen(flow.feedback()) {}

void KioskVoice::setConfig(VoiceConfig config) {
    m_config = config;
    if (!m_speech) m_volume = config.volume;
}

std::string KioskVoice::screenKey() const {
    return m_flow.screenName() + "|" + std::string(languageCode(m_flow.language())) +
           (m_flow.offerShown() ? "|offer" : "");
}

// [SECTION] Touches

void KioskVoice::listen(bool soundWorks) {
    m_lastTouchMono = m_clock.monoMs();
    if (!soundWorks) {
        m_noticeUntil = m_clock.monoMs() + NoticeMs;
        return;
    }
    m_noticeUntil = 0;
    m_speech = true;
    m_sawResponse = m_flow.inResponse();
    m_volume = std::max(m_config.volume, SpeechMinVolume);
    m_flow.setAssisted(true);
    m_focus.clear();
    m_spokenScreen = screenKey();
    std::vector<SpeechPart> parts{m_words.key("speech.on", m_flow.language())};
    for (SpeechPart& p : screenParts()) parts.push_back(std::move(p));
    say(std::move(parts), true);
}

void KioskVoice::louder() {
    if (!m_speech) return;
    m_lastTouchMono = m_clock.monoMs();
    const bool loudest = m_volume >= 100;
    m_volume = std::min(100, m_volume + LouderStep);
    say({m_words.key(loudest ? "speech.loudest" : "speech.louder_done", m_flow.language())}, true);
}

void KioskVoice::soundLost() {
    if (!m_speech) return;
    end();
    m_noticeUntil = m_clock.monoMs() + NoticeMs;
}

void KioskVoice::press(const std::string& id, const std::string& label) {
    if (!m_speech) return;
    m_lastTouchMono = m_clock.monoMs();
    if (id == m_focus && m_focusScreen == screenKey()) {
        m_armed = true;  // the second touch of the item: lifting the finger acts
        return;
    }
    m_focus = id;
    m_focusLabel = label;
    m_focusScreen = screenKey();
    m_armed = false;
    say(itemParts(id, label), true);
}

bool KioskVoice::release(const std::string& id) {
    if (!m_speech) return true;
    if (!m_armed || id != m_focus) return false;
    m_armed = false;
    m_confirmId = id;
    m_confirmLabel = m_focusLabel;
    m_focus.clear();
    return true;
}

// [SECTION] After each frame

void KioskVoice::update() {
    const SurveyFlow::Feedback fb = m_flow.feedback();
    std::optional<Sound> sound;
    if (fb.refused > m_feedbackSeen.refused) sound = Sound::Refuse;
    if (fb.stored > m_feedbackSeen.stored) sound = Sound::Confirm;
    m_feedbackSeen = fb;
    if (m_volume == 0) sound.reset();

    const std::string now = screenKey();
    const bool screenChanged = now != m_spokenScreen;
    m_spokenScreen = now;
    // Speech mode ends with the response: a thank-you is still spoken (the response ended with
    // it: "send and finish"), the next citizen's idle screen is not.
    bool responseOver = false;
    if (m_speech) {
        if (m_flow.inResponse()) m_sawResponse = true;
        responseOver = m_sawResponse && !m_flow.inResponse();
        const bool abandoned = !m_flow.inResponse() && m_clock.monoMs() - m_lastTouchMono >= m_config.idleEndMs;
        if ((responseOver && m_flow.screen() != Screen::Thanks) || abandoned) end();
    }
    if (!m_speech) {
        m_confirmId.clear();
        if (sound) say({}, false, sound);
        return;
    }
    bool interrupt = true;  // what the finger found before is stale now
    if (!m_confirmId.empty()) {
        std::vector<SpeechPart> parts = confirmationParts(m_confirmId, m_confirmLabel);
        m_confirmId.clear();
        if (!parts.empty() || sound) {
            say(std::move(parts), true, sound);
            interrupt = false;
            sound.reset();
        }
    }
    if (screenChanged) {
        m_focus.clear();
        say(screenParts(), interrupt, sound);
    } else if (sound) {
        say({}, interrupt, sound);
    }
    if (responseOver) end();
}

void KioskVoice::end() {
    m_speech = false;
    m_volume = m_config.volume;
    m_flow.setAssisted(false);
    m_focus.clear();
    m_armed = false;
}

std::vector<SpeechCue> KioskVoice::takeCues() { return std::move(m_cues); }

std::int64_t KioskVoice::msUntilNextChange() const {
    std::int64_t next = -1;
    const std::int64_t now = m_clock.monoMs();
    if (m_noticeUntil > now) next = m_noticeUntil - now;
    if (m_speech && !m_flow.inResponse()) {
        const std::int64_t left = std::max<std::int64_t>(0, m_lastTouchMono + m_config.idleEndMs - now);
        next = next < 0 ? left : std::min(next, left);
    }
    return next;
}

void KioskVoice::say(std::vector<SpeechPart> parts, bool interrupt, std::optional<Sound> sound) {
    SpeechCue cue;
    cue.interrupt = interrupt;
    cue.sound = sound;
    cue.lang = m_flow.language();
    cue.parts = std::move(parts);
    m_cues.push_back(std::move(cue));
}

// [SECTION] What is said

const Option* KioskVoice::optionOnScreen(const std::string& optionId) const {
    const Question* q = m_flow.currentQuestion();
    if (!q) return nullptr;
    const auto it = std::find_if(q->options.begin(), q->options.end(),
                                 [&](const Option& o) { return o.id == optionId; });
    return it == q->options.end() ? nullptr : &*it;
}

std::vector<SpeechPart> KioskVoice::itemParts(const std::string& id, const std::string& label) const {
    const Language lang = m_flow.language();
    const Question* q = m_flow.currentQuestion();
    if ((startsWith(id, "answer:") || startsWith(id, "toggle:")) && q) {
        const std::string option = id.substr(7);
        std::vector<SpeechPart> parts{m_words.own("q." + q->id + "." + option, label, lang)};
        const auto& sel = m_flow.selection();
        const Answer* given = m_flow.givenAnswer(q->id);
        const bool ticked = startsWith(id, "toggle:") ? std::find(sel.begin(), sel.end(), option) != sel.end()
                                                      : given && std::find(given->values.begin(), given->values.end(),
                                                                           option) != given->values.end();
        if (ticked) parts.push_back(m_words.key("speech.ticked", lang));
        else if (startsWith(id, "toggle:")) parts.push_back(m_words.key("speech.not_ticked", lang));
        return parts;
    }
    if (startsWith(id, "procedure:")) return {m_words.own("p." + id.substr(10), label, lang)};
    if (id == "language") return {m_words.key("language.other", lang)};
    if (id == "thanks.done") return {m_words.key("thanks.hint", lang)};
    if (id == "thanks.more") {
        const int n = m_flow.offeredQuestions();
        if (n == 0) return {m_words.key("thanks.more_comment", lang)};
        if (n == 1) return {m_words.key("thanks.more_one", lang)};
        return {m_words.key("speech.more", lang), m_words.number(n, lang), m_words.key("speech.more_questions", lang)};
    }
    if (const char* key = keyboardKey(id)) return {m_words.key(key, lang)};
    if (startsWith(id, "quick:")) return {m_words.own("quick." + id.substr(6), label, lang)};
    if (m_words.strings().has(id)) return {m_words.key(id, lang)};  // nav.*, thanks.undo_skip, speech.*
    return {m_words.free(label, lang)};
}

std::vector<SpeechPart> KioskVoice::confirmationParts(const std::string& id, const std::string& label) const {
    const Language lang = m_flow.language();
    if (startsWith(id, "toggle:")) return itemParts(id, label);  // the option and its new state
    if (startsWith(id, "answer:")) {
        // The screen may have changed: the option is found in the answer just given.
        for (const Question& q : m_flow.questionnaire().questions) {
            const Answer* a = m_flow.givenAnswer(q.id);
            if (!a || a->values.empty() || a->values.front() != id.substr(7)) continue;
            for (const Option& o : q.options)
                if (o.id == id.substr(7))
                    return {m_words.key("speech.chosen", lang),
                            m_words.own("q." + q.id + "." + o.id, o.text.in(lang), lang)};
        }
    }
    if (startsWith(id, "procedure:")) {
        for (const Procedure& p : m_flow.config().procedures)
            if (p.code == id.substr(10))
                return {m_words.key("speech.chosen", lang), m_words.own("p." + p.code, p.name.in(lang), lang)};
    }
    if (startsWith(id, "key:") || startsWith(id, "quick:")) return itemParts(id, label);  // typed: said again
    return {};  // navigation: the next screen speaks for itself
}

std::vector<SpeechPart> KioskVoice::positionParts() const {
    const QuestionPosition p = m_flow.position();
    if (p.count == 0) return {};
    const Language lang = m_flow.language();
    return {m_words.key("speech.question", lang), m_words.number(p.index, lang), m_words.key("speech.of", lang),
            m_words.number(p.count, lang)};
}

std::vector<SpeechPart> KioskVoice::idleParts() const {
    const Language lang = m_flow.language();
    const SessionContext& ctx = m_flow.context();
    std::vector<SpeechPart> parts;
    if (!ctx.unit.name.empty()) parts.push_back(m_words.own("unit.name", ctx.unit.name, lang));
    if (!ctx.officerName.empty()) {
        parts.push_back(m_words.key("speech.officer", lang));
        parts.push_back(
            m_words.free(ctx.officerTitle.empty() ? ctx.officerName : ctx.officerTitle + " " + ctx.officerName, lang));
    }
    if (!ctx.dossierCode.empty()) {
        parts.push_back(m_words.key("speech.dossier", lang));
        parts.push_back(m_words.code(ctx.dossierCode, lang));
        parts.push_back(m_words.key("speech.dossier_rate", lang));
    }
    return parts;
}

std::vector<SpeechPart> KioskVoice::thanksParts() const {
    const Language lang = m_flow.language();
    std::vector<SpeechPart> parts{m_words.key("thanks.title", lang), m_words.key("thanks.body", lang)};
    if (m_flow.offerShown()) {
        for (SpeechPart& p : itemParts("thanks.more", "")) parts.push_back(std::move(p));
        parts.push_back(m_words.key("thanks.hint_offer", lang));
    } else {
        parts.push_back(m_words.key("thanks.hint", lang));
    }
    return parts;
}

std::vector<SpeechPart> KioskVoice::screenParts() const {
    const Language lang = m_flow.language();
    std::vector<SpeechPart> parts;
    const auto add = [&](std::vector<SpeechPart> more) {
        for (SpeechPart& p : more) parts.push_back(std::move(p));
    };
    const Question* q = m_flow.currentQuestion();
    switch (m_flow.screen()) {
    case Screen::Idle:
        add(idleParts());
        parts.push_back(m_words.key("idle.prompt", lang));
        break;
    case Screen::Main: parts.push_back(m_words.key("main.prompt", lang)); break;
    case Screen::Question: add(positionParts()); break;
    case Screen::Procedure:
        add(positionParts());
        parts.push_back(m_words.key("procedure.prompt", lang));
        parts.push_back(m_words.key("speech.choices", lang));
        return parts;
    case Screen::Comment: {
        // The prompt, then what is typed so far (the citizen came back to it), or that it is empty.
        parts.push_back(m_words.key(m_flow.commentForOtherReason() ? "comment.prompt_other" : "comment.prompt", lang));
        const std::string typed = m_flow.commentInput() ? m_flow.commentInput()->text() : std::string();
        if (typed.empty()) parts.push_back(m_words.key("speech.empty", lang));
        else {
            parts.push_back(m_words.key("speech.your_comment", lang));
            parts.push_back(m_words.free(typed, lang));
        }
        return parts;
    }
    case Screen::Thanks: return thanksParts();
    }
    if (q) {
        parts.push_back(m_words.own("q." + q->id, q->text.in(lang), lang));
        if (q->scale == Scale::MultiSelect) parts.push_back(m_words.key("question.multi_hint", lang));
        parts.push_back(m_words.key("speech.choices", lang));
        if (m_flow.screen() != Screen::Idle) parts.push_back(m_words.key("speech.buttons", lang));
    }
    return parts;
}

}  // namespace hailong::core
