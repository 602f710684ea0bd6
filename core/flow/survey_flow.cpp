#include "flow/survey_flow.h"

#include <algorithm>
#include <exception>
#include <limits>

namespace hailong::core {

namespace {
bool hasOption(const Question& q, const std::string& id) {
    return std::any_of(q.options.begin(), q.options.end(), [&](const Option& o) { return o.id == id; });
}
constexpr std::int64_t kLongAgo = std::numeric_limits<std::int64_t>::min() / 4;
}  // namespace

FlowConfig flowConfigFrom(const KioskSettings& s, int idleTimeoutOverrideSeconds, int followUpOverrideSeconds) {
    FlowConfig f;
    const int seconds = idleTimeoutOverrideSeconds > 0 ? idleTimeoutOverrideSeconds : s.idleTimeoutSeconds;
    f.idleTimeoutMs = std::int64_t{seconds} * 1000;
    const int followUp = followUpOverrideSeconds > 0 ? followUpOverrideSeconds : s.followUpTimeoutSeconds;
    f.followUpTimeoutMs = std::int64_t{followUp} * 1000;
    f.defaultLanguage = s.defaultLanguage;
    f.procedures = s.procedures;
    f.comment.telex.vni = s.vniInput;
    f.comment.telex.modernToneStyle = s.newToneStyle;
    if (s.flagOutsideHours)
        f.outsideHours = [hours = s.hours](std::int64_t utcMs, int offset) {
            return !withinOpeningHours(hours, utcMs, offset);
        };
    return f;
}

UnitInfo unitFrom(const KioskSettings& s) { return UnitInfo{s.unitCode, s.unitName, s.unitLevel, s.counterName}; }

SurveyFlow::SurveyFlow(Questionnaire questionnaire, ResponseStore& store, const Clock& clock, IdSource& ids,
                       FlowConfig config)
    : m_q(std::move(questionnaire)),
      m_store(store),
      m_clock(clock),
      m_ids(ids),
      m_config(config),
      m_misuse(config.misuse, store.recentRatings(64)),
      m_language(config.defaultLanguage),
      m_lastInteractionMono(clock.monoMs()),
      m_screenChangedMono(kLongAgo),
      m_lastActionMono(kLongAgo),
      m_clearedMono(kLongAgo) {}

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

// [SECTION] Which questions are asked, in which part

// The vote's part asks the questions that look at the main question (the reasons); the further
// part asks the others. A questionnaire whose further questions are always asked goes through
// both parts before the thank-you.
bool SurveyFlow::asked(int index, Part part) const {
    if (index <= 0 || index >= static_cast<int>(m_q.questions.size())) return false;
    const Question& q = m_q.questions[static_cast<std::size_t>(index)];
    if (!conditionHolds(q)) return false;
    return (part == Part::Vote) == m_q.followsVote(q);
}

int SurveyFlow::nextShownIndex(int from) const {
    for (int j = std::max(from, 0) + 1; j < static_cast<int>(m_q.questions.size()); ++j)
        if (asked(j, m_part)) return j;
    return -1;
}

int SurveyFlow::previousShownIndex(int from, Part part) const {
    for (int j = std::min(from, static_cast<int>(m_q.questions.size())) - 1; j > 0; --j)
        if (asked(j, part)) return j;
    return 0;
}

bool SurveyFlow::procedureAsked() const { return !m_config.procedures.empty() && m_context.procedureCode.empty(); }

bool SurveyFlow::onLastQuestion() const {
    if (m_screen != Screen::Question || nextShownIndex(m_index) >= 0) return false;
    // The end of the vote's part is the end only when nothing further is asked after it.
    return m_part == Part::Further || !(m_q.furtherAlways || m_offerTaken);
}

QuestionPosition SurveyFlow::position() const {
    if (m_part != Part::Further || (m_screen != Screen::Question && m_screen != Screen::Procedure)) return {};
    QuestionPosition p;
    const bool procedure = procedureAsked();
    p.count = offeredQuestions();
    if (m_screen == Screen::Procedure) {
        p.index = 1;
        return p;
    }
    p.index = procedure ? 2 : 1;
    for (int j = 1; j < m_index; ++j)
        if (asked(j, Part::Further)) ++p.index;
    return p;
}

int SurveyFlow::offeredQuestions() const {
    int n = procedureAsked() ? 1 : 0;
    for (int j = 1; j < static_cast<int>(m_q.questions.size()); ++j)
        if (asked(j, Part::Further)) ++n;
    return n;
}

bool SurveyFlow::finishOffered() const {
    if (m_screen == Screen::Main) return m_q.furtherAlways || m_offerTaken;
    if (m_screen != Screen::Question && m_screen != Screen::Procedure) return false;
    if (m_part == Part::Vote && !(m_q.furtherAlways || m_offerTaken)) return false;  // the thank-you is next anyway
    return m_screen == Screen::Procedure || !onLastQuestion();
}

bool SurveyFlow::commentIsLastStep() const {
    if (m_screen != Screen::Comment) return false;
    return m_commentAtEnd || (m_part == Part::Vote && !(m_q.furtherAlways || m_offerTaken));
}

bool SurveyFlow::clearUndoable() const {
    return m_screen == Screen::Comment && m_comment && m_comment->canUndoClear() &&
           m_clock.monoMs() - m_clearedMono < m_config.undoMs;
}

// [SECTION] Taps, double taps and timers

bool SurveyFlow::tooSoonAfterScreenChange(std::int64_t now) const {
    if (now - m_screenChangedMono >= m_config.debounceMs) return false;
    // Soon after a screen change, only a tap on the spot of the one that changed it is its double.
    if (m_tapPoint && m_screenChangeTap) {
        const float dx = m_tapPoint->x - m_screenChangeTap->x, dy = m_tapPoint->y - m_screenChangeTap->y;
        const float r = std::max(m_tapPoint->radius, m_screenChangeTap->radius);
        if (dx * dx + dy * dy > r * r) return false;
    }
    return true;
}

// A double tap must not answer twice, nor carry over to the button that appears at
// the same place on the next screen.
bool SurveyFlow::debounced(const std::string& action) {
    const std::int64_t now = m_clock.monoMs();
    if (tooSoonAfterScreenChange(now) || (action == m_lastAction && now - m_lastActionMono < m_config.debounceMs)) {
        ++m_feedback.refused;
        return true;
    }
    m_lastAction = action;
    m_lastActionMono = now;
    return false;
}

// A tap after a gap is judged against the screen the kiosk should be showing by then: a
// response left alone has ended, so the tap cannot change it.
void SurveyFlow::expireDue() {
    if (msUntilNextDeadline() != 0 || !tick()) return;
    forgetScreenChange();  // the tap was aimed at the screen that just went: not a double tap
}

void SurveyFlow::forgetScreenChange() {
    m_screenChangedMono = kLongAgo;
    m_screenChangeTap.reset();
}

void SurveyFlow::touch() { m_lastInteractionMono = m_clock.monoMs(); }

std::int64_t SurveyFlow::followUpTimeout() const {
    // Typing takes longer than tapping: once a comment is being typed, it waits longer.
    if (m_screen == Screen::Comment && m_comment && !m_comment->text().empty())
        return std::max(m_config.followUpTimeoutMs, 2 * m_config.idleTimeoutMs);
    return m_config.followUpTimeoutMs;
}

void SurveyFlow::show(Screen s, int questionIndex) {
    m_screen = s;
    m_index = questionIndex;
    m_screenChangedMono = m_clock.monoMs();
    m_screenChangeTap = m_tapPoint;
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

void SurveyFlow::saveAnswer(const Question& q, std::vector<std::string> values) {
    Answer a{q.id, q.scale, std::move(values), m_clock.wallMs()};
    m_store.saveAnswer(m_uuid, a);  // durable before the state reflects it
    ++m_feedback.stored;
    auto it = std::find_if(m_answers.begin(), m_answers.end(), [&](const Answer& x) { return x.questionId == q.id; });
    if (it != m_answers.end()) *it = std::move(a);
    else m_answers.push_back(std::move(a));
    m_misuse.noteActivity(m_uuid, m_clock.monoMs());
    dropStaleAnswers();
}

void SurveyFlow::removeAnswer(const Question& q) {
    if (!givenAnswer(q.id)) return;
    m_store.removeAnswer(m_uuid, q.id);
    m_answers.erase(
        std::remove_if(m_answers.begin(), m_answers.end(), [&](const Answer& a) { return a.questionId == q.id; }),
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

// [SECTION] What comes next

// After the vote (a first one, or a change on the main question): its follow-ups, then the
// thank-you that offers more, or the further questions when they are asked anyway.
void SurveyFlow::afterVote() {
    m_part = Part::Vote;
    const int first = nextShownIndex(0);
    if (first >= 0) show(Screen::Question, first);
    else endOfVotePart();
}

void SurveyFlow::endOfVotePart() {
    if (m_q.furtherAlways || m_offerTaken) startFurther();
    else if (offeredQuestions() > 0 || !m_commentSeen) thankPending(true);
    else endResponse(EndReason::Completed);  // nothing left to offer
}

void SurveyFlow::startFurther() {
    m_part = Part::Further;
    if (procedureAsked()) show(Screen::Procedure, 0);
    else advanceFrom(0);
}

void SurveyFlow::advanceFrom(int index) {
    const int next = nextShownIndex(index);
    if (next >= 0) show(Screen::Question, next);
    else if (m_part == Part::Vote) endOfVotePart();
    else if (m_commentSeen) endResponse(EndReason::Completed);
    else showComment(index, true);
}

// Back from a question (or the procedure) of the part on show: the previous question of the
// part, then the procedure, then the vote's follow-ups, then the faces.
void SurveyFlow::goBackFrom(int index, bool paused) {
    if (m_part == Part::Further) {
        if (m_screen != Screen::Procedure) {
            const int prev = previousShownIndex(index, Part::Further);
            if (prev > 0) return show(Screen::Question, prev);
            if (procedureAsked()) return show(Screen::Procedure, 0);
        }
        m_part = Part::Vote;
        index = static_cast<int>(m_q.questions.size());
    }
    const int prev = previousShownIndex(index, Part::Vote);
    if (prev > 0) return show(Screen::Question, prev);
    // Back to the faces after a pause: perhaps another citizen. The response ends as left, and
    // the faces are the idle ones: a tap there is a new response.
    if (paused) return endResponse(EndReason::Timeout);
    show(Screen::Main, 0);
}

bool SurveyFlow::pausedForVote() const { return m_clock.monoMs() - m_lastInteractionMono >= m_config.revoteGapMs; }

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
    std::optional<CommentInput> skipped;
    if (r == InputResult::Skip) {
        saveComment("");
        // Skipping means no comment, but a text typed is kept for the undo on the thank-you.
        if (!m_comment->comment().empty() && commentIsLastStep()) skipped = std::move(m_comment);
        m_comment.reset();
    } else {
        saveComment(m_comment->comment());
    }
    m_commentSeen = true;
    if (skipped) {
        const bool atEnd = m_commentAtEnd;
        const bool offer = !atEnd && !(m_q.furtherAlways || m_offerTaken);
        thankPending(offer);
        m_skipped = std::move(skipped);
        return TapResult::Accepted;
    }
    if (m_commentAtEnd) endResponse(EndReason::Completed);
    else advanceFrom(m_commentAfter);
    return TapResult::Accepted;
}

TapResult SurveyFlow::commentKey(std::string_view keyId) {
    expireDue();
    if (m_screen != Screen::Comment) return TapResult::Invalid;
    const std::int64_t now = m_clock.monoMs();
    if (tooSoonAfterScreenChange(now) || (keyId == m_lastAction && now - m_lastActionMono < m_config.keyBounceMs)) {
        ++m_feedback.refused;
        return TapResult::Debounced;
    }
    if (keyId == "key:undo" && !clearUndoable()) return TapResult::Invalid;
    m_lastAction = std::string(keyId);
    m_lastActionMono = now;
    const InputResult r = m_comment->tap(keyId);
    if (keyId == "key:clear" && r == InputResult::Applied) m_clearedMono = now;
    return applyCommentResult(r);
}

TapResult SurveyFlow::quickComment(std::size_t index) {
    expireDue();
    if (m_screen != Screen::Comment || index >= m_q.quickComments.size()) return TapResult::Invalid;
    if (debounced("quick:" + std::to_string(index))) return TapResult::Debounced;
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
    m_skipped.reset();
    m_storedComment.clear();
    m_commentSeen = false;
    m_commentAfter = -1;
    m_commentAtEnd = false;
    m_clearedMono = kLongAgo;
}

// [SECTION] The end of a response

void SurveyFlow::storeEnd(EndReason why, std::int64_t wallMs, std::int64_t monoMs) {
    try {
        m_store.finish(m_uuid, why, wallMs, monoMs);
    } catch (const StorageError&) {
        // The vote is stored already. A kiosk stuck on an abandoned screen would retry
        // (and fail) forever: go back to idle; the next start marks the response
        // interrupted. A citizen's own tap keeps the screen and may try again.
        if (why == EndReason::Timeout || m_pendingEnd) resetToIdle();
        throw;
    }
    // Walking away is not activity: a new citizen right after a timeout is not a repeat.
    if (why != EndReason::Timeout) m_misuse.noteActivity(m_uuid, monoMs);
}

void SurveyFlow::endResponse(EndReason why) {
    storeEnd(why, m_clock.wallMs(), m_clock.monoMs());
    m_uuid.clear();
    m_answers.clear();
    forgetComment();  // the next citizen must not see this one's text
    if (why == EndReason::Timeout) resetToIdle();
    else {
        m_offer = false;
        show(Screen::Thanks, 0);
    }
}

// The thank-you with the response still open: for the offer of more, or to undo a skip. It ends
// as completed, at this moment, when the thank-you goes.
void SurveyFlow::thankPending(bool offer) {
    m_pendingEnd = true;
    m_pendingWallMs = m_clock.wallMs();
    m_pendingMonoMs = m_clock.monoMs();
    m_offer = offer && (offeredQuestions() > 0 || !m_commentSeen);
    show(Screen::Thanks, 0);
}

void SurveyFlow::closePending() {
    if (!m_pendingEnd || !inResponse()) return;
    storeEnd(EndReason::Completed, m_pendingWallMs, m_pendingMonoMs);
    m_pendingEnd = false;
}

void SurveyFlow::setQuestionnaire(Questionnaire questionnaire) {
    m_pendingQ = std::move(questionnaire);
    if (m_screen == Screen::Idle && !inResponse()) resetToIdle();
}

void SurveyFlow::resetToIdle() {
    m_uuid.clear();
    m_answers.clear();
    m_selection.clear();
    m_pendingEnd = false;
    m_offer = false;
    m_offerTaken = false;
    m_part = Part::Vote;
    forgetComment();
    if (m_pendingQ) {
        m_q = std::move(*m_pendingQ);
        m_pendingQ.reset();
    }
    m_language = m_config.defaultLanguage;  // the next citizen starts in the default language
    show(Screen::Idle, 0);
}

// [SECTION] Events

TapResult SurveyFlow::answer(const std::string& value) {
    expireDue();
    // A face on the faces of a response after a pause is not a change of that vote: the
    // response ends as left, and the tap is judged as a new vote on the idle screen.
    if (m_screen == Screen::Main && pausedForVote() && inResponse()) {
        endResponse(EndReason::Timeout);
        forgetScreenChange();
    }
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
        // An assisted vote (speech mode) is judged as a dossier-linked one: no burst; and the
        // citizen's explore touches before it are not a rapid repeat.
        const auto verdict = m_misuse.assess(value, r.startedMonoMs, r.bootId, linked || m_assisted);
        r.misuseFlags = m_assisted ? verdict.flags & ~misuse::RapidRepeat : verdict.flags;
        if (m_config.outsideHours && m_config.outsideHours(r.startedUtcMs, r.utcOffsetMinutes))
            r.misuseFlags |= misuse::OutsideHours;
        m_store.begin(r, verdict.alsoFlagBurst);  // the vote is durable from here on
        ++m_feedback.stored;
        m_misuse.record(r.uuid, value, r.startedMonoMs, r.bootId, linked || m_assisted, verdict);
        m_uuid = r.uuid;
        m_answers = r.answers;
        m_context.dossierCode.clear();  // a dossier code links one response only
        touch();
        afterVote();
        return TapResult::Accepted;
    }

    saveAnswer(*q, {value});
    touch();
    if (m_screen == Screen::Main) afterVote();
    else advanceFrom(m_index);
    return TapResult::Accepted;
}

TapResult SurveyFlow::toggle(const std::string& optionId) {
    expireDue();
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
    expireDue();
    if (m_screen != Screen::Main && m_screen != Screen::Question && m_screen != Screen::Procedure)
        return TapResult::Invalid;
    if (debounced("next")) return TapResult::Debounced;
    touch();
    if (m_screen == Screen::Main) afterVote();  // the vote stays as it was
    else if (m_screen == Screen::Procedure) advanceFrom(0);
    else if (otherTicked(*currentQuestion()) && !m_commentSeen) showComment(m_index, false);
    else advanceFrom(m_index);
    return TapResult::Accepted;
}

TapResult SurveyFlow::pickProcedure(const std::string& code) {
    expireDue();
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
    expireDue();
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
    expireDue();
    if (m_screen != Screen::Comment && m_screen != Screen::Procedure && m_screen != Screen::Question)
        return TapResult::Invalid;
    if (debounced("back")) return TapResult::Debounced;
    const bool paused = pausedForVote();
    touch();
    if (m_screen == Screen::Comment) {  // the text typed stays for when the citizen comes back
        if (m_commentAfter != 0) show(Screen::Question, m_commentAfter);
        else if (paused) endResponse(EndReason::Timeout);
        else show(Screen::Main, 0);
        return TapResult::Accepted;
    }
    goBackFrom(m_index, paused);
    return TapResult::Accepted;
}

TapResult SurveyFlow::finish() {
    expireDue();
    if (m_screen != Screen::Main && m_screen != Screen::Question && m_screen != Screen::Procedure)
        return TapResult::Invalid;
    if (debounced("finish")) return TapResult::Debounced;
    touch();
    endResponse(EndReason::Skipped);
    return TapResult::Accepted;
}

TapResult SurveyFlow::takeOffer() {
    expireDue();
    if (!offerShown()) return TapResult::Invalid;
    if (debounced("offer")) return TapResult::Debounced;
    touch();
    m_pendingEnd = false;
    m_offer = false;
    m_offerTaken = true;
    startFurther();
    return TapResult::Accepted;
}

TapResult SurveyFlow::undoSkip() {
    expireDue();
    if (!skipUndoable()) return TapResult::Invalid;
    if (debounced("undo_skip")) return TapResult::Debounced;
    touch();
    m_pendingEnd = false;
    m_offer = false;
    m_comment = std::move(m_skipped);
    m_skipped.reset();
    m_commentSeen = false;
    show(Screen::Comment, m_commentAfter);
    return TapResult::Accepted;
}

TapResult SurveyFlow::setLanguage(Language lang) {
    expireDue();
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
    expireDue();
    if (m_screen != Screen::Thanks) return TapResult::Invalid;
    if (debounced("dismiss")) return TapResult::Debounced;
    touch();
    closePending();
    resetToIdle();
    return TapResult::Accepted;
}

bool SurveyFlow::tick() {
    const std::int64_t now = m_clock.monoMs();
    switch (m_screen) {
    case Screen::Thanks:
        if (now - m_screenChangedMono < (m_pendingEnd ? m_config.thanksOfferMs : m_config.thanksMs)) return false;
        closePending();
        resetToIdle();
        return true;
    case Screen::Main:
    case Screen::Procedure:
    case Screen::Question:
    case Screen::Comment: {
        if (now - m_lastInteractionMono < followUpTimeout()) {
            // The undo of a cleared comment is offered for a few seconds only.
            if (m_screen != Screen::Comment || !m_comment || !m_comment->canUndoClear() || clearUndoable())
                return false;
            m_comment->forgetUndoClear();
            return true;
        }
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
    case Screen::Thanks:
        return std::max<std::int64_t>(0, m_screenChangedMono +
                                             (m_pendingEnd ? m_config.thanksOfferMs : m_config.thanksMs) - now);
    case Screen::Main:
    case Screen::Procedure:
    case Screen::Question:
    case Screen::Comment: {
        std::int64_t next = std::max<std::int64_t>(0, m_lastInteractionMono + followUpTimeout() - now);
        // The undo key of a cleared comment goes away by itself: the screen must be drawn again then.
        if (clearUndoable()) next = std::min(next, m_clearedMono + m_config.undoMs - now);
        return next;
    }
    case Screen::Idle:
        if (m_language == m_config.defaultLanguage) return -1;
        return std::max<std::int64_t>(0, m_lastInteractionMono + m_config.idleTimeoutMs - now);
    }
    return -1;
}

}  // namespace hailong::core
