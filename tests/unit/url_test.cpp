#include <gtest/gtest.h>

#include "engine/core/url.h"

namespace dnsfailover {
namespace {

TEST(ParseUrl, SplitsHostPortAndTarget) {
  const auto u = parseUrl("https://Cat.Okerr.com/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "cat.okerr.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/");
  EXPECT_EQ(u->authority(), "cat.okerr.com");

  const auto v = parseUrl("http://127.0.0.11:8080/nic/update?hostname=a.b#frag");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->port, 8080);
  EXPECT_EQ(v->path(), "/nic/update");
  EXPECT_EQ(v->query(), "hostname=a.b");
  EXPECT_EQ(v->authority(), "127.0.0.11:8080");

  const auto w = parseUrl("http://[::1]:81");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->host, "::1");
  EXPECT_EQ(w->target, "/");
}

TEST(ParseUrl, RejectsWhatItCannotConnectTo) {
  for (const char* bad : {"ftp://x/", "cat.okerr.com", "http://", "http://h:0/", "http://h:99999/",
                          "http://user@h/", "http://h:8x/"}) {
    EXPECT_FALSE(parseUrl(bad)) << bad;
  }
}

TEST(FormValue, DecodesPercentAndPlus) {
  EXPECT_EQ(formValue("hostname=cat.he.okerr.com&password=a%2Bb+c&myip=1.2.3.4", "password"), "a+b c");
  EXPECT_EQ(formValue("a=1&b", "b"), "");
  EXPECT_FALSE(formValue("a=1", "b"));
  EXPECT_EQ(urlDecode("%zz%4"), "%zz%4");
}

}  // namespace
}  // namespace dnsfailover

namespace dnsfailover {
namespace {

TEST(UrlPath, MatchesParseUrl) {
  for (const char* u : {"https://cat.okerr.com/", "http://h:81/a/b?x=1", "http://h", "http://h?x", "http://h/p#f"}) {
    const auto parsed = parseUrl(u);
    ASSERT_TRUE(parsed) << u;
    EXPECT_EQ(urlPath(u), parsed->path()) << u;
  }
}

}  // namespace
}  // namespace dnsfailover
