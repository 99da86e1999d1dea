#include <cstdlib>

#include "engine/live/dns_wire.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {

void replyDecode(std::span<const uint8_t> data) {
  const live::DecodedMessage decoded = live::decodeMessage(data);
  if (!decoded.message) {
    if (decoded.error.empty()) std::abort();  // an error must say why
    return;
  }
  // What the propagation watcher does with a reply.
  const dns::Message& m = *decoded.message;
  for (const dns::Question& q : m.questions) (void)dns::answerValues(m, q.name, q.type);
  // Whatever decodes must either re-encode and decode to the same message,
  // or be refused by the encoder; never half-written.
  if (auto again = live::encodeMessage(m)) {
    const live::DecodedMessage round = live::decodeMessage(*again);
    if (!round.message) std::abort();
  }
}

}  // namespace dnsfailover::fuzz
