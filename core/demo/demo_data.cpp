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
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <vector>

namespace hailong::core {

namespace fs = std::filesystem;

namespace {

// Time ----------------------------------------------------------------------------------------

constexpr std::int64_t DayMs = 86'400'000;
constexpr std::int64_t MinuteMs = 60'000;
constexpr int Offset = 420;  // Viet Nam: UTC+07:00, no summer time

/// Days since 1970-01-01 of a Gregorian date (H. Hinnant's days_from_civil).
constexpr std::int64_t dayOf(int year, int month, int day) {
    const int y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/// A UTC instant from a local day and minute of that day.
std::int64_t localMs(std::int64_t day, std::int64_t minute) { return day * DayMs + (minute - Offset) * MinuteMs; }

struct Month {
    int year, month;
    std::int64_t firstDay() const { return dayOf(year, month, 1); }
    Month next() const { return month == 12 ? Month{year + 1, 1} : Month{year, month + 1}; }
    bool operator<(const Month& o) const { return std::tie(year, month) < std::tie(o.year, o.month); }
    bool operator==(const Month& o) const { return year == o.year && month == o.month; }
    /// Monday to Friday, when the one-stop counters receive citizens (1970-01-01 was a Thursday).
    std::vector<std::int64_t> workingDays() const {
        std::vector<std::int64_t> days;
        for (std::int64_t d = firstDay(); d < next().firstDay(); ++d)
            if (const std::int64_t w = (d + 4) % 7; w >= 1 && w <= 5) days.push_back(d);
        return days;
    }
    /// The kiosk exports its month after closing on the last working day (16:30).
    std::int64_t exportMs() const { return localMs(workingDays().back(), 16 * 60 + 30); }
};

/// A rating time on one of the days: opening hours 08:00 to 16:00, to the second.
template <typename Random>
std::int64_t ratingTime(const std::vector<std::int64_t>& days, Random& random) {
    const std::int64_t day = days[random() % days.size()];
    const std::int64_t minute = 8 * 60 + static_cast<std::int64_t>(random() % (8 * 60));
    return localMs(day, minute) + static_cast<std::int64_t>(random() % 60) * 1000;
}

// A kiosk's year, planned, then played by the real kiosk code ---------------------------------

struct PlannedRating {
    std::int64_t at = 0;  ///< UTC ms, the true time
    std::string value;    ///< very_satisfied | satisfied | not_satisfied
    std::uint32_t flags = 0;
    bool counted = true;  ///< counted once imported (not misuse, not in the batch that is lost)
};

enum class Fate { Kept, Copied, Lost };

struct PlannedExport {
    std::int64_t at = 0;
    Fate fate = Fate::Kept;
};

/// The unit a kiosk serves from an instant on (set up, or re-configured when the map changed).
struct Stint {
    std::int64_t from = std::numeric_limits<std::int64_t>::min();
    UnitInfo unit;
};

struct KioskPlan {
    std::string keyName;  ///< FOLDER/keys/<keyName>.key: the unit it was set up for
    std::vector<Stint> stints;
    std::vector<PlannedRating> ratings;  ///< by time
    std::vector<PlannedExport> exports;  ///< by time; every rating comes before the last
    /// The kiosk's wall clock is this much ahead while it rates; it is set right for exports.
    std::int64_t clockAheadMs = 0;
    std::int64_t installMs = 0;
    std::uint64_t seed = 0;
};

struct KioskOutcome {
    std::string kioskId;
    int batchFiles = 0;
    std::int64_t counted = 0, satisfied = 0;
    std::string copiedFile, lostBatch;
};

constexpr const char* Procedures[] = {"CCCD", "DKXE", "TAMTRU", "THUONGTRU", "HOCHIEU"};

KioskOutcome playKiosk(const KioskPlan& plan, std::size_t number, const fs::path& folder, const Questionnaire& q) {
    KioskOutcome out;
    const fs::path batches = folder / "batches", dir = folder / "kiosks" / plan.keyName;
    fs::create_directories(dir);
    std::mt19937_64 random(plan.seed);
    ManualClock clock(plan.installMs, 1'000'000, Offset, "demo-boot-" + std::to_string(number));
    RandomIds ids;
    KioskDatabase db(dir / "hailong.db", clock, ids);
    // Made-up data in a database thrown away at the end: no need to wait for the disk, nor to
    // share the file, nor to survive a crash (a quarter less time than the kiosk's own settings).
    db.db().exec("PRAGMA synchronous=OFF");
    db.db().exec("PRAGMA locking_mode=EXCLUSIVE");
    db.db().execAndGet("PRAGMA journal_mode=MEMORY");
    db.rememberQuestionnaire(q.id, q.version, q.source, clock.wallMs());
    AuditLog audit(db, clock);
    const KioskKeys kioskKeys = KioskKeys::loadOrCreate(dir, db, audit);
    SettingsStore settingsStore(db);
    KioskSettings settings;
    std::size_t stint = 0;
    const auto serve = [&](std::size_t s, bool audited) {
        stint = s;
        settings.unitCode = plan.stints[s].unit.code;
        settings.unitName = plan.stints[s].unit.name;
        settings.unitLevel = plan.stints[s].unit.level;
        settings.counterName = plan.stints[s].unit.counter;
        const auto problems = audited ? settingsStore.save(settings, auditSettingChanges(audit))
                                      : settingsStore.save(settings);
        if (!problems.empty()) throw std::runtime_error("demo settings refused: " + problems.front().message.en);
    };
    // Re-configured when the time comes: the settings change is in the audit log of the next batch.
    const auto serveAt = [&](std::int64_t at) {
        std::size_t s = stint;
        while (s + 1 < plan.stints.size() && plan.stints[s + 1].from <= at) ++s;
        if (s == stint) return;
        clock.setWallMs(plan.stints[s].from + plan.clockAheadMs);
        clock.advanceMs(60'000);
        serve(s, true);
    };
    serve(0, false);
    out.kioskId = db.kioskId();
    SqliteResponseStore store(db, cacheExportLines);
    Exporter exporter(db, kioskKeys, audit, clock, "hailong demo");
    {
        std::ofstream key(folder / "keys" / (plan.keyName + ".key"));
        key << formatKioskKeyFile({db.kioskId(), kioskKeys.publicKeyHex(), plan.stints[0].unit});
        if (!key) throw std::runtime_error("cannot write the key file of " + plan.keyName);
    }

    int dossiers = 0;
    const auto rate = [&](const PlannedRating& planned) {
        serveAt(planned.at);
        clock.setWallMs(planned.at + plan.clockAheadMs);
        clock.advanceMs(1000);
        Response r;
        r.uuid = ids.newUuid();
        r.unit = plan.stints[stint].unit;
        r.officerId = "cb" + std::to_string(random() % 4 + 1);
        r.procedureCode = random() % 3 ? Procedures[random() % 5] : "";
        r.dossierCode = random() % 5 < 2 ? "HS-" + std::to_string(number + 1) + "-" + std::to_string(++dossiers) : "";
        r.questionnaireId = q.id;
        r.questionnaireVersion = q.version;
        r.language = random() % 20 ? Language::Vi : Language::En;
        r.startedUtcMs = clock.wallMs();
        r.startedMonoMs = clock.monoMs();
        r.utcOffsetMinutes = Offset;
        r.bootId = clock.bootId();
        r.misuseFlags = planned.flags;
        r.answers.push_back(Answer{q.mainQuestion().id, q.mainQuestion().scale, {planned.value}, clock.wallMs()});
        store.begin(r);
        clock.advanceMs(4000);
        if (planned.value == "not_satisfied") {
            if (const Question* why = q.find("reasons"))
                store.saveAnswer(
                    r.uuid,
                    Answer{why->id, why->scale, {why->options[random() % why->options.size()].id}, clock.wallMs()});
        }
        clock.advanceMs(3000);
        store.finish(r.uuid, planned.value == "not_satisfied" ? EndReason::Completed : EndReason::Skipped,
                     clock.wallMs(), clock.monoMs());
    };

    ExportOptions options;
    options.humanFiles = false;
    std::size_t next = 0;
    for (const PlannedExport& e : plan.exports) {
        std::int64_t counted = 0, satisfied = 0;
        for (; next < plan.ratings.size() && plan.ratings[next].at < e.at; ++next) {
            const PlannedRating& planned = plan.ratings[next];
            rate(planned);
            counted += planned.counted;
            satisfied += planned.counted && planned.value != "not_satisfied";
        }
        serveAt(e.at);
        clock.setWallMs(e.at);  // right at export (set right, for the kiosk whose clock was ahead)
        auto exported = exporter.exportNext(batches, options);
        if (!exported && exported.error().problem == ExportProblem::NothingNew) continue;  // a quiet month
        if (!exported) throw std::runtime_error("demo export: " + exported.error().technical);
        if (e.fate == Fate::Lost) {  // exported, and never reaches headquarters
            fs::remove(exported->batchFile);
            out.lostBatch = "kiosk " + db.kioskId() + " batch " + std::to_string(exported->number);
            continue;
        }
        out.counted += counted;
        out.satisfied += satisfied;
        ++out.batchFiles;
        if (e.fate == Fate::Copied) {
            const fs::path copy = batches / ("copy-of-" + exported->batchFile.filename().string());
            fs::copy_file(exported->batchFile, copy, fs::copy_options::overwrite_existing);
            ++out.batchFiles;
            out.copiedFile = copy.filename().string();
        }
    }
    if (next != plan.ratings.size())
        throw std::logic_error("demo plan of " + plan.keyName + ": ratings after the last export");
    return out;
}

/// Plays the kiosks on a few threads (the time goes mostly to waiting for the disk).
std::vector<KioskOutcome> playKiosks(const std::vector<KioskPlan>& plans, const fs::path& folder,
                                     const std::function<void(int, int)>& progress) {
    const Questionnaire q = defaultQuestionnaire();
    std::vector<KioskOutcome> outcomes(plans.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::exception_ptr failure;
    int done = 0;
    const auto work = [&] {
        while (!failed) {
            const std::size_t i = next++;
            if (i >= plans.size()) return;
            try {
                outcomes[i] = playKiosk(plans[i], i, folder, q);
                const std::lock_guard<std::mutex> lock(mutex);
                ++done;
                if (progress) progress(done, static_cast<int>(plans.size()));
            } catch (...) {
                const std::lock_guard<std::mutex> lock(mutex);
                if (!failure) failure = std::current_exception();
                failed = true;
            }
        }
    };
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    return outcomes;
}

// Units and the registry file -----------------------------------------------------------------

/// A row of FOLDER/units.csv (the unit registry's columns). Dates "" are open-ended.
struct RegistryRow {
    std::string code, nameVi, nameEn, level, parent, validFrom, validTo, successor;
};

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

void writeRegistry(const fs::path& file, const std::vector<RegistryRow>& rows) {
    std::ofstream out(file, std::ios::binary);
    out << "code,name_vi,name_en,level,parent,valid_from,valid_to,successor\n";
    for (const RegistryRow& r : rows)
        out << csvField(r.code) << ',' << csvField(r.nameVi) << ',' << csvField(r.nameEn) << ',' << csvField(r.level)
            << ',' << csvField(r.parent) << ',' << csvField(r.validFrom) << ',' << csvField(r.validTo) << ','
            << csvField(r.successor) << '\n';
    out.close();
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

/// "Tỉnh Nghệ An" -> "tỉnh Nghệ An", "Thành phố Đà Nẵng" -> "thành phố Đà Nẵng" (as after "Công an").
std::string lowerKind(const std::string& name) {
    for (const char* kind : {"Tỉnh ", "Thành phố "})
        if (name.rfind(kind, 0) == 0) return "t" + name.substr(1);
    return name;
}

bool isCity(const std::string& provinceName) { return provinceName.rfind("Thành phố ", 0) == 0; }

/// "Nghe An Province" -> "Nghe An Provincial Police", "Da Nang City" -> "Da Nang City Police".
std::string policeEn(const std::string& nameEn) {
    const std::string province = " Province";
    if (nameEn.size() > province.size() &&
        nameEn.compare(nameEn.size() - province.size(), province.size(), province) == 0)
        return nameEn.substr(0, nameEn.size() - province.size()) + " Provincial Police";
    if (nameEn == "Hanoi") return "Hanoi City Police";
    return nameEn + " Police";
}

void summarise(DemoSummary& s, const std::vector<RegistryRow>& rows) {
    std::set<std::string> codes;
    for (const RegistryRow& r : rows)
        if (codes.insert(r.code).second) ++s.unitsByLevel[r.level];
    s.unitRows = static_cast<int>(rows.size());
}

// The police's 2019 measurement ------------------------------------------------------------

struct SeedUnit {
    std::string code, name, nameEn, level, parent;
    int ratings = 0;
    int notSatisfied = 0;
};

struct SeedProvince {
    const char* letters;  ///< the demo's code, CAT-<letters>
    const char* code;     ///< the administrative code of 2019 (assets/registry/provinces.csv)
    const char* name;     ///< as it was in 2019
    const char* nameEn;
    const char* districts[3];  ///< three of its district-level units in 2019
    const char* districtsEn[3];
};

// Ten provinces of 2019; Đà Nẵng and Cần Thơ were centrally-run cities, with quận (urban
// districts) and huyện.
// clang-format off
const SeedProvince SeedProvinces[] = {
    {"NA", "40", "Tỉnh Nghệ An", "Nghe An Province",
     {"huyện Nghi Lộc", "huyện Diễn Châu", "huyện Quỳnh Lưu"},
     {"Nghi Loc District", "Dien Chau District", "Quynh Luu District"}},
    {"PT", "25", "Tỉnh Phú Thọ", "Phu Tho Province",
     {"huyện Lâm Thao", "huyện Thanh Sơn", "huyện Đoan Hùng"},
     {"Lam Thao District", "Thanh Son District", "Doan Hung District"}},
    {"HT", "42", "Tỉnh Hà Tĩnh", "Ha Tinh Province",
     {"huyện Cẩm Xuyên", "huyện Đức Thọ", "huyện Hương Khê"},
     {"Cam Xuyen District", "Duc Tho District", "Huong Khe District"}},
    {"TH", "38", "Tỉnh Thanh Hóa", "Thanh Hoa Province",
     {"huyện Hoằng Hóa", "huyện Thọ Xuân", "huyện Tĩnh Gia"},
     {"Hoang Hoa District", "Tho Xuan District", "Tinh Gia District"}},
    {"QN", "22", "Tỉnh Quảng Ninh", "Quang Ninh Province",
     {"huyện Tiên Yên", "huyện Vân Đồn", "huyện Đầm Hà"},
     {"Tien Yen District", "Van Don District", "Dam Ha District"}},
    {"BN", "27", "Tỉnh Bắc Ninh", "Bac Ninh Province",
     {"huyện Tiên Du", "huyện Gia Bình", "huyện Lương Tài"},
     {"Tien Du District", "Gia Binh District", "Luong Tai District"}},
    {"DN", "48", "Thành phố Đà Nẵng", "Da Nang City",
     {"quận Hải Châu", "quận Sơn Trà", "huyện Hòa Vang"},
     {"Hai Chau District", "Son Tra District", "Hoa Vang District"}},
    {"CT", "92", "Thành phố Cần Thơ", "Can Tho City",
     {"quận Ninh Kiều", "quận Cái Răng", "huyện Phong Điền"},
     {"Ninh Kieu District", "Cai Rang District", "Phong Dien District"}},
    {"LD", "68", "Tỉnh Lâm Đồng", "Lam Dong Province",
     {"huyện Đức Trọng", "huyện Di Linh", "huyện Lâm Hà"},
     {"Duc Trong District", "Di Linh District", "Lam Ha District"}},
    {"DL", "66", "Tỉnh Đắk Lắk", "Dak Lak Province",
     {"huyện Krông Pắc", "huyện Ea Kar", "huyện Krông Năng"},
     {"Krong Pac District", "Ea Kar District", "Krong Nang District"}},
};
// clang-format on

// 1 central department, 10 provincial police, 30 district and 69 commune units: 110.
std::vector<SeedUnit> seedUnits() {
    std::vector<SeedUnit> units;
    units.push_back({"C08", "Cục Cảnh sát giao thông", "Traffic Police Department", "central", "", 600});
    for (const SeedProvince& p : SeedProvinces)
        units.push_back({std::string("CAT-") + p.letters, "Công an " + lowerKind(p.name), policeEn(p.nameEn),
                         "province", p.code, 300});
    for (int d = 0; d < 30; ++d) {
        const SeedProvince& p = SeedProvinces[d % 10];
        units.push_back({"CAH-" + std::string(p.letters) + "-" + std::to_string(d / 10 + 1),
                         "Công an " + std::string(p.districts[d / 10]) + ", " + lowerKind(p.name),
                         std::string(p.districtsEn[d / 10]) + " Police, " + p.nameEn, "district",
                         std::string("CAT-") + p.letters, 200});
    }
    for (int c = 0; c < 69; ++c) {  // made-up communes, numbered within their province
        const SeedProvince& p = SeedProvinces[c % 10];
        const int n = c / 10 + 1;
        const bool ward = isCity(p.name) && n <= 4;
        units.push_back(
            {"CAX-" + std::string(p.letters) + "-" + std::to_string(n) + std::to_string(c),
             std::string("Công an ") + (ward ? "phường" : "xã") + " số " + std::to_string(n) + ", " + lowerKind(p.name),
             std::string(ward ? "Ward" : "Commune") + " Police No. " + std::to_string(n) + ", " + p.nameEn, "commune",
             std::string("CAT-") + p.letters, c < 50 ? 151 : 150});
    }
    // 20,000 ratings in all; 2,662 not satisfied, none at C08, Nghệ An and Phú Thọ: 86.69%.
    const auto perfect = [](const SeedUnit& u) { return u.code == "C08" || u.code == "CAT-NA" || u.code == "CAT-PT"; };
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

std::vector<RegistryRow> seedRegistry(const std::vector<SeedUnit>& units) {
    std::vector<RegistryRow> rows;
    for (const SeedUnit& u : units) {
        RegistryRow r{u.code, u.name, u.nameEn, u.level, u.parent, "", "", ""};
        if (u.level == "district") {  // district police ended on 1 March 2025, their work to the province's
            r.validTo = "2025-02-28";
            r.successor = u.parent;
        }
        if (u.code == "CAT-BN") {  // Bắc Ninh (27) merged into the new Bắc Ninh, code 24, on 1 July 2025
            r.validTo = "2025-06-30";
            r.successor = u.code;
            rows.push_back(r);
            r = RegistryRow{u.code, u.name, u.nameEn, u.level, "24", "2025-07-01", "", ""};
        }
        rows.push_back(r);
    }
    return rows;
}

std::vector<KioskPlan> seedPlans(const std::vector<SeedUnit>& units) {
    const std::size_t missingKiosk = 40, wrongClockKiosk = 77, burstKiosk = 12, duplicatedKiosk = 3;
    std::vector<std::int64_t> days;  // the working days of 2019
    std::vector<Month> months;
    for (Month m{2019, 1}; m.year == 2019; m = m.next()) {
        months.push_back(m);
        const auto d = m.workingDays();
        days.insert(days.end(), d.begin(), d.end());
    }
    std::vector<KioskPlan> plans;
    for (std::size_t k = 0; k < units.size(); ++k) {
        const SeedUnit& unit = units[k];
        KioskPlan plan;
        plan.keyName = unit.code;
        plan.stints.push_back(
            {std::numeric_limits<std::int64_t>::min(), UnitInfo{unit.code, unit.name, unit.level, "Quầy tiếp nhận 1"}});
        plan.installMs = localMs(dayOf(2019, 1, 1), 7 * 60);
        plan.seed = 20190101 + k;
        std::mt19937_64 random(plan.seed * 7919);
        std::vector<bool> notSatisfied(static_cast<std::size_t>(unit.ratings), false);
        for (int i = 0; i < unit.notSatisfied; ++i) notSatisfied[static_cast<std::size_t>(i)] = true;
        std::shuffle(notSatisfied.begin(), notSatisfied.end(), random);
        for (int i = 0; i < unit.ratings; ++i) {
            const bool bad = notSatisfied[static_cast<std::size_t>(i)];
            plan.ratings.push_back({ratingTime(days, random), bad                 ? "not_satisfied"
                                                              : random() % 10 < 6 ? "very_satisfied"
                                                                                  : "satisfied"});
        }
        if (k == burstKiosk)  // someone pressing the top face again and again, one Friday in March
            for (int b = 0; b < 8; ++b)
                plan.ratings.push_back({localMs(dayOf(2019, 3, 29), 10 * 60) + b * 5'000, "very_satisfied",
                                        misuse::Burst | misuse::RapidRepeat, false});
        if (k == wrongClockKiosk) {
            // Its clock ran two years ahead all year, and nobody exported it until the end of the
            // year, when the clock was set right: its ratings are dated 2021, after the batch's
            // own export time, so headquarters marks them whatever the date it imports them.
            plan.clockAheadMs = 730 * DayMs;
            plan.exports.push_back({months.back().exportMs(), Fate::Kept});
        } else {
            for (const Month& m : months) {
                plan.exports.push_back(
                    {m.exportMs(), k == duplicatedKiosk && m.month == 2 ? Fate::Copied : Fate::Kept});
                if (k == missingKiosk && m.month == 6) {  // an extra batch the same day, that never arrives
                    for (int b = 0; b < 12; ++b)
                        plan.ratings.push_back({m.exportMs() + (5 + b) * MinuteMs, "satisfied", 0, false});
                    plan.exports.push_back({m.exportMs() + 30 * MinuteMs, Fate::Lost});
                }
            }
        }
        std::stable_sort(plan.ratings.begin(), plan.ratings.end(),
                         [](const PlannedRating& a, const PlannedRating& b) { return a.at < b.at; });
        plans.push_back(std::move(plan));
    }
    return plans;
}

DemoSummary makeSeed2019(const fs::path& folder, const std::function<void(int, int)>& progress) {
    DemoSummary summary;
    summary.firstDay = "2019-01-01";
    summary.lastDay = "2019-12-31";
    const std::vector<SeedUnit> units = seedUnits();
    const std::vector<RegistryRow> registry = seedRegistry(units);
    writeRegistry(folder / "units.csv", registry);
    summarise(summary, registry);
    const std::vector<KioskPlan> plans = seedPlans(units);
    const std::vector<KioskOutcome> outcomes = playKiosks(plans, folder, progress);
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
        const KioskOutcome& o = outcomes[k];
        ++summary.kiosks;
        summary.batchFiles += o.batchFiles;
        summary.ratingsCounted += o.counted;
        summary.satisfied += o.satisfied;
        if (!o.copiedFile.empty()) summary.duplicatedFile = o.copiedFile;
        if (!o.lostBatch.empty()) summary.missingBatch = o.lostBatch;
        if (plans[k].clockAheadMs != 0) {
            summary.wrongClockKiosk = o.kioskId;
            summary.wrongClockRatings = o.counted;
        }
        if (std::any_of(plans[k].ratings.begin(), plans[k].ratings.end(),
                        [](const PlannedRating& r) { return r.flags != 0; }))
            summary.burstKiosk = o.kioskId;
    }
    return summary;
}

}  // namespace

DemoSummary makeDemoData(const fs::path& folder, const std::function<void(int, int)>& progress) {
    for (const fs::path& p : {folder / "batches", folder / "keys", folder / "kiosks"}) fs::create_directories(p);
    DemoSummary summary = makeSeed2019(folder, progress);
    std::error_code ignored;
    fs::remove_all(folder / "kiosks", ignored);
    return summary;
}

}  // namespace hailong::core
