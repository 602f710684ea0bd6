#pragma once
// A kiosk database with keys, an exporter and a USB folder, and ratings of every kind: the
// fixture of the batch and headquarters tests.
#include "batch/batch_format.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/kiosk_backup.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"
#include "survey/settings.h"

#include <catch2/catch.hpp>

#include <filesystem>

namespace hailong::test {

using namespace hailong::core;
namespace fs = std::filesystem;

/// A kiosk database restored from a backup, on a replacement PC (a new data folder).
struct RestoredFrom {
    fs::path backup;
};

struct Kiosk {
    /// kioskNumber: another number, another kiosk (its ids, and so its kiosk id, differ).
    explicit Kiosk(unsigned long long kioskNumber = 1) : ids(kioskNumber << 32) { setUp(); }
    /// The kiosk of the backup on a new PC: its database restored (markRestored done), a new
    /// signing key (the old one stayed on the old PC). idsNumber: ids unlike the first PC's.
    Kiosk(const RestoredFrom& from, unsigned long long idsNumber)
        : ids(idsNumber << 32), db(restored(dir, from), clock, ids) {
        fs::create_directories(out);
        markRestored(db, audit, from.backup.string());
    }
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "hailong.db", clock, ids};
    AuditLog audit{db, clock};
    KioskKeys keys = KioskKeys::loadOrCreate(dir.path(), db, audit);
    SqliteResponseStore store{db, ExportLineCache(keys)};
    Exporter exporter{db, keys, audit, clock, "hailong test"};
    fs::path out = dir / "usb";

    void setUp() {
        fs::create_directories(out);
        KioskSettings s;
        s.unitCode = "CA-NA";
        s.unitName = "Công an tỉnh Nghệ An";
        s.unitLevel = "province";
        s.counterName = "Quầy 1";
        REQUIRE(SettingsStore(db).save(s).empty());
        db.rememberQuestionnaire("default", defaultQuestionnaire().version, defaultQuestionnaire().source,
                                 clock.wallMs());
        audit.record(audit::StaffSignIn, "officer=cb07");
    }

    // One finished response; i varies every field.
    Response rate(int i, const std::string& main = "satisfied") {
        clock.advanceMs(60'000);
        Response r;
        r.uuid = ids.newUuid();
        r.kioskId = db.kioskId();
        r.unit = UnitInfo{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"};
        r.officerId = i % 2 ? "cb07" : "";
        r.procedureCode = i % 3 ? "CCCD" : "";
        r.dossierCode = i % 4 == 0 ? "HS-" + std::to_string(100 + i % 8) : "";
        r.questionnaireId = "default";
        r.questionnaireVersion = defaultQuestionnaire().version;
        r.language = i % 5 ? Language::Vi : Language::En;
        r.startedUtcMs = clock.wallMs();
        r.startedMonoMs = clock.monoMs();
        r.utcOffsetMinutes = 420;
        r.bootId = clock.bootId();
        r.answers.push_back(Answer{"overall", Scale::ThreeLevel, {main}, clock.wallMs()});
        store.begin(r);
        clock.advanceMs(3000);
        if (main == "not_satisfied")
            store.saveAnswer(r.uuid, Answer{"reasons", Scale::MultiSelect, {"waiting", "attitude"}, clock.wallMs()});
        if (i % 7 == 0) store.setComment(r.uuid, "Chờ lâu, \"rất\" lâu,\nnhưng cán bộ tận tình\r\nCảm ơn; tab\there");
        if (i % 11 == 0) store.addMisuseFlags(r.uuid, misuse::RapidRepeat);
        store.finish(r.uuid, i % 6 == 0 ? EndReason::Timeout : EndReason::Completed, clock.wallMs(), clock.monoMs());
        return *store.find(r.uuid);
    }
    void rateMany(int n) {
        for (int i = 0; i < n; ++i) rate(i, i % 10 == 0 ? "not_satisfied" : i % 3 ? "very_satisfied" : "satisfied");
    }
    ExportResult exportOk(const fs::path& folder) {
        auto r = exporter.exportNext(folder);
        INFO((r ? "" : r.error().technical));
        REQUIRE(r);
        return *r;
    }
    static fs::path restored(const TempDir& dir, const RestoredFrom& from) {
        const auto info = restoreKioskDatabase(from.backup, dir / "hailong.db");
        INFO((info ? "" : info.error()));
        REQUIRE(info);
        return dir / "hailong.db";
    }
    BatchReadOptions ownKey() const {
        BatchReadOptions o;
        o.expectedPublicKeyHex = keys.publicKeyHex();
        return o;
    }
};

}  // namespace hailong::test
