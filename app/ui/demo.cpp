#include "ui/demo.h"

#include "store/kiosk_backup.h"
#include "store/today_figures.h"

#include <cerrno>
#include <fstream>
#include <random>
#include <stdexcept>

namespace hailong::app {

core::SessionContext demoContext() {
    core::SessionContext demo;
    demo.unit = {"CA-P-BENTHANH", "Công an phường Bến Thành", "commune", "Quầy số 2 — Căn cước công dân"};
    demo.officerId = "cb01";
    demo.officerName = "Nguyễn Thị Lan";
    demo.officerTitle = "Thượng úy";
    return demo;
}

std::vector<core::Procedure> demoProcedures() {
    return {
        {"CCCD", {"Cấp thẻ Căn cước", "Identity card"}},
        {"THUONGTRU", {"Đăng ký thường trú", "Permanent residence registration"}},
        {"TAMTRU", {"Đăng ký tạm trú", "Temporary residence registration"}},
        {"XACNHANCT", {"Xác nhận thông tin về cư trú", "Residence confirmation"}},
        {"DANGKYXE", {"Đăng ký xe", "Vehicle registration"}},
        {"HOCHIEU", {"Cấp hộ chiếu phổ thông", "Passport"}},
    };
}

// Drives a demo flow to the named screen, the way a citizen would get there. "thanks" is the
// thank-you after the vote, with its offer of more; "thanks:final" the one after the questions.
bool driveToScreen(core::SurveyFlow& flow, core::ManualClock& clock, const std::string& screen) {
    using core::Screen;
    const core::Questionnaire& q = flow.questionnaire();
    auto step = [&] { clock.advanceMs(1000); };
    if (screen == "idle") return true;
    const core::Question* target = nullptr;
    if (screen.rfind("question:", 0) == 0 && !(target = q.find(screen.substr(9)))) return false;
    // Answer each question so the target's condition holds; skip the others.
    auto answerFor = [&](const core::Question& asked) -> std::string {
        if (target && target->showIf.questionId == asked.id) return target->showIf.anyOf.front();
        return asked.options.back().id;
    };
    step();
    const bool happy = screen == "thanks" || screen == "thanks:final";
    flow.answer(happy ? q.mainQuestion().options.front().id : answerFor(q.mainQuestion()));
    if (screen == "thanks") return flow.screen() == Screen::Thanks;
    if (screen == "main") {
        if (flow.offerShown()) {
            step();
            flow.takeOffer();
        }
        while (flow.screen() == Screen::Question || flow.screen() == Screen::Procedure) {
            step();
            flow.back();
        }
        return flow.screen() == Screen::Main;
    }
    if (!(target && q.followsVote(*target))) {
        // Past the vote's follow-ups (the reasons) to the thank-you, and take its offer.
        while (flow.screen() == Screen::Question && q.followsVote(*flow.currentQuestion())) {
            step();
            flow.skip();
        }
        if (flow.offerShown()) {
            step();
            flow.takeOffer();
        }
    }
    if (screen == "procedure") return flow.screen() == Screen::Procedure;
    if (flow.screen() == Screen::Procedure) {
        step();
        flow.skip();
    }
    if (screen == "thanks:final") {
        step();
        flow.finish();
        return flow.screen() == Screen::Thanks;
    }
    if (screen == "comment") {  // past every question, then a comment typed by Telex keys
        while (flow.screen() == Screen::Question) {
            step();
            flow.skip();
        }
        if (flow.screen() != Screen::Comment) return false;
        step();
        const bool vi = flow.language() == core::Language::Vi;  // the keyboard starts in the reader's language
        for (const char c :
             std::string(vi ? "Cans booj huwowngs daanx raats nhieetj tinhf" : "Quick and friendly service"))
            for (const std::string& key : core::tapsFor(c)) {
                clock.advanceMs(150);
                flow.commentKey(key);
            }
        return true;
    }
    while (flow.screen() == Screen::Question && flow.currentQuestion()->id != target->id) {
        step();
        const core::Question& asked = *flow.currentQuestion();
        if (target->showIf.questionId == asked.id && asked.scale != core::Scale::MultiSelect)
            flow.answer(answerFor(asked));
        else flow.skip();
    }
    if (flow.screen() != Screen::Question) return false;
    if (target->scale == core::Scale::MultiSelect && target->options.size() > 2) {  // show ticked boxes
        step();
        flow.toggle(target->options[0].id);
        step();
        flow.toggle(target->options[2].id);
    }
    step();
    return true;
}

std::vector<std::string> allScreens(const core::Questionnaire& q, bool withProcedure) {
    std::vector<std::string> names{"idle", "main"};
    if (withProcedure) names.push_back("procedure");
    for (std::size_t i = 1; i < q.questions.size(); ++i) names.push_back("question:" + q.questions[i].id);
    names.push_back("comment");
    names.push_back("thanks");
    names.push_back("thanks:final");
    return names;
}

// [SECTION] Staff side demo

namespace {
// A catalog as an administrator might have it: the built-in questionnaire, the unit's
// own, and an older file with a mistake in it.
core::StaffConfig demoStaffConfig() {
    core::StaffConfig config;
    config.questionnaireDir = "/var/lib/hailong/questionnaires";
    config.questionnaireCatalog = [] {
        std::vector<core::QuestionnaireOption> list = core::listQuestionnaires({}, nullptr);
        list.push_back({"/var/lib/hailong/questionnaires/ca-phuong-2026.toml", "ca-phuong", 2,
                        core::Text{"Phiếu đánh giá của Công an phường", "Ward police feedback form"}, std::nullopt});
        list.push_back(
            {"/var/lib/hailong/questionnaires/phieu-cu.toml",
             "",
             0,
             {},
             core::Text{"Tệp có lỗi, không dùng được: phieu-cu.toml:12:1: unknown key 'scal'",
                        "This file has a mistake and cannot be used: phieu-cu.toml:12:1: unknown key 'scal'"}});
        return list;
    };
    config.exportTargets = [] {
        return std::vector<core::ExportTarget>{
            {"/media/kiosk/KINGSTON", "KINGSTON", true, 14'200'000'000},
            {"/var/lib/hailong/exports", "/var/lib/hailong/exports", false, 96'000'000'000},
        };
    };
    return config;
}
}  // namespace

StaffDemo::StaffDemo(const core::Questionnaire& q, const core::Strings& strings, const FontSet& fonts)
    : m_db(":memory:", m_clock, m_ids),
      m_store(m_db),
      m_audit(m_db, m_clock),
      m_auth(m_db, m_clock, m_audit, core::PinPolicy::fastForTests()),
      m_officers(m_db, m_audit, core::PinPolicy::fastForTests()),
      m_settings(m_db),
      m_flow(m_auth, m_officers, m_audit, m_settings, m_clock, demoStaffConfig()) {
    core::KioskSettings demo = m_settings.load();
    const core::SessionContext ctx = demoContext();
    demo.unitCode = ctx.unit.code;
    demo.unitName = ctx.unit.name;
    demo.unitLevel = ctx.unit.level;
    demo.counterName = ctx.unit.counter;
    demo.procedures = demoProcedures();
    // The demo's own data is fixed: a refusal is a fault of this program, said loudly.
    if (!m_settings.save(demo).empty()) throw std::logic_error("demo settings refused");
    for (const auto& [officer, pin] :
         {std::pair<core::Officer, const char*>{{"cb01", "Nguyễn Thị Lan", "Thượng úy", true}, "735194"},
          {{"cb02", "Trần Văn Minh", "Đại úy", true}, "730518"},
          {{"cb03", "Lê Hoàng Phúc", "Trung úy", true}, "951372"}})
        if (!m_officers.save(officer, std::string(pin))) throw std::logic_error("demo officer refused: " + officer.id);
    // A plausible day: mostly satisfied, a few not, and a burst of misuse.
    core::SurveyFlow flow(q, m_store, m_clock, m_ids, core::FlowConfig{});
    flow.setContext(demoContext());
    const char* day = "vvvsvvsvnvvsvvvsvsvvnvvsvvvvsvsvvvsnvvvsvvsvvvsvvv";
    const auto& options = q.mainQuestion().options;
    for (const char* c = day; *c; ++c) {
        m_clock.advanceMs(7 * 60'000);
        const std::size_t pick = *c == 'v' ? 0 : *c == 's' ? 1 : options.size() - 1;
        flow.answer(options[pick].id);
        m_clock.advanceMs(1000);
        flow.finish();
        m_clock.advanceMs(1000);
        flow.dismissThanks();
    }
    for (int i = 0; i < 6; ++i) {  // someone pressing the top face again and again
        m_clock.advanceMs(4000);
        flow.answer(options[0].id);
        m_clock.advanceMs(500);
        flow.finish();
        m_clock.advanceMs(500);
        flow.dismissThanks();
    }
    const auto figures = [this, &q] {
        return StaffFigures{core::computeFigures(m_db, q, 0, m_clock.wallMs() + 1), core::storageHealth(m_db),
                            core::lastExportedBatch(m_db)};
    };
    m_ui = std::make_unique<StaffUi>(m_flow, m_officers, q, figures, strings, fonts, m_clock);
    m_hqDir = std::filesystem::temp_directory_path() /
              ("hailong-demo-" + std::to_string(std::random_device{}()) + std::to_string(m_clock.monoMs()));
    core::HqLinkConfig hq;
    hq.drives = [this] {
        return std::vector<core::ExportTarget>{{m_hqDir / "KINGSTON", "KINGSTON", true, 14'200'000'000}};
    };
    hq.questionnaireDir = m_hqDir / "questionnaires";
    m_hq = std::make_unique<core::HqLinkFlow>(m_db, m_audit, m_clock, hq);
    m_flow.attachHq(m_hq.get());
}

StaffDemo::~StaffDemo() {
    std::error_code ec;
    std::filesystem::remove_all(m_hqDir, ec);
}

bool StaffDemo::driveToHq(const std::string& screen) {
    const std::filesystem::path drive = m_hqDir / "KINGSTON";
    std::filesystem::create_directories(drive);
    const core::HqKeyring keyring = core::HqKeyring::create(m_hqDir / "hq", "Công an tỉnh Nghệ An");
    const core::HqPublicKey& key = keyring.current();
    std::ofstream(drive / "hailong-hq-key.hlkey") << core::formatHqKeyFile(key);
    if (screen == "staff:hq_key") {
        m_flow.showHqKey();
        return m_flow.screenName() == screen;
    }
    m_flow.showHqKey();
    m_flow.pinHqKey(drive / "hailong-hq-key.hlkey");
    if (screen == "staff:hq_key_pinned") return m_flow.screenName() == "staff:hq_key";
    m_flow.cancel();
    core::Package p;
    p.hqSignHex = key.signHex;
    p.serial = 18;
    p.madeUtcMs = m_clock.wallMs() - 3 * 86'400'000;
    p.target.unitCode = demoContext().unit.code;
    p.settings.unitName = demoContext().unit.name + " (Quận 1 cũ)";
    p.settings.counters[m_db.kioskId()] = "Quầy số 3 — Căn cước";
    std::vector<core::Procedure> procedures = demoProcedures();
    procedures.push_back(core::Procedure{"2.001", core::Text{"Đăng ký xe máy", "Motorbike registration"}});
    p.settings.procedures = procedures;
    p.settings.hours = core::OpeningHours{7 * 60 + 30, 16 * 60 + 30, {{false, true, true, true, true, true, true}}};
    p.message = core::Text{"Từ ngày 1/7, các quầy làm việc cả sáng thứ Bảy. Xin cảm ơn các đồng chí.",
                           "From 1 July the counters also open on Saturday mornings. Thank you."};
    p.receipts = {core::BatchReceipt{m_db.kioskId(), 11, 11, std::string(64, 'a'), 1203, 412}};
    core::Package other = p;
    other.serial = 17;
    other.target.unitCode = "CA-HN-HOANKIEM";
    for (const core::Package* pkg : {&p, &other})
        std::ofstream(drive / core::packageFileName(*pkg), std::ios::binary) << core::writePackage(*pkg, keyring);
    m_flow.showPackages();
    if (screen == "staff:packages") return m_flow.screenName() == screen;
    if (screen == "staff:package_refused") {
        m_flow.pickPackage(drive / core::packageFileName(other));
        return m_flow.screenName() == "staff:package";
    }
    m_flow.pickPackage(drive / core::packageFileName(p));
    if (screen == "staff:package") return m_flow.screenName() == screen;
    m_flow.applyPackage();
    return m_flow.screenName() == "staff:package_done" && screen == "staff:package_done";
}

// The backup's screens; the demo writes no copy: it shows its screens. "staff:backup" without
// headquarters' key (the warning), "staff:backup_sealed" with it; the results likewise.
bool StaffDemo::driveToBackup(const std::string& screen) {
    const bool sealed = screen == "staff:backup_sealed" || screen == "staff:backup_done";
    if (sealed) {
        if (!driveToHq("staff:hq_key_pinned")) return false;
        m_flow.cancel();
    }
    m_flow.showBackup();
    if (screen == "staff:backup" || screen == "staff:backup_sealed") return m_flow.screenName() == "staff:backup";
    const std::filesystem::path drive = "/media/kiosk/KINGSTON";
    m_flow.pickBackupTarget(drive);
    static_cast<void>(m_flow.takeBackupRequest());
    if (screen == "staff:backup_running") {
        m_clock.advanceMs(7'000);
        return m_flow.screenName() == screen;
    }
    if (screen == "staff:backup_failed")
        m_flow.backupFinished(core::unexpected(
            core::BackupFailure{core::BackupProblem::DriveGone, drive, "the folder is not there (demo)"}));
    else
        m_flow.backupFinished(core::BackupResult{drive / core::backupFileName(m_db.kioskId(), m_clock.wallMs(), sealed),
                                                 48'300'000, sealed});
    return m_flow.screenName() == "staff:backup_done";
}

std::vector<std::string> StaffDemo::screens() {
    return {"staff:pin",
            "staff:new_pin",
            "staff:confirm_pin",
            "staff:menu",
            "staff:officers",
            "staff:officer_pin",
            "staff:dossier",
            "staff:settings",
            "staff:text:unit_name",
            "staff:officer_admin",
            "staff:procedures",
            "staff:questionnaires",
            "staff:export",
            "staff:export_running",
            "staff:export_done",
            "staff:export_failed",
            "staff:hq_key",
            "staff:hq_key_pinned",
            "staff:packages",
            "staff:package",
            "staff:package_refused",
            "staff:package_done",
            "staff:backup",
            "staff:backup_sealed",
            "staff:backup_running",
            "staff:backup_done",
            "staff:backup_unsealed",
            "staff:backup_failed"};
}

bool StaffDemo::driveTo(const std::string& screen) {
    auto enter = [this](const std::string& digits) {
        for (char c : digits) m_flow.digit(c);
        m_flow.submit();
    };
    m_flow.open();
    if (screen == "staff:pin") {
        m_flow.digit('4');
        m_flow.digit('8');
        return true;
    }
    enter(core::StaffAuth::FactoryPin);
    if (screen == "staff:new_pin") return m_flow.screenName() == screen;
    enter("482916");
    if (screen == "staff:confirm_pin") {
        m_flow.digit('4');
        return m_flow.screenName() == screen;
    }
    enter("482916");
    if (screen == "staff:menu") return true;
    if (screen.rfind("staff:hq", 0) == 0 || screen.rfind("staff:package", 0) == 0) return driveToHq(screen);
    if (screen.rfind("staff:backup", 0) == 0) return driveToBackup(screen);
    if (screen == "staff:officers" || screen == "staff:officer_pin") {
        m_flow.showOfficers();
        if (screen == "staff:officer_pin") m_flow.pickOfficer("cb02");
        return m_flow.screenName() == screen;
    }
    if (screen == "staff:officer_admin") {
        m_flow.showOfficerAdmin();
        return m_flow.screenName() == screen;
    }
    if (screen == "staff:procedures") {
        m_flow.showSettings();
        m_flow.showProcedures();
        return m_flow.screenName() == screen;
    }
    if (screen.rfind("staff:export", 0) == 0) {
        m_flow.showExport();
        if (screen == "staff:export") return true;
        m_flow.pickExportTarget("/media/kiosk/KINGSTON");
        static_cast<void>(m_flow.takeExportRequest());  // the demo runs no export: it shows its screens
        if (screen == "staff:export_running") {
            m_flow.exportProgress(31'200, 48'000);
            return true;
        }
        if (screen == "staff:export_failed") {
            m_flow.exportFinished(core::unexpected(core::exportFailureFor(ENOSPC, "/media/kiosk/KINGSTON", "demo")));
            return true;
        }
        core::ExportResult r;
        r.number = 12;
        r.responses = 57;
        r.seqFirst = 1204;
        r.seqLast = 1260;
        r.batchFile = "/media/kiosk/KINGSTON/hailong-CA-P-BENTHANH-3f2a9c1e-000012.hlbatch";
        r.csvFile = "/media/kiosk/KINGSTON/hailong-CA-P-BENTHANH-3f2a9c1e-000012.csv";
        r.xlsxFile = "/media/kiosk/KINGSTON/hailong-CA-P-BENTHANH-3f2a9c1e-000012.xlsx";
        m_flow.exportFinished(r);
        return true;
    }
    if (screen == "staff:questionnaires") {
        m_flow.showSettings();
        m_flow.showQuestionnaires();
        return m_flow.screenName() == screen;
    }
    if (screen == "staff:settings" || screen == "staff:text:unit_name") {
        m_flow.showSettings();
        if (screen == "staff:text:unit_name") {
            m_flow.editText(core::TextField::UnitName);
            for (char c : std::string(" - Quaajn 1")) m_flow.textKey(static_cast<char32_t>(c));
        }
        return m_flow.screenName() == screen;
    }
    if (screen == "staff:dossier") {
        m_flow.showDossierEntry();
        for (char c : std::string("HS-0001")) m_flow.digit(c);
        return true;
    }
    return false;
}

}  // namespace hailong::app
