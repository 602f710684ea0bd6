#pragma once
// Misuse detection (SPEC 2, 3): ratings that look like someone inflating the figures.
// Flags mark responses; nothing is ever dropped. Pure logic, no storage, no clock:
// the caller passes the monotonic time and boot id of each rating.
#include "survey/response_store.h"

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace hailong::core {

struct MisuseRules {
    /// A new rating this soon after the previous response's last activity is a "rapid repeat".
    std::int64_t rapidRepeatMs = 5'000;
    /// This many identical main ratings in a row, all within burstWindowMs, form a burst.
    int burstCount = 5;
    std::int64_t burstWindowMs = 120'000;
};

class MisuseDetector {
public:
    /// history: the kiosk's last ratings, oldest first (ResponseStore::recentRatings).
    MisuseDetector(MisuseRules rules, std::vector<RatingSummary> history);

    struct Verdict {
        std::uint32_t flags = 0;                 ///< flags for the new rating
        std::vector<std::string> alsoFlagBurst;  ///< earlier ratings that the burst now covers
    };

    /// Judges a new rating, changing nothing: the rating may still fail to be stored.
    /// dossierLinked ratings never count toward a burst: they are tied to a real procedure.
    Verdict assess(const std::string& value, std::int64_t monoMs, const std::string& bootId, bool dossierLinked) const;
    /// Remembers a rating once it is stored, with the verdict assess() gave it.
    void record(const std::string& uuid, const std::string& value, std::int64_t monoMs, const std::string& bootId,
                bool dossierLinked, const Verdict& verdict);
    /// The citizen is still answering: moves the latest rating's last activity.
    void noteActivity(const std::string& uuid, std::int64_t monoMs);

    const MisuseRules& rules() const { return m_rules; }

private:
    struct Entry {
        RatingSummary summary;
        bool dossierLinked = false;
        bool burstFlagged = false;
    };
    MisuseRules m_rules;
    std::deque<Entry> m_recent;  ///< newest last, bounded
};

}  // namespace hailong::core
