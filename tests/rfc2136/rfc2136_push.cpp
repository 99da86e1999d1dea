// rfc2136_push: one push through the real RFC 2136 provider (the same
// Rfc2136Provider, AsioDnsClient and wall clock the daemon uses), for the
// live tests against BIND 9 and Knot.
//
//   rfc2136_push --server IP --port N --zone Z --name FQDN --key-name K
//                [--algorithm hmac-sha256] --secret-env VAR --address A
//                [--ttl 120] [--last-seen A[,A...]]
// --address is a comma-separated set; --last-seen turns compare-and-swap on
// with that set as what we last saw.
// Prints "ok|retryable|permanent: message"; exit 0 / 1 / 2 (3 on usage).

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "engine/core/base64.h"
#include "engine/live/asio_scheduler.h"
#include "engine/live/dns_client.h"
#include "engine/live/event_loop.h"
#include "engine/live/system_random.h"
#include "engine/providers/provider_factory.h"
#include "engine/providers/rfc2136.h"

using namespace dnsfailover;

int main(int argc, char** argv) {
  std::map<std::string, std::string> args{{"--port", "53"}, {"--algorithm", "hmac-sha256"}, {"--ttl", "120"}};
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  for (const char* required : {"--server", "--zone", "--name", "--key-name", "--secret-env", "--address"}) {
    if (!args.count(required)) {
      std::fprintf(stderr, "rfc2136_push: %s is required\n", required);
      return 3;
    }
  }
  const char* secret = std::getenv(args["--secret-env"].c_str());
  if (secret == nullptr || !tsigSecretProblem(secret).empty()) {
    std::fprintf(stderr, "rfc2136_push: %s: %s\n", args["--secret-env"].c_str(),
                 secret == nullptr ? "not set" : tsigSecretProblem(secret).c_str());
    return 3;
  }
  auto algorithm = dns::parseTsigAlgorithm(args["--algorithm"]);
  if (!algorithm) {
    std::fprintf(stderr, "rfc2136_push: unknown algorithm %s\n", args["--algorithm"].c_str());
    return 3;
  }
  Rfc2136Settings settings;
  settings.server = args["--server"];
  settings.port = static_cast<uint16_t>(std::stoi(args["--port"]));
  settings.zone = dns::normalizeName(args["--zone"]);
  settings.fqdn = dns::normalizeName(args["--name"]);
  settings.ttl = static_cast<uint32_t>(std::stoul(args["--ttl"]));
  settings.key = {dns::normalizeName(args["--key-name"]), *algorithm, *base64Decode(secret)};
  settings.compareAndSwap = args.count("--last-seen") > 0;
  settings.timeout = std::chrono::seconds{5};

  live::EventLoop loop;
  live::AsioScheduler scheduler(loop);
  live::SystemRandom random;
  live::AsioDnsClient dns(loop.context(), random);
  Rfc2136Provider provider(dns, scheduler, random, settings);
  // --address takes a comma-separated set ("" withdraws the RRset).
  RecordSet records;
  records.type = args["--address"].find(':') == std::string::npos ? RecordType::A : RecordType::AAAA;
  for (size_t start = 0; start < args["--address"].size();) {
    size_t end = args["--address"].find(',', start);
    if (end == std::string::npos) end = args["--address"].size();
    records.addresses.push_back(args["--address"].substr(start, end - start));
    start = end + 1;
  }
  if (settings.compareAndSwap) {
    provider.restoreCachedIds({{std::string("rfc2136.") + recordTypeName(records.type), args["--last-seen"]}});
  }
  std::optional<PushOutcome> outcome;
  provider.setRecords(records, [&](PushOutcome o) { outcome = std::move(o); });
  loop.runUntil([&] { return outcome.has_value(); }, std::chrono::seconds{20});
  if (!outcome) {
    std::printf("retryable: no outcome\n");
    return 1;
  }
  const char* kind = outcome->ok() ? "ok" : outcome->kind == PushOutcome::Kind::Retryable ? "retryable" : "permanent";
  std::printf("%s: %s\n", kind, outcome->message.c_str());
  return outcome->ok() ? 0 : outcome->kind == PushOutcome::Kind::Retryable ? 1 : 2;
}
