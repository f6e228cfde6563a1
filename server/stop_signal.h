// StopSignal: lets any thread end a server's event loop. The loop's thread
// arms it with the fulfiller of the promise it waits on; Stop() fulfils it,
// now or, when it comes first, makes Arm() say not to start.
//
// Thread-safety: Stop() from any thread; Arm() and Disarm() from the thread
// that runs the loop. The fulfiller must outlive the armed period.
#pragma once

#include <mutex>

namespace kj {
template <typename T>
class CrossThreadPromiseFulfiller;
}

namespace actorgraph::server {

class StopSignal {
 public:
  void Stop();
  // False when Stop() was called already: the loop should not start.
  bool Arm(kj::CrossThreadPromiseFulfiller<void>* fulfiller);
  void Disarm();

 private:
  std::mutex mu_;
  bool requested_ = false;
  kj::CrossThreadPromiseFulfiller<void>* fulfiller_ = nullptr;
};

}  // namespace actorgraph::server
