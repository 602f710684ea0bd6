// A kiosk data folder for check_sealed_python.py: settings, the built-in questionnaire, a few
// ratings (one with the comment and dossier code given, the others in clear or empty) and
// headquarters' X25519 key pinned (meta 'hq_box_key'), so that `hailong export` seals.
//
//   make_sealed_kiosk DATA_DIR BOX_KEY_HEX COMMENT DOSSIER [UNIT_CODE UNIT_NAME]
// prints the UUID of the response that holds COMMENT. The unit is CA-NA (Công an tỉnh Nghệ An)
// unless given (check_web_browser.py puts kiosks in the demo's units).
#include "base/clock.h"
#include "base/ids.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/kiosk_keys.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "survey/settings.h"

#include <filesystem>
#include <iostream>

using namespace hailong::core;

int main(int argc, char** argv) {
    if (argc != 5 && argc != 7) {
        std::cerr << "usage: make_sealed_kiosk DATA_DIR BOX_KEY_HEX COMMENT DOSSIER [UNIT_CODE UNIT_NAME]\n";
        return 2;
    }
    try {
        const std::filesystem::path dir = argv[1];
        std::filesystem::create_directories(dir);
        SystemClock clock;
        RandomIds ids;
        KioskDatabase db(dir / "hailong.db", clock, ids);
        SqliteResponseStore store(db, cacheExportLines);
        AuditLog audit(db, clock);
        const KioskKeys keys = KioskKeys::loadOrCreate(dir, db, audit);
        KioskSettings s;
        s.unitCode = argc == 7 ? argv[5] : "CA-NA";
        s.unitName = argc == 7 ? argv[6] : "Công an tỉnh Nghệ An";
        s.unitLevel = "province";
        s.counterName = "Quầy 1";
        if (!SettingsStore(db).save(s).empty()) throw std::runtime_error("settings refused");
        db.rememberQuestionnaire("default", defaultQuestionnaire().version, defaultQuestionnaire().source,
                                 clock.wallMs());
        std::string commented;
        for (int i = 0; i < 3; ++i) {
            Response r;
            r.uuid = ids.newUuid();
            r.kioskId = db.kioskId();
            r.unit = UnitInfo{s.unitCode, s.unitName, s.unitLevel, s.counterName};
            r.dossierCode = i == 1 ? argv[4] : "";
            r.questionnaireId = "default";
            r.questionnaireVersion = defaultQuestionnaire().version;
            r.language = Language::Vi;
            r.startedUtcMs = clock.wallMs();
            r.startedMonoMs = clock.monoMs();
            r.utcOffsetMinutes = 420;
            r.bootId = clock.bootId();
            r.answers.push_back(
                Answer{"overall", Scale::ThreeLevel, {i == 1 ? "not_satisfied" : "satisfied"}, clock.wallMs()});
            store.begin(r);
            if (i == 1) {
                store.setComment(r.uuid, argv[3]);
                commented = r.uuid;
            }
            store.finish(r.uuid, EndReason::Completed, clock.wallMs(), clock.monoMs());
        }
        db.setMeta(PinnedBoxKeyMeta, argv[2]);
        std::cout << commented << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "make_sealed_kiosk: " << e.what() << "\n";
        return 1;
    }
}
