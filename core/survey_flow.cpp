#include "survey_flow.h"

#include <algorithm>
#include <exception>
#include <limits>

namespace hailong::core {

namespace {
bool hasOption(const Question& q, const std::string& id) {
    return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; });
}
constexpr std::int64_t kLongAgo = std::numeric_limits<std::int64_t>::min() / 4;

// Typing takes longer than tapping: the comment screen waits twice the idle timeout.
std::int64_t timeoutOn(Screen s, const FlowConfig& c) {
    return s == Screen::Comment ? 2 * c.idleTimeoutMs : c.idleTimeoutMs;
}
} // namespace

FlowConfig flowConfigFrom(const KioskSettings& s, int idleTimeoutOverrideSeconds) {
    FlowConfig f;
    const int seconds = idleTimeoutOverrideSeconds > 0 ? idleTimeoutOverrideSeconds : s.idleTimeoutSeconds;
    f.idleTimeoutMs = std::int64_t{seconds} * 1000;
    f.defaultLanguage = s.defaultLanguage;
    f.procedures = s.procedures;
    f.comment.telex.vni = s.vniInput;
    f.comment.telex.modernToneStyle = s.newToneStyle;
    if (s.flagOutsideHours)
        f.outsideHours = [hours = s.hours](std::int64_t utcMs, int offset) { return !withinOpeningHours(hours, utcMs, offset); };
    return f;
}

UnitInfo unitFrom(const KioskSettings& s) { return UnitInfo{s.unitCode, s.unitName, s.unitLevel, s.counterName}; }

SurveyFlow::SurveyFlow(Questionnaire questionnaire, ResponseStore& store, const Clock& clock,
                       IdSource& ids, FlowConfig config)
    : m_q(std::move(questionnaire)),
      m_store(store),
      m_clock(clock),
      m_ids(ids),
      m_config(config),
      m_misuse(config.misuse, store.recentRatings(64)),
      m_language(config.defaultLanguage),
      m_lastInteractionMono(clock.monoMs()),
      m_screenChangedMono(kLongAgo),
      m_lastActionMono(kLongAgo) {}

std::string SurveyFlow::screenName() const {
    switch (m_screen) {
    case Screen::Idle: return "idle";
    case Screen::Main: return "main";
    case Screen::Procedure: return "procedure";
    case Screen::Question: return "question:" + m_q.questions[static_cast<std::size_t>(m_index)].id;
    case Screen::Comment: return "comment";
    case Screen::Thanks: return "thanks";
    }
    return "unknown";
}

const Question* SurveyFlow::currentQuestion() const {
    if (m_screen == Screen::Thanks || m_screen == Screen::Procedure || m_screen == Screen::Comment) return nullptr;
    return &m_q.questions[static_cast<std::size_t>(m_index)];
}

const Answer* SurveyFlow::givenAnswer(const std::string& questionId) const {
    for (const Answer& a : m_answers)
        if (a.questionId == questionId) return &a;
    return nullptr;
}

bool SurveyFlow::onLastQuestion() const {
    if (m_screen != Screen::Main && m_screen != Screen::Question) return false;
    return nextShownIndex(m_index) < 0;
}

// A double tap must not answer twice, nor carry over to the button that appears at
// the same place on the next screen.
bool SurveyFlow::debounced(const std::string& action) {
    const std::int64_t now = m_clock.monoMs();
    if (now - m_screenChangedMono < m_config.debounceMs) return true;
    if (action == m_lastAction && now - m_lastActionMono < m_config.debounceMs) return true;
    m_lastAction = action;
    m_lastActionMono = now;
    return false;
}

void SurveyFlow::touch() { m_lastInteractionMono = m_clock.monoMs(); }

void SurveyFlow::show(Screen s, int questionIndex) {
    m_screen = s;
    m_index = questionIndex;
    m_screenChangedMono = m_clock.monoMs();
    m_selection.clear();
    if (s == Screen::Question) {
        const Question& q = m_q.questions[static_cast<std::size_t>(questionIndex)];
        if (const Answer* a = givenAnswer(q.id); a && q.scale == Scale::MultiSelect) m_selection = a->values;
    }
}

