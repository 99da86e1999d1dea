#pragma once
// What a store indexes an event of its history by: its type and the scheme
// and indicator it concerns ("" when none). The one place that reads those
// out of an event, so a change in how events carry them is one edit here.

#include <string>

#include "engine/ports/trace.h"

namespace dnsfailover {

struct HistoryKeys {
  std::string type;
  std::string scheme;
  std::string indicator;
};

inline HistoryKeys historyKeys(const TraceEvent& event) {
  return {std::string{event.typeName()}, event.text(field::scheme), event.text(field::indicator)};
}

}  // namespace dnsfailover
