#pragma once
// The headquarters stores the contract tests run against (hq_store_contract.tests.cpp): the
// embedded SQLite store, and PostgreSQL in a throwaway cluster the tests start themselves.
#include "hq/sqlite_hq_store.h"
#include "support/temp_dir.h"

#include <memory>
#include <string>
#include <vector>

namespace hailong::test {

inline std::vector<std::string> storeKinds() { return {"sqlite"}; }

/// A new, empty store of that kind; name: one per test (a database of its own).
inline std::unique_ptr<core::HqStore> makeStore(const std::string& kind, const TempDir& dir, const std::string& name) {
    if (kind == "sqlite") return std::make_unique<core::SqliteHqStore>(dir / (name + ".db"));
    throw std::logic_error("no store of kind " + kind);
}

}  // namespace hailong::test
