// Numbers and codes as words (core/speech/spoken_numbers.h): espeak-ng never sees digits.
#include "speech/spoken_numbers.h"

#include <catch2/catch.hpp>

using namespace hailong::core;

TEST_CASE("numbers are said in Vietnamese words as people say them", "[speech][numbers]") {
    const auto vi = [](long long n) { return numberWords(n, Language::Vi); };
    CHECK(vi(0) == "không");
    CHECK(vi(5) == "năm");
    CHECK(vi(10) == "mười");
    CHECK(vi(11) == "mười một");
    CHECK(vi(15) == "mười lăm");
    CHECK(vi(20) == "hai mươi");
    CHECK(vi(21) == "hai mươi mốt");
    CHECK(vi(24) == "hai mươi tư");
    CHECK(vi(25) == "hai mươi lăm");
    CHECK(vi(100) == "một trăm");
    CHECK(vi(105) == "một trăm linh năm");
    CHECK(vi(110) == "một trăm mười");
    CHECK(vi(1000) == "một nghìn");
    CHECK(vi(1005) == "một nghìn không trăm linh năm");
    CHECK(vi(2024) == "hai nghìn không trăm hai mươi tư");
    CHECK(vi(12'345) == "mười hai nghìn ba trăm bốn mươi lăm");
    CHECK(vi(1'000'001) == "một triệu không trăm linh một");
    CHECK(vi(3'321'000) == "ba triệu ba trăm hai mươi mốt nghìn");
    CHECK(vi(2'000'000'000) == "hai tỷ");
    CHECK(vi(-3) == "âm ba");
}

TEST_CASE("numbers are said in English words", "[speech][numbers]") {
    const auto en = [](long long n) { return numberWords(n, Language::En); };
    CHECK(en(0) == "zero");
    CHECK(en(13) == "thirteen");
    CHECK(en(42) == "forty-two");
    CHECK(en(105) == "one hundred five");
    CHECK(en(2024) == "two thousand twenty-four");
    CHECK(en(1'000'000) == "one million");
}

TEST_CASE("a number too long for words is read digit by digit", "[speech][numbers]") {
    CHECK(numberWords(1'000'000'000'000'000, Language::En) ==
          "one zero zero zero zero zero zero zero zero zero zero zero zero zero zero zero");
}

TEST_CASE("long codes are read sign by sign, never as a number", "[speech][numbers]") {
    // A dossier code from a receipt: letters by their Vietnamese names, digits one by one.
    CHECK(spelledCode("H26.12-0001", Language::Vi) ==
          "hát, hai, sáu, chấm, một, hai, gạch ngang, không, không, không, một");
    CHECK(spelledCode("H26.12-0001", Language::En) == "H, two, six, dot, one, two, dash, zero, zero, zero, one");
    CHECK(spelledCode("000.00.12.H29-241207-0123", Language::Vi).find("một trăm") == std::string::npos);
    CHECK(spelledCode("ab/c_d", Language::Vi) == "a, bê, gạch chéo, xê, gạch dưới, dê");
}

TEST_CASE("free text keeps its words and says its numbers", "[speech][numbers]") {
    CHECK(speakableText("Công an phường 12", Language::Vi) == "Công an phường mười hai");
    CHECK(speakableText("Quầy 02", Language::Vi) == "Quầy không hai");
    CHECK(speakableText("Counter 3 of 10", Language::En) == "Counter three of ten");
    CHECK(speakableText("ID 0123456789012", Language::En).find("hundred") == std::string::npos);
    CHECK(speakableText("Không có số", Language::Vi) == "Không có số");
}
