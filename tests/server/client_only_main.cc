// A program that links only the C++ client library (ag_client): that it
// builds shows a client needs no store and no RocksDB (docs/architecture.md).
// Run as a test, it checks that connecting to nothing fails cleanly.
#include <iostream>

#include "actorgraph/client.h"

int main() {
  actorgraph::client::ConnectOptions o;
  o.address = "unix:/nonexistent/actorgraph.sock";
  auto c = actorgraph::client::Client::Connect(o);
  if (c.ok()) {
    std::cerr << "connected to a socket that does not exist\n";
    return 1;
  }
  const actorgraph::Value v(int64_t{42});
  std::cout << "no server, as expected: " << c.status().ToString() << " (" << v.ToString()
            << ")\n";
  return 0;
}
