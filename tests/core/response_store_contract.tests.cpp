// One contract, two stores (STYLE 2.9): every TEMPLATE_TEST_CASE here runs against the
// in-memory store and the SQLite store, so the fake used by other tests cannot drift
// from the real thing.
#include "base/clock.h"
#include "base/ids.h"
#include "store/kiosk_database.h"
#include "store/sqlite_response_store.h"
#include "support/temp_dir.h"
#include "survey/response_store.h"

#include <catch2/catch.hpp>

#include <optional>
#include <sstream>
#include <string>

namespace hailong::core {
// Lets Catch print answers when a comparison fails.
std::ostream& operator<<(std::ostream& os, const Answer& a) {
    os << a.questionId << '/' << scaleName(a.scale) << '[';
    for (const std::string& v : a.values) os << v << ' ';
    return os << "]@" << a.answeredUtcMs;
}
}  // namespace hailong::core

using namespace hailong::core;
using hailong::test::TempDir;

namespace {

struct MemoryStore {
    InMemoryResponseStore store;
    std::string expectedKioskId = store.kioskId();
};

struct SqliteStore {
    TempDir dir;
    ManualClock clock;
    SequentialIds ids;
    KioskDatabase db{dir / "kiosk.db", clock, ids};
    SqliteResponseStore store{db};
    std::string expectedKioskId = "00000000-0000-4000-8000-000000000001";  // first id of SequentialIds
};

constexpr std::int64_t T0 = 1'767'225'600'000;  // 2026-01-01T00:00Z

/// A response with every field set to something other than its default.
Response sample(const std::string& uuid, const std::string& vote = "not_satisfied", std::int64_t t = T0) {
    Response r;
    r.uuid = uuid;
    r.unit = UnitInfo{"000.00.01.H56", "UBND phường Bến Nghé", "commune", "Quầy số 1"};
    r.officerId = "can-bo-07";
    r.procedureCode = "1.001234";
    r.dossierCode = "HS-2026-000123";
    r.questionnaireId = "quay-tiep-dan";
    r.questionnaireVersion = 3;
    r.language = Language::En;
    r.answers = {Answer{"overall", Scale::ThreeLevel, {vote}, t}};
    r.comment = "Cán bộ nhiệt tình, thủ tục còn rườm rà";
    r.startedUtcMs = t;
    r.utcOffsetMinutes = 420;
    r.bootId = "3f1c2d4e-0000-4000-8000-00000000b007";
    r.startedMonoMs = 86'400'123;
    r.misuseFlags = misuse::OutsideHours;
    return r;
}

Answer reasons(std::vector<std::string> values, std::int64_t t) {
    return Answer{"reasons", Scale::MultiSelect, std::move(values), t};
}

/// Compares every field of Response, one CHECK each, so a failure names the field.
void checkSame(const Response& got, const Response& want) {
    CHECK(got.uuid == want.uuid);
    CHECK(got.kioskId == want.kioskId);
    CHECK(got.seq == want.seq);
    CHECK(got.unit.code == want.unit.code);
    CHECK(got.unit.name == want.unit.name);
    CHECK(got.unit.level == want.unit.level);
    CHECK(got.unit.counter == want.unit.counter);
    CHECK(got.officerId == want.officerId);
    CHECK(got.procedureCode == want.procedureCode);
    CHECK(got.dossierCode == want.dossierCode);
    CHECK(got.supersedesUuid == want.supersedesUuid);
    CHECK(got.questionnaireId == want.questionnaireId);
    CHECK(got.questionnaireVersion == want.questionnaireVersion);
    CHECK(got.language == want.language);
    CHECK(got.answers == want.answers);
    CHECK(got.comment == want.comment);
    CHECK(got.startedUtcMs == want.startedUtcMs);
    CHECK(got.endedUtcMs == want.endedUtcMs);
    CHECK(got.utcOffsetMinutes == want.utcOffsetMinutes);
    CHECK(got.bootId == want.bootId);
    CHECK(got.startedMonoMs == want.startedMonoMs);
    CHECK(got.endedMonoMs == want.endedMonoMs);
    CHECK(got.endReason == want.endReason);
    CHECK(got.misuseFlags == want.misuseFlags);
}

Response found(const ResponseStore& store, const std::string& uuid) {
    std::optional<Response> r = store.find(uuid);
    REQUIRE(r);
    return *r;
}

}  // namespace

