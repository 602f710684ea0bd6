// Reading packages back: every check of docs/package-format.md, section 4, in its order.
#include "batch/package.h"

#include "base/ids.h"
#include "batch/batch_format.h"
#include "batch/kiosk_keys.h"
#include "signed_file.h"
#include "survey/questionnaire.h"

#include <simdjson.h>

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <set>

namespace hailong::core {

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr std::int64_t MaxSafeInteger = (std::int64_t{1} << 53) - 1;
constexpr std::size_t MaxReceipts = 10000;
constexpr std::size_t MaxCounters = 1000;
constexpr std::size_t MaxMessageChars = 2000;
constexpr std::size_t MaxKeyNameBytes = 200;
constexpr std::size_t MaxQuestionnaireBytes = std::size_t{4} << 20;

/// A field that is missing, of the wrong type or out of its limits.
struct FieldError {
    Text reason;
};
[[noreturn]] void bad(std::string en, std::string vi) { throw FieldError{Text{std::move(vi), std::move(en)}}; }

std::string q(std::string_view field) { return "\"" + std::string(field) + "\""; }

element at(object o, const char* field) {
    element e;
    if (o[field].get(e) != simdjson::SUCCESS) bad(q(field) + " is missing", "thiếu " + q(field));
    return e;
}
std::string str(element e, const std::string& field) {
    std::string_view v;
    if (e.get(v) != simdjson::SUCCESS) bad(q(field) + " must be a string", q(field) + " phải là một chuỗi");
    return std::string(v);
}
std::int64_t num(element e, const std::string& field, std::int64_t min, std::int64_t max) {
    std::int64_t v = 0;
    if (e.get(v) != simdjson::SUCCESS) bad(q(field) + " must be a whole number", q(field) + " phải là một số nguyên");
    if (v < min || v > max)
        bad(q(field) + " is out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")",
            q(field) + " nằm ngoài giới hạn (" + std::to_string(min) + " đến " + std::to_string(max) + ")");
    return v;
}
object obj(element e, const std::string& field) {
    object o;
    if (e.get(o) != simdjson::SUCCESS) bad(q(field) + " must be an object", q(field) + " phải là một đối tượng");
    return o;
}
simdjson::dom::array arr(element e, const std::string& field) {
    simdjson::dom::array a;
    if (e.get(a) != simdjson::SUCCESS) bad(q(field) + " must be an array", q(field) + " phải là một mảng");
    return a;
}
/// Refuses keys this format does not know: a newer program changes the format's version.
void onlyKeys(object o, const std::string& where, std::initializer_list<std::string_view> known) {
    for (const auto field : o)
        if (std::find(known.begin(), known.end(), field.key) == known.end())
            bad("unknown key " + q(field.key) + (where.empty() ? "" : " in " + q(where)),
                "khóa không rõ " + q(field.key) + (where.empty() ? "" : " trong " + q(where)));
}
std::size_t chars(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
bool hasControl(std::string_view s, bool lineBreaksAllowed) {
    return std::any_of(s.begin(), s.end(), [&](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && !(lineBreaksAllowed && c == '\n')) || u == 0x7F;
    });
}
std::string hex32(element e, const std::string& field) {
    std::string v = str(e, field);
    if (!signed_file::isLowerHex(v, 32))
        bad(q(field) + " must be 64 lower-case hex digits (0-9, a-f)",
            q(field) + " phải là 64 chữ số thập lục phân viết thường (0-9, a-f)");
    return v;
}
std::string kioskId(element e, const std::string& field) {
    std::string v = str(e, field);
    if (!isUuid(v))
        bad(q(field) + " must be a kiosk id (a lower-case UUID), not \"" + quoteForMessage(v) + "\"",
            q(field) + " phải là mã ki-ốt (UUID viết thường), không phải \"" + quoteForMessage(v) + "\"");
    return v;
}
/// "HH:MM" -> minutes since midnight; the range is validateSettings' to judge.
int hoursMinute(element e, const std::string& field) {
    const std::string v = str(e, field);
    const auto digit = [&](std::size_t i) { return v[i] >= '0' && v[i] <= '9'; };
    if (v.size() != 5 || !digit(0) || !digit(1) || v[2] != ':' || !digit(3) || !digit(4))
        bad(q(field) + " must be a time HH:MM, not \"" + quoteForMessage(v) + "\"",
            q(field) + " phải là giờ dạng HH:MM, không phải \"" + quoteForMessage(v) + "\"");
    return ((v[0] - '0') * 10 + (v[1] - '0')) * 60 + (v[3] - '0') * 10 + (v[4] - '0');
}

