#include "engine/coordination/etcd_client.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

#include "engine/coordination/etcd_json.h"

namespace dnsfailover {

struct EtcdClient::Shared {
  HttpClient& http;
  Scheduler& scheduler;
  EtcdClientOptions options;
  size_t preferred = 0;  // the member that answered last
};

namespace {

using Shared = EtcdClient::Shared;

// One call: the attempts at successive members under one deadline. Owned
// by the callbacks in flight; `finished_` makes every late one a no-op.
template <typename T>
class Call : public std::enable_shared_from_this<Call<T>> {
 public:
  using Decode = std::function<EtcdReply<T>(const HttpResponse&)>;

  Call(std::shared_ptr<Shared> shared, const char* path, std::string body, Decode decode, EtcdCallback<T> done)
      : shared_(std::move(shared)), path_(path), body_(std::move(body)), decode_(std::move(decode)),
        done_(std::move(done)), first_(shared_->preferred) {}

  void start() {
    deadline_ = shared_->scheduler.now() + shared_->options.callTimeout;
    timer_ = shared_->scheduler.scheduleAt(deadline_, [self = this->shared_from_this()] { self->expire(); });
    attempt();
  }

 private:
  size_t members() const { return shared_->options.endpoints.size(); }

  void attempt() {
    assert(tried_ < members());
    const size_t member = (first_ + tried_) % members();
    ++tried_;
    HttpRequest request;
    request.method = "POST";
    request.url = shared_->options.endpoints[member] + path_;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body_;
    const Duration left = deadline_ - shared_->scheduler.now();
    request.timeout = std::max<Duration>(std::chrono::milliseconds{1}, std::min(shared_->options.attemptTimeout, left));
    shared_->http.send(std::move(request), [self = this->shared_from_this(), member](HttpResult result) {
      self->onAnswer(member, std::move(result));
    });
  }

  void onAnswer(size_t member, HttpResult result) {
    if (finished_) return;
    const std::string& endpoint = shared_->options.endpoints[member];
    if (!result.ok()) return next(endpoint + ": " + result.error);
    const HttpResponse& response = *result.response;
    EtcdReply<T> reply = decode_(response);
    if (reply.ok()) {
      shared_->preferred = member;
      return finish({std::move(reply.value), {}});
    }
    if (etcdTryAnotherMember(reply.error, response.status)) {
      return next(endpoint + ": HTTP " + std::to_string(response.status) + ": " + reply.error.message);
    }
    reply.error.member = endpoint;
    if (reply.error.kind == EtcdError::Kind::Malformed) reply.error.message = std::string(path_) + ": " + reply.error.message;
    finish({std::nullopt, std::move(reply.error)});
  }

  // This member could not serve: the next one, or Unreachable after all.
  void next(std::string why) {
    failures_.push_back(std::move(why));
    if (tried_ < members()) return attempt();
    unreachable("every member failed");
  }

  void expire() {
    timer_ = kNoTimer;
    if (finished_) return;
    unreachable("no answer within the call's deadline");
  }

  void unreachable(const std::string& what) {
    EtcdError error;
    error.kind = EtcdError::Kind::Unreachable;
    error.message = std::string(path_) + ": " + what;
    for (size_t i = 0; i < failures_.size(); ++i) error.message += (i == 0 ? " (" : "; ") + failures_[i];
    if (!failures_.empty()) error.message += ")";
    finish({std::nullopt, std::move(error)});
  }

  void finish(EtcdResult<T> result) {
    assert(!finished_);
    finished_ = true;
    shared_->scheduler.cancel(timer_);
    timer_ = kNoTimer;
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(result));
  }

  std::shared_ptr<Shared> shared_;
  const char* path_;
  std::string body_;
  Decode decode_;
  EtcdCallback<T> done_;
  size_t first_;
  size_t tried_ = 0;
  TimePoint deadline_{};
  TimerId timer_ = kNoTimer;
  bool finished_ = false;
  std::vector<std::string> failures_;
};

template <typename T>
void startCall(const std::shared_ptr<Shared>& shared, const char* path, std::string body,
               typename Call<T>::Decode decode, EtcdCallback<T> done) {
  std::make_shared<Call<T>>(shared, path, std::move(body), std::move(decode), std::move(done))->start();
}

}  // namespace

