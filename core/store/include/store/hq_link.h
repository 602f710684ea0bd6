#pragma once
// The kiosk's link to headquarters (SPEC 6, issue 19), kept in the database's `meta` table:
//
//   key                      value
//   hq_sign_key              headquarters' Ed25519 public key, 64 lower-case hex (pinned)
//   hq_box_key               its X25519 public key, 64 lower-case hex: batches seal the
//                            personal fields to it (batch export reads this key)
//   hq_name                  headquarters' name as its key file gives it (may be "")
//   hq_package_serial        the serial of the last package applied (none: 0)
//   hq_receipt_up_to         the latest receipt for this kiosk: every batch 1..N is held
//   hq_receipt_last_number   the highest-numbered batch held, with its digest, last response
//   hq_receipt_last_digest   sequence number and last audit id: a kiosk restored from an old
//   hq_receipt_seq_last      copy continues after them (kept whole for that)
//   hq_receipt_audit_last
//   hq_receipt_serial        the package that brought it, and when headquarters made it
//   hq_receipt_made_utc_ms
//   hq_message_vi / _en      headquarters' message for the staff menu
//   hq_message_serial / hq_message_made_utc_ms
//
// Store-level only: what a package is and whether it is good is for flow/package_apply.h.
// The writers run no transaction of their own: package_apply calls them inside its one.
#include "base/text.h"
#include "store/kiosk_database.h"

#include <cstdint>
#include <optional>
#include <string>

namespace hailong::core {

class AuditLog;

/// Headquarters' public keys as pinned (hex as in its key file).
struct PinnedHqKey {
    std::string signHex;
    std::string boxHex;
    std::string name;
};

/// What headquarters said it holds of this kiosk's batches (BatchReceipt in batch/package.h).
struct StoredReceipt {
    std::int64_t upTo = 0;
    std::int64_t lastNumber = 0;
    std::string lastDigestHex;
    std::int64_t lastSeqLast = 0;
    std::int64_t lastAuditLast = 0;
    std::int64_t serial = 0;     ///< the package it came in
    std::int64_t madeUtcMs = 0;  ///< when headquarters made that package
};

/// Headquarters' message for the staff menu.
struct HqNotice {
    Text text;
    std::int64_t serial = 0;
    std::int64_t madeUtcMs = 0;
};

/// Reads and writes the link in db. Not thread-safe; db must outlive it. Throws StorageError.
class HqLink {
public:
    explicit HqLink(KioskDatabase& db) : m_db(db) {}

    /// The pinned key; nothing if none is pinned (or the stored one is damaged: not 64 hex).
    std::optional<PinnedHqKey> pinnedKey() const;
    std::int64_t lastSerial() const;  ///< 0: no package applied yet
    std::optional<StoredReceipt> receipt() const;
    std::optional<HqNotice> message() const;

    /// Pins a first key in one transaction with its audit entry (hq_key_pinned, detail
    /// "fingerprint=… sign=… box=…"). Returns false, changing nothing, if a key is pinned
    /// already: another key comes only through a rotation package.
    bool pinFirst(const PinnedHqKey& key, const std::string& fingerprint, AuditLog& audit);

    // Writers for package_apply, inside its transaction:
    void writeKey(const PinnedHqKey& key);
    void writeSerial(std::int64_t serial);
    void writeReceipt(const StoredReceipt& r);
    void writeMessage(const HqNotice& m);

private:
    std::int64_t number(const char* key) const;
    KioskDatabase& m_db;
};

/// True for 64 lower-case hex digits.
bool isKeyHex(const std::string& hex);
/// "fingerprint=F sign=S box=B", the detail of hq_key_pinned / hq_key_replaced.
std::string hqKeyAuditDetail(const PinnedHqKey& key, const std::string& fingerprint);

}  // namespace hailong::core
