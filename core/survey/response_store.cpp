#include "survey/response_store.h"

#include <algorithm>

namespace hailong::core {

void validateAnswer(const Answer& a) {
    if (a.questionId.empty()) throw StorageError("an answer needs a question id");
    if (a.values.empty()) throw StorageError("the answer to question " + a.questionId + " has no value");
    for (std::size_t i = 0; i < a.values.size(); ++i) {
        if (a.values[i].empty()) throw StorageError("the answer to question " + a.questionId + " has an empty value");
        if (std::find(a.values.begin(), a.values.begin() + static_cast<std::ptrdiff_t>(i), a.values[i]) !=
            a.values.begin() + static_cast<std::ptrdiff_t>(i))
            throw StorageError("the answer to question " + a.questionId + " repeats the value " + a.values[i]);
    }
}

std::int64_t activityMonoMs(std::int64_t startedUtcMs, std::int64_t startedMonoMs, std::int64_t answeredUtcMs) {
    return startedMonoMs + std::max<std::int64_t>(0, answeredUtcMs - startedUtcMs);
}

std::int64_t validateNewResponse(const Response& r) {
    if (r.uuid.empty()) throw StorageError("a response needs an id");
    std::int64_t lastActivity = r.startedMonoMs;
    for (std::size_t i = 0; i < r.answers.size(); ++i) {
        validateAnswer(r.answers[i]);
        for (std::size_t j = 0; j < i; ++j)
            if (r.answers[j].questionId == r.answers[i].questionId)
                throw StorageError("question " + r.answers[i].questionId + " is answered twice");
        lastActivity = std::max(lastActivity,
                                activityMonoMs(r.startedUtcMs, r.startedMonoMs, r.answers[i].answeredUtcMs));
    }
    return r.endedMonoMs != 0 ? r.endedMonoMs : lastActivity;
}

// Every mutating call validates everything first and changes state only after all
// checks passed: "a failed call changes nothing", as a rolled-back transaction.

void InMemoryResponseStore::check() const {
    if (m_failing) throw StorageError("in-memory store: simulated storage failure");
}

Response& InMemoryResponseStore::get(const std::string& uuid) {
    for (Response& r : m_rows)
        if (r.uuid == uuid) return r;
    throw StorageError("no response with id " + uuid);
}

std::int64_t InMemoryResponseStore::begin(Response& r, const std::vector<std::string>& alsoFlagBurst) {
    check();
    const std::int64_t lastActivity = validateNewResponse(r);
    if (find(r.uuid)) throw StorageError("a response with id " + r.uuid + " already exists");
    for (const std::string& earlier : alsoFlagBurst) get(earlier);  // all exist, or nothing changes

    for (const std::string& earlier : alsoFlagBurst) get(earlier).misuseFlags |= misuse::Burst;
    Response stored = r;
    stored.kioskId = m_kioskId;
    stored.seq = m_rows.empty() ? 1 : m_rows.back().seq + 1;
    stored.supersedesUuid.clear();
    if (!r.dossierCode.empty()) {
        const auto earlier = std::find_if(m_rows.rbegin(), m_rows.rend(),
                                          [&](const Response& x) { return x.dossierCode == r.dossierCode; });
        if (earlier != m_rows.rend()) stored.supersedesUuid = earlier->uuid;
    }
    m_rows.push_back(stored);
    m_lastActivityMonoMs.push_back(lastActivity);
    r.kioskId = stored.kioskId;
    r.seq = stored.seq;
    r.supersedesUuid = stored.supersedesUuid;
    return r.seq;
}

void InMemoryResponseStore::saveAnswer(const std::string& uuid, const Answer& a) {
    check();
    Response& r = get(uuid);
    validateAnswer(a);
    auto it = std::find_if(r.answers.begin(), r.answers.end(),
                           [&](const Answer& x) { return x.questionId == a.questionId; });
    if (it != r.answers.end()) *it = a;  // keeps its place
    else r.answers.push_back(a);
    const auto row = static_cast<std::size_t>(&r - m_rows.data());
    m_lastActivityMonoMs[row] = std::max(m_lastActivityMonoMs[row],
                                         activityMonoMs(r.startedUtcMs, r.startedMonoMs, a.answeredUtcMs));
}

void InMemoryResponseStore::removeAnswer(const std::string& uuid, const std::string& questionId) {
    check();
    Response& r = get(uuid);
    r.answers.erase(
        std::remove_if(r.answers.begin(), r.answers.end(), [&](const Answer& x) { return x.questionId == questionId; }),
        r.answers.end());
}

void InMemoryResponseStore::setComment(const std::string& uuid, const std::string& comment) {
    check();
    get(uuid).comment = comment;
}

void InMemoryResponseStore::setLanguage(const std::string& uuid, Language lang) {
    check();
    get(uuid).language = lang;
}

void InMemoryResponseStore::setProcedure(const std::string& uuid, const std::string& procedureCode) {
    check();
    if (procedureCode.empty()) throw StorageError("a procedure code cannot be empty");
    get(uuid).procedureCode = procedureCode;
}

void InMemoryResponseStore::addMisuseFlags(const std::string& uuid, std::uint32_t flags) {
    check();
    get(uuid).misuseFlags |= flags;
}

void InMemoryResponseStore::finish(const std::string& uuid, EndReason why, std::int64_t endedUtcMs,
                                   std::int64_t endedMonoMs) {
    check();
    Response& r = get(uuid);
    if (why == EndReason::InProgress) throw StorageError("response " + uuid + " cannot be ended as in_progress");
    if (r.endReason != EndReason::InProgress)
        throw StorageError("response " + uuid + " has already ended (" + std::string(endReasonName(r.endReason)) + ")");
    r.endReason = why;
    r.endedUtcMs = endedUtcMs;
    r.endedMonoMs = endedMonoMs;
    if (why != EndReason::Timeout) m_lastActivityMonoMs[static_cast<std::size_t>(&r - m_rows.data())] = endedMonoMs;
}

std::optional<Response> InMemoryResponseStore::find(const std::string& uuid) const {
    for (const Response& r : m_rows)
        if (r.uuid == uuid) return r;
    return std::nullopt;
}

std::vector<Response> InMemoryResponseStore::all() const { return m_rows; }

std::vector<RatingSummary> InMemoryResponseStore::recentRatings(int n) const {
    std::vector<RatingSummary> out;
    if (n <= 0) return out;
    const std::size_t count = std::min(m_rows.size(), static_cast<std::size_t>(n));
    for (std::size_t i = m_rows.size() - count; i < m_rows.size(); ++i) {
        const Response& r = m_rows[i];
        RatingSummary s;
        s.seq = r.seq;
        s.uuid = r.uuid;
        if (!r.answers.empty()) s.value = r.answers.front().values.front();
        s.startedMonoMs = r.startedMonoMs;
        s.lastActivityMonoMs = m_lastActivityMonoMs[i];
        s.bootId = r.bootId;
        out.push_back(std::move(s));
    }
    return out;
}

int InMemoryResponseStore::closeInterrupted(std::int64_t nowUtcMs) {
    check();
    int closed = 0;
    for (Response& r : m_rows) {
        if (r.endReason != EndReason::InProgress) continue;
        r.endReason = EndReason::Interrupted;
        r.endedUtcMs = nowUtcMs;
        r.endedMonoMs = 0;  // the boot that would give it meaning may be over
        ++closed;
    }
    return closed;
}

}  // namespace hailong::core
