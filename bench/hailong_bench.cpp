// hailong-bench: the figures of SPEC 8 measured on this machine, each printed next to its bar.
// A benchmark, not a test: it always exits 0 when it could measure (a missed bar is reported as
// "OVER BAR", not as a failure); 1 only if a measurement itself could not be taken.
//
// 1. tap -> durable commit. The first tap on the Idle screen (SurveyFlow::answer) on a real
//    KioskDatabase + SqliteResponseStore file (WAL, synchronous=FULL) in a temp dir under --dir:
//    each such tap is one committed transaction. Only answer() is timed; the response is then
//    ended (finish + dismissThanks, untimed). A ManualClock moves 10 minutes before each tap, so
//    neither the debounce nor the misuse rules (rapid repeat, burst) interfere. Reference,
//    interleaved tap by tap so both see the same disk: a plain one-row INSERT commit into a
//    scratch table of another SQLite file with the same pragmas. Bar: p99 <= 10 ms.
// 2. UI frame build (ImGui side only). A headless ImGui context at 1920x1080 with the kiosk's
//    fonts, KioskUi over a SurveyFlow on an InMemoryResponseStore; per screen of the default
//    questionnaire (reached with app::driveToScreen), NewFrame + KioskUi::frame + Render is timed
//    over --frames frames. No GL, no rasterising. Bar: p99 <= 1 ms (per screen and overall).
//    The screens have their voice (the Listen button); each is timed again in speech mode
//    (Louder, the ring round the item found by touch, a cue handed on at each screen change).
// 3. The real kiosk (--kiosk), full-screen under a private Xvfb 1920x1080x24 (llvmpipe):
//    The kiosk plays to ALSA's null device (--audio-device null): its Speaker's thread runs with
//    espeak-ng loaded and warm, as on a PC with a sound card.
//    a. start -> first frame, warm: from fork() until the kiosk's first --trace-ui line, which it
//       prints right after presenting its first frame; 1 warm-up + 5 runs (3 with --quick), each
//       with a fresh --data-dir. Bar: 0.5 s (median and max). Also SIGTERM -> exit (< 1 s).
//    b. idle CPU: utime+stime of /proc/PID/stat over --idle-seconds, starting 2 s after the first
//       frame, as % of one core. Bar: 1 %. Xvfb's CPU over the same window, for context.
//    c. memory after the idle window: Private_Dirty of /proc/PID/smaps_rollup (bar 60 MB, where
//       MB = 1024 kB as the kernel counts), with Rss, Pss and Private_Dirty by mapping for context.
// 4. export: --export-responses (default 1,000,000) finished responses, 1.6 answers each on
//    average, some with comments, dossiers, officers and misuse flags, are written straight into
//    a kiosk database (one transaction, untimed), and their batch lines encoded into the export
//    cache as the kiosk does when each response ends (untimed). Timed: Exporter::exportNext of all of them to a
//    signed batch (no CSV/xlsx) into a folder on the same disk, file flushed and renamed, batch
//    marked; then, in the same run, `sqlite3 -csv DB "SELECT * FROM responses" > FILE` (the
//    SPEC's reference). Each --runs times (3; the batch forgotten between, the database read
//    through before each export and each dump): the medians compared. Bar: 3x faster than the
//    reference, and <= 1.1 s.
// 5. import at headquarters: --import-kiosks (default 1,000) kiosks' batches of
//    --import-responses / kiosks responses each (1,000,000 in all), written with the batch
//    writer (untimed; one key pair for all, registered for each kiosk). Timed: importBatchFiles
//    into a fresh headquarters database (read, verify digest and signature, store each
//    response once, each file all or nothing). Reference in the same run: the same responses
//    as CSV, loaded with `sqlite3 DB ".import --csv FILE responses"`. Each --runs times (3),
//    each into a new database: the medians compared. Bar: 5x faster than it.
// 6. report at headquarters: --report-responses (default 10,000,000) responses of kiosks
//    with 10 batches of 1,000 each spread over 2025 (an officer a day of 3, 5 procedures), written and
//    imported (untimed). Timed: buildReport by unit over all time, by officer over whole
//    months, by unit over a range that starts and ends inside months, and by day over all
//    time. Bar: 2 s each.
// 7. report by province through the unit registry (issue 16): the same number of responses
//    from 3,321 communes in the 34 provinces over July 2024 - June 2026, each kiosk rating as a
//    former commune (of the former 63 provinces) for a year, then as its successor; the registry
//    holds the 3,321 communes and 9,963 former ones. Timed: by province --as-of (every former
//    commune counted under its successor's province), by province as recorded, by unit under
//    one province, the top 10 units; by unit as the reference. Bar: 1 s each (SPEC 8).
// 8. import into PostgreSQL (issue 17): section 5's batches imported into PgHqStore on a
//    throwaway cluster of our own (fsync off), against COPY of the same responses as rows (CSV,
//    into a table keyed by uuid with section 5's columns) into the same cluster. Bar: faster.
// 9. report on PostgreSQL: section 7's data (--report-responses) imported from batch files into
//    PgHqStore (untimed, its time printed), then section 7's reports and by month. Bar: 1 s each.
// 10. growth: section 7's data at --import-responses and --report-responses, imported into a
//    SQLite and a PostgreSQL store, the import and a report by province --as-of timed (its first
//    run, as sections 6-9 time it, and warm: the better of two more); then the larger stores'
//    unit tallies copied --growth-copies more times (10x: 100,000,000 by default) and the report
//    timed again; the import time at that size is extrapolated and says so. Bar: the report 1 s
//    up to --report-responses; past it, context.
// 11. headquarters in the browser (issue 18, web_section.cpp): the real `hailong hq serve`
//    (--hailong) on section 7's store with 50 clients (--web-clients) signed in through the form
//    and loading /overview for --web-seconds (60): requests/s, p50, p99, max and errors (not 200
//    with the headline). Bar: p99 <= 500 ms, no errors. Then the demo's 1,310-odd batch files
//    uploaded through POST /upload in chunks, as the page's script sends them, beside `hailong
//    hq import` of the same files into a fresh store (no bar).
// 12. speech (issue 20, speech_section.cpp): from a touch in speech mode (KioskVoice::press) to
//    the first sample of its speech at ALSA's null device, through the Speaker's thread: spoken
//    by espeak-ng in Vietnamese and English, and a unit's recording (first play and later ones);
//    and espeak-ng's speed against real time over every fixed prompt. No bar: the note's figure.
// Process and /proc helpers (spawn, first line, SIGTERM, CPU ticks, smaps, Xvfb) are in process.h.
#include "base/clock.h"
#include "base/ids.h"
#include "batch/batch_format.h"
#include "batch/export_cache.h"
#include "batch/exporter.h"
#include "batch/seal.h"
#include "flow/survey_flow.h"
#include "hq/hq_import.h"
#include "hq/report.h"
#include "hq/sqlite_hq_store.h"
#include "process.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "survey/questionnaire.h"
#include "survey/response_store.h"
#include "table.h"
#ifdef HAILONG_BENCH_UI
#include "base/strings.h"
#include "ui/demo.h"
#include "ui/fonts.h"
#include "ui/headless_imgui.h"
#include "ui/kiosk_ui.h"
#endif

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <thread>

