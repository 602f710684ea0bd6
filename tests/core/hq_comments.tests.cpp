// Citizens' comments at headquarters (issue 19, schema 7), on every store: sealed comments
// counted as sealed without the key, readable after an import with the key or `hq unseal`, each
// response's once however often its batch arrives; a damaged sealed field refused with the
// key; the figures the same sealed or not, and whatever order the sealed files arrive in; a
// store of schema 5 learns the comments of its files.
#include "hq/hq_comments.h"
#include "batch/exporter.h"
#include "hq/hq_import.h"
#include "hq/hq_tally.h"
#include "hq/report.h"
#include "hq/report_comments.h"
#include "hq/report_html.h"
#include "support/export_kiosk.h"
#include "support/hq_fixture.h"
#include "support/hq_stores.h"

#include <catch2/catch.hpp>
#include <sodium.h>
#include <zstd.h>

#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>

using namespace hailong::core;
using namespace hailong::test;

namespace {

constexpr std::int64_t Now = 1'900'000'000'000;

struct HqBox {
    std::string secret = std::string(32, '\0');
    std::string publicHex;
    HqBox() {
        REQUIRE(sodium_init() >= 0);
        unsigned char pk[32];
        crypto_box_keypair(pk, reinterpret_cast<unsigned char*>(secret.data()));
        publicHex = toHex(pk, 32);
    }
    BoxSecretFor secrets() const {
        return [this](const std::string& box) -> std::optional<std::string> {
            if (box == publicHex) return secret;
            return std::nullopt;
        };
    }
};

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A kiosk with headquarters' key pinned, 40 ratings (6 with a comment), one sealed batch.
struct SealedKiosk {
    HqBox hq;
    Kiosk k;
    fs::path file;
    std::int64_t comments = 0;
    explicit SealedKiosk(bool pinned = true) {
        if (pinned) k.db.setMeta(PinnedBoxKeyMeta, hq.publicHex);
        for (int i = 0; i < 40; ++i)  // as Kiosk::rateMany
            comments += !k.rate(i, i % 10 == 0 ? "not_satisfied"
                                   : i % 3     ? "very_satisfied"
                                               : "satisfied")
                             .comment.empty();
        file = k.exportOk(k.out).batchFile;
    }
    void trust(HqStore& store) const {
        store.trust(KioskKeyFile{k.db.kioskId(), k.keys.publicKeyHex(), UnitInfo{"CA-NA", "", "province", ""}}, Now);
    }
};

CommentPage allComments(const HqStore& store) {
    CommentQuery q;
    q.limit = 1000;
    return store.comments(q);
}

}  // namespace

TEST_CASE("sealed comments are counted as sealed, then opened without counting anything twice", "[hq][seal]") {
    const SealedKiosk kiosk;
    REQUIRE(kiosk.comments == 6);
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "sealed_then_opened");
        kiosk.trust(*store);

        // Without the key: stored, counted, the comments sealed.
        const ImportSummary first = importBatchFiles(*store, {kiosk.file}, Now);
        REQUIRE(first.accepted == 1);
        CHECK(first.sealedComments == 6);
        CommentPage page = allComments(*store);
        CHECK(page.total == 6);
        CHECK(page.sealed == 6);
        for (const HqComment& c : page.newestFirst) CHECK_FALSE(c.text);
        const Report before = buildReport(*store, ReportQuery{});
        CHECK(before.total.dossiers > 0);  // sealed dossier codes still count as dossiers
        CHECK(commentsLine(page).find("6 góp ý đã niêm phong / 6 comments sealed (no key)") != std::string::npos);
        HtmlReportExtras extras;
        extras.comments = page;
        const std::string html = reportHtml(before, extras);
        CHECK(html.find("Góp ý của người dân") != std::string::npos);
        CHECK(html.find("6 comments sealed") != std::string::npos);
        CHECK(html.find("tận tình") == std::string::npos);

        // The same file again, with the key: the comments open, nothing counted twice.
        const ImportSummary again = importBatchFiles(*store, {kiosk.file}, Now + 1, {}, kiosk.hq.secrets());
        REQUIRE(again.accepted == 1);
        CHECK(again.knownResponses == 40);
        CHECK(again.commentsOpened == 6);
        CHECK(again.sealedComments == 0);
        page = allComments(*store);
        CHECK(page.total == 6);
        CHECK(page.sealed == 0);
        for (const HqComment& c : page.newestFirst) {
            REQUIRE(c.text);
            CHECK(*c.text == kiosk.k.store.find(c.uuid)->comment);
        }
        const Report after = buildReport(*store, ReportQuery{});
        CHECK(after.total.ratings == before.total.ratings);
        CHECK(after.total.dossiers == before.total.dossiers);
        CHECK(store->responseCount() == 40);
        // A third time: nothing changes.
        CHECK(importBatchFiles(*store, {kiosk.file}, Now + 2, {}, kiosk.hq.secrets()).commentsOpened == 0);
        CHECK(allComments(*store).total == 6);
    }
}

