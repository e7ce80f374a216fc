#include "zicht/ingest/ingest.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "ingest/row_parser.hpp"
#include "zicht/ingest/content_hash.hpp"
#include "zicht/ingest/csv_reader.hpp"
#include "zicht/ingest/mapping.hpp"

namespace zicht::ingest {

namespace {

constexpr std::int64_t kProgressEveryRows = 4096;

// Everything one file's ingest needs to know about the command it is part of.
struct IngestContext {
  store::Store& store;
  privacy::IdentifierEncoder& encoder;
  const Vocabulary& vocabulary;
  const IngestOptions& options;
  const Mapping& mapping;
  const std::string& mapping_sha256;
  const ProgressCallback& progress;
};

std::string Years(int first, int last) {
  return first == last ? fmt::format("{}", first) : fmt::format("{}-{}", first, last);
}

// An encoding as a message names it: its version and the start of its lexicon's digest.
std::string EncodingName(const std::optional<std::string>& version,
                         const std::optional<std::string>& lexicon_sha256) {
  return fmt::format("{} (name-variant lexicon {})", version.value_or("(none)"),
                     lexicon_sha256 ? lexicon_sha256->substr(0, 16) : "(none)");
}

// Reads, validates and stages one file inside the open transaction. Data errors are
// appended to `violations`; the returned Status fails only for what stops the ingest.
Status IngestFile(IngestContext& context, const std::filesystem::path& path,
                  std::vector<Violation>& violations, FileOutcome& outcome) {
  auto opened = HashedInput::Open(path);
  if (!opened.ok()) return opened.status();
  HashedInput& input = **opened;
  const std::string name = input.name();
  outcome.file = name;
  const std::uint64_t bytes_total = input.size().value_or(0);
  CsvOptions csv_options;
  csv_options.delimiter = context.mapping.delimiter;
  CsvReader reader(input.stream(), name, csv_options);
  const size_t file_violations_start = violations.size();

  // The content hash is known once the whole input has been read. A file loaded before for
  // this source is then skipped as a whole: what was staged or found wrong in it is dropped.
  std::string sha256;
  const auto already_loaded = [&]() -> Result<bool> {
    auto hash = input.FinishSha256();
    if (!hash.ok()) return hash.status();
    sha256 = *hash;
    auto loaded = context.store.FindLoadedIngest(context.options.source, sha256);
    if (!loaded.ok()) return loaded.status();
    if (!loaded->has_value()) return false;
    violations.resize(file_violations_start);
    outcome = FileOutcome{};
    outcome.file = name;
    outcome.already_loaded = true;
    outcome.existing_ingest_id = (*loaded)->ingest_id;
    return true;
  };

  std::vector<std::string> fields;
  auto first = reader.Next(fields);
  // A file that cannot be read as a whole is refused, whatever --skip-invalid says.
  const auto refuse = [&](std::int64_t row, std::string rule) {
    violations.push_back({name, row, "", std::move(rule)});
    outcome.refused = true;
    return Status::Ok();
  };
  if (!first.ok()) return refuse(reader.row(), first.status().message());
  if (!*first) return refuse(0, "the file is empty; it needs a header and data rows");
  auto parser = RowParser::Create(fields, context.mapping, context.vocabulary, name, violations);
  if (!parser.ok()) {
    // The same bytes may have been loaded before with another mapping.
    auto loaded = already_loaded();
    if (!loaded.ok()) return loaded.status();
    if (!*loaded) outcome.refused = true;  // the header's violations are recorded
    return Status::Ok();
  }

  ZICHT_RETURN_IF_ERROR(context.store.BeginStaging());
  Record record;
  record.source = context.options.source;
  privacy::ClearIdentifiers clear;
  std::vector<store::Reject> rejects;
  std::vector<std::int64_t> rejected_rows;
  std::vector<std::int64_t> date_of_birth_dropped_rows;  // valid rows, ascending
  int year_min = std::numeric_limits<int>::max();
  int year_max = std::numeric_limits<int>::min();
  while (true) {
    auto next = reader.Next(fields);
    if (!next.ok()) {
      // A broken structure (a quote error) makes every later row uncertain. Invalid UTF-8
      // and NUL bytes would let the reader go on, but they mean the file is not the
      // text export it should be (wrong encoding, a binary file), so the whole file is
      // refused by choice, even with --skip-invalid.
      outcome.rows_read = reader.row() - 1;
      return refuse(reader.row(), next.status().message());
    }
    if (!*next) break;
    const std::int64_t row = reader.row();
    const size_t row_violations_start = violations.size();
    bool date_of_birth_dropped = false;
    bool valid = parser->Parse(row, fields, record, clear, violations, &date_of_birth_dropped);
    if (valid) {
      record.identifiers = context.encoder.Encode(clear);
      if (Status staged = context.store.StageRecord(row, record); !staged.ok()) {
        if (staged.code() != StatusCode::kAlreadyExists) return staged;
        violations.push_back(
            {name, row, parser->ColumnName(Field::kSourceRecordId), staged.message()});
        valid = false;
      }
    }
    if (valid) {
      year_min = std::min(year_min, record.registration_date.year);
      year_max = std::max(year_max, record.registration_date.year);
      ++outcome.rows_written;
      if (date_of_birth_dropped) date_of_birth_dropped_rows.push_back(row);
    } else {
      for (size_t i = row_violations_start; i < violations.size(); ++i) {
        rejects.push_back({row, violations[i].column, violations[i].rule});
      }
      ++outcome.rows_rejected;
    }
    if (context.progress && row % kProgressEveryRows == 0) {
      context.progress({name, reader.bytes_read(), bytes_total, row - 1});
    }
  }
  clear = privacy::ClearIdentifiers{};
  if (auto loaded = already_loaded(); !loaded.ok()) {
    return loaded.status();
  } else if (*loaded) {
    return Status::Ok();  // the staged rows are never committed
  }
  outcome.rows_read = reader.row() - 1;
  if (outcome.rows_read <= 0) return refuse(0, "the file has a header but no data rows");
  if (outcome.rows_written == 0) return refuse(0, "no row of the file is valid");
  outcome.year_min = year_min;
  outcome.year_max = year_max;

  // A different file for registration years the source already has: swap only on request.
  auto overlapping = context.store.OverlappingIngests(context.options.source, year_min, year_max);
  if (!overlapping.ok()) return overlapping.status();
  for (const store::IngestLogEntry& earlier : *overlapping) {
    if (!context.options.replace) {
      outcome.refused = true;
      violations.push_back(
          {name, 0, "",
           fmt::format("source {} already holds registrations of {} from {} (ingest {}), and this "
                       "file covers {}; to swap that file for this one, add --replace",
                       context.options.source, Years(earlier.year_min, earlier.year_max),
                       earlier.file_name, earlier.ingest_id, Years(year_min, year_max))});
      continue;
    }
    ZICHT_RETURN_IF_ERROR(context.store.RetireIngest(earlier.ingest_id));
    outcome.replaced.push_back(earlier);
  }

  auto duplicates = context.store.FindStagedDuplicates(context.options.source);
  if (!duplicates.ok()) return duplicates.status();
  for (const store::DuplicateRow& duplicate : *duplicates) {
    const std::string rule =
        fmt::format("duplicate source_record_id: source {} already holds it, loaded from {}",
                    context.options.source, duplicate.existing_file);
    violations.push_back({name, duplicate.row, parser->ColumnName(Field::kSourceRecordId), rule});
    rejects.push_back({duplicate.row, violations.back().column, rule});
    rejected_rows.push_back(duplicate.row);
  }
  if (!rejected_rows.empty()) {
    ZICHT_RETURN_IF_ERROR(context.store.DropStagedRows(rejected_rows));
    outcome.rows_written -= static_cast<std::int64_t>(rejected_rows.size());
    outcome.rows_rejected += static_cast<std::int64_t>(rejected_rows.size());
    std::vector<std::int64_t> sorted_rejected = rejected_rows;
    std::sort(sorted_rejected.begin(), sorted_rejected.end());
    std::erase_if(date_of_birth_dropped_rows, [&](std::int64_t row) {
      return std::binary_search(sorted_rejected.begin(), sorted_rejected.end(), row);
    });
  }
  outcome.dates_of_birth_dropped = static_cast<std::int64_t>(date_of_birth_dropped_rows.size());
  if (violations.size() > file_violations_start && !context.options.skip_invalid) {
    return Status::Ok();  // nothing of this command will be committed
  }
  std::sort(rejects.begin(), rejects.end(),
            [](const store::Reject& a, const store::Reject& b) { return a.row < b.row; });

  store::IngestLogEntry entry;
  entry.source = context.options.source;
  entry.file_name = path == kStandardInputArgument ? name : path.filename().string();
  entry.content_sha256 = sha256;
  entry.mapping_sha256 = context.mapping_sha256;
  entry.rows_read = outcome.rows_read;
  entry.rows_written = outcome.rows_written;
  entry.rows_rejected = outcome.rows_rejected;
  entry.year_min = year_min;
  entry.year_max = year_max;
  auto ingest_id = context.store.CommitStaged(entry, rejects);
  if (!ingest_id.ok()) return ingest_id.status();
  outcome.ingest_id = *ingest_id;
  if (context.progress) context.progress({name, bytes_total, bytes_total, outcome.rows_read});
  return Status::Ok();
}

}  // namespace

Result<bool> HasDemoKey(store::Store& store) {
  auto kind = store.GetMeta(kMetaKeyKind);
  if (!kind.ok()) return kind.status();
  return kind->has_value() && **kind == kKeyKindDemo;
}

std::string DemoKeyWarning() {
  return "this store was made by zicht demo: its key is derived from the demo's public seed "
         "and is NOT SECRET, so anyone can re-identify what it encodes. Load real records only "
         "into a store made by zicht init, which has a secret key of its own";
}

Status IngestOptions::Validate() const {
  if (source.empty())
    return Status::InvalidArgument("--source is required: the organisation's name");
  for (const char c : source) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
      return Status::InvalidArgument(
          "--source must use letters, digits, '_' and '-' only (e.g. police, care_provider)");
    }
  }
  return Status::Ok();
}

