#include "import_rules.h"

#include "base/clock.h"
#include "survey/audit_entry.h"

namespace hailong::core::import_rules {

std::vector<LedgerEntry> entriesOf(const std::vector<StoredBatch>& stored, const Batch* arriving) {
    std::vector<LedgerEntry> out;
    out.reserve(stored.size() + 1);
    for (const StoredBatch& b : stored) out.push_back(b.entry);
    if (arriving) {
        const BatchHeader& h = arriving->header;
        out.push_back(LedgerEntry{h.number, arriving->digestHex, h.previousDigestHex, h.seqFirst, h.seqLast,
                                  BatchDecision::None});
    }
    return out;
}

std::string heldNote(const BatchHeader& h, const LedgerStatus& status) {
    return "batch " + std::to_string(h.number) + " of kiosk " + h.kioskId + " is held apart (" +
           conflictWords(status.conflicts, false) + "): " +
           (h.responseCount == 1 ? std::string("its response is")
                                 : "its " + std::to_string(h.responseCount) + " responses are") +
           " not counted until an analyst decides (hailong hq held)";
}

std::string movedNote(const StoredBatch& b, const LedgerStatus& now) {
    return "batch " + std::to_string(b.entry.number) + " of kiosk " + b.kioskId + " (" + b.fileName + ")" +
           (now.counted ? " is counted again" : " is now held apart: " + conflictWords(now.conflicts, false));
}

std::string clockAheadNote(const BatchHeader& h) {
    return "the kiosk's clock was ahead at export (dated " + formatLocalIso(h.exportUtcMs, 0) +
           "): its responses are marked clock-suspect";
}

std::map<std::string, ResponseMark> marksOn(const Batch& batch, const std::map<std::string, ResponseMark>& marks) {
    std::map<std::string, ResponseMark> out;
    if (marks.empty()) return out;
    for (const Response& r : batch.responses)
        if (const auto m = marks.find(r.uuid); m != marks.end()) out.insert(*m);
    return out;
}

bool mayRepeatResponses(const LedgerStatus& status) {
    return (status.conflicts & (conflict::Fork | conflict::Overlap)) != 0;
}

std::pair<std::vector<TallyContext>, Tallies> arrivingTallies(const PreparedBatch& p,
                                                              const std::map<std::string, ResponseMark>& pending,
                                                              bool held, std::int64_t& clockSuspect) {
    if (pending.empty()) {  // the usual case: counted already
        clockSuspect += p.clockSuspect;
        return {p.contexts, held ? heldTallies(p.tallies) : p.tallies};
    }
    BatchTally t(p.batch, p.clockAhead);
    for (const Response& r : p.batch.responses) {
        ResponseMark m{p.supersededWithin.count(r.uuid) > 0, 0};
        if (const auto w = pending.find(r.uuid); w != pending.end())
            m = ResponseMark{m.superseded || w->second.superseded, w->second.misuseFlags};
        t.add(r, m, +1, held);
        clockSuspect += t.clockSuspect(r);
    }
    Tallies tallies = t.take();
    return {t.contexts(), std::move(tallies)};
}

std::pair<std::vector<TallyContext>, Tallies> movedTallies(const Batch& batch, bool clockAhead,
                                                           const std::map<std::string, ResponseMark>& marks,
                                                           bool held) {
    BatchTally t(batch, clockAhead);
    for (const Response& r : batch.responses) {
        const auto m = marks.find(r.uuid);
        const ResponseMark mark = m == marks.end() ? ResponseMark{} : m->second;
        t.add(r, mark, -1, !held);
        t.add(r, mark, +1, held);
    }
    Tallies tallies = t.take();
    return {t.contexts(), std::move(tallies)};
}

std::optional<Remarked> remarked(const Batch& batch, bool clockAhead, bool held, const std::string& uuid,
                                 const ResponseMark& was, const ResponseMark& now) {
    for (const Response& r : batch.responses) {
        if (r.uuid != uuid) continue;
        BatchTally t(batch, clockAhead);
        t.add(r, was, -1, held);
        t.add(r, now, +1, held);
        Tallies tallies = t.take();
        return Remarked{r.seq, t.contexts(), std::move(tallies)};
    }
    return std::nullopt;
}

std::optional<std::pair<std::string, std::uint32_t>> misuseMark(const AuditEntry& e) {
    if (e.event != audit::MisuseFlagAdded) return std::nullopt;
    const auto u = e.detail.find("uuid="), f = e.detail.find(" flags=");
    const std::string bits = f == std::string::npos ? "" : e.detail.substr(f + 7);
    if (u != 0 || bits.empty() || bits.size() > 10 || bits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const unsigned long long flags = std::stoull(bits);
    if (flags > 0xFFFFFFFFull) return std::nullopt;
    return std::make_pair(e.detail.substr(5, f - 5), static_cast<std::uint32_t>(flags));
}

std::string decisionDetail(const std::string& kioskId, std::int64_t number, const std::string& digest,
                           BatchDecision decision, BatchDecision was, const std::string& reason,
                           const std::vector<std::string>& notes) {
    const auto name = [](BatchDecision d) {
        return d == BatchDecision::None ? std::string("undecided") : std::string(decisionName(d));
    };
    std::string detail = "kiosk " + kioskId + " batch " + std::to_string(number) + " " + digest + ": " +
                         name(decision) + " (was " + name(was) + "); reason: " + reason;
    for (const std::string& note : notes) detail += "; " + note;
    return detail;
}

std::string noSuchBatch(const std::string& kioskId, std::int64_t number, const std::string& digest) {
    return "kiosk " + kioskId + " has no batch " + std::to_string(number) + " with digest " + digest +
           " (không có lô này)";
}

}  // namespace hailong::core::import_rules
