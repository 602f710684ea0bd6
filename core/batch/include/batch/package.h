#pragma once
// A package: the file headquarters signs for kiosks (SPEC 6, issue 19), the way back of the
// batches. Described for other teams in docs/package-format.md. Byte layout as a batch
// (batch_format.h): a Zstandard stream, here of ONE JSON line (the package object), then the
// same 249-byte skippable-frame trailer, {"digest":"blake2b-256:HEX","signature":"ed25519:HEX"},
// the signature by headquarters' Ed25519 key over "hailong-package/1 digest " + HEX.
//
//   {"format":"hailong-package/1","hq_key":"<ed25519 hex>","serial":17,"made_utc_ms":…,
//    "for":{"unit":"CA-NA"} | {"kiosk":"<uuid>"},
//    "questionnaire":{"id":…,"version":…,"source":…},            optional
//    "settings":{"unit_code":…,"unit_name":…,"unit_level":…,       optional, each key optional
//                "counters":{"<kiosk id>":"Quầy số 1",…},
//                "procedures":[["code","name vi","name en"],…],
//                "hours":{"open":"07:30","close":"17:00","days":"0111111"}},
//    "message":{"vi":…,"en":…},                                    optional
//    "receipts":[{"kiosk_id":…,"up_to":N,"last":{"number":…,"digest":…,"seq_last":…,"audit_last":…}},…],
//    "new_hq_key":{"sign_key":…,"box_key":…,"name":…}}             optional: rotation
//
// File name: hailong-pkg-<unit code or first 8 of the kiosk id>-<serial, 6 digits>.hlpack
#include "batch/hq_keys.h"

#include "base/expected.h"
#include "base/text.h"
#include "batch/batch.h"
#include "survey/settings.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hailong::core {

inline constexpr const char* PackageFormat = "hailong-package/1";
inline constexpr const char* PackageExtension = ".hlpack";

/// Whom a package is for: a unit (every kiosk whose unit code is this) or one kiosk.
struct PackageTarget {
    std::string unitCode;  ///< set for a unit
    std::string kioskId;   ///< set for one kiosk (exactly one of the two is set)
};

/// Settings a package sets; what is absent stays as the kiosk has it.
struct PackageSettings {
    std::optional<std::string> unitCode, unitName, unitLevel;
    std::map<std::string, std::string> counters;  ///< kiosk id -> counter name
    std::optional<std::vector<Procedure>> procedures;
    std::optional<OpeningHours> hours;
    bool empty() const { return !unitCode && !unitName && !unitLevel && counters.empty() && !procedures && !hours; }
};

/// What headquarters holds of one kiosk's batches.
struct BatchReceipt {
    std::string kioskId;
    std::int64_t upTo = 0;  ///< every batch 1..upTo is held (0: not batch 1)
    /// The highest-numbered batch held (number 0: none): a kiosk continues after it.
    std::int64_t lastNumber = 0;
    std::string lastDigestHex;
    std::int64_t lastSeqLast = 0;
    std::int64_t lastAuditLast = 0;
};

struct Package {
    std::string hqSignHex;    ///< the key that signs it (the pinned one, or the former one announcing new_hq_key)
    std::int64_t serial = 0;  ///< increasing per headquarters; a kiosk applies only a serial above the last it applied
    std::int64_t madeUtcMs = 0;
    PackageTarget target;
    std::optional<QuestionnaireDef> questionnaire;
    PackageSettings settings;
    std::optional<Text> message;
    std::vector<BatchReceipt> receipts;
    std::optional<HqPublicKey> newHqKey;
    std::string digestHex;     ///< as read (or written)
    std::string signatureHex;  ///< as read (or written)
};

/// The text headquarters signs for a digest: "hailong-package/1 digest " + HEX.
std::string packageSignedText(std::string_view digestHex);
/// The file's bytes, signed with keyring.signWith(package.hqSignHex, …). Deterministic. Throws
/// std::invalid_argument if the keyring holds no such key or a kiosk would refuse the
/// package (it is read back with readPackage; the message says why).
std::string writePackage(const Package& package, const HqKeyring& keyring);
/// "hailong-pkg-<unit code or kiosk 8>-<serial 6>.hlpack"
std::string packageFileName(const Package& package);

/// Why a package was refused: in both languages, for the staff screen and the CLI.
struct PackageProblem {
    std::string file;
    Text reason;
};

struct PackageReadOptions {
    std::uint64_t maxBytes = std::uint64_t{64} << 20;      ///< larger files are refused unread
    std::uint64_t maxTextBytes = std::uint64_t{64} << 20;  ///< decompressed, more is a "zip bomb"
    /// If set, a package whose hq_key differs is refused ("signed by another key").
    std::optional<std::string> pinnedSignHex;
};

/// Reads and checks a package completely (size, trailer, digest, format, every field, the
/// signature by its hq_key and, if given, that hq_key is the pinned one). Whether it is for
/// this kiosk and newer than the last applied is for the kiosk to judge.
Expected<Package, PackageProblem> readPackage(std::string_view bytes, const std::string& name,
                                              const PackageReadOptions& options = {});

}  // namespace hailong::core
