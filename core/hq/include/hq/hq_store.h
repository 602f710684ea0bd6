#pragma once
// Headquarters' store (SPEC 7, issue 5): the kiosks it trusts, the batches it imported and
// every response once. An interface, so that a PostgreSQL backend can sit beside the
// embedded SQLite one (sqlite_hq_store.h) when one machine is no longer enough.
#include "batch/batch.h"
#include "batch/key_file.h"
#include "hq/batch_ledger.h"
#include "hq/hq_comments.h"
#include "hq/hq_tally.h"
#include "hq/unit_registry.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hailong::core {

struct TrustedKiosk {
    std::string kioskId;
    std::string publicKeyHex;
    UnitInfo unit;  ///< as registered (from the key file)
    std::int64_t trustedUtcMs = 0;
};

/// What headquarters knows of one kiosk.
struct KioskStatus {
    TrustedKiosk kiosk;
    std::int64_t batches = 0;           ///< batches imported
    std::int64_t lastBatch = 0;         ///< highest batch number imported (0: none)
    std::int64_t lastSeq = 0;           ///< highest response seq imported
    std::int64_t responses = 0;         ///< responses counted (in batches not held apart)
    std::int64_t heldBatches = 0;       ///< batches held apart or set aside (batch_ledger.h)
    std::int64_t heldResponses = 0;     ///< the responses they hold
    std::int64_t lastContactUtcMs = 0;  ///< the kiosk's clock at its latest export (0: none)
    std::vector<std::int64_t> missing;  ///< batch numbers below lastBatch never imported
    /// How far the kiosk's clock was ahead of headquarters' when its latest batch was imported
    /// (its export time after the import time); 0 when it was not ahead. A clock behind cannot
    /// be told from a batch that travelled slowly.
    std::int64_t clockAheadMs = 0;
    std::string program;  ///< the program that wrote its latest batch ("hailong 0.4.0"; "" unknown)
};

/// What importing one verified batch did.
struct ImportOutcome {
    bool alreadyImported = false;     ///< the same batch (same digest) was imported before
    std::int64_t newResponses = 0;    ///< counted in the figures
    std::int64_t knownResponses = 0;  ///< already stored (a copy of a batch imported before)
    std::int64_t heldResponses = 0;   ///< stored, held apart with their batch (in conflict)
    std::int64_t clockSuspect = 0;    ///< responses dated after the kiosk's export clock, marked
    std::int64_t commentsOpened = 0;  ///< comments stored sealed before, readable now (hq_comments.h)
    /// Forks, overlapping ranges, chain breaks; other batches of the kiosk now held apart by this
    /// one, or counted again.
    std::vector<std::string> notes;
};

/// One stored batch and how it is counted (batch_ledger.h).
struct StoredBatch {
    std::string kioskId;
    LedgerEntry entry;  ///< number, digest, chain, range, decision
    LedgerStatus status;
    std::int64_t responses = 0;
    std::string fileName;
    std::int64_t importedUtcMs = 0;
};

/// An entry of headquarters' own audit log: who did what (decisions on batches).
struct HqAuditEntry {
    std::int64_t utcMs = 0;
    std::string actor;   ///< the operating-system user, or the web account
    std::string action;  ///< "decide", ...
    std::string detail;
};

/// A stored batch file, as `hq migrate` copies it.
struct StoredFile {
    std::string kioskId, fileName;
    std::int64_t importedUtcMs = 0;
    std::string_view bytes;  ///< valid during the call
};

/// A person who signs in to headquarters in the browser (`hailong hq serve`, core/web): an
/// admin sees everything and manages accounts; an analyst uploads and reads; a viewer reads. An
/// analyst or viewer is bound to a unit of the registry and sees only it and what is under it.
struct HqAccount {
    std::string name;          ///< the sign-in name: 1-64 of [a-z0-9._-], unique
    std::string role;          ///< "admin" | "analyst" | "viewer"
    std::string unit;          ///< registry code ("" for the whole country: admins, ministry staff)
    std::string passwordHash;  ///< argon2id, libsodium's crypto_pwhash_str format ("$argon2id$...")
    std::string displayName;   ///< for people ("" none)
    std::int64_t createdUtcMs = 0;
    std::int64_t passwordChangedUtcMs = 0;
    bool disabled = false;  ///< cannot sign in (kept, so the audit log keeps its name)
};

