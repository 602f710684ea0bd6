#pragma once
// The citizen's screens as an explicit state machine (STYLE 2.4). The UI draws the
// state and turns taps into calls; every rule about what comes next lives here.
//
// One tap is enough (SPEC 3, issue 14):
//
//   Idle --vote--> [follow-ups of the vote: the reasons] --> Thanks (offer) --timer/tap--> Idle
//                                                              |
//                                                        take the offer
//                                                              v
//                          [Procedure] --> Question "Câu 1/N" ... --> Comment --> Thanks --> Idle
//
// The vote is the response; the questions whose show_if looks at the main question (the
// reasons after "not satisfied") are asked at once; then the thank-you says the rating is
// recorded and OFFERS the further questions and the comment with one button. They are asked
// only when the citizen takes it, or always, before the thank-you, when the questionnaire says
// `further_questions = "always"`. A thank-you left alone ends the response as completed.
//
// One citizen's taps never change another's response. A follow-up screen left alone ends the
// response after followUpTimeoutMs (about 15 s; twice the idle timeout once a comment is being
// typed), and every tap first applies the timers that are due: a tap on the faces after such a
// gap is a new vote, never a change of the old one. Going back to the faces (Main) changes the
// vote only within the same uninterrupted session: after a pause of revoteGapMs (8 s) Quay lại
// to the faces ends the response and shows the idle faces, and a face tapped on Main after such
// a pause is a new response.
//
// The comment screen comes after the last further question, and also straight after a
// multi-select question when the citizen ticked its "other" option (id or indicator "other").
// A comment given that way is not asked for again. Done stores the comment (durably, before
// the screen changes); skip drops it, but a skipped text can be brought back from the
// thank-you screen while it shows (undoSkip); back returns to the question, keeping the text.
// The keyboard (CommentInput) starts in VI when the citizen reads Vietnamese, EN otherwise.
//
// A double tap must not act twice: a tap within debounceMs of a screen change is taken as the
// second half of the tap that changed the screen, unless the UI says (setTapPoint) that it
// landed elsewhere; then it counts (so the first key on the comment screen is never lost).
//
// The first tap is the vote: answer() on the Idle screen stores the new response
// durably (ResponseStore::begin) BEFORE the state changes. If storing throws
// (StorageError), the state stays as it was and the error reaches the caller.
//
// Not thread-safe. Time comes only from the injected Clock (monotonic part).
#include "base/clock.h"
#include "base/ids.h"
#include "flow/misuse.h"
#include "ime/comment_input.h"
#include "survey/questionnaire.h"
#include "survey/response_store.h"
#include "survey/settings.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

enum class Screen {
    Idle,       ///< attract screen holding the main question: a tap starts a response
    Main,       ///< the main question again, within a response (the citizen went back)
    Procedure,  ///< which procedure the citizen came for (when the officer has not set it)
    Question,   ///< one further question of the questionnaire
    Comment,    ///< the optional comment, typed on the on-screen keyboard
    Thanks,     ///< thank-you; returns to Idle by itself
};

struct FlowConfig {
    std::int64_t idleTimeoutMs =
        30'000;  ///< the idle screen goes back to the default language; twice this while a comment is typed
    std::int64_t followUpTimeoutMs = 15'000;  ///< a follow-up screen left alone this long ends the response (Timeout)
    std::int64_t thanksMs = 5'000;            ///< how long the last thank-you stays
    std::int64_t thanksOfferMs = 8'000;       ///< how long a thank-you that offers more (or an undo) stays
    std::int64_t undoMs = 5'000;              ///< how long clearing the comment can be undone
    std::int64_t debounceMs = 400;            ///< taps this soon after a screen change are ignored
    /// A pause this long breaks the session for the vote: Quay lại no longer leads back to the
    /// faces of the response, and a face tapped there starts a new response. (Within the
    /// follow-up timeout the kiosk cannot tell a hesitating citizen from the next one; the vote
    /// is the one answer that must never change hands.)
    std::int64_t revoteGapMs = 8'000;
    /// The same keyboard key tapped again this soon is a bouncing touch screen, not a person
    /// (people need about 100 ms or more to lift a finger and tap again: "oo" types ô).
    std::int64_t keyBounceMs = 50;
    /// Telex or VNI, tone style, length limit of the comment (VI/EN at the start follows the language).
    CommentInputOptions comment;
    Language defaultLanguage = Language::Vi;
    MisuseRules misuse;
    /// Ratings for which this says true get misuse::OutsideHours (opening hours, issue 3).
    std::function<bool(std::int64_t utcMs, int utcOffsetMinutes)> outsideHours;
    /// Procedures the citizen may pick from after the vote; none: the screen is skipped.
    std::vector<Procedure> procedures;
};

