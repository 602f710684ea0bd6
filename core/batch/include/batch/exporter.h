#pragma once
// Exports the kiosk's data as batches (SPEC 6, issue 4): everything not yet exported goes
// into the next batch, written whole or not at all; the batch is marked exported (one row
// in `batches`) only after its files are durable. Any batch can be written again, byte for
// byte the same.
//
//   folder/hailong-<unit>-<kiosk 8>-<number 6>.hlbatch   the signed batch (batch_format.h)
//   folder/... .csv and .xlsx                             the same responses, for people
//
// Not thread-safe; one Exporter per KioskDatabase (per thread).
#include "base/durable_file.h"
#include "batch/batch.h"
#include "batch/kiosk_keys.h"

#include "base/clock.h"
#include "base/expected.h"
#include "base/strings.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "survey/questionnaire.h"
#include "survey/settings.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>

namespace hailong::core {

/// The kiosk's meta key of headquarters' pinned X25519 key (64 lower-case hex, set by the
/// kiosk when it pins headquarters' key): once set, batches are sealed (version 2, seal.h).
inline constexpr const char* PinnedBoxKeyMeta = "hq_box_key";
/// The meta key recording the box key batch `number` was sealed to (so it is written again
/// the same); absent for a batch in clear.
std::string sealedToMetaKey(std::int64_t number);

/// What the next export would hold.
struct ExportPlan {
    std::int64_t number = 1;
    std::int64_t seqFirst = 1;
    std::int64_t seqLast = 0;
    std::int64_t auditFirst = 1;
    std::int64_t auditLast = 0;
    std::int64_t responses() const { return seqLast - seqFirst + 1; }
    std::int64_t auditEntries = 0;
    /// Audit entries other than those of exports themselves (batch_exported, export_failed).
    std::int64_t otherAuditEntries = 0;
    /// Nothing worth a batch: no response, and no audit entry but the exports' own (those
    /// travel with the next batch).
    bool empty() const { return responses() == 0 && otherAuditEntries == 0; }
};

/// A batch written (and, for a new one, marked exported).
struct ExportResult {
    std::int64_t number = 0;
    std::int64_t responses = 0;
    std::int64_t seqFirst = 0;
    std::int64_t seqLast = 0;
    std::filesystem::path batchFile;
    std::filesystem::path csvFile;   ///< empty if not written
    std::filesystem::path xlsxFile;  ///< empty if not written
    std::uint64_t batchBytes = 0;
    std::string digestHex;
    /// Headquarters' box key the personal fields are sealed to (version 2), "" if not sealed.
    std::string sealedToHex;
};

/// What kind of thing stopped an export: what the staff (or the CLI's user) can meet and
/// act on. The words are read from the language files at the edge (exportFailureWords).
enum class ExportProblem {
    NothingNew,          ///< nothing to export since the last batch
    Busy,                ///< another export is running
    LockFileUnusable,    ///< the lock file in the data folder cannot be opened (folder, reason)
    DriveFull,           ///< no space left on the drive (folder)
    ReadOnly,            ///< a read-only drive, e.g. its write-protect switch (folder)
    NotAllowed,          ///< no permission to write in the folder (folder)
    DriveGone,           ///< the folder is missing: the drive was pulled, or has failed (folder)
    WriteFailed,         ///< another system error while writing (folder, reason)
    FilesNotMade,        ///< the export files could not be made (folder)
    DatabaseFailed,      ///< the kiosk database failed while marking the batch
    DatabaseUnreadable,  ///< the kiosk database could not be read
    ProgramFault,        ///< a fault of this program
    NoSuchBatch,         ///< writing again a batch that does not exist (batch)
    OldKey,              ///< writing again a batch signed with the kiosk's former key (batch)
    NoExporter,          ///< this kiosk cannot export (no signing key)
    AwaitingReceipt,     ///< restored from a copy: waits for headquarters' receipt (kiosk_backup.h)
    Unknown,             ///< something unforeseen (see technical)
};

/// Why an export did not happen: the kind for people, the technical detail for the log.
struct ExportFailure {
    ExportProblem problem = ExportProblem::Unknown;
    std::string technical;         ///< for the log and the audit trail, in English
    std::filesystem::path folder;  ///< the folder written to (or the lock file), where the words name it
    std::int64_t batch = 0;        ///< NoSuchBatch, OldKey
    std::string reason;            ///< the system's words (strerror), for WriteFailed and LockFileUnusable
};
/// A failure of a kind, with its technical detail and the folder the words name (if any).
inline ExportFailure exportFailure(ExportProblem problem, std::string technical, std::filesystem::path folder = {}) {
    return ExportFailure{problem, std::move(technical), std::move(folder), 0, {}};
}

/// A batch already exported, as recorded.
struct BatchRecord {
    std::int64_t number = 0;
    std::int64_t seqFirst = 0;
    std::int64_t seqLast = 0;
    std::int64_t exportUtcMs = 0;
    std::string fileName;
    std::string folder;
    std::string digestHex;
};

struct ExportOptions {
    bool humanFiles = true;  ///< also the CSV and the workbook
    /// Called now and then with responses written so far and the total.
    std::function<void(std::int64_t done, std::int64_t total)> progress;
    WriteFault fault;  ///< tests only
};

class Exporter {
public:
    /// program: "hailong x.y.z", written in the batch head.
    Exporter(KioskDatabase& db, const KioskKeys& keys, AuditLog& audit, const Clock& clock, std::string program);

