// Each subcommand of `zicht` registers itself on the CLI11 app from a file of its own.
// A command's callback throws CommandExit with the exit status it wants; main prints
// nothing more.
#pragma once

#include <CLI/CLI.hpp>

namespace zicht::app {

struct CommandExit {
  int code;
};

void RegisterInit(CLI::App& app);
void RegisterIngest(CLI::App& app);
void RegisterStatus(CLI::App& app);
void RegisterSimulate(CLI::App& app);
void RegisterDemo(CLI::App& app);
void RegisterEstimate(CLI::App& app);
void RegisterLink(CLI::App& app);
void RegisterReview(CLI::App& app);
void RegisterMonitor(CLI::App& app);
void RegisterReport(CLI::App& app);
void RegisterRun(CLI::App& app);

}  // namespace zicht::app
