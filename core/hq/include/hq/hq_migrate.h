#pragma once
// `hailong hq migrate --from hq.db --to postgresql://…`: a headquarters moved from one store to
// another (issue 17). What the target holds is made the only way figures are ever made: the
// stored batch files imported again, in the order they first were (the counting rules make any
// order give the same figures anyway; docs/counting-rules.md). Kiosks and their keys, the unit
// registry, refused files, the web application's accounts (their password hashes too: the same
// passwords sign in) and the audit log are copied as they are; analysts' decisions are
// taken again, each recorded in the target's audit log as done by the migration.
#include "hq/hq_store.h"

#include <cstdint>
#include <functional>
#include <string>

namespace hailong::core {

struct MigrationSummary {
    std::int64_t kiosks = 0, units = 0, refused = 0, files = 0, decisions = 0, auditEntries = 0, accounts = 0;
    std::int64_t responses = 0;  ///< counted in the target at the end (the same as in the source)
};

/// Copies `from` into `to`, which must be empty (no kiosk, no batch): throws std::runtime_error
/// otherwise, and StorageError from either store. `label` names the source in the target's audit
/// log. progress(done, total) after each file. Durable when it returns.
MigrationSummary migrateStore(const HqStore& from, HqStore& to, const std::string& label, std::int64_t nowUtcMs,
                              const std::function<void(std::int64_t, std::int64_t)>& progress = {});

}  // namespace hailong::core
