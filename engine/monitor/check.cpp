#include "engine/monitor/check.h"

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

}  // namespace dnsfailover
