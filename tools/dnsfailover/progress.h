#pragma once
// A one-line progress bar on stderr, drawn only when stderr is a terminal
// (so logs and CI output stay clean). Redraws at most ten times a second.

#include <chrono>
#include <string>

namespace dnsfailover::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  // `fraction` in [0, 1]; `detail` is shown after the bar.
  void update(double fraction, const std::string& detail = {});
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point lastDraw_{};
};

}  // namespace dnsfailover::cli