/// The first problem validateSettings finds with the given storage keys.
void checkSettings(const KioskSettings& s, std::initializer_list<std::string_view> fields, const std::string& where) {
    for (const SettingProblem& p : validateSettings(s))
        for (std::string_view f : fields)
            if (p.field == f || (f == "procedures" && p.field.rfind("procedures.", 0) == 0))
                bad(where + ": " + p.message.en, where + ": " + p.message.vi);
}

PackageSettings readSettings(object so) {
    onlyKeys(so, "settings", {"unit_code", "unit_name", "unit_level", "counters", "procedures", "hours"});
    PackageSettings s;
    KioskSettings k;  // the defaults, with what the package sets: validated as the staff screen does
    element e;
    if (so["unit_code"].get(e) == simdjson::SUCCESS) k.unitCode = *(s.unitCode = str(e, "unit_code"));
    if (so["unit_name"].get(e) == simdjson::SUCCESS) k.unitName = *(s.unitName = str(e, "unit_name"));
    if (so["unit_level"].get(e) == simdjson::SUCCESS) k.unitLevel = *(s.unitLevel = str(e, "unit_level"));
    if (s.unitCode && s.unitCode->empty()) bad("\"unit_code\" must not be empty", "\"unit_code\" không được để trống");
    if (so["procedures"].get(e) == simdjson::SUCCESS) {
        std::vector<Procedure> list;
        for (element pe : arr(e, "procedures")) {
            const auto pa = arr(pe, "a procedure");
            if (pa.size() != 3)
                bad("a procedure must be [code, name vi, name en]",
                    "một thủ tục phải là [mã, tên tiếng Việt, tên tiếng Anh]");
            list.push_back(Procedure{str(pa.at(0).value_unsafe(), "procedure code"),
                                     Text{str(pa.at(1).value_unsafe(), "procedure name vi"),
                                          str(pa.at(2).value_unsafe(), "procedure name en")}});
            if (list.size() > MaxProcedures) break;  // validateSettings says so
        }
        k.procedures = list;
        s.procedures = std::move(list);
    }
    if (so["hours"].get(e) == simdjson::SUCCESS) {
        const object ho = obj(e, "hours");
        onlyKeys(ho, "hours", {"open", "close", "days"});
        OpeningHours h;
        h.openMinute = hoursMinute(at(ho, "open"), "hours open");
        h.closeMinute = hoursMinute(at(ho, "close"), "hours close");
        const std::string days = str(at(ho, "days"), "hours days");
        if (days.size() != 7 || days.find_first_not_of("01") != std::string::npos)
            bad("\"days\" must be 7 characters 0 or 1, Sunday first (\"0111111\")",
                "\"days\" phải gồm 7 ký tự 0 hoặc 1, bắt đầu từ Chủ nhật (\"0111111\")");
        for (std::size_t i = 0; i < 7; ++i) h.days[i] = days[i] == '1';
        k.hours = h;
        s.hours = h;
    }
    checkSettings(k, {"unit.code", "unit.name", "unit.level", "procedures", "hours.open", "hours.close", "hours.days"},
                  "settings");
    if (so["counters"].get(e) == simdjson::SUCCESS) {
        const object co = obj(e, "counters");
        for (const auto field : co) {
            const std::string id(field.key);
            if (!isUuid(id))
                bad("a key of \"counters\" must be a kiosk id (a lower-case UUID), not \"" + quoteForMessage(id) + "\"",
                    "khóa của \"counters\" phải là mã ki-ốt (UUID viết thường), không phải \"" + quoteForMessage(id) +
                        "\"");
            KioskSettings one;
            one.counterName = str(field.value, "counter of " + id);
            checkSettings(one, {"counter.name"}, "counter of kiosk " + id);
            s.counters[id] = one.counterName;
            if (s.counters.size() > MaxCounters)
                bad("more than " + std::to_string(MaxCounters) + " counters",
                    "quá " + std::to_string(MaxCounters) + " quầy");
        }
    }
    return s;
}