TEST_CASE("hq unseal opens the stored files' sealed comments, and the figures match a batch in clear", "[hq][seal]") {
    const SealedKiosk sealed;
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "unseal");
        sealed.trust(*store);
        REQUIRE(importBatchFiles(*store, {sealed.file}, Now).accepted == 1);
        CHECK(allComments(*store).sealed == 6);
        HqBox stranger;
        CHECK(unsealStoredComments(*store, stranger.secrets()) == 0);  // another headquarters' key opens nothing
        CHECK(unsealStoredComments(*store, sealed.hq.secrets()) == 6);
        CHECK(unsealStoredComments(*store, sealed.hq.secrets()) == 0);
        const CommentPage page = allComments(*store);
        CHECK(page.total == 6);
        CHECK(page.sealed == 0);
        CHECK(store->responseCount() == 40);

        // The dossiers of a sealed batch read without the key count as those of the same batch in clear.
        const auto withKey = makeStore(kind, dir, "opened_at_import");
        sealed.trust(*withKey);
        REQUIRE(importBatchFiles(*withKey, {sealed.file}, Now, {}, sealed.hq.secrets()).accepted == 1);
        const auto closed = makeStore(kind, dir, "closed_at_import");
        sealed.trust(*closed);
        REQUIRE(importBatchFiles(*closed, {sealed.file}, Now).accepted == 1);
        CHECK(buildReport(*withKey, ReportQuery{}).total.dossiers ==
              buildReport(*closed, ReportQuery{}).total.dossiers);
        CHECK(allComments(*withKey).sealed == 0);
    }
}

TEST_CASE("a batch whose sealed field does not open is refused with the key and nothing is stored", "[hq][seal]") {
    const SealedKiosk kiosk;
    // The text, a sealed field damaged, signed again by the kiosk: only the key can tell.
    const std::string bytes = readAll(kiosk.file);
    const std::string content = bytes.substr(0, bytes.size() - BatchTrailerBytes);
    std::string text;
    {
        std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> d(ZSTD_createDCtx(), ZSTD_freeDCtx);
        ZSTD_inBuffer in{content.data(), content.size(), 0};
        std::string chunk(1 << 16, '\0');
        while (in.pos < in.size) {
            ZSTD_outBuffer o{chunk.data(), chunk.size(), 0};
            REQUIRE_FALSE(ZSTD_isError(ZSTD_decompressStream(d.get(), &o, &in)));
            text.append(chunk.data(), o.pos);
        }
    }
    const auto at = text.find("\"sealed:");
    REQUIRE(at != std::string::npos);
    text[at + 10] = text[at + 10] == 'A' ? 'B' : 'A';
    std::string packed(ZSTD_compressBound(text.size()), '\0');
    packed.resize(ZSTD_compress(packed.data(), packed.size(), text.data(), text.size(), 1));
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(packed.data()), packed.size(),
                       nullptr, 0);
    const std::string hex = toHex(digest, sizeof digest);
    const std::string damaged = packed + batchTrailer(hex, kiosk.k.keys.signHex(batchSignedText(hex, 2)));
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "damaged");
        kiosk.trust(*store);
        const ImportSummary s = importBatchData(*store, {BatchData{"damaged.hlbatch", damaged}}, Now, {}, {},
                                                kiosk.hq.secrets());
        CHECK(s.refused == 1);
        REQUIRE(s.files.size() == 1);
        CHECK_THAT(s.files[0].reason, Catch::Contains("does not open with headquarters' key"));
        CHECK(store->responseCount() == 0);
        CHECK(allComments(*store).total == 0);
    }
}

TEST_CASE("a store of schema 5 or 6 learns the comments of its stored files", "[hq][seal]") {
    const SealedKiosk clear(/*pinned=*/false);  // version 1: the comments in clear
    for (const int from : {5, 6})
        for (const std::string& kind : storeKinds()) {
            INFO(kind << " from schema " << from);
            TempDir dir;
            const std::string target = storeTarget(kind, dir, "from_" + std::to_string(from));
            {
                const auto store = openStore(target);
                clear.trust(*store);
                REQUIRE(importBatchFiles(*store, {clear.file}, Now).accepted == 1);
                CHECK(allComments(*store).total == 6);
            }
            // As the program of that schema left it: no comments table (at 5, no packages either).
            const std::string drop = from == 5 ? "DROP TABLE comments; DROP TABLE hq_packages" : "DROP TABLE comments";
            if (kind == "sqlite") {
                SQLite::Database db(target, SQLite::OPEN_READWRITE);
                db.exec(drop + "; PRAGMA user_version = " + std::to_string(from));
            } else {
                PgConnection db(target);
                db.execScript(drop);
                db.exec("DELETE FROM hailong_schema");
                db.exec("INSERT INTO hailong_schema VALUES (" + std::to_string(from) + ", 0)");
            }
            const auto store = openStore(target);
            const CommentPage page = allComments(*store);
            CHECK(page.total == 6);
            CHECK(page.sealed == 0);
            for (const HqComment& c : page.newestFirst) CHECK(c.text == clear.k.store.find(c.uuid)->comment);
            CHECK(store->responseCount() == 40);
        }
}

