#include "hq/hq_comments.h"

#include "hq/hq_store.h"

namespace hailong::core {

std::vector<HqComment> commentsOf(const Batch& batch) {
    std::vector<HqComment> out;
    for (const Response& r : batch.responses) {
        const bool sealed = !batch.sealed.empty() && [&] {
            const SealedFields* s = batch.sealedOf(r.seq);
            return s && !s->comment.empty();
        }();
        if (r.comment.empty() && !sealed) continue;
        HqComment c;
        c.kioskId = batch.header.kioskId;
        c.seq = r.seq;
        c.uuid = r.uuid;
        c.unitCode = r.unit.code;
        c.unitName = r.unit.name;
        c.counter = r.unit.counter;
        c.startedUtcMs = r.startedUtcMs;
        c.utcOffsetMinutes = r.utcOffsetMinutes;
        if (!r.answers.empty() && !r.answers.front().values.empty()) c.mainAnswer = r.answers.front().values.front();
        if (!sealed) c.text = r.comment;
        out.push_back(std::move(c));
    }
    return out;
}

std::int64_t unsealStoredComments(HqStore& store, const BoxSecretFor& boxSecretFor,
                                  std::vector<std::string>* problems) {
    BatchReadOptions options;
    options.boxSecretFor = boxSecretFor;
    std::vector<HqComment> opened;
    store.forEachStoredFile([&](const StoredFile& f) {
        // Only sealed files hold anything to open: their head says so before any decryption.
        const auto batch = readBatch(f.bytes, f.fileName, options);
        if (!batch) {
            if (problems) problems->push_back(batch.error().toString());
            return;
        }
        if (!batch->opened) return;
        for (HqComment& c : commentsOf(*batch)) opened.push_back(std::move(c));
    });
    return opened.empty() ? 0 : store.openComments(opened);
}

std::string sealedCommentsWords(std::int64_t n) {
    if (n == 0) return {};
    const std::string count = std::to_string(n);
    return count + " góp ý đã niêm phong / " + count + " comments sealed (no key)";
}

}  // namespace hailong::core