/// A file headquarters refused, kept so reports can list it.
struct RefusedFile {
    std::string fileName;
    std::string reason;
    std::int64_t utcMs = 0;
};

/// A package headquarters made for kiosks (batch/package.h; table hq_packages, schema 6).
struct PackageRecord {
    std::int64_t serial = 0;  ///< 1, 2, 3 ... per store, each once
    std::string target;       ///< "unit CA-NA" or "kiosk <id>"
    std::int64_t madeUtcMs = 0;
    std::string fileName;
    std::string digestHex;
    std::string carried;  ///< what it carried, for people: "questionnaire, settings, receipts 3"
};

/// A batch read, checked and counted, ready to store. Made by prepareBatch on any thread.
struct PreparedBatch {
    Batch batch;
    std::string fileName;
    std::string bytes;                       ///< the file as received, kept to look its responses up again
    bool clockAhead = false;                 ///< the kiosk's clock was ahead of ours at export
    std::int64_t clockSuspect = 0;           ///< responses dated by a wrong clock
    std::set<std::string> supersededWithin;  ///< replaced by a later response of the same batch
    std::vector<TallyContext> contexts;      ///< numbered as in tallies
    Tallies tallies;                         ///< of every response, as if all were new
    std::vector<HqComment> comments;         ///< the citizens' comments, opened or sealed (hq_comments.h)
};

/// Counts a verified batch (the costly part of an import, done outside the store's lock).
PreparedBatch prepareBatch(Batch batch, std::string bytes, std::string fileName, std::int64_t nowUtcMs);

/// One row of the stored tallies, as a report reads it (the strings valid during the call).
struct TallyRowView {
    std::int64_t period = 0;   ///< day (days since 1970-01-01) or month (year * 12 + month - 1)
    std::int64_t context = 0;  ///< the store's number for the context (tallyContexts)
    std::string_view question, scale, value;
    int flags = 0;  ///< tally::Misuse, ...
    std::int64_t n = 0;
    std::int64_t dossiers = 0;
};

/// Which tallies: per local day and unit; per month and whole context (officer and procedure
/// too); per month and unit (what most reports read: far fewer rows than the whole contexts).
enum class TallyPeriod { Day, Month, UnitMonth };

class HqStore {
public:
    virtual ~HqStore() = default;
    /// Where the store is, for people (a file; a PostgreSQL server and database, no password).
    virtual std::string describe() const = 0;
    /// Registers (or re-registers) a kiosk's public key with its unit.
    virtual void trust(const KioskKeyFile& key, std::int64_t nowUtcMs) = 0;
    virtual std::optional<TrustedKiosk> kiosk(const std::string& kioskId) const = 0;
    virtual std::vector<KioskStatus> kiosks() const = 0;
    /// Stores a batch already verified against the kiosk's registered key, all or nothing (its
    /// own transaction, or a savepoint after beginImport): the batch and its file, its tallies
    /// (held apart if it is in conflict, batch_ledger.h; other batches of the kiosk moved in or
    /// out of the figures as the rule says), audit entries and questionnaires; applies replaced
    /// ratings and late misuse flags. The batch's bytes (PreparedBatch::bytes) are kept: a
    /// batch whose status changes later is read again from them.
    /// Throws StorageError (nothing stored then).
    virtual ImportOutcome importBatch(const PreparedBatch& batch, std::int64_t nowUtcMs) = 0;
    /// The same for a batch not yet prepared.
    ImportOutcome importBatch(const Batch& batch, const std::string& fileName, std::int64_t nowUtcMs) {
        return importBatch(prepareBatch(batch, {}, fileName, nowUtcMs), nowUtcMs);
    }
    /// From here until sync(), imports may be committed in groups (each file still all or
    /// nothing): fewer writes to disk. A crash before sync() loses the files of the last group
    /// at most, never consistency; importing them again brings them back.
    virtual void beginImport() = 0;
    /// Commits and makes everything imported so far durable.
    virtual void sync() = 0;
    virtual void recordRefused(const RefusedFile& file) = 0;
    virtual std::vector<RefusedFile> refusedFiles() const = 0;
    /// Responses counted in all (those held apart not).
    virtual std::int64_t responseCount() const = 0;

