// libFuzzer target: the batch reader (readBatch, then checkChain on what it accepts).
//
// Reaching the JSON lines. The reader checks the BLAKE2b digest of the content before it
// decompresses anything, and the Ed25519 signature right after the head line: a mutated
// byte fails the digest, so inputs fed as they are would almost never get to the records.
// We do not add a FUZZING switch to the reader to skip those checks: a core built that way
// could be shipped by mistake, and it would no longer be the code that runs at headquarters.
// Instead this target seals each input as a kiosk would (compress, digest, sign with the
// fixed test key of fuzz_support.h, append the trailer with the writer's own helpers
// batchSignedText and batchTrailer), and the reader runs unchanged. The seeds carry the test
// key's public key in their head, so mutations that leave it alone also pass the signature.
//
// Two kinds of input, told apart by their first 4 bytes:
//   a Zstandard frame (28 B5 2F FD) or skippable frame (5? 2A 4D 18): a whole batch file.
//       It is read as it is (size, trailer, digest), then its content (all but the last 249
//       bytes, or all of a shorter input) is read again, sealed: decompression and its limits.
//   anything else: the decompressed JSON lines. Compressed, sealed, read: every check of the
//       head, the records and the summary.
//
// Besides crashes, leaks and hangs (the sanitizers and libFuzzer), a batch the reader
// accepts must hold what its documentation promises (acceptedBatchHolds), and checkChain
// must judge it against a copy and a well-chained successor without a problem.
#include "fuzz/fuzz_support.h"

#include "batch/batch_format.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace hailong::core;

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_batch_reader: an accepted batch breaks a promise of the reader: %s\n", what);
    std::abort();
}

void acceptedBatchHolds(const Batch& b) {
    const BatchHeader& h = b.header;
    require(h.number >= 1, "number >= 1");
    require(static_cast<std::int64_t>(b.responses.size()) == h.responseCount, "responses == head count");
    require(h.seqLast - h.seqFirst + 1 == h.responseCount, "seq range == head count");
    for (std::size_t i = 0; i < b.responses.size(); ++i) {
        require(b.responses[i].seq == h.seqFirst + static_cast<std::int64_t>(i), "seqs contiguous from seq_first");
        for (const Answer& a : b.responses[i].answers) require(!a.values.empty(), "no answer without values");
    }
    require(static_cast<std::int64_t>(b.audit.size()) == h.auditCount, "audit entries == head count");
    for (std::size_t i = 0; i < b.audit.size(); ++i) {
        require(b.audit[i].id >= h.auditFirst && b.audit[i].id <= h.auditLast, "audit ids within range");
        require(i == 0 || b.audit[i - 1].id < b.audit[i].id, "audit ids increasing");
    }
    require(b.digestHex.size() == 64 && b.signatureHex.size() == 128, "digest and signature kept");

    // A copy of the same batch is not a problem; nor is the next batch chained to it.
    Batch next;
    next.header = h;
    next.header.number = h.number + 1;
    next.header.previousDigestHex = b.digestHex;
    next.header.seqFirst = h.seqLast + 1;
    next.header.auditFirst = h.auditLast + 1;
    next.digestHex = std::string(64, 'f');
    require(checkChain({{"b.hlbatch", &b}, {"copy.hlbatch", &b}, {"next.hlbatch", &next}}).empty(),
            "checkChain finds no problem in a copy and a chained successor");
    Batch fork = next;
    fork.digestHex = std::string(64, 'e');
    require(checkChain({{"next.hlbatch", &next}, {"fork.hlbatch", &fork}}).size() == 1, "checkChain sees a fork");
}

void readSealed(std::string_view content) {
    const std::string file = hailong::fuzz::seal(content);
    const auto batch = readBatch(file, "fuzz.hlbatch");
    if (batch) {
        acceptedBatchHolds(*batch);
    } else {
        require(batch.error().file == "fuzz.hlbatch" && !batch.error().reason.empty(),
                "a refusal names file and reason");
    }
}

bool isZstdFrame(std::string_view in) {
    if (in.size() < 4) return false;
    std::uint32_t magic = 0;
    for (int i = 3; i >= 0; --i) magic = (magic << 8) | static_cast<unsigned char>(in[static_cast<std::size_t>(i)]);
    return magic == 0xFD2FB528u || (magic & 0xFFFFFFF0u) == 0x184D2A50u;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    if (isZstdFrame(in)) {
        const auto asIs = readBatch(in, "fuzz.hlbatch");
        if (asIs) acceptedBatchHolds(*asIs);
        readSealed(in.substr(0, in.size() > BatchTrailerBytes ? in.size() - BatchTrailerBytes : in.size()));
    } else {
        readSealed(hailong::fuzz::compress(in));
    }
    return 0;
}
