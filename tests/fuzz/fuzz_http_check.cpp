#include <cstdlib>

#include "engine/monitor/check.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

// Substring test written out by hand, so the reference shares no code with
// the std::string::find in evaluateCheck.
bool contains(std::string_view text, std::string_view part) {
  if (part.size() > text.size()) return false;
  for (size_t at = 0; at + part.size() <= text.size(); ++at) {
    size_t i = 0;
    while (i < part.size() && text[at + i] == part[i]) ++i;
    if (i == part.size()) return true;
  }
  return false;
}

bool startsWith(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

void httpCheck(std::span<const uint8_t> data) {
  const std::vector<std::string> f = splitFields(data, 5);
  CheckSpec spec;
  spec.url = "https://cat.okerr.com/";
  spec.musthave = f[1];
  spec.mustnothave = f[2];
  if (const auto expect = parseInt(f[3])) {
    spec.kind = CheckSpec::Kind::HttpStatus;
    spec.expectStatus = *expect;
  }
  const HttpResult result = makeResult(f[0], {}, f[4]);
  const CheckOutcome out = evaluateCheck(spec, result);

  if (!result.ok()) {
    if (out.ok || out.reason != result.error) std::abort();
    return;
  }
  const int status = result.response->status;
  const std::string& body = result.response->body;
  if (out.ok != out.reason.empty()) std::abort();
  if (spec.kind == CheckSpec::Kind::HttpStatus) {
    if (out.ok != (status == spec.expectStatus)) std::abort();
    if (!out.ok && !startsWith(out.reason, "Status code: ")) std::abort();
    return;
  }
  const bool hasMust = spec.musthave.empty() || contains(body, spec.musthave);
  const bool hasMustNot = !spec.mustnothave.empty() && contains(body, spec.mustnothave);
  if (out.ok != (status == 200 && hasMust && !hasMustNot)) std::abort();
  // The first failing rule is the one reported.
  if (status != 200) {
    if (!startsWith(out.reason, "Status code: ")) std::abort();
  } else if (!hasMust) {
    if (out.reason != "Content has no substring '" + spec.musthave + "'") std::abort();
  } else if (hasMustNot) {
    if (out.reason != "Content has substring '" + spec.mustnothave + "'") std::abort();
  }
}

}  // namespace dnsfailover::fuzz
