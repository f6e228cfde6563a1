#include "server/stop_signal.h"

#include <kj/async.h>

namespace actorgraph::server {

void StopSignal::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  if (requested_) return;
  requested_ = true;
  if (fulfiller_) fulfiller_->fulfill();
}

bool StopSignal::Arm(kj::CrossThreadPromiseFulfiller<void>* fulfiller) {
  std::lock_guard<std::mutex> lock(mu_);
  if (requested_) return false;
  fulfiller_ = fulfiller;
  return true;
}

void StopSignal::Disarm() {
  std::lock_guard<std::mutex> lock(mu_);
  fulfiller_ = nullptr;
}

}  // namespace actorgraph::server
