#pragma once
// Headquarters' data for the benchmark (hq_sections.cpp, used by pg_sections.cpp too): signed
// batch files of made-up kiosks, the shape of the two-level state, and a timed report.
#include "hq/hq_store.h"
#include "hq/report.h"
#include "hq/unit_registry.h"
#include "table.h"

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace hailong::bench {

/// Batch files of made-up kiosks for headquarters, written with the real batch writer (one
/// key pair for all). Each kiosk: `batches` chained batches of `perBatch` responses, one every
/// `everyMs` from t0, with one of 3 officers a day and 5 procedures; rows also go to csv when
/// given (uuid, kiosk_id, seq, unit_code, unit_level, dossier_code, questionnaire_id, overall,
/// started_utc_ms, ended_utc_ms, end_reason).
struct MadeBatches {
    std::vector<std::string> kiosks;
    std::string publicKeyHex;
};
/// Sealed (issue 19): with sealedToHex set, version 2 batches sealed to that key, a comment every
/// commentEvery-th response and a dossier code every dossierEvery-th (0: the usual mix, no comments).
struct SealOptions {
    std::string sealedToHex;
    int commentEvery = 0;
    int dossierEvery = 3;
};
MadeBatches writeBatches(const fs::path& dir, const fs::path& folder, int kiosks, int batches, int perBatch,
                         std::int64_t t0, std::int64_t everyMs, std::FILE* csv,
                         const std::function<core::UnitInfo(int kiosk, int batch)>& unitOf = {},
                         const SealOptions& seal = {});

/// The shape of the state since 1 July 2025: 3,321 communes in the 34 provinces, each the
/// successor of up to three former communes of the former 63 provinces (10,000 of them). Kiosk k
/// rates as former commune o for its first two batches (July 2024 - June 2025) and as commune
/// c = k % 3321 for the last two (July 2025 - June 2026).
struct TwoLevelState {
    static constexpr int Communes = 3321, Former = 9963;   // 3 former communes a commune
    static constexpr int PerBatch = 750, Batches = 4;      // a kiosk's batches
    static constexpr std::int64_t T0 = 1'719'792'000'000;  // 2024-07-01T00:00Z
    static constexpr std::int64_t EveryMs = 730LL * 86'400'000 / (PerBatch * Batches);
    std::vector<core::UnitRow> rows;
    std::vector<std::string> provinceOfCommune;  ///< new province code by commune
    TwoLevelState();
    core::UnitInfo unitOf(int kiosk, int batch) const;
    /// Kiosks of the shape for about `responses` responses.
    static int kiosksFor(int responses) { return std::max(1, responses / (PerBatch * Batches)); }
    /// Writes the batches of `kiosks` kiosks into folder (keys in dir).
    MadeBatches write(const fs::path& dir, const fs::path& folder, int kiosks) const;
    /// Registers the units and trusts the kiosks, ready to import; the registry's row count.
    std::size_t prepare(core::HqStore& hq, const MadeBatches& made) const;
};

/// Times one report; with barMs > 0 also prints its row: seconds, groups, the headline figure.
double timeReport(const core::HqStore& hq, const char* what, const core::ReportQuery& query, double barMs);
/// Section 7's reports (by unit; by province --as-of and as recorded; under one province; the
/// top 10; by month), each timed against barMs.
void provinceReports(const core::HqStore& hq, double barMs = 1000);
/// The report the growth table times: by province --as-of, all time.
core::ReportQuery provinceAsOfQuery();

}  // namespace hailong::bench
