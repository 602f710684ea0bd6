#include "hq/batch_ledger.h"

#include <algorithm>
#include <map>

namespace hailong::core {

std::string_view decisionName(BatchDecision d) {
    switch (d) {
    case BatchDecision::Count: return "count";
    case BatchDecision::SetAside: return "set-aside";
    case BatchDecision::None: break;
    }
    return "";
}

std::optional<BatchDecision> decisionFromName(std::string_view name) {
    if (name.empty()) return BatchDecision::None;
    if (name == "count") return BatchDecision::Count;
    if (name == "set-aside") return BatchDecision::SetAside;
    return std::nullopt;
}

std::string conflictWords(int conflicts, bool vietnamese) {
    std::string out;
    const auto add = [&](int bit, const char* vi, const char* en) {
        if (!(conflicts & bit)) return;
        if (!out.empty()) out += ", ";
        out += vietnamese ? vi : en;
    };
    add(conflict::Fork, "rẽ nhánh (hai lô cùng số)", "fork (two batches with one number)");
    add(conflict::Overlap, "trùng dãy số thứ tự", "overlapping sequence range");
    add(conflict::ChainBreak, "đứt chuỗi", "chain break");
    return out;
}

namespace {

bool empty(const LedgerEntry& b) { return b.seqLast < b.seqFirst; }

bool overlap(const LedgerEntry& a, const LedgerEntry& b) {
    return !empty(a) && !empty(b) && a.seqFirst <= b.seqLast && b.seqFirst <= a.seqLast;
}

}  // namespace

std::vector<LedgerStatus> ledgerStatus(const std::vector<LedgerEntry>& batches) {
    std::vector<LedgerStatus> out(batches.size());
    std::vector<std::size_t> active;  // not set aside
    for (std::size_t i = 0; i < batches.size(); ++i)
        if (batches[i].decision != BatchDecision::SetAside) active.push_back(i);

    // Forks, and the digests each number has (for the chain).
    std::map<std::int64_t, std::vector<std::size_t>> byNumber;
    for (const std::size_t i : active) byNumber[batches[i].number].push_back(i);
    for (const auto& [number, same] : byNumber)
        if (same.size() > 1)
            for (const std::size_t i : same) out[i].conflicts |= conflict::Fork;

    // Overlaps: by first sequence number, each against those starting before its end.
    std::vector<std::size_t> bySeq;
    for (const std::size_t i : active)
        if (!empty(batches[i])) bySeq.push_back(i);
    std::sort(bySeq.begin(), bySeq.end(),
              [&](std::size_t a, std::size_t b) { return batches[a].seqFirst < batches[b].seqFirst; });
    for (std::size_t a = 0; a < bySeq.size(); ++a)
        for (std::size_t b = a + 1; b < bySeq.size() && batches[bySeq[b]].seqFirst <= batches[bySeq[a]].seqLast; ++b) {
            out[bySeq[a]].conflicts |= conflict::Overlap;
            out[bySeq[b]].conflicts |= conflict::Overlap;
        }

    // The chain: a batch whose predecessors are stored must follow one of them.
    for (const std::size_t i : active) {
        const LedgerEntry& b = batches[i];
        if (b.number <= 1) continue;
        const auto before = byNumber.find(b.number - 1);
        if (before == byNumber.end()) continue;  // missing: a gap, not a break
        const bool follows = std::any_of(before->second.begin(), before->second.end(),
                                         [&](std::size_t p) { return batches[p].digest == b.previousDigest; });
        if (!follows) out[i].conflicts |= conflict::ChainBreak;
    }

    for (const std::size_t i : active)
        out[i].counted = out[i].conflicts == 0 || batches[i].decision == BatchDecision::Count;
    return out;
}

std::optional<std::string> refuseCounting(const std::vector<LedgerEntry>& batches, std::size_t which) {
    std::vector<LedgerEntry> decided = batches;
    decided.at(which).decision = BatchDecision::Count;
    const std::vector<LedgerStatus> status = ledgerStatus(decided);
    for (std::size_t i = 0; i < decided.size(); ++i) {
        if (i == which || !status[i].counted || !overlap(decided[i], decided[which])) continue;
        const std::string other = std::to_string(decided[i].number) + " (" + decided[i].digest.substr(0, 12) + "…)";
        return "batch " + other +
               " is counted and shares sequence numbers with this one: its responses would be counted twice; set "
               "one of them aside first (lô " +
               other + " đang được tính và trùng số thứ tự với lô này: hãy loại một trong hai lô trước)";
    }
    return std::nullopt;
}

}  // namespace hailong::core
