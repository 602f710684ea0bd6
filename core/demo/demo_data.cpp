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

/// "Tỉnh Vĩnh Phúc" -> "Vĩnh Phúc".
std::string withoutKind(const std::string& name) {
    for (const std::string kind : {"Tỉnh ", "Thành phố "})
        if (name.rfind(kind, 0) == 0) return name.substr(kind.size());
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

// Seed2019: the police's 2019 measurement ------------------------------------------------------

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
    summary.scenario = DemoScenario::Seed2019;
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

// Map2026: two years across the reform of 2025 ------------------------------------------------

/// A provincial-level unit before 1 July 2025 (assets/registry/provinces.csv), with one of its
/// district-level units (a huyện that existed until the end of the district level).
struct FormerProvince {
    const char* code;
    const char* name;
    const char* nameEn;
    const char* successor;  ///< the code of the province it is part of from 1 July 2025
    const char* district;
    const char* districtEn;
};

const FormerProvince FormerProvinces[] = {
    {"01", "Thành phố Hà Nội", "Hanoi", "01", "huyện Ba Vì", "Ba Vi District"},
    {"02", "Tỉnh Hà Giang", "Ha Giang Province", "08", "huyện Đồng Văn", "Dong Van District"},
    {"04", "Tỉnh Cao Bằng", "Cao Bang Province", "04", "huyện Trùng Khánh", "Trung Khanh District"},
    {"06", "Tỉnh Bắc Kạn", "Bac Kan Province", "19", "huyện Ba Bể", "Ba Be District"},
    {"08", "Tỉnh Tuyên Quang", "Tuyen Quang Province", "08", "huyện Hàm Yên", "Ham Yen District"},
    {"10", "Tỉnh Lào Cai", "Lao Cai Province", "15", "huyện Bắc Hà", "Bac Ha District"},
    {"11", "Tỉnh Điện Biên", "Dien Bien Province", "11", "huyện Mường Chà", "Muong Cha District"},
    {"12", "Tỉnh Lai Châu", "Lai Chau Province", "12", "huyện Tam Đường", "Tam Duong District"},
    {"14", "Tỉnh Sơn La", "Son La Province", "14", "huyện Mộc Châu", "Moc Chau District"},
    {"15", "Tỉnh Yên Bái", "Yen Bai Province", "15", "huyện Văn Chấn", "Van Chan District"},
    {"17", "Tỉnh Hòa Bình", "Hoa Binh Province", "25", "huyện Mai Châu", "Mai Chau District"},
    {"19", "Tỉnh Thái Nguyên", "Thai Nguyen Province", "19", "huyện Đại Từ", "Dai Tu District"},
    {"20", "Tỉnh Lạng Sơn", "Lang Son Province", "20", "huyện Hữu Lũng", "Huu Lung District"},
    {"22", "Tỉnh Quảng Ninh", "Quang Ninh Province", "22", "huyện Vân Đồn", "Van Don District"},
    {"24", "Tỉnh Bắc Giang", "Bac Giang Province", "24", "huyện Lục Nam", "Luc Nam District"},
    {"25", "Tỉnh Phú Thọ", "Phu Tho Province", "25", "huyện Lâm Thao", "Lam Thao District"},
    {"26", "Tỉnh Vĩnh Phúc", "Vinh Phuc Province", "25", "huyện Tam Đảo", "Tam Dao District"},
    {"27", "Tỉnh Bắc Ninh", "Bac Ninh Province", "24", "huyện Gia Bình", "Gia Binh District"},
    {"30", "Tỉnh Hải Dương", "Hai Duong Province", "31", "huyện Thanh Hà", "Thanh Ha District"},
    {"31", "Thành phố Hải Phòng", "Hai Phong City", "31", "huyện Vĩnh Bảo", "Vinh Bao District"},
    {"33", "Tỉnh Hưng Yên", "Hung Yen Province", "33", "huyện Khoái Châu", "Khoai Chau District"},
    {"34", "Tỉnh Thái Bình", "Thai Binh Province", "33", "huyện Tiền Hải", "Tien Hai District"},
    {"35", "Tỉnh Hà Nam", "Ha Nam Province", "37", "huyện Lý Nhân", "Ly Nhan District"},
    {"36", "Tỉnh Nam Định", "Nam Dinh Province", "37", "huyện Hải Hậu", "Hai Hau District"},
    {"37", "Tỉnh Ninh Bình", "Ninh Binh Province", "37", "huyện Kim Sơn", "Kim Son District"},
    {"38", "Tỉnh Thanh Hóa", "Thanh Hoa Province", "38", "huyện Hoằng Hóa", "Hoang Hoa District"},
    {"40", "Tỉnh Nghệ An", "Nghe An Province", "40", "huyện Diễn Châu", "Dien Chau District"},
    {"42", "Tỉnh Hà Tĩnh", "Ha Tinh Province", "42", "huyện Hương Khê", "Huong Khe District"},
    {"44", "Tỉnh Quảng Bình", "Quang Binh Province", "44", "huyện Bố Trạch", "Bo Trach District"},
    {"45", "Tỉnh Quảng Trị", "Quang Tri Province", "44", "huyện Hải Lăng", "Hai Lang District"},
    // Thừa Thiên Huế became the centrally-run city of Huế on 1 January 2025 (Res. 175/2024/QH15).
    {"46", "Tỉnh Thừa Thiên Huế", "Thua Thien Hue Province", "46", "huyện A Lưới", "A Luoi District"},
    {"48", "Thành phố Đà Nẵng", "Da Nang City", "48", "huyện Hòa Vang", "Hoa Vang District"},
    {"49", "Tỉnh Quảng Nam", "Quang Nam Province", "48", "huyện Duy Xuyên", "Duy Xuyen District"},
    {"51", "Tỉnh Quảng Ngãi", "Quang Ngai Province", "51", "huyện Sơn Tịnh", "Son Tinh District"},
    {"52", "Tỉnh Bình Định", "Binh Dinh Province", "52", "huyện Tuy Phước", "Tuy Phuoc District"},
    {"54", "Tỉnh Phú Yên", "Phu Yen Province", "66", "huyện Tuy An", "Tuy An District"},
    {"56", "Tỉnh Khánh Hòa", "Khanh Hoa Province", "56", "huyện Diên Khánh", "Dien Khanh District"},
    {"58", "Tỉnh Ninh Thuận", "Ninh Thuan Province", "56", "huyện Ninh Hải", "Ninh Hai District"},
    {"60", "Tỉnh Bình Thuận", "Binh Thuan Province", "68", "huyện Hàm Thuận Bắc", "Ham Thuan Bac District"},
    {"62", "Tỉnh Kon Tum", "Kon Tum Province", "51", "huyện Đắk Hà", "Dak Ha District"},
    {"64", "Tỉnh Gia Lai", "Gia Lai Province", "52", "huyện Chư Sê", "Chu Se District"},
    {"66", "Tỉnh Đắk Lắk", "Dak Lak Province", "66", "huyện Krông Pắc", "Krong Pac District"},
    {"67", "Tỉnh Đắk Nông", "Dak Nong Province", "68", "huyện Cư Jút", "Cu Jut District"},
    {"68", "Tỉnh Lâm Đồng", "Lam Dong Province", "68", "huyện Đức Trọng", "Duc Trong District"},
    {"70", "Tỉnh Bình Phước", "Binh Phuoc Province", "75", "huyện Bù Đăng", "Bu Dang District"},
    {"72", "Tỉnh Tây Ninh", "Tay Ninh Province", "80", "huyện Dương Minh Châu", "Duong Minh Chau District"},
    {"74", "Tỉnh Bình Dương", "Binh Duong Province", "79", "huyện Bàu Bàng", "Bau Bang District"},
    {"75", "Tỉnh Đồng Nai", "Dong Nai Province", "75", "huyện Trảng Bom", "Trang Bom District"},
    {"77", "Tỉnh Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau Province", "79", "huyện Xuyên Mộc", "Xuyen Moc District"},
    {"79", "Thành phố Hồ Chí Minh", "Ho Chi Minh City", "79", "huyện Củ Chi", "Cu Chi District"},
    {"80", "Tỉnh Long An", "Long An Province", "80", "huyện Đức Hòa", "Duc Hoa District"},
    {"82", "Tỉnh Tiền Giang", "Tien Giang Province", "82", "huyện Cái Bè", "Cai Be District"},
    {"83", "Tỉnh Bến Tre", "Ben Tre Province", "86", "huyện Mỏ Cày Nam", "Mo Cay Nam District"},
    {"84", "Tỉnh Trà Vinh", "Tra Vinh Province", "86", "huyện Cầu Kè", "Cau Ke District"},
    {"86", "Tỉnh Vĩnh Long", "Vinh Long Province", "86", "huyện Long Hồ", "Long Ho District"},
    {"87", "Tỉnh Đồng Tháp", "Dong Thap Province", "82", "huyện Tháp Mười", "Thap Muoi District"},
    {"89", "Tỉnh An Giang", "An Giang Province", "91", "huyện Chợ Mới", "Cho Moi District"},
    {"91", "Tỉnh Kiên Giang", "Kien Giang Province", "91", "huyện Giồng Riềng", "Giong Rieng District"},
    {"92", "Thành phố Cần Thơ", "Can Tho City", "92", "huyện Phong Điền", "Phong Dien District"},
    {"93", "Tỉnh Hậu Giang", "Hau Giang Province", "92", "huyện Phụng Hiệp", "Phung Hiep District"},
    {"94", "Tỉnh Sóc Trăng", "Soc Trang Province", "92", "huyện Mỹ Xuyên", "My Xuyen District"},
    {"95", "Tỉnh Bạc Liêu", "Bac Lieu Province", "96", "huyện Hòa Bình", "Hoa Binh District"},
    {"96", "Tỉnh Cà Mau", "Ca Mau Province", "96", "huyện Năm Căn", "Nam Can District"},
};

/// The 34 provincial-level units from 1 July 2025; `formed` says whether it is a new unit (formed
/// by merger from 1 July 2025) or one of the 11 that stayed as they were.
struct NewProvince {
    const char* code;
    const char* name;
    const char* nameEn;
    bool formed;
};

const NewProvince NewProvinces[] = {
    {"01", "Thành phố Hà Nội", "Hanoi", false},
    {"04", "Tỉnh Cao Bằng", "Cao Bang Province", false},
    {"08", "Tỉnh Tuyên Quang", "Tuyen Quang Province", true},
    {"11", "Tỉnh Điện Biên", "Dien Bien Province", false},
    {"12", "Tỉnh Lai Châu", "Lai Chau Province", false},
    {"14", "Tỉnh Sơn La", "Son La Province", false},
    {"15", "Tỉnh Lào Cai", "Lao Cai Province", true},
    {"19", "Tỉnh Thái Nguyên", "Thai Nguyen Province", true},
    {"20", "Tỉnh Lạng Sơn", "Lang Son Province", false},
    {"22", "Tỉnh Quảng Ninh", "Quang Ninh Province", false},
    {"24", "Tỉnh Bắc Ninh", "Bac Ninh Province", true},
    {"25", "Tỉnh Phú Thọ", "Phu Tho Province", true},
    {"31", "Thành phố Hải Phòng", "Hai Phong City", true},
    {"33", "Tỉnh Hưng Yên", "Hung Yen Province", true},
    {"37", "Tỉnh Ninh Bình", "Ninh Binh Province", true},
    {"38", "Tỉnh Thanh Hóa", "Thanh Hoa Province", false},
    {"40", "Tỉnh Nghệ An", "Nghe An Province", false},
    {"42", "Tỉnh Hà Tĩnh", "Ha Tinh Province", false},
    {"44", "Tỉnh Quảng Trị", "Quang Tri Province", true},
    {"46", "Thành phố Huế", "Hue City", false},
    {"48", "Thành phố Đà Nẵng", "Da Nang City", true},
    {"51", "Tỉnh Quảng Ngãi", "Quang Ngai Province", true},
    {"52", "Tỉnh Gia Lai", "Gia Lai Province", true},
    {"56", "Tỉnh Khánh Hòa", "Khanh Hoa Province", true},
    {"66", "Tỉnh Đắk Lắk", "Dak Lak Province", true},
    {"68", "Tỉnh Lâm Đồng", "Lam Dong Province", true},
    {"75", "Tỉnh Đồng Nai", "Dong Nai Province", true},
    {"79", "Thành phố Hồ Chí Minh", "Ho Chi Minh City", true},
    {"80", "Tỉnh Tây Ninh", "Tay Ninh Province", true},
    {"82", "Tỉnh Đồng Tháp", "Dong Thap Province", true},
    {"86", "Tỉnh Vĩnh Long", "Vinh Long Province", true},
    {"91", "Tỉnh An Giang", "An Giang Province", true},
    {"92", "Thành phố Cần Thơ", "Can Tho City", true},
    {"96", "Tỉnh Cà Mau", "Ca Mau Province", true},
};

// The dates of the reform.
constexpr std::int64_t HueCityDay = dayOf(2025, 1, 1);           // Thừa Thiên Huế became the city of Huế
constexpr std::int64_t NoDistrictPoliceDay = dayOf(2025, 3, 1);  // district-level police ended
constexpr std::int64_t TwoLevelDay = dayOf(2025, 7, 1);          // 34 provinces, communes, no district level

/// Satisfaction in basis points (9000 = 90.00% satisfied or very satisfied).
struct Level {
    int bp;
    int at(int monthsAfterReform) const {
        // A few months of change after 1 July 2025 (new units, new counters, files moved), then a
        // little better than before.
        static constexpr int Change[] = {-600, -450, -300, -150, -50, 0, 50, 100, 100, 150, 150, 200};
        const int change = monthsAfterReform < 0 ? 0 : Change[std::min(monthsAfterReform, 11)];
        return std::clamp(bp + change, 5000, 9950);
    }
};

/// Ratings of one month at one kiosk: about `perMonth` on its working days from `fromDay` on.
template <typename Random>
void rateMonth(KioskPlan& plan, const Month& m, std::int64_t fromDay, std::int64_t toDay, int perMonth, int bp,
               Random& random) {
    std::vector<std::int64_t> days;
    for (std::int64_t d : m.workingDays())
        if (d >= fromDay && d <= toDay) days.push_back(d);
    if (days.empty()) return;
    const int n = perMonth * (80 + static_cast<int>(random() % 41)) / 100 * static_cast<int>(days.size()) /
                  static_cast<int>(m.workingDays().size());
    for (int i = 0; i < n; ++i) {
        const std::int64_t at = ratingTime(days, random);
        const bool satisfied = static_cast<int>(random() % 10000) < bp;
        plan.ratings.push_back(
            {at, satisfied ? (random() % 10 < 6 ? "very_satisfied" : "satisfied") : "not_satisfied"});
    }
}

DemoSummary makeMap2026(const fs::path& folder, const std::function<void(int, int)>& progress) {
    DemoSummary summary;
    summary.scenario = DemoScenario::Map2026;
    summary.firstDay = "2024-07-01";
    summary.lastDay = "2026-06-30";
    std::vector<Month> months;
    for (Month m{2024, 7}; m < Month{2026, 7}; m = m.next()) months.push_back(m);
    const auto monthsAfterReform = [](const Month& m) { return (m.year - 2025) * 12 + m.month - 7; };
    const std::int64_t firstDay = dayOf(2024, 7, 1), lastDay = dayOf(2026, 6, 30);
    const std::int64_t installMs = localMs(firstDay - 1, 9 * 60);
    constexpr int PerMonthCentral = 40, PerMonthProvince = 20, PerMonthDistrict = 16, PerMonthCommune = 8;

    std::mt19937_64 random(20250701);
    std::map<std::string, Level> former, formed;  // satisfaction of each province, by code
    for (const FormerProvince& p : FormerProvinces) former[p.code] = Level{8000 + static_cast<int>(random() % 1600)};
    std::map<std::string, std::vector<const FormerProvince*>> partsOf;
    for (const FormerProvince& p : FormerProvinces) partsOf[p.successor].push_back(&p);
    for (const NewProvince& n : NewProvinces) {
        int sum = 0;
        for (const FormerProvince* p : partsOf.at(n.code)) sum += former.at(p->code).bp;
        formed[n.code] = Level{sum / static_cast<int>(partsOf.at(n.code).size())};
    }
    const auto newProvince = [](const std::string& code) -> const NewProvince& {
        for (const NewProvince& n : NewProvinces)
            if (code == n.code) return n;
        throw std::logic_error("no province " + code);
    };

    std::vector<RegistryRow> registry;
    std::vector<KioskPlan> plans;
    const auto startPlan = [&](const std::string& keyName, const UnitInfo& unit) -> KioskPlan& {
        KioskPlan& plan = plans.emplace_back();
        plan.keyName = keyName;
        plan.stints.push_back({std::numeric_limits<std::int64_t>::min(), unit});
        plan.installMs = installMs;
        plan.seed = 20260630 + plans.size();
        return plan;
    };
    const auto at730 = [](std::int64_t day) { return localMs(day, 7 * 60 + 30); };  // re-configured before opening
    const auto finish = [](KioskPlan& plan) {
        std::stable_sort(plan.ratings.begin(), plan.ratings.end(),
                         [](const PlannedRating& a, const PlannedRating& b) { return a.at < b.at; });
    };

    // The central departments, throughout.
    const struct {
        const char *code, *name, *nameEn;
        int bp;
    } central[] = {{"C06", "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
                    "Police Department for Administrative Management of Social Order", 9400},
                   {"C08", "Cục Cảnh sát giao thông", "Traffic Police Department", 9100}};
    for (const auto& c : central) {
        registry.push_back({c.code, c.name, c.nameEn, "central", "", "", "", ""});
        KioskPlan& plan = startPlan(c.code, UnitInfo{c.code, c.name, "central", "Quầy tiếp nhận 1"});
        std::mt19937_64 r(plan.seed * 7919);
        for (const Month& m : months) {
            rateMonth(plan, m, firstDay, lastDay, PerMonthCentral, c.bp, r);
            plan.exports.push_back({m.exportMs()});
        }
        finish(plan);
    }

    // The provincial police: the 63 until 30 June 2025, the 34 from 1 July 2025. Each former
    // provincial police's kiosk carries on at its successor (a counter of its own at the former seat).
    for (const FormerProvince& p : FormerProvinces) {
        const std::string code = std::string("CAT-") + p.code, successor = std::string("CAT-") + p.successor;
        const NewProvince& n = newProvince(p.successor);
        const bool unchanged = !n.formed;  // one of the 11 provinces that stayed as they were
        const bool hue = std::string(p.code) == "46";
        const UnitInfo before{code, "Công an " + lowerKind(p.name), "province", "Quầy tiếp nhận 1"};
        if (unchanged && !hue) {
            registry.push_back({code, before.name, policeEn(p.nameEn), "province", p.code, "", "", ""});
        } else if (hue) {
            registry.push_back({code, before.name, policeEn(p.nameEn), "province", p.code, "", "2024-12-31", code});
            registry.push_back(
                {code, "Công an " + lowerKind(n.name), policeEn(n.nameEn), "province", p.code, "2025-01-01", "", ""});
        } else {
            registry.push_back(
                {code, before.name, policeEn(p.nameEn), "province", p.code, "", "2025-06-30", successor});
        }
        KioskPlan& plan = startPlan(code, before);
        if (hue)
            plan.stints.push_back(
                {at730(HueCityDay), UnitInfo{code, "Công an " + lowerKind(n.name), "province", "Quầy tiếp nhận 1"}});
        if (!unchanged)
            plan.stints.push_back({at730(TwoLevelDay), UnitInfo{successor, "Công an " + lowerKind(n.name), "province",
                                                                std::string(p.code) == p.successor
                                                                    ? "Quầy tiếp nhận 1"
                                                                    : "Quầy tiếp nhận, cơ sở " + withoutKind(p.name)}});
        std::mt19937_64 r(plan.seed * 7919);
        std::mt19937_64 own(plan.seed * 104729);
        const int noise = static_cast<int>(own() % 301) - 150;
        for (const Month& m : months) {
            const int after = monthsAfterReform(m);
            const int bp = (after < 0 ? former.at(p.code).bp : formed.at(p.successor).at(after)) + noise;
            // From March to June 2025 the provincial police also received the district police's work.
            const bool busier = after < 0 && m.firstDay() >= NoDistrictPoliceDay;
            rateMonth(plan, m, firstDay, lastDay, busier ? PerMonthProvince * 3 / 2 : PerMonthProvince, bp, r);
            plan.exports.push_back({m.exportMs()});
        }
        finish(plan);
    }
    for (const NewProvince& n : NewProvinces)
        if (n.formed)
            registry.push_back({std::string("CAT-") + n.code, "Công an " + lowerKind(n.name), policeEn(n.nameEn),
                                "province", n.code, "2025-07-01", "", ""});

    // One district police of each former province, until 28 February 2025; its kiosk then goes to
    // one of the new communes of the successor province, from 1 July 2025. The other communes get
    // kiosks of their own.
    std::map<std::string, int> communes, communesTaken;  // by new province: how many, how many given
    for (const NewProvince& n : NewProvinces) communes[n.code] = 5 + static_cast<int>(random() % 4);
    std::vector<RegistryRow> communeRows;
    const auto communeUnit = [&](const NewProvince& n, int number, const std::string& counter) {
        char code[16];
        std::snprintf(code, sizeof code, "-%02d", number);
        const bool ward = number <= (isCity(n.name) ? 3 : 1);  // the wards of the towns, then communes
        UnitInfo unit{std::string("CAX-") + n.code + code,
                      std::string("Công an ") + (ward ? "phường" : "xã") + " số " + std::to_string(number) + ", " +
                          lowerKind(n.name),
                      "commune", counter};
        communeRows.push_back(
            {unit.code, unit.name,
             std::string(ward ? "Ward" : "Commune") + " Police No. " + std::to_string(number) + ", " + n.nameEn,
             "commune", std::string("CAT-") + n.code, "2025-07-01", "", ""});
        return unit;
    };
    const auto communeLevel = [&](const NewProvince& n, std::mt19937_64& own) {
        return Level{formed.at(n.code).bp - 200 + static_cast<int>(own() % 601) - 300};
    };
    for (const FormerProvince& p : FormerProvinces) {
        const std::string parent = std::string("CAT-") + p.code, code = std::string("CAH-") + p.code + "-1";
        const std::string in = ", " + lowerKind(p.name), inEn = " Police, " + std::string(p.nameEn);
        const UnitInfo district{code, "Công an " + std::string(p.district) + in, "district", "Quầy tiếp nhận 1"};
        KioskPlan& plan = startPlan(code, district);
        if (std::string(p.code) == "46") {
            const NewProvince& hue = newProvince("46");
            const std::string renamed = "Công an " + std::string(p.district) + ", " + lowerKind(hue.name);
            registry.push_back({code, district.name, p.districtEn + inEn, "district", parent, "", "2024-12-31", code});
            registry.push_back({code, renamed, p.districtEn + std::string(" Police, ") + hue.nameEn, "district", parent,
                                "2025-01-01", "2025-02-28", parent});
            plan.stints.push_back({at730(HueCityDay), UnitInfo{code, renamed, "district", "Quầy tiếp nhận 1"}});
        } else {
            registry.push_back(
                {code, district.name, p.districtEn + inEn, "district", parent, "", "2025-02-28", parent});
        }
        const NewProvince& n = newProvince(p.successor);
        plan.stints.push_back({at730(TwoLevelDay), communeUnit(n, ++communesTaken[n.code], "Quầy tiếp nhận 1")});
        std::mt19937_64 r(plan.seed * 7919);
        std::mt19937_64 own(plan.seed * 104729);
        const Level commune = communeLevel(n, own);
        for (const Month& m : months) {
            const int after = monthsAfterReform(m);
            if (after < 0 && m.firstDay() >= NoDistrictPoliceDay) continue;  // no district police, no commune yet
            if (after < 0)
                rateMonth(plan, m, firstDay, NoDistrictPoliceDay - 1, PerMonthDistrict, former.at(p.code).bp - 300, r);
            else rateMonth(plan, m, TwoLevelDay, lastDay, PerMonthCommune, commune.at(after), r);
            plan.exports.push_back({m.exportMs()});
        }
        finish(plan);
    }
    for (const NewProvince& n : NewProvinces)
        for (int c = communesTaken[n.code] + 1; c <= communes.at(n.code); ++c) {
            const UnitInfo unit = communeUnit(n, c, "Quầy tiếp nhận 1");
            KioskPlan& plan = startPlan(unit.code, unit);
            plan.installMs = at730(TwoLevelDay) - DayMs;  // set up the day before the communes opened
            std::mt19937_64 r(plan.seed * 7919);
            std::mt19937_64 own(plan.seed * 104729);
            const Level commune = communeLevel(n, own);
            for (const Month& m : months) {
                if (monthsAfterReform(m) < 0) continue;
                rateMonth(plan, m, TwoLevelDay, lastDay, PerMonthCommune, commune.at(monthsAfterReform(m)), r);
                plan.exports.push_back({m.exportMs()});
            }
            finish(plan);
        }
    std::stable_sort(communeRows.begin(), communeRows.end(),
                     [](const RegistryRow& a, const RegistryRow& b) { return a.code < b.code; });
    registry.insert(registry.end(), communeRows.begin(), communeRows.end());
    writeRegistry(folder / "units.csv", registry);
    summarise(summary, registry);

    const std::vector<KioskOutcome> outcomes = playKiosks(plans, folder, progress);
    DemoPart before{"2024-07-01 – 2025-06-30 (63 provinces; district police until 2025-02-28)", 0, 0};
    DemoPart after{"2025-07-01 – 2026-06-30 (34 provinces, communes)", 0, 0};
    const std::int64_t reformMs = localMs(TwoLevelDay, 0);
    for (std::size_t k = 0; k < outcomes.size(); ++k) {
        ++summary.kiosks;
        summary.batchFiles += outcomes[k].batchFiles;
        summary.ratingsCounted += outcomes[k].counted;
        summary.satisfied += outcomes[k].satisfied;
        for (const PlannedRating& r : plans[k].ratings) {
            DemoPart& part = r.at < reformMs ? before : after;
            ++part.ratings;
            part.satisfied += r.value != "not_satisfied";
        }
    }
    summary.parts = {before, after};
    return summary;
}

}  // namespace

DemoSummary makeDemoData(const fs::path& folder, DemoScenario scenario, const std::function<void(int, int)>& progress) {
    for (const fs::path& p : {folder / "batches", folder / "keys", folder / "kiosks"}) fs::create_directories(p);
    DemoSummary summary = scenario == DemoScenario::Map2026 ? makeMap2026(folder, progress)
                                                            : makeSeed2019(folder, progress);
    std::error_code ignored;
    fs::remove_all(folder / "kiosks", ignored);
    return summary;
}

}  // namespace hailong::core
