#include "engine/live/system_random.h"

namespace dnsfailover::live {

SystemRandom::SystemRandom() {
  std::random_device device;
  std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
  engine_.seed(seed);
}

}  // namespace dnsfailover::live
