#pragma once
// One check of a server, as a pure function pair: build the request from the
// check's spec, then judge the reply. No I/O here; the Indicator sends the
// request through the HttpClient port.

#include <string>

#include "engine/config/config.h"
#include "engine/ports/http_client.h"
#include "engine/ports/tcp_client.h"

namespace dnsfailover {

struct CheckOutcome {
  bool ok = false;
  std::string reason;  // why it is ERR ("Status code: 503 (not 200)", ...); empty when OK
};

inline constexpr const char* kUserAgent = "dnsfailover/0.1 (+https://github.com/dnsfailover)";

HttpRequest buildCheckRequest(const CheckSpec& spec);

// httpgrep: ERR unless 200, ERR when musthave is missing or mustnothave is
// present. httpstatus: OK when the status equals the expected one.
CheckOutcome evaluateCheck(const CheckSpec& spec, const HttpResult& result);

// tcp: the probe of a tcp check, and its judgement: ERR when the connection
// failed or timed out, or when `expect` is set and the reply lacks it.
TcpProbe buildTcpProbe(const CheckSpec& spec);
CheckOutcome evaluateTcpCheck(const CheckSpec& spec, const TcpProbeResult& result);

}  // namespace dnsfailover
