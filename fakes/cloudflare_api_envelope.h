#pragma once
// The Cloudflare v4 response envelope for the fake, as text:
//   {"result":...,"success":true,"errors":[],"messages":[],"result_info":{...}}
//   {"success":false,"errors":[{"code":..,"message":..,"error_chain":[..]}],"messages":[],"result":null}

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/time.h"
#include "fakes/cloudflare_api.h"

namespace dnsfailover::fakes::cf {

struct Error {
  int code = 0;
  std::string message;
  std::vector<Error> chain;
};

CloudflareApi::Reply failure(int status, const std::vector<Error>& errors);
// `resultJson` is already JSON (an object, array or null).
CloudflareApi::Reply success(const std::string& resultJson, const std::string& resultInfoJson = {});
std::string resultInfo(int page, int perPage, int count, int totalCount);

// RFC 3339 with microseconds, as Cloudflare writes them.
std::string timestamp(TimePoint t);
// 32 lowercase hex characters: the shape of every Cloudflare id.
bool isId(std::string_view text);
// Appends " (<credential>)" to every error message of a failure body: the
// echo fault knob, to prove clients redact what servers send back.
std::string echoInto(const std::string& body, const std::string& credential);

// Frequent errors, with the codes and texts Cloudflare answers with.
std::vector<Error> noRoute(const std::string& path);   // 7003 + 7000
std::vector<Error> recordMissing();                    // 81044

}  // namespace dnsfailover::fakes::cf
