#pragma once
// What the batch writer and reader share beyond batch_format.h: the digest size and the
// names of the elements of each kind of line (they are written into the head).
#include <cstddef>

namespace hailong::core::batch_fields {

inline constexpr std::size_t DigestBytes = 32;  ///< BLAKE2b-256

inline constexpr const char* ResponseFields[] = {
    "context",    "seq",          "uuid",     "started_utc_ms", "ended_utc_ms",   "started_mono_ms", "ended_mono_ms",
    "end_reason", "misuse_flags", "language", "officer_id",     "procedure_code", "dossier_code",    "supersedes_uuid",
    "answers",    "comment"};
inline constexpr const char* ContextFields[] = {"context",        "unit_code",        "unit_name",
                                                "unit_level",     "counter",          "boot_id",
                                                "utc_offset_min", "questionnaire_id", "questionnaire_version"};
inline constexpr const char* AnswerFields[] = {"question_id", "scale", "values", "answered_utc_ms"};
inline constexpr const char* AuditFields[] = {"id",      "utc_ms", "utc_offset_min", "mono_ms",
                                              "boot_id", "event",  "detail"};

}  // namespace hailong::core::batch_fields
