#include "kiosk_app.h"

#include "batch/export_cache.h"
#include "batch/export_job.h"
#include "batch/export_targets.h"
#include "batch/kiosk_keys.h"
#include "flow/backup_job.h"
#include "flow/clock_watch.h"
#include "flow/hq_link_flow.h"
#include "flow/kiosk_duties.h"
#include "flow/kiosk_voice.h"
#include "flow/settings_apply.h"
#include "flow/staff_flow.h"
#include "platform_glfw.h"
#include "service/service_notify.h"
#include "signals.h"
#include "speech/speaker.h"
#include "store/audit_log.h"
#include "store/kiosk_database.h"
#include "store/officers.h"
#include "store/questionnaire_choice.h"
#include "store/settings_store.h"
#include "store/sqlite_response_store.h"
#include "store/staff_auth.h"
#include "store/today_figures.h"
#include "survey/settings.h"
#include "ui/demo.h"
#include "ui/fonts.h"
#include "ui/kiosk_shell.h"
#include "ui/kiosk_ui.h"
#include "ui/staff_ui.h"
#include "ui/theme.h"

#include <nlohmann/json.hpp>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>

namespace hailong::app {

namespace fs = std::filesystem;
using core::Questionnaire;

namespace {

// [SECTION] Start-up pieces

// Log file in the data directory, rotated; errors also on stderr. Never log comments or
// dossier codes (SPEC 10): only ids, counts and technical messages go here.
std::shared_ptr<spdlog::logger> openLog(const fs::path& dataDir) {
    std::vector<spdlog::sink_ptr> sinks;
    auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>((dataDir / "logs" / "kiosk.log").string(),
                                                                       1024 * 1024, 5);
    auto err = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    err->set_level(spdlog::level::warn);
    sinks.push_back(file);
    sinks.push_back(err);
    auto log = std::make_shared<spdlog::logger>("kiosk", sinks.begin(), sinks.end());
    log->flush_on(spdlog::level::info);
    return log;
}

// An ImGui context for this scope, set up for touch.
struct ImGuiContextOwner {
    ImGuiContextOwner() {
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini next to the kiosk
        applyTheme(ImGui::GetStyle());
    }
    ~ImGuiContextOwner() { ImGui::DestroyContext(); }
    ImGuiContextOwner(const ImGuiContextOwner&) = delete;
    ImGuiContextOwner& operator=(const ImGuiContextOwner&) = delete;
};

WindowOptions windowOptions(bool fullscreen, const Options& o) {
    WindowOptions wo;
    wo.fullscreen = fullscreen;
    wo.width = o.width;
    wo.height = o.height;
    wo.rotation = o.rotation;
    return wo;
}

// The ImGui context, the window and the fonts, made (and undone) in this order. The fonts
// are sized for the panel's density (core/panel.h): --panel-inches, the setting, EDID, else
// the assumed size.
struct Display {
    ImGuiContextOwner imgui;
    GlfwPlatform platform;
    core::PanelDensity density;
    FontSet fonts;
    std::string report;  ///< what the fonts were sized for, and the capitals measured (for the log)
    Display(bool fullscreen, const Options& o, int settingTenthsInch = 0) : platform(windowOptions(fullscreen, o)) {
        load(o, settingTenthsInch);
        platform.uploadFonts();
    }
    /// The panel size setting changed: fonts built again (between frames only).
    void reload(const Options& o, int settingTenthsInch) {
        load(o, settingTenthsInch);
        platform.replaceFonts();
    }

private:
    void load(const Options& o, int settingTenthsInch) {
        const ImVec2 size = platform.screenSize();
        density = core::resolvePanelDensity(static_cast<int>(size.x), static_cast<int>(size.y), o.panelInches,
                                            settingTenthsInch / 10.0, platform.monitorSize());
        fonts = KioskUi::loadFonts(ImGui::GetIO(), size, density.pxPerMm, core::Strings::builtIn());
        char line[256];
        std::snprintf(line, sizeof line,
                      "panel %.1f in (%s%s%s), %.2f px/mm: capitals of small/body/button text %d/%d/%d px = "
                      "%.1f/%.1f/%.1f mm",
                      density.diagonalInches, core::panelSourceName(density.source), density.note.empty() ? "" : ": ",
                      density.note.c_str(), density.pxPerMm, measuredCapPx(fonts.small), measuredCapPx(fonts.body),
                      measuredCapPx(fonts.button), measuredCapPx(fonts.small) / density.pxPerMm,
                      measuredCapPx(fonts.body) / density.pxPerMm, measuredCapPx(fonts.button) / density.pxPerMm);
        report = line;
    }
};

// What the voice follows in the settings: the unit's volume; speech mode left without a vote
// ends with the idle timeout.
core::VoiceConfig voiceConfigFrom(const core::KioskSettings& s, const Options& o) {
    core::VoiceConfig vc;
    vc.volume = s.soundVolume;
    vc.idleEndMs = 1000LL * (o.idleTimeoutSeconds > 0 ? o.idleTimeoutSeconds : s.idleTimeoutSeconds);
    return vc;
}

// {"speech":["speech.on","idle.prompt",...],"lang":"vi","interrupt":true,"volume":60}: one
// --trace-ui line per cue handed to the Speaker (free text appears as "text", never its words).
std::string speechTrace(const core::SpeechCue& cue, int volume) {
    return nlohmann::json{{"speech", cue.ids()},
                          {"lang", std::string(core::languageCode(cue.lang))},
                          {"interrupt", cue.interrupt},
                          {"volume", volume}}
        .dump();
}

// Missing display, GL or font: exit code 3; anything else that stops the start: 1.
int exitCodeFor(const std::exception& e) {
    if (dynamic_cast<const PlatformError*>(&e) || dynamic_cast<const FontError*>(&e)) return ExitNoDisplay;
    return ExitRuntimeError;
}

// [SECTION] The event loop

// Event-driven: sleeps until input or a timer; after any input it renders 3 frames, since
// ImGui 1.86 sees a fast tap's release only in the frame after its press.
void eventLoop(GlfwPlatform& platform, KioskShell& shell, const Options& o, const SignalWatcher& signals,
               const std::function<void()>& everyWake, spdlog::logger& log,
               std::chrono::steady_clock::time_point started, ServiceNotifier& service) {
    int dirty = 3;
    std::string lastTrace;
    bool firstFrame = true;
    while (!signals.stopRequested() && !platform.quitRequested() && !shell.quitRequested()) {
        if (dirty > 0) {
            platform.pollEvents();
        } else {
            const std::int64_t next = shell.msUntilNextChange();
            const double timeout = next < 0 ? 1.0 : std::min(1.0, static_cast<double>(next) / 1000.0 + 0.01);
            platform.waitEvents(timeout);
            if (next >= 0 && next <= 1000) dirty = 1;  // a timer was due: redraw once
        }
        everyWake();
        service.alive();  // the loop turns at least once a second (waitEvents' timeout)
        if (platform.takeInput()) dirty = 3;
        for (const std::uint32_t key : platform.takeKeys()) {  // keyboard, or a barcode scanner
            if (key == '\n') shell.onEnter();
            else if (key == '\b') shell.onBackspace();
            else shell.onChar(key);
        }
        if (platform.takeStaffRequest()) shell.openStaff();
        if (shell.update()) dirty = std::max(dirty, 2);
        if (dirty <= 0) continue;
        --dirty;
        platform.beginFrame();
        shell.frame();
        platform.endFrame();
        if (firstFrame) {
            firstFrame = false;
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                  started);
            log.info("first frame presented {} ms after start", ms.count());
            service.ready();
        }
        if (o.traceUi) {
            std::string line = shell.traceLine();
            if (line != lastTrace) {
                std::cout << platform.rotation().traceToWindow(line) << std::endl;
                lastTrace = std::move(line);
            }
        }
    }
}

}  // namespace

