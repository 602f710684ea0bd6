// hailong hq package: a package for the kiosks of a unit, or one kiosk (issue 19,
// docs/package-format.md). Everything given is checked first, with the validators the kiosk
// uses; a mistake is refused naming the option or file and line, and nothing is written. Then
// the next serial is taken and the file written durably, both in one transaction.
#include "base/clock.h"
#include "base/data_dir.h"
#include "base/durable_file.h"
#include "base/ids.h"
#include "batch/package.h"
#include "commands.h"
#include "hq/receipts.h"
#include "hq_options.h"
#include "survey/questionnaire.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace hailong::cli {

namespace {
namespace fs = std::filesystem;

struct PackageArgs {
    fs::path db = core::defaultDataDir() / "hq.db";
    fs::path keys = defaultHqKeysDir();
    std::string forWhom;
    fs::path out;
    fs::path questionnaire;
    std::optional<std::string> unitName, unitCode, unitLevel;
    std::vector<std::string> counters;
    fs::path procedures;
    std::string hours, days;
    std::string messageVi, messageEn;
    bool noReceipts = false;
    bool announceKey = false;
};

/// A mistake in what was given: refused before anything is written.
struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string both(const core::Text& t) { return t.en + " (" + t.vi + ")"; }

/// The fields of one CSV line (RFC 4180: "" inside quotes is a quote); nothing if a quote is
/// left open.
std::optional<std::vector<std::string>> csvFields(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    if (quoted) return std::nullopt;
    return fields;
}

/// FILE.csv: one procedure a line, "code,name vi,name en"; a first line "code,..." is a header.
std::vector<core::Procedure> readProcedures(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Refused(file.string() + ": cannot be read (không đọc được tệp)");
    std::vector<core::Procedure> out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a spreadsheet's BOM
        if (line.empty()) continue;
        const auto fields = csvFields(line);
        const std::string where = file.string() + ":" + std::to_string(number) + ": ";
        if (!fields) throw Refused(where + "a quote is not closed (dấu ngoặc kép chưa đóng)");
        if (number == 1 && (*fields)[0] == "code") continue;
        if (fields->size() != 3)
            throw Refused(where + "a line must be code,name in Vietnamese,name in English, not " +
                          std::to_string(fields->size()) + " fields (mỗi dòng: mã,tên tiếng Việt,tên tiếng Anh)");
        out.push_back(core::Procedure{(*fields)[0], core::Text{(*fields)[1], (*fields)[2]}});
        core::KioskSettings one;
        one.procedures = {out.back()};
        for (const core::SettingProblem& p : core::validateSettings(one))
            if (p.field.rfind("procedures", 0) == 0) throw Refused(where + both(p.message));
    }
    return out;
}

/// "07:30" -> 450; throws naming --hours.
int minuteOf(const std::string& text) {
    const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() != 5 || !digit(0) || !digit(1) || text[2] != ':' || !digit(3) || !digit(4))
        throw Refused("--hours must be like 07:30-17:00, not \"" + text + "\" (giờ mở cửa dạng 07:30-17:00)");
    return ((text[0] - '0') * 10 + (text[1] - '0')) * 60 + (text[3] - '0') * 10 + (text[4] - '0');
}

/// The settings given, checked as the kiosk's staff screen checks them.
core::PackageSettings settingsOf(const PackageArgs& a) {
    core::PackageSettings s;
    core::KioskSettings k;
    std::vector<std::string> fields;
    const auto take = [&](const std::optional<std::string>& given, std::optional<std::string>& into, std::string& field,
                          const char* key) {
        if (!given) return;
        into = field = *given;
        fields.push_back(key);
    };
    take(a.unitCode, s.unitCode, k.unitCode, "unit.code");
    take(a.unitName, s.unitName, k.unitName, "unit.name");
    take(a.unitLevel, s.unitLevel, k.unitLevel, "unit.level");
    if (s.unitCode && s.unitCode->empty()) throw Refused("--unit-code must not be empty (mã đơn vị không được trống)");
    if (!a.procedures.empty()) {
        s.procedures = readProcedures(a.procedures);
        k.procedures = *s.procedures;
        fields.push_back("procedures");
    }
    if (!a.hours.empty() || !a.days.empty()) {
        core::OpeningHours h;
        if (!a.hours.empty()) {
            const auto dash = a.hours.find('-');
            if (dash == std::string::npos)
                throw Refused("--hours must be like 07:30-17:00, not \"" + a.hours +
                              "\" (giờ mở cửa dạng 07:30-17:00)");
            h.openMinute = minuteOf(a.hours.substr(0, dash));
            h.closeMinute = minuteOf(a.hours.substr(dash + 1));
        }
        if (!a.days.empty()) {
            if (a.days.size() != 7 || a.days.find_first_not_of("01") != std::string::npos)
                throw Refused("--days must be 7 characters 0 or 1, Sunday first, like 0111111 (7 ký tự 0/1, từ Chủ "
                              "nhật)");
            for (std::size_t i = 0; i < 7; ++i) h.days[i] = a.days[i] == '1';
        }
        s.hours = h;
        k.hours = h;
        fields.insert(fields.end(), {"hours.open", "hours.close", "hours.days"});
    }
    for (const core::SettingProblem& p : core::validateSettings(k))
        for (const std::string& f : fields)
            if (p.field == f || (f == "procedures" && p.field.rfind("procedures.", 0) == 0))
                throw Refused(both(p.message));
    for (const std::string& c : a.counters) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || !core::isUuid(c.substr(0, eq)))
            throw Refused("--counter must be KIOSK-ID=NAME, the kiosk id a UUID as `hailong hq kiosks` lists it, not "
                          "\"" +
                          c + "\" (dạng MÃ-KI-ỐT=TÊN QUẦY)");
        core::KioskSettings one;
        one.counterName = c.substr(eq + 1);
        for (const core::SettingProblem& p : core::validateSettings(one))
            if (p.field == "counter.name") throw Refused("--counter " + c.substr(0, eq) + ": " + both(p.message));
        s.counters[c.substr(0, eq)] = one.counterName;
    }
    return s;
}

