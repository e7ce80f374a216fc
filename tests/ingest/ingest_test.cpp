// Ingest end to end through the library: all or nothing, idempotent re-ingest, replace,
// skip-invalid, duplicates, the key check, one identifier encoding per store. Identifiers
// are made-up syllables.
#include "zicht/ingest/ingest.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/test_support.hpp"
#include "zicht/ingest/init.hpp"

namespace zicht::ingest {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

constexpr const char* kHeader =
    "source_record_id,registration_date,given_name,family_name,date_of_birth,gender,"
    "nationality,exploitation_form\n";

std::string Row(int id, int year, const char* form = "sexual") {
  return fmt::format("R{},{}-03-0{},Zy{}q,Vax{}ol,199{}-0{}-1{},female,NL,{}\n", id, year,
                     1 + id % 9, id, id, id % 10, 1 + id % 9, id % 10, form);
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InitOptions init;
    init.db = dir_ / "m.db";
    init.key_file = dir_ / "m.key";
    auto created = InitializeStore(init);
    ASSERT_TRUE(created.ok()) << created.status().message();
    auto key = privacy::PseudonymKey::LoadFile(init.key_file);
    ASSERT_TRUE(key.ok());
    key_ = std::make_unique<privacy::PseudonymKey>(*key);
    auto store = store::OpenSqliteStore(init.db);
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
  }

  IngestSummary Run(const std::vector<std::string>& files, IngestOptions options = {}) {
    if (options.source.empty()) options.source = "police";
    std::vector<std::filesystem::path> paths;
    for (const auto& f : files) paths.push_back(dir_ / f);
    auto summary = Ingest(*store_, *key_, Vocabulary::Default(), options, paths);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return summary.ok() ? *summary : IngestSummary{};
  }

  Result<IngestSummary> TryRun(const std::string& file) {
    IngestOptions options;
    options.source = "police";
    return Ingest(*store_, *key_, Vocabulary::Default(), options, {dir_ / file});
  }

  // Swaps the store for one as a zicht from before encodings were recorded made it: the
  // key's fingerprint and the Bloom settings in meta, and `records` records (without
  // identifiers) written as an ingest writes them.
  void UseStoreOfAnEarlierZicht(int records) {
    auto created = store::CreateSqliteStore(dir_ / "earlier.db");
    ASSERT_TRUE(created.ok()) << created.status().message();
    store::Store& store = **created;
    const privacy::BloomOptions bloom;
    ASSERT_TRUE(store.SetMeta(kMetaKeyFingerprint, key_->Fingerprint()).ok());
    ASSERT_TRUE(store.SetMeta(kMetaBloomBits, std::to_string(bloom.bits)).ok());
    ASSERT_TRUE(store.SetMeta(kMetaBloomHashes, std::to_string(bloom.hash_functions)).ok());
    ASSERT_TRUE(store.Begin().ok());
    ASSERT_TRUE(store.UpsertSource("police", "").ok());
    ASSERT_TRUE(store.BeginStaging().ok());
    for (int i = 0; i < records; ++i) {
      Record record;
      record.source = "police";
      record.source_record_id = fmt::format("E{}", i);
      record.registration_date = {2018, 3, 1};
      record.gender = "female";
      record.nationality = "NL";
      record.exploitation_forms = {"sexual"};
      ASSERT_TRUE(store.StageRecord(i + 2, record).ok());
    }
    store::IngestLogEntry entry;
    entry.source = "police";
    entry.file_name = "earlier.csv";
    entry.rows_read = entry.rows_written = records;
    entry.year_min = entry.year_max = 2018;
    ASSERT_TRUE(store.CommitStaged(entry, {}).ok());
    ASSERT_TRUE(store.Commit().ok());
    store_ = std::move(created).value();
  }

  std::int64_t RecordCount() {
    std::int64_t n = 0;
    EXPECT_TRUE(store_
                    ->ForEachRecord([&](const Record&) {
                      ++n;
                      return Status::Ok();
                    })
                    .ok());
    return n;
  }

  TempDir dir_;
  std::unique_ptr<privacy::PseudonymKey> key_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(IngestTest, WritesValidFileAndLogsIt) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019) + Row(2, 2019) + Row(3, 2018));
  auto summary = Run({"a.csv"});
  EXPECT_TRUE(summary.written);
  EXPECT_TRUE(summary.violations.empty());
  EXPECT_EQ(RecordCount(), 3);
  auto log = store_->IngestLog();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].rows_read, 3);
  EXPECT_EQ((*log)[0].year_min, 2018);
  EXPECT_EQ((*log)[0].year_max, 2019);
  EXPECT_EQ((*log)[0].content_sha256.size(), 64u);
}

