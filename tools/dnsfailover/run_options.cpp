#include "tools/dnsfailover/run_options.h"

#include <cstdio>

namespace dnsfailover::cli {

const char* runUsage() {
  return "usage: dnsfailover run CONFIG [--site NAME] [--dry-run] [--store FILE] [--trace FILE] [--ca-file PEM]\n"
         "\n"
         "The live daemon: real checks and provider pushes until SIGINT or SIGTERM.\n"
         "  --store FILE    SQLite file holding the state and the event history (default:\n"
         "                  the config's store.path, else dnsfailover.db in the working\n"
         "                  directory); a restart resumes from it\n"
         "  --site NAME     with \"sites\" in CONFIG: the site this process is (one of\n"
         "                  sites.names); it shares its checks through etcd and pushes\n"
         "                  only while it is the elected leader\n"
         "  --trace FILE    also append every event to FILE as JSON lines\n"
         "  --ca-file PEM   trust these CA certificates for HTTPS (checks and providers)\n"
         "  --dry-run       real checks, decisions and propagation queries, but every push\n"
         "                  is logged as \"would push\" and never sent; the status page and\n"
         "                  API say dry run, and the store never learns a provider's record\n"
         "Before starting it checks that every credential the config names can be read\n"
         "and exits 3 naming each one that cannot. SIGHUP reloads CONFIG: a config with\n"
         "errors is refused (the running one stays) and every error is logged by path.\n"
         "Exit status: 0 stopped by a signal, 2 usage, 3 bad config, credential or store.\n";
}

std::optional<RunOptions> parseRunOptions(const Args& args) {
  RunOptions out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      out.help = true;
      return out;
    }
    if (a == "--dry-run") {
      out.dryRun = true;
      continue;
    }
    if (a == "--trace" || a == "--ca-file" || a == "--store" || a == "--site") {
      if (i + 1 >= args.size() || args[i + 1].empty()) {
        std::fprintf(stderr, "dnsfailover run: %s needs a value\n", a.c_str());
        return std::nullopt;
      }
      std::string& target = a == "--trace"     ? out.traceFile
                            : a == "--ca-file" ? out.caFile
                            : a == "--site"    ? out.site
                                               : out.storePath;
      target = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "dnsfailover run: unknown option %s\n%s", a.c_str(), runUsage());
      return std::nullopt;
    } else if (out.config.empty()) {
      out.config = a;
    } else {
      std::fprintf(stderr, "dnsfailover run: more than one config given\n");
      return std::nullopt;
    }
  }
  if (out.config.empty()) {
    std::fputs(runUsage(), stderr);
    return std::nullopt;
  }
  return out;
}

}  // namespace dnsfailover::cli