/// What a package carries, for people (the record and the summary).
std::string carried(const core::Package& p) {
    std::vector<std::string> parts;
    if (p.questionnaire)
        parts.push_back("questionnaire " + p.questionnaire->id + " v" + std::to_string(p.questionnaire->version));
    if (!p.settings.empty()) parts.push_back("settings");
    if (p.message) parts.push_back("message");
    parts.push_back("receipts " + std::to_string(p.receipts.size()));
    if (p.newHqKey) parts.push_back("new key " + p.newHqKey->fingerprint());
    std::string out;
    for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
    return out;
}

int runPackage(const PackageArgs& a) {
    fs::path written;
    try {
        // 1. Everything given, before the store is touched.
        if (a.messageVi.empty() != a.messageEn.empty())
            throw Refused("a message needs both --message-vi and --message-en (thông báo cần cả hai ngôn ngữ)");
        core::Package p;
        if (!a.questionnaire.empty()) {
            const auto q = core::loadQuestionnaireFile(a.questionnaire);
            if (!q) throw Refused(q.error().toString() + " (bảng hỏi không hợp lệ)");
            std::ifstream in(a.questionnaire, std::ios::binary);
            std::ostringstream source;
            source << in.rdbuf();
            p.questionnaire = core::QuestionnaireDef{q->id, q->version, source.str()};
        }
        p.settings = settingsOf(a);
        if (!a.messageVi.empty()) p.message = core::Text{a.messageVi, a.messageEn};
        const core::HqKeyring ring = core::HqKeyring::load(a.keys);
        if (a.announceKey) {
            if (!ring.previous())
                throw Refused("--announce-key: headquarters' keys were never rotated, there is no former key to sign "
                              "with (`hailong hq key rotate` first; chưa đổi khóa)");
            p.hqSignHex = ring.previous()->signHex;
            p.newHqKey = ring.current();
        } else {
            p.hqSignHex = ring.current().signHex;
        }

        // 2. Whom it is for, and what headquarters holds of their batches.
        auto store = openHqStore(a.db);
        const auto kiosk = store->kiosk(a.forWhom);
        if (kiosk) {
            p.target.kioskId = kiosk->kioskId;
            if (!core::isUuid(p.target.kioskId))
                throw Refused("kiosk " + p.target.kioskId + " has no UUID for an id: a package cannot name it");
        } else if (core::isValidCode(a.forWhom)) {
            p.target.unitCode = a.forWhom;
        } else {
            throw Refused("--for " + a.forWhom +
                          ": neither a registered kiosk nor a unit code (`hailong hq kiosks` lists them; không phải "
                          "ki-ốt đã đăng ký hay mã đơn vị)");
        }
        const std::vector<std::string> kiosks = kiosk ? std::vector<std::string>{kiosk->kioskId}
                                                      : core::kiosksOfUnit(*store, a.forWhom);
        if (!a.noReceipts)
            for (const std::string& id : kiosks)
                if (core::isUuid(id)) p.receipts.push_back(core::batchReceipt(*store, id));

        // 3. The serial, the file and its record: all or nothing.
        const core::SystemClock clock;
        std::error_code ec;
        fs::create_directories(a.out, ec);
        if (ec) throw std::runtime_error("cannot create the folder " + a.out.string() + ": " + ec.message());
        const core::PackageRecord record = store->recordPackage([&](std::int64_t serial) {
            p.serial = serial;
            p.madeUtcMs = clock.wallMs();
            const std::string bytes = core::writePackage(p, ring);
            const fs::path file = a.out / core::packageFileName(p);
            core::DurableFile out(file);
            out.write(bytes);
            out.sync();
            out.commit();
            written = file;
            const auto back = core::readPackage(bytes, file.string());
            return core::PackageRecord{serial,
                                       kiosk ? "kiosk " + p.target.kioskId : "unit " + p.target.unitCode,
                                       p.madeUtcMs,
                                       file.filename().string(),
                                       back ? back->digestHex : std::string(),
                                       carried(p)};
        });
        written.clear();

        // 4. What it holds.
        std::cout << "wrote " << (a.out / record.fileName).string() << " (đã ghi gói)\n"
                  << "  serial (số thứ tự): " << record.serial << "\n"
                  << "  for (cho): " << record.target;
        if (!kiosk) std::cout << ", " << kiosks.size() << " kiosk(s) registered there now";
        std::cout << "\n  signed by (ký bởi): " << (a.announceKey ? ring.previous() : &ring.current())->fingerprint()
                  << (a.announceKey ? " (former key, announcing the new one; khóa cũ)" : "") << "\n";
        if (p.questionnaire)
            std::cout << "  questionnaire (bảng hỏi): " << p.questionnaire->id << " version "
                      << p.questionnaire->version << "\n";
        if (p.settings.unitCode) std::cout << "  unit code (mã đơn vị): " << *p.settings.unitCode << "\n";
        if (p.settings.unitName) std::cout << "  unit name (tên đơn vị): " << *p.settings.unitName << "\n";
        if (p.settings.unitLevel) std::cout << "  unit level (cấp): " << *p.settings.unitLevel << "\n";
        for (const auto& [id, name] : p.settings.counters)
            std::cout << "  counter (quầy) " << id << ": " << name << "\n";
        if (p.settings.procedures) std::cout << "  procedures (thủ tục): " << p.settings.procedures->size() << "\n";
        if (p.settings.hours) {
            std::string days;
            for (bool open : p.settings.hours->days) days += open ? '1' : '0';
            std::cout << "  hours (giờ mở cửa): " << core::formatHoursMinutes(p.settings.hours->openMinute) << "-"
                      << core::formatHoursMinutes(p.settings.hours->closeMinute) << ", days " << days << "\n";
        }
        if (p.message) std::cout << "  message (thông báo): " << p.message->vi << " / " << p.message->en << "\n";
        for (const core::BatchReceipt& r : p.receipts)
            std::cout << "  receipt (biên nhận) " << r.kioskId << ": batches 1-" << r.upTo << " held, last "
                      << r.lastNumber << "\n";
        if (a.noReceipts) std::cout << "  no receipts (không kèm biên nhận)\n";
        if (p.newHqKey) std::cout << "  new key (khóa mới): " << p.newHqKey->fingerprint() << "\n";
        return ExitOk;
    } catch (const std::exception& e) {
        if (!written.empty()) {  // written, then its record failed: the file goes too
            std::error_code ec;
            fs::remove(written, ec);
        }
        std::cerr << "hailong hq package: " << e.what() << "\nnothing was written (không ghi gì)\n";
        return ExitFailed;
    }
}

}  // namespace

