#pragma once
// `hailong demo`: a realistic data set for trying headquarters' side (issue 5). 110 units of
// the police across the four levels, one kiosk each, 20,000 ratings over 2025, exported
// by real kiosk code as signed, chained monthly batches, with each kiosk's key file. Pooled,
// the ratings give 86.69% satisfied, the Traffic Police Department, Nghệ An and Phú Thọ 100%
// (the figures published for the police's 2019 measurement). And some realistic trouble:
// a batch copied twice, a batch missing, a misuse burst, a kiosk whose clock ran two years ahead.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace hailong::core {

struct DemoSummary {
    int kiosks = 0;
    int batchFiles = 0;               ///< in FOLDER/batches (the copy included, the missing one not)
    std::int64_t ratingsCounted = 0;  ///< ratings that count once imported (misuse and the missing batch aside)
    std::int64_t satisfied = 0;
    std::string duplicatedFile;   ///< the batch copied a second time
    std::string missingBatch;     ///< "kiosk <id> batch <n>", deleted after export
    std::string wrongClockKiosk;  ///< kiosk id
    std::string burstKiosk;       ///< kiosk id with the misuse burst
};

/// Writes FOLDER/batches/*.hlbatch and FOLDER/keys/*.key (FOLDER is made if needed; the
/// kiosks' own databases are made in FOLDER/kiosks and removed at the end). Deterministic:
/// the same ratings every time (the keys and ids differ). progress(done, total) per kiosk.
/// Throws std::runtime_error (or StorageError) with the reason.
DemoSummary makeDemoData(const std::filesystem::path& folder, const std::function<void(int, int)>& progress = {});

}  // namespace hailong::core