/// What the kiosk knows about the current citizen's context, copied into each response.
struct SessionContext {
    UnitInfo unit;
    std::string officerId;
    std::string officerName;  ///< shown on the idle screen; not stored (the id is)
    std::string officerTitle;
    std::string procedureCode;
    std::string dossierCode;
};

/// Where a tap landed, in the UI's units, and how near another tap counts as the same spot.
struct TapPoint {
    float x = 0, y = 0;
    float radius = 0;
};

/// "Câu 2/5": the position of the screen among the further questions (count 0: not numbered).
struct QuestionPosition {
    int index = 0;  ///< 1-based
    int count = 0;
};

enum class TapResult {
    Accepted,   ///< the tap changed something
    Debounced,  ///< ignored: too soon after the previous tap or screen change
    Invalid,    ///< not possible on this screen (e.g. an unknown option)
};

/// The flow's configuration from the kiosk's settings. Overrides > 0 (the command line) win over
/// the stored idle and follow-up timeouts.
FlowConfig flowConfigFrom(const KioskSettings& s, int idleTimeoutOverrideSeconds = 0, int followUpOverrideSeconds = 0);
/// The unit and counter of the settings, as stamped on responses.
UnitInfo unitFrom(const KioskSettings& s);

class SurveyFlow {
public:
    /// The flow keeps its own copy of the questionnaire; store, clock and ids must outlive it.
    SurveyFlow(Questionnaire questionnaire, ResponseStore& store, const Clock& clock, IdSource& ids, FlowConfig config);

    // --- State, for drawing --------------------------------------------------------
    Screen screen() const { return m_screen; }
    /// "idle", "main", "procedure", "question:<id>", "comment", "thanks": the name used by
    /// --trace-ui and --screen.
    std::string screenName() const;
    /// The question on screen (the main question on Idle and Main); null on Procedure, Comment
    /// and Thanks.
    const Question* currentQuestion() const;
    Language language() const { return m_language; }
    /// Options ticked so far on a multi-select screen.
    const std::vector<std::string>& selection() const { return m_selection; }
    /// The answer already given to a question of the current response (to highlight it).
    const Answer* givenAnswer(const std::string& questionId) const;
    bool inResponse() const { return !m_uuid.empty(); }
    const std::string& responseUuid() const { return m_uuid; }
    const Questionnaire& questionnaire() const { return m_q; }
    const FlowConfig& config() const { return m_config; }
    const SessionContext& context() const { return m_context; }
    /// True when the screen on show is the last question of its part (what comes next is the
    /// comment or the thank-you).
    bool onLastQuestion() const;
    /// "Câu 2/5" on the further questions and the procedure screen; {0, 0} elsewhere.
    QuestionPosition position() const;
    /// On the thank-you screen: the further questions (and the comment) are offered.
    bool offerShown() const { return m_screen == Screen::Thanks && m_offer; }
    /// How many further questions the offer asks (the procedure screen counts as one); 0 with
    /// an offer shown: only the comment is offered.
    int offeredQuestions() const;
    /// On the thank-you screen: the comment just skipped can be brought back.
    bool skipUndoable() const { return m_screen == Screen::Thanks && m_skipped.has_value(); }
    /// "Send and finish" belongs on this screen: more questions would follow it.
    bool finishOffered() const;
    /// On the comment screen: done ends the response (the thank-you comes next).
    bool commentIsLastStep() const;
    /// On the comment screen: clearing the text can still be undone.
    bool clearUndoable() const;
    /// The keyboard and the text typed, on the Comment screen (kept while the citizen goes back
    /// to a question); null when there is no comment screen in this response yet.
    const CommentInput* commentInput() const { return m_comment ? &*m_comment : nullptr; }
    /// True when the comment screen on show follows an "other" reason, not the last question.
    bool commentForOtherReason() const { return m_screen == Screen::Comment && m_commentAfter >= 0 && !m_commentAtEnd; }

