#include "zicht/core/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zicht {
namespace {

TEST(Utf8, AcceptsAsciiAndTheEmptyString) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Aaa Bbb, 1900-01-01"));
  EXPECT_TRUE(IsValidUtf8(std::string(1000, 'a')));
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // U+0000 is well-formed
}

TEST(Utf8, AcceptsEachLengthAtItsBounds) {
  EXPECT_TRUE(IsValidUtf8("\x7F"));              // U+007F
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080
  EXPECT_TRUE(IsValidUtf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, last before the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, first after them
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8("Zo\xC3\xAB M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

TEST(Utf8, RejectsOverlongForms) {
  EXPECT_EQ(FirstInvalidUtf8("\xC0\x80"), 0u);          // U+0000 in two bytes
  EXPECT_EQ(FirstInvalidUtf8("\xC1\xBF"), 0u);          // U+007F in two bytes
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x9F\xBF"), 0u);      // U+07FF in three bytes
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x8F\xBF\xBF"), 0u);  // U+FFFF in four bytes
  EXPECT_EQ(FirstInvalidUtf8("ab\xC0\xAF"), 2u);        // the classic overlong '/'
}

TEST(Utf8, RejectsSurrogates) {
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);              // U+D800
  EXPECT_EQ(FirstInvalidUtf8("\xED\xBF\xBF"), 0u);              // U+DFFF
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\xBD\xED\xB8\x80"), 0u);  // CESU-8 pair
}

TEST(Utf8, RejectsCodePointsAboveTheUnicodeRange) {
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(FirstInvalidUtf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(FirstInvalidUtf8("\xF8\x88\x80\x80\x80"), 0u);  // old five-byte form
  EXPECT_EQ(FirstInvalidUtf8("\xFE"), 0u);
  EXPECT_EQ(FirstInvalidUtf8("\xFF"), 0u);
}

TEST(Utf8, RejectsTruncatedSequences) {
  EXPECT_EQ(FirstInvalidUtf8("a\xC3"), 1u);
  EXPECT_EQ(FirstInvalidUtf8("a\xE2\x82"), 1u);
  EXPECT_EQ(FirstInvalidUtf8("a\xF0\x9F\x98"), 1u);
  EXPECT_EQ(FirstInvalidUtf8("\xC3"
                             "a"),
            0u);  // continuation replaced by ASCII
  EXPECT_EQ(FirstInvalidUtf8("\xE2\x82"
                             "a"),
            0u);
  EXPECT_EQ(FirstInvalidUtf8("\xF0\x9F\x98"
                             "a"),
            0u);
}

TEST(Utf8, RejectsStrayContinuationBytes) {
  EXPECT_EQ(FirstInvalidUtf8("\x80"), 0u);
  EXPECT_EQ(FirstInvalidUtf8("abc\xBF"), 3u);
  EXPECT_EQ(FirstInvalidUtf8("\xC3\xAB\xAB"), 2u);  // one continuation too many
}

TEST(Utf8, RejectsLatin1Text) {
  // "Zoë" saved as Latin-1: the ë (0xEB) starts a three-byte form that is not completed.
  EXPECT_EQ(FirstInvalidUtf8("Zo\xEB"), 2u);
  EXPECT_EQ(FirstInvalidUtf8("Zo\xEB and more"), 2u);
}

TEST(Utf8, FindsTheOffsetPastTheAsciiFastPath) {
  // The bad byte sits at every position around the 16-byte blocks.
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(48, 'a');
    text[at] = '\xFF';
    EXPECT_EQ(FirstInvalidUtf8(text), at) << "at " << at;
  }
  // A valid multi-byte character straddling a block boundary, then an error further on.
  std::string text = std::string(15, 'a') + "\xE2\x82\xAC" + std::string(20, 'b') + "\xC3";
  EXPECT_EQ(FirstInvalidUtf8(text), 38u);
  EXPECT_EQ(FirstInvalidUtf8(std::string(64, 'a')), std::nullopt);
}

}  // namespace
}  // namespace zicht