TEST_F(IngestTest, OneInvalidRowWritesNothing) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019) + Row(2, 2019, "slavery"));
  auto summary = Run({"a.csv"});
  EXPECT_FALSE(summary.written);
  ASSERT_EQ(summary.violations.size(), 1u);
  EXPECT_EQ(summary.violations[0].row, 3);
  EXPECT_EQ(RecordCount(), 0);
  EXPECT_TRUE(store_->IngestLog()->empty());
}

TEST_F(IngestTest, AnInvalidSecondFileKeepsTheFirstFromBeingWritten) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2018));
  WriteFile(dir_ / "b.csv", std::string(kHeader) + Row(2, 2019, "x"));
  EXPECT_FALSE(Run({"a.csv", "b.csv"}).written);
  EXPECT_EQ(RecordCount(), 0);
}

TEST_F(IngestTest, SkipInvalidWritesValidRowsAndLogsRejects) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019) + Row(2, 2019, "x") + Row(3, 2019));
  IngestOptions options;
  options.skip_invalid = true;
  auto summary = Run({"a.csv"}, options);
  EXPECT_TRUE(summary.written);
  EXPECT_EQ(RecordCount(), 2);
  auto log = store_->IngestLog();
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].rows_rejected, 1);
  auto rejects = store_->RejectsOf((*log)[0].ingest_id);
  ASSERT_TRUE(rejects.ok());
  ASSERT_EQ(rejects->size(), 1u);
  EXPECT_EQ((*rejects)[0].row, 3);
  EXPECT_EQ((*rejects)[0].column, "exploitation_form");
}

TEST_F(IngestTest, SameContentAgainWritesNothingTwice) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019));
  EXPECT_TRUE(Run({"a.csv"}).written);
  WriteFile(dir_ / "copy.csv", std::string(kHeader) + Row(1, 2019));  // other name, same bytes
  auto again = Run({"copy.csv"});
  EXPECT_FALSE(again.written);
  ASSERT_EQ(again.files.size(), 1u);
  EXPECT_TRUE(again.files[0].already_loaded);
  EXPECT_TRUE(again.violations.empty());
  EXPECT_EQ(RecordCount(), 1);
  EXPECT_EQ(store_->IngestLog()->size(), 1u);
}

TEST_F(IngestTest, SameContentForAnotherSourceIsItsOwnLoad) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019));
  EXPECT_TRUE(Run({"a.csv"}).written);
  IngestOptions options;
  options.source = "shelter";
  EXPECT_TRUE(Run({"a.csv"}, options).written);
  EXPECT_EQ(RecordCount(), 2);
}

TEST_F(IngestTest, DifferentFileForLoadedYearsNeedsReplace) {
  WriteFile(dir_ / "v1.csv", std::string(kHeader) + Row(1, 2019) + Row(2, 2019));
  WriteFile(dir_ / "v2.csv", std::string(kHeader) + Row(1, 2019) + Row(3, 2019) + Row(4, 2019));
  EXPECT_TRUE(Run({"v1.csv"}).written);
  auto refused = Run({"v2.csv"});
  EXPECT_FALSE(refused.written);
  ASSERT_FALSE(refused.violations.empty());
  EXPECT_NE(refused.violations[0].rule.find("--replace"), std::string::npos);
  EXPECT_EQ(RecordCount(), 2);

  IngestOptions options;
  options.replace = true;
  auto replaced = Run({"v2.csv"}, options);
  EXPECT_TRUE(replaced.written);
  ASSERT_EQ(replaced.files[0].replaced.size(), 1u);
  EXPECT_EQ(replaced.files[0].replaced[0].file_name, "v1.csv");
  EXPECT_EQ(RecordCount(), 3);
  auto log = store_->IngestLog();
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].status, "replaced");
  EXPECT_EQ((*log)[1].status, "loaded");
}

TEST_F(IngestTest, OtherYearsOfTheSameSourceAreAdded) {
  WriteFile(dir_ / "y2018.csv", std::string(kHeader) + Row(1, 2018));
  WriteFile(dir_ / "y2019.csv", std::string(kHeader) + Row(2, 2019));
  EXPECT_TRUE(Run({"y2018.csv"}).written);
  EXPECT_TRUE(Run({"y2019.csv"}).written);
  EXPECT_EQ(RecordCount(), 2);
}