bool SurveyFlow::conditionHolds(const Question& q) const {
    if (q.showIf.always()) return true;
    const Answer* a = givenAnswer(q.showIf.questionId);
    if (!a) return false;
    return std::any_of(a->values.begin(), a->values.end(), [&](const std::string& v) {
        return std::find(q.showIf.anyOf.begin(), q.showIf.anyOf.end(), v) != q.showIf.anyOf.end();
    });
}

int SurveyFlow::nextShownIndex(int from) const {
    for (int j = from + 1; j < static_cast<int>(m_q.questions.size()); ++j)
        if (conditionHolds(m_q.questions[static_cast<std::size_t>(j)])) return j;
    return -1;
}

int SurveyFlow::previousShownIndex(int from) const {
    for (int j = from - 1; j > 0; --j)
        if (conditionHolds(m_q.questions[static_cast<std::size_t>(j)])) return j;
    return 0;
}

void SurveyFlow::saveAnswer(const Question& q, std::vector<std::string> values) {
    Answer a{q.id, q.scale, std::move(values), m_clock.wallMs()};
    m_store.saveAnswer(m_uuid, a);  // durable before the state reflects it
    auto it = std::find_if(m_answers.begin(), m_answers.end(),
                           [&](const Answer& x) { return x.questionId == q.id; });
    if (it != m_answers.end()) *it = std::move(a);
    else m_answers.push_back(std::move(a));
    m_misuse.noteActivity(m_uuid, m_clock.monoMs());
    dropStaleAnswers();
}

void SurveyFlow::removeAnswer(const Question& q) {
    if (!givenAnswer(q.id)) return;
    m_store.removeAnswer(m_uuid, q.id);
    m_answers.erase(std::remove_if(m_answers.begin(), m_answers.end(),
                                   [&](const Answer& a) { return a.questionId == q.id; }),
                    m_answers.end());
    dropStaleAnswers();
}

// When an answer changes or goes (e.g. "not satisfied" becomes "satisfied"), answers to
// questions that would no longer be shown (the reasons) must not stay in the response.
// Conditions only look at earlier questions, so removing in order settles chains too
// (removeAnswer calls back here, and each call removes at least one answer).
void SurveyFlow::dropStaleAnswers() {
    for (std::size_t i = 1; i < m_q.questions.size(); ++i) {
        const Question& q = m_q.questions[i];
        if (givenAnswer(q.id) && !conditionHolds(q)) {
            removeAnswer(q);
            return;
        }
    }
}

void SurveyFlow::advanceFrom(int index) {
    const int next = nextShownIndex(index);
    if (next >= 0) show(Screen::Question, next);
    else if (m_commentSeen) endResponse(EndReason::Completed);
    else showComment(index, true);
}

// [SECTION] The comment

bool SurveyFlow::otherTicked(const Question& q) const {
    if (q.scale != Scale::MultiSelect) return false;
    return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) {
        return (o.id == "other" || o.indicator == "other") &&
               std::find(m_selection.begin(), m_selection.end(), o.id) != m_selection.end();
    });
}

void SurveyFlow::showComment(int after, bool atEnd) {
    if (!m_comment) {
        CommentInputOptions o = m_config.comment;
        o.telex.vietnamese = m_language == Language::Vi;
        m_comment.emplace(o);
    }
    m_commentAfter = after;
    m_commentAtEnd = atEnd;
    show(Screen::Comment, after);
}

void SurveyFlow::saveComment(const std::string& text) {
    if (text == m_storedComment) return;
    m_store.setComment(m_uuid, text);  // durable before the state reflects it
    m_storedComment = text;
}

TapResult SurveyFlow::applyCommentResult(InputResult r) {
    touch();
    switch (r) {
    case InputResult::Applied: return TapResult::Accepted;
    case InputResult::Refused:
    case InputResult::Ignored: return TapResult::Invalid;
    case InputResult::Done:
    case InputResult::Skip: break;
    }
    if (r == InputResult::Skip) {
        saveComment("");
        m_comment.reset();  // skipping means no comment: the text typed goes
    } else {
        saveComment(m_comment->comment());
    }
    m_commentSeen = true;
    if (m_commentAtEnd) endResponse(EndReason::Completed);
    else advanceFrom(m_commentAfter);
    return TapResult::Accepted;
}