EtcdClient::EtcdClient(HttpClient& http, Scheduler& scheduler, EtcdClientOptions options)
    : shared_(std::make_shared<Shared>(Shared{http, scheduler, std::move(options), 0})) {
  if (shared_->options.endpoints.empty()) throw std::invalid_argument("etcd client: no endpoints");
}

EtcdClient::~EtcdClient() { lifetime_.end(); }

const std::vector<std::string>& EtcdClient::endpoints() const { return shared_->options.endpoints; }

void EtcdClient::op(EtcdOp op, EtcdCallback<EtcdOpResult> done) {
  const EtcdOp::Kind kind = op.kind;
  startCall<EtcdOpResult>(
      shared_, etcdOpPath(kind), encodeEtcdOp(op),
      [kind](const HttpResponse& r) { return decodeEtcdOpReply(kind, r); }, lifetime_.guard(std::move(done)));
}

void EtcdClient::range(std::string key, std::string rangeEnd, EtcdCallback<EtcdOpResult> done) {
  op(EtcdOp::range(std::move(key), std::move(rangeEnd)), std::move(done));
}

void EtcdClient::rangePrefix(const std::string& prefix, EtcdCallback<EtcdOpResult> done) {
  op(EtcdOp::rangePrefix(prefix), std::move(done));
}

void EtcdClient::put(std::string key, std::string value, int64_t lease, EtcdCallback<EtcdOpResult> done) {
  op(EtcdOp::put(std::move(key), std::move(value), lease), std::move(done));
}

void EtcdClient::deleteRange(std::string key, std::string rangeEnd, EtcdCallback<EtcdOpResult> done) {
  op(EtcdOp::deleteRange(std::move(key), std::move(rangeEnd)), std::move(done));
}

void EtcdClient::deletePrefix(const std::string& prefix, EtcdCallback<EtcdOpResult> done) {
  op(EtcdOp::deletePrefix(prefix), std::move(done));
}

void EtcdClient::txn(EtcdTxn txn, EtcdCallback<EtcdTxnResult> done) {
  startCall<EtcdTxnResult>(shared_, kEtcdTxnPath, encodeEtcdTxn(txn), decodeEtcdTxnReply,
                           lifetime_.guard(std::move(done)));
}

void EtcdClient::leaseGrant(int64_t ttlSeconds, EtcdCallback<EtcdLease> done) {
  startCall<EtcdLease>(shared_, kEtcdLeaseGrantPath, encodeEtcdLeaseGrant(ttlSeconds), decodeEtcdLeaseGrantReply,
                       lifetime_.guard(std::move(done)));
}

void EtcdClient::leaseKeepAlive(int64_t id, EtcdCallback<int64_t> done) {
  startCall<int64_t>(shared_, kEtcdLeaseKeepAlivePath, encodeEtcdLeaseId(id), decodeEtcdKeepAliveReply,
                     lifetime_.guard(std::move(done)));
}

void EtcdClient::leaseRevoke(int64_t id, EtcdCallback<int64_t> done) {
  startCall<int64_t>(shared_, kEtcdLeaseRevokePath, encodeEtcdLeaseId(id), decodeEtcdRevokeReply,
                     lifetime_.guard(std::move(done)));
}

void EtcdClient::leaseTimeToLive(int64_t id, bool keys, EtcdCallback<EtcdLeaseTimeToLive> done) {
  startCall<EtcdLeaseTimeToLive>(shared_, kEtcdLeaseTimeToLivePath, encodeEtcdLeaseTimeToLive(id, keys),
                                 decodeEtcdTimeToLiveReply, lifetime_.guard(std::move(done)));
}

}  // namespace dnsfailover
