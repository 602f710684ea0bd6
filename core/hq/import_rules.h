#pragma once
// What both stores' imports say and count the same way (sqlite_hq_import.cpp, pg_hq_store.cpp):
// the counting rule applied to a kiosk's stored batches and the one arriving, the notes, the
// marks a batch's responses carry, the tallies of a batch moved in or out of the figures.
// Private to core/hq.
#include "hq/hq_store.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hailong::core::import_rules {

/// The ledger entries of a kiosk's stored batches, and of `arriving` last if given.
std::vector<LedgerEntry> entriesOf(const std::vector<StoredBatch>& stored, const Batch* arriving = nullptr);

/// "batch 3 of kiosk K is held apart (fork …): its 3 responses are not counted until …".
std::string heldNote(const BatchHeader& h, const LedgerStatus& status);
/// "batch 2 of kiosk K (file) is now held apart: …" / "… is counted again".
std::string movedNote(const StoredBatch& b, const LedgerStatus& now);
/// "the kiosk's clock was ahead at export (dated …)".
std::string clockAheadNote(const BatchHeader& h);

/// Of `marks`, those on responses of `batch`.
std::map<std::string, ResponseMark> marksOn(const Batch& batch, const std::map<std::string, ResponseMark>& marks);
/// Whether the arriving batch may hold responses stored already (it shares sequence numbers
/// with another): then every mark of its kiosk may concern it, not only those still waiting.
bool mayRepeatResponses(const LedgerStatus& status);

/// The tallies of a batch arriving, its responses under the marks waiting for them (`pending`)
/// and those replaced within it; flag Held if its batch is held apart. Adds its clock-suspect
/// responses to clockSuspect.
std::pair<std::vector<TallyContext>, Tallies> arrivingTallies(const PreparedBatch& p,
                                                              const std::map<std::string, ResponseMark>& pending,
                                                              bool held, std::int64_t& clockSuspect);
/// The tallies that move a stored batch out of the figures (held) or back in: each response
/// under its mark, removed under the old flag and added under the new.
std::pair<std::vector<TallyContext>, Tallies> movedTallies(const Batch& batch, bool clockAhead,
                                                           const std::map<std::string, ResponseMark>& marks, bool held);

/// A copy of a response found in a batch: its sequence number, and the tallies that move it
/// from the mark `was` to `now` (under the flag Held if its batch is held apart).
struct Remarked {
    std::int64_t seq;
    std::vector<TallyContext> contexts;
    Tallies tallies;
};
std::optional<Remarked> remarked(const Batch& batch, bool clockAhead, bool held, const std::string& uuid,
                                 const ResponseMark& was, const ResponseMark& now);

/// A misuse flag added later, as the audit entry misuse_flag_added says it ("uuid=<uuid>
/// flags=<bits>"): the uuid and the flags, or nothing for any other entry.
std::optional<std::pair<std::string, std::uint32_t>> misuseMark(const AuditEntry& e);

/// The audit log's detail of a decision: the batch, the decision and the one before, the reason,
/// the batches it moved.
std::string decisionDetail(const std::string& kioskId, std::int64_t number, const std::string& digest,
                           BatchDecision decision, BatchDecision was, const std::string& reason,
                           const std::vector<std::string>& notes);
/// Why a decision names no batch.
std::string noSuchBatch(const std::string& kioskId, std::int64_t number, const std::string& digest);

}  // namespace hailong::core::import_rules
