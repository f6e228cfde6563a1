// Key layouts and record encodings; the prose version is docs/storage-format.md.
#include "engine/store_core.h"

#include <algorithm>

#include "engine/coding.h"

namespace actorgraph {

using namespace coding;

const char* CfName(int c) {
  static const char* kNames[] = {"default", "meta",   "nodes", "rels",  "out",
                                 "in",      "claims", "xid",   "index", "history"};
  return kNames[c];
}

StoreCore::~StoreCore() {
  published.reset();
  if (db) {
    for (auto* h : cf)
      if (h && h != db->DefaultColumnFamily()) db->DestroyColumnFamilyHandle(h);
    db->Close();
  }
}

std::shared_ptr<const rocksdb::Snapshot> StoreCore::NewSnapshot() const {
  rocksdb::DB* d = db.get();
  return std::shared_ptr<const rocksdb::Snapshot>(
      d->GetSnapshot(), [d](const rocksdb::Snapshot* s) { d->ReleaseSnapshot(s); });
}

std::string NodeKey(NodeId id) {
  std::string k;
  PutBE64(&k, id);
  return k;
}
std::string RelKey(RelId id) {
  return NodeKey(id);
}

void AppendAdjKey(std::string* k, NodeId self, uint32_t type, NodeId other, RelId rel) {
  PutBE64(k, self);
  PutBE32(k, type);
  PutBE64(k, other);
  PutBE64(k, rel);
}

std::string AdjKey(NodeId self, uint32_t type, NodeId other, RelId rel) {
  std::string k;
  k.reserve(28);
  AppendAdjKey(&k, self, type, other, rel);
  return k;
}

std::string ClaimKey(TargetKind kind, uint64_t target, ClaimId id) {
  std::string k(1, static_cast<char>(kind));
  PutBE64(&k, target);
  PutBE64(&k, id);
  return k;
}

std::string XidKey(char kind, std::string_view xid) {
  std::string k;
  AppendXidKey(&k, kind, xid);
  return k;
}

void AppendXidKey(std::string* k, char kind, std::string_view xid) {
  k->push_back(kind);
  k->append(xid);
}

std::string HistoryKey(char kind, uint64_t id, TxnId version) {
  std::string k(1, kind);
  PutBE64(&k, id);
  PutBE64(&k, ~version);  // newest first
  return k;
}

std::string LabelIndexKey(uint32_t label, NodeId node) {
  std::string k(1, kIdxLabel);
  PutBE32(&k, label);
  PutBE64(&k, node);
  return k;
}

std::string NameIndexKey(std::string_view folded, NodeId node, char prefix) {
  std::string k(1, prefix);
  k.append(folded);
  k.push_back('\0');
  PutBE64(&k, node);
  return k;
}

std::string PropIndexPrefix(uint32_t prop, const Value& v, bool* indexable) {
  std::string k(1, kIdxProp);
  PutBE32(&k, prop);
  *indexable = PutKeyValue(&k, v);
  return k;
}

void AppendAdjValue(std::string* s, const AdjValue& v) {
  PutVarint(s, v.created);
  PutVarint(s, v.deleted);
  PutVarint(s, v.version);
  PutInterval(s, v.valid);
}

std::string EncodeAdjValue(const AdjValue& v) {
  std::string s;
  AppendAdjValue(&s, v);
  return s;
}

bool DecodeAdjValue(std::string_view in, AdjValue* v) {
  return GetVarint(&in, &v->created) && GetVarint(&in, &v->deleted) &&
         GetVarint(&in, &v->version) && GetInterval(&in, &v->valid);
}

std::string EncodeLiveness(TxnId created, TxnId deleted) {
  std::string s;
  PutVarint(&s, created);
  PutVarint(&s, deleted);
  return s;
}

bool DecodeLiveness(std::string_view in, TxnId* created, TxnId* deleted) {
  return GetVarint(&in, created) && GetVarint(&in, deleted);
}

uint32_t InternName(const std::string& name, Dictionary* dict, std::vector<uint32_t>* new_ids) {
  bool is_new = false;
  uint32_t id = dict->Intern(name, &is_new);
  if (is_new && new_ids) new_ids->push_back(id);
  return id;
}

namespace {

void PutProps(std::string* s, const ValueMap& props, Dictionary* dict,
              std::vector<uint32_t>* new_ids) {
  PutVarint(s, props.size());
  for (const auto& [k, v] : props) {
    PutVarint(s, InternName(k, dict, new_ids));
    PutValue(s, v);
  }
}

bool GetProps(std::string_view* in, const Dictionary& dict, ValueMap* props) {
  uint64_t n;
  if (!GetVarint(in, &n) || n > in->size()) return false;
  props->clear();
  props->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t id;
    Value v;
    if (!GetVarint(in, &id) || !GetValue(in, &v)) return false;
    props->emplace_back(dict.Name(static_cast<uint32_t>(id)), std::move(v));
  }
  std::sort(props->begin(), props->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return true;
}
}  // namespace

void AppendNodeRecord(std::string* s, const Node& n, Dictionary* dict,
                      std::vector<uint32_t>* new_ids) {
  PutVarint(s, n.version);
  PutString(s, n.xid);
  PutVarint(s, n.labels.size());
  for (const auto& l : n.labels)
    PutVarint(s, InternName(l, dict, new_ids));
  PutString(s, n.name);
  PutVarint(s, n.aliases.size());
  for (const auto& a : n.aliases) {
    PutString(s, a.name);
    PutInterval(s, a.valid);
  }
  PutInterval(s, n.valid);
  PutProps(s, n.props, dict, new_ids);
}

std::string EncodeNode(const Node& n, Dictionary* dict, std::vector<uint32_t>* new_ids) {
  std::string s;
  AppendNodeRecord(&s, n, dict, new_ids);
  return s;
}

bool DecodeNode(std::string_view in, const Dictionary& dict, NodeId id, Node* out) {
  out->id = id;
  uint64_t n;
  if (!GetVarint(&in, &out->version) || !GetString(&in, &out->xid) || !GetVarint(&in, &n) ||
      n > in.size())
    return false;
  out->labels.resize(n);
  for (auto& l : out->labels) {
    uint64_t lid;
    if (!GetVarint(&in, &lid)) return false;
    l = dict.Name(static_cast<uint32_t>(lid));
  }
  if (!GetString(&in, &out->name) || !GetVarint(&in, &n) || n > in.size()) return false;
  out->aliases.resize(n);
  for (auto& a : out->aliases)
    if (!GetString(&in, &a.name) || !GetInterval(&in, &a.valid)) return false;
  return GetInterval(&in, &out->valid) && GetProps(&in, dict, &out->props);
}

void AppendRelRecord(std::string* s, const Relationship& r, uint32_t type, Dictionary* dict,
                     std::vector<uint32_t>* new_ids) {
  PutVarint(s, r.version);
  PutString(s, r.xid);
  PutVarint(s, type);
  PutVarint(s, r.src);
  PutVarint(s, r.dst);
  PutInterval(s, r.valid);
  PutProps(s, r.props, dict, new_ids);
}

std::string EncodeRel(const Relationship& r, Dictionary* dict, std::vector<uint32_t>* new_ids) {
  std::string s;
  const uint32_t type = InternName(r.type, dict, new_ids);  // before the properties' names
  AppendRelRecord(&s, r, type, dict, new_ids);
  return s;
}

bool DecodeRel(std::string_view in, const Dictionary& dict, RelId id, Relationship* out) {
  out->id = id;
  uint64_t type;
  if (!GetVarint(&in, &out->version) || !GetString(&in, &out->xid) || !GetVarint(&in, &type) ||
      !GetVarint(&in, &out->src) || !GetVarint(&in, &out->dst) || !GetInterval(&in, &out->valid))
    return false;
  out->type = dict.Name(static_cast<uint32_t>(type));
  return GetProps(&in, dict, &out->props);
}

std::string EncodeClaim(const Claim& c, TxnId deleted) {
  std::string s;
  PutVarint(&s, c.recorded);
  PutVarint(&s, deleted);
  PutString(&s, c.xid);
  s.push_back(static_cast<char>(c.target_kind));
  PutVarint(&s, c.target);
  PutString(&s, c.property);
  s.push_back(c.value ? 1 : 0);
  if (c.value) PutValue(&s, *c.value);
  PutVarint(&s, c.source);
  PutString(&s, c.locator);
  PutString(&s, c.quote);
  PutVarint(&s, c.claimant.value_or(0));
  s.push_back(static_cast<char>(c.stance));
  s.append(c.grade ? c.grade->ToString() : std::string("--"));
  PutString(&s, c.note);
  return s;
}

bool DecodeClaim(std::string_view in, ClaimId id, Claim* out, TxnId* deleted) {
  out->id = id;
  uint64_t claimant;
  if (!GetVarint(&in, &out->recorded) || !GetVarint(&in, deleted) || !GetString(&in, &out->xid) ||
      in.empty())
    return false;
  out->target_kind = static_cast<TargetKind>(in[0]);
  in.remove_prefix(1);
  if (!GetVarint(&in, &out->target) || !GetString(&in, &out->property) || in.empty()) return false;
  const bool has_value = in[0] != 0;
  in.remove_prefix(1);
  out->value.reset();
  if (has_value) {
    Value v;
    if (!GetValue(&in, &v)) return false;
    out->value = std::move(v);
  }
  if (!GetVarint(&in, &out->source) || !GetString(&in, &out->locator) ||
      !GetString(&in, &out->quote) || !GetVarint(&in, &claimant) || in.size() < 3)
    return false;
  out->claimant = claimant ? std::optional<NodeId>(claimant) : std::nullopt;
  out->stance = static_cast<Stance>(in[0]);
  std::string_view g = in.substr(1, 2);
  in.remove_prefix(3);
  out->grade.reset();
  if (g != "--") {
    auto gr = Grade::Parse(g);
    if (!gr.ok()) return false;
    out->grade = *gr;
  }
  return GetString(&in, &out->note);
}

std::string EncodeTxnInfo(const TxnInfo& t) {
  std::string s;
  PutVarint(&s, static_cast<uint64_t>(t.unix_micros));
  PutString(&s, t.description);
  return s;
}

bool DecodeTxnInfo(std::string_view in, TxnId id, TxnInfo* out) {
  out->id = id;
  uint64_t micros;
  if (!GetVarint(&in, &micros) || !GetString(&in, &out->description)) return false;
  out->unix_micros = static_cast<int64_t>(micros);
  return true;
}

}  // namespace actorgraph
