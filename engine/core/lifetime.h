#pragma once
// The one guard against late callbacks. An object that hands a callback to a
// port (a timer, an HTTP request, a DNS query, a provider push) cannot know
// when the callback runs: after stop(), after a restart, after the object is
// gone. It owns a Lifetime and wraps every such callback with guard(); the
// wrapped callback does nothing once the Lifetime has ended (end(), or the
// owner's destructor) and is not renewed by a later restart.
//
//   http_.send(request, lifetime_.guard([this](HttpResult r) { onResult(r); }));
//   void stop() { lifetime_.end(); ... }

#include <memory>
#include <utility>

namespace dnsfailover {

class Lifetime {
 public:
  Lifetime() = default;
  Lifetime(const Lifetime&) = delete;
  Lifetime& operator=(const Lifetime&) = delete;
  ~Lifetime() = default;  // the shared token dies with us: every guard goes quiet

  // Callbacks guarded so far stop running; later guards run until the next end().
  void end() { token_ = std::make_shared<char>(0); }

  template <typename F>
  auto guard(F f) const {
    return [weak = std::weak_ptr<char>(token_), f = std::move(f)](auto&&... args) mutable {
      if (weak.expired()) return;
      f(std::forward<decltype(args)>(args)...);
    };
  }

 private:
  std::shared_ptr<char> token_ = std::make_shared<char>(0);
};

}  // namespace dnsfailover
