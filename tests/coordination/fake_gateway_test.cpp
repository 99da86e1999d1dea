// Goal: the fake's gateway answers malformed and misdirected requests as
// etcd 3.4.23's gateway does (status, content type, error body), and a
// cluster without quorum answers only after etcd's request timeout.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fakes/etcd/cluster.h"

namespace dnsfailover::fakes::etcd {
namespace {

using json = nlohmann::json;

const TimePoint t0 = *parseIsoUtc("2026-11-02T00:00:00Z");

DoorReply post(Cluster& c, const std::string& path, const std::string& body, size_t member = 0) {
  HttpRequest r;
  r.method = "POST";
  r.url = "http://127.0.0.21:2379" + path;
  r.body = body;
  return c.door(member).serve(r, t0, "127.0.0.1");
}

void expectError(const DoorReply& reply, int status, int code, const std::string& message) {
  EXPECT_EQ(reply.response.status, status);
  const json body = json::parse(reply.response.body);
  EXPECT_EQ(body["code"], code);
  EXPECT_EQ(body["message"], message);
  EXPECT_EQ(body["error"], message);
}

TEST(EtcdFakeGateway, RefusesWhatEtcdRefuses) {
  Cluster c;
  expectError(post(c, "/v3/kv/put", ""), 400, 3, "etcdserver: key is not provided");
  expectError(post(c, "/v3/kv/put", R"({"key":"Zm9v)"), 400, 3, "unexpected EOF");
  expectError(post(c, "/v3/kv/put", R"({"key":"!!!"})"), 400, 3, "illegal base64 data at input byte 0");
  expectError(post(c, "/v3/kv/put", "[]"), 400, 3,
              "json: cannot unmarshal array into Go value of type map[string]json.RawMessage");
  expectError(post(c, "/v3/kv/put", R"({"key":"Zm9v","lease":5.5})"), 400, 3,
              "json: cannot unmarshal number 5.5 into Go value of type int64");
  expectError(post(c, "/v3/kv/txn", R"({"compare":[{"key":"Zm9v","target":"BOGUS"}]})"), 400, 3,
              "unknown value \"BOGUS\" for enum etcdserverpb.Compare_CompareTarget");
  expectError(post(c, "/v3/kv/txn", R"({"success":[{}]})"), 400, 3, "etcdserver: key not found");
  expectError(post(c, "/v3/lease/revoke", R"({"ID":"5"})"), 404, 5, "etcdserver: requested lease not found");
  post(c, "/v3/lease/grant", R"({"TTL":"3","ID":"5"})");
  expectError(post(c, "/v3/lease/grant", R"({"TTL":"3","ID":"5"})"), 412, 9, "etcdserver: lease already exists");

  const DoorReply unknown = post(c, "/v3/kv/nothere", "{}");
  EXPECT_EQ(unknown.response.status, 404);
  EXPECT_EQ(unknown.response.body, "Not Found\n");
  HttpRequest get;
  get.url = "http://127.0.0.21:2379/v3/kv/range";
  EXPECT_EQ(c.door(0).serve(get, t0, "127.0.0.1").response.status, 405);
}

TEST(EtcdFakeGateway, ReadsCamelCaseNumbersAndEnumNumbersLikeJsonpb) {
  Cluster c;
  post(c, "/v3/kv/put", R"({"key":"Zm9v","value":"YmFy","bogus":1})");
  const json r = json::parse(post(c, "/v3/kv/range", R"({"key":"Zm9v","rangeEnd":"Zm9w"})").response.body);
  EXPECT_EQ(r["kvs"][0]["value"], "YmFy");
  EXPECT_EQ(r["count"], "1");
  const json t = json::parse(
      post(c, "/v3/kv/txn", R"({"compare":[{"key":"Zm9v","target":1,"result":3,"createRevision":"0"}]})").response.body);
  EXPECT_EQ(t["succeeded"], true);  // create_revision 2 != 0
}

TEST(EtcdFakeGateway, EachMemberAnswersWithItsOwnIdAndOneRevision) {
  Cluster c;
  const json a = json::parse(post(c, "/v3/kv/put", R"({"key":"YQ==","value":"eA=="})", 0).response.body);
  const json b = json::parse(post(c, "/v3/kv/range", R"({"key":"YQ=="})", 2).response.body);
  EXPECT_NE(a["header"]["member_id"], b["header"]["member_id"]);
  EXPECT_EQ(a["header"]["cluster_id"], b["header"]["cluster_id"]);
  EXPECT_EQ(b["header"]["revision"], "2");
  EXPECT_EQ(b["kvs"][0]["value"], "eA==");
}

TEST(EtcdFakeGateway, WithoutQuorumMembersAnswerUnavailableAfterTheRequestTimeout) {
  Cluster c;
  c.stop(0, t0 - std::chrono::seconds{10});  // the election is long over
  EXPECT_FALSE(post(c, "/v3/kv/range", "{}", 0).answered);  // a stopped member says nothing
  EXPECT_EQ(post(c, "/v3/kv/put", R"({"key":"YQ=="})", 1).response.status, 200);
  c.stop(1, t0);
  const DoorReply late = post(c, "/v3/kv/put", R"({"key":"YQ=="})", 2);
  expectError(late, 503, 14, "etcdserver: request timed out");
  EXPECT_EQ(late.delay, std::chrono::seconds{7});
  c.start(1);
  EXPECT_EQ(post(c, "/v3/kv/put", R"({"key":"YQ=="})", 2).response.status, 200);
}

TEST(EtcdFakeGateway, StoppingTheLeaderHoldsRequestsUntilTheNextIsElected) {
  Cluster c;
  EXPECT_EQ(c.leader(), 0u);
  c.stop(0, t0);
  EXPECT_EQ(c.leader(), 1u);
  const DoorReply during = post(c, "/v3/kv/put", R"({"key":"YQ=="})", 2);
  EXPECT_EQ(during.response.status, 200);
  EXPECT_EQ(during.delay, std::chrono::milliseconds{1500});
  const json body = json::parse(during.response.body);
  EXPECT_EQ(body["header"]["raft_term"], "3");
}

}  // namespace
}  // namespace dnsfailover::fakes::etcd
