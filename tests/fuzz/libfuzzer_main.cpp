// libFuzzer entry point; FUZZ_TARGET names the function in fuzz_targets.h.
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dnsfailover::fuzz::FUZZ_TARGET(std::span<const uint8_t>(data, size));
  return 0;
}