TapResult SurveyFlow::commentKey(std::string_view keyId) {
    if (m_screen != Screen::Comment) return TapResult::Invalid;
    const std::int64_t now = m_clock.monoMs();
    if (now - m_screenChangedMono < m_config.debounceMs) return TapResult::Debounced;
    if (keyId == m_lastAction && now - m_lastActionMono < m_config.keyBounceMs) return TapResult::Debounced;
    m_lastAction = std::string(keyId);
    m_lastActionMono = now;
    return applyCommentResult(m_comment->tap(keyId));
}

TapResult SurveyFlow::quickComment(std::size_t index) {
    if (m_screen != Screen::Comment || index >= m_q.quickComments.size()) return TapResult::Invalid;
    const std::int64_t now = m_clock.monoMs();
    if (now - m_screenChangedMono < m_config.debounceMs) return TapResult::Debounced;
    const std::string id = "quick:" + std::to_string(index);
    if (id == m_lastAction && now - m_lastActionMono < m_config.debounceMs) return TapResult::Debounced;
    m_lastAction = id;
    m_lastActionMono = now;
    return applyCommentResult(m_comment->insertPhrase(m_q.quickComments[index].in(m_language)));
}

TapResult SurveyFlow::typeChar(char32_t c) {
    if (m_screen != Screen::Comment) return TapResult::Invalid;
    return applyCommentResult(m_comment->typeChar(c));
}

TapResult SurveyFlow::typeBackspace() {
    if (m_screen != Screen::Comment) return TapResult::Invalid;
    return applyCommentResult(m_comment->typeBackspace());
}

TapResult SurveyFlow::typeEnter() {
    if (m_screen != Screen::Comment) return TapResult::Invalid;
    return applyCommentResult(m_comment->typeEnter());
}

void SurveyFlow::checkpointComment() {
    if (m_screen == Screen::Comment) m_checkpoint = m_comment;
}

void SurveyFlow::rollbackComment() {
    if (m_screen != Screen::Comment || !m_checkpoint) return;
    m_comment = std::move(m_checkpoint);
    m_checkpoint.reset();
}

void SurveyFlow::forgetComment() {
    m_comment.reset();
    m_checkpoint.reset();
    m_storedComment.clear();
    m_commentSeen = false;
    m_commentAfter = -1;
    m_commentAtEnd = false;
}

void SurveyFlow::endResponse(EndReason why) {
    try {
        m_store.finish(m_uuid, why, m_clock.wallMs(), m_clock.monoMs());
    } catch (const StorageError&) {
        // The vote is stored already. A kiosk stuck on an abandoned question would retry
        // (and fail) forever: go back to idle; the next start marks the response
        // interrupted. A citizen's own tap keeps the screen and may try again.
        if (why == EndReason::Timeout) resetToIdle();
        throw;
    }
    // Walking away is not activity: a new citizen right after a timeout is not a repeat.
    if (why != EndReason::Timeout) m_misuse.noteActivity(m_uuid, m_clock.monoMs());
    m_uuid.clear();
    m_answers.clear();
    forgetComment();  // the next citizen must not see this one's text
    if (why == EndReason::Timeout) resetToIdle();
    else show(Screen::Thanks, 0);
}

void SurveyFlow::setQuestionnaire(Questionnaire questionnaire) {
    m_pendingQ = std::move(questionnaire);
    if (m_screen == Screen::Idle && !inResponse()) resetToIdle();
}

void SurveyFlow::resetToIdle() {
    m_uuid.clear();
    m_answers.clear();
    m_selection.clear();
    forgetComment();
    if (m_pendingQ) {
        m_q = std::move(*m_pendingQ);
        m_pendingQ.reset();
    }
    m_language = m_config.defaultLanguage;  // the next citizen starts in the default language
    show(Screen::Idle, 0);
}

