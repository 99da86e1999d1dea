// Goal: the Cloudflare write plan touches only the records the scheme owns
// (member addresses; with "one" the record of the name it adopts), reuses
// them before creating any (so proxied, comment and tags survive), and
// deletes only owned records the set no longer names.

#include <gtest/gtest.h>

#include "engine/providers/cloudflare_plan.h"

namespace dnsfailover {
namespace {

using Kind = CloudflareWrite::Kind;

CloudflareItem rec(std::string id, std::string content, int ttl = 300, bool proxied = false) {
  return {std::move(id), "www.example.com", "A", std::move(content), ttl, proxied};
}

const std::vector<std::string> kMembers = {"192.0.2.1", "192.0.2.2", "192.0.2.3"};

TEST(CloudflarePlan, NothingToDoWhenTheSetIsThere) {
  const auto plan = planCloudflareWrites({rec("r1", "192.0.2.1", 300, true)}, {"192.0.2.1"}, kMembers, true, {});
  EXPECT_TRUE(plan.writes.empty());
  EXPECT_TRUE(plan.proxied);
  EXPECT_EQ(plan.soleRecordId, "r1");
}

TEST(CloudflarePlan, TtlIsWrittenOnlyWhenTheSchemeNamesOne) {
  EXPECT_TRUE(planCloudflareWrites({rec("r1", "192.0.2.1", 300)}, {"192.0.2.1"}, kMembers, true, {}).writes.empty());
  const auto plan = planCloudflareWrites({rec("r1", "192.0.2.1", 300)}, {"192.0.2.1"}, kMembers, true, 60);
  ASSERT_EQ(plan.writes.size(), 1u);
  EXPECT_EQ(plan.writes[0].kind, Kind::Patch);
  EXPECT_EQ(plan.writes[0].content, "192.0.2.1");
}

TEST(CloudflarePlan, OneAdoptsTheRecordOfTheNameButSeveralDoNot) {
  const std::vector<CloudflareItem> foreign = {rec("op", "198.51.100.7", 300, true)};
  const auto adopted = planCloudflareWrites(foreign, {"192.0.2.2"}, kMembers, true, {});
  ASSERT_EQ(adopted.writes.size(), 1u);
  EXPECT_EQ(adopted.writes[0].kind, Kind::Patch);
  EXPECT_EQ(adopted.writes[0].id, "op");
  EXPECT_TRUE(adopted.proxied) << "a PATCH of content keeps the record proxied";
  const auto multi = planCloudflareWrites(foreign, {"192.0.2.1", "192.0.2.2"}, kMembers, false, {});
  ASSERT_EQ(multi.writes.size(), 2u);
  EXPECT_EQ(multi.writes[0].kind, Kind::Create);
  EXPECT_EQ(multi.writes[1].kind, Kind::Create);
  EXPECT_FALSE(multi.soleRecordId);
}

TEST(CloudflarePlan, ReusesThenCreatesThenDeletes) {
  const std::vector<CloudflareItem> held = {rec("r1", "192.0.2.1"), rec("r2", "192.0.2.2"), rec("op", "198.51.100.7")};
  // {1,2} -> {2,3}: r2 stays, r1 becomes .3, the operator's record is not touched.
  const auto swap = planCloudflareWrites(held, {"192.0.2.2", "192.0.2.3"}, kMembers, false, {});
  ASSERT_EQ(swap.writes.size(), 1u);
  EXPECT_EQ(swap.writes[0].kind, Kind::Patch);
  EXPECT_EQ(swap.writes[0].id, "r1");
  EXPECT_EQ(swap.writes[0].content, "192.0.2.3");
  // {1,2} -> {3}: one PATCH, one DELETE, in that order.
  const auto shrink = planCloudflareWrites(held, {"192.0.2.3"}, kMembers, false, {});
  ASSERT_EQ(shrink.writes.size(), 2u);
  EXPECT_EQ(shrink.writes[0].kind, Kind::Patch);
  EXPECT_EQ(shrink.writes[1].kind, Kind::Delete);
  EXPECT_EQ(shrink.writes[1].id, "r2");
  EXPECT_EQ(shrink.soleRecordId, "r1");
  // Withdraw: every owned record goes, nothing else.
  const auto none = planCloudflareWrites(held, {}, kMembers, true, {});
  ASSERT_EQ(none.writes.size(), 2u);
  for (const CloudflareWrite& w : none.writes) {
    EXPECT_EQ(w.kind, Kind::Delete);
    EXPECT_NE(w.id, "op");
  }
}

}  // namespace
}  // namespace dnsfailover
