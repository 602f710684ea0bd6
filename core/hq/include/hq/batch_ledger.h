#pragma once
// Which of a kiosk's batches headquarters counts (SPEC 7; docs/counting-rules.md). A pure
// function of the set of batches stored and of the analysts' decisions, so that no order of
// arrival, no split of an import and no number of importers can change the figures.
//
// A batch is in conflict when, among the kiosk's other batches that are not set aside:
//   - fork:        another batch has the same number (and other content);
//   - overlap:     another batch's sequence range shares a sequence number with its own;
//   - chain break: batches numbered one below it are stored and none has the digest its
//                  previous_digest names.
// A batch in conflict is held apart: its responses are tallied under data quality (flag
// tally::Held), not in the figures, until an analyst decides (`hailong hq decide`): count it,
// or set it aside for good. Counted batches never share a sequence number, so no response is
// counted twice; a batch with no conflict is counted as it arrives.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

/// An analyst's decision on a batch (recorded, with who and why, in the store's audit log).
enum class BatchDecision { None, Count, SetAside };
std::string_view decisionName(BatchDecision d);  ///< "", "count", "set-aside"
std::optional<BatchDecision> decisionFromName(std::string_view name);

namespace conflict {
constexpr int Fork = 1;
constexpr int Overlap = 2;
constexpr int ChainBreak = 4;
}  // namespace conflict

/// "fork, overlapping range" (English) or "rẽ nhánh, trùng dãy số" (Vietnamese).
std::string conflictWords(int conflicts, bool vietnamese);

/// One stored batch of a kiosk, as the rule sees it.
struct LedgerEntry {
    std::int64_t number = 0;
    std::string digest, previousDigest;
    std::int64_t seqFirst = 1, seqLast = 0;  ///< no responses when seqLast < seqFirst
    BatchDecision decision = BatchDecision::None;
};

struct LedgerStatus {
    int conflicts = 0;     ///< conflict:: bits (0 for a batch set aside: it is out of the rule)
    bool counted = false;  ///< in the figures (else held apart, or set aside)
};

/// The status of each of one kiosk's batches (same order). Any order of `batches` gives the
/// same statuses.
std::vector<LedgerStatus> ledgerStatus(const std::vector<LedgerEntry>& batches);

/// Why batches[which] may not be counted by decision (nothing: it may): it shares sequence
/// numbers with a batch that is counted (or decided so), whose responses would be counted twice.
/// In English and Vietnamese.
std::optional<std::string> refuseCounting(const std::vector<LedgerEntry>& batches, std::size_t which);

}  // namespace hailong::core
