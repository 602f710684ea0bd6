#include "batch/batch_format.h"

#include "batch_fields.h"
#include "signed_file.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace hailong::core {

namespace {

using namespace batch_fields;
using signed_file::putInt;
using signed_file::putStr;

void key(std::string& out, const char* k) { signed_file::putKey(out, k); }

constexpr std::size_t ChunkBytes = 1 << 20;
constexpr int CompressionLevel = 1;

template <std::size_t N>
void putNames(std::string& out, const char* const (&names)[N]) {
    out += '[';
    for (std::size_t i = 0; i < N; ++i) {
        if (i) out += ',';
        putStr(out, names[i]);
    }
    out += ']';
}

// One JSON member per line, its key and value side by side.
// clang-format off
void putHead(std::string& out, const BatchHeader& h) {
    out += '{';
    key(out, "format"); putStr(out, h.sealed() ? BatchFormatSealed : BatchFormat);
    out += ','; key(out, "kiosk_id"); putStr(out, h.kioskId);
    out += ','; key(out, "public_key"); putStr(out, h.publicKeyHex);
    out += ','; key(out, "number"); putInt(out, h.number);
    out += ','; key(out, "previous_digest"); putStr(out, h.previousDigestHex);
    out += ','; key(out, "unit"); out += '{';
    key(out, "code"); putStr(out, h.unit.code);
    out += ','; key(out, "name"); putStr(out, h.unit.name);
    out += ','; key(out, "level"); putStr(out, h.unit.level);
    out += ','; key(out, "counter"); putStr(out, h.unit.counter);
    out += "},"; key(out, "seq_first"); putInt(out, h.seqFirst);
    out += ','; key(out, "seq_last"); putInt(out, h.seqLast);
    out += ','; key(out, "responses"); putInt(out, h.responseCount);
    out += ','; key(out, "audit_first"); putInt(out, h.auditFirst);
    out += ','; key(out, "audit_last"); putInt(out, h.auditLast);
    out += ','; key(out, "audit_entries"); putInt(out, h.auditCount);
    out += ','; key(out, "export"); out += '{';
    key(out, "utc_ms"); putInt(out, h.exportUtcMs);
    out += ','; key(out, "utc_offset_min"); putInt(out, h.exportUtcOffsetMinutes);
    out += ','; key(out, "mono_ms"); putInt(out, h.exportMonoMs);
    out += ','; key(out, "boot_id"); putStr(out, h.exportBootId);
    out += ','; key(out, "program"); putStr(out, h.program);
    out += '}';
    if (h.sealed()) {
        out += ','; key(out, "sealed_to"); putStr(out, h.sealedToHex);
        out += ','; key(out, "seal_key"); putStr(out, h.sealKeyHex);
    }
    out += ','; key(out, "context_fields"); putNames(out, ContextFields);
    out += ','; key(out, "response_fields"); putNames(out, ResponseFields);
    out += ','; key(out, "answer_fields"); putNames(out, AnswerFields);
    out += ','; key(out, "audit_fields"); putNames(out, AuditFields);
    out += '}';
}
// clang-format on

}  // namespace

std::string batchSignedText(std::string_view digestHex, int formatVersion) {
    return std::string(formatVersion == 2 ? BatchFormatSealed : BatchFormat) + " digest " + std::string(digestHex);
}

// [SECTION] Writer

std::string batchTrailer(std::string_view digestHex, std::string_view signatureHex) {
    const std::string line = "{\"digest\":\"blake2b-256:" + std::string(digestHex) +
                             "\",\"signature\":\"ed25519:" + std::string(signatureHex) + "\"}\n";
    std::string frame(8, '\0');
    const std::uint32_t magic = ZSTD_MAGIC_SKIPPABLE_START;
    const auto size = static_cast<std::uint32_t>(line.size());
    for (int i = 0; i < 4; ++i) {  // both little-endian, as Zstandard frames are
        frame[static_cast<std::size_t>(i)] = static_cast<char>((magic >> (8 * i)) & 0xFF);
        frame[static_cast<std::size_t>(4 + i)] = static_cast<char>((size >> (8 * i)) & 0xFF);
    }
    return frame + line;
}