TapResult SurveyFlow::answer(const std::string& value) {
    const Question* q = currentQuestion();
    if (!q || q->scale == Scale::MultiSelect || !hasOption(*q, value)) return TapResult::Invalid;
    if (debounced("answer:" + value)) return TapResult::Debounced;

    if (m_screen == Screen::Idle) {
        Response r;
        r.uuid = m_ids.newUuid();
        r.unit = m_context.unit;
        r.officerId = m_context.officerId;
        r.procedureCode = m_context.procedureCode;
        r.dossierCode = m_context.dossierCode;
        r.questionnaireId = m_q.id;
        r.questionnaireVersion = m_q.version;
        r.language = m_language;
        r.startedUtcMs = m_clock.wallMs();
        r.utcOffsetMinutes = m_clock.utcOffsetMinutes();
        r.bootId = m_clock.bootId();
        r.startedMonoMs = m_clock.monoMs();
        r.answers.push_back(Answer{q->id, q->scale, {value}, r.startedUtcMs});
        const bool linked = !r.dossierCode.empty();
        const auto verdict = m_misuse.assess(value, r.startedMonoMs, r.bootId, linked);
        r.misuseFlags = verdict.flags;
        if (m_config.outsideHours && m_config.outsideHours(r.startedUtcMs, r.utcOffsetMinutes))
            r.misuseFlags |= misuse::OutsideHours;
        m_store.begin(r, verdict.alsoFlagBurst);  // the vote is durable from here on
        m_misuse.record(r.uuid, value, r.startedMonoMs, r.bootId, linked, verdict);
        m_uuid = r.uuid;
        m_answers = r.answers;
        m_context.dossierCode.clear();  // a dossier code links one response only
        touch();
        if (!m_config.procedures.empty() && r.procedureCode.empty()) show(Screen::Procedure, 0);
        else advanceFrom(0);
        return TapResult::Accepted;
    }

    saveAnswer(*q, {value});
    touch();
    advanceFrom(m_index);
    return TapResult::Accepted;
}

TapResult SurveyFlow::toggle(const std::string& optionId) {
    const Question* q = currentQuestion();
    if (m_screen != Screen::Question || q->scale != Scale::MultiSelect || !hasOption(*q, optionId))
        return TapResult::Invalid;
    if (debounced("toggle:" + optionId)) return TapResult::Debounced;

    std::vector<std::string> picked = m_selection;
    auto it = std::find(picked.begin(), picked.end(), optionId);
    if (it != picked.end()) picked.erase(it);
    else picked.push_back(optionId);
    // Keep the questionnaire's order, whatever order the citizen tapped in.
    std::vector<std::string> ordered;
    for (const Option& o : q->options)
        if (std::find(picked.begin(), picked.end(), o.id) != picked.end()) ordered.push_back(o.id);

    // Each tick is stored at once: a citizen who walks away still leaves their reasons.
    if (ordered.empty()) removeAnswer(*q);
    else saveAnswer(*q, ordered);
    m_selection = std::move(ordered);
    touch();
    return TapResult::Accepted;
}

TapResult SurveyFlow::next() {
    if (m_screen != Screen::Main && m_screen != Screen::Question && m_screen != Screen::Procedure)
        return TapResult::Invalid;
    if (debounced("next")) return TapResult::Debounced;
    touch();
    if (m_screen == Screen::Question && otherTicked(*currentQuestion())) showComment(m_index, false);
    else advanceFrom(m_index);
    return TapResult::Accepted;
}

TapResult SurveyFlow::pickProcedure(const std::string& code) {
    if (m_screen != Screen::Procedure) return TapResult::Invalid;
    const bool known = std::any_of(m_config.procedures.begin(), m_config.procedures.end(),
                                   [&](const Procedure& p) { return p.code == code; });
    if (!known) return TapResult::Invalid;
    if (debounced("procedure:" + code)) return TapResult::Debounced;
    m_store.setProcedure(m_uuid, code);  // durable before the screen changes
    touch();
    advanceFrom(0);
    return TapResult::Accepted;
}

