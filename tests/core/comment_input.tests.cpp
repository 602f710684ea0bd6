// The comment screen's keyboard model (issue 6): pages and keys, shift, the VI/EN switch,
// backspace and clear, the length limit, done and skip, VNI, and a physical keyboard.
#include "ime/comment_input.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace hailong::core;

namespace {

std::string keyId(char c) { return c == ' ' ? "key:space" : std::string("key:") + c; }

/// Taps the keys for text on the current page: an upper-case letter is shift, then the letter.
void tapText(CommentInput& input, const std::string& text) {
    for (const char c : text) {
        INFO("key: " << c);
        if (c >= 'A' && c <= 'Z') {
            REQUIRE(input.tap("key:shift") == InputResult::Applied);
            REQUIRE(input.tap(keyId(static_cast<char>(c - 'A' + 'a'))) == InputResult::Applied);
        } else {
            REQUIRE(input.tap(keyId(c)) == InputResult::Applied);
        }
    }
}

const Key* findKey(const std::vector<std::vector<Key>>& rows, const std::string& id) {
    for (const auto& row : rows)
        for (const Key& k : row)
            if (k.id == id) return &k;
    return nullptr;
}

std::string rowIds(const std::vector<Key>& row) {
    std::string s;
    for (const Key& k : row) s += k.id.substr(4) + " ";
    return s;
}

CommentInputOptions vniOptions() {
    CommentInputOptions o;
    o.telex.vni = true;
    return o;
}

std::size_t codePoints(const std::string& utf8) { return utf8ToCodePoints(utf8).size(); }

}  // namespace

TEST_CASE("tapping Telex keys on the screen types Vietnamese", "[comment_input]") {
    CommentInput input;
    tapText(input, "Tooi raats hafi lofng");
    CHECK(input.text() == "Tôi rất hài lòng");
    CHECK(input.composing() == "lòng");
    CHECK(input.tap("key:done") == InputResult::Done);
    CHECK(input.comment() == "Tôi rất hài lòng");
    CHECK(input.composing().empty());
}

TEST_CASE("the letters page is QWERTY with shift, backspace and a bottom row", "[comment_input]") {
    CommentInput input;
    const auto rows = input.layout();
    REQUIRE(rows.size() == 6);
    CHECK(rowIds(rows[0]) == "ă â đ ê ô ơ ư ");
    CHECK(rowIds(rows[1]) == "tone:sac tone:huyen tone:hoi tone:nga tone:nang ");
    CHECK(rowIds(rows[2]) == "q w e r t y u i o p ");
    CHECK(rowIds(rows[3]) == "a s d f g h j k l ");
    CHECK(rowIds(rows[4]) == "shift z x c v b n m bs ");
    CHECK(rowIds(rows[5]) == "page vi_en , space . ");
    CHECK(rows[5][3].width > 1.0f);
    CHECK(rows[5][3].labelIsStringKey);
    CHECK(rows[2][0].label == "q");
    CHECK(rows[0][0].label == "ă");
    CHECK(rows[1][0].label == "keyboard.tone_sac");
    CHECK(rows[1][0].labelIsStringKey);
    // Telex tone keys show what they do.
    CHECK(findKey(rows, "key:s")->hint == "á");
    CHECK(findKey(rows, "key:a")->hint.empty());
    CHECK(rowIds(input.actions()) == "clear skip done ");

    SECTION("a tap on a key of the other page is ignored") {
        CHECK(input.tap("key:1") == InputResult::Ignored);
        CHECK(input.tap("key:nothing") == InputResult::Ignored);
        CHECK(input.text().empty());
    }
}

