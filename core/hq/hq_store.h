#pragma once
// Headquarters' store (SPEC 7, issue 5): the kiosks it trusts, the batches it imported and
// every response once. An interface, so that a PostgreSQL backend can sit beside the
// embedded SQLite one (sqlite_hq_store.h) when one machine is no longer enough.
#include "../batch/batch.h"
#include "../batch/key_file.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hailong::core {

struct TrustedKiosk {
    std::string kioskId;
    std::string publicKeyHex;
    UnitInfo unit;              ///< as registered (from the key file)
    std::int64_t trustedUtcMs = 0;
};

/// What headquarters knows of one kiosk.
struct KioskStatus {
    TrustedKiosk kiosk;
    std::int64_t batches = 0;           ///< batches imported
    std::int64_t lastBatch = 0;         ///< highest batch number imported (0: none)
    std::int64_t lastSeq = 0;           ///< highest response seq imported
    std::int64_t responses = 0;         ///< responses stored
    std::int64_t lastContactUtcMs = 0;  ///< the kiosk's clock at its latest export (0: none)
    std::vector<std::int64_t> missing;  ///< batch numbers below lastBatch never imported
};

/// What importing one verified batch did.
struct ImportOutcome {
    bool alreadyImported = false;  ///< the same batch (same digest) was imported before
    std::int64_t newResponses = 0;
    std::int64_t knownResponses = 0;  ///< already stored (from this or another copy)
    std::int64_t clockSuspect = 0;    ///< responses dated after the kiosk's export clock, marked
    std::vector<std::string> notes;   ///< chain breaks, forks (same number, other content)
};

class HqStore {
public:
    virtual ~HqStore() = default;
    /// Registers (or re-registers) a kiosk's public key with its unit.
    virtual void trust(const KioskKeyFile& key, std::int64_t nowUtcMs) = 0;
    virtual std::optional<TrustedKiosk> kiosk(const std::string& kioskId) const = 0;
    virtual std::vector<KioskStatus> kiosks() const = 0;
    /// Stores a batch already verified against the kiosk's registered key, in one
    /// transaction: each response once (by uuid), the batch, its audit entries and
    /// questionnaires. Throws StorageError (nothing stored then).
    virtual ImportOutcome importBatch(const Batch& batch, const std::string& fileName, std::int64_t nowUtcMs) = 0;
    /// Responses stored in all.
    virtual std::int64_t responseCount() const = 0;
};

} // namespace hailong::core