TEST_F(IngestTest, DuplicateIdsWithinAFileAndAgainstTheStoreAreRejected) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019) + Row(1, 2019));
  auto within = Run({"a.csv"});
  EXPECT_FALSE(within.written);
  ASSERT_EQ(within.violations.size(), 1u);
  EXPECT_EQ(within.violations[0].row, 3);
  EXPECT_NE(within.violations[0].rule.find("duplicate source_record_id"), std::string::npos);

  WriteFile(dir_ / "y2018.csv", std::string(kHeader) + Row(5, 2018));
  WriteFile(dir_ / "y2019.csv", std::string(kHeader) + Row(5, 2019));
  EXPECT_TRUE(Run({"y2018.csv"}).written);
  auto across = Run({"y2019.csv"});
  EXPECT_FALSE(across.written);
  ASSERT_EQ(across.violations.size(), 1u);
  EXPECT_NE(across.violations[0].rule.find("already holds it, loaded from y2018.csv"),
            std::string::npos);
}

TEST_F(IngestTest, DryRunWritesNothing) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019));
  IngestOptions options;
  options.dry_run = true;
  auto summary = Run({"a.csv"}, options);
  EXPECT_FALSE(summary.written);
  EXPECT_EQ(summary.files[0].rows_written, 1);
  EXPECT_EQ(RecordCount(), 0);
}

TEST_F(IngestTest, RefusesAKeyThatIsNotTheStores) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019));
  std::array<std::uint8_t, 32> bytes{};
  bytes[0] = 1;
  const auto other = privacy::PseudonymKey::FromBytes(bytes);
  IngestOptions options;
  options.source = "police";
  auto summary = Ingest(*store_, other, Vocabulary::Default(), options, {dir_ / "a.csv"});
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("not the key this store was created with"),
            std::string::npos);
}

// A refusal to mix encodings: the rule, both encodings and the advice, no identifier.
void ExpectEncodingRefusal(const Result<IngestSummary>& summary, const std::string& stored) {
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(summary.status().ExitCode(), 69);
  const std::string& message = summary.status().message();
  EXPECT_NE(message.find(stored), std::string::npos) << message;
  EXPECT_NE(message.find(fmt::format("this zicht encodes with {} (name-variant lexicon {})",
                                     privacy::kEncodingVersion,
                                     privacy::NameVariants::Default().Sha256().substr(0, 16))),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("linkage compare unlike encodings"), std::string::npos) << message;
  EXPECT_NE(message.find("`zicht init --db <new store>`, then `zicht ingest`"), std::string::npos)
      << message;
  for (const char* identifier : {"Zy2q", "Vax2ol", "1992-03-12"}) {
    EXPECT_EQ(message.find(identifier), std::string::npos) << message;
  }
}

TEST_F(IngestTest, RefusesAStoreOfAnotherEncodingVersionAndWritesNothing) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2018));
  WriteFile(dir_ / "b.csv", std::string(kHeader) + Row(2, 2019));
  EXPECT_TRUE(Run({"a.csv"}).written);
  ASSERT_TRUE(store_->SetMeta(kMetaEncodingVersion, "1").ok());
  ExpectEncodingRefusal(TryRun("b.csv"), "records were pseudonymised with identifier encoding 1 (");
  EXPECT_EQ(RecordCount(), 1);
  EXPECT_EQ(store_->IngestLog()->size(), 1u);
}

TEST_F(IngestTest, RefusesAStoreOfAnotherNameVariantLexicon) {
  WriteFile(dir_ / "b.csv", std::string(kHeader) + Row(2, 2019));
  ASSERT_TRUE(store_->SetMeta(kMetaNameVariantsSha256, std::string(64, '0')).ok());
  ExpectEncodingRefusal(TryRun("b.csv"),
                        fmt::format("with identifier encoding {} (name-variant lexicon {})",
                                    privacy::kEncodingVersion, std::string(16, '0')));
  EXPECT_EQ(RecordCount(), 0);
}

TEST_F(IngestTest, RefusesAStoreWithRecordsButNoRecordedEncoding) {
  UseStoreOfAnEarlierZicht(2);
  WriteFile(dir_ / "b.csv", std::string(kHeader) + Row(2, 2019));
  ExpectEncodingRefusal(TryRun("b.csv"),
                        "by a zicht from before stores recorded their identifier encoding");
  EXPECT_EQ(RecordCount(), 2);
  EXPECT_FALSE(store_->GetMeta(kMetaEncodingVersion)->has_value());
}