BatchReceipt readReceipt(object ro) {
    onlyKeys(ro, "receipts", {"kiosk_id", "up_to", "last"});
    BatchReceipt r;
    r.kioskId = kioskId(at(ro, "kiosk_id"), "kiosk_id");
    r.upTo = num(at(ro, "up_to"), "up_to", 0, MaxSafeInteger);
    const object lo = obj(at(ro, "last"), "last");
    onlyKeys(lo, "last", {"number", "digest", "seq_last", "audit_last"});
    r.lastNumber = num(at(lo, "number"), "last number", 0, MaxSafeInteger);
    r.lastDigestHex = str(at(lo, "digest"), "last digest");
    r.lastSeqLast = num(at(lo, "seq_last"), "last seq_last", 0, MaxSafeInteger);
    r.lastAuditLast = num(at(lo, "audit_last"), "last audit_last", 0, MaxSafeInteger);
    if (r.lastNumber == 0 ? !r.lastDigestHex.empty() : !signed_file::isLowerHex(r.lastDigestHex, 32))
        bad("the receipt of kiosk " + r.kioskId + ": \"digest\" must be 64 lower-case hex digits, or \"\" for number 0",
            "biên nhận của ki-ốt " + r.kioskId +
                ": \"digest\" phải là 64 chữ số thập lục phân viết thường, hoặc \"\" khi number là 0");
    if (r.upTo > r.lastNumber)
        bad("the receipt of kiosk " + r.kioskId + ": \"up_to\" is above the last batch's number",
            "biên nhận của ki-ốt " + r.kioskId + ": \"up_to\" lớn hơn số của lô cuối");
    return r;
}

/// The fields after the signature was checked.
void readFields(object o, Package& p, const std::string& name) {
    onlyKeys(o, "",
             {"format", "hq_key", "serial", "made_utc_ms", "for", "questionnaire", "settings", "message", "receipts",
              "new_hq_key"});
    p.serial = num(at(o, "serial"), "serial", 1, MaxSafeInteger);
    p.madeUtcMs = num(at(o, "made_utc_ms"), "made_utc_ms", 0, MaxSafeInteger);
    const object fo = obj(at(o, "for"), "for");
    onlyKeys(fo, "for", {"unit", "kiosk"});
    if (fo.size() != 1)
        bad("\"for\" must name either a unit or a kiosk", "\"for\" phải nêu hoặc một đơn vị hoặc một ki-ốt");
    element e;
    if (fo["unit"].get(e) == simdjson::SUCCESS) {
        p.target.unitCode = str(e, "for unit");
        if (!isValidCode(p.target.unitCode))
            bad("\"for\" names the unit \"" + quoteForMessage(p.target.unitCode) +
                    "\", not a unit code (A-Z, a-z, 0-9, . _ -, 1 to 32 characters)",
                "\"for\" nêu đơn vị \"" + quoteForMessage(p.target.unitCode) +
                    "\", không phải mã đơn vị (A-Z, a-z, 0-9, . _ -, từ 1 đến 32 ký tự)");
    } else {
        p.target.kioskId = kioskId(at(fo, "kiosk"), "for kiosk");
    }
    if (o["questionnaire"].get(e) == simdjson::SUCCESS) {
        const object qo = obj(e, "questionnaire");
        onlyKeys(qo, "questionnaire", {"id", "version", "source"});
        QuestionnaireDef def{
            str(at(qo, "id"), "questionnaire id"),
            static_cast<int>(num(at(qo, "version"), "questionnaire version", 1, std::numeric_limits<int>::max())),
            str(at(qo, "source"), "questionnaire source")};
        if (def.source.size() > MaxQuestionnaireBytes)
            bad("the questionnaire is larger than 4 MiB", "bảng hỏi lớn hơn 4 MiB");
        const auto parsed = parseQuestionnaire(def.source, name + " (questionnaire)");
        if (!parsed) bad("the questionnaire: " + parsed.error().toString(), "bảng hỏi: " + parsed.error().toString());
        if (parsed->id != def.id || parsed->version != def.version)
            bad("the questionnaire's source is " + parsed->id + " version " + std::to_string(parsed->version) +
                    ", the package says " + def.id + " version " + std::to_string(def.version),
                "nguồn bảng hỏi là " + parsed->id + " phiên bản " + std::to_string(parsed->version) + ", gói ghi " +
                    def.id + " phiên bản " + std::to_string(def.version));
        p.questionnaire = std::move(def);
    }
    if (o["settings"].get(e) == simdjson::SUCCESS) p.settings = readSettings(obj(e, "settings"));
    if (o["message"].get(e) == simdjson::SUCCESS) {
        const object mo = obj(e, "message");
        onlyKeys(mo, "message", {"vi", "en"});
        Text m{str(at(mo, "vi"), "message vi"), str(at(mo, "en"), "message en")};
        for (const std::string* t : {&m.vi, &m.en})
            if (t->empty() || chars(*t) > MaxMessageChars || hasControl(*t, true))
                bad("the message must be given in both languages, each 1 to 2000 characters without control characters",
                    "thông báo phải có cả hai ngôn ngữ, mỗi bản từ 1 đến 2000 ký tự, không có ký tự điều khiển");
        p.message = std::move(m);
    }
    const auto receipts = arr(at(o, "receipts"), "receipts");
    if (receipts.size() > MaxReceipts)
        bad("more than " + std::to_string(MaxReceipts) + " receipts",
            "quá " + std::to_string(MaxReceipts) + " biên nhận");
    std::set<std::string> kiosks;
    for (element re : receipts) {
        BatchReceipt r = readReceipt(obj(re, "a receipt"));
        if (!kiosks.insert(r.kioskId).second)
            bad("two receipts for kiosk " + r.kioskId, "hai biên nhận cho ki-ốt " + r.kioskId);
        p.receipts.push_back(std::move(r));
    }
    if (o["new_hq_key"].get(e) == simdjson::SUCCESS) {
        const object ko = obj(e, "new_hq_key");
        onlyKeys(ko, "new_hq_key", {"sign_key", "box_key", "name"});
        HqPublicKey k{hex32(at(ko, "sign_key"), "new_hq_key sign_key"), hex32(at(ko, "box_key"), "new_hq_key box_key"),
                      str(at(ko, "name"), "new_hq_key name")};
        if (k.name.size() > MaxKeyNameBytes || hasControl(k.name, false))
            bad("\"new_hq_key\" name must be one line of at most 200 bytes",
                "tên của \"new_hq_key\" phải là một dòng, tối đa 200 byte");
        if (k.signHex == p.hqSignHex)
            bad("\"new_hq_key\" is the key that signs the package: a new key is announced by the former one",
                "\"new_hq_key\" trùng với khóa ký gói: khóa mới phải do khóa cũ công bố");
        p.newHqKey = std::move(k);
    }
}