std::string IngestSummary::BriefReport() const {
  std::string report;
  std::int64_t read = 0, written = 0, rejected = 0;
  for (const FileOutcome& file : files) {
    if (file.already_loaded) {
      report += fmt::format("{}: already loaded (ingest {}); nothing written\n", file.file,
                            file.existing_ingest_id);
      continue;
    }
    report += fmt::format("{}: {} rows read, {} valid, {} rejected", file.file, file.rows_read,
                          file.rows_written, file.rows_rejected);
    if (file.year_min != 0)
      report += fmt::format(", registrations {}", Years(file.year_min, file.year_max));
    for (const auto& replaced : file.replaced) {
      report += fmt::format("; replaces {} (ingest {})", replaced.file_name, replaced.ingest_id);
    }
    report += "\n";
    if (file.dates_of_birth_dropped > 0) {
      // A count only: the dropped dates themselves are identifying.
      report += fmt::format("{}: {} {} dropped as invalid (invalid_date_of_birth = \"missing\")\n",
                            file.file, file.dates_of_birth_dropped,
                            file.dates_of_birth_dropped == 1 ? "date of birth" : "dates of birth");
    }
    read += file.rows_read;
    written += file.rows_written;
    rejected += file.rows_rejected;
  }
  const bool all_loaded_before =
      !files.empty() && std::all_of(files.begin(), files.end(),
                                    [](const FileOutcome& f) { return f.already_loaded; });
  if (all_loaded_before) {
    report += "nothing to do: the store already holds these files\n";
  } else if (dry_run) {
    report += fmt::format("dry run: {} rows checked, {} valid, {} rejected; nothing written\n",
                          read, written, rejected);
  } else if (written) {
    report += fmt::format(
        "written: {} records from {} rows ({} rejected)\n",
        [&] {
          std::int64_t n = 0;
          for (const auto& f : files) n += f.ingest_id != 0 ? f.rows_written : 0;
          return n;
        }(),
        read, rejected);
  } else {
    report += fmt::format("nothing written ({} rows read, {} rule violations)\n", read,
                          violations.size());
  }
  return report;
}

