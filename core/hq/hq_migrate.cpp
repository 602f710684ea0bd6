#include "hq/hq_migrate.h"

#include "batch/batch_format.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace hailong::core {

MigrationSummary migrateStore(const HqStore& from, HqStore& to, const std::string& label, std::int64_t nowUtcMs,
                              const std::function<void(std::int64_t, std::int64_t)>& progress) {
    if (!to.kiosks().empty() || !to.batches("", false).empty())
        throw std::runtime_error("the target already holds kiosks or batches: migrate into an empty database "
                                 "(đích đã có dữ liệu: hãy chuyển sang một cơ sở dữ liệu trống)");
    MigrationSummary s;
    for (const KioskStatus& k : from.kiosks()) {
        to.trust(KioskKeyFile{k.kiosk.kioskId, k.kiosk.publicKeyHex, k.kiosk.unit}, k.kiosk.trustedUtcMs);
        ++s.kiosks;
    }
    const auto units = from.importedUnits();
    if (!units.empty()) to.replaceImportedUnits(units);
    s.units = static_cast<std::int64_t>(units.size());
    for (const RefusedFile& f : from.refusedFiles()) {
        to.recordRefused(f);
        ++s.refused;
    }
    for (const HqAccount& a : from.accounts()) {  // with their password hashes: the same sign-ins
        to.putAccount(a);
        ++s.accounts;
    }
    for (const HqAuditEntry& e : from.auditLog()) {
        to.recordAudit(e);
        ++s.auditEntries;
    }

    const std::int64_t total = static_cast<std::int64_t>(from.batches("", false).size());
    to.beginImport();
    from.forEachStoredFile([&](const StoredFile& f) {
        auto batch = readBatch(f.bytes, f.fileName);
        if (!batch)  // it was verified when first imported: the source is damaged
            throw std::runtime_error("the stored copy of " + f.fileName + " (kiosk " + f.kioskId +
                                     ") no longer reads: " + batch.error().reason);
        to.importBatch(prepareBatch(std::move(*batch), std::string(f.bytes), f.fileName, f.importedUtcMs),
                       f.importedUtcMs);
        ++s.files;
        if (progress) progress(s.files, total);
    });
    to.sync();
    {  // comments opened with headquarters' key at the source: readable at the target too
        CommentQuery all;
        all.limit = std::numeric_limits<std::size_t>::max() / 2;
        std::vector<HqComment> opened = from.comments(all).newestFirst;
        opened.erase(std::remove_if(opened.begin(), opened.end(), [](const HqComment& c) { return !c.text; }),
                     opened.end());
        if (!opened.empty()) to.openComments(opened);
    }
    if (s.files != total)
        throw std::runtime_error("the source holds " + std::to_string(total) + " batches but only " +
                                 std::to_string(s.files) +
                                 " stored files: batches imported without their file cannot be moved");

    // Batches set aside first: counting one is refused while a batch it overlaps is counted.
    auto decided = from.batches("", false);
    std::stable_partition(decided.begin(), decided.end(),
                          [](const StoredBatch& b) { return b.entry.decision == BatchDecision::SetAside; });
    for (const StoredBatch& b : decided) {
        if (b.entry.decision == BatchDecision::None) continue;
        if (const auto refused = to.decide(b.kioskId, b.entry.number, b.entry.digest, b.entry.decision, "hq migrate",
                                           "as decided in " + label, nowUtcMs))
            throw std::runtime_error("the decision on batch " + std::to_string(b.entry.number) + " of kiosk " +
                                     b.kioskId + " cannot be taken again: " + *refused);
        ++s.decisions;
    }
    s.responses = to.responseCount();
    if (s.responses != from.responseCount())
        throw std::runtime_error("the target counts " + std::to_string(s.responses) + " responses, the source " +
                                 std::to_string(from.responseCount()));
    return s;
}

}  // namespace hailong::core