BatchWriter::BatchWriter(const BatchHeader& head, Sink sink, const BatchSealer* sealer)
    : m_head(head), m_sink(std::move(sink)), m_nextSeq(head.seqFirst), m_sealer(sealer) {
    m_head.formatVersion = sealer ? 2 : 1;
    m_head.sealedToHex = sealer ? sealer->sealedToHex() : std::string();
    m_head.sealKeyHex = sealer ? sealer->sealKeyHex() : std::string();
    if (sodium_init() < 0) throw std::runtime_error("cannot initialise libsodium");
    crypto_generichash_init(&m_hash, nullptr, 0, DigestBytes);
    m_zstd = ZSTD_createCCtx();
    if (!m_zstd) throw std::runtime_error("cannot start the zstd compressor");
    ZSTD_CCtx_setParameter(m_zstd, ZSTD_c_compressionLevel, CompressionLevel);
    ZSTD_CCtx_setParameter(m_zstd, ZSTD_c_checksumFlag, 1);
    // One worker thread compresses while this thread reads and formats (if libzstd has
    // threads; the output is the same for any number of workers >= 1).
    ZSTD_CCtx_setParameter(m_zstd, ZSTD_c_nbWorkers, 1);
    m_head.counts.clear();
    m_head.questionnaires.clear();
    m_head.timeFirstUtcMs = m_head.timeLastUtcMs = 0;
    m_buf.reserve(ChunkBytes + 64 * 1024);
    m_out.resize(ZSTD_CStreamOutSize());
    putHead(m_buf, m_head);
    line();
}

BatchWriter::~BatchWriter() { ZSTD_freeCCtx(m_zstd); }

void BatchWriter::line() {
    m_buf += '\n';
    if (m_buf.size() >= ChunkBytes) flush(false);
}

void BatchWriter::emit(std::string_view bytes) {
    if (bytes.empty()) return;
    crypto_generichash_update(&m_hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    m_sink(bytes);
    m_written += bytes.size();
}

void BatchWriter::flush(bool end) {
    ZSTD_inBuffer in{m_buf.data(), m_buf.size(), 0};
    for (;;) {
        ZSTD_outBuffer out{m_out.data(), m_out.size(), 0};
        const std::size_t left = ZSTD_compressStream2(m_zstd, &out, &in, end ? ZSTD_e_end : ZSTD_e_continue);
        if (ZSTD_isError(left)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(left));
        emit(std::string_view(m_out.data(), out.pos));
        if (end ? left == 0 : in.pos == in.size) break;
    }
    m_buf.clear();
}

bool BatchWriter::Context::matches(const ResponseContext& r) const {
    return unitCode == r.unitCode && unitName == r.unitName && unitLevel == r.unitLevel && counter == r.counter &&
           bootId == r.bootId && utcOffsetMinutes == r.utcOffsetMinutes && questionnaireId == r.questionnaireId &&
           questionnaireVersion == r.questionnaireVersion;
}

std::int64_t BatchWriter::contextNumber(const ResponseContext& r) {
    if (m_lastContext > 0 && m_contexts[static_cast<std::size_t>(m_lastContext - 1)].matches(r)) return m_lastContext;
    for (std::size_t i = 0; i < m_contexts.size(); ++i)
        if (m_contexts[i].matches(r)) return m_lastContext = static_cast<std::int64_t>(i) + 1;
    m_contexts.push_back(Context{std::string(r.unitCode), std::string(r.unitName), std::string(r.unitLevel),
                                 std::string(r.counter), std::string(r.bootId), std::string(r.questionnaireId),
                                 r.utcOffsetMinutes, r.questionnaireVersion});
    m_lastContext = static_cast<std::int64_t>(m_contexts.size());
    std::string& o = m_buf;
    o += "[\"C\",";
    putInt(o, m_lastContext);
    o += ',';
    putStr(o, r.unitCode);
    o += ',';
    putStr(o, r.unitName);
    o += ',';
    putStr(o, r.unitLevel);
    o += ',';
    putStr(o, r.counter);
    o += ',';
    putStr(o, r.bootId);
    o += ',';
    putInt(o, r.utcOffsetMinutes);
    o += ',';
    putStr(o, r.questionnaireId);
    o += ',';
    putInt(o, r.questionnaireVersion);
    o += ']';
    line();
    m_questionnaires.emplace(std::string(r.questionnaireId), r.questionnaireVersion);
    return m_lastContext;
}

void BatchWriter::count(const AnswerValueView& v) {
    for (Count& c : m_counts)
        if (c.value == v.value && c.questionId == v.questionId && c.scale == v.scale) {
            ++c.n;
            return;
        }
    m_counts.push_back(Count{std::string(v.questionId), std::string(v.scale), std::string(v.value), 1});
}

void BatchWriter::add(const Response& r) { add(viewOf(r)); }

std::string encodeResponseTail(const ResponseView& r) {
    std::string o;
    o.reserve(256);
    putInt(o, r.seq);
    o += ',';
    putStr(o, r.uuid);
    o += ',';
    putInt(o, r.startedUtcMs);
    o += ',';
    putInt(o, r.endedUtcMs);
    o += ',';
    putInt(o, r.startedMonoMs);
    o += ',';
    putInt(o, r.endedMonoMs);
    o += ',';
    putStr(o, r.endReason);
    o += ',';
    putInt(o, r.misuseFlags);
    o += ',';
    putStr(o, r.language);
    o += ',';
    putStr(o, r.officerId);
    o += ',';
    putStr(o, r.procedureCode);
    o += ',';
    putStr(o, r.dossierCode);
    o += ',';
    putStr(o, r.supersedesUuid);
    o += ",[";
    // Consecutive values of the same question are one answer: [question, scale, [values], answered].
    for (std::size_t i = 0; i < r.values.size();) {
        const AnswerValueView& first = r.values[i];
        if (i) o += ',';
        o += '[';
        putStr(o, first.questionId);
        o += ',';
        putStr(o, first.scale);
        o += ",[";
        std::size_t k = i;
        for (; k < r.values.size() && r.values[k].questionId == first.questionId; ++k) {
            if (k > i) o += ',';
            putStr(o, r.values[k].value);
        }
        o += "],";
        putInt(o, first.answeredUtcMs);
        o += ']';
        i = k;
    }
    o += "],";
    putStr(o, r.comment);
    o += ']';
    return o;
}

namespace {

// The [begin, end) of each top-level element of a response tail (15 of them, the last
// followed by the closing ']'), strings skipped with their escapes.
struct TailElements {
    std::string_view at[15];
};
TailElements splitTail(std::string_view tail) {
    TailElements out;
    std::size_t n = 0, begin = 0;
    int depth = 0;
    for (std::size_t i = 0; i < tail.size(); ++i) {
        const char c = tail[i];
        if (c == '"') {
            for (++i; i < tail.size() && tail[i] != '"'; ++i)
                if (tail[i] == '\\') ++i;
        } else if (c == '[') {
            ++depth;
        } else if ((c == ',' && depth == 0) || (c == ']' && depth == 0)) {
            if (n == 15) break;
            out.at[n++] = tail.substr(begin, i - begin);
            begin = i + 1;
            if (c == ']') {
                if (n == 15 && i + 1 == tail.size()) return out;
                break;
            }
        } else if (c == ']') {
            --depth;
        }
    }
    throw std::logic_error("batch writer: a cached response line is not shaped as expected");
}

// The text of a JSON string as putStr writes it (quotes included).
std::string unquote(std::string_view s) {
    if (s.size() < 2 || s.front() != '"' || s.back() != '"')
        throw std::logic_error("batch writer: a cached response field is not a string");
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        char c = s[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        c = s[++i];
        switch (c) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {  // putStr escapes only control characters this way
            unsigned v = 0;
            std::from_chars(s.data() + i + 1, s.data() + i + 5, v, 16);
            if (v >= 0x80) throw std::logic_error("batch writer: an escape the writer never makes");
            out += static_cast<char>(v);
            i += 4;
            break;
        }
        default: out += c;  // " \ /
        }
    }
    return out;
}

}  // namespace

