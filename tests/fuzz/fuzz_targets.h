#pragma once
// The two fuzz targets as plain functions, so that the same code runs under
// libFuzzer (clang) and under the gtest replay driver (g++, every test run).
// Each aborts on a broken invariant; ASan/UBSan catch memory errors.

#include <cstdint>
#include <span>

namespace dnsfailover::fuzz {

// The live client's decoder on arbitrary bytes: a message or an error.
void replyDecode(std::span<const uint8_t> data);

// The fake authoritative server's bytes-in/bytes-out door on arbitrary
// bytes; the first byte picks UDP or TCP. Any reply must decode, and a
// UDP reply must fit the client's size.
void authQuery(std::span<const uint8_t> data);

}  // namespace dnsfailover::fuzz
