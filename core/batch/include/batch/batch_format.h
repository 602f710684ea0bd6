#pragma once
// The batch file format `hailong-batch/1` (SPEC 6; described for other teams in
// docs/batch-format.md). The file is a Zstandard stream (`zstd -dc FILE` shows it) holding
// UTF-8 JSON Lines, each ending in "\n":
//
//   line 1         head: {"format":"hailong-batch/1", kiosk, key, unit, ranges, export clocks, field names}
//   then           ["C", ...] lines (contexts: unit, counter, boot, UTC offset, questionnaire)
//                  interleaved with one ["R", ...] line per response (by seq; each names its context)
//   then           one ["A", ...] line per audit entry, by id
//   last           {"summary": {time range, answer counts, questionnaire definitions}}
//
// followed by a Zstandard skippable frame (ignored by zstd) holding the signature line
//   {"digest":"blake2b-256:HEX","signature":"ed25519:HEX"}\n
// The digest is BLAKE2b-256 of every byte of the file before that frame; the signature is
// Ed25519 over the text "hailong-batch/1 digest " + HEX. The head carries the digest of the
// kiosk's previous batch (the chain). The writer is deterministic: the same batch, the same bytes.
#include "batch/batch.h"
#include "batch/kiosk_keys.h"
#include "batch/seal.h"

#include "base/expected.h"

#include <sodium.h>
#include <zstd.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace hailong::core {

inline constexpr const char* BatchFormat = "hailong-batch/1";
/// Version 2: the personal fields sealed for headquarters (seal.h, docs/batch-format.md 10).
inline constexpr const char* BatchFormatSealed = "hailong-batch/2";
/// The text the kiosk signs for a digest: "hailong-batch/<version> digest " + HEX.
std::string batchSignedText(std::string_view digestHex, int formatVersion = 1);
/// The skippable frame that ends a batch file (always BatchTrailerBytes long).
std::string batchTrailer(std::string_view digestHex, std::string_view signatureHex);
inline constexpr std::size_t BatchTrailerBytes = 8 + 241;

/// The fields a response shares with others of its context (a ["C", ...] line).
struct ResponseContext {
    std::string_view unitCode, unitName, unitLevel, counter, bootId;
    int utcOffsetMinutes = 0;
    std::string_view questionnaireId;
    int questionnaireVersion = 0;
};
ResponseContext contextOf(const ResponseView& r);
/// A response line after its context number: `seq,"uuid",...,"comment"]`. Kept in the kiosk
/// database at the end of each response (the export cache), so large exports copy it as is.
/// Always in clear (version 1): the writer seals a copy when it writes version 2.
std::string encodeResponseTail(const ResponseView& r);
/// Appends tail (encodeResponseTail) to out with dossier_code and comment sealed. Throws
/// std::logic_error if tail is not shaped as encodeResponseTail makes it.
void appendSealedTail(std::string& out, std::string_view tail, const BatchSealer& sealer);

/// Writes one batch in one pass: construct (writes the head), add responses, then audit
/// entries, then finish. Bytes go to the sink in chunks of about 1 MiB; the sink throws
/// to abort (a failed write); nothing is retried.
class BatchWriter {
public:
    using Sink = std::function<void(std::string_view bytes)>;
    /// Questionnaire source for (id, version); nothing if unknown (finish then throws).
    using SourceOf = std::function<std::optional<std::string>(const std::string& id, int version)>;

    /// head: every field except counts, questionnaires and the time range (found while adding).
    /// With a sealer, the batch is version 2: the head's sealedToHex and sealKeyHex are set
    /// from it and every response's personal fields are sealed (the sealer must outlive the writer).
    BatchWriter(const BatchHeader& head, Sink sink, const BatchSealer* sealer = nullptr);
    ~BatchWriter();
    BatchWriter(const BatchWriter&) = delete;
    BatchWriter& operator=(const BatchWriter&) = delete;
    /// Responses in seq order, seqFirst..seqLast of the head, each once.
    void add(const Response& r);
    void add(const ResponseView& r);
    /// A response already encoded (encodeResponseTail). Counts and time range are then not
    /// gathered: give them with setSummary before finish. sealedAlready: the tail's personal
    /// fields are sealed for this batch by this writer's sealer (the export cache), or it has
    /// none; copied as is.
    void addEncoded(std::int64_t seq, const ResponseContext& context, std::string_view tail,
                    bool sealedAlready = false);
    /// The answer counts (any order) and time range of all responses added with addEncoded.
    void setSummary(std::vector<AnswerCount> counts, std::int64_t timeFirstUtcMs, std::int64_t timeLastUtcMs);
    /// Audit entries in id order, within the head's audit range.
    void add(const AuditEntry& e);
    /// Writes the summary and the signature lines and flushes. Throws std::logic_error if what
    /// was added does not match the head's counts and ranges. Returns the digest (hex).
    std::string finish(const SourceOf& sourceOf, const KioskKeys& keys);

