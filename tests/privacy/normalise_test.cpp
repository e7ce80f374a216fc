#include "zicht/privacy/normalise.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zicht::privacy {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NormaliseName, StripsDiacritics) {
  EXPECT_EQ(NormaliseName("Özil"), "ozil");
  EXPECT_EQ(NormaliseName("Özil"), NormaliseName("Ozil"));
  EXPECT_EQ(NormaliseName("Ánh Nguyễn"), "anh nguyen");
  EXPECT_EQ(NormaliseName("Dvořák"), "dvorak");
  EXPECT_EQ(NormaliseName("Şahin Çelik"), "sahin celik");
}

TEST(NormaliseName, TreatsComposedAndDecomposedFormsAlike) {
  EXPECT_EQ(NormaliseName("Jos\u00e9"), NormaliseName("Jose\u0301"));
  EXPECT_EQ(NormaliseName("Jos\u00e9"), "jose");
}

TEST(NormaliseName, FoldsCaseAndCollapsesWhitespace) {
  EXPECT_EQ(NormaliseName("van der Berg"), NormaliseName("Van  der Berg"));
  EXPECT_EQ(NormaliseName("  VAN\tDER\n BERG  "), "van der berg");
}

TEST(NormaliseName, TurnsPunctuationAndSymbolsIntoSpaces) {
  EXPECT_EQ(NormaliseName("O'Brien-Smith"), "o brien smith");
  EXPECT_EQ(NormaliseName("O\u2019Brien\u2013Smith"), "o brien smith");  // curly quote, en dash
  EXPECT_EQ(NormaliseName("  Özil-van der  Berg "), "ozil van der berg");
  EXPECT_EQ(NormaliseName("Anna (Maria)"), "anna maria");
  EXPECT_EQ(NormaliseName("--"), "");
}

TEST(NormaliseName, SpellsLatinLettersWithoutDecompositions) {
  EXPECT_EQ(NormaliseName("Łukasz"), NormaliseName("Lukasz"));
  EXPECT_EQ(NormaliseName("Łukasz Wałęsa"), "lukasz walesa");
  EXPECT_EQ(NormaliseName("Søren Ødegård"), "soren odegard");
  EXPECT_EQ(NormaliseName("Đorđević"), "dordevic");
  EXPECT_EQ(NormaliseName("Ægir Œuvre"), "aegir oeuvre");
  EXPECT_EQ(NormaliseName("Straße"), "strasse");
  EXPECT_EQ(NormaliseName("Yıldız"), "yildiz");
  EXPECT_EQ(NormaliseName("İlkay"), "ilkay");
  EXPECT_EQ(NormaliseName("Þór Guðmundsdóttir"), "thor gudmundsdottir");
}

TEST(NormaliseName, KeepsOtherScriptsAsFoldedUnicode) {
  EXPECT_EQ(NormaliseName("ИВАН Петров"), "иван петров");
  EXPECT_EQ(NormaliseName("Ἀθηνᾶ"), "αθηνα");
  EXPECT_EQ(NormaliseName("王 小明"), "王 小明");
  // Arabic vowel marks are dropped, the letters kept.
  EXPECT_EQ(NormaliseName("مُحَمَّد"), "محمد");
}

TEST(NormaliseName, MapsCompatibilityFormsToTheirPlainLetters) {
  EXPECT_EQ(NormaliseName("\uff2a\uff41\uff4e"), "jan");               // full-width letters
  EXPECT_EQ(NormaliseName("\u0133sselmonde"), "ijsselmonde");          // the ij ligature
  EXPECT_EQ(NormaliseName("Jan\u00a0de\u00a0Vries"), "jan de vries");  // no-break spaces
  EXPECT_EQ(NormaliseName("Ja\u00adnus"), "janus");                    // a soft hyphen is invisible
}

TEST(NormaliseName, GivesEmptyForInvalidUtf8) {
  EXPECT_EQ(NormaliseName("Jan\xff"), "");
  EXPECT_EQ(NormaliseName("\xc3\x28"), "");       // a lead byte without its continuation
  EXPECT_EQ(NormaliseName("\xed\xa0\x80x"), "");  // an encoded surrogate
  EXPECT_EQ(NormaliseName("\xc0\xafx"), "");      // an overlong slash
  EXPECT_EQ(NormaliseName(""), "");
}

TEST(NormaliseName, AsciiTakesAShortcutThatAgreesWithTheUnicodePath) {
  // A leading no-break space sends the text down the Unicode path and normalises to
  // nothing, so both paths must give the same result for every ASCII character.
  for (int c = 0; c < 128; ++c) {
    std::string ascii = "Ab";
    ascii.push_back(static_cast<char>(c));
    ascii += "cD";
    EXPECT_EQ(NormaliseName("\u00a0" + ascii), NormaliseName(ascii)) << "character " << c;
  }
}