Result<IngestSummary> Ingest(store::Store& store, const privacy::PseudonymKey& key,
                             const Vocabulary& vocabulary, const IngestOptions& options,
                             const std::vector<std::filesystem::path>& files,
                             const ProgressCallback& progress) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  if (files.empty()) return Status::InvalidArgument("no files to ingest");
  if (std::count(files.begin(), files.end(), std::filesystem::path(kStandardInputArgument)) > 1) {
    return Status::InvalidArgument("standard input (-) can be read only once");
  }
  ZICHT_RETURN_IF_ERROR(CheckKeyMatchesStore(store, key));
  auto bloom = StoredBloomOptions(store);
  if (!bloom.ok()) return bloom.status();

  Mapping mapping;
  std::string mapping_sha256;
  if (options.mapping) {
    auto loaded = LoadMapping(options.mapping->string(), vocabulary);
    if (!loaded.ok()) return loaded.status();
    mapping = std::move(loaded).value();
    auto hash = Sha256OfFile(*options.mapping);
    if (!hash.ok()) return hash.status();
    mapping_sha256 = *hash;
  } else {
    mapping.origin = "(canonical header)";
  }

  privacy::IdentifierEncoder encoder(key, *bloom);
  IngestSummary summary;
  summary.dry_run = options.dry_run;
  auto demo_key = HasDemoKey(store);
  if (!demo_key.ok()) return demo_key.status();
  if (*demo_key) summary.warnings.push_back(DemoKeyWarning());
  IngestContext context{store, encoder, vocabulary, options, mapping, mapping_sha256, progress};

  ZICHT_RETURN_IF_ERROR(store.Begin());
  // Whatever goes wrong below, the transaction must not stay open.
  const auto fail = [&](Status status) -> Result<IngestSummary> {
    (void)store.Rollback();
    return status;
  };
  // Inside the transaction, so that no other ingest adds records between check and commit.
  if (Status s = CheckEncodingMatchesStore(store); !s.ok()) return fail(s);
  if (Status s = store.UpsertSource(options.source, mapping.source_kind); !s.ok()) return fail(s);
  bool file_level_failure = false;
  for (const auto& path : files) {
    FileOutcome outcome;
    if (Status s = IngestFile(context, path, summary.violations, outcome); !s.ok()) return fail(s);
    file_level_failure = file_level_failure || outcome.refused;
    summary.files.push_back(std::move(outcome));
  }

  const bool any_new = std::any_of(summary.files.begin(), summary.files.end(),
                                   [](const FileOutcome& f) { return f.ingest_id != 0; });
  const bool refuse = file_level_failure || (!summary.violations.empty() && !options.skip_invalid);
  if (refuse || options.dry_run || !any_new) {
    if (Status s = store.Rollback(); !s.ok()) return s;
    if (refuse) {
      for (FileOutcome& file : summary.files) file.ingest_id = 0;
    }
    summary.written = false;
    return summary;
  }
  if (Status s = store.Commit(); !s.ok()) return fail(s);
  summary.written = true;
  return summary;
}