TEST_CASE("shift is one letter, then caps, then off, one tap each", "[comment_input]") {
    CommentInput input;
    CHECK(input.shift() == ShiftState::Off);
    CHECK(findKey(input.layout(), "key:a")->label == "a");

    input.tap("key:shift");
    CHECK(input.shift() == ShiftState::Once);
    CHECK(findKey(input.layout(), "key:a")->label == "A");
    CHECK(findKey(input.layout(), "key:shift")->state == KeyState::On);

    SECTION("once: only the next letter is upper case") {
        input.tap("key:space");  // space does not use it up
        CHECK(input.shift() == ShiftState::Once);
        tapText(input, "aa");
        CHECK(input.text() == " Â");
        CHECK(input.shift() == ShiftState::Off);
    }
    SECTION("caps: every letter until shift is tapped again") {
        input.tap("key:shift");
        CHECK(input.shift() == ShiftState::Caps);
        CHECK(findKey(input.layout(), "key:shift")->state == KeyState::Locked);
        tapText(input, "vieetj nam");
        CHECK(input.text() == "VIỆT NAM");
        input.tap("key:shift");
        CHECK(input.shift() == ShiftState::Off);
        tapText(input, " ok");
        CHECK(input.text() == "VIỆT NAM ok");
    }
}

TEST_CASE("the numbers page types digits and punctuation as word breaks", "[comment_input]") {
    CommentInput input;
    tapText(input, "phongf");
    REQUIRE(input.tap("key:page") == InputResult::Applied);
    CHECK(input.page() == KeyboardPage::Numbers);
    const auto rows = input.layout();
    REQUIRE(rows.size() == 4);
    CHECK(rowIds(rows[0]) == "1 2 3 4 5 6 7 8 9 0 ");
    CHECK(findKey(rows, "key:shift") == nullptr);
    CHECK(findKey(rows, "key:bs") != nullptr);
    CHECK(findKey(rows, "key:page")->label == "ABC");
    CHECK(input.tap("key:q") == InputResult::Ignored);

    tapText(input, " 203, 5%!");
    CHECK(input.text() == "phòng 203, 5%!");
    CHECK(input.composing().empty());
    input.tap("key:page");
    CHECK(input.page() == KeyboardPage::Letters);
    tapText(input, " ok");
    CHECK(input.text() == "phòng 203, 5%! ok");
}

TEST_CASE("EN mode types letters as they are", "[comment_input]") {
    CommentInput input;
    CHECK(findKey(input.layout(), "key:vi_en")->label == "keyboard.vi");
    CHECK(findKey(input.layout(), "key:vi_en")->state == KeyState::On);

    SECTION("switching finishes the word being typed") {
        tapText(input, "vieetj");
        input.tap("key:vi_en");
        CHECK_FALSE(input.vietnamese());
        CHECK(input.composing().empty());
        CHECK(findKey(input.layout(), "key:vi_en")->label == "keyboard.en");
        CHECK(findKey(input.layout(), "key:vi_en")->state == KeyState::Off);
        CHECK(findKey(input.layout(), "key:s")->hint.empty());
        tapText(input, "aas Windows");
        CHECK(input.text() == "việtaas Windows");
        input.tap("key:vi_en");
        tapText(input, " dduwowcj");
        CHECK(input.text() == "việtaas Windows được");
    }
    SECTION("an EN start from the options") {
        CommentInputOptions o;
        o.telex.vietnamese = false;
        CommentInput en(o);
        tapText(en, "Tooi");
        CHECK(en.text() == "Tooi");
    }
}

TEST_CASE("backspace and clear", "[comment_input]") {
    CommentInput input;
    tapText(input, "xin chaof");
    SECTION("backspace removes the last letter with its marks, then committed text") {
        input.tap("key:bs");
        CHECK(input.text() == "xin chà");
        tapText(input, "o");
        CHECK(input.text() == "xin chào");
        for (int i = 0; i < 5; ++i) CHECK(input.tap("key:bs") == InputResult::Applied);
        CHECK(input.text() == "xin");
    }
    SECTION("clear removes the whole text and the shift") {
        input.tap("key:shift");
        CHECK(input.tap("key:clear") == InputResult::Applied);
        CHECK(input.text().empty());
        CHECK(input.composing().empty());
        CHECK(input.comment().empty());
        CHECK(input.remaining() == 500);
        CHECK(input.shift() == ShiftState::Off);
        tapText(input, "moiws");
        CHECK(input.text() == "mới");
    }
    SECTION("backspace on an empty text does nothing harmful") {
        input.tap("key:clear");
        CHECK(input.tap("key:bs") == InputResult::Applied);
        CHECK(input.text().empty());
    }
}

