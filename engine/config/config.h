#pragma once
// The engine's configuration: what to monitor (indicators) and which DNS
// names to keep pointed at the best healthy server (schemes). Plain data;
// config_loader.h turns JSON into it and reports every mistake by path.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/propagation_config.h"
#include "engine/config/sites_config.h"
#include "engine/config/status_config.h"
#include "engine/core/time.h"
#include "engine/dns/record_set.h"
#include "engine/ports/secrets.h"
#include "engine/selector/answer_rule.h"

namespace dnsfailover {

struct CheckSpec {
  enum class Kind { HttpGrep, HttpStatus, Tcp };
  Kind kind = Kind::HttpGrep;
  std::string url;          // httpgrep, httpstatus
  // tcp: connect to address:port within the timeout; when `send` is set,
  // send it as is; when `expect` is set, OK only once the reply holds it.
  std::string address;
  uint16_t port = 0;
  std::string send;
  std::string expect;
  std::string musthave;     // httpgrep: ERR when the body lacks it (if non-empty)
  std::string mustnothave;  // httpgrep: ERR when the body has it (if non-empty)
  int expectStatus = 200;   // httpstatus: OK when the code equals it
  std::optional<std::string> connectTo;  // option addr=
  bool sslNoVerify = false;              // option ssl_noverify
  Duration timeout = std::chrono::seconds{3};
  size_t maxBodyBytes = 1 << 20;
};

// "httpgrep", "httpstatus", "tcp": the config's `method`.
const char* checkKindName(CheckSpec::Kind kind);

struct Policy {
  std::string name;
  Duration period = std::chrono::seconds{60};
  // Delays between re-checks before OK turns ERR; empty = switch at once.
  std::vector<Duration> retrySchedule;
  // The same for ERR turning OK.
  std::vector<Duration> recoveryRetrySchedule;
  // HTTP(S) checks may reuse a connection and a TLS session between checks
  // ("keep_alive": true). Off by default while the TLS resumption count is
  // not yet shown by a test: a new connection and full handshake each time.
  bool keepAlive = false;
};

struct IndicatorConfig {
  std::string name;
  CheckSpec check;
  Policy policy;
  bool maintenance = false;
  // With sites: how the sites' votes make the status (engine/sites/quorum.h).
  QuorumRule quorum;
};

// What a notification tells (engine/notify/notification.h).
enum class NotifyEvent : uint8_t { Failover, Recovery, PushFailed, Synced };
inline constexpr NotifyEvent kNotifyEvents[] = {NotifyEvent::Failover, NotifyEvent::Recovery, NotifyEvent::PushFailed,
                                                NotifyEvent::Synced};
// "failover", "recovery", "push_failed", "synced".
const char* notifyEventName(NotifyEvent event);

// One place notifications go: a webhook (a JSON POST) or a command (run
// without a shell, the event in its environment). "notify" at the top of
// the config serves every scheme; a scheme's own "notify" adds to it.
struct NotifyTarget {
  enum class Kind { Webhook, Command };
  Kind kind = Kind::Webhook;
  // Its config path ("notify[0]", "schemes[1].notify[0]"): how traces and
  // logs name it, never by its URL (a webhook URL often is a secret).
  std::string path;
  std::string url;                      // webhook
  std::optional<CredentialRef> secret;  // webhook: key of the HMAC-SHA256 signature header
  std::vector<std::string> argv;        // command: argv[0] is an absolute path
  uint8_t events = 0x0f;                // one bit per NotifyEvent
  Duration timeout = std::chrono::seconds{5};
  // Webhook: the delays before each retry of a failed delivery.
  std::vector<Duration> retrySchedule = {std::chrono::seconds{5}, std::chrono::seconds{30}, std::chrono::minutes{2},
                                         std::chrono::minutes{10}};

  bool wants(NotifyEvent event) const { return (events >> static_cast<unsigned>(event)) & 1u; }
};

struct MemberConfig {
  std::string indicator;
  int priority = 0;
  std::string address;  // IPv4 or IPv6, already validated
  // The record the address goes into, from its family (set by the loader).
  RecordType type = RecordType::A;
};

enum class ProviderKind { HeDyn, Cloudflare, Rfc2136 };
const char* providerName(ProviderKind kind);
// What a provider's records can hold: several addresses in one RRset
// ("answer": "all_healthy"), and no record at all ("when_all_down": "none").
bool providerHoldsSeveral(ProviderKind kind);
bool providerCanWithdraw(ProviderKind kind);

// Provider "rfc2136": the primary nameserver that takes the UPDATE and the
// TSIG key that signs it (its secret comes through `credentials`, base64
// as tsig-keygen and keymgr print it).
struct Rfc2136Config {
  std::string server;  // IPv4 or IPv6 address of the primary
  uint16_t port = 53;
  std::string keyName;  // normalized ("dnsf")
  std::string algorithm = "hmac-sha256";
  // Send the prerequisite "the RRset still holds what we last pushed".
  bool compareAndSwap = false;
};

struct SchemeConfig {
  std::string name;
  std::string fqdn;  // lower case, no trailing dot
  std::string zone;
  ProviderKind provider = ProviderKind::HeDyn;
  CredentialRef credentials;
  // Optional second credential (Cloudflare e-mail for the global-key scheme).
  std::optional<std::string> login;
  // Provider endpoint override (tests and fakes); empty = the provider's own.
  std::string endpoint;
  Rfc2136Config rfc2136;  // provider "rfc2136" only
  int ttl = 120;
  bool ttlSet = false;  // the config names a ttl (Cloudflare then writes it)
  // "type": set = every member must be of this family; unset = the members'
  // families decide, and a scheme with both keeps an A and an AAAA record.
  std::optional<RecordType> type;
  AnswerRule answer;
  std::vector<MemberConfig> members;  // sorted by priority, highest first
  // Delay before the n-th consecutive retry; the last entry repeats.
  std::vector<Duration> pushBackoff;
  // A scheme chooses once every member has a first result, or after this.
  Duration startupWait = std::chrono::seconds{60};
  // Selection changes within this window are pushed once, the latest
  // (engine/syncer/syncer.h); 0 pushes every change at once.
  Duration pushDelay{0};
  // Where this scheme's notifications go besides the global targets.
  std::vector<NotifyTarget> notify;
};

// Where the live daemon keeps its state and history ("store" in the
// config; `dnsfailover run --store PATH` overrides the path). The
// simulation ignores it.
struct StoreConfig {
  std::string path;  // "" = not given: the daemon's default (dnsfailover.db)
  Duration historyRetention = std::chrono::hours{24 * 30};
  uint64_t historyMaxEvents = 1'000'000;
};

struct EngineConfig {
  std::vector<IndicatorConfig> indicators;
  std::vector<SchemeConfig> schemes;
  PropagationConfig propagation;  // disabled unless the config has "propagation"
  StoreConfig store;
  StatusConfig status;            // disabled unless the config has "status"
  std::vector<NotifyTarget> notify;  // for every scheme
  SitesConfig sites;              // disabled unless the config has "sites"
  // The site this process is (`dnsfailover run --site NAME`, or the
  // simulation's engine host); must be one of sites.names when sites are on.
  std::string site;

  const IndicatorConfig* findIndicator(std::string_view name) const;
};

// The record types a scheme keeps (its members' families), A first.
std::vector<RecordType> schemeRecordTypes(const SchemeConfig& scheme);

// okerr's push backoff: 0, 30, 60, 300, 3600, 7200 s, then 7200 s.
std::vector<Duration> defaultPushBackoff();

}  // namespace dnsfailover
