#include "hq/hq_tally.h"

#include "base/civil_date.h"
#include "survey/questionnaire.h"

#include <cstdio>
#include <string_view>

namespace hailong::core {

namespace {

constexpr std::int64_t DayMs = 86'400'000;

// Dates: base/civil_date.h.

std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::int64_t localDay(std::int64_t utcMs, int offsetMinutes) {
    return floorDiv(utcMs + std::int64_t{offsetMinutes} * 60'000, DayMs);
}

std::string dayString(std::int64_t day) {
    const CivilDate c = civilFromDays(day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.year), c.month, c.day);
    return buf;
}

std::optional<std::int64_t> dayFromString(const std::string& date) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || date.size() != 10 || m < 1 || m > 12 ||
        d < 1 || d > 31)
        return std::nullopt;
    const std::int64_t day = daysFromCivil(y, m, d);
    if (civilFromDays(day).day != d) return std::nullopt;  // 2026-02-30
    return day;
}

std::int64_t monthOfDay(std::int64_t day) {
    const CivilDate c = civilFromDays(day);
    return c.year * 12 + c.month - 1;
}

std::string monthString(std::int64_t month) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(floorDiv(month, 12)),
                  static_cast<int>(month - floorDiv(month, 12) * 12 + 1));
    return buf;
}

std::int64_t firstDayOfMonth(std::int64_t month) {
    return daysFromCivil(floorDiv(month, 12), static_cast<int>(month - floorDiv(month, 12) * 12 + 1), 1);
}

std::set<std::string> supersededWithin(const Batch& batch) {
    std::map<std::string_view, std::size_t> replacedBy;  // uuid -> index of the response replacing it (rare)
    for (std::size_t i = 0; i < batch.responses.size(); ++i)
        if (!batch.responses[i].supersedesUuid.empty()) replacedBy.emplace(batch.responses[i].supersedesUuid, i);
    std::set<std::string> out;
    if (replacedBy.empty()) return out;
    for (std::size_t i = 0; i < batch.responses.size(); ++i) {
        const auto it = replacedBy.find(batch.responses[i].uuid);
        if (it != replacedBy.end() && it->second > i) out.insert(batch.responses[i].uuid);
    }
    return out;
}

Tallies heldTallies(const Tallies& tallies) {
    Tallies out;
    for (const auto& [key, n] : tallies) {
        TallyKey k = key;
        k.flags |= tally::Held;
        out.emplace_hint(out.end(), std::move(k), n);
    }
    return out;
}

BatchTally::BatchTally(const BatchHeader& header, bool clockAhead) : m_header(header), m_clockAhead(clockAhead) {
    // The same few questionnaires come with every batch: parsed once a thread.
    thread_local std::map<std::string, std::string> mainBySource;
    for (const QuestionnaireDef& q : header.questionnaires) {
        auto known = mainBySource.find(q.source);
        if (known == mainBySource.end()) {
            auto parsed = parseQuestionnaire(q.source, "questionnaire " + q.id + " in the batch");
            if (mainBySource.size() > 256) mainBySource.clear();
            known = mainBySource
                        .emplace(q.source, parsed && !parsed->questions.empty() ? parsed->mainQuestion().id : "")
                        .first;
        }
        if (!known->second.empty()) m_mainQuestion[{q.id, q.version}] = known->second;
    }
}

bool BatchTally::clockSuspect(const Response& r) const {
    return m_clockAhead || r.startedUtcMs > m_header.exportUtcMs || r.endedUtcMs > m_header.exportUtcMs;
}

std::size_t BatchTally::contextOf(const Response& r) {
    const auto same = [&](const TallyContext& c) {
        return c.procedureCode == r.procedureCode && c.officerId == r.officerId &&
               c.questionnaireVersion == r.questionnaireVersion && c.unitCode == r.unit.code &&
               c.unitName == r.unit.name && c.unitLevel == r.unit.level && c.counter == r.unit.counter &&
               c.questionnaireId == r.questionnaireId;
    };
    if (!m_contexts.empty() && same(m_contexts[m_lastContext])) return m_lastContext;  // most often
    if (m_contexts.size() <= 64) {  // a batch has a few: no map, no copy to look one up
        for (std::size_t i = 0; i < m_contexts.size(); ++i)
            if (same(m_contexts[i])) return m_lastContext = i;
    }
    TallyContext c{r.unit.code, r.unit.name,     r.unit.level,      r.unit.counter,
                   r.officerId, r.procedureCode, r.questionnaireId, r.questionnaireVersion};
    const auto [it, added] = m_contextIndex.emplace(std::move(c), m_contexts.size());
    if (added) m_contexts.push_back(it->first);
    return m_lastContext = it->second;
}

std::uint32_t BatchTally::word(std::string_view w) {
    // By hash, not by a scan: a crafted batch can hold a million distinct values.
    if (const auto found = m_wordIndex.find(w); found != m_wordIndex.end()) return found->second;
    const auto n = static_cast<std::uint32_t>(m_words.size());
    m_wordIndex.emplace(m_words.emplace_back(w), n);
    return n;
}

Tallies BatchTally::take() {
    Tallies out;
    for (const auto& [k, n] : m_counts)
        out.emplace(TallyKey{k.context, k.day, m_words[k.question], m_words[k.scale], m_words[k.value], k.flags}, n);
    m_counts.clear();
    return out;
}

BatchTally::BatchTally(const Batch& batch, bool clockAhead) : BatchTally(batch.header, clockAhead) { m_batch = &batch; }

bool BatchTally::hasDossier(const Response& r) const {
    if (!r.dossierCode.empty()) return true;
    if (!m_batch || m_batch->sealed.empty()) return false;
    const SealedFields* s = m_batch->sealedOf(r.seq);
    return s && !s->dossierCode.empty();
}

const std::string& BatchTally::mainQuestionOf(const Response& r) {
    static const std::string none;
    const auto it = m_mainQuestion.find({r.questionnaireId, r.questionnaireVersion});
    return it == m_mainQuestion.end() ? none : it->second;
}

void BatchTally::add(const Response& r, const ResponseMark& mark, int sign, bool held) {
    const std::size_t context = contextOf(r);
    const std::int64_t day = localDay(r.startedUtcMs, r.utcOffsetMinutes);
    int status = 0;
    if ((r.misuseFlags | mark.misuseFlags) != 0) status |= tally::Misuse;
    if (mark.superseded) status |= tally::Superseded;
    if (clockSuspect(r)) status |= tally::ClockSuspect;
    if (held) status |= tally::Held;
    const std::string& main = mainQuestionOf(r);
    const Answer* mainAnswer = main.empty() ? nullptr : r.answerTo(main);
    const int own = status | tally::IsResponse;
    const TallyCount one{sign, hasDossier(r) ? sign : 0};
    if (mainAnswer && !mainAnswer->values.empty())
        m_counts[Key{context, day, word(main), word(scaleName(mainAnswer->scale)), word(mainAnswer->values.front()),
                     own}] += one;
    else m_counts[Key{context, day, word(main), word(""), word(""), own}] += one;
    for (const Answer& a : r.answers) {
        if (&a == mainAnswer) continue;
        const std::uint32_t question = word(a.questionId), scale = word(scaleName(a.scale));
        for (const std::string& v : a.values)
            m_counts[Key{context, day, question, scale, word(v), status}] += TallyCount{sign, 0};
    }
}

}  // namespace hailong::core
