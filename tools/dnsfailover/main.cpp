#include <cstdio>
#include <string>

#include "tools/dnsfailover/commands.h"
#include "tools/version.h"

namespace {

void usage(FILE* out) {
  std::fputs(
      "usage: dnsfailover <command> [options]\n"
      "\n"
      "commands:\n"
      "  sim SCENARIO [--seed N] [--until DURATION] [--trace FILE] [--report FILE.html] [--quiet]\n"
      "      [--swarm] [--perturb]\n"
      "      replay a scenario on simulated time; prints the timeline and the\n"
      "      expectations, exits 1 when one fails\n"
      "  explore SCENARIO [--seeds N] [--first-seed S] [--jobs J] [--until DURATION]\n"
      "          [--swarm] [--no-perturb] [--shard K/N] [--json OUT.json]\n"
      "      run many seeds in parallel on all cores; lists every failing seed and\n"
      "      the coverage marks the runs hit\n"
      "  merge RESULT.json... [--json OUT.json]\n"
      "      combine the JSON results of the shards of one explore or check sweep\n"
      "  report TRACE.jsonl -o REPORT.html\n"
      "      one self-contained HTML report (timeline, failovers, availability)\n"
      "  validate CONFIG_OR_SCENARIO\n"
      "      check a config or scenario file and report every error by path\n"
      "  run CONFIG [--dry-run] [--store DB] [--trace FILE] [--ca-file PEM]\n"
      "      the live daemon: real checks and provider pushes until SIGINT/SIGTERM;\n"
      "      resumes from its store, reloads the config on SIGHUP\n"
      "  history DB [--scheme S] [--indicator I] [--since TIME|DURATION] [--limit N] [--json]\n"
      "      what the daemon recorded in its store (readable while it runs)\n"
      "  check CONFIG [--runs N] [--seed S] [--set PATH=V1,V2] [--json OUT] [--report F.html] [--shard K/N]\n"
      "      property-test your own config in generated worlds: failover times,\n"
      "      availability, false failovers, provider load, the worst runs\n"
      "  replay TRACE.jsonl|STORE.db --config CONFIG [--was RUN_CONFIG] [--report F.html]\n"
      "      turn a live run's trace into a scenario and replay it with CONFIG\n"
      "  demo [--provider he.net|cloudflare] [--time-scale X] [--base 127.0.0.N]\n"
      "      a whole failover world on loopback (cat servers, fake provider, fake DNS,\n"
      "      the daemon with its status page) until Ctrl-C\n",
      out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return dnsfailover::cli::kExitUsage;
  }
  const std::string command = argv[1];
  const dnsfailover::cli::Args args(argv + 2, argv + argc);
  if (command == "sim") return dnsfailover::cli::simCommand(args);
  if (command == "validate") return dnsfailover::cli::validateCommand(args);
  if (command == "run") return dnsfailover::cli::runCommand(args);
  if (command == "report") return dnsfailover::cli::reportCommand(args);
  if (command == "explore") return dnsfailover::cli::exploreCommand(args);
  if (command == "merge") return dnsfailover::cli::mergeCommand(args);
  if (command == "history") return dnsfailover::cli::historyCommand(args);
  if (command == "demo") return dnsfailover::cli::demoCommand(args);
  if (command == "check") return dnsfailover::cli::checkCommand(args);
  if (command == "replay") return dnsfailover::cli::replayCommand(args);
  if (command == "-h" || command == "--help" || command == "help") {
    usage(stdout);
    return 0;
  }
  if (command == "--version" || command == "version") return dnsfailover::printVersion("dnsfailover");
  std::fprintf(stderr, "dnsfailover: unknown command \"%s\"\n\n", command.c_str());
  usage(stderr);
  return dnsfailover::cli::kExitUsage;
}