TEST_CASE("comments come a page at a time, newest first, each once, within the units asked", "[hq][seal]") {
    // Two kiosks of two units, their comments interleaved in time (one minute apart each).
    const auto batch = [](const std::string& kiosk, const UnitInfo& unit, int n) {
        std::vector<Rating> ratings;
        for (int i = 0; i < n; ++i) ratings.push_back({kiosk + "-" + std::to_string(i), "satisfied", "", "", ""});
        Batch b = batchOf(kiosk, unit, ratings);
        for (Response& r : b.responses) r.comment = "comment of " + r.uuid;
        return b;
    };
    const Batch a = batch("kiosk-a", UnitInfo{"CA-NA", "Công an tỉnh Nghệ An", "province", "Quầy 1"}, 7);
    const Batch x = batch("kiosk-x", UnitInfo{"CA-X", "Công an xã X", "commune", ""}, 5);
    for (const std::string& kind : storeKinds()) {
        INFO(kind);
        TempDir dir;
        const auto store = makeStore(kind, dir, "comment_pages");
        for (const Batch* b : {&a, &x}) {
            store->trust(KioskKeyFile{b->header.kioskId, std::string(64, 'a'), b->header.unit}, 0);
            REQUIRE(store->importBatch(*b, b->header.kioskId + ".hlbatch", T0 + 86'400'000).newResponses > 0);
        }
        const CommentPage all = allComments(*store);
        REQUIRE(all.total == 12);
        REQUIRE(all.newestFirst.size() == 12);
        for (std::size_t i = 1; i < all.newestFirst.size(); ++i)
            CHECK(all.newestFirst[i - 1].startedUtcMs >= all.newestFirst[i].startedUtcMs);

        // Pages of five: the same comments in the same order, each once; the counts on every page.
        std::vector<std::string> paged;
        for (std::size_t offset = 0; offset <= 15; offset += 5) {
            CommentQuery q;
            q.limit = 5;
            q.offset = offset;
            const CommentPage p = store->comments(q);
            CHECK(p.total == 12);
            CHECK(p.newestFirst.size() == (offset < 10 ? 5u : offset == 10 ? 2u : 0u));
            for (const HqComment& c : p.newestFirst) paged.push_back(c.kioskId + "/" + c.uuid);
        }
        std::vector<std::string> expected;
        for (const HqComment& c : all.newestFirst) expected.push_back(c.kioskId + "/" + c.uuid);
        CHECK(paged == expected);

        // Within one unit, and a period: the offset counts in that scope only.
        CommentQuery q;
        q.units = std::set<std::string>{"CA-X"};
        q.limit = 2;
        q.offset = 4;
        const CommentPage p = store->comments(q);
        CHECK(p.total == 5);
        REQUIRE(p.newestFirst.size() == 1);
        CHECK(p.newestFirst[0].uuid == "kiosk-x-0");  // the oldest of the unit
        CHECK(*p.newestFirst[0].text == "comment of kiosk-x-0");
        q.units = std::set<std::string>{};
        CHECK(store->comments(q).total == 0);
        q.units.reset();
        q.fromDay = localDay(T0, 420) + 1;
        CHECK(store->comments(q).total == 0);
    }
}

