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
    int formatVersion = 1;
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

/// A batch read back (or about to be written): header, responses by seq, audit by id.
struct Batch {
    BatchHeader header;
    std::vector<Response> responses;
    std::vector<AuditEntry> audit;
    std::string digestHex;     ///< BLAKE2b-256 of the content, as in the file
    std::string signatureHex;  ///< Ed25519, as in the file
};

}  // namespace hailong::core
