// The headers nearly every test translation unit parses, compiled once into
// one precompiled header that every test binary reuses (see
// dnsfailover_add_test in tests/CMakeLists.txt). Only stable third-party and
// standard headers belong here: a project header in this list would make
// every edit to it rebuild every test.
//
// Nothing here may depend on a macro that differs between test targets (the
// paths each binary is given, the live-transport switch, httplib's options):
// GCC refuses a precompiled header built with other definitions of the
// macros it uses, and -Winvalid-pch with -Werror turns that into an error.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