void appendSealedTail(std::string& out, std::string_view tail, const BatchSealer& sealer) {
    const TailElements e = splitTail(tail);
    constexpr std::size_t Uuid = 1, Dossier = 11, Comment = 14;
    if (e.at[Dossier] == "\"\"" && e.at[Comment] == "\"\"") {
        out.append(tail);
        return;
    }
    const std::string uuid = unquote(e.at[Uuid]);
    const char* const begin = tail.data();
    out.append(begin, static_cast<std::size_t>(e.at[Dossier].data() - begin));
    putStr(out, sealer.seal(uuid, SealedField::DossierCode, unquote(e.at[Dossier])));
    const char* const afterDossier = e.at[Dossier].data() + e.at[Dossier].size();
    out.append(afterDossier, static_cast<std::size_t>(e.at[Comment].data() - afterDossier));
    putStr(out, sealer.seal(uuid, SealedField::Comment, unquote(e.at[Comment])));
    out += ']';
}

ResponseContext contextOf(const ResponseView& r) {
    return ResponseContext{r.unitCode, r.unitName,         r.unitLevel,       r.counter,
                           r.bootId,   r.utcOffsetMinutes, r.questionnaireId, r.questionnaireVersion};
}

void BatchWriter::add(const ResponseView& r) {
    addEncoded(r.seq, contextOf(r), encodeResponseTail(r));
    for (const AnswerValueView& v : r.values) count(v);
    if (m_responses == 1 || r.startedUtcMs < m_head.timeFirstUtcMs) m_head.timeFirstUtcMs = r.startedUtcMs;
    m_head.timeLastUtcMs = std::max({m_head.timeLastUtcMs, r.endedUtcMs, r.startedUtcMs});
}