Status WriteRejectFile(const std::filesystem::path& path,
                       const std::vector<Violation>& violations) {
  // The file says which rows of an extract of personal data broke which rule: readable by
  // the owner only. It is written under a name of its own (mkstemp: created 0600, never an
  // existing file) and then renamed over `path`, so that a file already there (of another
  // mode or owner, or a link to elsewhere) is replaced, never written through.
  std::string temporary = path.string() + ".XXXXXX";
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    return Status::IoError(
        fmt::format("{}: cannot write the reject file: {}", path.string(), std::strerror(errno)));
  }
  const auto abandon = [&](const std::string& what) {
    const std::string reason = std::strerror(errno);
    ::close(fd);
    ::unlink(temporary.c_str());
    return Status::IoError(fmt::format("{}: {}: {}", path.string(), what, reason));
  };
  if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) return abandon("cannot restrict the reject file");
  const auto quote = [](const std::string& text) {
    std::string quoted = "\"";
    for (const char c : text) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    return quoted + "\"";
  };
  std::string buffer = "file,row,column,rule\n";
  const auto flush = [&]() {
    size_t written = 0;
    while (written < buffer.size()) {
      const ssize_t n = ::write(fd, buffer.data() + written, buffer.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      written += static_cast<size_t>(n);
    }
    buffer.clear();
    return true;
  };
  constexpr size_t kFlushBytes = 1 << 16;
  for (const Violation& v : violations) {
    buffer += quote(v.file) + ',' + std::to_string(v.row) + ',' + quote(v.column) + ',' +
              quote(v.rule) + '\n';
    if (buffer.size() >= kFlushBytes && !flush()) return abandon("write error");
  }
  if (!flush()) return abandon("write error");
  if (::close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return Status::IoError(fmt::format("{}: write error: {}", path.string(), reason));
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temporary.c_str());
    return Status::IoError(
        fmt::format("{}: cannot write the reject file: {}", path.string(), reason));
  }
  return Status::Ok();
}

