#pragma once
// What one batch adds to headquarters' pre-aggregated counts (issue 5: a report over ten
// million responses in under 2 s cannot scan them). Pure domain logic: no SQLite here.
//
// Every response adds 1 to the tally of its main answer (flag IsResponse: it carries the
// response's own status: misuse, superseded, clock-suspect; and 1 to its dossier count if it
// is linked to a dossier) and 1 to the tally of each value of its other answers. Tallies are kept per local day and per context:
// the unit, counter, officer, procedure and questionnaire the response was given under. A
// report sums the tallies of the days and groups it asks for.
#include "batch/batch.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace hailong::core {

namespace tally {
constexpr int Misuse = 1;        ///< flagged as misuse: counted apart, out of the figures
constexpr int Superseded = 2;    ///< replaced by a later rating of the same dossier: out
constexpr int ClockSuspect = 4;  ///< dated by a wrong kiosk clock: in, but counted apart
constexpr int IsResponse = 16;   ///< the response's own row: its main answer
constexpr int Held = 32;         ///< its batch is held apart or set aside (batch_ledger.h): out
}  // namespace tally

/// The dimensions a response is reported under.
struct TallyContext {
    std::string unitCode, unitName, unitLevel, counter, officerId, procedureCode, questionnaireId;
    int questionnaireVersion = 0;
    auto tie() const {
        return std::tie(unitCode, unitName, unitLevel, counter, officerId, procedureCode, questionnaireId,
                        questionnaireVersion);
    }
    bool operator<(const TallyContext& o) const { return tie() < o.tie(); }
};

struct TallyKey {
    std::size_t context = 0;  ///< index into BatchTally::contexts (a batch's own numbering)
    std::int64_t day = 0;     ///< local date of the start, days since 1970-01-01
    std::string question, scale, value;
    int flags = 0;
    auto tie() const { return std::tie(context, day, question, scale, value, flags); }
    bool operator<(const TallyKey& o) const { return tie() < o.tie(); }
};

struct TallyCount {
    std::int64_t n = 0;         ///< responses or answers
    std::int64_t dossiers = 0;  ///< of which linked to a dossier (IsResponse rows; Decision 766)
    TallyCount& operator+=(const TallyCount& o) {
        n += o.n;
        dossiers += o.dossiers;
        return *this;
    }
};

using Tallies = std::map<TallyKey, TallyCount>;

/// How headquarters sees one response beyond what its batch says.
struct ResponseMark {
    bool superseded = false;
    std::uint32_t misuseFlags = 0;  ///< flags added later (misuse_flag_added audit entries)
    bool operator==(const ResponseMark& o) const { return superseded == o.superseded && misuseFlags == o.misuseFlags; }
};

/// Counts a batch's responses: contexts numbered, main questions looked up once.
class BatchTally {
public:
    /// clockAhead: the kiosk's clock was ahead at export (all its responses are suspect).
    BatchTally(const BatchHeader& header, bool clockAhead);
    /// The same, and a response whose dossier code stayed sealed (read without headquarters'
    /// key) still counts as a dossier. batch must outlive the tally.
    BatchTally(const Batch& batch, bool clockAhead);

    /// Adds (sign +1) or removes (-1) one response under the given mark; held: its batch is
    /// held apart (flag tally::Held).
    void add(const Response& r, const ResponseMark& mark, int sign, bool held = false);
    /// The tallies added so far (and starts afresh).
    Tallies take();
    bool clockSuspect(const Response& r) const;

    const std::vector<TallyContext>& contexts() const { return m_contexts; }

private:
    bool hasDossier(const Response& r) const;
    std::size_t contextOf(const Response& r);
    const std::string& mainQuestionOf(const Response& r);
    std::uint32_t word(std::string_view w);  ///< a batch's few question ids, scales and values, numbered

    // Counted with numbers for the strings: comparing them is most of the cost otherwise.
    struct Key {
        std::size_t context;
        std::int64_t day;
        std::uint32_t question, scale, value;
        int flags;
        bool operator<(const Key& o) const {
            return std::tie(context, day, question, scale, value, flags) <
                   std::tie(o.context, o.day, o.question, o.scale, o.value, o.flags);
        }
    };
    std::map<Key, TallyCount> m_counts;
    std::deque<std::string> m_words;  // never moved: the index points into them
    std::unordered_map<std::string_view, std::uint32_t> m_wordIndex;

    const BatchHeader& m_header;
    bool m_clockAhead;
    const Batch* m_batch = nullptr;  ///< for the sealed dossier codes
    std::vector<TallyContext> m_contexts;
    std::map<TallyContext, std::size_t> m_contextIndex;
    std::size_t m_lastContext = 0;
    std::map<std::pair<std::string, int>, std::string> m_mainQuestion;
};

/// Local date of a UTC instant at an offset, as days since 1970-01-01.
std::int64_t localDay(std::int64_t utcMs, int offsetMinutes);
/// "2026-01-31" from a day number, and back (nothing if it is not such a date).
std::string dayString(std::int64_t day);
std::optional<std::int64_t> dayFromString(const std::string& date);
/// Months since year 0 (year * 12 + month - 1) of a day number, and its "2026-01".
std::int64_t monthOfDay(std::int64_t day);
std::string monthString(std::int64_t month);
/// The first day of a month number.
std::int64_t firstDayOfMonth(std::int64_t month);

/// The same tallies with the flag tally::Held (a batch held apart).
Tallies heldTallies(const Tallies& tallies);

/// The uuids a batch's responses supersede, of responses in the same batch and before it.
std::set<std::string> supersededWithin(const Batch& batch);

}  // namespace hailong::core
