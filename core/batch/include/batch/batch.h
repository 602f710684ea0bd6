#pragma once
// A batch: the file a kiosk exports and headquarters imports (SPEC 6, issue 4). This is
// the model both sides share; the byte format is in batch_format.h and docs/batch-format.md.
#include "survey/audit_entry.h"
#include "survey/response.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hailong::core {

/// A questionnaire definition as the responses of a batch refer to it (exact source text).
struct QuestionnaireDef {
    std::string id;
    int version = 0;
    std::string source;
    bool operator==(const QuestionnaireDef& o) const {
        return id == o.id && version == o.version && source == o.source;
    }
};

/// How many answers a batch holds for one value of one question (scale named as stored).
struct AnswerCount {
    std::string questionId;
    std::string scale;
    std::string value;
    std::int64_t count = 0;
    bool operator==(const AnswerCount& o) const {
        return questionId == o.questionId && scale == o.scale && value == o.value && count == o.count;
    }
};

struct BatchHeader {
    /// 1, or 2 when the personal fields are sealed for headquarters (sealedToHex set).
    int formatVersion = 1;
    /// Version 2 only (seal.h): headquarters' X25519 public key and this batch's ephemeral one,
    /// 64 lower-case hex each; "" in version 1.
    std::string sealedToHex;
    std::string sealKeyHex;
    bool sealed() const { return !sealedToHex.empty(); }
    std::string kioskId;
    std::string publicKeyHex;       ///< Ed25519, 64 hex digits
    UnitInfo unit;                  ///< the unit and counter as set at export
    std::int64_t number = 0;        ///< 1, 2, 3 ... per kiosk
    std::string previousDigestHex;  ///< digest of batch number - 1; "" for the first batch
    /// Responses seqFirst..seqLast, all of them (responseCount == seqLast - seqFirst + 1),
    /// or none (responseCount == 0, seqFirst == seqLast + 1 == the next seq to come).
    std::int64_t seqFirst = 0;
    std::int64_t seqLast = 0;
    std::int64_t responseCount = 0;
    /// Audit entries with auditFirst <= id <= auditLast (auditCount of them, ids may skip).
    std::int64_t auditFirst = 0;
    std::int64_t auditLast = 0;
    std::int64_t auditCount = 0;
    /// Earliest start and latest end of the responses, UTC ms (0 when none).
    std::int64_t timeFirstUtcMs = 0;
    std::int64_t timeLastUtcMs = 0;
    /// The kiosk's clocks when it exported: headquarters compares them with the date the
    /// file arrived to see a wrong clock.
    std::int64_t exportUtcMs = 0;
    int exportUtcOffsetMinutes = 0;
    std::int64_t exportMonoMs = 0;
    std::string exportBootId;
    std::string program;  ///< "hailong 0.4.0"
    /// Answers per question and value, over all responses of the batch (misuse included),
    /// ordered by question id, scale, value.
    std::vector<AnswerCount> counts;
    /// Every questionnaire a response of the batch refers to, ordered by id, version.
    std::vector<QuestionnaireDef> questionnaires;
};

/// The personal fields of one response that stayed sealed (read without headquarters' key):
/// the field as in the file ("sealed:" + base64), or "" when that field is empty or was opened.
/// Such a response holds "" in its dossierCode / comment.
struct SealedFields {
    std::int64_t seq = 0;
    std::string dossierCode;
    std::string comment;
};

/// A batch read back (or about to be written): header, responses by seq, audit by id.
struct Batch {
    BatchHeader header;
    std::vector<Response> responses;
    std::vector<AuditEntry> audit;
    std::string digestHex;     ///< BLAKE2b-256 of the content, as in the file
    std::string signatureHex;  ///< Ed25519, as in the file
    /// Version 2 read without headquarters' key: the responses whose personal fields stayed
    /// sealed, by seq (only those with a non-empty field). Empty when opened or version 1.
    std::vector<SealedFields> sealed;
    /// Version 2 read with headquarters' key: every personal field was opened.
    bool opened = false;
    /// The sealed fields of the response seq, if any stayed sealed.
    const SealedFields* sealedOf(std::int64_t seq) const {
        std::size_t lo = 0, hi = sealed.size();
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (sealed[mid].seq < seq) lo = mid + 1;
            else hi = mid;
        }
        return lo < sealed.size() && sealed[lo].seq == seq ? &sealed[lo] : nullptr;
    }
    /// How many non-empty fields stayed sealed (comments and dossier codes).
    std::int64_t sealedFieldCount() const {
        std::int64_t n = 0;
        for (const SealedFields& s : sealed) n += !s.dossierCode.empty() + !s.comment.empty();
        return n;
    }
};

}  // namespace hailong::core
