#include "actorgraph/client.h"

#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fstream>

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>
#include <kj/compat/tls.h>

#include "server/wire.h"

namespace actorgraph::client {

// ------------------------------------------------------------------ Entities

const Node* Entities::FindNode(NodeId id) const {
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : &it->second;
}

const Relationship* Entities::FindRel(RelId id) const {
  auto it = rels_.find(id);
  return it == rels_.end() ? nullptr : &it->second;
}

std::string Entities::Xid(NodeId id) const {
  if (const Node* n = FindNode(id)) return n->xid;
  if (auto it = xids_.find(id); it != xids_.end()) return it->second;
  return "#" + std::to_string(id);
}

void Entities::Clear() {
  nodes_.clear();
  rels_.clear();
  xids_.clear();
}

namespace {

Status FromKj(const kj::Exception& e, const char* what) {
  std::string d = e.getDescription().cStr();
  const std::string remote = "remote exception: ";
  if (d.rfind(remote, 0) == 0) d = d.substr(remote.size());
  if (e.getType() == kj::Exception::Type::DISCONNECTED)
    return Status::IOError(std::string(what) + ": the connection to the server was lost (" + d +
                           ")");
  return Status::IOError(std::string(what) + ": " + d);
}

void SetOptions(rpc::QueryOptions::Builder b, const QueryOptions& o) {
  if (o.valid_at) {
    wire::SetDate(b.getValidTime().initAt(), *o.valid_at);
  } else if (o.valid_from || o.valid_to) {
    ValidInterval i;
    i.from = o.valid_from;
    i.to = o.valid_to;
    wire::SetInterval(b.getValidTime().initPeriod(), i);
  }
  if (o.system_txn) b.setAsOfTxn(*o.system_txn);
  if (o.min_grade) b.setMinGrade(o.min_grade->ToString());
  b.setTimeLimitMs(static_cast<uint64_t>(o.time_limit.count()));
  b.setRowLimit(o.row_limit);
}

void SetParams(capnp::List<rpc::Entry>::Builder b, const std::map<std::string, Value>& params) {
  wire::Entities none;
  size_t i = 0;
  for (const auto& [k, v] : params) {
    b[i].setKey(k);
    wire::SetValue(b[i].initValue(), v, none);
    ++i;
  }
}

void MoveEntities(wire::Entities&& from, std::unordered_map<NodeId, Node>* nodes,
                  std::unordered_map<RelId, Relationship>* rels,
                  std::unordered_map<NodeId, std::string>* xids) {
  *nodes = std::move(from.nodes);
  *rels = std::move(from.rels);
  *xids = std::move(from.xids);
}

Status ReadRows(capnp::List<rpc::Row>::Reader in, std::vector<std::vector<Value>>* rows,
                wire::Entities* e) {
  for (auto row : in) {
    std::vector<Value> out;
    out.reserve(row.getValues().size());
    for (auto v : row.getValues()) {
      AG_ASSIGN_OR_RETURN(Value x, wire::GetValue(v, e));
      out.push_back(std::move(x));
    }
    rows->push_back(std::move(out));
  }
  return Status::OK();
}

// ------------------------------------------------------------------ Client

// The thread's event loop, shared by the Clients of one thread (kj allows one
// loop per thread). Created by the first Client, gone with the last.
// TLS to an IP address. kj 0.9's TlsContext checks the server's certificate
// against the name given to wrapClient as a host name only, so a certificate
// that lists the address (subjectAltName IP:127.0.0.1) fails with "hostname
// mismatch". It has no verify hook and keeps its SSL_CTX private; an
// explicit instantiation may name a private member, which reaches it.
using TlsCtxMember = void* kj::TlsContext::*;
struct TlsCtxTag {
  friend TlsCtxMember TlsCtxOf(TlsCtxTag);
};
template <TlsCtxMember M>
struct TlsCtxAccess {
  friend TlsCtxMember TlsCtxOf(TlsCtxTag) { return M; }
};
template struct TlsCtxAccess<&kj::TlsContext::ctx>;

bool IsAddressLiteral(const char* name) {
  unsigned char buf[16];
  return inet_pton(AF_INET, name, buf) == 1 || inet_pton(AF_INET6, name, buf) == 1;
}

// Accepts the one failure "hostname mismatch" on the server's own
// certificate when the name asked for (kj sends it as SNI) is an address
// literal that the certificate lists as an IP subjectAltName. Every other
// check (chain, dates, trust) stands.
int VerifyAllowingIp(int ok, X509_STORE_CTX* store) {
  if (ok) return 1;
  if (X509_STORE_CTX_get_error(store) != X509_V_ERR_HOSTNAME_MISMATCH ||
      X509_STORE_CTX_get_error_depth(store) != 0)
    return 0;
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  const char* name = ssl ? SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) : nullptr;
  X509* cert = X509_STORE_CTX_get_current_cert(store);
  if (!name || !cert || !IsAddressLiteral(name) || X509_check_ip_asc(cert, name, 0) != 1) return 0;
  X509_STORE_CTX_set_error(store, X509_V_OK);
  return 1;
}

void AllowIpCertificates(kj::TlsContext* tls) {
  auto* ctx = static_cast<SSL_CTX*>(tls->*TlsCtxOf(TlsCtxTag{}));
  SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), VerifyAllowingIp);
}