Result<privacy::BloomOptions> StoredBloomOptions(store::Store& store) {
  privacy::BloomOptions options;
  auto bits = store.GetMeta(kMetaBloomBits);
  auto hashes = store.GetMeta(kMetaBloomHashes);
  if (!bits.ok()) return bits.status();
  if (!hashes.ok()) return hashes.status();
  if (!bits->has_value() || !hashes->has_value()) {
    return Status::FailedPrecondition(
        "the store has no Bloom-filter settings; was it made by zicht init?");
  }
  options.bits = std::stoi(**bits);
  options.hash_functions = std::stoi(**hashes);
  ZICHT_RETURN_IF_ERROR(options.Validate());
  return options;
}

Status CheckKeyMatchesStore(store::Store& store, const privacy::PseudonymKey& key) {
  auto stored = store.GetMeta(kMetaKeyFingerprint);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return Status::FailedPrecondition(
        "the store records no key fingerprint; was it made by zicht init?");
  }
  if (**stored != key.Fingerprint()) {
    return Status::FailedPrecondition(
        "the key file is not the key this store was created with; records encoded with "
        "another key could never be linked (give the right one with --key-file or ZICHT_KEY_FILE)");
  }
  return Status::Ok();
}

Status RecordEncoding(store::Store& store) {
  ZICHT_RETURN_IF_ERROR(
      store.SetMeta(kMetaEncodingVersion, std::to_string(privacy::kEncodingVersion)));
  return store.SetMeta(kMetaNameVariantsSha256, privacy::NameVariants::Default().Sha256());
}

Status CheckEncodingMatchesStore(store::Store& store) {
  auto version = store.GetMeta(kMetaEncodingVersion);
  if (!version.ok()) return version.status();
  auto lexicon = store.GetMeta(kMetaNameVariantsSha256);
  if (!lexicon.ok()) return lexicon.status();
  const std::string own_version = std::to_string(privacy::kEncodingVersion);
  const std::string own_lexicon = privacy::NameVariants::Default().Sha256();
  if (*version == own_version && *lexicon == own_lexicon) return Status::Ok();

  std::string stored;
  if (!version->has_value() && !lexicon->has_value()) {
    auto records = store.RecordCount();
    if (!records.ok()) return records.status();
    if (*records == 0) return RecordEncoding(store);
    stored =
        "the store's records were pseudonymised by a zicht from before stores recorded "
        "their identifier encoding";
  } else {
    stored = "the store's records were pseudonymised with identifier encoding " +
             EncodingName(*version, *lexicon);
  }
  // The clear identifiers are not kept, so the stored records cannot be encoded again; only
  // a new store from the extracts gives one encoding throughout.
  return Status::FailedPrecondition(fmt::format(
      "{}, and this zicht encodes with {}; adding records would make linkage compare unlike "
      "encodings (the same name would no longer agree with itself), so nothing was written. "
      "Build a new store from the source extracts with this version: `zicht init --db <new "
      "store>`, then `zicht ingest` each source's files into it (docs/privacy.md, \"One "
      "encoding per store\")",
      stored, EncodingName(own_version, own_lexicon)));
}

}  // namespace zicht::ingest