    /// The batches of one kiosk, or of all ("") when heldOnly is false; those held apart or
    /// set aside (of one kiosk or all) when it is true. By kiosk, number, digest.
    virtual std::vector<StoredBatch> batches(const std::string& kioskId, bool heldOnly) const = 0;
    /// An analyst's decision on a stored batch (batch_ledger.h): recorded in the audit log with
    /// actor and reason, tallies moved in or out of the figures, all or nothing. Returns why it
    /// was refused (nothing changed then): no such batch, or counting it would count responses
    /// twice (refuseCounting). In English and Vietnamese.
    virtual std::optional<std::string> decide(const std::string& kioskId, std::int64_t number,
                                              const std::string& digest, BatchDecision decision,
                                              const std::string& actor, const std::string& reason,
                                              std::int64_t nowUtcMs) = 0;
    virtual std::vector<HqAuditEntry> auditLog() const = 0;
    /// Adds an entry to the audit log (sign-ins, uploads, user changes; a migration's copy).
    virtual void recordAudit(const HqAuditEntry& entry) = 0;
    /// The accounts of the web application, by name.
    virtual std::vector<HqAccount> accounts() const = 0;
    virtual std::optional<HqAccount> account(const std::string& name) const = 0;
    /// Adds the account, or replaces the one of the same name, in its own transaction.
    virtual void putAccount(const HqAccount& account) = 0;
    /// False if there was no such account.
    virtual bool removeAccount(const std::string& name) = 0;
    /// Changes whenever what a report reads may have changed: a batch imported (by any process),
    /// a decision, the unit registry replaced, a file refused, a kiosk registered. Cheap (one
    /// row read, no scan of tallies), so a cache of figures can ask it on every request. Compare
    /// for equality only. Accounts and the audit log leave it as it is (sign-ins keep a cache).
    virtual std::string dataVersion() const = 0;

    /// The bytes of one stored batch file (nothing if the batch is not stored with its file).
    virtual std::optional<std::string> batchFile(const std::string& kioskId, std::int64_t number,
                                                 const std::string& digest) const = 0;
    /// Takes the next package serial (one above every serial recorded, 1 for the first), calls
    /// make with it and records what it returns (its serial set to the one taken), all in one
    /// transaction holding the table's lock: two callers, in two processes too, never get the
    /// same serial. If make throws, nothing is recorded and the exception goes on.
    virtual PackageRecord recordPackage(const std::function<PackageRecord(std::int64_t serial)>& make) = 0;
    /// The packages recorded, by serial.
    virtual std::vector<PackageRecord> packages() const = 0;

    /// Every stored batch file in the order it was imported (for `hq migrate`).
    virtual void forEachStoredFile(const std::function<void(const StoredFile&)>& file) const = 0;
    /// Citizens' comments in scope, newest first, with the counts (schema 7, hq_comments.h).
    /// Every import stores those of its batch, each response's once (by kiosk and UUID).
    virtual CommentPage comments(const CommentQuery& query) const = 0;
    /// Gives their text to comments stored sealed (matched by kiosk and UUID; those already
    /// readable are left as they are). Returns how many became readable.
    virtual std::int64_t openComments(const std::vector<HqComment>& opened) = 0;

    /// The contexts tallies refer to, by the store's number. Day and unit-month tallies refer
    /// to contexts without officer and procedure (hq_tally.h).
    /// unitsOnly: only the contexts without officer and procedure (those of the day and
    /// unit-month tallies): a few thousand where the whole contexts may be a hundred thousand.
    virtual std::vector<std::pair<std::int64_t, TallyContext>> tallyContexts(bool unitsOnly = false) const = 0;
    /// The units imported into the registry (hq units import), replacing built-in ones code by
    /// code (unit_registry.h); the registry is builtInUnits() with these over them.
    virtual std::vector<UnitRow> importedUnits() const = 0;
    /// Replaces the imported units, all or nothing. The caller checked them (UnitRegistry::merge).
    virtual void replaceImportedUnits(const std::vector<UnitRow>& rows) = 0;
    /// The registry as it stands: the built-in units with the imported ones over them.
    UnitRegistry registry() const { return UnitRegistry::withImported(importedUnits()); }

    /// Every tally of the periods from..to (inclusive), in no particular order.
    virtual void forEachTally(TallyPeriod period, std::int64_t from, std::int64_t to,
                              const std::function<void(const TallyRowView&)>& row) const = 0;
};

}  // namespace hailong::core