void BatchWriter::addEncoded(std::int64_t seq, const ResponseContext& context, std::string_view tail,
                             bool sealedAlready) {
    if (sealedAlready && !m_sealer)
        throw std::logic_error("batch writer: a sealed line given to a batch in clear (seq " + std::to_string(seq) +
                               ")");
    if (seq != m_nextSeq || seq > m_head.seqLast || m_audits > 0)
        throw std::logic_error("batch writer: response seq " + std::to_string(seq) + " out of order (expected " +
                               std::to_string(m_nextSeq) + ")");
    ++m_nextSeq;
    ++m_responses;
    const std::int64_t number = contextNumber(context);
    std::string& o = m_buf;
    o += "[\"R\",";
    putInt(o, number);
    o += ',';
    if (m_sealer && !sealedAlready) appendSealedTail(o, tail, *m_sealer);
    else o.append(tail);
    line();
}

void BatchWriter::setSummary(std::vector<AnswerCount> counts, std::int64_t timeFirstUtcMs, std::int64_t timeLastUtcMs) {
    m_counts.clear();
    for (AnswerCount& c : counts)
        m_counts.push_back(Count{std::move(c.questionId), std::move(c.scale), std::move(c.value), c.count});
    m_head.timeFirstUtcMs = timeFirstUtcMs;
    m_head.timeLastUtcMs = timeLastUtcMs;
}

void BatchWriter::add(const AuditEntry& e) {
    if (e.id < m_head.auditFirst || e.id > m_head.auditLast || e.id <= m_lastAuditId)
        throw std::logic_error("batch writer: audit entry " + std::to_string(e.id) + " out of order or range");
    m_lastAuditId = e.id;
    ++m_audits;
    std::string& o = m_buf;
    o += "[\"A\",";
    putInt(o, e.id);
    o += ',';
    putInt(o, e.utcMs);
    o += ',';
    putInt(o, e.utcOffsetMinutes);
    o += ',';
    putInt(o, e.monoMs);
    o += ',';
    putStr(o, e.bootId);
    o += ',';
    putStr(o, e.event);
    o += ',';
    putStr(o, e.detail);
    o += ']';
    line();
}

std::string BatchWriter::finish(const SourceOf& sourceOf, const KioskKeys& keys) {
    if (keys.publicKeyHex() != m_head.publicKeyHex)
        throw std::logic_error("batch writer: the head names another public key than the signing key");
    if (m_responses != m_head.responseCount || m_audits != m_head.auditCount)
        throw std::logic_error("batch writer: " + std::to_string(m_responses) + " responses and " +
                               std::to_string(m_audits) + " audit entries added, the head says " +
                               std::to_string(m_head.responseCount) + " and " + std::to_string(m_head.auditCount));
    std::sort(m_counts.begin(), m_counts.end(), [](const Count& x, const Count& y) {
        return std::tie(x.questionId, x.scale, x.value) < std::tie(y.questionId, y.scale, y.value);
    });
    for (const Count& c : m_counts) m_head.counts.push_back(AnswerCount{c.questionId, c.scale, c.value, c.n});
    for (const auto& [id, version] : m_questionnaires) {
        auto source = sourceOf(id, version);
        if (!source)
            throw std::logic_error("batch writer: questionnaire " + id + " version " + std::to_string(version) +
                                   " is not known");
        m_head.questionnaires.push_back(QuestionnaireDef{id, version, std::move(*source)});
    }
    std::string& o = m_buf;
    // One JSON member per line, its key and value side by side.
    // clang-format off
    o += "{\"summary\":{";
    key(o, "time_first_utc_ms"); putInt(o, m_head.timeFirstUtcMs);
    o += ','; key(o, "time_last_utc_ms"); putInt(o, m_head.timeLastUtcMs);
    o += ','; key(o, "counts"); o += '[';
    for (std::size_t i = 0; i < m_head.counts.size(); ++i) {
        const AnswerCount& c = m_head.counts[i];
        if (i) o += ',';
        o += '[';
        putStr(o, c.questionId); o += ',';
        putStr(o, c.scale); o += ',';
        putStr(o, c.value); o += ',';
        putInt(o, c.count);
        o += ']';
    }
    o += "],"; key(o, "questionnaires"); o += '[';
    for (std::size_t i = 0; i < m_head.questionnaires.size(); ++i) {
        const QuestionnaireDef& q = m_head.questionnaires[i];
        if (i) o += ',';
        o += '{'; key(o, "id"); putStr(o, q.id);
        o += ','; key(o, "version"); putInt(o, q.version);
        o += ','; key(o, "source"); putStr(o, q.source);
        o += '}';
    }
    o += "]}}\n";
    // clang-format on
    flush(true);

    unsigned char digest[DigestBytes];
    crypto_generichash_final(&m_hash, digest, sizeof digest);
    const std::string digestHex = toHex(digest, sizeof digest);
    const std::string trailer = batchTrailer(digestHex, keys.signHex(batchSignedText(digestHex, m_head.formatVersion)));
    m_sink(trailer);
    m_written += trailer.size();
    return digestHex;
}

}  // namespace hailong::core
