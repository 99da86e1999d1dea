#pragma once
// The fuzz targets as plain functions, so that the same code runs under
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

// Provider replies, checks and configs (inputs laid out as fuzz_input.h
// says). HE dyn DNS: parseHeDynReply; the secret never reaches the message.
void heDynReply(std::span<const uint8_t> data);

// Cloudflare: parseCloudflareReply and parseRetryAfterSeconds; verdict,
// Retry-After and paging invariants, no secret in the detail.
void cloudflareReply(std::span<const uint8_t> data);

// httpgrep/httpstatus: evaluateCheck agrees with a naive reference.
// STATUS 0x1F MUSTHAVE 0x1F MUSTNOTHAVE 0x1F EXPECT 0x1F BODY; an EXPECT
// that is a number makes an httpstatus check.
void httpCheck(std::span<const uint8_t> data);

// The cat server's TCP door and the tcp check: PORT 0x1F EXPECT 0x1F
// RECEIVED. Listening exactly on 80 and 443, HTTP/1.0 replies on 80, and
// the judgement agrees with a naive substring search.
void tcpDoor(std::span<const uint8_t> data);
// The fake webhook receiver: METHOD 0x1F PATH 0x1F CONTENT-TYPE 0x1F SIGN
// 0x1F BODY. A delivery is accepted only as a signed POST to its path.
void webhookRequest(std::span<const uint8_t> data);

// The engine config loader and the scenario loader on arbitrary bytes:
// never a crash or an exception, errors only as ConfigError lists.
void engineConfig(std::span<const uint8_t> data);
void scenarioLoad(std::span<const uint8_t> data);

// The status server's request router (engine/status/control.h) on
// arbitrary requests: METHOD 0x1F TARGET 0x1F HEADERS 0x1F BODY. Statuses
// in range, JSON errors naming their status, no control without the token.
void statusRequest(std::span<const uint8_t> data);
// check and replay (tests/fuzz/fuzz_check_inputs.cpp): `--set PATH=V1,V2`
// text, a check JSON document, a JSON-lines trace turned into a scenario.
void setOption(std::span<const uint8_t> data);
void checkDocument(std::span<const uint8_t> data);
void traceReplay(std::span<const uint8_t> data);

// The explore result reader (what `dnsfailover merge` reads) on arbitrary
// bytes: errors by path or a result that writes back the same; a shard is
// never merged twice.
void exploreResult(std::span<const uint8_t> data);

// RFC 2136: the provider's reply judge on arbitrary bytes (never Ok unless
// the reply verifies with our key; no secret in the message), and the fake
// primary's UPDATE handling (first byte odd: the rest is signed with the
// server's key first): replies parse, answer the request's id, and the
// store changes only on NOERROR, never outside a zone, never the apex NS.
void updateReply(std::span<const uint8_t> data);
void updateServe(std::span<const uint8_t> data);

// etcd's v3 JSON gateway: the client's reply decoders on KIND STATUS BODY
// (first byte the decoder, second the HTTP status): a value only from a
// 200, errors typed, a range read back through the fake's encoder decodes
// the same. And the fake's gateway on requests split at 0x1e (first byte of
// each the path): JSON answers with etcd's error body, revisions never back.
void etcdReply(std::span<const uint8_t> data);
void etcdGateway(std::span<const uint8_t> data);
// A site's report read back from etcd (key line, then the JSON value):
// a known status and a plain site name, or nothing; written reports round-trip.
void siteReport(std::span<const uint8_t> data);

}  // namespace dnsfailover::fuzz
