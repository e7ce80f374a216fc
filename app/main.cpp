// zicht: makes hidden victims of human trafficking visible. This program only parses
// flags and calls the library; see src/README.md for where the work is done.
#include <iostream>
#include <string>

#include "commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{
      "zicht: links extracts of presumed victims of human trafficking from every reporting\n"
      "organisation into persons, publishes the victim monitor with disclosure control, and\n"
      "estimates how many victims nobody registered.\n\n"
      "Example:\n  zicht init --db monitor.db && zicht ingest --db monitor.db --source police "
      "police.csv",
      "zicht"};
  app.set_version_flag("--version", std::string("zicht ") + ZICHT_VERSION);
  app.require_subcommand(1);
  zicht::app::RegisterInit(app);
  zicht::app::RegisterIngest(app);
  zicht::app::RegisterStatus(app);
  zicht::app::RegisterSimulate(app);
  zicht::app::RegisterDemo(app);
  zicht::app::RegisterEstimate(app);
  zicht::app::RegisterLink(app);
  zicht::app::RegisterReview(app);
  zicht::app::RegisterMonitor(app);
  zicht::app::RegisterReport(app);
  zicht::app::RegisterRun(app);
  // A command's description is one paragraph for the list in `zicht --help`; whatever
  // follows the first blank line (details, the example) shows in `zicht <command> --help`.
  for (CLI::App* command : app.get_subcommands({})) {
    const std::string text = command->get_description();
    const auto cut = text.find("\n\n");
    if (cut == std::string::npos) continue;
    command->description(text.substr(0, cut));
    command->footer(text.substr(cut + 2));
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version end well; every other parse error is a wrong use of the
    // command line, EX_USAGE (64) as the docs promise, not CLI11's own numbers.
    return app.exit(error) == 0 ? 0 : 64;
  } catch (const zicht::app::CommandExit& exit) {
    return exit.code;
  }
  return 0;
}
