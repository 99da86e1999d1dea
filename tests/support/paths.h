#pragma once
// Paths handed to tests by the build (see tests/CMakeLists.txt).

#include <string>

namespace dnsfailover::testing {

inline std::string sourcePath(const std::string& relative) {
  return std::string(DNSFAILOVER_SOURCE_DIR) + "/" + relative;
}

}  // namespace dnsfailover::testing