void addPackageCommand(CLI::App& hq, int& exitCode) {
    auto a = std::make_shared<PackageArgs>();
    CLI::App* cmd = hq.add_subcommand(
        "package", "Make a package for the kiosks of a unit, or one kiosk (docs/package-format.md): a questionnaire, "
                   "settings, a message, and receipts of their batches; signed with headquarters' key.");
    cmd->add_option("--db", a->db, DbHelp)->capture_default_str();
    cmd->add_option("--keys", a->keys, "The folder of headquarters' secret keys (`hailong hq key init`)")
        ->capture_default_str();
    cmd->add_option("--for", a->forWhom, "A unit code (every kiosk there) or a registered kiosk's id")->required();
    cmd->add_option("--out", a->out, "The folder the package is written to")->required();
    cmd->add_option("--questionnaire", a->questionnaire, "A questionnaire file (.toml) the kiosks take up")
        ->check(CLI::ExistingFile);
    cmd->add_option("--unit-name", a->unitName, "The unit's name");
    cmd->add_option("--unit-code", a->unitCode, "The unit's code");
    cmd->add_option("--unit-level", a->unitLevel, "central, province or commune");
    cmd->add_option("--counter", a->counters, "KIOSK-ID=NAME: the counter a kiosk stands at (repeatable)");
    cmd->add_option("--procedures", a->procedures, "A CSV file: code,name in Vietnamese,name in English per line")
        ->check(CLI::ExistingFile);
    cmd->add_option("--hours", a->hours, "Opening hours, like 07:30-17:00");
    cmd->add_option("--days", a->days, "Open days, 7 characters 0/1 from Sunday, like 0111111");
    cmd->add_option("--message-vi", a->messageVi, "A message for the staff, in Vietnamese");
    cmd->add_option("--message-en", a->messageEn, "The same message in English");
    cmd->add_flag("--no-receipts", a->noReceipts, "Leave out the receipts of the kiosks' batches");
    cmd->add_flag("--announce-key", a->announceKey,
                  "Carry the current key as the new one, signed by the former (after `hailong hq key rotate`)");
    cmd->callback([a, &exitCode] { exitCode = runPackage(*a); });
}

}  // namespace hailong::cli
