# actorgraph RPC protocol: the contract between `actorgraph serve` and its clients.
#
# Any language with a Cap'n Proto implementation can use the server from this file alone.
# Transport: the Cap'n Proto two-party RPC protocol over TCP or a unix socket (optionally
# inside TLS). The bootstrap capability is a `Gateway`.
#
# Authority is by capability: the gateway can only log in. A session capability is what
# lets a client read (a `Reader`) or also write (a `Writer`). Nothing else is reachable
# without logging in, and holding a capability is the authority; there are no other checks.
#
# Errors people can cause (a syntax error, a type error, a limit) come back as an `Error`
# in the results, with a kind and a position, not as RPC exceptions. RPC exceptions mean a
# bad token, a broken connection, or a bug.
#
# Compatibility: fields and methods are only ever added, with new ordinals, never
# renumbered or removed. Unknown fields are ignored by old readers, as Cap'n Proto does.

@0x84d48fd76d9cbc16;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("actorgraph::rpc");

# ------------------------------------------------------------------ values

enum DatePrecision {
  year @0;
  month @1;
  day @2;
}

# A calendar date known to year, month or day precision (`2022`, `2022-03`, `2022-03-27`).
# `month` and `day` are 0 when unknown.
struct Date {
  year @0 :Int32;
  month @1 :UInt8;
  day @2 :UInt8;
  precision @3 :DatePrecision;
}

# A valid-time interval [from, to); an absent end is open.
struct Interval {
  from @0 :Date;      # unset: open start
  to @1 :Date;        # unset: open end
  toLatest @2 :Date;  # set: the end is only known to fall between `to` and this date
}

struct Entry {
  key @0 :Text;
  value @1 :Value;
}

# A node as the result's snapshot held it. `id` is the internal id (stable for the life of
# the database); `xid` the external id (`wagner-group`).
struct Node {
  id @0 :UInt64;
  xid @1 :Text;
  labels @2 :List(Text);
  name @3 :Text;
  properties @4 :List(Entry);   # sorted by key
  valid @5 :Interval;           # unset: always valid
  found @6 :Bool;               # false when the node is not visible in the snapshot
}

struct Relationship {
  id @0 :UInt64;
  xid @1 :Text;
  type @2 :Text;
  start @3 :UInt64;     # internal id of the source node
  end @4 :UInt64;       # internal id of the target node
  startXid @5 :Text;
  endXid @6 :Text;
  properties @7 :List(Entry);
  valid @8 :Interval;
  found @9 :Bool;       # false when not visible in the snapshot
}

# Nodes and relationships alternate: nodes.size = relationships.size + 1.
struct Path {
  nodes @0 :List(Node);
  relationships @1 :List(Relationship);
}

# A typed value of a query result or a parameter. Node, relationship and path values occur
# only in results (a parameter that is one is rejected).
struct Value {
  union {
    null @0 :Void;
    bool @1 :Bool;
    int @2 :Int64;
    float @3 :Float64;
    text @4 :Text;
    date @5 :Date;
    list @6 :List(Value);
    map @7 :List(Entry);   # sorted by key, unique keys
    node @8 :Node;
    relationship @9 :Relationship;
    path @10 :Path;
  }
}

struct Row {
  values @0 :List(Value);   # one per column
}

# ------------------------------------------------------------------ errors

enum ErrorKind {
  none @0;
  syntax @1;      # the text does not parse
  semantic @2;    # unknown variable, a write that breaks the ontology, …
  type @3;        # a value of the wrong type
  runtime @4;     # anything else while running
  limit @5;       # time limit, row limit or cancelled
  storage @6;     # the store failed
  permission @7;  # e.g. a writing statement sent to `query`
  invalid @8;     # bad request: an unknown import format, a bad option, …
}

struct Error {
  kind @0 :ErrorKind;
  message @1 :Text;    # full text, with the caret excerpt when there is one
  line @2 :UInt32;     # 1-based; 0 when the error has no position
  column @3 :UInt32;
  # The engine's status code (common/status.h), for clients that print errors exactly as
  # the CLI does: 1 invalid argument, 2 not found, 3 ontology, 4 conflict, 5 I/O error,
  # 6 corruption, 7 unsupported, 8 cancelled, 9 internal; 0 when not given.
  statusCode @4 :UInt8;
}

# ------------------------------------------------------------------ queries

struct QueryOptions {
  # Valid time: keep facts valid at a date, or during a period [from, to).
  validTime :union {
    any @0 :Void;        # default: no valid-time filter
    at @1 :Date;
    period @2 :Interval;
  }
  # System time: read the database as of this transaction (0: the latest).
  asOfTxn @3 :UInt64;
  # Keep only facts asserted at this Admiralty grade or better, e.g. "B2" ("" for none).
  minGrade @4 :Text;
  # Stop with a `limit` error after this many milliseconds (0: none; the server may cap it).
  timeLimitMs @5 :UInt64;
  # Stop with a `limit` error after this many rows (0: none).
  rowLimit @6 :UInt64;
}