TEST_CASE("the length limit refuses a key that would pass it", "[comment_input]") {
    CommentInput input;
    CHECK(input.maxLength() == 500);
    // 124 words of "hai " make 496 code points.
    for (int i = 0; i < 124; ++i) tapText(input, "hai ");
    REQUIRE(codePoints(input.text()) == 496);
    CHECK(input.remaining() == 4);

    SECTION("the 501st character is refused, and nothing changes") {
        tapText(input, "toi ");
        CHECK(codePoints(input.text()) == 500);
        CHECK(input.remaining() == 0);
        CHECK_FALSE(input.limitRefused());
        CHECK(input.tap("key:a") == InputResult::Refused);
        CHECK(input.limitRefused());
        CHECK(input.tap("key:space") == InputResult::Refused);
        CHECK(input.typeChar(U'x') == InputResult::Refused);
        CHECK(codePoints(input.text()) == 500);
        // Backspace is never refused, and makes room again.
        CHECK(input.tap("key:bs") == InputResult::Applied);
        CHECK_FALSE(input.limitRefused());
        CHECK(input.tap("key:.") == InputResult::Applied);
        CHECK(input.text().substr(input.text().size() - 4) == "toi.");
    }
    SECTION("the cancel key that gives back two letters for one is refused at the limit") {
        tapText(input, "baa");  // "bâ": 498
        tapText(input, "n");    // "bân": 499
        tapText(input, "g");    // "bâng": 500
        REQUIRE(input.remaining() == 0);
        CHECK(input.tap("key:s") == InputResult::Applied);  // the tone keeps the length
        CHECK(input.composing() == "bấng");
        CHECK(input.tap("key:a") == InputResult::Refused);  // bấng + a: â cancelled to aa, 501
        CHECK(input.limitRefused());
        CHECK(input.composing() == "bấng");
        CHECK(input.tap("key:done") == InputResult::Done);
        CHECK(codePoints(input.comment()) == 500);
    }
    SECTION("a word that would go back to its longer keys at the break counts as stored") {
        // "ties" shows tíe (499), but it cannot be Vietnamese: at the word break it goes back
        // to its keys, ties (500). So nothing more fits, though one more letter would show.
        tapText(input, "ties");
        CHECK(input.composing() == "tíe");
        CHECK(codePoints(input.text()) == 499);
        CHECK(input.remaining() == 0);
        CHECK(input.tap("key:n") == InputResult::Refused);
        CHECK(input.composing() == "tíe");
        CHECK(input.tap("key:done") == InputResult::Done);
        CHECK(codePoints(input.comment()) <= 500);
    }
}

TEST_CASE("done and skip are results for the caller", "[comment_input]") {
    CommentInput input;
    tapText(input, " tieengs Vieetj ");
    SECTION("done finishes the last word and gives the comment trimmed") {
        CHECK(input.tap("key:done") == InputResult::Done);
        CHECK(input.comment() == "tiếng Việt");
    }
    SECTION("skip changes nothing: the caller discards the comment") {
        CHECK(input.tap("key:skip") == InputResult::Skip);
        CHECK(input.text() == " tiếng Việt ");
    }
    SECTION("done and skip are on every page") {
        input.tap("key:page");
        CHECK(input.tap("key:skip") == InputResult::Skip);
        CHECK(input.tap("key:done") == InputResult::Done);
    }
    SECTION("a word not finished is finished for the comment") {
        input.tap("key:clear");
        tapText(input, "hello");
        CHECK(input.comment() == "hello");
    }
}