struct ThreadIo {
  kj::AsyncIoContext io = kj::setupAsyncIo();
};

std::shared_ptr<ThreadIo> CurrentThreadIo() {
  thread_local std::weak_ptr<ThreadIo> current;
  std::shared_ptr<ThreadIo> io = current.lock();
  if (!io) {
    io = std::make_shared<ThreadIo>();
    current = io;
  }
  return io;
}

}  // namespace

struct Client::Impl {
  std::shared_ptr<ThreadIo> thread_io = CurrentThreadIo();
  kj::AsyncIoContext& io = thread_io->io;
  kj::Own<kj::TlsCertificate> trust;
  kj::Own<kj::TlsContext> tls;
  kj::Own<kj::AsyncIoStream> stream;
  kj::Own<capnp::TwoPartyVatNetwork> network;
  kj::Own<capnp::RpcSystem<capnp::rpc::twoparty::VatId>> rpc;
  rpc::Reader::Client reader = nullptr;
  rpc::Writer::Client writer = nullptr;
  bool has_writer = false;

  ~Impl() {
    // Capabilities first, then the connection, then the socket.
    reader = nullptr;
    writer = nullptr;
    rpc = nullptr;
    network = nullptr;
    stream = nullptr;
  }
};

struct RemoteCursor::Impl {
  rpc::Cursor::Client cursor = nullptr;
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

Result<std::unique_ptr<Client>> Client::Connect(const ConnectOptions& options) {
  auto impl = std::make_unique<Impl>();
  auto& ws = impl->io.waitScope;
  std::string role;
  try {
    auto addr = impl->io.provider->getNetwork().parseAddress(options.address, 7687).wait(ws);
    impl->stream = addr->connect().wait(ws);
    if (!options.tls_trust.empty()) {
      std::ifstream in(options.tls_trust, std::ios::binary);
      if (!in) return Status::IOError("cannot read " + options.tls_trust);
      std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      impl->trust = kj::heap<kj::TlsCertificate>(kj::StringPtr(pem.c_str()));
      kj::TlsContext::Options o;
      o.useSystemTrustStore = false;
      o.trustedCertificates = kj::arrayPtr(impl->trust.get(), 1);
      impl->tls = kj::heap<kj::TlsContext>(kj::mv(o));
      AllowIpCertificates(impl->tls.get());
      std::string host = options.tls_hostname;
      if (host.empty()) {
        host = options.address.substr(0, options.address.rfind(':'));
        if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
      }
      impl->stream = impl->tls->wrapClient(kj::mv(impl->stream), host).wait(ws);
    }
    // Read replies with the protocol's limits (large batches, deep values),
    // not Cap'n Proto's defaults.
    impl->network = kj::heap<capnp::TwoPartyVatNetwork>(
        *impl->stream, capnp::rpc::twoparty::Side::CLIENT, wire::MessageReaderOptions());
    impl->rpc = kj::heap<capnp::RpcSystem<capnp::rpc::twoparty::VatId>>(
        capnp::makeRpcClient(*impl->network));
    capnp::MallocMessageBuilder vat;
    auto server_id = vat.initRoot<capnp::rpc::twoparty::VatId>();
    server_id.setSide(capnp::rpc::twoparty::Side::SERVER);
    auto gateway = impl->rpc->bootstrap(server_id).castAs<rpc::Gateway>();
    auto req = gateway.loginRequest();
    req.setToken(options.token);
    auto resp = req.send().wait(ws);
    role = resp.getRole();
    impl->reader = resp.getReader();
    // A reader session's `writer` is a capability that refuses every call
    // (never null), so the role says whether the session may write.
    if (role == "writer" && resp.hasWriter()) {
      impl->writer = resp.getWriter();
      impl->has_writer = true;
    }
  } catch (const kj::Exception& e) {
    const std::string d = e.getDescription().cStr();
    if (d.find("invalid token") != std::string::npos)
      return Status::InvalidArgument("login refused by " + options.address + ": invalid token");
    return FromKj(e, ("cannot connect to " + options.address).c_str());
  }
  std::unique_ptr<Client> c(new Client(std::move(impl)));
  c->role_ = role;
  return c;
}

Result<std::unique_ptr<RemoteCursor>> Client::Query(const std::string& text,
                                                    const QueryOptions& options) {
  auto& ws = impl_->io.waitScope;
  try {
    auto req = impl_->reader.queryRequest();
    req.setText(text);
    SetParams(req.initParams(options.params.size()), options.params);
    SetOptions(req.initOptions(), options);
    auto pipeline = req.send();
    auto cimpl = std::make_unique<RemoteCursor::Impl>();
    cimpl->cursor = pipeline.getCursor();
    auto resp = pipeline.wait(ws);
    if (resp.hasError()) return wire::ErrorToStatus(resp.getError());
    std::vector<std::string> cols;
    for (auto c : resp.getColumns())
      cols.emplace_back(c);
    return std::unique_ptr<RemoteCursor>(new RemoteCursor(this, std::move(cimpl), std::move(cols)));
  } catch (const kj::Exception& e) {
    return FromKj(e, "query");
  }
}

Result<WriteOutcome> Client::Write(const std::string& text, const QueryOptions& options) {
  if (!impl_->has_writer) return Status::Unsupported("this session may only read (a reader token)");
  auto& ws = impl_->io.waitScope;
  try {
    auto req = impl_->writer.writeRequest();
    req.setText(text);
    SetParams(req.initParams(options.params.size()), options.params);
    SetOptions(req.initOptions(), options);
    auto resp = req.send().wait(ws);
    if (resp.hasError()) return wire::ErrorToStatus(resp.getError());
    WriteOutcome out;
    for (auto c : resp.getColumns())
      out.columns.emplace_back(c);
    wire::Entities e;
    AG_RETURN_IF_ERROR(ReadRows(resp.getRows(), &out.rows, &e));
    MoveEntities(std::move(e), &out.entities.nodes_, &out.entities.rels_, &out.entities.xids_);
    out.summary = resp.getSummary();
    return out;
  } catch (const kj::Exception& e) {
    return FromKj(e, "write");
  }
}

Result<std::string> Client::Explain(const std::string& text,
                                    const std::map<std::string, Value>& params) {
  auto& ws = impl_->io.waitScope;
  try {
    auto req = impl_->reader.explainRequest();
    req.setText(text);
    SetParams(req.initParams(params.size()), params);
    auto resp = req.send().wait(ws);
    if (resp.hasError()) return wire::ErrorToStatus(resp.getError());
    return std::string(resp.getPlan());
  } catch (const kj::Exception& e) {
    return FromKj(e, "explain");
  }
}

Result<RemoteStats> Client::Stats() {
  auto& ws = impl_->io.waitScope;
  try {
    auto resp = impl_->reader.statsRequest().send().wait(ws);
    if (resp.hasError()) return wire::ErrorToStatus(resp.getError());
    auto s = resp.getStats();
    RemoteStats out;
    out.stats.nodes = s.getNodes();
    out.stats.relationships = s.getRelationships();
    out.stats.claims = s.getClaims();
    out.stats.last_txn = s.getLastTxn();
    out.stats.disk_bytes = s.getDiskBytes();
    for (auto c : s.getNodesPerLabel())
      out.stats.nodes_per_label.emplace_back(c.getName(), c.getCount());
    for (auto c : s.getRelsPerType())
      out.stats.rels_per_type.emplace_back(c.getName(), c.getCount());
    out.database = s.getDatabase();
    return out;
  } catch (const kj::Exception& e) {
    return FromKj(e, "stats");
  }
}

Result<ImportSummary> Client::Import(const ImportRequest& request, ImportSummary* partial) {
  if (!impl_->has_writer) return Status::Unsupported("this session may only read (a reader token)");
  if (request.files.empty()) return Status::InvalidArgument("name at least one file");
  std::vector<std::unique_ptr<std::ifstream>> inputs;
  for (const auto& f : request.files) {
    inputs.push_back(std::make_unique<std::ifstream>(f, std::ios::binary));
    if (!*inputs.back()) return Status::IOError(f + ": cannot read");
  }
  auto& ws = impl_->io.waitScope;
  try {
    auto req = impl_->writer.importRequest();
    req.setFormat(request.format);
    auto opts = req.initOptions(request.options.size());
    size_t i = 0;
    for (const auto& [k, v] : request.options) {
      opts[i].setName(k);
      opts[i].setValue(v);
      ++i;
    }
    auto resp = req.send().wait(ws);
    if (resp.hasError()) return wire::ErrorToStatus(resp.getError());
    rpc::ImportSink::Client sink = resp.getSink();
    std::vector<kj::byte> buf(std::max<size_t>(request.chunk_bytes, 4096));
    for (size_t f = 0; f < request.files.size(); ++f) {
      auto fr = sink.fileRequest();
      fr.setName(request.files[f]);
      fr.send().wait(ws);
      auto& in = *inputs[f];
      while (in) {
        in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
        const size_t n = static_cast<size_t>(in.gcount());
        if (n == 0) break;
        auto cr = sink.chunkRequest();
        cr.setData(kj::arrayPtr(buf.data(), n));
        cr.send().wait(ws);  // resolves as soon as flow control allows the next chunk
      }
    }
    auto done = sink.commitRequest().send().wait(ws);
    auto s = done.getSummary();
    ImportSummary out;
    out.records = s.getRecords();
    out.imported = s.getImported();
    out.rejected = s.getRejected();
    out.txn = s.getTxn();
    out.seconds = s.getSeconds();
    for (auto w : s.getWarnings())
      out.warnings.emplace_back(w);
    auto counts = [](rpc::WriteCounts::Reader r) {
      actorgraph::WriteCounts c;
      c.created = r.getCreated();
      c.updated = r.getUpdated();
      c.unchanged = r.getUnchanged();
      c.deleted = r.getDeleted();
      return c;
    };
    out.nodes = counts(s.getNodes());
    out.rels = counts(s.getRelationships());
    out.claims = counts(s.getClaims());
    auto rej = s.getRejects();
    out.rejects.assign(reinterpret_cast<const char*>(rej.begin()), rej.size());
    if (done.hasError()) {
      if (partial) *partial = std::move(out);
      return wire::ErrorToStatus(done.getError());
    }
    return out;
  } catch (const kj::Exception& e) {
    return FromKj(e, "import");
  }
}

// ------------------------------------------------------------------ RemoteCursor

RemoteCursor::RemoteCursor(Client* client, std::unique_ptr<Impl> impl,
                           std::vector<std::string> columns)
    : client_(client), impl_(std::move(impl)), columns_(std::move(columns)) {}

RemoteCursor::~RemoteCursor() {
  impl_->cursor = nullptr;  // the release tells the server to cancel and free the snapshot
  try {
    client_->impl_->io.waitScope.poll();  // send it now
  } catch (const kj::Exception&) {
  }
}

Result<bool> RemoteCursor::Next(size_t max, std::vector<std::vector<Value>>* rows) {
  entities_.Clear();
  if (done_) return false;
  auto& ws = client_->impl_->io.waitScope;
  try {
    auto req = impl_->cursor.nextRequest();
    req.setMax(static_cast<uint32_t>(std::min<size_t>(std::max<size_t>(max, 1), UINT32_MAX)));
    auto resp = req.send().wait(ws);
    if (resp.hasError()) {
      done_ = true;
      return wire::ErrorToStatus(resp.getError());
    }
    wire::Entities e;
    AG_RETURN_IF_ERROR(ReadRows(resp.getRows(), rows, &e));
    MoveEntities(std::move(e), &entities_.nodes_, &entities_.rels_, &entities_.xids_);
    done_ = resp.getDone();
    if (done_) notices_ = resp.getNotices();
    return !done_;
  } catch (const kj::Exception& e) {
    done_ = true;
    return FromKj(e, "query");
  }
}

Result<std::string> RemoteCursor::Plan() {
  auto& ws = client_->impl_->io.waitScope;
  try {
    auto resp = impl_->cursor.planRequest().send().wait(ws);
    return std::string(resp.getText());
  } catch (const kj::Exception& e) {
    return FromKj(e, "plan");
  }
}

}  // namespace actorgraph::client