    /// What exportNext would write now. Throws StorageError.
    ExportPlan plan() const;
    /// The last batch exported, if any. Throws StorageError.
    std::optional<BatchRecord> lastBatch() const;
    /// Number of responses not exported yet (ended ones and any still open).
    std::int64_t unexportedResponses() const;

    /// Writes the next batch into folder (which must exist) and marks it exported. On any
    /// failure nothing is marked, no file is left under a final name, and the failure (and
    /// success) goes to the audit log. Never throws for a problem of the folder or drive.
    Expected<ExportResult, ExportFailure> exportNext(const std::filesystem::path& folder,
                                                     const ExportOptions& options = {});
    /// Writes batch `number` again into folder: the same bytes as the first time.
    Expected<ExportResult, ExportFailure> exportAgain(std::int64_t number, const std::filesystem::path& folder,
                                                      const ExportOptions& options = {});

    /// File name stem of a batch: "hailong-<unit code or 'kiosk'>-<first 8 of kiosk id>-<number, 6 digits>".
    std::string fileStem(const std::string& unitCode, std::int64_t number) const;

private:
    Expected<ExportResult, ExportFailure> write(const BatchHeader& head, const std::filesystem::path& folder,
                                                const ExportOptions& options,
                                                const std::optional<std::string>& sealedTo);
    void markExported(const BatchHeader& head, const ExportResult& result, const std::filesystem::path& folder);
    Expected<ExportResult, ExportFailure> recordFailure(std::int64_t number, ExportFailure f);
    /// Encodes the lines of ended responses from seq first on not cached yet (their own write
    /// transactions).
    void cacheExportLines(std::int64_t first);

    KioskDatabase& m_db;
    const KioskKeys& m_keys;
    AuditLog& m_audit;
    const Clock& m_clock;
    std::string m_program;
};

/// Whether the automatic export is due: a closing time has come since the last automatic
/// export (or, the first time, since the kiosk started counting), any day of the week.
bool autoExportDue(const OpeningHours& hours, std::int64_t lastUtcMs, std::int64_t nowUtcMs, int utcOffsetMinutes);

/// The last batch exported from this database, if any. Throws StorageError.
std::optional<BatchRecord> lastExportedBatch(KioskDatabase& db);

/// The failure for a write error (errno) in folder: DriveFull, ReadOnly, NotAllowed,
/// DriveGone, or WriteFailed with the system's reason.
ExportFailure exportFailureFor(int errnoValue, const std::filesystem::path& folder, const std::string& technical);

/// The language-file key of a kind of failure ("staff.export_drive_full", ...).
const char* exportProblemKey(ExportProblem problem);
/// What a person reads about a failure: the text of its key in lang (from strings, the
/// language files), filled in with the folder, batch number and reason. The CLI, the staff
/// screen and the kiosk's log use the same words.
std::string exportFailureWords(const ExportFailure& failure, const Strings& strings, Language lang);

}  // namespace hailong::core