TEST_CASE("VNI mode puts the digits on the letters page", "[comment_input]") {
    CommentInput input(vniOptions());
    const auto rows = input.layout();
    REQUIRE(rows.size() == 7);
    CHECK(rowIds(rows[0]) == "ă â đ ê ô ơ ư ");
    CHECK(rowIds(rows[2]) == "1 2 3 4 5 6 7 8 9 0 ");
    CHECK(rowIds(rows[3]) == "q w e r t y u i o p ");
    CHECK(findKey(rows, "key:1")->hint == "á");
    CHECK(findKey(rows, "key:6")->hint == "â");
    CHECK(findKey(rows, "key:9")->hint == "đ");
    CHECK(findKey(rows, "key:s")->hint.empty());

    tapText(input, "To6i ra61t ha2i lo2ng");
    CHECK(input.text() == "Tôi rất hài lòng");
    CHECK(input.tap("key:done") == InputResult::Done);
    CHECK(input.comment() == "Tôi rất hài lòng");

    SECTION("a number after a space stays digits") {
        tapText(input, " pho2ng 203");
        CHECK(input.text() == "Tôi rất hài lòng phòng 203");
    }
}

TEST_CASE("a physical keyboard goes through the same engine", "[comment_input]") {
    CommentInput input;
    for (const char32_t c : std::u32string(U"Tooi raats hafi lofng")) CHECK(input.typeChar(c) == InputResult::Applied);
    CHECK(input.text() == "Tôi rất hài lòng");
    CHECK(input.composing() == "lòng");
    CHECK(input.shift() == ShiftState::Off);

    SECTION("its own case, not the on-screen shift") {
        input.tap("key:shift");
        input.typeChar(U' ');
        input.typeChar(U'a');
        CHECK(input.text() == "Tôi rất hài lòng a");
        CHECK(input.shift() == ShiftState::Once);
    }
    SECTION("backspace and enter") {
        CHECK(input.typeBackspace() == InputResult::Applied);
        CHECK(input.text() == "Tôi rất hài lòn");
        input.typeChar(U'g');
        CHECK(input.typeEnter() == InputResult::Done);
        CHECK(input.comment() == "Tôi rất hài lòng");
    }
    SECTION("control characters are ignored") {
        CHECK(input.typeChar(U'\n') == InputResult::Ignored);
        CHECK(input.typeChar(U'\t') == InputResult::Ignored);
        CHECK(input.typeChar(char32_t{0x7f}) == InputResult::Ignored);
        CHECK(input.text() == "Tôi rất hài lòng");
    }
    SECTION("on-screen and physical keys mix in one word") {
        input.typeChar(U' ');
        input.tap("key:d");
        input.typeChar(U'd');
        input.tap("key:e");
        input.typeChar(U'p');
        input.tap("key:j");
        CHECK(input.text() == "Tôi rất hài lòng đẹp");
    }
}

TEST_CASE("the composing word is the end of the text", "[comment_input]") {
    CommentInput input;
    tapText(input, "nguwowif dduwowcj");
    const std::string text = input.text();
    const std::string word = input.composing();
    CHECK(word == "được");
    REQUIRE(text.size() >= word.size());
    CHECK(text.substr(text.size() - word.size()) == word);
}

TEST_CASE("a staff field has no skip key and its language can be set", "[comment_input]") {
    CommentInputOptions o;
    o.skippable = false;
    o.telex.vietnamese = false;
    CommentInput input(o);
    CHECK(rowIds(input.actions()) == "clear done ");
    CHECK(input.tap("key:skip") == InputResult::Ignored);
    for (const char32_t c : std::u32string(U"Quaanf")) input.typeChar(c);
    CHECK(input.text() == "Quaanf");  // EN: as typed
    input.setVietnamese(true);        // finishes the word being typed, as the VI/EN key does
    CHECK(input.vietnamese());
    for (const char32_t c : std::u32string(U" quaanf")) input.typeChar(c);
    CHECK(input.text() == "Quaanf quần");
}

TEST_CASE("every row of keys fills the same width", "[comment_input]") {
    // The kiosk draws each row centred in one width unit: rows of 10 units line up.
    for (const bool vni : {false, true}) {
        CommentInputOptions o;
        o.telex.vni = vni;
        CommentInput input(o);
        for (int page = 0; page < 2; ++page) {
            for (const auto& row : input.layout()) {
                float units = 0;
                for (const Key& k : row) units += k.width;
                CHECK(units <= 10.0f);
            }
            input.tap("key:page");
        }
    }
}

// [SECTION] Direct keys, quick comments, undo of clear (issue 14)