// [SECTION] The kiosk

int runKiosk(const Options& o) {
    const auto started = std::chrono::steady_clock::now();
    SignalWatcher signals(&GlfwPlatform::wake);  // first: later threads inherit the signal mask
    std::error_code ec;
    fs::create_directories(o.dataDir / "logs", ec);
    if (ec) {
        std::cerr << "Cannot create the data directory " << o.dataDir << ": " << ec.message() << "\n";
        return ExitRuntimeError;
    }
    std::shared_ptr<spdlog::logger> log;
    try {
        log = openLog(o.dataDir);
    } catch (const spdlog::spdlog_ex& e) {
        std::cerr << "Cannot write the log in " << (o.dataDir / "logs") << ": " << e.what() << "\n";
        return ExitRuntimeError;
    }
    log->info("hailong-kiosk {} starting, data dir {}", HAILONG_VERSION, o.dataDir.string());

    try {
        core::SystemClock clock;
        core::RandomIds ids;
        core::KioskDatabase db(o.dataDir / "hailong.db", clock, ids);
        if (db.integrityAtOpen() != "ok") log->error("database integrity check: {}", db.integrityAtOpen());
        core::AuditLog audit(db, clock);
        if (auto moved = core::recordKioskStart(audit, HAILONG_VERSION))
            log->warn("wall clock moved while the kiosk was stopped ({})", moved->reason);
        // The kiosk's signing key pair, made at first start (batches are signed with it).
        const core::KioskKeys keys = core::KioskKeys::loadOrCreate(o.dataDir, db, audit);
        // Each response's batch line is encoded (and sealed for headquarters) when it ends.
        core::SqliteResponseStore store(db, core::ExportLineCache(keys));
        if (int n = store.closeInterrupted(clock.wallMs()); n > 0)
            log->warn("{} response(s) left open by the last run marked interrupted", n);
        core::SettingsStore settingsStore(db);
        core::KioskSettings settings = settingsStore.load();
        for (const core::SettingProblem& p : settingsStore.problemsAtLoad())
            log->error("setting {}: {}", p.field, p.message.en);
        if (core::isFormerUnitLevel(settings.unitLevel))
            log->warn("unit level '{}' is from before 2025 (district-level police ended on 1 March 2025, "
                      "district-level government on 1 July 2025): ratings keep it until the unit's level is "
                      "chosen in the settings",
                      settings.unitLevel);

        fs::path file = o.questionnaire.empty() ? fs::path(settings.questionnaireFile) : o.questionnaire;
        if (file.empty() && fs::exists(o.dataDir / "questionnaire.toml", ec)) file = o.dataDir / "questionnaire.toml";
        core::ChosenQuestionnaire chosen = core::chooseQuestionnaire(file, db, clock.wallMs());
        for (const std::string& problem : chosen.problems) log->error("{}", problem);
        // The administrator chooses among the files in this folder on the settings screen.
        const fs::path questionnaireDir = o.dataDir / "questionnaires";
        fs::create_directories(questionnaireDir, ec);

        Display display(!o.windowed, o, settings.panelTenthsInch);
        log->info("{}", display.report);
        // The voice: sounds and speech mode (issue 20), played on a thread of its own; the device
        // opens and espeak-ng loads there while the rest starts.
        core::Speaker speaker(std::make_unique<core::AlsaSink>(o.audioDevice), core::VoicePack(o.dataDir / "voice"),
                              clock, &GlfwPlatform::wake);
        core::SurveyFlow flow(std::move(chosen.questionnaire), store, clock, ids,
                              core::flowConfigFrom(settings, o.idleTimeoutSeconds, o.followUpTimeoutSeconds));
        core::SessionContext context;
        context.unit = core::unitFrom(settings);
        flow.setContext(context);
        KioskUi ui(flow, core::Strings::builtIn(), display.fonts, clock);
        ui.onError([&](const std::string& what) { log->error("storage error: {}", what); });
        core::KioskVoice voice(flow, core::Strings::builtIn(), clock, voiceConfigFrom(settings, o));
        ui.setVoice(
            &voice, [&] { return speaker.soundAvailable() && speaker.voiceAvailable(); },
            [&](const core::SpeechCue& cue) {
                speaker.setVolume(voice.volume());
                speaker.play(cue);
                if (o.traceUi) std::cout << speechTrace(cue, voice.volume()) << std::endl;
            });

        core::StaffAuth auth(db, clock, audit);
        core::OfficerRegistry officers(db, audit);
        core::StaffConfig staffConfig;
        staffConfig.dossierPattern = settings.dossierPattern;
        staffConfig.questionnaireDir = questionnaireDir.u8string();
        staffConfig.questionnaireCatalog = [&] { return core::listQuestionnaires(questionnaireDir, &db); };
        const auto exportFolder = [&] {
            return settings.exportFolder.empty() ? o.dataDir / "exports" : fs::path(settings.exportFolder);
        };
        staffConfig.exportTargets = [&] {
            return core::findExportTargets(o.driveRoots.empty() ? core::defaultDriveRoots() : o.driveRoots,
                                           exportFolder());
        };
        core::StaffFlow staff(auth, officers, audit, settingsStore, clock, staffConfig);
        // Headquarters' key and packages, read from the same drives and folders as exports go to.
        core::HqLinkFlow hqLink(db, audit, clock, core::HqLinkConfig{staffConfig.exportTargets, questionnaireDir, {}});
        staff.attachHq(&hqLink);
        const auto figures = [&] {
            const std::int64_t day = core::localDayStartUtcMs(clock.wallMs(), clock.utcOffsetMinutes());
            return StaffFigures{core::computeFigures(db, flow.questionnaire(), day, day + 86'400'000),
                                core::storageHealth(db), core::lastExportedBatch(db)};
        };
        StaffUi staffUi(staff, officers, flow.questionnaire(), figures, core::Strings::builtIn(), display.fonts, clock);
        staffUi.onError([&](const std::string& what) { log->error("staff side: {}", what); });
        KioskShell shell(flow, ui, staff, staffUi, officers, clock);
        // Exports run on a worker thread with their own connection; the screen shows progress.
        core::ExportJob exportJob(db.path(), keys, clock, std::string("hailong-kiosk ") + HAILONG_VERSION);
        shell.onExportRequested([&](const fs::path& folder) {
            if (!exportJob.start(folder))  // the automatic export is running: say so, never wait silently
                staff.exportFinished(
                    core::unexpected(core::exportFailure(core::ExportProblem::Busy, "export job busy")));
        });
        // A backup from the staff menu: on a worker thread with its own connection as well.
        core::BackupJob backupJob(db.path(), clock);
        shell.onBackupRequested([&](const fs::path& folder) {
            if (!backupJob.start(folder))
                staff.backupFinished(
                    core::unexpected(core::BackupFailure{core::BackupProblem::Busy, folder, "backup job busy"}));
        });
        // Closing time: the automatic export and the officer's sign-out (core/flow/kiosk_duties.h).
        core::KioskDuties duties(clock, db);
        if (duties.loadProblem()) log->warn("{}", *duties.loadProblem());
        bool fontsDue = false;         // the panel size changed: fonts rebuilt before the next frame
        shell.onSettingsChanged([&] {  // saved on the staff side: in force from now on
            const core::KioskSettings before = settings;
            settings = settingsStore.load();
            for (const std::string& line : core::applySettings(before, settings, flow, staff, db, clock.wallMs(),
                                                               o.idleTimeoutSeconds, o.followUpTimeoutSeconds))
                log->info("{}", line);
            fontsDue = settings.panelTenthsInch != before.panelTenthsInch;
            voice.setConfig(voiceConfigFrom(settings, o));
        });
        log->info("kiosk {} ready: questionnaire {} v{} ({}), {} responses stored", db.kioskId(),
                  flow.questionnaire().id, flow.questionnaire().version, chosen.origin, store.count());

        // Checked at every wake-up: the wall clock against the monotonic clock, the export's
        // progress, and the duties of closing time. A failing disk is logged; it must not stop
        // the kiosk.
        core::ClockWatch clockWatch(clock, db.installUtcMs());
        std::string soundProblem;  // logged when it changes
        const auto everyWake = [&] {
            // The sound device went away: speech mode ends with the notice. Start latencies and
            // problems go to the log (prompt ids only: nothing a citizen typed).
            if (voice.speechMode() && !speaker.soundAvailable()) voice.soundLost();
            for (const core::Speaker::Started& s : speaker.takeStarted())
                log->debug("sound started {:.1f} ms after it was asked for ({} parts)", s.latencyMs, s.ids.size());
            if (std::string p = speaker.problem(); p != soundProblem) {
                if (!p.empty()) log->warn("sound: {}", p);
                else log->info("sound: the device plays again");
                soundProblem = std::move(p);
            }
            if (fontsDue) {  // between frames: the old atlas is no longer drawn from
                fontsDue = false;
                display.reload(o, settings.panelTenthsInch);
                ui.setFonts(display.fonts);
                staffUi.setFonts(display.fonts);
                log->info("{}", display.report);
            }
            try {
                if (auto jump = clockWatch.check()) {
                    audit.record(core::audit::ClockJump, core::clockJumpDetail(*jump, clock.utcOffsetMinutes()));
                    log->warn("wall clock jump detected ({})", jump->reason);
                }
                core::ExportPoll polled = exportJob.poll();
                if (polled.outcome && polled.kind == core::ExportKind::Automatic) {
                    const auto& r = *polled.outcome;  // a failure is in the audit log too (the Exporter's)
                    if (r)
                        log->info("automatic export: batch {} with {} responses written to {}", r->number, r->responses,
                                  r->batchFile.string());
                    else
                        log->error("automatic export failed: {} ({})",
                                   core::exportFailureWords(r.error(), core::Strings::builtIn(), core::Language::En),
                                   r.error().technical);
                } else if (polled.outcome) {
                    staff.exportFinished(std::move(*polled.outcome));
                } else if (polled.running && polled.kind == core::ExportKind::Staff) {
                    staff.exportProgress(polled.done, polled.total);
                }
                if (auto made = backupJob.poll()) {  // file names and sizes only: nothing personal
                    if (*made)
                        log->info("backup written: {} ({} bytes, {})", (*made)->file.string(), (*made)->bytes,
                                  (*made)->sealed ? "sealed to headquarters' key" : "NOT sealed, no headquarters key");
                    else
                        log->error("backup into {} failed: {}", made->error().folder.string(), made->error().technical);
                    staff.backupFinished(std::move(*made));
                }
                const core::DutiesDue due = duties.tick(settings, officers.signedInSinceUtcMs(), exportJob.running());
                if (due.startAutoExport) {  // to the configured folder; only a started export counts
                    std::error_code folderError;
                    fs::create_directories(exportFolder(), folderError);
                    const bool exportStarted = exportJob.start(exportFolder(), core::ExportKind::Automatic);
                    if (!exportStarted) log->warn("automatic export due but the export job is busy: tried again later");
                    duties.autoExportStarted(exportStarted);
                }
                if (due.signOfficerOut) {
                    officers.signOut("closing_time");
                    shell.refreshOfficer();
                }
            } catch (const std::exception& e) {
                log->error("{}", e.what());
            }
        };
        shell.onError([&](const std::string& what) { log->error("{}", what); });

        ServiceNotifier service;
        if (service.active()) log->info("under systemd: watchdog ping every {} ms", service.pingEvery().count() / 1000);
        eventLoop(display.platform, shell, o, signals, everyWake, *log, started, service);

        // A response still open is kept, marked as interrupted.
        store.closeInterrupted(clock.wallMs());
        const char* why = signals.stopRequested() ? "signal" : shell.quitRequested() ? "staff menu" : "window closed";
        audit.record(core::audit::KioskQuit, why);
        log->info("kiosk stopped ({})", why);
        return ExitOk;
    } catch (const std::exception& e) {
        log->critical("{}", e.what());
        return exitCodeFor(e);
    }
}

