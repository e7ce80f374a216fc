#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "common.hpp"
#include "progress.hpp"
#include "zicht/ingest/content_hash.hpp"
#include "zicht/ingest/ingest.hpp"

namespace zicht::app {

void RegisterIngest(CLI::App& app) {
  struct Flags {
    std::string db;
    std::string source;
    std::string mapping;
    std::string key_file;
    std::string vocabulary;
    std::string reject_file;
    bool dry_run = false;
    bool skip_invalid = false;
    bool replace = false;
    double wait = -1;
    std::vector<std::string> files;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "ingest",
      "Load a source's extract (CSV) into the store, validated and pseudonymised.\n\n"
      "Each row is mapped onto the canonical record (docs/data-dictionary.md), checked\n"
      "against every rule, and its identifiers are encoded with the key before anything is\n"
      "written. One invalid row means nothing is written (exit status 65) and the broken\n"
      "rules are listed as file:row:column: rule, never with a cell's content: a column the\n"
      "mapping does not name is named by position (column 3). Past the first 20 lines, a\n"
      "count per rule follows (rows, first row); --reject-file has every line.\n"
      "The same file again writes nothing; another file for years the source already has\n"
      "needs --replace.\n\n"
      "The store is checked first: a file that is not a zicht store is refused (exit\n"
      "status 79), so is a damaged store (80). While another program writes to the store,\n"
      "ingest waits for it (--wait), then gives up (75). Every exit status:\n"
      "docs/data-dictionary.md.\n\n"
      "Example:\n"
      "  zicht ingest --db monitor.db --source police --mapping police.toml police_2019.csv\n"
      "  unzip -p police.zip police_2020.csv | zicht ingest --db monitor.db --source police -");
  command->add_option("--db", flags->db, "The store (made by zicht init)")->required();
  command->add_option("--source", flags->source, "Name of the reporting organisation, e.g. police")
      ->required();
  command
      ->add_option("--mapping", flags->mapping,
                   "Mapping of the source's columns and labels (docs/mapping.md); not needed "
                   "when the header uses the canonical names")
      ->check(CLI::ExistingFile);
  command->add_flag("--dry-run", flags->dry_run, "Check everything, write nothing");
  command->add_flag("--skip-invalid", flags->skip_invalid,
                    "Write the valid rows and record the rejected ones in the ingest log");
  command->add_option(
      "--reject-file", flags->reject_file,
      "Also write every broken rule as CSV (file,row,column,rule), readable by the owner "
      "only (mode 0600); a file already there is replaced");
  command->add_flag("--replace", flags->replace,
                    "Swap out the source's earlier files for the same registration years, in "
                    "one transaction");
  command->add_option("--key-file", flags->key_file,
                      "Pseudonymisation key (default: $ZICHT_KEY_FILE, else the --db path "
                      "with .key)");
  AddWaitOption(*command, flags->wait);
  AddVocabularyOption(*command, flags->vocabulary);
  // "-" is standard input; a FIFO or a process substitution's /dev/fd/N is a file too.
  const CLI::Validator file_or_standard_input(
      [](std::string& argument) {
        return argument == ingest::kStandardInputArgument ? std::string()
                                                          : CLI::ExistingFile(argument);
      },
      "FILE or -");
  command->add_option("files", flags->files, "CSV files to load; - reads standard input")
      ->required()
      ->check(file_or_standard_input);
  command->callback([flags] {
    const Vocabulary& vocabulary = LoadVocabulary(flags->vocabulary);
    const privacy::PseudonymKey key = LoadKey(flags->db, flags->key_file);
    auto store = store::OpenSqliteStore(flags->db, StoreOptions(/*for_writing=*/true, flags->wait));
    if (!store.ok()) Fail(store.status());
    ingest::IngestOptions options;
    options.source = flags->source;
    if (!flags->mapping.empty()) options.mapping = flags->mapping;
    options.dry_run = flags->dry_run;
    options.skip_invalid = flags->skip_invalid;
    options.replace = flags->replace;
    std::vector<std::filesystem::path> files(flags->files.begin(), flags->files.end());

    ProgressLine progress;
    auto summary = ingest::Ingest(
        **store, key, vocabulary, options, files, [&](const ingest::IngestProgress& p) {
          if (p.bytes_total == 0) {  // a pipe: its size is not known in advance
            progress.Update(fmt::format("ingest {}: {} rows", p.file, p.rows));
            return;
          }
          const double share =
              100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total);
          progress.Update(fmt::format("ingest {}: {} rows, {:.0f}%", p.file, p.rows, share));
        });
    progress.Finish();
    if (!summary.ok()) Fail(summary.status());
    for (const std::string& warning : summary->warnings) {
      std::cerr << "zicht: warning: " << warning << "\n";
    }
    std::cerr << ingest::ViolationDigest(summary->violations, kViolationLines);
    if (summary->violations.size() > kViolationLines && flags->reject_file.empty()) {
      std::cerr << "(--reject-file writes every one of them)\n";
    }
    if (!flags->reject_file.empty()) {
      if (Status s = ingest::WriteRejectFile(flags->reject_file, summary->violations); !s.ok()) {
        Fail(s);
      }
    }
    std::cout << summary->BriefReport();
    // With --skip-invalid, rejected rows are expected; a refused file never is.
    const bool any_refused = std::any_of(summary->files.begin(), summary->files.end(),
                                         [](const ingest::FileOutcome& f) { return f.refused; });
    const bool refused = !summary->violations.empty() && (!flags->skip_invalid || any_refused);
    if (refused) {
      std::cerr << fmt::format("zicht: {} rule violation(s); nothing was written\n",
                               summary->violations.size());
      throw CommandExit{65};
    }
  });
}

}  // namespace zicht::app