namespace {

/// Taps a sequence of keys written with spaces between them: an ASCII letter (a capital is
/// shift, then the letter), "_" the space bar, a Vietnamese letter (a capital is shift, then
/// it), "[sac]" ... "[nang]" the tone keys, "[bs]" backspace, "[shift]". Returns the result of
/// the last tap.
InputResult tapDirect(CommentInput& input, const std::string& keys) {
    static const std::vector<std::pair<std::string, std::string>> capitals = {
        {"Ă", "ă"}, {"Â", "â"}, {"Đ", "đ"}, {"Ê", "ê"}, {"Ô", "ô"}, {"Ơ", "ơ"}, {"Ư", "ư"}};
    InputResult last = InputResult::Ignored;
    std::size_t at = 0;
    while (at < keys.size()) {
        std::size_t end = keys.find(' ', at);
        if (end == std::string::npos) end = keys.size();
        const std::string k = keys.substr(at, end - at);
        at = end + 1;
        if (k.empty()) continue;
        INFO("key " << k);
        if (k == "_") {
            last = input.tap("key:space");
        } else if (k == "[bs]") {
            last = input.tap("key:bs");
        } else if (k == "[shift]") {
            last = input.tap("key:shift");
        } else if (k.front() == '[') {
            last = input.tap("key:tone:" + k.substr(1, k.size() - 2));
        } else if (k.size() == 1 && k[0] >= 'A' && k[0] <= 'Z') {
            input.tap("key:shift");
            last = input.tap(std::string("key:") + static_cast<char>(k[0] - 'A' + 'a'));
        } else {
            std::string id = "key:" + k;
            for (const auto& [upper, lower] : capitals)
                if (k == upper) {
                    input.tap("key:shift");
                    id = "key:" + lower;
                }
            last = input.tap(id);
        }
    }
    return last;
}

}  // namespace

TEST_CASE("direct letter and tone keys type Vietnamese without Telex", "[comment_input][direct]") {
    struct Row {
        const char* keys;
        const char* text;
    };
    // Every direct letter and tone, capitals, a tone typed before the last letters (it moves),
    // a tone replaced and removed, and Telex keys mixed in (the same engine).
    const Row rows[] = {
        {"T h u [hoi]", "Thủ"},
        {"t u c [nang]", "tục"},
        {"T h u [hoi] _ t u c [nang] _ n h a n h", "Thủ tục nhanh"},
        {"ă n", "ăn"},
        {"c â n", "cân"},
        {"đ ư ơ c [nang]", "được"},
        {"n ư o c [sac]", "nước"},     // ưo + a letter: ươ, as for Telex
        {"t i ê [sac] n g", "tiếng"},  // the tone moves to ê
        {"c ô [nga]", "cỗ"},
        {"m ơ [sac] i", "mới"},
        {"h o a [huyen]", "hòa"},     // old style
        {"h o a [huyen] n", "hoàn"},  // re-placed when the coda comes
        {"k h o e [hoi]", "khỏe"},
        {"c a [sac] [huyen]", "cà"},  // replaced
        {"c a [sac] [sac]", "ca"},    // the same tone again removes it
        {"Đ ư ơ [huyen] n g", "Đường"},
        {"Ư", "Ư"},
        {"[shift] [shift] ă n _ ơ", "ĂN Ơ"},  // caps lock: every letter a capital
        {"t i ê [sac] n g [bs]", "tiến"},     // backspace by letter, the tone kept and placed
        {"v i ê [nang] [bs]", "vi"},          // the tone goes with the letter that carried it
        {"đ u o w c j", "được"},              // a direct đ, then Telex
        {"t u w s", "tứ"},                    // Telex alone still works
        {"Đ ă [sac] k", "Đắk"},               // not a syllable, but its marks were chosen: kept
    };
    for (const Row& r : rows) {
        INFO(r.keys);
        CommentInput input;
        tapDirect(input, r.keys);
        CHECK(input.text() == r.text);
        CHECK(input.comment() == r.text);  // the word break keeps it
    }
}

