#include <cstdlib>

#include "engine/providers/he_dyn.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {

void heDynReply(std::span<const uint8_t> data) {
  const std::vector<std::string> f = splitFields(data, 4);
  const std::string key = realisticSecret(f[1]);
  const HttpResult result = makeResult(f[0], f[2], f[3]);
  const PushOutcome out = parseHeDynReply(result, key);

  if (out.message.empty() || !printable(out.message)) std::abort();
  if (out.message.find(key) != std::string::npos) std::abort();  // the DDNS key leaked
  if (out.message.size() > 400) std::abort();                    // redact caps the reply text
  if (!result.ok()) {
    if (out.kind != PushOutcome::Kind::Retryable) std::abort();
    return;
  }
  const int status = result.response->status;
  if (out.ok() && status != 200) std::abort();
  if ((status == 401 || status == 403) && out.kind != PushOutcome::Kind::Permanent) std::abort();
  if (status != 200 && status != 401 && status != 403 && out.kind != PushOutcome::Kind::Retryable) std::abort();
  if (out.retryAfter && (*out.retryAfter != std::chrono::seconds{120} || out.ok())) std::abort();
}

}  // namespace dnsfailover::fuzz
