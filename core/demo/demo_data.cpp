#include "demo/demo_data.h"

#include "base/clock.h"
#include "base/ids.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/key_file.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "survey/questionnaire.h"
#include "survey/settings.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <random>
#include <stdexcept>
#include <vector>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {

struct DemoUnit {
    std::string code, name, level;
    int ratings = 0;
    int notSatisfied = 0;
};

// 1 central department, 10 provincial police, 30 district and 69 commune units: 110.
std::vector<DemoUnit> demoUnits() {
    std::vector<DemoUnit> units;
    units.push_back({"C08", "Cục Cảnh sát giao thông", "central", 600});
    const char* provinces[] = {"Nghệ An",  "Phú Thọ", "Hà Tĩnh", "Thanh Hóa", "Quảng Ninh",
                               "Bắc Ninh", "Đà Nẵng", "Cần Thơ", "Lâm Đồng",  "Đắk Lắk"};
    const char* codes[] = {"NA", "PT", "HT", "TH", "QN", "BN", "DN", "CT", "LD", "DL"};
    for (int p = 0; p < 10; ++p)
        units.push_back({std::string("CAT-") + codes[p], std::string("Công an tỉnh ") + provinces[p], "province", 300});
    for (int d = 0; d < 30; ++d)
        units.push_back({"CAH-" + std::string(codes[d % 10]) + "-" + std::to_string(d / 10 + 1),
                         "Công an huyện số " + std::to_string(d / 10 + 1) + ", tỉnh " + provinces[d % 10], "district",
                         200});
    for (int c = 0; c < 69; ++c)
        units.push_back({"CAX-" + std::string(codes[c % 10]) + "-" + std::to_string(c / 10 + 1) + std::to_string(c),
                         "Công an xã số " + std::to_string(c + 1) + ", tỉnh " + provinces[c % 10], "commune",
                         c < 50 ? 151 : 150});
    // 20,000 ratings in all; 2,662 not satisfied, none at C08, Nghệ An and Phú Thọ: 86.69%.
    const auto perfect = [](const DemoUnit& u) { return u.code == "C08" || u.code == "CAT-NA" || u.code == "CAT-PT"; };
    constexpr int NotSatisfied = 2662;
    double weights = 0;
    std::vector<double> w(units.size(), 0.0);
    for (std::size_t i = 0; i < units.size(); ++i)
        if (!perfect(units[i])) weights += w[i] = units[i].ratings * (1.0 + static_cast<double>((i * 37) % 10) / 3.0);
    int given = 0;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (perfect(units[i])) continue;
        units[i].notSatisfied = static_cast<int>(std::floor(NotSatisfied * w[i] / weights));
        given += units[i].notSatisfied;
    }
    for (std::size_t i = 0; given < NotSatisfied; i = (i + 1) % units.size())  // the rounding's remainder
        if (!perfect(units[i]) && units[i].notSatisfied < units[i].ratings) {
            ++units[i].notSatisfied;
            ++given;
        }
    return units;
}

constexpr std::int64_t Year2025 = 1'735'689'600'000;  // 2025-01-01T00:00Z: a whole year, in the past
constexpr std::int64_t DayMs = 86'400'000;
constexpr int Offset = 420;

}  // namespace