TEMPLATE_TEST_CASE("begin assigns increasing sequence numbers and stores every field", "[store]", MemoryStore,
                   SqliteStore) {
    TestType f;
    ResponseStore& store = f.store;
    Response a = sample("00000000-0000-4000-8000-0000000000a1");
    Response b = sample("00000000-0000-4000-8000-0000000000a2", "very_satisfied", T0 + 60'000);
    b.language = Language::Vi;
    b.officerId.clear();  // optional fields may be empty
    b.dossierCode.clear();
    b.misuseFlags = 0;

    const std::int64_t seqA = store.begin(a);
    const std::int64_t seqB = store.begin(b);

    CHECK(seqA >= 1);
    CHECK(seqB > seqA);
    CHECK(a.seq == seqA);
    CHECK(b.seq == seqB);
    CHECK(a.kioskId == f.expectedKioskId);
    CHECK(store.kioskId() == f.expectedKioskId);
    CHECK(store.count() == 2);
    checkSame(found(store, a.uuid), a);
    checkSame(found(store, b.uuid), b);
    CHECK_FALSE(store.find("00000000-0000-4000-8000-0000000000ff"));
}

TEMPLATE_TEST_CASE("a response begun with several answers keeps them in the given order", "[store]", MemoryStore,
                   SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    r.answers.push_back(reasons({"slow", "rude"}, T0 + 1));
    r.answers.push_back(Answer{"stars", Scale::Star5, {"2"}, T0 + 2});
    f.store.begin(r);
    CHECK(found(f.store, r.uuid).answers == r.answers);
}

TEMPLATE_TEST_CASE("saveAnswer replaces an earlier answer to the same question and keeps its place", "[store]",
                   MemoryStore, SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    f.store.saveAnswer(r.uuid, reasons({"slow"}, T0 + 5'000));
    f.store.saveAnswer(r.uuid, Answer{"stars", Scale::Star5, {"2"}, T0 + 8'000});

    SECTION("a new main answer stays first") {
        f.store.saveAnswer(r.uuid, Answer{"overall", Scale::ThreeLevel, {"satisfied"}, T0 + 9'000});
        const Response got = found(f.store, r.uuid);
        REQUIRE(got.answers.size() == 3);
        CHECK(got.answers[0] == Answer{"overall", Scale::ThreeLevel, {"satisfied"}, T0 + 9'000});
        CHECK(got.answers[1].questionId == "reasons");
        CHECK(got.answers[2].questionId == "stars");
    }
    SECTION("a replaced multi-select loses the values no longer chosen") {
        f.store.saveAnswer(r.uuid, reasons({"rude", "unclear"}, T0 + 9'000));
        const Response got = found(f.store, r.uuid);
        REQUIRE(got.answers.size() == 3);
        CHECK(got.answers[1] == reasons({"rude", "unclear"}, T0 + 9'000));
    }
}

TEMPLATE_TEST_CASE("a multi-select answer keeps the order of its values", "[store]", MemoryStore, SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    // Deliberately not alphabetical: the order is the questionnaire's, not the database's.
    const Answer picked = reasons({"waiting", "attitude", "fees", "bribe"}, T0 + 3'000);
    f.store.saveAnswer(r.uuid, picked);
    CHECK(*found(f.store, r.uuid).answerTo("reasons") == picked);
}

TEMPLATE_TEST_CASE("removeAnswer drops only that answer and a new answer goes last", "[store]", MemoryStore,
                   SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    f.store.saveAnswer(r.uuid, reasons({"slow", "rude"}, T0 + 1'000));
    f.store.saveAnswer(r.uuid, Answer{"stars", Scale::Star5, {"4"}, T0 + 2'000});

    f.store.removeAnswer(r.uuid, "reasons");
    Response got = found(f.store, r.uuid);
    REQUIRE(got.answers.size() == 2);
    CHECK(got.answers[0].questionId == "overall");
    CHECK(got.answers[1].questionId == "stars");

    f.store.removeAnswer(r.uuid, "never-answered");  // nothing to remove: no error
    f.store.saveAnswer(r.uuid, reasons({"fees"}, T0 + 3'000));
    got = found(f.store, r.uuid);
    REQUIRE(got.answers.size() == 3);
    CHECK(got.answers[2] == reasons({"fees"}, T0 + 3'000));
}

TEMPLATE_TEST_CASE("setLanguage and setComment replace the stored values", "[store]", MemoryStore, SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    f.store.setLanguage(r.uuid, Language::Vi);
    f.store.setComment(r.uuid, "Rất tốt");
    Response got = found(f.store, r.uuid);
    CHECK(got.language == Language::Vi);
    CHECK(got.comment == "Rất tốt");
    f.store.setLanguage(r.uuid, Language::En);
    f.store.setComment(r.uuid, "");
    got = found(f.store, r.uuid);
    CHECK(got.language == Language::En);
    CHECK(got.comment.empty());
}

TEMPLATE_TEST_CASE("addMisuseFlags adds to the flags already set", "[store]", MemoryStore, SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    r.misuseFlags = misuse::RapidRepeat;
    f.store.begin(r);
    f.store.addMisuseFlags(r.uuid, misuse::Burst);
    f.store.addMisuseFlags(r.uuid, misuse::Burst);
    CHECK(found(f.store, r.uuid).misuseFlags == (misuse::RapidRepeat | misuse::Burst));
}

TEMPLATE_TEST_CASE("finish records how and when a response ended and a second finish throws", "[store]", MemoryStore,
                   SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    f.store.finish(r.uuid, EndReason::Timeout, T0 + 30'000, r.startedMonoMs + 30'000);

    Response want = r;
    want.endReason = EndReason::Timeout;
    want.endedUtcMs = T0 + 30'000;
    want.endedMonoMs = r.startedMonoMs + 30'000;
    checkSame(found(f.store, r.uuid), want);

    CHECK_THROWS_AS(f.store.finish(r.uuid, EndReason::Completed, T0 + 40'000, r.startedMonoMs + 40'000), StorageError);
    checkSame(found(f.store, r.uuid), want);  // the failed call changed nothing
}

TEMPLATE_TEST_CASE("a response cannot be ended as in progress", "[store]", MemoryStore, SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    CHECK_THROWS_AS(f.store.finish(r.uuid, EndReason::InProgress, T0, 1), StorageError);
    CHECK(found(f.store, r.uuid).endReason == EndReason::InProgress);
}

TEMPLATE_TEST_CASE("every call on an unknown response throws StorageError", "[store]", MemoryStore, SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    const std::string nobody = "00000000-0000-4000-8000-0000000000ff";
    CHECK_THROWS_AS(f.store.saveAnswer(nobody, reasons({"slow"}, T0)), StorageError);
    CHECK_THROWS_AS(f.store.removeAnswer(nobody, "overall"), StorageError);
    CHECK_THROWS_AS(f.store.setComment(nobody, "x"), StorageError);
    CHECK_THROWS_AS(f.store.setLanguage(nobody, Language::Vi), StorageError);
    CHECK_THROWS_AS(f.store.addMisuseFlags(nobody, misuse::Burst), StorageError);
    CHECK_THROWS_AS(f.store.finish(nobody, EndReason::Completed, T0, 1), StorageError);
    CHECK_THROWS_WITH(f.store.setComment(nobody, "x"), Catch::Contains(nobody));
    CHECK(f.store.count() == 1);
}

TEMPLATE_TEST_CASE("begin refuses a duplicate id and leaves the response untouched", "[store]", MemoryStore,
                   SqliteStore) {
    TestType f;
    Response first = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(first);
    Response again = sample(first.uuid, "very_satisfied");
    CHECK_THROWS_AS(f.store.begin(again), StorageError);
    CHECK(again.seq == 0);
    CHECK(again.kioskId.empty());
    CHECK(f.store.count() == 1);
    checkSame(found(f.store, first.uuid), first);

    Response noId = sample("");
    CHECK_THROWS_AS(f.store.begin(noId), StorageError);
    CHECK(f.store.count() == 1);
}

TEMPLATE_TEST_CASE("an answer without values or with a repeated value is refused and changes nothing", "[store]",
                   MemoryStore, SqliteStore) {
    TestType f;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    f.store.begin(r);
    CHECK_THROWS_AS(f.store.saveAnswer(r.uuid, reasons({}, T0)), StorageError);
    CHECK_THROWS_AS(f.store.saveAnswer(r.uuid, reasons({"slow", "slow"}, T0)), StorageError);
    CHECK_THROWS_AS(f.store.saveAnswer(r.uuid, reasons({"slow", ""}, T0)), StorageError);
    CHECK_THROWS_AS(f.store.saveAnswer(r.uuid, Answer{"", Scale::YesNo, {"yes"}, T0}), StorageError);
    checkSame(found(f.store, r.uuid), r);

    Response twice = sample("00000000-0000-4000-8000-0000000000a2");
    twice.answers.push_back(twice.answers.front());
    CHECK_THROWS_AS(f.store.begin(twice), StorageError);
    CHECK(f.store.count() == 1);
}

TEMPLATE_TEST_CASE("closeInterrupted ends only the responses still in progress", "[store]", MemoryStore, SqliteStore) {
    TestType f;
    Response open1 = sample("00000000-0000-4000-8000-0000000000a1");
    Response done = sample("00000000-0000-4000-8000-0000000000a2");
    Response open2 = sample("00000000-0000-4000-8000-0000000000a3");
    f.store.begin(open1);
    f.store.begin(done);
    f.store.begin(open2);
    f.store.finish(done.uuid, EndReason::Completed, T0 + 10'000, done.startedMonoMs + 10'000);

    CHECK(f.store.closeInterrupted(T0 + 3'600'000) == 2);
    for (const Response* r : {&open1, &open2}) {
        const Response got = found(f.store, r->uuid);
        CHECK(got.endReason == EndReason::Interrupted);
        CHECK(got.endedUtcMs == T0 + 3'600'000);
        CHECK(got.endedMonoMs == 0);  // another boot's monotonic time would mislead
    }
    const Response kept = found(f.store, done.uuid);
    CHECK(kept.endReason == EndReason::Completed);
    CHECK(kept.endedUtcMs == T0 + 10'000);
    CHECK(f.store.closeInterrupted(T0 + 7'200'000) == 0);
}

TEMPLATE_TEST_CASE("recentRatings gives the last ratings newest last with their main answer", "[store]", MemoryStore,
                   SqliteStore) {
    TestType f;
    const char* votes[] = {"very_satisfied", "satisfied", "not_satisfied", "satisfied", "very_satisfied"};
    std::vector<Response> rs;
    for (int i = 0; i < 5; ++i) {
        Response r = sample("00000000-0000-4000-8000-0000000000b" + std::to_string(i), votes[i], T0 + i * 60'000);
        r.startedMonoMs = 1'000'000 + i * 60'000;
        r.bootId = i < 2 ? "boot-a" : "boot-b";
        f.store.begin(r);
        rs.push_back(r);
    }
    // The main answer may be given again later: the summary shows the current one.
    f.store.saveAnswer(rs[4].uuid, reasons({"slow"}, T0 + 4 * 60'000 + 2'000));
    f.store.saveAnswer(rs[4].uuid, Answer{"overall", Scale::ThreeLevel, {"not_satisfied"}, T0 + 4 * 60'000 + 7'000});

    const std::vector<RatingSummary> last3 = f.store.recentRatings(3);
    REQUIRE(last3.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const Response& r = rs[i + 2];
        CHECK(last3[i].seq == r.seq);
        CHECK(last3[i].uuid == r.uuid);
        CHECK(last3[i].startedMonoMs == r.startedMonoMs);
        CHECK(last3[i].bootId == "boot-b");
    }
    CHECK(last3[0].value == "not_satisfied");
    CHECK(last3[1].value == "satisfied");
    CHECK(last3[2].value == "not_satisfied");

    SECTION("the last activity is the start, then the latest answer, then the end") {
        CHECK(last3[0].lastActivityMonoMs == rs[2].startedMonoMs);
        CHECK(last3[2].lastActivityMonoMs == rs[4].startedMonoMs + 7'000);
        f.store.finish(rs[2].uuid, EndReason::Completed, T0 + 2 * 60'000 + 20'000, rs[2].startedMonoMs + 21'000);
        CHECK(f.store.recentRatings(3)[0].lastActivityMonoMs == rs[2].startedMonoMs + 21'000);
    }
    SECTION("asking for more than there are gives them all") {
        CHECK(f.store.recentRatings(100).size() == 5);
        CHECK(f.store.recentRatings(0).empty());
    }
    SECTION("a response whose answers were all removed has an empty value") {
        f.store.removeAnswer(rs[4].uuid, "overall");
        f.store.removeAnswer(rs[4].uuid, "reasons");
        CHECK(f.store.recentRatings(1).at(0).value.empty());
    }
}

TEMPLATE_TEST_CASE("all returns every response in sequence order with every field", "[store]", MemoryStore,
                   SqliteStore) {
    TestType f;
    std::vector<Response> want;
    for (int i = 0; i < 4; ++i) {
        Response r = sample("00000000-0000-4000-8000-0000000000c" + std::to_string(3 - i), "satisfied", T0 + i * 1'000);
        f.store.begin(r);
        want.push_back(r);
    }
    f.store.saveAnswer(want[1].uuid, reasons({"slow", "fees"}, T0 + 1'500));
    want[1].answers.push_back(reasons({"slow", "fees"}, T0 + 1'500));
    f.store.finish(want[2].uuid, EndReason::Skipped, T0 + 2'500, want[2].startedMonoMs + 500);
    want[2].endReason = EndReason::Skipped;
    want[2].endedUtcMs = T0 + 2'500;
    want[2].endedMonoMs = want[2].startedMonoMs + 500;

    const std::vector<Response> got = f.store.all();
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("response " << i);
        checkSame(got[i], want[i]);
    }
}

TEMPLATE_TEST_CASE("a second rating of a dossier supersedes the most recent one and both are kept", "[store]",
                   MemoryStore, SqliteStore) {
    TestType f;
    Response first = sample("00000000-0000-4000-8000-0000000000d1");  // dossier HS-2026-000123
    Response other = sample("00000000-0000-4000-8000-0000000000d2");
    other.dossierCode = "HS-2026-000999";
    Response unlinked = sample("00000000-0000-4000-8000-0000000000d3");
    unlinked.dossierCode.clear();
    unlinked.supersedesUuid = first.uuid;  // the store decides, not the caller
    for (Response* r : {&first, &other, &unlinked}) f.store.begin(*r);
    CHECK(first.supersedesUuid.empty());
    CHECK(other.supersedesUuid.empty());
    CHECK(unlinked.supersedesUuid.empty());

    Response second = sample("00000000-0000-4000-8000-0000000000d4", "very_satisfied", T0 + 60'000);
    f.store.begin(second);
    CHECK(second.supersedesUuid == first.uuid);
    Response third = sample("00000000-0000-4000-8000-0000000000d5", "satisfied", T0 + 120'000);
    f.store.begin(third);
    CHECK(third.supersedesUuid == second.uuid);  // the most recent one

    CHECK(f.store.count() == 5);
    checkSame(found(f.store, first.uuid), first);  // kept as it was
    checkSame(found(f.store, second.uuid), second);
    CHECK(f.store.all().back().supersedesUuid == second.uuid);

    SECTION("a refused begin leaves the caller's response unchanged") {
        Response again = sample(third.uuid);
        CHECK_THROWS_AS(f.store.begin(again), StorageError);
        CHECK(again.supersedesUuid.empty());
    }
}

TEST_CASE("a failing in-memory store throws on every change and changes nothing", "[store]") {
    InMemoryResponseStore store;
    Response r = sample("00000000-0000-4000-8000-0000000000a1");
    store.begin(r);
    const Response before = found(store, r.uuid);

    store.setFailing(true);
    Response next = sample("00000000-0000-4000-8000-0000000000a2");
    CHECK_THROWS_AS(store.begin(next), StorageError);
    CHECK(next.seq == 0);
    CHECK_THROWS_AS(store.saveAnswer(r.uuid, reasons({"slow"}, T0)), StorageError);
    CHECK_THROWS_AS(store.removeAnswer(r.uuid, "overall"), StorageError);
    CHECK_THROWS_AS(store.setComment(r.uuid, "x"), StorageError);
    CHECK_THROWS_AS(store.setLanguage(r.uuid, Language::Vi), StorageError);
    CHECK_THROWS_AS(store.addMisuseFlags(r.uuid, misuse::Burst), StorageError);
    CHECK_THROWS_AS(store.finish(r.uuid, EndReason::Completed, T0, 1), StorageError);
    CHECK_THROWS_AS(store.closeInterrupted(T0), StorageError);
    CHECK(store.count() == 1);
    checkSame(found(store, r.uuid), before);

    store.setFailing(false);
    CHECK(store.begin(next) == r.seq + 1);
}
