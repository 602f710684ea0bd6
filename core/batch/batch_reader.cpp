// Reading batch files back: every check of docs/batch-format.md, and the chain between batches.
#include "batch/batch_format.h"

#include "batch_fields.h"
#include "signed_file.h"

#include "batch/seal.h"

#include <simdjson.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <tuple>
#include <unordered_map>

namespace hailong::core {

namespace {

using namespace batch_fields;

using simdjson::dom::element;

/// A field that is missing or of the wrong type, on the line being read.
struct FieldError {
    std::string what;
};

std::string_view str(element e, const char* field) {
    std::string_view v;
    if (e.get(v) != simdjson::SUCCESS) throw FieldError{std::string(field) + " must be a string"};
    return v;
}
/// Every integer of a batch lies within ±(2^53 − 1): exact as a double, so a reader in
/// JavaScript, or a JSON library that reads numbers as floats, sees the same value, and sums
/// of a few of them stay exact (docs/batch-format.md, section 3).
constexpr std::int64_t MaxSafeInteger = (std::int64_t{1} << 53) - 1;

std::int64_t num(element e, const char* field) {
    std::int64_t v = 0;
    if (e.get(v) != simdjson::SUCCESS) throw FieldError{std::string(field) + " must be a whole number"};
    if (v < -MaxSafeInteger || v > MaxSafeInteger)
        throw FieldError{std::string(field) + " is out of range (integers lie within ±(2^53 − 1))"};
    return v;
}
element at(simdjson::dom::object o, const char* field) {
    element e;
    if (o[field].get(e) != simdjson::SUCCESS) throw FieldError{std::string("\"") + field + "\" is missing"};
    return e;
}
simdjson::dom::object obj(element e, const char* field) {
    simdjson::dom::object o;
    if (e.get(o) != simdjson::SUCCESS) throw FieldError{std::string(field) + " must be an object"};
    return o;
}
simdjson::dom::array arr(element e, const char* field) {
    simdjson::dom::array a;
    if (e.get(a) != simdjson::SUCCESS) throw FieldError{std::string(field) + " must be an array"};
    return a;
}
/// A UTC offset in minutes: −960 to 960 (±16 hours).
int utcOffset(element e, const char* field) {
    const std::int64_t v = num(e, field);
    if (v < -16 * 60 || v > 16 * 60) throw FieldError{std::string(field) + " is out of range (-960 to 960)"};
    return static_cast<int>(v);
}
/// A questionnaire version: a positive int, as the questionnaire format allows.
int version(element e, const char* field) {
    const std::int64_t v = num(e, field);
    if (v < 1 || v > std::numeric_limits<int>::max())
        throw FieldError{std::string(field) + " is out of range (1 to 2147483647)"};
    return static_cast<int>(v);
}

/// Refuses an object that holds a key twice, at any depth (signed_file.h). Only the head and
/// the summary are walked: records are arrays whose elements are never objects (a record
/// holding one is refused for its type), so the million response lines cost nothing here.
void refuseDuplicateKeys(element e) {
    if (const auto twice = signed_file::findDuplicateKey(e))
        throw FieldError{"the key \"" + twice->key + "\" appears twice in one object" +
                         (twice->where.empty() ? std::string() : " (in \"" + twice->where + "\")") +
                         ": refused, as readers differ on which value counts"};
}

/// The fields a context line gives to its responses.
struct Context {
    UnitInfo unit;
    std::string bootId;
    int utcOffsetMinutes = 0;
    std::string questionnaireId;
    int questionnaireVersion = 0;
};

template <std::size_t N>
void checkSize(simdjson::dom::array a, const char* const (&)[N], const char* what) {
    if (a.size() != N + 1)
        throw FieldError{std::string(what) + " must have " + std::to_string(N + 1) + " elements, not " +
                         std::to_string(a.size())};
}

/// The elements of an array from the skip-th on (a record's after its type), in order, each
/// reached in constant time (at(i) walks from the first element: a response line's 16 fields
/// cost 136 steps). The array's size is checked first (checkSize).
class Fields {
public:
    explicit Fields(simdjson::dom::array a, int skip = 1) : m_it(a.begin()) {
        for (int i = 0; i < skip; ++i) ++m_it;
    }
    element operator()() {
        const element e = *m_it;
        ++m_it;
        return e;
    }

private:
    simdjson::dom::array::iterator m_it;
};

Context readContext(simdjson::dom::array a, std::int64_t expectedNumber) {
    checkSize(a, ContextFields, "a context line");
    Fields next(a);
    if (num(next(), "context") != expectedNumber)
        throw FieldError{"context numbers must count 1, 2, 3 ... (expected " + std::to_string(expectedNumber) + ")"};
    Context c;
    c.unit.code = std::string(str(next(), "unit_code"));
    c.unit.name = std::string(str(next(), "unit_name"));
    c.unit.level = std::string(str(next(), "unit_level"));
    c.unit.counter = std::string(str(next(), "counter"));
    c.bootId = std::string(str(next(), "boot_id"));
    c.utcOffsetMinutes = utcOffset(next(), "utc_offset_min");
    c.questionnaireId = std::string(str(next(), "questionnaire_id"));
    c.questionnaireVersion = version(next(), "questionnaire_version");
    return c;
}

// Reads the fields of one ["R", ...] line in the order of ResponseFields.
Response readResponse(simdjson::dom::array a, const std::string& kioskId, const std::vector<Context>& contexts) {
    checkSize(a, ResponseFields, "a response line");
    Fields next(a);
    Response r;
    r.kioskId = kioskId;
    const std::int64_t context = num(next(), "context");
    r.seq = num(next(), "seq");
    r.uuid = std::string(str(next(), "uuid"));
    if (context < 1 || context > static_cast<std::int64_t>(contexts.size()))
        throw FieldError{"context " + std::to_string(context) + " is not defined before the response"};
    const Context& c = contexts[static_cast<std::size_t>(context - 1)];
    r.unit = c.unit;
    r.bootId = c.bootId;
    r.utcOffsetMinutes = c.utcOffsetMinutes;
    r.questionnaireId = c.questionnaireId;
    r.questionnaireVersion = c.questionnaireVersion;
    r.startedUtcMs = num(next(), "started_utc_ms");
    r.endedUtcMs = num(next(), "ended_utc_ms");
    r.startedMonoMs = num(next(), "started_mono_ms");
    r.endedMonoMs = num(next(), "ended_mono_ms");
    const std::string_view why = str(next(), "end_reason");
    const auto reason = endReasonFromName(why);
    if (!reason || *reason == EndReason::InProgress)
        throw FieldError{"end_reason \"" + std::string(why) + "\" is not known"};
    r.endReason = *reason;
    const std::int64_t flags = num(next(), "misuse_flags");
    if (flags < 0 || flags > 0xFFFFFFFF) throw FieldError{"misuse_flags is out of range"};
    r.misuseFlags = static_cast<std::uint32_t>(flags);
    const std::string_view lang = str(next(), "language");
    const auto language = languageFromCode(lang);
    if (!language) throw FieldError{"language \"" + std::string(lang) + "\" is not known"};
    r.language = *language;
    r.officerId = std::string(str(next(), "officer_id"));
    r.procedureCode = std::string(str(next(), "procedure_code"));
    r.dossierCode = std::string(str(next(), "dossier_code"));
    r.supersedesUuid = std::string(str(next(), "supersedes_uuid"));
    for (element ae : arr(next(), "answers")) {
        simdjson::dom::array av = arr(ae, "an answer");
        if (av.size() != 4) throw FieldError{"an answer must have 4 elements"};
        Fields part(av, 0);
        Answer answer;
        answer.questionId = std::string(str(part(), "answer question_id"));
        const std::string_view scale = str(part(), "answer scale");
        const auto parsed = scaleFromName(scale);
        if (!parsed) throw FieldError{"answer scale \"" + std::string(scale) + "\" is not known"};
        answer.scale = *parsed;
        for (element v : arr(part(), "answer values")) answer.values.emplace_back(str(v, "an answer value"));
        if (answer.values.empty()) throw FieldError{"an answer has no value"};
        answer.answeredUtcMs = num(part(), "answered_utc_ms");
        r.answers.push_back(std::move(answer));
    }
    r.comment = std::string(str(next(), "comment"));
    return r;
}

AuditEntry readAudit(simdjson::dom::array a) {
    checkSize(a, AuditFields, "an audit line");
    Fields next(a);
    AuditEntry e;
    e.id = num(next(), "id");
    e.utcMs = num(next(), "utc_ms");
    e.utcOffsetMinutes = utcOffset(next(), "utc_offset_min");
    e.monoMs = num(next(), "mono_ms");
    e.bootId = std::string(str(next(), "boot_id"));
    e.event = std::string(str(next(), "event"));
    e.detail = std::string(str(next(), "detail"));
    return e;
}

using signed_file::isLowerHex;

BatchHeader readHead(element line) {
    const simdjson::dom::object h = obj(line, "the first line");
    BatchHeader b;
    const std::string_view format = str(at(h, "format"), "format");
    if (format != BatchFormat && format != BatchFormatSealed) {
        if (format.rfind("hailong-batch/", 0) == 0)
            throw FieldError{"format \"" + std::string(format) + "\" is made by a newer program; this one reads " +
                             BatchFormat + " and " + BatchFormatSealed};
        throw FieldError{"format \"" + std::string(format) + "\" is not a Hài Lòng batch"};
    }
    b.formatVersion = format == BatchFormatSealed ? 2 : 1;
    refuseDuplicateKeys(line);
    b.kioskId = std::string(str(at(h, "kiosk_id"), "kiosk_id"));
    b.publicKeyHex = std::string(str(at(h, "public_key"), "public_key"));
    b.number = num(at(h, "number"), "number");
    b.previousDigestHex = std::string(str(at(h, "previous_digest"), "previous_digest"));
    const auto unit = obj(at(h, "unit"), "unit");
    b.unit.code = std::string(str(at(unit, "code"), "unit code"));
    b.unit.name = std::string(str(at(unit, "name"), "unit name"));
    b.unit.level = std::string(str(at(unit, "level"), "unit level"));
    b.unit.counter = std::string(str(at(unit, "counter"), "counter"));
    b.seqFirst = num(at(h, "seq_first"), "seq_first");
    b.seqLast = num(at(h, "seq_last"), "seq_last");
    b.responseCount = num(at(h, "responses"), "responses");
    b.auditFirst = num(at(h, "audit_first"), "audit_first");
    b.auditLast = num(at(h, "audit_last"), "audit_last");
    b.auditCount = num(at(h, "audit_entries"), "audit_entries");
    const auto ex = obj(at(h, "export"), "export");
    b.exportUtcMs = num(at(ex, "utc_ms"), "export utc_ms");
    b.exportUtcOffsetMinutes = utcOffset(at(ex, "utc_offset_min"), "export utc_offset_min");
    b.exportMonoMs = num(at(ex, "mono_ms"), "export mono_ms");
    b.exportBootId = std::string(str(at(ex, "boot_id"), "export boot_id"));
    b.program = std::string(str(at(ex, "program"), "export program"));
    // num() keeps every value within ±(2^53 − 1); last + 1 (the next seq or audit id to
    // come) must be one too.
    const auto nextInRange = [](std::int64_t last) { return last >= -1 && last < MaxSafeInteger; };
    if (b.number < 1) throw FieldError{"number must be 1 or more"};
    if (b.responseCount < 0 || b.seqFirst < 1 || !nextInRange(b.seqLast) ||
        b.seqLast - b.seqFirst + 1 != b.responseCount)
        throw FieldError{"seq_first, seq_last and responses do not agree"};
    if (b.auditCount < 0 || b.auditFirst < 1 || !nextInRange(b.auditLast) ||
        b.auditLast - b.auditFirst + 1 < b.auditCount)
        throw FieldError{"audit_first, audit_last and audit_entries do not agree"};
    if (b.number == 1 && !b.previousDigestHex.empty()) throw FieldError{"previous_digest must be \"\" for batch 1"};
    if (b.number != 1 && !isLowerHex(b.previousDigestHex, DigestBytes))
        throw FieldError{"previous_digest must be the digest of batch " + std::to_string(b.number - 1) +
                         ": 64 lower-case hex digits (0-9, a-f)"};
    if (!isLowerHex(b.publicKeyHex, KioskKeys::PublicKeyBytes))
        throw FieldError{"public_key must be 64 lower-case hex digits (0-9, a-f)"};
    if (b.formatVersion == 2) {
        b.sealedToHex = std::string(str(at(h, "sealed_to"), "sealed_to"));
        b.sealKeyHex = std::string(str(at(h, "seal_key"), "seal_key"));
        if (!isLowerHex(b.sealedToHex, 32)) throw FieldError{"sealed_to must be 64 lower-case hex digits (0-9, a-f)"};
        if (!isLowerHex(b.sealKeyHex, 32)) throw FieldError{"seal_key must be 64 lower-case hex digits (0-9, a-f)"};
    }
    return b;
}

std::string lineNo(std::size_t n) { return "line " + std::to_string(n) + ": "; }

// The JSON Lines (followed in memory by simdjson's padding), digest and signature already
// separated and the digest checked.
Expected<Batch, BatchProblem> readText(std::string_view all, const std::string& name, const std::string& digestHex,
                                       const std::string& signatureHex, const BatchReadOptions& options) {
    auto fail = [&](std::string why) { return unexpected(BatchProblem{name, std::move(why)}); };
    if (all.empty() || all.back() != '\n') return fail("damaged: its content does not end with a complete line");
    const std::size_t trailerAt = all.size();
    simdjson::dom::parser parser;
    Batch batch;
    batch.digestHex = digestHex;
    batch.signatureHex = signatureHex;
    std::size_t lineStart = 0, number = 0;
    auto nextLine = [&]() -> std::string_view {
        const std::size_t nl = all.find('\n', lineStart);
        const std::string_view l = all.substr(lineStart, nl - lineStart);
        lineStart = nl + 1;
        ++number;
        return l;
    };
    try {
        const std::string_view headLine = nextLine();
        element head;
        if (parser.parse(headLine.data(), headLine.size(), false).get(head) != simdjson::SUCCESS)
            throw FieldError{"the first line is not JSON"};
        batch.header = readHead(head);
    } catch (const FieldError& e) {
        return fail(lineNo(number) + e.what);
    }
    BatchHeader& h = batch.header;
    if (options.expectedKioskId && *options.expectedKioskId != h.kioskId)
        return fail("made by kiosk " + h.kioskId + ", not by kiosk " + *options.expectedKioskId +
                    " (the one expected)");
    if (options.expectedPublicKeyHex && *options.expectedPublicKeyHex != h.publicKeyHex)
        return fail("signed by another key than the one registered for kiosk " + h.kioskId +
                    " (file: " + h.publicKeyHex.substr(0, 16) +
                    "…, registered: " + options.expectedPublicKeyHex->substr(0, 16) + "…)");
    if (!verifySignature(h.publicKeyHex, batchSignedText(digestHex, h.formatVersion), signatureHex))
        return fail("the signature does not match the kiosk key in the file: the file was re-signed or forged");
    std::optional<BatchOpener> opener;
    if (h.sealed() && options.boxSecretFor) {
        if (auto secret = options.boxSecretFor(h.sealedToHex)) {
            try {
                opener.emplace(*secret, h.sealKeyHex, h.sealedToHex);
            } catch (const std::invalid_argument&) {
                sodium_memzero(secret->data(), secret->size());
                return fail("seal_key is not a usable X25519 key: the sealed fields cannot be opened");
            }
            sodium_memzero(secret->data(), secret->size());
            batch.opened = true;
        }
    }
    // Version 2: each personal field "" or sealed; opened with the key, else kept aside.
    std::string cipher;  // one buffer for every sealed field of the file
    const auto personal = [&](Response& r) {
        SealedFields kept;
        const auto one = [&](std::string& field, SealedField which, const char* fieldName, std::string& keptField) {
            if (field.empty()) return;
            if (!sealedCiphertext(field, cipher))  // decoded once, checked, then opened
                throw FieldError{std::string(fieldName) + " of response seq " + std::to_string(r.seq) +
                                 " must be \"\" or \"sealed:\" and base64 in a " + BatchFormatSealed + " batch"};
            if (!opener) {
                keptField = std::move(field);
                field.clear();
                return;
            }
            if (!opener->openCiphertext(r.uuid, which, cipher, field))  // in place: shorter than its seal
                throw FieldError{"sealed field of response seq " + std::to_string(r.seq) +
                                 " does not open with headquarters' key (" + fieldName + ")"};
        };
        one(r.dossierCode, SealedField::DossierCode, "dossier_code", kept.dossierCode);
        one(r.comment, SealedField::Comment, "comment", kept.comment);
        if (!kept.dossierCode.empty() || !kept.comment.empty()) {
            kept.seq = r.seq;
            batch.sealed.push_back(std::move(kept));
        }
    };

    // Records, then the summary line just before the signature line.
    // Answers per (question, scale, value), the strings numbered: a batch has a few of them.
    // Found by hash, not by a scan of the words: a crafted batch can hold a million distinct
    // values, and a scan made that quadratic (minutes for 80,000 values).
    std::deque<std::string> words;  // never moved, so the index can point into them
    std::unordered_map<std::string_view, std::uint32_t> wordIndex;
    const auto word = [&](std::string_view w) {
        if (const auto found = wordIndex.find(w); found != wordIndex.end()) return found->second;
        const auto n = static_cast<std::uint32_t>(words.size());
        wordIndex.emplace(words.emplace_back(w), n);
        return n;
    };
    std::map<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>, std::int64_t> counts;
    std::set<std::pair<std::string, int>> used;
    std::set<std::pair<std::string, int>>::iterator lastUsed;  // the questionnaire of the response before
    std::vector<Context> contexts;
    std::int64_t timeFirst = 0, timeLast = 0;
    bool summaryRead = false;
    try {
        // Not from the head's count (a crafted head could ask for any amount): at most one
        // response per line of the text.
        batch.responses.reserve(static_cast<std::size_t>(std::min<std::int64_t>(
            h.responseCount, static_cast<std::int64_t>(std::count(all.begin(), all.end(), '\n')))));
        while (lineStart < trailerAt) {
            const std::string_view l = nextLine();
            element e;
            if (parser.parse(l.data(), l.size(), false).get(e) != simdjson::SUCCESS) throw FieldError{"not JSON"};
            simdjson::dom::array a;
            if (e.get(a) == simdjson::SUCCESS) {
                std::string_view tag;
                if (a.size() == 0 || a.at(0).get(tag) != simdjson::SUCCESS)
                    throw FieldError{"a record without its type"};
                if (tag == "C") {
                    if (!batch.audit.empty()) throw FieldError{"a context after the audit entries"};
                    contexts.push_back(readContext(a, static_cast<std::int64_t>(contexts.size()) + 1));
                } else if (tag == "R") {
                    if (!batch.audit.empty()) throw FieldError{"a response after the audit entries"};
                    Response r = readResponse(a, h.kioskId, contexts);
                    if (h.sealed()) personal(r);
                    const std::int64_t expected = h.seqFirst + static_cast<std::int64_t>(batch.responses.size());
                    if (r.seq != expected || r.seq > h.seqLast)
                        throw FieldError{"response seq " + std::to_string(r.seq) + " where " +
                                         std::to_string(expected) + " belongs"};
                    for (const Answer& ans : r.answers)
                        for (const std::string& v : ans.values)
                            ++counts[{word(ans.questionId), word(scaleName(ans.scale)), word(v)}];
                    if (batch.responses.empty() || r.startedUtcMs < timeFirst) timeFirst = r.startedUtcMs;
                    timeLast = std::max({timeLast, r.endedUtcMs, r.startedUtcMs});
                    if (used.empty() || r.questionnaireVersion != lastUsed->second ||
                        r.questionnaireId != lastUsed->first)
                        lastUsed = used.emplace(r.questionnaireId, r.questionnaireVersion).first;
                    batch.responses.push_back(std::move(r));
                } else if (tag == "A") {
                    AuditEntry entry = readAudit(a);
                    if (entry.id < h.auditFirst || entry.id > h.auditLast ||
                        (!batch.audit.empty() && entry.id <= batch.audit.back().id))
                        throw FieldError{"audit entry " + std::to_string(entry.id) + " out of order or range"};
                    batch.audit.push_back(std::move(entry));
                } else {
                    throw FieldError{"unknown record type \"" + std::string(tag) + "\""};
                }
                continue;
            }
            // Not a record: must be the summary, the last line before the signature.
            if (lineStart != trailerAt) throw FieldError{"unexpected line"};
            const auto summary = obj(at(obj(e, "the summary line"), "summary"), "summary");
            refuseDuplicateKeys(e);
            h.timeFirstUtcMs = num(at(summary, "time_first_utc_ms"), "time_first_utc_ms");
            h.timeLastUtcMs = num(at(summary, "time_last_utc_ms"), "time_last_utc_ms");
            for (element c : arr(at(summary, "counts"), "counts")) {
                simdjson::dom::array ca = arr(c, "a count");
                if (ca.size() != 4) throw FieldError{"a count must have 4 elements"};
                h.counts.push_back(AnswerCount{std::string(str(ca.at(0).value_unsafe(), "count question")),
                                               std::string(str(ca.at(1).value_unsafe(), "count scale")),
                                               std::string(str(ca.at(2).value_unsafe(), "count value")),
                                               num(ca.at(3).value_unsafe(), "count")});
            }
            for (element q : arr(at(summary, "questionnaires"), "questionnaires")) {
                const auto qo = obj(q, "a questionnaire");
                QuestionnaireDef def{std::string(str(at(qo, "id"), "questionnaire id")),
                                     version(at(qo, "version"), "questionnaire version"),
                                     std::string(str(at(qo, "source"), "questionnaire source"))};
                // Sorted and each once: two sources for one (id, version) would leave the
                // meaning of its answers to whichever a reader takes.
                if (!h.questionnaires.empty() &&
                    std::tie(h.questionnaires.back().id, h.questionnaires.back().version) >=
                        std::tie(def.id, def.version))
                    throw FieldError{"questionnaires must be sorted by id, then version, each once (" + def.id +
                                     " version " + std::to_string(def.version) + ")"};
                h.questionnaires.push_back(std::move(def));
            }
            summaryRead = true;
        }
    } catch (const FieldError& e) {
        return fail(lineNo(number) + e.what);
    }
    if (!summaryRead) return fail("truncated or damaged: the summary line is missing");
    if (static_cast<std::int64_t>(batch.responses.size()) != h.responseCount)
        return fail("the head announces " + std::to_string(h.responseCount) + " responses, the file holds " +
                    std::to_string(batch.responses.size()));
    if (static_cast<std::int64_t>(batch.audit.size()) != h.auditCount)
        return fail("the head announces " + std::to_string(h.auditCount) + " audit entries, the file holds " +
                    std::to_string(batch.audit.size()));
    std::vector<AnswerCount> computed;
    for (const auto& [c, n] : counts)
        computed.push_back(AnswerCount{words[std::get<0>(c)], words[std::get<1>(c)], words[std::get<2>(c)], n});
    std::sort(computed.begin(), computed.end(), [](const AnswerCount& a, const AnswerCount& b) {
        return std::tie(a.questionId, a.scale, a.value) < std::tie(b.questionId, b.scale, b.value);
    });
    if (computed != h.counts) return fail("the answer counts of the summary do not match the responses");
    if (timeFirst != h.timeFirstUtcMs || timeLast != h.timeLastUtcMs)
        return fail("the time range of the summary does not match the responses");
    for (const auto& idVersion : used) {  // not a structured binding: clang 14 cannot capture one in a lambda
        const auto& [id, version] = idVersion;
        const bool found = std::any_of(
            h.questionnaires.begin(), h.questionnaires.end(),
            [&](const QuestionnaireDef& q) { return q.id == idVersion.first && q.version == idVersion.second; });
        if (!found)
            return fail("questionnaire " + id + " version " + std::to_string(version) + " is used but not included");
    }
    return batch;
}

Expected<Batch, BatchProblem> readBytes(std::string_view file, const std::string& name,
                                        const BatchReadOptions& options) {
    auto fail = [&](std::string why) { return unexpected(BatchProblem{name, std::move(why)}); };
    auto parts = signed_file::splitSigned(file, "batch");
    if (!parts) return fail(parts.error());
    const std::string_view content = parts->content;
    const std::string& digestHex = parts->digestHex;
    const std::string& signatureHex = parts->signatureHex;

    // JSON lines shrink about 6 times; 64 times is a file crafted to unpack huge (a "zip bomb").
    const std::uint64_t maxText = std::min<std::uint64_t>(
        options.maxTextBytes, std::max<std::uint64_t>(std::uint64_t{64} << 20, content.size() * 64));
    try {
        std::vector<char> text;
        auto size = signed_file::decompress(content, maxText, text);
        if (!size) return fail(size.error());
        return readText(std::string_view(text.data(), *size), name, digestHex, signatureHex, options);
    } catch (const std::bad_alloc&) {
        return fail("too large to be read in the memory of this machine");
    }
}

}  // namespace

Expected<std::string, BatchProblem> readBatchFileBytes(const std::filesystem::path& file,
                                                       const BatchReadOptions& options) {
    const std::string name = file.string();
    std::error_code ec;
    const std::uintmax_t size = std::filesystem::file_size(file, ec);
    if (ec) return unexpected(BatchProblem{name, "cannot be read: " + ec.message()});
    if (size > options.maxBytes)
        return unexpected(BatchProblem{name, "is " + std::to_string(size) + " bytes, over the limit of " +
                                                 std::to_string(options.maxBytes) + ": refused unread"});
    try {
        std::ifstream in(file, std::ios::binary);
        std::string bytes(static_cast<std::size_t>(size), '\0');
        if (!in.read(bytes.data(), static_cast<std::streamsize>(size)))
            return unexpected(BatchProblem{name, "cannot be read"});
        return bytes;
    } catch (const std::bad_alloc&) {
        return unexpected(BatchProblem{name, "too large to be read in the memory of this machine"});
    }
}

Expected<Batch, BatchProblem> readBatchFile(const std::filesystem::path& file, const BatchReadOptions& options) {
    auto bytes = readBatchFileBytes(file, options);
    if (!bytes) return unexpected(bytes.error());
    try {
        return readBytes(*bytes, file.string(), options);
    } catch (const std::bad_alloc&) {
        return unexpected(BatchProblem{file.string(), "too large to be read in the memory of this machine"});
    }
}

Expected<Batch, BatchProblem> readBatch(std::string_view bytes, const std::string& name,
                                        const BatchReadOptions& options) {
    if (bytes.size() > options.maxBytes)
        return unexpected(BatchProblem{name, "is over the size limit: refused unread"});
    return readBytes(bytes, name, options);
}

// [SECTION] Chain

std::vector<std::string> checkChain(std::vector<ChainedFile> files) {
    std::sort(files.begin(), files.end(), [](const ChainedFile& a, const ChainedFile& b) {
        return std::tie(a.batch->header.kioskId, a.batch->header.number, a.file) <
               std::tie(b.batch->header.kioskId, b.batch->header.number, b.file);
    });
    std::vector<std::string> problems;
    for (std::size_t i = 1; i < files.size(); ++i) {
        const ChainedFile& a = files[i - 1];
        const ChainedFile& b = files[i];
        const BatchHeader& ha = a.batch->header;
        const BatchHeader& hb = b.batch->header;
        if (ha.kioskId != hb.kioskId) continue;
        if (ha.number == hb.number) {
            if (a.batch->digestHex != b.batch->digestHex)
                problems.push_back(b.file + ": batch " + std::to_string(hb.number) + " of kiosk " + hb.kioskId +
                                   " differs from " + a.file + " with the same number (a fork or a replay)");
            continue;  // the same batch twice (a copy) is fine
        }
        if (hb.number != ha.number + 1) {
            problems.push_back(b.file + ": batch " + std::to_string(ha.number + 1) +
                               (hb.number == ha.number + 2 ? "" : "–" + std::to_string(hb.number - 1)) + " of kiosk " +
                               hb.kioskId + " missing between " + a.file + " and " + b.file);
            continue;
        }
        if (hb.previousDigestHex != a.batch->digestHex)
            problems.push_back(b.file + ": chain broken: its previous digest is not the digest of " + a.file);
        if (hb.seqFirst != ha.seqLast + 1)
            problems.push_back(b.file + ": sequence numbers do not follow on from " + a.file);
        if (hb.auditFirst != ha.auditLast + 1)
            problems.push_back(b.file + ": audit entries do not follow on from " + a.file);
    }
    return problems;
}

}  // namespace hailong::core
