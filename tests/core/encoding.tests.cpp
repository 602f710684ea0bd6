// Bytes as text (base/encoding.h): hex and base64.
#include "base/encoding.h"

#include <catch2/catch.hpp>

#include <string>

using namespace hailong::core;

TEST_CASE("hex is lower-case when written and read in either case at its exact length", "[encoding]") {
    const unsigned char bytes[] = {0x00, 0x7f, 0xa5, 0xff};
    CHECK(toHex(bytes, sizeof bytes) == "007fa5ff");
    CHECK(fromHex("007fa5ff", 4) == std::optional<std::string>(std::string("\x00\x7f\xa5\xff", 4)));
    CHECK(fromHex("007FA5FF", 4) == fromHex("007fa5ff", 4));
    CHECK_FALSE(fromHex("007fa5f", 4));     // odd
    CHECK_FALSE(fromHex("007fa5ff00", 4));  // longer
    CHECK_FALSE(fromHex("007fa5fg", 4));    // not hex
    CHECK(fromHex("", 0) == std::optional<std::string>(""));
}

TEST_CASE("base64 is RFC 4648 with padding and read strictly", "[encoding]") {
    CHECK(base64Encode("") == "");
    CHECK(base64Encode("f") == "Zg==");
    CHECK(base64Encode("foob") == "Zm9vYg==");
    CHECK(base64Decode("Zm9vYg==") == std::optional<std::string>("foob"));
    CHECK_FALSE(base64Decode("Zm9vYg"));    // padding missing
    CHECK_FALSE(base64Decode("Zm9vYh=="));  // not canonical
    CHECK_FALSE(base64Decode("Zm9v_g=="));  // URL alphabet
    CHECK(base64Decode("Zm9vYmE=") == std::optional<std::string>("fooba"));
    CHECK_FALSE(base64Decode("Zm9vYmF="));  // not canonical
    CHECK_FALSE(base64Decode("Zm9vYmE"));   // padding missing
    CHECK_FALSE(base64Decode("Zm9vYmE=="));
    // Every last character of every length: read if and only if it is what encoding writes.
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t n = 1; n <= 9; ++n) {
        const std::string canonical = base64Encode(std::string(n, '\xA7'));
        const std::size_t at = canonical.find('=') == std::string::npos ? canonical.size() - 1
                                                                        : canonical.find('=') - 1;
        int read = 0;
        for (char c : alphabet) {
            std::string text = canonical;
            text[at] = c;
            const auto decoded = base64Decode(text);
            INFO(text);
            if (decoded) CHECK(base64Encode(*decoded) == text);
            if (text == canonical) CHECK(decoded == std::optional<std::string>(std::string(n, '\xA7')));
            read += decoded.has_value();
        }
        CHECK(read == (n % 3 == 0 ? 64 : n % 3 == 1 ? 4 : 16));  // 6, 2 or 4 bits of the last character used
    }
}
