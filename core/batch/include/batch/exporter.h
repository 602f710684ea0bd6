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
#include "batch/batch.h"
#include "base/durable_file.h"
#include "batch/kiosk_keys.h"

#include "store/audit_log.h"
#include "base/clock.h"
#include "base/expected.h"
#include "survey/questionnaire.h"
#include "survey/settings.h"
#include "store/kiosk_database.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace hailong::core {

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
};

/// Why an export did not happen, for the staff (both languages) and for the log.
struct ExportFailure {
    Text message;
    std::string technical;
};

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
    Expected<ExportResult, ExportFailure> exportNext(const std::filesystem::path& folder, const ExportOptions& options = {});
    /// Writes batch `number` again into folder: the same bytes as the first time.
    Expected<ExportResult, ExportFailure> exportAgain(std::int64_t number, const std::filesystem::path& folder,
                                                      const ExportOptions& options = {});

    /// File name stem of a batch: "hailong-<unit code or 'kiosk'>-<first 8 of kiosk id>-<number, 6 digits>".
    std::string fileStem(const std::string& unitCode, std::int64_t number) const;

private:
    Expected<ExportResult, ExportFailure> write(const BatchHeader& head, const std::filesystem::path& folder,
                                                const ExportOptions& options);
    void markExported(const BatchHeader& head, const ExportResult& result, const std::filesystem::path& folder);
    Expected<ExportResult, ExportFailure> recordFailure(std::int64_t number, ExportFailure f);
    /// Encodes the lines of ended responses not cached yet (their own write transaction).
    void cacheExportLines();

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

/// The failure message for a write error (errno), in both languages, naming the folder.
ExportFailure exportFailureFor(int errnoValue, const std::filesystem::path& folder, const std::string& technical);

} // namespace hailong::core
