#include "flow/misuse.h"

#include <algorithm>

namespace hailong::core {

namespace {
// Enough history for any sensible burst rule; older ratings cannot matter.
constexpr std::size_t kMaxRecent = 64;
}  // namespace

MisuseDetector::MisuseDetector(MisuseRules rules, std::vector<RatingSummary> history) : m_rules(rules) {
    for (auto& s : history) {
        // Flags stored before a restart are not known here; flagging one again is harmless (or).
        m_recent.push_back(Entry{std::move(s), false, false});
        if (m_recent.size() > kMaxRecent) m_recent.pop_front();
    }
}

MisuseDetector::Verdict MisuseDetector::assess(const std::string& value, std::int64_t monoMs, const std::string& bootId,
                                               bool dossierLinked) const {
    Verdict v;
    // Monotonic times only compare within one boot: after a reboot nothing is "rapid".
    if (!m_recent.empty()) {
        const RatingSummary& prev = m_recent.back().summary;
        if (prev.bootId == bootId && monoMs - prev.lastActivityMonoMs < m_rules.rapidRepeatMs)
            v.flags |= misuse::RapidRepeat;
    }
    if (!dossierLinked && m_rules.burstCount > 1) {
        // Walk back over the unbroken run of identical, dossier-less ratings in the window.
        std::vector<const Entry*> run;
        for (auto it = m_recent.rbegin(); it != m_recent.rend(); ++it) {
            const RatingSummary& s = it->summary;
            if (s.bootId != bootId || s.value != value || it->dossierLinked ||
                monoMs - s.startedMonoMs > m_rules.burstWindowMs)
                break;
            run.push_back(&*it);
        }
        if (static_cast<int>(run.size()) + 1 >= m_rules.burstCount) {
            v.flags |= misuse::Burst;
            for (const Entry* e : run)
                if (!e->burstFlagged) v.alsoFlagBurst.push_back(e->summary.uuid);
        }
    }
    return v;
}

void MisuseDetector::record(const std::string& uuid, const std::string& value, std::int64_t monoMs,
                            const std::string& bootId, bool dossierLinked, const Verdict& verdict) {
    for (Entry& e : m_recent)
        if (std::find(verdict.alsoFlagBurst.begin(), verdict.alsoFlagBurst.end(), e.summary.uuid) !=
            verdict.alsoFlagBurst.end())
            e.burstFlagged = true;
    Entry e;
    e.summary.uuid = uuid;
    e.summary.value = value;
    e.summary.startedMonoMs = monoMs;
    e.summary.lastActivityMonoMs = monoMs;
    e.summary.bootId = bootId;
    e.dossierLinked = dossierLinked;
    e.burstFlagged = (verdict.flags & misuse::Burst) != 0;
    m_recent.push_back(std::move(e));
    if (m_recent.size() > kMaxRecent) m_recent.pop_front();
}

void MisuseDetector::noteActivity(const std::string& uuid, std::int64_t monoMs) {
    auto it = std::find_if(m_recent.rbegin(), m_recent.rend(), [&](const Entry& e) { return e.summary.uuid == uuid; });
    if (it != m_recent.rend()) it->summary.lastActivityMonoMs = std::max(it->summary.lastActivityMonoMs, monoMs);
}

}  // namespace hailong::core