TEST_CASE("the composing word, NFC and new-style placement with direct keys", "[comment_input][direct]") {
    CommentInput input;
    tapDirect(input, "T h u [hoi]");
    CHECK(input.composing() == "Thủ");     // underlined as a Telex word is
    CHECK(codePoints(input.text()) == 3);  // precomposed ủ
    CHECK(input.text() == "Th\xe1\xbb\xa7");

    CommentInputOptions modern;
    modern.telex.modernToneStyle = true;
    CommentInput m(modern);
    tapDirect(m, "t h u y [hoi] _ h o a [huyen]");
    CHECK(m.text() == "thuỷ hoà");
}

TEST_CASE("a tone key with nothing to put the tone on changes nothing", "[comment_input][direct]") {
    CommentInput input;
    CHECK(input.tap("key:tone:sac") == InputResult::Ignored);  // empty text
    CHECK(input.text().empty());
    tapDirect(input, "t h");
    CHECK(tapDirect(input, "[huyen]") == InputResult::Ignored);  // no vowel
    CHECK(input.text() == "th");
    tapDirect(input, "a _");
    CHECK(tapDirect(input, "[nga]") == InputResult::Ignored);  // the word is finished
    CHECK(input.text() == "tha ");
    tapDirect(input, "t u c");
    CHECK(tapDirect(input, "[huyen]") == InputResult::Ignored);  // c takes only sắc or nặng
    CHECK(tapDirect(input, "[hoi]") == InputResult::Ignored);
    CHECK(input.text() == "tha tuc");
    CHECK(tapDirect(input, "[sac]") == InputResult::Applied);
    CHECK(input.text() == "tha túc");
    CHECK_FALSE(input.limitRefused());
}

TEST_CASE("direct keys in EN mode", "[comment_input][direct]") {
    CommentInputOptions o;
    o.telex.vietnamese = false;
    CommentInput input(o);
    tapDirect(input, "c a f e [sac]");
    CHECK(input.text() == "café");
    CHECK(tapDirect(input, "[sac]") == InputResult::Applied);  // again: removed
    CHECK(input.text() == "cafe");
    tapDirect(input, "_ ă Đ");
    CHECK(input.text() == "cafe ăĐ");                          // letters as they are
    CHECK(tapDirect(input, "[hoi]") == InputResult::Ignored);  // đ is not a vowel
    tapDirect(input, "ư [nga]");
    CHECK(input.text() == "cafe ăĐữ");
    tapDirect(input, "_");
    CHECK(tapDirect(input, "[nang]") == InputResult::Ignored);  // after a space
    CHECK(input.text() == "cafe ăĐữ ");
}

TEST_CASE("direct keys respect the length limit", "[comment_input][direct]") {
    CommentInputOptions o;
    o.maxLength = 3;
    CommentInput input(o);
    tapDirect(input, "c a");
    CHECK(tapDirect(input, "ư") == InputResult::Applied);
    CHECK(tapDirect(input, "ă") == InputResult::Refused);
    CHECK(input.limitRefused());
    CHECK(input.text() == "caư");
    // A tone keeps the length: still accepted at the limit.
    CommentInput at(o);
    tapDirect(at, "t ô i");
    CHECK(tapDirect(at, "[sac]") == InputResult::Applied);
    CHECK(at.text() == "tối");
}