TEST_CASE("sealed batches give the same figures and comments whatever their order, with the key or without",
          "[hq][seal][contract]") {
    // Two pinned kiosks, three sealed batches each. Dossier codes repeat, so later ratings
    // replace earlier ones across batches; a comment every seventh rating.
    const HqBox hq;
    std::vector<std::unique_ptr<Kiosk>> kiosks;
    std::vector<fs::path> files;
    std::map<std::string, std::string> typed;  // uuid -> the comment as typed
    for (const unsigned long long n : {1ULL, 2ULL}) {
        Kiosk& k = *kiosks.emplace_back(std::make_unique<Kiosk>(n));
        k.db.setMeta(PinnedBoxKeyMeta, hq.publicHex);
        for (int b = 0; b < 3; ++b) {
            for (int i = b * 12; i < b * 12 + 12; ++i) {
                const Response r = k.rate(i, i % 10 == 0 ? "not_satisfied" : i % 3 ? "very_satisfied" : "satisfied");
                if (!r.comment.empty()) typed[r.uuid] = r.comment;
            }
            files.push_back(k.exportOk(k.out).batchFile);
        }
    }
    REQUIRE(typed.size() == 12);
    const auto trust = [&](HqStore& store) {
        for (const auto& k : kiosks)
            store.trust(KioskKeyFile{k->db.kioskId(), k->keys.publicKeyHex(), UnitInfo{"CA-NA", "", "province", ""}},
                        Now);
    };
    const auto figures = [](const HqStore& store) {
        const Report r = buildReport(store, ReportQuery{});
        return std::vector<std::int64_t>{r.total.ratings,  r.total.satisfied, r.total.superseded,   r.total.misuse,
                                         r.total.dossiers, r.total.held,      store.responseCount()};
    };
    const auto commentsMatch = [&](const HqStore& store, std::int64_t sealed) {
        const CommentPage page = allComments(store);
        CHECK(page.total == 12);
        CHECK(page.sealed == sealed);
        for (const HqComment& c : page.newestFirst)
            if (c.text) CHECK(*c.text == typed.at(c.uuid));
    };

    std::mt19937 random(19);
    for (const std::string& kind : storeKinds()) {
        TempDir dir;
        const auto reference = makeStore(kind, dir, "in_order");
        trust(*reference);
        REQUIRE(importBatchFiles(*reference, files, Now, {}, hq.secrets()).accepted == 6);
        const std::vector<std::int64_t> expected = figures(*reference);
        CHECK(expected[2] > 0);  // some ratings replaced across batches
        commentsMatch(*reference, 0);

        for (int round = 0; round < 4; ++round) {
            INFO(kind << ", round " << round);
            std::vector<fs::path> order = files;
            std::shuffle(order.begin(), order.end(), random);
            const auto store = makeStore(kind, dir, "shuffled" + std::to_string(round));
            trust(*store);
            // Each file once, with the key or without as it comes, a few twice.
            std::set<fs::path> opened;
            for (std::size_t i = 0; i < order.size(); ++i) {
                const bool withKey = random() % 2 == 0;
                const ImportSummary s = importBatchFiles(*store, {order[i]}, Now + static_cast<std::int64_t>(i), {},
                                                         withKey ? hq.secrets() : BoxSecretFor{});
                REQUIRE(s.refused == 0);
                if (withKey) opened.insert(order[i]);
                if (i % 2 == 1) importBatchFiles(*store, {order[i / 2]}, Now + 100, {});  // again, without
            }
            CHECK(figures(*store) == expected);
            std::int64_t stillSealed = 0;
            for (const auto& k : kiosks)
                for (const auto& [uuid, text] : typed)
                    if (const auto r = k->store.find(uuid)) {
                        const fs::path of =
                            files[static_cast<std::size_t>((k.get() == kiosks[0].get() ? 0 : 3) + (r->seq - 1) / 12)];
                        stillSealed += opened.count(of) == 0;
                    }
            commentsMatch(*store, stillSealed);
            // All of them again with the key, in another order: every comment opens, nothing moves.
            std::shuffle(order.begin(), order.end(), random);
            CHECK(importBatchFiles(*store, order, Now + 200, {}, hq.secrets()).commentsOpened == stillSealed);
            CHECK(figures(*store) == expected);
            commentsMatch(*store, 0);
        }
    }
}

TEST_CASE("a store of schema 7 finds comments by unit and day after its migration", "[hq][seal]") {
    const SealedKiosk kiosk(/*pinned=*/false);
    TempDir dir;
    {
        SqliteHqStore store(dir / "hq.db");
        kiosk.trust(store);
        REQUIRE(importBatchFiles(store, {kiosk.file}, Now).accepted == 1);
        // As version 7 left it: the comments indexed by day alone.
        store.db().exec("DROP INDEX comments_by_unit; CREATE INDEX comments_by_day ON comments (day, started_utc_ms); "
                        "PRAGMA user_version = 7");
    }
    SqliteHqStore store(dir / "hq.db");
    CHECK(store.db().execAndGet("PRAGMA user_version").getInt() == 8);
    CHECK(store.db()
              .execAndGet("SELECT group_concat(name) FROM sqlite_master WHERE type = 'index' AND "
                          "tbl_name = 'comments' AND sql IS NOT NULL")
              .getString() == "comments_by_unit");
    // A province's page is read through it, not by a scan of every comment.
    SQLite::Statement explain(store.db(), "EXPLAIN QUERY PLAN SELECT * FROM comments WHERE day BETWEEN 1 AND 99999 "
                                          "AND unit_code IN ('CA-NA')");
    std::string plan;
    while (explain.executeStep()) plan += explain.getColumn(3).getString() + "\n";
    CHECK_THAT(plan, Catch::Contains("comments_by_unit"));
    CHECK(allComments(store).total == 6);
}