/// The shared readers' reasons (signed_file.cpp), in both languages.
Text translate(const std::string& en) {
    const std::pair<const char*, const char*> known[] = {
        {"the file is empty", "tệp trống"},
        {"truncated or not a package", "bị cắt cụt hoặc không phải gói: quá ngắn để chứa một gói và chữ ký"},
        {"truncated or damaged: the signature frame",
         "bị cắt cụt hoặc hỏng: khung chữ ký ở cuối tệp bị thiếu hoặc bị cắt"},
        {"damaged: the digest and the signature",
         "bị hỏng: mã băm và chữ ký ở cuối tệp phải là chữ số thập lục phân viết thường"},
        {"the content does not match its digest",
         "nội dung không khớp với mã băm: tệp đã bị sửa hoặc hỏng sau khi tạo"},
        {"its content is larger than", "nội dung giải nén quá lớn (có thể là \"bom zip\"): bị từ chối"},
        {"its content cannot be decompressed", "không giải nén được nội dung"},
        {"truncated: its compressed content ends early", "bị cắt cụt: nội dung nén kết thúc sớm"},
        {"cannot start the zstd decompressor", "không khởi động được bộ giải nén zstd"},
    };
    for (const auto& [prefix, vi] : known)
        if (en.rfind(prefix, 0) == 0) return Text{vi, en};
    return Text{en, en};
}

}  // namespace