TEST_CASE("quick-comment phrases are appended to the comment", "[comment_input][quick]") {
    CommentInput input;
    CHECK(input.insertPhrase("Cán bộ nhiệt tình") == InputResult::Applied);
    CHECK(input.text() == "Cán bộ nhiệt tình");
    CHECK(input.composing().empty());
    CHECK(input.insertPhrase("Thời gian chờ lâu") == InputResult::Applied);
    CHECK(input.text() == "Cán bộ nhiệt tình, Thời gian chờ lâu");
    CHECK(input.insertPhrase("") == InputResult::Ignored);

    SECTION("after a space nothing is added, after punctuation a space") {
        CommentInput a;
        tapText(a, "toots ");
        a.insertPhrase("Cán bộ nhiệt tình");
        CHECK(a.text() == "tốt Cán bộ nhiệt tình");
        CommentInput b;
        tapText(b, "toots.");
        b.insertPhrase("Cán bộ nhiệt tình");
        CHECK(b.text() == "tốt. Cán bộ nhiệt tình");
    }
    SECTION("the word being typed is finished first") {
        CommentInput a;
        tapText(a, "tiesng");  // not Vietnamese: back to its keys at the word break
        CHECK(a.insertPhrase("Thời gian chờ lâu") == InputResult::Applied);
        CHECK(a.text() == "tiesng, Thời gian chờ lâu");
        CommentInput b;
        tapText(b, "nhanh");
        b.insertPhrase("ok");
        tapText(b, "s");  // a new word, not a tone on "nhanh"
        CHECK(b.text() == "nhanh, oks");
    }
    SECTION("a phrase that would pass the limit is refused and changes nothing") {
        CommentInputOptions o;
        o.maxLength = 20;
        CommentInput a(o);
        CHECK(a.insertPhrase("Cán bộ nhiệt tình") == InputResult::Applied);  // 17
        CHECK(a.insertPhrase("Tốt") == InputResult::Refused);                // 17 + 2 + 3
        CHECK(a.limitRefused());
        CHECK(a.text() == "Cán bộ nhiệt tình");
        CHECK(a.insertPhrase("Ổn") == InputResult::Refused);  // 17 + 2 + 2
        CHECK(a.insertPhrase("Ổ") == InputResult::Applied);   // 17 + 2 + 1 = the limit
        CHECK(a.text() == "Cán bộ nhiệt tình, Ổ");
        CHECK(a.remaining() == 0);
    }
}

TEST_CASE("clear can be undone until another key is applied", "[comment_input][undo]") {
    CommentInput input;
    tapText(input, "xin chaof");
    input.tap("key:shift");
    CHECK_FALSE(input.canUndoClear());
    CHECK(rowIds(input.actions()) == "clear skip done ");
    REQUIRE(input.tap("key:clear") == InputResult::Applied);
    CHECK(input.text().empty());
    CHECK(input.canUndoClear());
    CHECK(rowIds(input.actions()) == "undo skip done ");  // undo in place of clear
    CHECK(input.tap("key:clear") == InputResult::Ignored);

    SECTION("undo brings back the text, the word being typed and the shift") {
        CHECK(input.tap("key:undo") == InputResult::Applied);
        CHECK(input.text() == "xin chào");
        CHECK(input.composing() == "chào");
        CHECK(input.shift() == ShiftState::Once);
        CHECK(input.remaining() == 500 - 8);
        CHECK_FALSE(input.canUndoClear());
        CHECK(rowIds(input.actions()) == "clear skip done ");
        input.tap("key:shift");
        tapText(input, "s");  // Telex goes on with the word: chào -> cháo
        CHECK(input.text() == "xin cháo");
    }
    SECTION("any other key applied forgets it") {
        for (const char* key : {"key:a", "key:bs", "key:space", "key:shift", "key:page", "key:vi_en", "key:ă"}) {
            CommentInput again;
            tapText(again, "xin");
            again.tap("key:clear");
            REQUIRE(again.canUndoClear());
            INFO(key);
            CHECK(again.tap(key) == InputResult::Applied);
            CHECK_FALSE(again.canUndoClear());
            CHECK(again.tap("key:undo") == InputResult::Ignored);
        }
        CHECK(input.insertPhrase("Tốt") == InputResult::Applied);
        CHECK_FALSE(input.canUndoClear());
        CHECK(input.text() == "Tốt");
    }
    SECTION("a refused key does not forget it") {
        CHECK(input.tap("key:tone:sac") == InputResult::Ignored);
        CHECK(input.canUndoClear());
    }
    SECTION("the caller can forget it (after a few seconds)") {
        input.forgetUndoClear();
        CHECK_FALSE(input.canUndoClear());
        CHECK(input.tap("key:undo") == InputResult::Ignored);
        CHECK(input.text().empty());
    }
    SECTION("clearing an empty text offers no undo") {
        CommentInput empty;
        CHECK(empty.tap("key:clear") == InputResult::Applied);
        CHECK_FALSE(empty.canUndoClear());
        CHECK(rowIds(empty.actions()) == "clear skip done ");
    }
}