// [SECTION] Screenshots with demo data

int runScreenshots(const Options& o) {
    Questionnaire questionnaire = core::defaultQuestionnaire();
    if (!o.questionnaire.empty()) {
        auto loaded = core::loadQuestionnaireFile(o.questionnaire);
        if (!loaded) {
            std::cerr << loaded.error().toString() << "\n";
            return ExitRuntimeError;
        }
        questionnaire = std::move(*loaded);
    }
    const bool all = o.screen == "all";
    std::vector<std::string> known = allScreens(questionnaire, true);
    for (const std::string& staffScreen : StaffDemo::screens()) known.push_back(staffScreen);
    if (!all && std::find(known.begin(), known.end(), o.screen) == known.end()) {
        std::cerr << "Unknown screen '" << o.screen << "'. Screens: ";
        for (const auto& s : known) std::cerr << s << " ";
        std::cerr << "all\n";
        return ExitUsage;
    }
    const std::vector<std::string> screens = all ? known : std::vector<std::string>{o.screen};
    try {
        Display display(false, o);
        std::cerr << display.report << "\n";
        if (all) fs::create_directories(o.screenshot);
        for (const std::string& name : screens) {
            std::string file = name;
            for (char& c : file)
                if (c == ':') c = '-';
            const fs::path out = all ? o.screenshot / (file + "-" + o.language + ".png") : o.screenshot;
            auto render = [&](auto& ui) {
                for (int i = 0; i < 2; ++i) {  // the second frame is saved
                    display.platform.pollEvents();
                    display.platform.beginFrame();
                    ui.frame();
                    display.platform.endFrame(i == 1 ? out : fs::path{});
                }
            };
            if (name.rfind("staff:", 0) == 0) {
                StaffDemo staff(questionnaire, core::Strings::builtIn(), display.fonts);
                if (!staff.driveTo(name)) throw std::logic_error("cannot reach screen " + name);
                staff.ui().setLanguage(o.language == "en" ? core::Language::En : core::Language::Vi);
                render(staff.ui());
            } else {
                core::ManualClock clock;
                core::SequentialIds ids;
                core::InMemoryResponseStore store;
                core::FlowConfig demo;
                demo.procedures = demoProcedures();
                core::SurveyFlow flow(questionnaire, store, clock, ids, demo);
                flow.setContext(demoContext());
                flow.setLanguage(o.language == "en" ? core::Language::En : core::Language::Vi);
                if (!driveToScreen(flow, clock, name)) throw std::logic_error("cannot reach screen " + name);
                KioskUi ui(flow, core::Strings::builtIn(), display.fonts, clock);
                core::KioskVoice voice(flow, core::Strings::builtIn(), clock, core::VoiceConfig{});
                ui.setVoice(&voice, {}, {});  // the Listen button as the kiosk shows it; nothing is played
                render(ui);
            }
            std::cout << out.string() << "\n";
        }
        return ExitOk;
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return exitCodeFor(e);
    }
}

}  // namespace hailong::app
