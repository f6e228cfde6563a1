// actorgraph client library: a synchronous C++ client for `actorgraph serve`
// (protocol: schema/actorgraph.capnp). Link the `ag_client` target and
// #include "actorgraph/client.h".
//
//   auto c = client::Client::Connect({.address = "127.0.0.1:7687", .token = "s3cret"});
//   auto cur = (*c)->Query("MATCH (n:Actor) RETURN n.name");
//   std::vector<std::vector<Value>> rows;
//   while (true) { auto more = (*cur)->Next(1000, &rows); if (!more.ok() || !*more) break; }
//
// Values arrive typed (common/value.h). Node, relationship and path values are
// internal ids, described by entities() of the batch they came in.
//
// Ownership: a Client owns its connection and event loop; cursors borrow the
// client and must be destroyed before it. Dropping a cursor cancels the query
// on the server and frees its snapshot.
// Thread-safety: a Client and its cursors are used by the thread that
// connected, one call at a time; Clients of one thread share that thread's
// kj event loop (so the thread must not run another kj event loop).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

// Only the base types (Value, Node, Status…): a client does not pull in the
// store or RocksDB.
#include "common/grade.h"
#include "common/model.h"  // Node, Relationship, WriteCounts, DatabaseStats
#include "common/query_options.h"
#include "common/status.h"

namespace actorgraph::client {

struct ConnectOptions {
  std::string address;  // host:port or unix:PATH
  std::string token;
  // TLS: set to a PEM file of the certificate (or CA) to trust; the server's
  // certificate must name `tls_hostname` (default: the host of `address`).
  std::string tls_trust;
  std::string tls_hostname;
};

// Parameters, temporal views, grade and limits: the struct a local run's
// query::RunOptions extends, so one set of flags serves both.
using QueryOptions = actorgraph::QueryOptions;

// Nodes and relationships that result values refer to.
class Entities {
 public:
  // nullptr when the value's entity was not visible in the server's snapshot.
  const Node* FindNode(NodeId id) const;
  const Relationship* FindRel(RelId id) const;
  // External id of a node (also known for relationship ends); "#id" if unknown.
  std::string Xid(NodeId id) const;
  void Clear();

 private:
  friend class Client;
  friend class RemoteCursor;
  std::unordered_map<NodeId, Node> nodes_;
  std::unordered_map<RelId, Relationship> rels_;
  std::unordered_map<NodeId, std::string> xids_;
};

class Client;

class RemoteCursor {
 public:
  ~RemoteCursor();  // cancels the query on the server
  const std::vector<std::string>& columns() const { return columns_; }
  // Appends up to `max` rows. Returns true when more may follow. The entities
  // of these rows replace entities() (they describe this batch only).
  Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows);
  const Entities& entities() const { return entities_; }
  // The plan, with rows and time per operator for PROFILE once drained.
  Result<std::string> Plan();
  // Once drained: how the query's filters shaped the result ("" if nothing
  // to say), as the embedded engine's ResultCursor::Notices().
  const std::string& notices() const { return notices_; }

 private:
  friend class Client;
  struct Impl;
  RemoteCursor(Client* client, std::unique_ptr<Impl> impl, std::vector<std::string> columns);
  Client* client_;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> columns_;
  Entities entities_;
  bool done_ = false;
  std::string notices_;
};

struct WriteOutcome {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  Entities entities;
  std::string summary;  // "transaction N: nodes …"
};

struct RemoteStats {
  DatabaseStats stats;
  std::string database;  // the directory on the server
};

struct ImportRequest {
  std::string format;                          // jsonl, ftm, acled, …
  std::vector<std::string> files;              // local files to send
  std::map<std::string, std::string> options;  // sourceGrade, onError, encoding, dryRun
  size_t chunk_bytes = 256 * 1024;
};

struct ImportSummary {
  uint64_t records = 0, imported = 0, rejected = 0;
  TxnId txn = 0;
  double seconds = 0;
  std::vector<std::string> warnings;
  WriteCounts nodes, rels, claims;
  std::string rejects;  // rejected records with reasons (JSON lines)
};

class Client {
 public:
  // Connects and logs in. A bad token fails with PermissionDenied-like
  // InvalidArgument "invalid token"; nothing is reachable then.
  static Result<std::unique_ptr<Client>> Connect(const ConnectOptions& options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const std::string& role() const { return role_; }  // "reader" or "writer"
  bool can_write() const { return role_ == "writer"; }

  // A read-only statement; rows come through the cursor in batches.
  Result<std::unique_ptr<RemoteCursor>> Query(const std::string& text,
                                              const QueryOptions& options = {});
  // A statement that may write (writers only); all rows at once.
  Result<WriteOutcome> Write(const std::string& text, const QueryOptions& options = {});
  Result<std::string> Explain(const std::string& text,
                              const std::map<std::string, Value>& params = {});
  Result<RemoteStats> Stats();
  // Streams the files and imports them in one transaction (writers only).
  // On error nothing is committed; the summary, when returned, says what was counted.
  Result<ImportSummary> Import(const ImportRequest& request, ImportSummary* partial = nullptr);

 private:
  struct Impl;
  friend class RemoteCursor;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  std::string role_;
};

}  // namespace actorgraph::client
