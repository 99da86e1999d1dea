// Fuzz targets for the parsers added with the tcp check and the
// notifications: the cat server's TCP door (an HTTP request line read off
// a bare connection), the tcp check's judgement, and the fake webhook
// receiver's request checks.
#include <cstdlib>

#include "engine/monitor/check.h"
#include "engine/notify/signature.h"
#include "fakes/cat_server.h"
#include "fakes/webhook_receiver.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

constexpr const char* kHookSecret = "fuzz-hook-secret";

bool naiveContains(std::string_view text, std::string_view part) {
  for (size_t at = 0; at + part.size() <= text.size(); ++at) {
    if (text.substr(at, part.size()) == part) return true;
  }
  return false;
}

}  // namespace

void tcpDoor(std::span<const uint8_t> data) {
  const std::vector<std::string> f = splitFields(data, 3);
  const std::optional<int> port = parseInt(f[0]);
  fakes::CatServer server({fakes::CatRole::Main, "cat.okerr.com", "116.202.27.149", 20});
  const TimePoint t = *parseIsoUtc("2026-11-02T00:10:00Z");
  const uint16_t p = static_cast<uint16_t>(port.value_or(80));
  const fakes::TcpExchange exchange = server.serveTcp(p, f[2], t, "192.0.2.53");
  if (exchange.listening != (p == 80 || p == 443)) std::abort();
  if (p == 443 && !exchange.reply.empty()) std::abort();
  if (p == 80 && !exchange.reply.empty() && exchange.reply.rfind("HTTP/1.0 ", 0) != 0) std::abort();
  // The tcp check on what came back, against a naive substring search.
  CheckSpec spec;
  spec.kind = CheckSpec::Kind::Tcp;
  spec.expect = f[1];
  TcpProbeResult result;
  result.connected = exchange.listening;
  result.reply = exchange.reply;
  if (!exchange.listening) result.error = "connection refused";
  const CheckOutcome out = evaluateTcpCheck(spec, result);
  const bool expected = exchange.listening && (spec.expect.empty() || naiveContains(exchange.reply, spec.expect));
  if (out.ok != expected || out.ok != out.reason.empty()) std::abort();
}

// METHOD 0x1F PATH 0x1F CONTENT-TYPE 0x1F SIGN 0x1F BODY: SIGN "1" signs
// the body with the receiver's secret, anything else is sent as the header.
void webhookRequest(std::span<const uint8_t> data) {
  const std::vector<std::string> f = splitFields(data, 5);
  fakes::WebhookReceiver receiver({"/hook", std::string(kHookSecret)});
  HttpRequest request;
  request.method = f[0];
  request.url = "https://hooks.example.net" + f[1];
  request.body = f[4];
  request.headers = {{"Content-Type", f[2]}};
  const std::string good = webhookSignature(kHookSecret, request.body);
  request.headers.emplace_back(kSignatureHeader, f[3] == "1" ? good : f[3]);
  const fakes::DoorReply reply = receiver.serve(request, *parseIsoUtc("2026-11-02T00:00:00Z"), "192.0.2.53");
  const int status = reply.response.status;
  if (status < 200 || status > 599) std::abort();
  const bool accepted = status >= 200 && status < 300;
  if (accepted != (receiver.accepted().size() == 1)) std::abort();
  if (receiver.requests().size() != 1) std::abort();
  // Accepted only when signed with the secret, as a POST to its path.
  if (accepted && (request.method != "POST" || (f[3] != "1" && f[3] != good))) std::abort();
  if (reply.response.body.find(kHookSecret) != std::string::npos) std::abort();
}

}  // namespace dnsfailover::fuzz
