// A package from headquarters at the kiosk: the plan, the refusals, and applying all or nothing.
#include "flow/package_apply.h"
#include "store/kiosk_backup.h"

#include "base/durable_file.h"
#include "store/settings_store.h"
#include "survey/audit_entry.h"
#include "survey/response_store.h"  // StorageError

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <fstream>
#include <iterator>
#include <system_error>

namespace hailong::core {

namespace {

/// The reason, after the file's name (every refusal names the file).
Unexpected<PackageRefusal> refuse(const std::string& file, std::int64_t serial, const Text& reason) {
    return unexpected(
        PackageRefusal{file, serial, Text{"Tệp “" + file + "”: " + reason.vi, "File “" + file + "”: " + reason.en}});
}
Unexpected<PackageRefusal> refuse(const std::string& file, std::int64_t serial, std::string vi, std::string en) {
    return refuse(file, serial, Text{std::move(vi), std::move(en)});
}

Text same(const std::string& s) { return Text{s, s}; }

Text proceduresText(const std::vector<Procedure>& list) {
    Text t{std::to_string(list.size()) + " thủ tục",
           std::to_string(list.size()) + " procedure" + (list.size() == 1 ? "" : "s")};
    for (std::size_t i = 0; i < list.size(); ++i) {
        t.vi += (i == 0 ? ": " : "; ") + list[i].name.vi;
        t.en += (i == 0 ? ": " : "; ") + (list[i].name.en.empty() ? list[i].name.vi : list[i].name.en);
    }
    return t;
}

Text hoursText(const OpeningHours& h) {
    static const char* vi[7] = {"CN", "T2", "T3", "T4", "T5", "T6", "T7"};
    static const char* en[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const std::string span = formatHoursMinutes(h.openMinute) + "–" + formatHoursMinutes(h.closeMinute);
    Text t{span + ",", span + ","};
    for (int d = 1; d <= 7; ++d) {  // Monday first, as people read a week
        const int i = d % 7;
        if (!h.days[static_cast<std::size_t>(i)]) continue;
        t.vi += std::string(" ") + vi[i];
        t.en += std::string(" ") + en[i];
    }
    return t;
}

Text questionnaireText(const std::string& id, int version, const Text& title) {
    const std::string head = id + " v" + std::to_string(version);
    return Text{head + (title.vi.empty() ? "" : " — " + title.vi), head + (title.en.empty() ? "" : " — " + title.en)};
}

std::string safeName(const std::string& id) {
    std::string out;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        out += ok ? c : '_';
    }
    return out.substr(0, 64);
}

std::filesystem::path questionnairePath(const std::filesystem::path& dir, const Questionnaire& q) {
    return dir / ("hq-" + safeName(q.id) + "-v" + std::to_string(q.version) + ".toml");
}

/// The settings after the package, and the lines saying what changes.
void planSettings(const PackageSettings& ps, const std::string& kioskId, const KioskSettings& now, PackagePlan& plan) {
    KioskSettings& s = plan.settings;
    s = now;
    auto change = [&](const char* key, const Text& before, const Text& after) {
        plan.changes.push_back(PackageChange{key, before, after});
        plan.settingsChange = true;
    };
    if (ps.unitCode && *ps.unitCode != now.unitCode) {
        change("hq.change.unit_code", same(now.unitCode), same(*ps.unitCode));
        s.unitCode = *ps.unitCode;
    }
    if (ps.unitName && *ps.unitName != now.unitName) {
        change("hq.change.unit_name", same(now.unitName), same(*ps.unitName));
        s.unitName = *ps.unitName;
    }
    if (ps.unitLevel && *ps.unitLevel != now.unitLevel) {
        change("hq.change.unit_level", same(unitLevelWords(now.unitLevel)), same(unitLevelWords(*ps.unitLevel)));
        s.unitLevel = *ps.unitLevel;
    }
    if (auto c = ps.counters.find(kioskId); c != ps.counters.end() && c->second != now.counterName) {
        change("hq.change.counter_name", same(now.counterName), same(c->second));
        s.counterName = c->second;
    }
    if (ps.procedures && *ps.procedures != now.procedures) {
        change("hq.change.procedures", proceduresText(now.procedures), proceduresText(*ps.procedures));
        s.procedures = *ps.procedures;
    }
    if (ps.hours && !(*ps.hours == now.hours)) {
        change("hq.change.hours", hoursText(now.hours), hoursText(*ps.hours));
        s.hours = *ps.hours;
    }
}

std::string joinMessages(const std::vector<SettingProblem>& problems, bool en) {
    std::string out;
    for (const SettingProblem& p : problems) out += (out.empty() ? "" : " ") + (en ? p.message.en : p.message.vi);
    return out;
}

}  // namespace

std::string packageTargetText(const PackageTarget& target) {
    return target.kioskId.empty() ? "unit:" + target.unitCode : "kiosk:" + target.kioskId;
}

Expected<PackagePlan, PackageRefusal> planPackage(std::string_view bytes, const std::string& file, KioskDatabase& db) {
    const HqLink link(db);
    const std::optional<PinnedHqKey> pinned = link.pinnedKey();
    if (!pinned)
        return refuse(file, 0,
                      "máy chưa có khóa trung tâm nên chưa nhận gói nào. Hãy nạp khóa trung tâm "
                      "trước (mục “Khóa trung tâm”).",
                      "no headquarters key is pinned on this kiosk, so it takes no package yet. "
                      "Load headquarters' key first (“Headquarters key”).");
    PackageReadOptions options;
    options.pinnedSignHex = pinned->signHex;
    auto read = readPackage(bytes, file, options);
    if (!read) return refuse(file, 0, read.error().reason);
    PackagePlan plan;
    plan.file = file;
    plan.package = std::move(*read);
    const Package& p = plan.package;
    if (p.hqSignHex != pinned->signHex)  // readPackage checks it too: never rely on one check
        return refuse(file, p.serial, "gói được ký bằng một khóa khác với khóa trung tâm của máy.",
                      "the package is signed by another key than the kiosk's headquarters key.");

    const SettingsStore store(db);
    const KioskSettings now = store.load();
    if (!p.target.kioskId.empty() && p.target.kioskId != db.kioskId())
        return refuse(file, p.serial,
                      "gói dành cho máy khác (" + p.target.kioskId.substr(0, 8) + "…), không phải máy này (" +
                          db.kioskId().substr(0, 8) + "…).",
                      "the package is for another kiosk (" + p.target.kioskId.substr(0, 8) + "…), not this one (" +
                          db.kioskId().substr(0, 8) + "…).");
    if (p.target.kioskId.empty() && p.target.unitCode != now.unitCode) {
        const std::string mine = now.unitCode.empty() ? "(chưa đặt)" : now.unitCode;
        const std::string mineEn = now.unitCode.empty() ? "(not set)" : now.unitCode;
        return refuse(file, p.serial,
                      "gói dành cho đơn vị “" + quoteForMessage(p.target.unitCode) + "”, máy này thuộc đơn vị “" +
                          mine + "”.",
                      "the package is for the unit “" + quoteForMessage(p.target.unitCode) +
                          "”; this kiosk belongs to the unit “" + mineEn + "”.");
    }
    const std::int64_t last = link.lastSerial();
    if (p.serial == last)
        return refuse(file, p.serial, "gói số " + std::to_string(p.serial) + " đã được áp dụng trên máy này rồi.",
                      "package " + std::to_string(p.serial) + " was already applied on this kiosk.");
    if (p.serial < last)
        return refuse(file, p.serial,
                      "gói số " + std::to_string(p.serial) + " cũ hơn gói số " + std::to_string(last) +
                          " đã áp dụng; máy không quay lại gói cũ.",
                      "package " + std::to_string(p.serial) + " is older than package " + std::to_string(last) +
                          " already applied; the kiosk never goes back to an older one.");

    // Settings: the existing validation, as the settings screen saves them.
    planSettings(p.settings, db.kioskId(), now, plan);
    if (plan.settingsChange) {
        KioskSettings check = plan.settings;
        check.questionnaireFile.clear();  // the package's questionnaire is checked below
        check.exportFolder.clear();       // a share not mounted now is the export's concern
        const bool formerKept = now.unitLevel == check.unitLevel || db.installUtcMs() < DistrictLevelEndedUtcMs;
        std::vector<SettingProblem> problems = validateSettings(check,
                                                                formerKept ? FormerLevel::Kept : FormerLevel::Refused);
        if (check.unitCode.empty() && !now.unitCode.empty())
            problems.push_back(SettingProblem{
                "unit.code", Text{"Không thể để trống mã đơn vị.", "The unit code cannot be left empty."}});
        if (!problems.empty())
            return refuse(file, p.serial,
                          "cài đặt trong gói không hợp lệ nên gói không được áp dụng. " + joinMessages(problems, false),
                          "the settings in the package are not valid, so it is not applied. " +
                              joinMessages(problems, true));
    }
    if (p.questionnaire) {
        auto q = parseQuestionnaire(p.questionnaire->source, file + " (questionnaire)");
        if (!q)
            return refuse(file, p.serial, "bộ câu hỏi trong gói có lỗi: " + q.error().toString(),
                          "the questionnaire in the package has a mistake: " + q.error().toString());
        if (q->id != p.questionnaire->id || q->version != p.questionnaire->version)
            return refuse(file, p.serial, "bộ câu hỏi trong gói không khớp với tên và phiên bản gói ghi.",
                          "the questionnaire in the package does not match the id and version "
                          "the package names.");
        const auto stored = db.questionnaireSource(q->id, q->version);
        if (stored && *stored != q->source)
            return refuse(file, p.serial,
                          "phiên bản " + std::to_string(q->version) + " của bộ câu hỏi “" + q->id +
                              "” đã được dùng với nội dung khác.",
                          "version " + std::to_string(q->version) + " of questionnaire “" + q->id +
                              "” was used before with other content.");
        Text before;
        if (auto current = db.lastGoodQuestionnaire())
            if (auto cq = parseQuestionnaire(*current, "(in use)"))
                before = questionnaireText(cq->id, cq->version, cq->title);
        plan.changes.push_back(
            PackageChange{"hq.change.questionnaire", before, questionnaireText(q->id, q->version, q->title)});
        plan.questionnaire = std::move(*q);
    }
    if (p.message) {
        Text before;
        if (auto m = link.message()) before = m->text;
        plan.changes.push_back(PackageChange{"hq.change.message", before, *p.message});
    }
    const bool restored = awaitingReceipt(db);
    for (const BatchReceipt& r : p.receipts) {
        if (r.kioskId != db.kioskId()) continue;
        const auto held = link.receipt();
        // A kiosk restored from a copy takes any receipt: it says where its numbers continue.
        if (!restored) {
            if (held && (r.upTo < held->upTo || r.lastNumber < held->lastNumber)) break;  // never backwards
            if (held && r.upTo == held->upTo && r.lastNumber == held->lastNumber) break;  // nothing new
            if (!held && r.upTo == 0 && r.lastNumber == 0) break;  // headquarters holds none yet: nothing to say
        }
        if (restored) {
            plan.settles = true;
            plan.changes.push_back(PackageChange{"hq.change.settle", Text{},
                                                 same(std::to_string(std::max<std::int64_t>(r.lastNumber, 0) + 1))});
        }
        plan.receipt = StoredReceipt{r.upTo,          r.lastNumber, r.lastDigestHex, r.lastSeqLast,
                                     r.lastAuditLast, p.serial,     p.madeUtcMs};
        plan.changes.push_back(PackageChange{"hq.change.receipt", held ? same(std::to_string(held->upTo)) : Text{},
                                             same(std::to_string(r.upTo))});
        break;
    }
    if (p.newHqKey && (p.newHqKey->signHex != pinned->signHex || p.newHqKey->boxHex != pinned->boxHex)) {
        plan.newKey = PinnedHqKey{p.newHqKey->signHex, p.newHqKey->boxHex, p.newHqKey->name};
        plan.newKeyFingerprint = p.newHqKey->fingerprint();
        const HqPublicKey old{pinned->signHex, pinned->boxHex, pinned->name};
        plan.changes.push_back(PackageChange{
            "hq.change.hq_key", same(old.fingerprint()),
            same(plan.newKeyFingerprint + (p.newHqKey->name.empty() ? "" : " (" + p.newHqKey->name + ")"))});
    }
    return plan;
}

Expected<PackagePlan, PackageRefusal> planPackageFile(const std::filesystem::path& file, KioskDatabase& db) {
    const std::string name = file.filename().u8string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    const PackageReadOptions limits;
    if (ec) return refuse(name, 0, "không đọc được: " + ec.message() + ".", "cannot be read: " + ec.message() + ".");
    if (size > limits.maxBytes)
        return refuse(name, 0, "quá lớn để là một gói từ trung tâm.", "too large to be a package from headquarters.");
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return refuse(name, 0, "không đọc được.", "cannot be read.");
    return planPackage(bytes, name, db);
}

Expected<PackageOutcome, PackageRefusal> applyPackage(const PackagePlan& plan, KioskDatabase& db, AuditLog& audit,
                                                      const PackageApplyOptions& options) {
    const Package& p = plan.package;
    PackageOutcome out;
    out.serial = p.serial;
    out.changes = plan.changes;
    KioskSettings wanted = plan.settings;
    // 1. The questionnaire's file, durable before the transaction that points to it.
    if (plan.questionnaire) {
        const std::filesystem::path path = questionnairePath(options.questionnaireDir, *plan.questionnaire);
        try {
            std::error_code ec;
            std::filesystem::create_directories(options.questionnaireDir, ec);
            std::ifstream existing(path, std::ios::binary);
            const std::string text((std::istreambuf_iterator<char>(existing)), std::istreambuf_iterator<char>());
            if (!existing.is_open() || text != plan.questionnaire->source) {
                DurableFile f(path);
                f.write(plan.questionnaire->source);
                f.sync();
                f.commit();
            }
        } catch (const WriteError& e) {
            return refuse(plan.file, p.serial,
                          "Không ghi được bộ câu hỏi của gói vào “" + path.u8string() + "”; không có gì thay đổi.",
                          std::string("Cannot write the package's questionnaire: ") + e.what() +
                              "; nothing was changed.");
        }
        wanted.questionnaireFile = path.u8string();
        out.questionnaireFile = path;
        out.questionnaireChanged = true;
    }
    const auto step = [&](const char* name) {
        if (options.fault) options.fault(name);
    };
    std::vector<std::string> what;
    std::optional<PackageRefusal> moved;
    guarded(db, "cannot apply package " + std::to_string(p.serial), [&] {
        SQLite::Transaction tx(db.db(), SQLite::TransactionBehavior::IMMEDIATE);
        HqLink link(db);
        const auto pinned = link.pinnedKey();
        if (!pinned || pinned->signHex != p.hqSignHex || link.lastSerial() >= p.serial) {
            moved = PackageRefusal{plan.file, p.serial,
                                   Text{"Trạng thái của máy đã thay đổi từ khi gói được đọc; hãy đọc lại gói.",
                                        "The kiosk's state changed since the package was read; read it again."}};
            return;  // rolls back (nothing written)
        }
        // Settings, each changed key audited as the settings screen does.
        const auto defaults = encodeSettings(KioskSettings{});
        const auto encoded = encodeSettings(wanted);
        const SettingsStore::OnChange audited = auditSettingChanges(audit);
        bool settingsChanged = false;
        for (std::size_t i = 0; i < encoded.size(); ++i) {
            const auto& [key, value] = encoded[i];
            const std::string old = db.setting(key).value_or(defaults[i].second);
            if (old == value) continue;
            db.setSetting(key, value);
            audited(key, old, value);
            settingsChanged = true;
        }
        out.settingsChanged = settingsChanged;
        if (settingsChanged || plan.settingsChange) what.push_back("settings");
        step("settings");
        if (plan.questionnaire) {
            const Questionnaire& q = *plan.questionnaire;
            SQLite::Statement add(db.db(),
                                  "INSERT INTO questionnaires (id, version, source, first_seen_utc_ms, "
                                  "last_activated_utc_ms, activation) VALUES (?1, ?2, ?3, ?4, ?4, (SELECT "
                                  "coalesce(max(activation), 0) + 1 FROM questionnaires)) ON CONFLICT (id, version) "
                                  "DO UPDATE SET last_activated_utc_ms = excluded.last_activated_utc_ms, activation "
                                  "= excluded.activation WHERE source = excluded.source");
            add.bind(1, q.id);
            add.bind(2, q.version);
            add.bind(3, q.source);
            add.bind(4, audit.clock().wallMs());
            add.exec();
            if (db.questionnaireSource(q.id, q.version) != q.source)
                throw StorageError("questionnaire " + q.id + " version " + std::to_string(q.version) +
                                   " is stored with different content");
            what.push_back("questionnaire");
            step("questionnaire");
        }
        if (p.message) {
            link.writeMessage(HqNotice{*p.message, p.serial, p.madeUtcMs});
            what.push_back("message");
            step("message");
        }
        if (plan.receipt) {
            if (plan.settles) {
                const StoredReceipt& r = *plan.receipt;
                try {
                    out.settlement = settleRestoredNumbers(
                        db, HqHolds{r.lastNumber, r.lastDigestHex, r.lastSeqLast, r.lastAuditLast});
                } catch (const std::invalid_argument& e) {
                    moved = PackageRefusal{
                        plan.file, p.serial,
                        Text{std::string("Biên nhận của trung tâm không khớp với dữ liệu của máy này (") + e.what() +
                                 "); chưa thay đổi gì.",
                             std::string("Headquarters' receipt does not match this kiosk's data (") + e.what() +
                                 "); nothing was changed."}};
                    return;  // rolls back (nothing written)
                }
                what.push_back("numbers");
            }
            link.writeReceipt(*plan.receipt);
            what.push_back("receipt");
            step("receipt");
        }
        if (plan.newKey) {
            link.writeKey(*plan.newKey);
            audit.record(audit::HqKeyReplaced, hqKeyAuditDetail(*plan.newKey, plan.newKeyFingerprint));
            what.push_back("hq_key");
            step("key");
        }
        link.writeSerial(p.serial);
        step("serial");
        std::string changes;
        for (const std::string& w : what) changes += (changes.empty() ? "" : ",") + w;
        audit.record(audit::PackageApplied, "serial=" + std::to_string(p.serial) +
                                                " for=" + packageTargetText(p.target) +
                                                " changes=" + (changes.empty() ? "none" : changes));
        tx.commit();
    });
    if (moved) return unexpected(std::move(*moved));
    return out;
}

void recordPackageRefusal(AuditLog& audit, const PackageRefusal& refusal) {
    std::string reason;
    for (char c : refusal.reason.en) reason += c == '\n' ? ' ' : c;
    audit.record(audit::PackageRefused,
                 "serial=" + std::to_string(refusal.serial) + " reason=" + quoteForMessage(reason, 300));
}

}  // namespace hailong::core
