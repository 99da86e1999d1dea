#include "tools/dnsfailover/run_status.h"

#include <cstdio>

#include "engine/live/status_server.h"
#include "engine/status/control.h"
#include "tools/dnsfailover/run_daemon.h"
#include "tools/version.h"

namespace dnsfailover::cli {

struct StatusFace::Impl {
  std::optional<status::Router> router;
  std::optional<live::StatusServer> server;
  std::string host;
};

StatusFace::StatusFace(const EngineConfig& config, live::EventLoop& loop, Engine& engine, Scheduler& scheduler,
                       Store* store, Secrets& secrets)
    : impl_(std::make_unique<Impl>()) {
  status::Router::Options options;
  options.store = store;
  if (!config.status.tokenFile.empty()) options.token = live::readTokenFile(config.status.tokenFile);
  options.facts.version = kVersion;
  options.facts.lastReloadAt = scheduler.now();
  options.onRefusal = [](const std::string& line) { std::fprintf(stderr, "dnsfailover run: status: %s\n", line.c_str()); };
  // Belt and braces: the views never hold a credential, and the router
  // scrubs these from every body all the same.
  for (const SchemeConfig& sc : config.schemes) {
    if (auto value = secrets.resolve(sc.credentials).value) options.redact.push_back(*value);
  }
  impl_->router.emplace(engine, scheduler, std::move(options));
  live::StatusServerOptions listen;
  listen.host = config.status.host;
  listen.port = config.status.port;
  listen.allowRemote = config.status.allowRemote;
  impl_->host = listen.host;
  impl_->server.emplace(loop, listen, [this](const status::Request& r) { return impl_->router->handle(r); });
}

StatusFace::~StatusFace() = default;

std::string StatusFace::url() const {
  const bool v6 = impl_->host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" + std::to_string(impl_->server->port()) + "/";
}

void StatusFace::reloaded(Engine& engine, const ReloadOutcome& outcome) {
  impl_->router->setEngine(engine);
  impl_->router->facts().lastReloadSuccessful = outcome.ok;
  impl_->router->facts().lastReloadAt = outcome.at;
}

void StatusFace::stop() { impl_->server->stop(); }

}  // namespace dnsfailover::cli