namespace hailong::bench {

// [SECTION] Figures and the table: table.h. Sections 5-7: hq_sections.cpp.

// [SECTION] 1. tap -> durable commit

// A plain one-row INSERT commit into a scratch table, with the kiosk's pragmas.
class ReferenceInsert {
public:
    explicit ReferenceInsert(const fs::path& file) : m_db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {
        m_db.execAndGet("PRAGMA journal_mode=WAL");
        m_db.exec("PRAGMA synchronous=FULL");
        m_db.exec("CREATE TABLE scratch(id INTEGER PRIMARY KEY, value TEXT NOT NULL, at INTEGER NOT NULL)");
        m_insert = std::make_unique<SQLite::Statement>(m_db, "INSERT INTO scratch(value, at) VALUES(?, ?)");
    }
    double commitMs(int i) {
        const auto t0 = Steady::now();
        m_insert->bind(1, "satisfied");
        m_insert->bind(2, i);
        m_insert->exec();
        m_insert->reset();
        return msSince(t0);
    }

private:
    SQLite::Database m_db;
    std::unique_ptr<SQLite::Statement> m_insert;
};

// Ends the response a tap began (untimed): finish it if a question is on show, leave Thanks.
void endResponse(core::SurveyFlow& flow, core::ManualClock& clock) {
    clock.advanceMs(1000);
    if (flow.screen() != core::Screen::Thanks) flow.finish();
    clock.advanceMs(1000);
    flow.dismissThanks();
    if (flow.screen() != core::Screen::Idle) throw std::runtime_error("the flow did not return to Idle");
}

struct CommitTimes {
    std::vector<double> tapMs, referenceMs;
};

CommitTimes measureCommits(const fs::path& dir, int taps) {
    core::ManualClock clock;
    core::SequentialIds ids;
    core::KioskDatabase db(dir / "kiosk.db", clock, ids);
    core::SqliteResponseStore store(db, core::cacheExportLines);
    const core::Questionnaire q = core::defaultQuestionnaire();
    core::SurveyFlow flow(q, store, clock, ids, core::FlowConfig{});
    ReferenceInsert reference(dir / "reference.db");
    const std::vector<core::Option>& faces = q.mainQuestion().options;
    CommitTimes t;  // reference commits interleaved with taps: both see the same disk weather
    for (int i = 0; i < taps; ++i) {
        clock.advanceMs(600'000);  // 10 minutes: no debounce, no rapid repeat, no burst
        const std::string& face = faces[static_cast<std::size_t>(i) % faces.size()].id;
        const auto t0 = Steady::now();
        const core::TapResult result = flow.answer(face);
        t.tapMs.push_back(msSince(t0));
        if (result != core::TapResult::Accepted) throw std::runtime_error("tap " + std::to_string(i) + " refused");
        endResponse(flow, clock);
        t.referenceMs.push_back(reference.commitMs(i));
    }
    if (store.count() != taps) throw std::runtime_error("the database does not hold one response per tap");
    return t;
}

std::string msTriple(const std::vector<double>& v) {
    return format("%.2f / %.2f / %.2f ms", percentile(v, 0.5), percentile(v, 0.99), maxOf(v));
}

void commitSection(const Options& o) {
    section(
        format("1. tap -> durable commit (%d first taps, WAL + synchronous=FULL, under %s)", o.taps, o.dir.c_str()));
    TempDir dir(o.dir, "hailong-bench-");
    const CommitTimes t = measureCommits(dir.path(), o.taps);
    row("tap on Idle: p50 / p99 / max", msTriple(t.tapMs), "p99 <= 10 ms", percentile(t.tapMs, 0.99) <= 10.0);
    row("reference, plain INSERT commit: p50 / p99 / max", msTriple(t.referenceMs), "(SPEC: 0.24 / 6)");
}

// [SECTION] 2. UI frame build

#ifdef HAILONG_BENCH_UI
// Microseconds of NewFrame + KioskUi::frame + Render for each of `frames` frames of one screen,
// with the kiosk's voice (cues are taken and dropped), in speech mode or not.
std::vector<double> frameTimesUs(const std::string& screen, const app::FontSet& fonts, int frames, bool speech) {
    core::ManualClock clock;
    core::SequentialIds ids;
    core::InMemoryResponseStore store;
    const core::Questionnaire q = core::defaultQuestionnaire();
    core::SurveyFlow flow(q, store, clock, ids, core::FlowConfig{});
    flow.setContext(app::demoContext());
    if (!app::driveToScreen(flow, clock, screen)) throw std::runtime_error("cannot reach screen " + screen);
    app::KioskUi ui(flow, core::Strings::builtIn(), fonts, clock);
    core::KioskVoice voice(flow, core::Strings::builtIn(), clock, core::VoiceConfig{});
    ui.setVoice(
        &voice, [] { return true; }, [](const core::SpeechCue&) {});
    if (speech) voice.listen(true);
    std::vector<double> us;
    for (int i = -2; i < frames; ++i) {                // two untimed frames first: the layout settles
        if (speech && i == -1 && !ui.items().empty())  // a finger found an item: it is ringed
            voice.press(ui.items().back().id, ui.items().back().label);
        const auto t0 = Steady::now();
        ImGui::NewFrame();
        ui.frame();
        ImGui::Render();
        if (i >= 0) us.push_back(msSince(t0) * 1000.0);
    }
    return us;
}

void frameSection(const Options& o) {
    section(format("2. UI frame build, ImGui side only (1920x1080, %d frames per screen, headless)", o.frames));
    app::HeadlessImGui imgui(ImVec2(1920, 1080));
    std::vector<double> all, spoken;
    for (const std::string& screen : app::allScreens(core::defaultQuestionnaire())) {
        const std::vector<double> us = frameTimesUs(screen, imgui.fonts(), o.frames, false);
        all.insert(all.end(), us.begin(), us.end());
        row(screen + ": p50 / p99", format("%.1f / %.1f us", percentile(us, 0.5), percentile(us, 0.99)),
            "p99 <= 1000 us", percentile(us, 0.99) <= 1000.0);
        const std::vector<double> inSpeech = frameTimesUs(screen, imgui.fonts(), o.frames, true);
        spoken.insert(spoken.end(), inSpeech.begin(), inSpeech.end());
    }
    row("all screens: p50 / p99 / max",
        format("%.1f / %.1f / %.1f us", percentile(all, 0.5), percentile(all, 0.99), maxOf(all)), "p99 <= 1000 us",
        percentile(all, 0.99) <= 1000.0);
    row("all screens in speech mode: p50 / p99 / max",
        format("%.1f / %.1f / %.1f us", percentile(spoken, 0.5), percentile(spoken, 0.99), maxOf(spoken)),
        "p99 <= 1000 us", percentile(spoken, 0.99) <= 1000.0);
    row("font atlas (context: the kiosk's GL texture)",
        format("%dx%d, RGBA %.1f MB", imgui.atlasWidth(), imgui.atlasHeight(),
               imgui.atlasWidth() * imgui.atlasHeight() * 4 / 1048576.0));
}
#else
void frameSection(const Options&) {
    section("2. UI frame build");
    note("skipped: this build has no app (HAILONG_BUILD_APP=OFF)");
}
#endif

// [SECTION] 3. The real kiosk under Xvfb

// One full-screen kiosk with --trace-ui on a fresh data dir; stdout is ours, stderr goes to a file.
class KioskProcess : NoCopy {
public:
    KioskProcess(const Options& o, const Xvfb& x) : m_data(o.dir, "hailong-bench-kiosk-") {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
        const int err = ::open((m_data.path() / "stderr.txt").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        const std::vector<std::string> env = environmentWith(x.display());
        m_started = Steady::now();
        m_pid = spawn({o.kiosk, "--data-dir", m_data.path().string(), "--trace-ui", "--audio-device", "null"}, env,
                      fds[1], err);
        ::close(fds[1]);
        if (err >= 0) ::close(err);
        m_out = fds[0];
    }
    ~KioskProcess() {
        if (m_running) stopProcess(m_pid, 2000);
        ::close(m_out);
    }
    pid_t pid() const { return m_pid; }

    // Seconds from spawn to the first trace line (the first frame is on screen). Throws if none.
    double waitFirstFrame() {
        if (!readLine(m_out, 20'000))
            throw std::runtime_error("the kiosk showed no frame (it ended, or 20 s passed); its stderr: " +
                                     slurp(m_data.path() / "stderr.txt").substr(0, 400));
        return msSince(m_started) / 1000.0;
    }
    // SIGTERM; returns the seconds it took to end and whether it exited with status 0.
    std::pair<double, bool> terminate() {
        const auto [seconds, status] = stopProcess(m_pid, 10'000);
        m_running = false;
        return {seconds, WIFEXITED(status) && WEXITSTATUS(status) == 0};
    }

private:
    TempDir m_data;
    Steady::time_point m_started;
    pid_t m_pid = -1;
    int m_out = -1;
    bool m_running = true;
};

void startupFigures(const Options& o, const Xvfb& x) {
    std::vector<double> firstFrame, sigterm;
    bool cleanExits = true;
    for (int i = 0; i <= o.startRuns; ++i) {  // run 0 warms the page cache and Mesa's shader cache
        KioskProcess k(o, x);
        const double seconds = k.waitFirstFrame();
        const auto [stopSeconds, clean] = k.terminate();
        cleanExits = cleanExits && clean;
        if (i == 0) continue;
        firstFrame.push_back(seconds);
        sigterm.push_back(stopSeconds);
    }
    const std::string runs = format("(%d warm runs)", o.startRuns);
    row("a. start -> first frame, median " + runs, format("%.3f s", percentile(firstFrame, 0.5)), "<= 0.5 s",
        percentile(firstFrame, 0.5) <= 0.5);
    row("   start -> first frame, max", format("%.3f s", maxOf(firstFrame)), "<= 0.5 s", maxOf(firstFrame) <= 0.5);
    row("   SIGTERM -> exit, median / max", format("%.3f / %.3f s", percentile(sigterm, 0.5), maxOf(sigterm)), "< 1 s",
        maxOf(sigterm) < 1.0);
    if (!cleanExits) failed("the kiosk did not exit with status 0 on SIGTERM");
}

void idleAndMemoryFigures(const Options& o, const Xvfb& x) {
    KioskProcess k(o, x);
    k.waitFirstFrame();
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const long long kiosk0 = cpuTicks(k.pid()), xvfb0 = cpuTicks(x.pid());
    const auto t0 = Steady::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(o.idleSeconds));
    const long long kiosk1 = cpuTicks(k.pid()), xvfb1 = cpuTicks(x.pid());
    const double seconds = msSince(t0) / 1000.0;
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    auto percent = [&](long long ticks) { return static_cast<double>(ticks) / tick / seconds * 100.0; };
    const double kioskCpu = percent(kiosk1 - kiosk0);
    row(format("b. idle CPU of the kiosk over %.0f s", seconds),
        format("%.2f %% (%lld ticks of 1/%.0f s)", kioskCpu, kiosk1 - kiosk0, tick), "<= 1 %", kioskCpu <= 1.0);
    row("   Xvfb CPU over the same window (context)", format("%.2f %%", percent(xvfb1 - xvfb0)));
    const double dirty = smapsMb(k.pid(), "Private_Dirty");
    row("c. kiosk Private_Dirty at 1920x1080", format("%.1f MB", dirty), "<= 60 MB", dirty <= 60.0);
    row("   kiosk Rss / Pss (context)", format("%.1f / %.1f MB", smapsMb(k.pid(), "Rss"), smapsMb(k.pid(), "Pss")));
    note("   Private_Dirty by mapping: " + privateDirtyByKind(k.pid()));
    if (!k.terminate().second) failed("the kiosk did not exit with status 0 on SIGTERM");
}

void kioskSection(const Options& o) {
    section("3. the real kiosk, full-screen under Xvfb 1920x1080x24 (software GL)");
    const std::optional<std::string> xvfbExe = findOnPath("Xvfb");
    if (o.kiosk.empty()) return note("skipped: no kiosk to measure (--kiosk \"\", or this build has no app)");
    if (::access(o.kiosk.c_str(), X_OK) != 0)
        return note("skipped: " + o.kiosk + " is not an executable (build hailong-kiosk)");
    if (!xvfbExe) return note("skipped: Xvfb is not on PATH (Debian package xvfb)");
    note("kiosk: " + o.kiosk);
    Xvfb x(*xvfbExe, "1920x1080x24");
    startupFigures(o, x);
    idleAndMemoryFigures(o, x);
}

// [SECTION] 4. export

// n finished responses written straight into the database, as the kiosk would have stored them:
// a comment every commentEvery-th, a dossier code every dossierEvery-th.
void fillResponses(core::KioskDatabase& db, int n, int commentEvery = 50, int dossierEvery = 4) {
    SQLite::Transaction tx(db.db());
    SQLite::Statement r(
        db.db(), "INSERT INTO responses (seq, uuid, kiosk_id, unit_code, unit_name, unit_level, counter, officer_id, "
                 "procedure_code, dossier_code, questionnaire_id, questionnaire_version, language, comment, "
                 "started_utc_ms, ended_utc_ms, utc_offset_min, boot_id, started_mono_ms, ended_mono_ms, end_reason, "
                 "misuse_flags, last_activity_mono_ms) VALUES (?, ?, ?, 'CA-NA', 'Công an tỉnh Nghệ An', 'province', "
                 "'Quầy số 2', ?, ?, ?, 'default', 1, ?, ?, ?, ?, 420, 'b00b0000-0000-4000-8000-000000000001', ?, ?, "
                 "?, ?, ?)");
    SQLite::Statement a(db.db(), "INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?)");
    core::RandomIds ids;
    const std::int64_t t0 = 1'767'225'600'000;
    for (int i = 1; i <= n; ++i) {
        const std::int64_t start = t0 + std::int64_t{i} * 30'000;
        int k = 0;
        r.bind(++k, i);
        r.bind(++k, ids.newUuid());
        r.bind(++k, db.kioskId());
        r.bind(++k, i % 3 ? "" : "cb07");
        r.bind(++k, i % 2 ? "" : "CCCD");
        r.bind(++k, i % dossierEvery ? std::string() : format("HS-%06d", i));
        r.bind(++k, i % 9 ? "vi" : "en");
        r.bind(++k, i % commentEvery ? "" : "Cán bộ nhiệt tình, \"rất\" tốt, cảm ơn");
        r.bind(++k, start);
        r.bind(++k, start + 12'000);
        r.bind(++k, 1'000'000 + std::int64_t{i} * 30'000);
        r.bind(++k, 1'012'000 + std::int64_t{i} * 30'000);
        r.bind(++k, i % 6 ? "completed" : "timeout");
        r.bind(++k, i % 97 ? 0 : 1);
        r.bind(++k, 1'012'000 + std::int64_t{i} * 30'000);
        r.exec();
        r.reset();
        auto answer = [&](const char* q, const char* scale, const char* value, int index, int position) {
            a.bind(1, i);
            a.bind(2, q);
            a.bind(3, scale);
            a.bind(4, value);
            a.bind(5, index);
            a.bind(6, position);
            a.bind(7, start + 2000);
            a.exec();
            a.reset();
        };
        const int m = i % 10;
        answer("overall", "three_level", m == 0 ? "not_satisfied" : m < 3 ? "satisfied" : "very_satisfied", 0, 0);
        if (m == 0) {
            answer("reasons", "multi_select", "waiting", 0, 1);
            answer("reasons", "multi_select", "attitude", 1, 1);
        } else if (i % 2 == 0) {
            answer("times_came_back", "choice", "zero", 0, 1);
        }
    }
    tx.commit();
}

/// One export of a fresh kiosk database of o.exportResponses responses (the fill untimed);
/// sealed to a new headquarters key when sealTo. Returns the export's time and size, and when
/// referenceMs is given, measures the `sqlite3 -csv` dump of the same rows into it.
struct ExportRun {
    double ms = 0;
    std::uint64_t bytes = 0;
};
std::optional<ExportRun> exportOnce(const Options& o, int commentEvery, int dossierEvery, bool sealTo,
                                    double* referenceMs);

void exportSection(const Options& o) {
    section(format("4. export %d responses to a signed batch", o.exportResponses));
    double referenceMs = 0;
    const auto plain = exportOnce(o, 50, 4, false, &referenceMs);
    if (!plain || referenceMs == 0) return;
    // Each figure is the median of o.runs exports, and the reference the median of as many dumps.
    const auto bar = [&](const char* what, const ExportRun& run) {
        row(what,
            format("%.2f s, %.0f MB, %.1fx faster", run.ms / 1000, static_cast<double>(run.bytes) / 1e6,
                   referenceMs / run.ms),
            "3x ref, 1.1 s", run.ms * 3 <= referenceMs && run.ms <= 1100);
    };
    bar("export to a signed batch (durable, marked)", *plain);
    // Sealed for headquarters (hailong-batch/2, issue 19): the same export with the personal
    // fields encrypted, a realistic mix and the worst case.
    if (const auto mix = exportOnce(o, 10, 4, true, nullptr))
        bar("the same, sealed: 10 % comments, 25 % dossier codes", *mix);
    if (const auto all = exportOnce(o, 1, 1, true, nullptr))
        bar("the same, sealed: every response a comment and a dossier", *all);
}

std::optional<ExportRun> exportOnce(const Options& o, int commentEvery, int dossierEvery, bool sealTo,
                                    double* referenceMs) {
    TempDir dir(o.dir, "hailong-bench-export-");
    core::SystemClock clock;
    core::RandomIds ids;
    core::KioskDatabase db(dir.path() / "hailong.db", clock, ids);
    core::AuditLog audit(db, clock);
    const core::KioskKeys keys = core::KioskKeys::loadOrCreate(dir.path(), db, audit);
    db.rememberQuestionnaire("default", core::defaultQuestionnaire().version, core::defaultQuestionnaire().source,
                             clock.wallMs());
    if (sealTo) {  // headquarters' key pinned: the kiosk seals
        unsigned char pk[32], sk[32];
        crypto_box_keypair(pk, sk);
        sodium_memzero(sk, sizeof sk);
        db.setMeta(core::PinnedBoxKeyMeta, core::toHex(pk, sizeof pk));
    }
    const auto fill0 = Steady::now();
    fillResponses(db, o.exportResponses, commentEvery, dossierEvery);
    // The kiosk encodes each response's batch line when the response ends (the export cache),
    // sealed for the next batch once headquarters' key is pinned (core::ExportLineCache); rows
    // written straight into the table get theirs here, as a kiosk would have.
    {
        SQLite::Transaction tx(db.db(), SQLite::TransactionBehavior::IMMEDIATE);
        std::optional<core::BatchSealer> sealer;
        if (sealTo) sealer.emplace(keys, db.kioskId(), 1, *db.meta(core::PinnedBoxKeyMeta));
        core::fillExportCache(db, 1, o.exportResponses, sealer ? &*sealer : nullptr);
        tx.commit();
    }
    db.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    note(format("(filled in %.1f s, untimed; database %.0f MB)", msSince(fill0) / 1000,
                static_cast<double>(fs::file_size(dir.path() / "hailong.db")) / 1e6));
    const fs::path out = dir.path() / "out";
    fs::create_directories(out);
    ::sync();  // the fill's dirty pages must not be flushed on the export's time

    core::Exporter exporter(db, keys, audit, clock, "hailong-bench");
    core::ExportOptions options;
    options.humanFiles = false;
    // The same export o.runs times: after each, the batch is forgotten (its row and file), so the
    // next one writes it again from the same cache (with one more audit entry, its record).
    std::vector<double> times;
    ExportRun run;
    for (int i = 0; i < o.runs; ++i) {
        if (i > 0) {
            db.db().exec("DELETE FROM batches");
            fs::remove_all(out);
            fs::create_directories(out);
            ::sync();
        }
        warmFile(dir.path() / "hailong.db");  // as for each reference dump
        const double cpu0 = cpuSeconds();
        const auto disk0 = diskReads();
        const auto t0 = Steady::now();
        auto result = exporter.exportNext(out, options);
        times.push_back(msSince(t0));
        const auto disk = diskReads();
        note(format("(export %d: %.2f s, %.2f s of processor time, all threads; %ld page faults and %ld blocks "
                    "read from the disk)",
                    i + 1, times.back() / 1000, cpuSeconds() - cpu0, disk.first - disk0.first,
                    disk.second - disk0.second));
        if (!result) {
            failed("export: " + result.error().technical);
            return std::nullopt;
        }
        if (result->responses != o.exportResponses) {
            failed("export wrote " + std::to_string(result->responses));
            return std::nullopt;
        }
        if (sealTo != !result->sealedToHex.empty()) {
            failed("the export was not sealed as asked");
            return std::nullopt;
        }
        run.bytes = result->batchBytes;
    }
    run.ms = percentile(times, 0.5);
    if (!referenceMs) return run;

    const std::optional<std::string> sqlite3 = findOnPath("sqlite3");
    if (!sqlite3) {
        note("sqlite3 is not on PATH (Debian package sqlite3): no reference");
        return run;
    }
    const std::string dump = (dir.path() / "dump.csv").string();
    // Every column a response row had before the export cache (schema version 3).
    const std::string command =
        *sqlite3 + " -csv " + (dir.path() / "hailong.db").string() +
        " 'SELECT seq, uuid, kiosk_id, unit_code, unit_name, unit_level, counter, officer_id, "
        "procedure_code, dossier_code, questionnaire_id, questionnaire_version, language, comment, "
        "started_utc_ms, ended_utc_ms, utc_offset_min, boot_id, started_mono_ms, ended_mono_ms, "
        "end_reason, misuse_flags, last_activity_mono_ms, supersedes_uuid FROM responses' > " +
        dump;
    std::vector<double> references;
    for (int i = 0; i < o.runs; ++i) {
        warmFile(dir.path() / "hailong.db");
        const auto r0 = Steady::now();
        if (std::system(command.c_str()) != 0) {
            failed("the reference dump failed: " + command);
            return run;
        }
        references.push_back(msSince(r0));
    }
    *referenceMs = percentile(references, 0.5);
    row("sqlite3 -csv dump of the responses (reference)",
        format("%.2f s, %.0f MB", *referenceMs / 1000, static_cast<double>(fs::file_size(dump)) / 1e6));
    note("(the dumps: " + runsText(references) + "; the median is the reference)");
    return run;
}

// [SECTION] Main

// Runs one section; an error ends that section only.
template <class F>
void guarded(F&& sectionFn, const Options& o) {
    try {
        sectionFn(o);
    } catch (const std::exception& e) {
        failed(e.what());
    }
}

int run(int argc, char** argv) {
    Options o;
    CLI::App cli{"hailong-bench: the figures of SPEC 8 on this machine, each next to its bar"};
    cli.add_option("--taps", o.taps, "First taps timed for tap -> durable commit (default 2000)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--frames", o.frames, "UI frames timed per screen (default 500)")->check(CLI::PositiveNumber);
    cli.add_option("--idle-seconds", o.idleSeconds, "Idle CPU window of the kiosk (default 30)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--dir", o.dir, "Where the temporary databases go, on real disk (default /var/tmp)")
        ->check(CLI::ExistingDirectory);
    cli.add_option("--kiosk", o.kiosk, "hailong-kiosk to measure under Xvfb; \"\" skips (default: the one built)");
    cli.add_option("--export-responses", o.exportResponses, "Responses exported in one batch (default 1000000)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--import-responses", o.importResponses, "Responses imported at headquarters (default 1000000)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--import-kiosks", o.importKiosks, "Kiosks they come from, one batch each (default 1000)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--runs", o.runs,
                   "Times each export and import (and its reference) runs; the median counts (default 3)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--only", o.only,
                   "Run only these sections: commit, frames, kiosk, export, import, report, province, pgimport, "
                   "pgreport, growth, web, speech")
        ->check(CLI::IsMember({"commit", "frames", "kiosk", "export", "import", "report", "province", "pgimport",
                               "pgreport", "growth", "web", "speech"}));
    cli.add_option("--report-responses", o.reportResponses, "Responses the report runs over (default 10000000)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--province-db", o.provinceDb,
                   "Section 7: keep its headquarters store in this file, or, if the file exists, time the reports "
                   "on it without making the data again (an inner loop for work on the report)");
    cli.add_option("--growth-copies", o.growthCopies,
                   "Section 10: copies of the largest store's tallies added for the last size (default 9: 10x; "
                   "0 skips it)")
        ->check(CLI::NonNegativeNumber);
    cli.add_option("--hailong", o.hailong,
                   "Section 11: the hailong program whose `hq serve` is measured (default: "
                   "the one built)");
    cli.add_option("--web-seconds", o.webSeconds, "Section 11: seconds the clients load the overview (default 60)")
        ->check(CLI::PositiveNumber);
    cli.add_option("--web-clients", o.webClients, "Section 11: clients at once (default 50)")
        ->check(CLI::PositiveNumber);
    cli.add_flag("--quick", o.quick, "Smoke run: 200 taps, 50 frames, 3 starts, idle 5 s, export 100000");
    CLI11_PARSE(cli, argc, argv);
    if (o.quick) {
        if (cli.count("--taps") == 0) o.taps = 200;
        if (cli.count("--frames") == 0) o.frames = 50;
        if (cli.count("--idle-seconds") == 0) o.idleSeconds = 5;
        if (cli.count("--export-responses") == 0) o.exportResponses = 100'000;
        if (cli.count("--import-responses") == 0) o.importResponses = 100'000;
        if (cli.count("--import-kiosks") == 0) o.importKiosks = 100;
        if (cli.count("--report-responses") == 0) o.reportResponses = 500'000;
        if (cli.count("--web-seconds") == 0) o.webSeconds = 10;
        if (cli.count("--runs") == 0) o.runs = 1;
        o.startRuns = 3;
    }

    std::printf("hailong-bench %s: SPEC 8 figures on this machine (%ld cores)%s\n", HAILONG_VERSION,
                ::sysconf(_SC_NPROCESSORS_ONLN), o.quick ? ", QUICK smoke run" : "");
    std::printf("  %-50s %-30s %-14s %s\n", "figure", "measured", "bar", "verdict");
    const auto wanted = [&](const char* name) {
        return o.only.empty() || std::find(o.only.begin(), o.only.end(), name) != o.only.end();
    };
    if (wanted("commit")) guarded(commitSection, o);
    if (wanted("frames")) guarded(frameSection, o);
    if (wanted("kiosk")) guarded(kioskSection, o);
    if (wanted("export")) guarded(exportSection, o);
    if (wanted("import")) guarded(importSection, o);
    if (wanted("report")) guarded(reportSection, o);
    if (wanted("province")) guarded(provinceSection, o);
    if (wanted("pgimport")) guarded(pgImportSection, o);
    if (wanted("pgreport")) guarded(pgReportSection, o);
    if (wanted("growth")) guarded(growthSection, o);
    if (wanted("web")) guarded(webSection, o);
    if (wanted("speech")) guarded(speechSection, o);
    std::printf("\n%d within their bar, %d OVER BAR%s\n", g_ok, g_over,
                g_failed ? format(", %d measurement(s) FAILED", g_failed).c_str() : "");
    return g_failed ? 1 : 0;
}

}  // namespace hailong::bench

int main(int argc, char** argv) { return hailong::bench::run(argc, argv); }
