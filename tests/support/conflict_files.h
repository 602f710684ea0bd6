#pragma once
// The batch files of the counting-rule tests (docs/counting-rules.md): a fork, an overlapping
// range, a chain break, a late misuse mark and a replaced rating, worked out by hand in
// hq_store_contract.tests.cpp; also written by tests/tools/make_conflict_batches.cpp for the
// command-line test.
#include "support/batch_maker.h"

#include <optional>
#include <vector>

namespace hailong::test {

/// Two kiosks' files: A's chain with a fork at batch 3 (a restored kiosk), the restored branch
/// going on; a late misuse mark and a replaced rating across batches. B's second batch names a
/// previous digest that is not its first batch's, and its third overlaps its second.
struct ConflictFiles {
    TempDir dir;  // the kiosks' databases, and the files unless written elsewhere
    BatchMaker a, b;
    std::vector<fs::path> all;
    BatchMaker::Made a1, a2, a3, a3x, a4x, b1, b2, b3;
    /// out: where the files go (default: a folder in dir).
    explicit ConflictFiles(const std::optional<fs::path>& out = std::nullopt)
        : a{out.value_or(dir / "out"), 1}, b{out.value_or(dir / "out"), 2} {
        a1 = a.make("a1.hlbatch", 1, "", 1,
                    {{"a1", "satisfied", "", "", ""},
                     {"a2", "not_satisfied", "", "HS-1", ""},
                     {"a3", "very_satisfied", "", "", ""}});
        a2 = a.make(
            "a2.hlbatch", 2, a1.digest, 4,
            {{"a4", "satisfied", "", "", ""}, {"a5", "satisfied", "", "", ""}, {"a6", "not_satisfied", "", "", ""}});
        a3 = a.make("a3.hlbatch", 3, a2.digest, 7, {{"a7", "satisfied", "", "", ""}, {"a8", "satisfied", "", "", ""}},
                    {{"a5", misuse::Burst}});  // a5 flagged as misuse after its batch left
        a3x = a.make("a3x.hlbatch", 3, a2.digest, 7,
                     {{"x7", "not_satisfied", "", "", ""},
                      {"x8", "not_satisfied", "", "", ""},
                      {"x9", "not_satisfied", "", "", ""}});
        a4x = a.make("a4x.hlbatch", 4, a3x.digest, 10,
                     {{"x10", "satisfied", "", "HS-1", "a2"}, {"x11", "satisfied", "", "", ""}});  // replaces a2
        b1 = b.make("b1.hlbatch", 1, "", 1, {{"c1", "satisfied", "", "", ""}, {"c2", "satisfied", "", "", ""}});
        b2 = b.make("b2.hlbatch", 2, std::string(64, '0'), 3, {{"c3", "not_satisfied", "", "", ""}});
        b3 = b.make("b3.hlbatch", 3, b2.digest, 3, {{"c3b", "satisfied", "", "", ""}, {"c4", "satisfied", "", "", ""}});
        all = {a1.file, a2.file, a3.file, a3x.file, a4x.file, b1.file, b2.file, b3.file};
    }
    void trust(HqStore& store) const {
        store.trust(a.keyFile(), 1);
        store.trust(b.keyFile(), 1);
    }
};

}  // namespace hailong::test