    // --- Events (taps) ---------------------------------------------------------------
    /// Answers the question on screen with one value (a face, a star, yes/no, a choice).
    TapResult answer(const std::string& value);
    /// Ticks or unticks an option of a multi-select question.
    TapResult toggle(const std::string& optionId);
    /// Confirms a multi-select (an empty selection counts as skipping it).
    TapResult next();
    /// Leaves the question on screen unanswered (or the procedure unpicked) and moves on.
    TapResult skip();
    /// Picks the procedure on the Procedure screen.
    TapResult pickProcedure(const std::string& code);
    /// Goes back to the previous question shown (from the first question: the main one).
    TapResult back();
    /// Ends the response now (ended as Skipped) and thanks the citizen.
    TapResult finish();
    /// Takes the offer of the thank-you screen: the further questions, then the comment.
    TapResult takeOffer();
    /// Brings back the comment skipped just before the thank-you, with its text.
    TapResult undoSkip();
    /// A quick-comment button on the Comment screen: appends questionnaire().quickComments[index]
    /// in the citizen's language (CommentInput::insertPhrase). Invalid elsewhere or out of range.
    TapResult quickComment(std::size_t index);
    /// Switches the language of every citizen screen.
    TapResult setLanguage(Language lang);
    /// A tap on the thank-you screen: back to Idle at once.
    TapResult dismissThanks();

    /// A key of the on-screen keyboard on the Comment screen (ids of CommentInput: "key:a",
    /// "key:space", "key:done", "key:skip"...). Done stores the comment and goes on; skip drops it.
    TapResult commentKey(std::string_view keyId);
    /// A physical keyboard on the Comment screen: a character, backspace, Enter (= done).
    /// Invalid on other screens. Not debounced: a keyboard does not bounce.
    TapResult typeChar(char32_t c);
    TapResult typeBackspace();
    TapResult typeEnter();
    /// Remembers the comment as it is, so that what a barcode scanner types into it can be taken
    /// out again (a scan is told only by the Enter that ends it): rollbackComment() brings the
    /// remembered text back. Nothing on other screens.
    void checkpointComment();
    void rollbackComment();

    /// Another questionnaire (chosen in the settings). On the idle screen it is in force at
    /// once; a citizen in the middle of a response finishes it with the old one, and the
    /// new one comes with the next idle screen. questionnaire() keeps its address.
    void setQuestionnaire(Questionnaire questionnaire);
    /// True while a questionnaire given to setQuestionnaire waits for the response to end.
    bool questionnairePending() const { return m_pendingQ.has_value(); }

    /// Where the next taps land (from the UI before it calls an event); nullopt: not known
    /// (physical keys, tests), and then a tap soon after a screen change is always a double tap.
    void setTapPoint(std::optional<TapPoint> at) { m_tapPoint = at; }

    /// Speech mode (issue 20): the next vote is given with the kiosk's voice, often with an
    /// officer's help. Such a vote is never a rapid repeat and never counts toward a burst (like
    /// a dossier-linked one): the touches that explore the screen first are the citizen's.
    void setAssisted(bool assisted) { m_assisted = assisted; }
    bool assisted() const { return m_assisted; }

    /// What the kiosk's sounds follow: answers stored (the vote among them) and taps refused
    /// (a double tap, a tap on the screen that just went), counted since the flow started.
    struct Feedback {
        std::uint64_t stored = 0;
        std::uint64_t refused = 0;
    };
    const Feedback& feedback() const { return m_feedback; }

