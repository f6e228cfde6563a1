// Wire conversions between engine values and schema/actorgraph.capnp, shared by
// the server (ag_server) and the client library (ag_client).
//
// Node and relationship values travel with their content (labels, name,
// properties, ends, interval), looked up on the server from the result's
// snapshot and collected into an Entities table on the client.
//
// Thread-safety: free functions; capnp builders and readers are used by the
// thread that owns their message.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "common/model.h"
#include "common/status.h"
#include "schema/actorgraph.capnp.h"

namespace capnp {
struct ReaderOptions;
}

namespace actorgraph::wire {

// How both sides read messages. Cap'n Proto's two-party network also refuses
// to send a message larger than its own traversal limit, so this is the
// largest reply (a batch holding one huge row); incoming size is policed
// separately on the server (GuardedStream: small before login). Values
// nested as deep as kMaxValueNesting pointer levels fit under the nesting
// limit with the reply's own levels (return, payload, rows, row, values).
constexpr uint64_t kMaxMessageWords = (uint64_t(1) << 30) / 8;  // 1 GiB
constexpr int kNestingLimit = 2048;
constexpr int kMaxValueNesting = kNestingLimit - 64;
capnp::ReaderOptions MessageReaderOptions();

// The pointer levels a value takes on the wire (a list 2 per level, a map 3)
// and a rough count of its bytes, for cutting batches by size.
int WireNesting(const Value& v);
uint64_t WireBytes(const Value& v);

// Nodes and relationships that values of one batch refer to, by internal id.
// `xids` holds the external ids of relationship ends that are not in `nodes`.
struct Entities {
  std::unordered_map<NodeId, Node> nodes;
  std::unordered_map<RelId, Relationship> rels;
  std::unordered_map<NodeId, std::string> xids;
  void Clear() {
    nodes.clear();
    rels.clear();
    xids.clear();
  }
  std::string Xid(NodeId id) const;  // "#id" when unknown
};

void SetDate(rpc::Date::Builder b, const PartialDate& d);
Result<PartialDate> GetDate(rpc::Date::Reader r);
void SetInterval(rpc::Interval::Builder b, const ValidInterval& v);
Result<ValidInterval> GetInterval(rpc::Interval::Reader r);

// Writes `v`; node and relationship ids are described from `e` (found = false
// when absent).
void SetValue(rpc::Value::Builder b, const Value& v, const Entities& e);
void SetEntries(capnp::List<rpc::Entry>::Builder b, const ValueMap& m, const Entities& e);

// Reads a value. Node, relationship and path values become ids, and their
// content goes to *e; with e == nullptr they are rejected (parameters).
Result<Value> GetValue(rpc::Value::Reader r, Entities* e);
Result<ValueMap> GetEntries(capnp::List<rpc::Entry>::Reader r, Entities* e);

// Status <-> Error. The kind is given by the caller on the server (from the
// query layer); on the client the Status code is chosen so that
// query::ToQueryError gives back the same kind.
void SetError(rpc::Error::Builder b, rpc::ErrorKind kind, const std::string& message, int line,
              int column, Status::Code code = Status::Code::kOk);
Status ErrorToStatus(rpc::Error::Reader r);

}  // namespace actorgraph::wire
