// Goal: the client's gateway codec reads every answer shape etcd 3.4.23
// gives (bodies below were captured from a real cluster) and turns anything
// else into a Malformed error that names the field.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/coordination/etcd_json.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

constexpr const char* kHeader =
    R"("header":{"cluster_id":"13226782048670553749","member_id":"9573252243280361471","revision":"6","raft_term":"2"})";

TEST(EtcdJson, ReadsARangeWithItsRevisions) {
  const auto r = decodeEtcdOpReply(EtcdOp::Kind::Range,
                                   answer(200, std::string("{") + kHeader +
                                                   R"(,"kvs":[{"key":"Zm9v","create_revision":"2","mod_revision":"3","version":"2","value":"YmF6","lease":"77"}],"count":"1"})"));
  ASSERT_TRUE(r.ok()) << r.error.format();
  EXPECT_EQ(r.value->revision, 6);
  ASSERT_EQ(r.value->kvs.size(), 1u);
  EXPECT_EQ(r.value->kvs[0], (EtcdKeyValue{"foo", "baz", 2, 3, 2, 77}));
  EXPECT_EQ(r.value->count, 1);
}

TEST(EtcdJson, AbsentFieldsAreZeroAsJsonpbLeavesThemOut) {
  const auto empty = decodeEtcdOpReply(EtcdOp::Kind::Range, answer(200, std::string("{") + kHeader + "}"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty.value->kvs.empty());
  const auto failed = decodeEtcdTxnReply(answer(200, std::string("{") + kHeader + "}"));
  ASSERT_TRUE(failed.ok());
  EXPECT_FALSE(failed.value->succeeded);
  const auto gone = decodeEtcdKeepAliveReply(answer(200, std::string(R"({"result":{)") + kHeader + R"(,"ID":"78"}})"));
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone.value, 0);
}

TEST(EtcdJson, ReadsATxnWithEachOpsResult) {
  const auto r = decodeEtcdTxnReply(answer(200, std::string("{") + kHeader +
                                                    R"(,"succeeded":true,"responses":[{"response_put":{"header":{"revision":"6"}}},)"
                                                    R"({"response_range":{"header":{"revision":"6"},"kvs":[{"key":"bmV3","create_revision":"6","mod_revision":"6","version":"1","value":"eA=="}],"count":"1"}},)"
                                                    R"({"response_delete_range":{"header":{"revision":"6"},"deleted":"1"}}]})"));
  ASSERT_TRUE(r.ok()) << r.error.format();
  EXPECT_TRUE(r.value->succeeded);
  ASSERT_EQ(r.value->results.size(), 3u);
  EXPECT_EQ(r.value->results[0].kind, EtcdOp::Kind::Put);
  EXPECT_EQ(r.value->results[1].kvs.at(0).key, "new");
  EXPECT_EQ(r.value->results[2].deleted, 1);
}

TEST(EtcdJson, ReadsLeaseAnswers) {
  const auto g = decodeEtcdLeaseGrantReply(answer(200, std::string("{") + kHeader + R"(,"ID":"8646808152284654602","TTL":"2"})"));
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g.value->id, 8646808152284654602);
  EXPECT_EQ(g.value->ttl, 2);
  const auto k = decodeEtcdKeepAliveReply(answer(200, std::string(R"({"result":{)") + kHeader + R"(,"ID":"77","TTL":"5"}})"));
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(*k.value, 5);
  const auto t = decodeEtcdTimeToLiveReply(
      answer(200, std::string("{") + kHeader + R"(,"ID":"77","TTL":"4","grantedTTL":"5","keys":["bGs="]})"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value->ttl, 4);
  EXPECT_EQ(t.value->grantedTtl, 5);
  EXPECT_EQ(t.value->keys, std::vector<std::string>{"lk"});
  const auto expired = decodeEtcdTimeToLiveReply(answer(200, std::string("{") + kHeader + R"(,"ID":"78","TTL":"-1"})"));
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(expired.value->ttl, -1);
}