DemoSummary makeDemoData(const fs::path& folder, const std::function<void(int, int)>& progress) {
    DemoSummary summary;
    const fs::path batches = folder / "batches", keys = folder / "keys", kiosks = folder / "kiosks";
    for (const fs::path& p : {batches, keys, kiosks}) fs::create_directories(p);
    const std::vector<DemoUnit> units = demoUnits();
    const Questionnaire q = defaultQuestionnaire();
    std::mt19937_64 random(20260101);
    int dossiers = 0;  // numbered across all kiosks: a second rating of a dossier would replace the first
    const char* procedures[] = {"CCCD", "DKXE", "TAMTRU", "THUONGTRU", "HOCHIEU"};
    const std::size_t missingKiosk = 40, wrongClockKiosk = 77, burstKiosk = 12, duplicatedKiosk = 3;
    const std::int64_t clockAhead = 2 * 365 * DayMs;

    for (std::size_t k = 0; k < units.size(); ++k) {
        const DemoUnit& unit = units[k];
        const fs::path dir = kiosks / unit.code;
        fs::create_directories(dir);
        ManualClock clock(Year2025, 1'000'000, Offset, "demo-boot-" + std::to_string(k));
        RandomIds ids;
        KioskDatabase db(dir / "hailong.db", clock, ids);
        db.db().exec("PRAGMA synchronous=OFF");  // made-up data: no need to wait for the disk
        db.rememberQuestionnaire(q.id, q.version, q.source, clock.wallMs());
        AuditLog audit(db, clock);
        const KioskKeys kioskKeys = KioskKeys::loadOrCreate(dir, db, audit);
        KioskSettings settings;
        settings.unitCode = unit.code;
        settings.unitName = unit.name;
        settings.unitLevel = unit.level;
        settings.counterName = "Quầy tiếp nhận 1";
        if (const auto problems = SettingsStore(db).save(settings); !problems.empty())
            throw std::runtime_error("demo settings refused: " + problems.front().message.en);
        SqliteResponseStore store(db, cacheExportLines);
        Exporter exporter(db, kioskKeys, audit, clock, "hailong demo");
        std::ofstream(keys / (unit.code + ".key")) << formatKioskKeyFile(
            {db.kioskId(), kioskKeys.publicKeyHex(), {unit.code, unit.name, unit.level, settings.counterName}});

        // The ratings of the year, in time order, then a batch at the end of each month.
        std::vector<std::int64_t> times;
        for (int i = 0; i < unit.ratings; ++i) {
            const std::int64_t day = static_cast<std::int64_t>(random() % 360);
            const std::int64_t minute = 8 * 60 + static_cast<std::int64_t>(random() % (8 * 60));  // 08:00-16:00 local
            times.push_back(Year2025 + day * DayMs + (minute - Offset) * 60'000 +
                            static_cast<std::int64_t>(random() % 60'000));
        }
        std::sort(times.begin(), times.end());
        std::vector<bool> notSatisfied(static_cast<std::size_t>(unit.ratings), false);
        for (int i = 0; i < unit.notSatisfied; ++i) notSatisfied[static_cast<std::size_t>(i)] = true;
        std::shuffle(notSatisfied.begin(), notSatisfied.end(), random);
        const bool wrongClock = k == wrongClockKiosk;
        auto rate = [&](std::int64_t at, const std::string& main, std::uint32_t flags) {
            clock.setWallMs(at + (wrongClock ? clockAhead : 0));
            clock.advanceMs(1000);
            Response r;
            r.uuid = ids.newUuid();
            r.unit = UnitInfo{unit.code, unit.name, unit.level, settings.counterName};
            r.officerId = "cb" + std::to_string(random() % 4 + 1);
            r.procedureCode = random() % 3 ? procedures[random() % 5] : "";
            r.dossierCode = random() % 5 < 2 ? "HS-" + std::to_string(100000 + ++dossiers) : "";
            r.questionnaireId = q.id;
            r.questionnaireVersion = q.version;
            r.language = random() % 20 ? Language::Vi : Language::En;
            r.startedUtcMs = clock.wallMs();
            r.startedMonoMs = clock.monoMs();
            r.utcOffsetMinutes = Offset;
            r.bootId = clock.bootId();
            r.misuseFlags = flags;
            r.answers.push_back(Answer{q.mainQuestion().id, q.mainQuestion().scale, {main}, clock.wallMs()});
            store.begin(r);
            clock.advanceMs(4000);
            if (main == "not_satisfied") {
                const Question* why = q.find("reasons");
                if (why)
                    store.saveAnswer(
                        r.uuid,
                        Answer{why->id, why->scale, {why->options[random() % why->options.size()].id}, clock.wallMs()});
            }
            clock.advanceMs(3000);
            store.finish(r.uuid, main == "not_satisfied" ? EndReason::Completed : EndReason::Skipped, clock.wallMs(),
                         clock.monoMs());
        };
        std::size_t next = 0;
        for (int month = 1; month <= 12; ++month) {
            const std::int64_t monthEnd = Year2025 + static_cast<std::int64_t>(month) * 30 * DayMs;
            for (; next < times.size() && times[next] < monthEnd; ++next) {
                const bool bad = notSatisfied[next];
                rate(times[next], bad ? "not_satisfied" : random() % 10 < 6 ? "very_satisfied" : "satisfied", 0);
                ++summary.ratingsCounted;
                summary.satisfied += !bad;
            }
            if (k == burstKiosk && month == 3)  // someone pressing the top face again and again
                for (int b = 0; b < 8; ++b)
                    rate(monthEnd - DayMs + b * 5'000, "very_satisfied", misuse::Burst | misuse::RapidRepeat);
            clock.setWallMs(monthEnd + (wrongClock ? clockAhead : 0));
            ExportOptions options;
            options.humanFiles = false;
            auto exported = exporter.exportNext(batches, options);
            if (!exported && exported.error().problem == ExportProblem::NothingNew) continue;  // a quiet month
            if (!exported) throw std::runtime_error("demo export: " + exported.error().technical);
            ++summary.batchFiles;
            if (k == missingKiosk && month == 6) {  // an extra batch the same day, that never reaches headquarters
                for (int b = 0; b < 12; ++b) rate(monthEnd + b * 600'000, "satisfied", 0);
                clock.setWallMs(monthEnd + 3 * 3'600'000);
                const auto lost = exporter.exportNext(batches, options);
                if (!lost) throw std::runtime_error("demo export: " + lost.error().technical);
                fs::remove(lost->batchFile);
                summary.missingBatch = "kiosk " + db.kioskId() + " batch " + std::to_string(lost->number);
            }
            if (k == duplicatedKiosk && month == 2) {
                const fs::path copy = batches / ("copy-of-" + exported->batchFile.filename().string());
                fs::copy_file(exported->batchFile, copy, fs::copy_options::overwrite_existing);
                ++summary.batchFiles;
                summary.duplicatedFile = copy.filename().string();
            }
        }
        if (wrongClock) summary.wrongClockKiosk = db.kioskId();
        if (k == burstKiosk) summary.burstKiosk = db.kioskId();
        ++summary.kiosks;
        if (progress) progress(static_cast<int>(k + 1), static_cast<int>(units.size()));
    }
    std::error_code ignored;
    fs::remove_all(kiosks, ignored);
    return summary;
}

}  // namespace hailong::core