TEST(NameTokens, SplitsANormalisedNameOnSpaces) {
  EXPECT_THAT(NameTokens("van der berg"), ElementsAre("van", "der", "berg"));
  EXPECT_THAT(NameTokens("jan"), ElementsAre("jan"));
  EXPECT_THAT(NameTokens(""), IsEmpty());
  EXPECT_THAT(NameTokens(NormaliseName(" Mary-Ann  O'Neil ")),
              ElementsAre("mary", "ann", "o", "neil"));
}

TEST(NameParticles, KnowTheParticlesOfTheRegistersLanguages) {
  for (const char* particle :
       {"van", "de",  "der",   "den", "het", "t",   "ten", "ter", "te",  "op",  "in", "von",
        "vom", "zu",  "zum",   "la",  "le",  "les", "du",  "des", "da",  "das", "do", "dos",
        "di",  "del", "della", "dei", "el",  "al",  "bin", "ben", "ibn", "abu"}) {
    EXPECT_TRUE(IsNameParticle(particle)) << particle;
  }
  for (const char* other : {"berg", "jansen", "vandenberg", "li", "lo", "Van", "", "de "}) {
    EXPECT_FALSE(IsNameParticle(other)) << other;
  }
}

std::vector<std::string> WithoutParticles(const char* name) {
  return WithoutNameParticles(NameTokens(NormaliseName(name)));
}

TEST(NameParticles, AreLeftOutWhenAnotherTokenRemains) {
  EXPECT_THAT(WithoutParticles("van der Berg"), ElementsAre("berg"));
  EXPECT_THAT(WithoutParticles("Van 't Hof"), ElementsAre("hof"));
  EXPECT_THAT(WithoutParticles("Berg, van der"), ElementsAre("berg"));
  EXPECT_THAT(WithoutParticles("de la Cruz y López"), ElementsAre("cruz", "lopez"));
  EXPECT_THAT(WithoutParticles("von und zu Hohenberg"), ElementsAre("hohenberg"));
  EXPECT_THAT(WithoutParticles("El Amrani"), ElementsAre("amrani"));
  EXPECT_THAT(WithoutParticles("Ben Ali"), ElementsAre("ali"));
  EXPECT_THAT(WithoutParticles("Okafor"), ElementsAre("okafor"));
}

TEST(NameParticles, AreKeptWhenTheNameIsNothingElse) {
  EXPECT_THAT(WithoutParticles("De"), ElementsAre("de"));
  EXPECT_THAT(WithoutParticles("van der"), ElementsAre("van", "der"));
  EXPECT_THAT(WithoutParticles("Le"), ElementsAre("le"));  // the Vietnamese family name Lê
  EXPECT_THAT(WithoutParticles(""), IsEmpty());
}

TEST(NormaliseIdNumber, KeepsLettersAndDigitsInUpperCase) {
  EXPECT_EQ(NormaliseIdNumber("12.34.56-AB"), "123456AB");
  EXPECT_EQ(NormaliseIdNumber(" ab 12/34 "), "AB1234");
  EXPECT_EQ(NormaliseIdNumber("\uff11\uff12x"), "12X");  // full-width digits
  EXPECT_EQ(NormaliseIdNumber("--"), "");
  EXPECT_EQ(NormaliseIdNumber("12\xff"), "");
}

TEST(NormalisePhone, KeepsDigitsAndTheInternationalPrefix) {
  EXPECT_EQ(NormalisePhone("+31 6-1234 5678"), "+31612345678");
  EXPECT_EQ(NormalisePhone("06 1234 5678"), "0612345678");
  EXPECT_EQ(NormalisePhone("0031 6 1234 5678"), "+31612345678");
  EXPECT_EQ(NormalisePhone("(+31) 6 12345678"), "+31612345678");
  EXPECT_EQ(NormalisePhone("\uff0b\uff13\uff11 6"), "+316");  // full-width plus and digits
  EXPECT_EQ(NormalisePhone("unknown"), "");
  EXPECT_EQ(NormalisePhone("+"), "");
  EXPECT_EQ(NormalisePhone("06\xff"), "");
}

TEST(NormalisePhone, IgnoresAPlusAfterTheFirstDigit) {
  EXPECT_EQ(NormalisePhone("06+1234"), "061234");
}

TEST(NormaliseEmail, TrimsAndLowerCases) {
  EXPECT_EQ(NormaliseEmail("  Someone.Fake@Example.ORG \n"), "someone.fake@example.org");
  EXPECT_EQ(NormaliseEmail("ÉLAN@EXAMPLE.ORG"), "élan@example.org");
  EXPECT_EQ(NormaliseEmail("E\u0301lan@example.org"), "élan@example.org");  // composed
  EXPECT_EQ(NormaliseEmail("   "), "");
  EXPECT_EQ(NormaliseEmail("a@b\xff"), "");
}

}  // namespace
}  // namespace zicht::privacy