TEST_F(IngestTest, RecordsTheEncodingInAnEmptyStoreWithoutOneOnTheFirstIngest) {
  UseStoreOfAnEarlierZicht(0);
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019));
  IngestOptions dry_run;
  dry_run.dry_run = true;
  EXPECT_FALSE(Run({"a.csv"}, dry_run).written);
  EXPECT_FALSE(store_->GetMeta(kMetaEncodingVersion)->has_value());  // a dry run writes nothing

  EXPECT_TRUE(Run({"a.csv"}).written);
  EXPECT_EQ(store_->GetMeta(kMetaEncodingVersion).value(),
            std::to_string(privacy::kEncodingVersion));
  EXPECT_EQ(store_->GetMeta(kMetaNameVariantsSha256).value(),
            privacy::NameVariants::Default().Sha256());
  EXPECT_EQ(RecordCount(), 1);
}

TEST_F(IngestTest, StoresEncodingsNotIdentifiers) {
  WriteFile(dir_ / "a.csv", std::string(kHeader) + Row(1, 2019));
  EXPECT_TRUE(Run({"a.csv"}).written);
  ASSERT_TRUE(store_
                  ->ForEachRecord([](const Record& r) {
                    EXPECT_EQ(r.identifiers.given_name_tokens.size(), 1u);
                    EXPECT_TRUE(r.identifiers.date_of_birth.has_value());
                    EXPECT_FALSE(r.identifiers.given_name_bloom.empty());
                    EXPECT_EQ(r.birth_year, 1991);
                    EXPECT_EQ(r.gender, "female");
                    return Status::Ok();
                  })
                  .ok());
}