Expected<Package, PackageProblem> readPackage(std::string_view bytes, const std::string& name,
                                              const PackageReadOptions& options) {
    auto fail = [&](Text why) { return unexpected(PackageProblem{name, std::move(why)}); };
    auto failBoth = [&](std::string en, std::string vi) { return fail(Text{std::move(vi), std::move(en)}); };
    if (bytes.size() > options.maxBytes)
        return failBoth("is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                            std::to_string(options.maxBytes) + ": refused unread",
                        "có " + std::to_string(bytes.size()) + " byte, vượt giới hạn " +
                            std::to_string(options.maxBytes) + ": bị từ chối, không đọc");
    auto parts = signed_file::splitSigned(bytes, "package");
    if (!parts) return fail(translate(parts.error()));
    std::vector<char> text;
    std::size_t size = 0;
    try {
        auto decompressed = signed_file::decompress(parts->content, options.maxTextBytes, text);
        if (!decompressed) return fail(translate(decompressed.error()));
        size = *decompressed;
    } catch (const std::bad_alloc&) {
        return failBoth("too large to be read in the memory of this machine",
                        "quá lớn để đọc trong bộ nhớ của máy này");
    }
    const std::string_view all(text.data(), size);
    const std::size_t nl = all.find('\n');
    const std::string_view line = all.substr(0, nl);
    simdjson::dom::parser parser;
    element root;
    object o;
    if (parser.parse(line.data(), line.size(), false).get(root) != simdjson::SUCCESS ||
        root.get(o) != simdjson::SUCCESS)
        return failBoth("not a package: its content is not a JSON object",
                        "không phải gói: nội dung không phải đối tượng JSON");
    std::string_view format;
    if (o["format"].get(format) != simdjson::SUCCESS)
        return failBoth("not a package: \"format\" is missing", "không phải gói: thiếu \"format\"");
    if (format != PackageFormat) {
        if (format == BatchFormat)
            return failBoth(
                "is a batch file (hailong-batch/1), not a package: batches go to headquarters, packages "
                "come from it",
                "là tệp lô dữ liệu (hailong-batch/1), không phải gói: lô gửi về trung tâm, gói do trung tâm gửi đi");
        if (format.rfind("hailong-package/", 0) == 0)
            return failBoth("format \"" + std::string(format) + "\" is made by a newer program; this one reads " +
                                PackageFormat + ": update this program",
                            "định dạng \"" + std::string(format) +
                                "\" do chương trình mới hơn tạo; chương trình này đọc " + PackageFormat +
                                ": hãy cập nhật chương trình");
        return failBoth("format \"" + quoteForMessage(std::string(format)) + "\" is not a Hài Lòng package",
                        "định dạng \"" + quoteForMessage(std::string(format)) + "\" không phải gói Hài Lòng");
    }
    if (nl == std::string_view::npos || nl + 1 != all.size())
        return failBoth("damaged: a package holds exactly one line", "bị hỏng: một gói chỉ chứa đúng một dòng");
    if (const auto twice = signed_file::findDuplicateKey(root))
        return failBoth("the key \"" + twice->key + "\" appears twice in one object" +
                            (twice->where.empty() ? std::string() : " (in \"" + twice->where + "\")") +
                            ": refused, as readers differ on which value counts",
                        "khóa \"" + twice->key + "\" xuất hiện hai lần trong một đối tượng" +
                            (twice->where.empty() ? std::string() : " (trong \"" + twice->where + "\")") +
                            ": bị từ chối vì các chương trình đọc hiểu khác nhau");
    Package p;
    p.digestHex = parts->digestHex;
    p.signatureHex = parts->signatureHex;
    try {
        p.hqSignHex = hex32(at(o, "hq_key"), "hq_key");
    } catch (const FieldError& e) {
        return fail(e.reason);
    }
    if (options.pinnedSignHex && *options.pinnedSignHex != p.hqSignHex)
        return failBoth(
            "signed by another key than headquarters' key this kiosk trusts (file: " + p.hqSignHex.substr(0, 16) +
                "…, trusted: " + options.pinnedSignHex->substr(0, 16) + "…): refused",
            "được ký bằng khóa khác với khóa trung tâm mà máy này tin cậy (tệp: " + p.hqSignHex.substr(0, 16) +
                "…, tin cậy: " + options.pinnedSignHex->substr(0, 16) + "…): bị từ chối");
    if (!verifySignature(p.hqSignHex, packageSignedText(p.digestHex), p.signatureHex))
        return failBoth("the signature does not match the headquarters key in the file: the file was re-signed or "
                        "forged",
                        "chữ ký không khớp với khóa trung tâm ghi trong tệp: tệp đã bị ký lại hoặc giả mạo");
    try {
        readFields(o, p, name);
    } catch (const FieldError& e) {
        return fail(e.reason);
    }
    return p;
}

}  // namespace hailong::core