TapResult SurveyFlow::skip() {
    if (m_screen == Screen::Comment) return commentKey("key:skip");
    if (m_screen == Screen::Procedure) {
        if (debounced("skip")) return TapResult::Debounced;
        touch();
        advanceFrom(0);
        return TapResult::Accepted;
    }
    if (m_screen != Screen::Question) return TapResult::Invalid;
    if (debounced("skip")) return TapResult::Debounced;
    removeAnswer(*currentQuestion());
    touch();
    advanceFrom(m_index);
    return TapResult::Accepted;
}

TapResult SurveyFlow::back() {
    if (m_screen == Screen::Comment) {  // the text typed stays for when the citizen comes back
        if (debounced("back")) return TapResult::Debounced;
        touch();
        show(m_commentAfter == 0 ? Screen::Main : Screen::Question, m_commentAfter);
        return TapResult::Accepted;
    }
    if (m_screen == Screen::Procedure) {
        if (debounced("back")) return TapResult::Debounced;
        touch();
        show(Screen::Main, 0);
        return TapResult::Accepted;
    }
    if (m_screen != Screen::Question) return TapResult::Invalid;
    if (debounced("back")) return TapResult::Debounced;
    touch();
    const int prev = previousShownIndex(m_index);
    show(prev == 0 ? Screen::Main : Screen::Question, prev);
    return TapResult::Accepted;
}

TapResult SurveyFlow::finish() {
    if (m_screen != Screen::Main && m_screen != Screen::Question && m_screen != Screen::Procedure)
        return TapResult::Invalid;
    if (debounced("finish")) return TapResult::Debounced;
    touch();
    endResponse(EndReason::Skipped);
    return TapResult::Accepted;
}

TapResult SurveyFlow::setLanguage(Language lang) {
    if (lang == m_language) return TapResult::Invalid;
    if (debounced("language")) return TapResult::Debounced;
    if (inResponse()) m_store.setLanguage(m_uuid, lang);
    m_language = lang;
    // A citizen who switches language while commenting wants to type in it.
    if (m_screen == Screen::Comment) m_comment->setVietnamese(lang == Language::Vi);
    touch();
    return TapResult::Accepted;
}

TapResult SurveyFlow::dismissThanks() {
    if (m_screen != Screen::Thanks) return TapResult::Invalid;
    if (debounced("dismiss")) return TapResult::Debounced;
    touch();
    resetToIdle();
    return TapResult::Accepted;
}

bool SurveyFlow::tick() {
    const std::int64_t now = m_clock.monoMs();
    switch (m_screen) {
    case Screen::Thanks:
        if (now - m_screenChangedMono < m_config.thanksMs) return false;
        resetToIdle();
        return true;
    case Screen::Main:
    case Screen::Procedure:
    case Screen::Question:
    case Screen::Comment: {
        if (now - m_lastInteractionMono < timeoutOn(m_screen, m_config)) return false;
        // The rating given still counts, and so does the comment being typed.
        std::exception_ptr failed;
        if (m_screen == Screen::Comment) {
            try {
                saveComment(m_comment->comment());
            } catch (const StorageError&) {
                failed = std::current_exception();  // still end the response below
            }
        }
        endResponse(EndReason::Timeout);
        if (failed) std::rethrow_exception(failed);
        return true;
    }
    case Screen::Idle:
        if (m_language == m_config.defaultLanguage || now - m_lastInteractionMono < m_config.idleTimeoutMs)
            return false;
        m_language = m_config.defaultLanguage;
        return true;
    }
    return false;
}

std::int64_t SurveyFlow::msUntilNextDeadline() const {
    const std::int64_t now = m_clock.monoMs();
    switch (m_screen) {
    case Screen::Thanks: return std::max<std::int64_t>(0, m_screenChangedMono + m_config.thanksMs - now);
    case Screen::Main:
    case Screen::Procedure:
    case Screen::Question:
    case Screen::Comment:
        return std::max<std::int64_t>(0, m_lastInteractionMono + timeoutOn(m_screen, m_config) - now);
    case Screen::Idle:
        if (m_language == m_config.defaultLanguage) return -1;
        return std::max<std::int64_t>(0, m_lastInteractionMono + m_config.idleTimeoutMs - now);
    }
    return -1;
}

} // namespace hailong::core
