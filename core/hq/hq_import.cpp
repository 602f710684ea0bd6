#include "hq_import.h"

#include "../batch/batch_format.h"
#include "../response_store.h"  // StorageError

#include <algorithm>

namespace hailong::core {

namespace fs = std::filesystem;

std::vector<fs::path> batchFilesIn(const std::vector<fs::path>& filesOrFolders) {
    std::vector<fs::path> out;
    for (const fs::path& p : filesOrFolders) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            out.push_back(p);
            continue;
        }
        std::vector<fs::path> inside;
        for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".hlbatch") inside.push_back(it->path());
        std::sort(inside.begin(), inside.end());
        out.insert(out.end(), inside.begin(), inside.end());
    }
    return out;
}

ImportSummary importBatchFiles(HqStore& store, const std::vector<fs::path>& files, std::int64_t nowUtcMs,
                               const std::function<void(std::size_t, std::size_t)>& progress) {
    ImportSummary summary;
    for (std::size_t i = 0; i < files.size(); ++i) {
        FileImport f;
        f.file = files[i].string();
        auto batch = readBatchFile(files[i]);
        if (!batch) {
            f.reason = batch.error().reason;
        } else if (const auto known = store.kiosk(batch->header.kioskId); !known) {
            f.reason = "kiosk " + batch->header.kioskId + " is not registered (register its key file with `hailong hq trust`)";
        } else if (known->publicKeyHex != batch->header.publicKeyHex) {
            f.reason = "signed by another key than the one registered for kiosk " + batch->header.kioskId;
        } else {
            try {
                f.outcome = store.importBatch(*batch, files[i].filename().string(), nowUtcMs);
                f.accepted = true;
            } catch (const StorageError& e) {
                f.reason = std::string("not stored: ") + e.what();
            }
        }
        if (f.accepted) {
            ++summary.accepted;
            summary.newResponses += f.outcome.newResponses;
            summary.knownResponses += f.outcome.knownResponses;
        } else {
            ++summary.refused;
        }
        summary.files.push_back(std::move(f));
        if (progress) progress(i + 1, files.size());
    }
    return summary;
}

} // namespace hailong::core