TEST_F(IngestTest, StoresTheVariantHashesOfTheGivenName) {
  // Two forms of one given name from the built-in variant lexicon (a short form and its full
  // name, no person's data) and a made-up name that is in no group.
  WriteFile(dir_ / "a.csv", std::string(kHeader) +
                                "R1,2019-03-01,Kasia,Vaxol,1991-02-11,female,PL,sexual\n"
                                "R2,2019-03-02,Katarzyna,Vaxol,1991-02-11,female,PL,sexual\n"
                                "R3,2019-03-03,Zyq,Vaxol,1991-02-11,female,PL,sexual\n");
  EXPECT_TRUE(Run({"a.csv"}).written);
  std::vector<Record> records;
  ASSERT_TRUE(store_
                  ->ForEachRecord([&](const Record& r) {
                    records.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_NE(records[0].identifiers.given_name_tokens, records[1].identifiers.given_name_tokens);
  EXPECT_EQ(records[0].identifiers.given_name_variants.size(), 1u);
  EXPECT_EQ(records[0].identifiers.given_name_variants, records[1].identifiers.given_name_variants);
  EXPECT_TRUE(records[2].identifiers.given_name_variants.empty());
}

TEST_F(IngestTest, AConstantGivesAFileWithoutRegistrationDatesItsDate) {
  WriteFile(dir_ / "extract.toml",
            "[columns]\nsource_record_id = \"Nr\"\ngiven_name = \"Naam\"\n"
            "date_of_birth = \"Geboren\"\n[date_formats]\ndate_of_birth = \"%Y%m%d\"\n"
            "[constants]\nregistration_date = \"2020-01-01\"\n");
  WriteFile(dir_ / "extract.csv", "Nr,Naam,Geboren\nE1,Zyq,19900312\nE2,Vaxol,\n");
  IngestOptions options;
  options.mapping = dir_ / "extract.toml";
  auto summary = Run({"extract.csv"}, options);
  EXPECT_TRUE(summary.written);
  EXPECT_TRUE(summary.violations.empty());
  ASSERT_TRUE(store_
                  ->ForEachRecord([](const Record& r) {
                    EXPECT_EQ(r.registration_date, (Date{2020, 1, 1}));
                    if (r.source_record_id == "E1") {
                      EXPECT_EQ(r.age, 29);
                    }
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(RecordCount(), 2);
  auto log = store_->IngestLog();
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].year_min, 2020);
  EXPECT_EQ((*log)[0].year_max, 2020);
}

constexpr const char* kBadDatesOfBirth =
    "Nr,Naam,Geboren\n"
    "E1,Zyq,19900312\n"    // valid
    "E2,Vaxol,19650231\n"  // 31 February
    "E3,Qoop,19650012\n"   // month 00
    "E4,Brix,29990101\n"   // in the future
    "E5,Plon,20200102\n"   // after the registration date
    "E6,Trev,18990101\n"   // older than 100
    "E7,Gnarp,\n";         // not given: not counted as dropped

void WriteDateOfBirthMapping(const std::filesystem::path& path, const char* setting,
                             const char* registration_date = "2020-01-01") {
  WriteFile(path, fmt::format("[file]\n{}\n[columns]\nsource_record_id = \"Nr\"\n"
                              "given_name = \"Naam\"\ndate_of_birth = \"Geboren\"\n"
                              "[date_formats]\ndate_of_birth = \"%Y%m%d\"\n"
                              "[constants]\nregistration_date = \"{}\"\n",
                              setting, registration_date));
}

TEST_F(IngestTest, InvalidDatesOfBirthAreDroppedAndCountedWhenTheMappingSaysMissing) {
  WriteDateOfBirthMapping(dir_ / "extract.toml", "invalid_date_of_birth = \"missing\"");
  WriteFile(dir_ / "extract.csv", kBadDatesOfBirth);
  IngestOptions options;
  options.mapping = dir_ / "extract.toml";
  auto summary = Run({"extract.csv"}, options);
  EXPECT_TRUE(summary.written);
  EXPECT_TRUE(summary.violations.empty());
  ASSERT_EQ(summary.files.size(), 1u);
  EXPECT_EQ(summary.files[0].rows_written, 7);
  EXPECT_EQ(summary.files[0].rows_rejected, 0);
  EXPECT_EQ(summary.files[0].dates_of_birth_dropped, 5);
  EXPECT_EQ(RecordCount(), 7);
  ASSERT_TRUE(store_
                  ->ForEachRecord([](const Record& r) {
                    EXPECT_EQ(r.identifiers.date_of_birth.has_value(), r.source_record_id == "E1")
                        << r.source_record_id;
                    EXPECT_EQ(r.birth_year.has_value(), r.source_record_id == "E1");
                    EXPECT_FALSE(r.identifiers.given_name_tokens.empty());  // still linkable
                    return Status::Ok();
                  })
                  .ok());
  const std::string report = summary.BriefReport();
  EXPECT_NE(report.find("extract.csv: 5 dates of birth dropped as invalid "
                        "(invalid_date_of_birth = \"missing\")"),
            std::string::npos)
      << report;
  for (const char* value : {"19650231", "19650012", "29990101", "1965"}) {
    EXPECT_EQ(report.find(value), std::string::npos) << report;
  }
}

TEST_F(IngestTest, InvalidDatesOfBirthRejectTheirRowsByDefault) {
  WriteDateOfBirthMapping(dir_ / "extract.toml", "invalid_date_of_birth = \"reject\"");
  WriteFile(dir_ / "extract.csv", kBadDatesOfBirth);
  IngestOptions options;
  options.mapping = dir_ / "extract.toml";
  auto summary = Run({"extract.csv"}, options);
  EXPECT_FALSE(summary.written);
  ASSERT_EQ(summary.violations.size(), 5u);
  for (const Violation& v : summary.violations) EXPECT_EQ(v.column, "Geboren");
  EXPECT_EQ(summary.files[0].dates_of_birth_dropped, 0);
  EXPECT_EQ(summary.BriefReport().find("dropped"), std::string::npos);
  EXPECT_EQ(RecordCount(), 0);
}

TEST_F(IngestTest, ADroppedDateOfBirthOnARejectedRowIsNotCounted) {
  WriteDateOfBirthMapping(dir_ / "y2019.toml", "invalid_date_of_birth = \"missing\"", "2019-01-01");
  WriteFile(dir_ / "first.csv", "Nr,Naam,Geboren\nE2,Zyq,19900312\n");
  IngestOptions options;
  options.mapping = dir_ / "y2019.toml";
  EXPECT_TRUE(Run({"first.csv"}, options).written);
  // Registrations of another year: E2 again (already in the store) and E3 twice, each
  // with a bad date of birth.
  WriteDateOfBirthMapping(dir_ / "y2020.toml", "invalid_date_of_birth = \"missing\"");
  WriteFile(dir_ / "second.csv",
            "Nr,Naam,Geboren\nE2,Vaxol,19650231\nE3,Qoop,19650012\nE3,Brix,19650013\n");
  options.mapping = dir_ / "y2020.toml";
  options.skip_invalid = true;
  auto summary = Run({"second.csv"}, options);
  EXPECT_TRUE(summary.written);
  EXPECT_EQ(summary.files[0].rows_written, 1);
  EXPECT_EQ(summary.files[0].rows_rejected, 2);
  EXPECT_EQ(summary.files[0].dates_of_birth_dropped, 1);
  EXPECT_NE(summary.BriefReport().find("second.csv: 1 date of birth dropped as invalid"),
            std::string::npos)
      << summary.BriefReport();
}

TEST_F(IngestTest, ABadConstantStopsTheIngestBeforeAnyRowIsRead) {
  WriteFile(dir_ / "extract.toml",
            "[columns]\nsource_record_id = \"Nr\"\n"
            "[constants]\nregistration_date = \"2020-02-30\"\n");
  WriteFile(dir_ / "extract.csv", "Nr\nE1\nE2\n");
  IngestOptions options;
  options.source = "police";
  options.mapping = dir_ / "extract.toml";
  auto summary = Ingest(*store_, *key_, Vocabulary::Default(), options, {dir_ / "extract.csv"});
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kConfigError);
  EXPECT_EQ(summary.status().message(),
            (dir_ / "extract.toml").string() +
                ": constants.registration_date: registration_date is not a day of the calendar");
  EXPECT_EQ(RecordCount(), 0);
}

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode;
}

TEST(WriteRejectFile, WritesOneQuotedLinePerViolationReadableByTheOwnerOnly) {
  TempDir dir;
  const auto path = dir / "rejects.csv";
  // Even with a umask that would let everyone read a new file.
  const mode_t umask_before = ::umask(0);
  const Status written = WriteRejectFile(
      path, {{"a.csv", 2, "Sector", "is not a value of sector"}, {"a.csv", 0, "", "say \"no\""}});
  ::umask(umask_before);
  ASSERT_TRUE(written.ok()) << written.message();
  EXPECT_EQ(ReadFile(path),
            "file,row,column,rule\n"
            "\"a.csv\",2,\"Sector\",\"is not a value of sector\"\n"
            "\"a.csv\",0,\"\",\"say \"\"no\"\"\"\n");
  EXPECT_TRUE(S_ISREG(ModeOf(path)));
  EXPECT_EQ(ModeOf(path) & 07777, 0600u);
  // Nothing else left beside it.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            1);
}

TEST(WriteRejectFile, ReplacesAFileAlreadyThereWithItsOwn) {
  TempDir dir;
  const auto path = dir / "rejects.csv";
  WriteFile(path, "an older reject file\n");
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  ASSERT_TRUE(WriteRejectFile(path, {{"a.csv", 2, "", "rule"}}).ok());
  EXPECT_EQ(ModeOf(path) & 07777, 0600u);
  EXPECT_EQ(ReadFile(path), "file,row,column,rule\n\"a.csv\",2,\"\",\"rule\"\n");
}

TEST(WriteRejectFile, ReplacesALinkInsteadOfWritingThroughIt) {
  TempDir dir;
  const auto elsewhere = dir / "elsewhere.txt";
  WriteFile(elsewhere, "not zicht's\n");
  ASSERT_EQ(::chmod(elsewhere.c_str(), 0644), 0);
  const auto path = dir / "rejects.csv";
  std::filesystem::create_symlink(elsewhere, path);
  ASSERT_TRUE(WriteRejectFile(path, {{"a.csv", 2, "", "rule"}}).ok());
  EXPECT_EQ(ReadFile(elsewhere), "not zicht's\n");
  EXPECT_EQ(ModeOf(elsewhere) & 07777, 0644u);
  EXPECT_TRUE(S_ISREG(ModeOf(path)));
  EXPECT_EQ(ModeOf(path) & 07777, 0600u);
}

TEST(WriteRejectFile, FailsWithoutLeavingAFileWhenTheFolderIsMissing) {
  TempDir dir;
  const Status written = WriteRejectFile(dir / "no" / "rejects.csv", {{"a.csv", 2, "", "rule"}});
  EXPECT_EQ(written.code(), StatusCode::kIoError);
  EXPECT_NE(written.message().find("cannot write the reject file"), std::string::npos)
      << written.message();
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace zicht::ingest
