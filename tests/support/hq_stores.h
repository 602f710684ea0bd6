#pragma once
// The headquarters stores the contract tests run against (hq_store_contract.tests.cpp): the
// embedded SQLite store, and PostgreSQL in a throwaway cluster the tests start themselves
// (support/pg_cluster.h).
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

/// A new, empty store of that kind; name: one per test (a file, or a database, of its own).
inline std::unique_ptr<core::HqStore> makeStore(const std::string& kind, const TempDir& dir, const std::string& name) {
    if (kind == "sqlite") return std::make_unique<core::SqliteHqStore>(dir / (name + ".db"));
    if (kind == "postgresql") return std::make_unique<core::PgHqStore>(PgCluster::shared().createDatabase(name));
    throw std::logic_error("no store of kind " + kind);
}

}  // namespace hailong::test
