#pragma once
// The headquarters stores the contract tests run against (hq_store_contract.tests.cpp): the
// embedded SQLite store, and PostgreSQL in a throwaway cluster the tests start themselves
// (support/pg_cluster.h).
#include "hq/pg_connection.h"
#include "hq/pg_hq_store.h"
#include "hq/sqlite_hq_store.h"
#include "support/pg_cluster.h"
#include "support/temp_dir.h"

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hailong::test {

/// Every store, or those named in $HAILONG_TEST_STORES ("sqlite": `./dev.sh test --fast`).
inline std::vector<std::string> storeKinds() {
    const char* only = std::getenv("HAILONG_TEST_STORES");
    if (only && std::string(only) == "sqlite") return {"sqlite"};
    return {"sqlite", "postgresql"};
}

/// Where a new, empty store of that kind is: a file, or a fresh database's URI (name: one per
/// test, a plain identifier).
inline std::string storeTarget(const std::string& kind, const TempDir& dir, const std::string& name) {
    if (kind == "sqlite") return (dir / (name + ".db")).string();
    if (kind == "postgresql") return PgCluster::shared().createDatabase(name);
    throw std::logic_error("no store of kind " + kind);
}

/// The store at a target, as `hailong hq --db` opens it.
inline std::unique_ptr<core::HqStore> openStore(const std::string& target) {
    if (core::isPostgresTarget(target)) return std::make_unique<core::PgHqStore>(target);
    return std::make_unique<core::SqliteHqStore>(target);
}

/// A new, empty store of that kind.
inline std::unique_ptr<core::HqStore> makeStore(const std::string& kind, const TempDir& dir, const std::string& name) {
    return openStore(storeTarget(kind, dir, name));
}

}  // namespace hailong::test
