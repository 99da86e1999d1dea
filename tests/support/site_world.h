#pragma once
// The multi-site cat world of the library (scenarios/site-partition.json
// over scenarios/cat-okerr.json) as one document, without its timeline's
// expectations, for tests and properties that build their own on it.

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/paths.h"

namespace dnsfailover::testing {

inline nlohmann::json siteWorldDocument() {
  std::ifstream siteIn(sourcePath("scenarios/site-partition.json"));
  std::ifstream baseIn(sourcePath("scenarios/cat-okerr.json"));
  nlohmann::json site = nlohmann::json::parse(siteIn);
  nlohmann::json doc = nlohmann::json::parse(baseIn);
  site.erase("extends");
  doc.merge_patch(site);
  doc.erase("expectations");
  return doc;
}

}  // namespace dnsfailover::testing
