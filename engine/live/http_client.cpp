// The front of the live HTTP client: admission (in-flight limit + FIFO
// queue), the request deadline, and redirect following. Each hop is a
// Session (http_session.h); this file only decides what the next hop is.

#include "engine/live/http_client.h"

#include <algorithm>
#include <deque>

#include "engine/core/lifetime.h"
#include "engine/live/http_pool.h"
#include "engine/live/http_session.h"

namespace dnsfailover::live {

using detail::Hop;

namespace {

bool isRedirect(int status) { return status == 301 || status == 302 || status == 303 || status == 307 || status == 308; }

// Resolves a Location header against the URL it came from (RFC 3986,
// enough for what servers send: absolute, scheme-relative, absolute-path
// and relative-path references).
std::optional<Url> resolveLocation(const Url& base, const std::string& location) {
  if (location.find("://") != std::string::npos) return parseUrl(location);
  if (location.rfind("//", 0) == 0) return parseUrl(base.scheme + ":" + location);
  std::string target;
  if (!location.empty() && location[0] == '/') {
    target = location;
  } else if (!location.empty() && location[0] == '?') {
    target = base.path() + location;
  } else {
    const std::string path = base.path();
    target = path.substr(0, path.rfind('/') + 1) + location;
  }
  return parseUrl(base.scheme + "://" + base.authority() + target);
}

}  // namespace

struct LiveHttpClient::State {
  struct Pending {
    HttpRequest request;
    std::function<void(HttpResult)> done;
  };

  EventLoop& loop;
  HttpClientOptions options;
  std::shared_ptr<detail::TlsContexts> tls;
  // Shared with the hops, which may finish after the client is gone.
  std::shared_ptr<detail::ConnectionPool> pool;
  std::deque<Pending> queue;
  size_t inFlight = 0;
  // Last member, so it ends first: a hop or a posted send that completes
  // after the client is gone does nothing.
  Lifetime lifetime;

  State(EventLoop& l, HttpClientOptions o)
      : loop(l),
        options(std::move(o)),
        tls(detail::makeTlsContexts(options.caFile, options.useSystemCaStore, options.tlsSessionCacheSize)),
        pool(std::make_shared<detail::ConnectionPool>(detail::ConnectionPool::Limits{
            options.maxIdleConnections, options.idleLimit, options.maxRequestsPerConnection})) {}

  void admit(Pending pending) {
    queue.push_back(std::move(pending));
    pump();
  }

  void pump() {
    while (inFlight < std::max<size_t>(1, options.maxInFlight) && !queue.empty()) {
      Pending next = std::move(queue.front());
      queue.pop_front();
      ++inFlight;
      begin(std::move(next));
    }
  }

  void begin(Pending pending) {
    const HttpRequest& request = pending.request;
    auto url = parseUrl(request.url);
    if (!url) return complete(std::move(pending.done), HttpResult::failure("bad URL \"" + request.url + "\""));
    Hop hop;
    hop.url = std::move(*url);
    hop.method = request.method;
    hop.headers = request.headers;
    hop.body = request.body;
    hop.connectTo = request.connectTo;
    hop.verifyTls = request.verifyTls;
    hop.maxBodyBytes = request.maxBodyBytes;
    hop.timeout = request.timeout;
    // Only requests that are safe to send twice may ride on a kept
    // connection: a reused one can fail before the answer and be retried.
    hop.keepAlive = request.keepAlive && options.maxIdleConnections > 0 &&
                    (request.method == "GET" || request.method == "HEAD");
    // One budget for the whole request, redirects included.
    hop.deadline = std::chrono::steady_clock::now() + request.timeout;
    runHop(std::move(hop), request.maxRedirects, 0, std::move(pending.done));
  }

  void runHop(Hop hop, int maxRedirects, int redirectsSoFar, std::function<void(HttpResult)> done) {
    const bool tlsHop = hop.url.scheme == "https";
    Hop next = hop;  // template for a redirect
    auto onHop = lifetime.guard([self = this, next = std::move(next), maxRedirects, redirectsSoFar,
                                 done = std::move(done)](HttpResult result) mutable {
      const HttpResponse* response = result.response ? &*result.response : nullptr;
      const std::string* location = response ? findHeader(response->headers, "Location") : nullptr;
      if (response == nullptr || !isRedirect(response->status) || location == nullptr || maxRedirects <= 0) {
        return self->complete(std::move(done), std::move(result));
      }
      if (redirectsSoFar >= maxRedirects) {
        return self->complete(std::move(done),
                              HttpResult::failure("too many redirects (more than " + std::to_string(maxRedirects) +
                                                  "), last from " + next.url.scheme + "://" + next.url.authority() +
                                                  next.url.target + " to " + *location));
      }
      auto target = resolveLocation(next.url, *location);
      if (!target) {
        return self->complete(std::move(done), HttpResult::failure("redirect from " + next.url.authority() +
                                                                   " to unsupported location \"" + *location + "\""));
      }
      // addr= pins the checked host, not whatever host it redirects to.
      if (target->host != next.url.host) next.connectTo.reset();
      // 303, and 301/302 after a POST, turn into a GET without body (what
      // browsers and the okerr sensor's library do).
      const int status = response->status;
      if ((status == 303 && next.method != "HEAD") || ((status == 301 || status == 302) && next.method == "POST")) {
        next.method = "GET";
        next.body.clear();
      }
      next.url = std::move(*target);
      self->runHop(std::move(next), maxRedirects, redirectsSoFar + 1, std::move(done));
    });
    std::shared_ptr<detail::Session> session =
        tlsHop ? detail::makeTlsSession(loop.context(), tls, std::move(hop), std::move(onHop), pool)
               : detail::makePlainSession(loop.context(), std::move(hop), std::move(onHop), pool);
    session->start();
  }

  void complete(std::function<void(HttpResult)> done, HttpResult result) {
    --inFlight;
    // Start queued work before the callback, which may send more.
    pump();
    done(std::move(result));
  }
};

LiveHttpClient::LiveHttpClient(EventLoop& loop, HttpClientOptions options)
    : state_(std::make_unique<State>(loop, std::move(options))) {}

LiveHttpClient::~LiveHttpClient() = default;

void LiveHttpClient::send(HttpRequest request, std::function<void(HttpResult)> done) {
  // Posted, so that `done` never runs inside send(), even for a bad URL.
  state_->loop.post(state_->lifetime.guard(
      [self = state_.get(), request = std::move(request), done = std::move(done)]() mutable {
        self->admit({std::move(request), std::move(done)});
      }));
}

size_t LiveHttpClient::inFlight() const { return state_->inFlight; }
size_t LiveHttpClient::queued() const { return state_->queue.size(); }

HttpClientStats LiveHttpClient::stats() const {
  const detail::ConnectionPool& pool = *state_->pool;
  return {pool.opened(), pool.reused(), pool.retries(), pool.resumed(), pool.idle()};
}

}  // namespace dnsfailover::live