    /// The header as completed by finish (counts, questionnaires, time range).
    const BatchHeader& header() const { return m_head; }
    std::uint64_t bytesWritten() const { return m_written; }

private:
    struct Context {
        std::string unitCode, unitName, unitLevel, counter, bootId, questionnaireId;
        int utcOffsetMinutes = 0, questionnaireVersion = 0;
        bool matches(const ResponseContext& r) const;
    };
    struct Count {
        std::string questionId, scale, value;
        std::int64_t n = 0;
    };
    void line();
    void flush(bool end);
    void emit(std::string_view bytes);
    std::int64_t contextNumber(const ResponseContext& r);
    void count(const AnswerValueView& v);

    BatchHeader m_head;
    Sink m_sink;
    std::string m_buf;
    std::string m_out;
    ZSTD_CCtx* m_zstd = nullptr;
    std::uint64_t m_written = 0;
    std::vector<Context> m_contexts;  // number = index + 1
    std::int64_t m_lastContext = -1;
    crypto_generichash_state m_hash;
    std::int64_t m_nextSeq;
    std::int64_t m_responses = 0;
    std::int64_t m_audits = 0;
    std::int64_t m_lastAuditId = 0;
    std::vector<Count> m_counts;  // few distinct values: a short list beats a map here
    std::set<std::pair<std::string, int>> m_questionnaires;
    const BatchSealer* m_sealer = nullptr;
};

/// Why a batch file was refused: the file and the reason, for a person.
struct BatchProblem {
    std::string file;
    std::string reason;
    std::string toString() const { return file + ": " + reason; }
};

/// Headquarters' X25519 secret (32 raw bytes) for one of its box public keys (64 hex), if held.
using BoxSecretFor = std::function<std::optional<std::string>(const std::string& boxHex)>;

struct BatchReadOptions {
    /// Larger files are refused before reading (crafted to be huge).
    std::uint64_t maxBytes = std::uint64_t{1} << 30;
    /// A file whose content decompresses to more is refused (a "zip bomb"). The limit used
    /// is min(maxTextBytes, max(64 MiB, 64 × the compressed content's size)), the content
    /// being the file without its 249-byte trailer.
    std::uint64_t maxTextBytes = std::uint64_t{8} << 30;
    /// If set, a batch whose head names any other kiosk_id is refused (checked first).
    std::optional<std::string> expectedKioskId;
    /// If set, a batch signed by any other key is refused (lower-case hex).
    std::optional<std::string> expectedPublicKeyHex;
    /// Headquarters' X25519 secret (32 raw bytes) for a box public key (64 hex), if held. When
    /// it gives one for a version 2 batch's sealed_to, every sealed field is opened, and a
    /// field that does not open refuses the batch. Without it (or without the secret) the
    /// fields stay sealed: Batch::sealed.
    BoxSecretFor boxSecretFor;
};

/// Reads and checks a batch file completely: size, structure, digest, signature, format
/// version, every field, and that the counts and ranges of the head and the summary agree
/// with the records. Nothing is returned from a file with any problem.
Expected<Batch, BatchProblem> readBatchFile(const std::filesystem::path& file, const BatchReadOptions& options = {});
/// The bytes of a batch file, refused unread over options.maxBytes (for readBatch).
Expected<std::string, BatchProblem> readBatchFileBytes(const std::filesystem::path& file,
                                                       const BatchReadOptions& options = {});
/// The same on bytes already in memory (name: used in messages).
Expected<Batch, BatchProblem> readBatch(std::string_view bytes, const std::string& name,
                                        const BatchReadOptions& options = {});

/// Problems in the order of a kiosk's batches (sorted by kiosk, then number): a number
/// missing, the same number twice with different content (a fork), and a previous digest
/// that is not the digest of the batch before. Each message names the files.
struct ChainedFile {
    std::string file;
    const Batch* batch;
};
std::vector<std::string> checkChain(std::vector<ChainedFile> files);

}  // namespace hailong::core
