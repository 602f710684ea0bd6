#pragma once
// `hailong hq import`: batch files (or folders of them) into headquarters' store, each file
// checked against its kiosk's registered key and stored all or nothing (SPEC 7). Files are read
// and checked on worker threads and stored in order; the import is durable when it returns.
#include "hq/hq_store.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hailong::core {

struct FileImport {
    std::string file;
    bool accepted = false;
    std::string reason;     ///< why it was refused (nothing from it was stored)
    ImportOutcome outcome;  ///< when accepted
};

struct ImportSummary {
    std::vector<FileImport> files;
    int accepted = 0;
    int refused = 0;
    std::int64_t newResponses = 0;
    std::int64_t knownResponses = 0;
    std::int64_t heldResponses = 0;  ///< stored with their batch, held apart (batch_ledger.h)
    /// Comments that arrived sealed and stay so (no key given, or not headquarters' key).
    std::int64_t sealedComments = 0;
    /// Comments stored sealed before, readable now (the same batch imported again with the key).
    std::int64_t commentsOpened = 0;
};

/// The .hlbatch files of the folders (by name) and the files given, in order.
std::vector<std::filesystem::path> batchFilesIn(const std::vector<std::filesystem::path>& filesOrFolders);

/// Imports each file: read and verified (digest, signature, content), refused if its kiosk is
/// not registered or it is signed by another key than the registered one, else stored. Safe to
/// run again on the same files: every response is counted once. progress(done, total) after
/// each file.
///
/// boxSecretFor: headquarters' keys (hq_keys.h: HqKeyring::boxSecret): the sealed comments of a
/// `hailong-batch/2` batch are opened and stored readable, and a batch whose sealed field does
/// not open is refused. Without it they are stored sealed, counted, and opened later.
ImportSummary importBatchFiles(HqStore& store, const std::vector<std::filesystem::path>& files, std::int64_t nowUtcMs,
                               const std::function<void(std::size_t, std::size_t)>& progress = {},
                               const BoxSecretFor& boxSecretFor = {});

/// A batch file received whole in memory (an upload in the browser).
struct BatchData {
    std::string name;  ///< for people and the refused list (only its last part is kept)
    std::string bytes;
};
/// Why a verified batch of a registered kiosk must not be imported by this importer (a kiosk
/// outside the uploader's unit), or nothing.
using BatchGate = std::function<std::optional<std::string>(const Batch& batch, const TrustedKiosk& kiosk)>;
/// The same as importBatchFiles for files in memory, each refused by `gate` too if it says so.
/// The size limit of readBatchFileBytes is the caller's (the web server's per request).
ImportSummary importBatchData(HqStore& store, std::vector<BatchData> files, std::int64_t nowUtcMs,
                              const std::function<void(std::size_t, std::size_t)>& progress = {},
                              const BatchGate& gate = {}, const BoxSecretFor& boxSecretFor = {});

}  // namespace hailong::core
