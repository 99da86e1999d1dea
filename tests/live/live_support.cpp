#include "tests/live/live_support.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>

namespace dnsfailover::live::testing {

std::string tempPath(const std::string& stem) {
  static std::atomic<int> counter{0};
  const std::filesystem::path dir = std::filesystem::path(DNSFAILOVER_BINARY_DIR) / "tmp-live-tests";
  std::filesystem::create_directories(dir);
  return (dir / (stem + "." + std::to_string(::getpid()) + "." + std::to_string(counter++))).string();
}

}  // namespace dnsfailover::live::testing
