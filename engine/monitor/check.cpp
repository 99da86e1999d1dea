#include "engine/monitor/check.h"

#include <algorithm>

namespace dnsfailover {

HttpRequest buildCheckRequest(const CheckSpec& spec) {
  HttpRequest request;
  request.method = "GET";
  request.url = spec.url;
  request.headers = {{"User-Agent", kUserAgent}, {"Accept", "*/*"}};
  request.connectTo = spec.connectTo;
  request.verifyTls = !spec.sslNoVerify;
  request.timeout = spec.timeout;
  request.maxBodyBytes = spec.maxBodyBytes;
  return request;
}

CheckOutcome evaluateCheck(const CheckSpec& spec, const HttpResult& result) {
  if (!result.ok()) return {false, result.error};
  const HttpResponse& response = *result.response;
  if (spec.kind == CheckSpec::Kind::HttpStatus) {
    if (response.status == spec.expectStatus) return {true, {}};
    return {false, "Status code: " + std::to_string(response.status) + " (not " +
                       std::to_string(spec.expectStatus) + ")"};
  }
  if (response.status != 200) {
    return {false, "Status code: " + std::to_string(response.status) + " (not 200)"};
  }
  if (!spec.musthave.empty() && response.body.find(spec.musthave) == std::string::npos) {
    return {false, "Content has no substring '" + spec.musthave + "'"};
  }
  if (!spec.mustnothave.empty() && response.body.find(spec.mustnothave) != std::string::npos) {
    return {false, "Content has substring '" + spec.mustnothave + "'"};
  }
  return {true, {}};
}

TcpProbe buildTcpProbe(const CheckSpec& spec) {
  TcpProbe probe;
  probe.address = spec.address;
  probe.port = spec.port;
  probe.send = spec.send;
  probe.expect = spec.expect;
  probe.timeout = spec.timeout;
  probe.maxReplyBytes = std::min<size_t>(spec.maxBodyBytes, 64 * 1024);
  return probe;
}

CheckOutcome evaluateTcpCheck(const CheckSpec& spec, const TcpProbeResult& result) {
  if (!result.connected) return {false, result.error.empty() ? "not connected" : result.error};
  if (spec.expect.empty()) return {true, {}};
  if (result.reply.find(spec.expect) != std::string::npos) return {true, {}};
  std::string reason = "Reply has no substring '" + spec.expect + "'";
  if (!result.error.empty()) reason += " (" + result.error + ")";
  return {false, reason};
}

}  // namespace dnsfailover
