#pragma once
// The demo cat server (okerr-cat) as a state machine of the clock: the main
// server shows status=ERR from minute 20 of every hour, the backup from
// minute 40, and both recover at minute 0; the sorry server never fails.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.h"
#include "fakes/http_door.h"
#include "fakes/tcp_door.h"

namespace dnsfailover::fakes {

enum class CatRole { Main, Backup, Sorry };
const char* catRoleName(CatRole role);
std::optional<CatRole> parseCatRole(std::string_view text);
// okerr-cat's defaults: main fails at :20, backup at :40, sorry never.
std::optional<int> defaultFailMinute(CatRole role);

struct CatServerConfig {
  CatRole role = CatRole::Main;
  std::string host = "cat.okerr.com";  // shown on the page
  std::string ip;                      // the server's own address, shown on the page
  std::optional<int> failMinute;       // minute of the hour the failure starts; none = never
};

class CatServer final : public HttpDoor, public TcpDoor {
 public:
  explicit CatServer(CatServerConfig config) : config_(std::move(config)) {}

  bool okAt(TimePoint t) const;
  // The next instant after `t` at which okAt changes (for checkers).
  std::optional<TimePoint> nextChangeAfter(TimePoint t) const;
  // Whole minutes until okAt changes, as the page shows them.
  std::optional<int> minutesLeft(TimePoint t) const;

  // Text of the page; `dnsAnswer` is what an authoritative NS currently
  // answers for the record, when the caller knows it.
  std::string page(TimePoint t, const std::string& dnsAnswer = {}) const;
  // JSON status document (the /status endpoint).
  std::string statusJson(TimePoint t, const std::string& dnsAnswer = {}) const;

  // GET / -> the page; GET /status -> JSON; anything else 404.
  HttpResponse handle(const HttpRequest& request, TimePoint now, const std::string& peer) override;
  // TCP, as the real server's ports look to a tcp check: 80 speaks
  // HTTP/1.0 (a request line in `received` gets the page, then the server
  // closes), 443 listens (TLS, so no plaintext answer); others refuse.
  TcpExchange serveTcp(uint16_t port, const std::string& received, TimePoint now, const std::string& peer) override;

  const CatServerConfig& config() const { return config_; }
  // Overrides the schedule: the page shows status=OK (true) or status=ERR
  // (false) until cleared with nullopt. For injected faults.
  void forceStatus(std::optional<bool> ok) {
    forced_ = ok;
    truthTouched_ = true;
  }

  // What the server showed its visitors, kept by the server itself so a
  // checker can hold the trace's server_state against it: one span per run
  // of pages with the same status and no change of the server's own truth
  // between them, with the first and last instant shown.
  struct ServedSpan {
    TimePoint first;
    TimePoint last;
    bool ok = false;
  };
  const std::vector<ServedSpan>& served() const { return served_; }

  // Where the page's DNS line comes from; unset = not shown.
  void setDnsAnswerSource(std::function<std::string()> source) { dnsAnswer_ = std::move(source); }

 private:
  CatServerConfig config_;
  std::function<std::string()> dnsAnswer_;
  std::optional<bool> forced_;
  std::vector<ServedSpan> served_;
  bool truthTouched_ = false;  // a status was forced or cleared since the last page

  // Whether the schedule turns in (from, to].
  bool turnsBetween(TimePoint from, TimePoint to) const;
};

}  // namespace dnsfailover::fakes