    /// New settings (idle timeout, default language, opening hours), from now on.
    void setConfig(FlowConfig config) { m_config = std::move(config); }
    /// The kiosk's context for the next responses (unit, officer, dossier...).
    void setContext(SessionContext context) { m_context = std::move(context); }

    // --- Time ------------------------------------------------------------------------
    /// Applies timers: the follow-up timeout and the end of the thank-you screen. Returns true
    /// if the screen changed. Every event applies the timers that are due before it acts.
    bool tick();
    /// Milliseconds until tick() has something to do (-1: nothing pending).
    std::int64_t msUntilNextDeadline() const;

private:
    enum class Part { Vote, Further };  ///< the follow-ups of the vote, or the offered questions

    bool debounced(const std::string& action);
    bool tooSoonAfterScreenChange(std::int64_t now) const;
    void expireDue();
    void show(Screen s, int questionIndex);
    bool asked(int index, Part part) const;
    int nextShownIndex(int from) const;
    int previousShownIndex(int from, Part part) const;
    bool procedureAsked() const;
    bool conditionHolds(const Question& q) const;
    void saveAnswer(const Question& q, std::vector<std::string> values);
    void removeAnswer(const Question& q);
    void dropStaleAnswers();
    void afterVote();
    void endOfVotePart();
    void startFurther();
    void advanceFrom(int index);
    void goBackFrom(int index, bool paused);
    bool pausedForVote() const;
    void forgetScreenChange();
    void storeEnd(EndReason why, std::int64_t wallMs, std::int64_t monoMs);
    void endResponse(EndReason why);
    void thankPending(bool offer);
    void closePending();
    void resetToIdle();
    void touch();
    std::int64_t followUpTimeout() const;
    void showComment(int after, bool atEnd);
    bool otherTicked(const Question& q) const;
    TapResult applyCommentResult(InputResult r);
    void saveComment(const std::string& text);
    void forgetComment();

    Questionnaire m_q;
    std::optional<Questionnaire> m_pendingQ;
    ResponseStore& m_store;
    const Clock& m_clock;
    IdSource& m_ids;
    FlowConfig m_config;
    MisuseDetector m_misuse;
    SessionContext m_context;

    Screen m_screen = Screen::Idle;
    int m_index = 0;  ///< question index on screen
    Part m_part = Part::Vote;
    bool m_offerTaken = false;  ///< the citizen asked for the further questions
    bool m_offer = false;       ///< the thank-you on show offers them
    Language m_language;
    std::string m_uuid;                    ///< current response, empty when none
    std::vector<Answer> m_answers;         ///< answers of the current response
    std::vector<std::string> m_selection;  ///< multi-select in progress
    std::int64_t m_lastInteractionMono = 0;
    std::int64_t m_screenChangedMono = 0;
    std::optional<TapPoint> m_tapPoint;         ///< where the tap being handled landed
    std::optional<TapPoint> m_screenChangeTap;  ///< the tap that changed the screen
    std::string m_lastAction;
    std::int64_t m_lastActionMono = 0;
    /// The thank-you on show keeps the response open (for the offer or the undo); it ends as
    /// completed, at m_pending*Ms, when the thank-you goes.
    bool m_pendingEnd = false;
    std::int64_t m_pendingWallMs = 0;
    std::int64_t m_pendingMonoMs = 0;
    std::optional<CommentInput> m_comment;  ///< the keyboard of this response, once shown
    std::optional<CommentInput> m_checkpoint;
    std::optional<CommentInput> m_skipped;  ///< a comment skipped with text, until the thank-you goes
    std::int64_t m_clearedMono = 0;         ///< when the comment was last cleared
    int m_commentAfter = -1;                ///< question index the comment screen follows
    bool m_commentAtEnd = false;            ///< the comment screen is the last screen
    bool m_commentSeen = false;             ///< left by done or skip: not asked again at the end
    std::string m_storedComment;            ///< the comment stored with this response
    bool m_assisted = false;                ///< speech mode: see setAssisted
    Feedback m_feedback;
};

}  // namespace hailong::core
