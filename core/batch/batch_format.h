#pragma once
// The batch file format `hailong-batch/1` (SPEC 6; described for other teams in
// docs/batch-format.md). UTF-8 JSON Lines, each line ending in "\n":
//
//   line 1         head: {"format":"hailong-batch/1", kiosk, key, unit, ranges, export clocks, field names}
//   then           one ["R", ...] line per response, by seq
//   then           one ["A", ...] line per audit entry, by id
//   next to last   {"summary": {time range, answer counts, questionnaire definitions}}
//   last           {"digest":"blake2b-256:HEX","signature":"ed25519:HEX"}
//
// The digest is BLAKE2b-256 of every byte before the last line; the signature is Ed25519
// over the text "hailong-batch/1 digest " + HEX. The head carries the digest of the kiosk's
// previous batch (the chain). The writer is deterministic: the same batch gives the same bytes.
#include "batch.h"
#include "kiosk_keys.h"

#include "../expected.h"

#include <sodium.h>

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
/// The text the kiosk signs for a digest.
std::string batchSignedText(std::string_view digestHex);

/// Writes one batch in one pass: construct (writes the head), add responses, then audit
/// entries, then finish. Bytes go to the sink in chunks of about 1 MiB; the sink throws
/// to abort (a failed write); nothing is retried.
class BatchWriter {
public:
    using Sink = std::function<void(std::string_view bytes)>;
    /// Questionnaire source for (id, version); nothing if unknown (finish then throws).
    using SourceOf = std::function<std::optional<std::string>(const std::string& id, int version)>;

    /// head: every field except counts, questionnaires and the time range (found while adding).
    BatchWriter(const BatchHeader& head, Sink sink);
    /// Responses in seq order, seqFirst..seqLast of the head, each once.
    void add(const Response& r);
    /// Audit entries in id order, within the head's audit range.
    void add(const AuditEntry& e);
    /// Writes the summary and the signature lines and flushes. Throws std::logic_error if what
    /// was added does not match the head's counts and ranges. Returns the digest (hex).
    std::string finish(const SourceOf& sourceOf, const KioskKeys& keys);

    /// The header as completed by finish (counts, questionnaires, time range).
    const BatchHeader& header() const { return m_head; }
    std::uint64_t bytesWritten() const { return m_written; }

private:
    void line();
    void flush();

    BatchHeader m_head;
    Sink m_sink;
    std::string m_buf;
    std::uint64_t m_written = 0;
    crypto_generichash_state m_hash;
    std::int64_t m_nextSeq;
    std::int64_t m_responses = 0;
    std::int64_t m_audits = 0;
    std::int64_t m_lastAuditId = 0;
    std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> m_counts;
    std::set<std::pair<std::string, int>> m_questionnaires;
};

/// Why a batch file was refused: the file and the reason, for a person.
struct BatchProblem {
    std::string file;
    std::string reason;
    std::string toString() const { return file + ": " + reason; }
};

struct BatchReadOptions {
    /// Larger files are refused before reading (crafted to be huge).
    std::uint64_t maxBytes = std::uint64_t{4} << 30;
    /// If set, a batch signed by any other key is refused.
    std::optional<std::string> expectedPublicKeyHex;
};

/// Reads and checks a batch file completely: size, structure, digest, signature, format
/// version, every field, and that the counts and ranges of the head and the summary agree
/// with the records. Nothing is returned from a file with any problem.
Expected<Batch, BatchProblem> readBatchFile(const std::filesystem::path& file, const BatchReadOptions& options = {});
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

} // namespace hailong::core
