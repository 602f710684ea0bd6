#include "demo_play.h"

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

namespace hailong::core::demo {

namespace {

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

}  // namespace

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

namespace {

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

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

}  // namespace hailong::core::demo
