// Which batches headquarters counts: forks, overlapping ranges and chain breaks held apart,
// whatever the order (hq/batch_ledger.h, docs/counting-rules.md).
#include "hq/batch_ledger.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

using namespace hailong::core;

namespace {

LedgerEntry batch(std::int64_t number, std::string digest, std::string previous, std::int64_t first,
                  std::int64_t last) {
    return LedgerEntry{number, std::move(digest), std::move(previous), first, last, BatchDecision::None};
}

/// Statuses by digest (the same whatever the order of the entries).
std::map<std::string, LedgerStatus> statusOf(const std::vector<LedgerEntry>& batches) {
    const auto status = ledgerStatus(batches);
    std::map<std::string, LedgerStatus> out;
    for (std::size_t i = 0; i < batches.size(); ++i) out[batches[i].digest] = status[i];
    return out;
}

}  // namespace

TEST_CASE("a kiosk's chain of batches is counted as it is", "[hq][ledger]") {
    const auto s = statusOf({batch(1, "d1", "", 1, 10), batch(2, "d2", "d1", 11, 20), batch(4, "d4", "d3", 31, 40),
                             batch(5, "d5", "d4", 41, 40)});  // 3 missing: a gap, not a break; 5 holds no response
    for (const auto& [digest, status] : s) {
        INFO(digest);
        CHECK(status.counted);
        CHECK(status.conflicts == 0);
    }
}

TEST_CASE("a fork holds both batches apart, and what follows either branch is counted", "[hq][ledger]") {
    // A kiosk restored from an old copy exports a second batch 2 with other responses.
    const auto s = statusOf({batch(1, "d1", "", 1, 10), batch(2, "d2", "d1", 11, 20), batch(2, "d2x", "d1", 11, 14),
                             batch(3, "d3x", "d2x", 15, 18)});
    CHECK(s.at("d1").counted);
    CHECK(s.at("d2").conflicts == (conflict::Fork | conflict::Overlap));
    CHECK(s.at("d2x").conflicts == (conflict::Fork | conflict::Overlap));
    CHECK_FALSE(s.at("d2").counted);
    CHECK_FALSE(s.at("d2x").counted);
    // 15..18 overlaps 11..20 of the other branch
    CHECK(s.at("d3x").conflicts == conflict::Overlap);
}

TEST_CASE("an overlapping range holds both batches apart", "[hq][ledger]") {
    const auto s = statusOf({batch(1, "d1", "", 1, 4), batch(2, "d2", "d1", 3, 6), batch(3, "d3", "d2", 7, 9)});
    CHECK(s.at("d1").conflicts == conflict::Overlap);
    CHECK(s.at("d2").conflicts == conflict::Overlap);
    CHECK(s.at("d3").counted);
    // A range inside a long one, beyond the next batch that starts inside it too.
    const auto t = statusOf({batch(1, "a", "", 1, 100), batch(2, "b", "a", 20, 30), batch(3, "c", "b", 90, 95)});
    CHECK(t.at("c").conflicts == conflict::Overlap);
    CHECK(t.at("b").conflicts == conflict::Overlap);
}

TEST_CASE("a chain break holds the batch that does not follow its stored predecessor", "[hq][ledger]") {
    const auto s = statusOf({batch(1, "d1", "", 1, 10), batch(2, "d2", "zz", 11, 20), batch(3, "d3", "d2", 21, 30)});
    CHECK(s.at("d1").counted);
    CHECK(s.at("d2").conflicts == conflict::ChainBreak);
    CHECK_FALSE(s.at("d2").counted);
    CHECK(s.at("d3").counted);
    // The predecessor it names arrives (a fork of batch 1): batch 2 follows one of them now.
    const auto t = statusOf({batch(1, "d1", "", 1, 10), batch(1, "zz", "", 1, 10), batch(2, "d2", "zz", 11, 20)});
    CHECK(t.at("d2").conflicts == 0);
    CHECK_FALSE(t.at("d1").counted);
    CHECK_FALSE(t.at("zz").counted);
}

TEST_CASE("decisions: a batch set aside no longer conflicts, one counted by decision is counted", "[hq][ledger]") {
    std::vector<LedgerEntry> b{batch(1, "d1", "", 1, 10), batch(2, "d2", "d1", 11, 20), batch(2, "d2x", "d1", 11, 14)};
    b[2].decision = BatchDecision::SetAside;
    auto s = statusOf(b);
    CHECK(s.at("d2").counted);
    CHECK(s.at("d2").conflicts == 0);
    CHECK_FALSE(s.at("d2x").counted);
    CHECK(s.at("d2x").conflicts == 0);  // out of the rule altogether

    b[2].decision = BatchDecision::None;
    REQUIRE_FALSE(refuseCounting(b, 1));  // nothing counted overlaps it yet
    b[1].decision = BatchDecision::Count;
    s = statusOf(b);
    CHECK(s.at("d2").counted);
    CHECK_FALSE(s.at("d2x").counted);
    // Counting the other branch too would count sequence numbers 11..14 twice.
    const auto refused = refuseCounting(b, 2);
    REQUIRE(refused);
    CHECK_THAT(*refused, Catch::Contains("counted twice") && Catch::Contains("tính"));
}

TEST_CASE("statuses never depend on the order of the batches", "[hq][ledger]") {
    std::mt19937 random(20261206);
    for (int round = 0; round < 300; ++round) {
        // A kiosk's chain with random forks, overlaps, breaks and gaps.
        std::vector<LedgerEntry> b;
        std::int64_t seq = 1;
        for (std::int64_t n = 1; n <= 8; ++n) {
            const int copies = random() % 5 == 0 ? 2 : 1;
            for (int c = 0; c < copies; ++c) {
                const std::int64_t first = seq - (random() % 6 == 0 ? 3 : 0);
                const std::int64_t last = first + static_cast<std::int64_t>(random() % 6) - 1;
                const std::string previous = n == 1
                                                 ? ""
                                                 : "d" + std::to_string(n - 1) + (random() % 7 == 0 ? "x" : "") + "-0";
                b.push_back(batch(n, "d" + std::to_string(n) + (c ? "x" : "") + "-" + std::to_string(c), previous,
                                  first, last));
                if (random() % 9 == 0) b.back().decision = BatchDecision::SetAside;
            }
            seq = std::max(seq, b.back().seqLast + 1);
            if (random() % 8 == 0) b.pop_back();  // never arrived
        }
        const auto expected = statusOf(b);
        for (int shuffle = 0; shuffle < 5; ++shuffle) {
            std::shuffle(b.begin(), b.end(), random);
            const auto got = statusOf(b);
            for (const auto& [digest, status] : expected) {
                INFO("round " << round << ", batch " << digest);
                CHECK(got.at(digest).conflicts == status.conflicts);
                CHECK(got.at(digest).counted == status.counted);
            }
        }
        // Counted batches never share a sequence number.
        const auto status = ledgerStatus(b);
        for (std::size_t i = 0; i < b.size(); ++i)
            for (std::size_t j = i + 1; j < b.size(); ++j)
                if (status[i].counted && status[j].counted && b[i].seqFirst <= b[i].seqLast &&
                    b[j].seqFirst <= b[j].seqLast)
                    CHECK((b[i].seqLast < b[j].seqFirst || b[j].seqLast < b[i].seqFirst));
    }
}