# A running query. Rows are computed as they are asked for; the snapshot is held until the
# cursor is dropped (or the connection closes), which also cancels the query.
interface Cursor {
  # Up to `max` rows (the server caps `max` at 10000). `done` is true when no rows follow.
  # On error, `error` is set and the cursor is finished. Calls on one cursor are answered
  # in order, one batch at a time; the server builds a batch only when asked and while the
  # client reads its earlier replies. Cancelling a `next` call cancels the query.
  # With the last batch (`done`), `notices` says how the query's filters shaped the result
  # (e.g. undated facts left out of a valid-time query), as the embedded engine says it.
  next @0 (max :UInt32) -> (rows :List(Row), done :Bool, error :Error, notices :Text);

  # The plan with rows and time per operator (meaningful once drained, for PROFILE).
  plan @1 () -> (text :Text);
}

struct Count {
  name @0 :Text;
  count @1 :UInt64;
}

struct Stats {
  nodes @0 :UInt64;
  relationships @1 :UInt64;
  claims @2 :UInt64;
  lastTxn @3 :UInt64;
  nodesPerLabel @4 :List(Count);   # sorted by name
  relsPerType @5 :List(Count);     # sorted by name
  diskBytes @6 :UInt64;
  database @7 :Text;               # the database directory on the server
}

# ------------------------------------------------------------------ sessions

# What every session can do. Statements sent to `query` must not write.
interface Reader {
  # Starts a read-only statement. On success `columns` and `cursor` are set; on error
  # `error` is set and `cursor` fails every call (it is never null). Pipelining
  # `query(...).cursor.next(n)` gets the first rows in one round trip. The server caps
  # `timeLimitMs` and `rowLimit` and the number of open cursors per connection.
  query @0 (text :Text, params :List(Entry), options :QueryOptions)
      -> (columns :List(Text), cursor :Cursor, error :Error);

  # The plan of a statement, without running it.
  explain @1 (text :Text, params :List(Entry)) -> (plan :Text, error :Error);

  stats @2 () -> (stats :Stats, error :Error);

  # "reader" or "writer".
  role @3 () -> (role :Text);
}

struct WriteCounts {
  created @0 :UInt64;
  updated @1 :UInt64;
  unchanged @2 :UInt64;
  deleted @3 :UInt64;
}

struct ImportSummary {
  records @0 :UInt64;     # source records read
  imported @1 :UInt64;    # records written (or, in a dry run, that would be)
  rejected @2 :UInt64;    # records skipped (with onError = "skip")
  txn @3 :UInt64;         # the transaction committed; 0 when nothing was
  seconds @4 :Float64;
  warnings @5 :List(Text);
  nodes @6 :WriteCounts;
  relationships @7 :WriteCounts;
  claims @8 :WriteCounts;
  rejects @9 :Data;       # the rejected records with reasons (JSON lines; first 8 MiB)
}

# An import in progress: send `file`, then that file's chunks, for each file, then `commit`.
# Keep the capability until `commit` resolves. Dropping it without commit discards
# everything sent.
interface ImportSink {
  # Starts a file; `name` is the file's name as the source will cite it.
  file @0 (name :Text) -> stream;
  # The next bytes of the current file.
  chunk @1 (data :Data) -> stream;
  # Imports everything sent in one transaction. On error nothing is committed.
  commit @2 () -> (summary :ImportSummary, error :Error);
}

struct Option {
  name @0 :Text;
  value @1 :Text;
}

# A session that may also write. A Writer is also a Reader.
interface Writer extends(Reader) {
  # Runs a statement that may write (CREATE, MERGE, SET, DELETE, …) in one transaction and
  # returns all its rows at once. Writers are serialised on the server.
  write @0 (text :Text, params :List(Entry), options :QueryOptions)
      -> (columns :List(Text), rows :List(Row), summary :Text, error :Error);

  # Starts an import; on error `sink` fails every call. `format` is one of the server's import formats (jsonl, ftm, acled,
  # neo4j-csv, un-sanctions, ofac, un-report). Options: sourceGrade (e.g. "B2"),
  # onError ("abort" or "skip"), encoding ("auto", "utf-8", "latin-1"), dryRun ("true"),
  # published (a list version's date, e.g. "2022-09-29": see import --published).
  import @1 (format :Text, options :List(Option)) -> (sink :ImportSink, error :Error);
}

# The bootstrap capability.
interface Gateway {
  # Exchanges a token for a session. For a writer token both fields hold the same session;
  # for a reader token `writer` is a capability that fails every call ("this session may
  # only read"): results never carry a null capability, so check `role`. A bad token fails
  # the call (an RPC exception "invalid token") and returns nothing; each failure on a
  # connection is answered later than the one before, and after a few the server closes
  # the connection. A server started without a tokens file accepts only loopback and
  # unix-socket clients, and any token (even "") gives a writer session.
  #
  # Before login, the server accepts only small messages (64 KiB by default).
  login @0 (token :Text) -> (role :Text, reader :Reader, writer :Writer);
}
