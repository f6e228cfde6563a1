// A client in another language: capnp-es 0.0.16 (TypeScript/JavaScript Cap'n
// Proto) code generated from schema/actorgraph.capnp drives a running server
// over RPC: it logs in, runs queries, reads cursors to the end and decodes
// every value kind. Run by tests/server/node_client_test.cc, which installs
// capnp-es, generates ./gen/actorgraph.js and starts the server.
//
// usage: node client.mjs ADDRESS TOKEN   (ADDRESS: unix:PATH or HOST:PORT)
// Prints one JSON object per line ({"check": ..., ...}); exits 1 on a failure.
import net from "node:net";
import { once } from "node:events";
import * as capnp from "capnp-es";
import { Message as RpcMessage } from "capnp-es/capnp/rpc";
import * as ag from "./gen/actorgraph.js";

// capnp-es ships no socket transport: this one frames messages as Cap'n
// Proto's standard serialization (segment table, then segments), queueing
// those that arrive before they are asked for.
class SocketTransport {
  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    this.ready = [];
    this.waiting = [];
    this.closed = false;
    socket.on("data", (d) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      this.parse();
    });
    const end = () => {
      this.closed = true;
      for (const w of this.waiting) w.reject();
      this.waiting = [];
    };
    socket.on("close", end);
    socket.on("error", end);
  }
  parse() {
    while (this.buf.length >= 4) {
      const segments = this.buf.readUInt32LE(0) + 1;
      const head = 4 + 4 * segments + (segments % 2 === 0 ? 4 : 0);
      if (this.buf.length < head) return;
      let words = 0;
      for (let i = 0; i < segments; ++i) words += this.buf.readUInt32LE(4 + 4 * i);
      const total = head + words * 8;
      if (this.buf.length < total) return;
      const frame = this.buf.buffer.slice(this.buf.byteOffset, this.buf.byteOffset + total);
      this.buf = this.buf.subarray(total);
      const msg = new capnp.Message(frame, false).getRoot(RpcMessage);
      if (this.waiting.length) this.waiting.shift().resolve(msg);
      else this.ready.push(msg);
    }
  }
  recvMessage() {
    if (this.ready.length) return Promise.resolve(this.ready.shift());
    if (this.closed) return Promise.reject();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
  sendMessage(msg) {
    this.socket.write(new Uint8Array(msg.segment.message.toArrayBuffer()));
  }
  close() {
    this.socket.end();
  }
}

function list(l, f) {
  const out = [];
  for (let i = 0; i < l.length; ++i) out.push(f(l.get(i)));
  return out;
}

function entries(l) {
  const out = {};
  for (let i = 0; i < l.length; ++i) out[l.get(i).key] = decode(l.get(i).value);
  return out;
}

function node(n) {
  return { xid: n.xid, labels: list(n.labels, (x) => x), name: n.name,
           properties: entries(n.properties), found: n.found };
}

function rel(r) {
  return { xid: r.xid, type: r.type, startXid: r.startXid, endXid: r.endXid,
           properties: entries(r.properties), found: r.found };
}

// Every kind of ag.Value, as JSON (Int64 as a string, so nothing is rounded).
function decode(v) {
  switch (v.which()) {
    case ag.Value.NULL: return null;
    case ag.Value.BOOL: return v.bool;
    case ag.Value.INT: return { int: v.int.toString() };
    case ag.Value.FLOAT: return { float: v.float };
    case ag.Value.TEXT: return v.text;
    case ag.Value.DATE: {
      const d = v.date;
      return { date: { year: d.year, month: d.month, day: d.day, precision: d.precision } };
    }
    case ag.Value.LIST: return list(v.list, decode);
    case ag.Value.MAP: return { map: entries(v.map) };
    case ag.Value.NODE: return { node: node(v.node) };
    case ag.Value.RELATIONSHIP: return { relationship: rel(v.relationship) };
    case ag.Value.PATH: {
      const p = v.path;
      return { path: { nodes: list(p.nodes, node), relationships: list(p.relationships, rel) } };
    }
    default: throw new Error("unknown value kind " + v.which());
  }
}

function say(o) {
  process.stdout.write(JSON.stringify(o) + "\n");
}

// Runs `text`, reading the cursor to the end in batches of `max` rows.
async function query(reader, text, max) {
  const r = await reader.query((p) => { p.text = text; }).promise();
  if (r._hasError() && r.error.kind !== ag.ErrorKind.NONE) return { error: r.error.message };
  const columns = list(r.columns, (c) => c);
  const rows = [];
  let batches = 0;
  while (true) {
    const b = await r.cursor.next((p) => { p.max = max; }).promise();
    ++batches;
    if (b._hasError() && b.error.kind !== ag.ErrorKind.NONE) return { error: b.error.message };
    for (const row of list(b.rows, (x) => x)) rows.push(list(row.values, decode));
    if (b.done) break;
  }
  return { columns, rows, batches };
}

async function main() {
  const [address, token] = process.argv.slice(2);
  const socket = address.startsWith("unix:")
    ? net.connect({ path: address.slice(5) })
    : net.connect({ host: address.slice(0, address.lastIndexOf(":")),
                    port: Number(address.slice(address.lastIndexOf(":") + 1)) });
  await once(socket, "connect");
  const conn = new capnp.Conn(new SocketTransport(socket));
  const gateway = conn.bootstrap(ag.Gateway);

  const login = await gateway.login((p) => { p.token = token; }).promise();
  say({ check: "login", role: login.role });
  const reader = login.reader;

  // A reader's `writer` is a capability that refuses (not a null capability,
  // which capnp-es would read as capability 0: the reader itself).
  try {
    const r = await login.writer.write((p) => { p.text = "RETURN 1"; }).promise();
    say({ check: "writer", answered: true, error: r._hasError() ? r.error.message : "" });
  } catch (e) {
    say({ check: "writer", error: String(e && e.message ? e.message : e) });
  }

  say({ check: "kinds", ...(await query(reader,
    "MATCH p = (a)-[r]->(b) WITH p, a, r, b ORDER BY a.name, type(r), b.name LIMIT 1 " +
    "RETURN null AS n, true AS b, 9007199254740993 AS i, -2.5 AS f, 'Moura ✓' AS t, " +
    "date('2022-03-27') AS d, [1, [2, 'x'], []] AS l, {k: 1, m: {z: false}} AS m, " +
    "a AS node, r AS rel, p AS path", 10)) });

  const counted = await query(reader, "UNWIND range(1, 2500) AS i RETURN i", 1000);
  let sum = 0n;
  for (const row of counted.rows ?? []) sum += BigInt(row[0].int);
  say({ check: "cursor", rows: counted.rows?.length, batches: counted.batches,
        sum: sum.toString(), error: counted.error });

  say({ check: "error", ...(await query(reader, "RETURN nosuchvariable", 10)) });

  conn.shutdown?.();
  socket.destroy();
  say({ check: "end" });
}

main().then(() => process.exit(0), (e) => {
  process.stderr.write("node client failed: " + (e && e.stack ? e.stack : String(e)) + "\n");
  process.exit(1);
});