TEST(EtcdJson, EtcdsErrorBodyIsRejectedWithItsCode) {
  const auto r = decodeEtcdOpReply(
      EtcdOp::Kind::Put,
      answer(404, R"({"error":"etcdserver: requested lease not found","message":"etcdserver: requested lease not found","code":5})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.kind, EtcdError::Kind::Rejected);
  EXPECT_EQ(r.error.grpcCode, 5);
  EXPECT_EQ(r.error.message, "etcdserver: requested lease not found");
  EXPECT_FALSE(etcdTryAnotherMember(r.error, 404));

  const auto busy = decodeEtcdOpReply(
      EtcdOp::Kind::Put, answer(503, R"({"error":"etcdserver: request timed out","message":"etcdserver: request timed out","code":14})"));
  EXPECT_TRUE(etcdTryAnotherMember(busy.error, 503));
}

TEST(EtcdJson, AnythingElseIsMalformedNamingTheField) {
  struct Case {
    std::string body;
    std::string mentions;
  };
  const std::vector<Case> cases = {
      {"not json", "expected a JSON object"},
      {R"({"kvs":[]})", "header: is required"},
      {R"({"header":{}})", "header.revision: is required"},
      {std::string("{") + kHeader + R"(,"kvs":[{"key":"Zm9v","version":5.5}]})", "kvs[0].version: expected an int64"},
      {std::string("{") + kHeader + R"(,"kvs":[{"key":"!!"}]})", "kvs[0].key: expected base64"},
      {std::string("{") + kHeader + R"(,"kvs":{}})", "kvs: expected an array"},
      {std::string("{") + kHeader + R"(,"kvs":[{"value":"eA=="}]})", "kvs[0].key: is required"},
      {std::string("{") + kHeader + R"(,"count":"12abc"})", "count: expected an int64 as a decimal string"},
  };
  for (const Case& c : cases) {
    const auto r = decodeEtcdOpReply(EtcdOp::Kind::Range, answer(200, c.body));
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error.kind, EtcdError::Kind::Malformed) << c.body;
    EXPECT_NE(r.error.message.find(c.mentions), std::string::npos) << r.error.message;
  }
  const auto notEtcd = decodeEtcdOpReply(EtcdOp::Kind::Range, answer(404, "Not Found"));
  EXPECT_EQ(notEtcd.error.kind, EtcdError::Kind::Malformed);
  EXPECT_NE(notEtcd.error.message.find("HTTP 404"), std::string::npos);
  const auto proxy = decodeEtcdOpReply(EtcdOp::Kind::Range, answer(502, "<html>bad gateway</html>"));
  EXPECT_TRUE(etcdTryAnotherMember(proxy.error, 502));
  const auto txnOp = decodeEtcdTxnReply(answer(200, std::string("{") + kHeader + R"(,"responses":[{"response_bogus":{}}]})"));
  EXPECT_NE(txnOp.error.message.find("responses[0]"), std::string::npos);
}

TEST(EtcdJson, WritesRequestsAsTheGatewayReadsThem) {
  const json put = json::parse(encodeEtcdOp(EtcdOp::put("foo", "bar", 77)));
  EXPECT_EQ(put, json::parse(R"({"key":"Zm9v","value":"YmFy","lease":"77"})"));
  const json prefix = json::parse(encodeEtcdOp(EtcdOp::rangePrefix("p/")));
  EXPECT_EQ(prefix, json::parse(R"({"key":"cC8=","range_end":"cDA="})"));
  EtcdTxn txn;
  txn.compares = {EtcdCompare::createRevision("k", EtcdCompare::Op::Equal, 0),
                  EtcdCompare::valueIs("k", EtcdCompare::Op::NotEqual, "v")};
  txn.success = {EtcdOp::put("k", "v", 5)};
  txn.failure = {EtcdOp::range("k"), EtcdOp::deleteRange("k")};
  EXPECT_EQ(json::parse(encodeEtcdTxn(txn)), json::parse(R"({
    "compare":[{"key":"aw==","target":"CREATE","result":"EQUAL","create_revision":"0"},
               {"key":"aw==","target":"VALUE","result":"NOT_EQUAL","value":"dg=="}],
    "success":[{"request_put":{"key":"aw==","value":"dg==","lease":"5"}}],
    "failure":[{"request_range":{"key":"aw=="}},{"request_delete_range":{"key":"aw=="}}]})"));
  EXPECT_EQ(json::parse(encodeEtcdLeaseGrant(10)), json::parse(R"({"TTL":"10"})"));
  EXPECT_EQ(json::parse(encodeEtcdLeaseTimeToLive(7, true)), json::parse(R"({"ID":"7","keys":true})"));
}

TEST(EtcdJson, PrefixEndIsEtcdsRecipe) {
  EXPECT_EQ(etcdPrefixEnd("a/"), "a0");
  EXPECT_EQ(etcdPrefixEnd("a\xff"), "b");
  EXPECT_EQ(etcdPrefixEnd("\xff\xff"), std::string(1, '\0'));
  EXPECT_EQ(etcdPrefixEnd(""), std::string(1, '\0'));
}

}  // namespace
}  // namespace dnsfailover
