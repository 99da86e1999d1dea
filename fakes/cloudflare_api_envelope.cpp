#include "fakes/cloudflare_api_envelope.h"

#include <nlohmann/json.hpp>

namespace dnsfailover::fakes::cf {
namespace {

using ojson = nlohmann::ordered_json;

ojson errorJson(const Error& e) {
  ojson j;
  j["code"] = e.code;
  j["message"] = e.message;
  if (!e.chain.empty()) {
    ojson chain = ojson::array();
    for (const Error& c : e.chain) chain.push_back(errorJson(c));
    j["error_chain"] = chain;
  }
  return j;
}

}  // namespace

CloudflareApi::Reply failure(int status, const std::vector<Error>& errors) {
  ojson body;
  body["success"] = false;
  body["errors"] = ojson::array();
  for (const Error& e : errors) body["errors"].push_back(errorJson(e));
  body["messages"] = ojson::array();
  body["result"] = nullptr;
  return {status, body.dump()};
}

CloudflareApi::Reply success(const std::string& resultJson, const std::string& resultInfoJson) {
  std::string body = "{\"result\":" + resultJson + ",\"success\":true,\"errors\":[],\"messages\":[]";
  if (!resultInfoJson.empty()) body += ",\"result_info\":" + resultInfoJson;
  body += "}";
  return {200, body};
}

std::string resultInfo(int page, int perPage, int count, int totalCount) {
  const int totalPages = perPage > 0 ? (totalCount + perPage - 1) / perPage : 1;
  ojson info;
  info["page"] = page;
  info["per_page"] = perPage;
  info["count"] = count;
  info["total_count"] = totalCount;
  info["total_pages"] = std::max(totalPages, 1);
  return info.dump();
}

std::string timestamp(TimePoint t) {
  std::string text = formatIsoUtc(t);  // ...:07.012Z
  if (!text.empty() && text.back() == 'Z') text.insert(text.size() - 1, "000");
  return text;
}

bool isId(std::string_view text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string echoInto(const std::string& body, const std::string& credential) {
  ojson j = ojson::parse(body, nullptr, false);
  if (j.is_discarded() || !j.contains("errors") || !j["errors"].is_array()) return body;
  for (auto& e : j["errors"]) {
    if (e.contains("message") && e["message"].is_string()) {
      e["message"] = e["message"].get<std::string>() + " (" + credential + ")";
    }
  }
  return j.dump();
}

std::vector<Error> noRoute(const std::string& path) {
  return {{7003, "Could not route to " + path + ", perhaps your object identifier is invalid?", {}},
          {7000, "No route for that URI", {}}};
}

std::vector<Error> recordMissing() { return {{81044, "Record does not exist.", {}}}; }

}  // namespace dnsfailover::fakes::cf
