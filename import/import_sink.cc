#include "import/import_sink.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "common/text_match.h"
#include "import/identifiers.h"
#include "import/sha256.h"

namespace actorgraph {

namespace {

Status CheckId(const std::string& xid, const std::string& what) {
  if (xid.empty()) return Status::InvalidArgument(what + ": empty id");
  if (xid.size() > 512) return Status::InvalidArgument(what + ": id longer than 512 bytes");
  for (unsigned char c : xid)
    if (c < 0x20 || c == 0x7f)
      return Status::InvalidArgument(what + ": control character in id '" + xid + "'");
  return Status::OK();
}

bool HasAlias(const Node& n, const std::string& name) {
  if (n.name == name) return true;
  for (const auto& a : n.aliases)
    if (a.name == name) return true;
  return false;
}

}  // namespace

ImportSink::ImportSink(WriteTxn* txn, const Ontology* ontology, const ImportOptions& options,
                       ImportReport* report, std::unordered_map<std::string, std::string> redirects,
                       uint64_t total_bytes)
    : txn_(txn),
      ontology_(ontology),
      options_(options),
      report_(report),
      redirects_(std::move(redirects)),
      meter_(options.info, options.progress, total_bytes) {}

ImportSink::~ImportSink() = default;

Result<Node> ImportSink::FileDocument(const std::string& format, const std::string& path,
                                      const std::string& document_type) {
  uint64_t bytes = 0;
  AG_ASSIGN_OR_RETURN(std::string hash, Sha256File(path, &bytes));
  const std::string base = std::filesystem::path(path).filename().string();
  Node d;
  d.xid = "doc:sha256:" + hash;
  d.labels = {"Document"};
  d.name = base;
  d.props = {{"document_type", Value(document_type)},
             {"file", Value(base)},
             {"format", Value(format)},
             {"sha256", Value(hash)},
             {"bytes", Value(static_cast<int64_t>(bytes))}};
  return d;
}

Status ImportSink::SetFileDocument(const std::string& format, const std::string& path,
                                   const std::string& document_type) {
  auto it = file_docs_.find(path);
  if (it == file_docs_.end()) {
    AG_ASSIGN_OR_RETURN(Node d, FileDocument(format, path, document_type));
    it = file_docs_.emplace(path, std::move(d)).first;
  }
  if (doc_xid_ == it->second.xid) return Status::OK();
  return SetDocument(it->second);
}

void ImportSink::FieldWarning(const std::string& file, const std::string& where,
                              const std::string& field, const std::string& raw,
                              const std::string& why) {
  std::string shown = raw.size() > 200 ? raw.substr(0, 200) + "…" : raw;
  report_->field_warnings.push_back(file + ": " + where + ": field '" + field + "': " + why +
                                    " ('" + shown + "'); kept as text");
}

void ImportSink::SummarizeFieldWarnings() {
  const auto& fw = report_->field_warnings;
  if (fw.empty()) return;
  report_->warnings.push_back(
      std::to_string(fw.size()) +
      " field(s) could not be read and were kept as raw text; first: " + fw.front());
}

std::string ImportSink::Resolve(const std::string& xid) const {
  if (redirects_.empty()) return xid;
  std::string cur = xid;
  // Follow chains (a merged into b merged into c), guarding against loops.
  for (int i = 0; i < 16; ++i) {
    auto it = redirects_.find(cur);
    if (it == redirects_.end()) break;
    cur = it->second;
  }
  return cur;
}

std::optional<NodeId> ImportSink::FindNode(const std::string& xid) const {
  return txn_->FindNode(Resolve(xid));
}

std::optional<std::string> ImportSink::UniqueByName(const std::string& name,
                                                    const std::string& label) const {
  auto found = txn_->base().FindByName(name, false, 8);
  if (!found.ok()) return std::nullopt;
  std::optional<std::string> hit;
  for (const auto& m : *found) {
    Node n;
    if (!txn_->base().GetNode(m.node, &n).ok()) continue;
    bool fits = false;
    for (const auto& l : n.labels)
      fits |= ontology_->IsA(l, label);
    if (!fits) continue;
    if (hit) return std::nullopt;  // ambiguous: let the analyst resolve it
    hit = n.xid;
  }
  return hit;
}

namespace {
// Sorted by key, first value of a key kept (Node::Prop searches sorted props).
void SortUnique(ValueMap* props) {
  std::stable_sort(props->begin(), props->end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  props->erase(std::unique(props->begin(), props->end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               props->end());
}
}  // namespace

Node ImportSink::Combine(Node incoming, const Node* existing, bool redirected) const {
  SortUnique(&incoming.props);
  if (!existing) return incoming;
  Node out;
  if (redirected || add_only_) {
    // The entity was merged away (or the source is older than the database):
    // what the source says feeds the kept one.
    out = *existing;
    if (!HasAlias(out, incoming.name)) out.aliases.push_back({incoming.name, {}});
    for (const auto& a : incoming.aliases)
      if (!HasAlias(out, a.name)) out.aliases.push_back(a);
    for (const auto& [k, v] : incoming.props)
      if (!out.Prop(k)) out.props.emplace_back(k, v);
  } else {
    out = std::move(incoming);
    out.id = existing->id;
    // A source that renames an entity (a newer list version) keeps the
    // earlier name as an alias: imports never remove what was said.
    if (!existing->name.empty() && existing->name != out.name && !HasAlias(out, existing->name))
      out.aliases.push_back({existing->name, {}});
    for (const auto& a : existing->aliases)
      if (!HasAlias(out, a.name)) out.aliases.push_back(a);
    // A source that gives an alias without dates does not erase the dates
    // another gave it (e.g. the versions of a list that show it).
    for (auto& a : out.aliases)
      if (a.valid.unbounded())
        for (const auto& had : existing->aliases)
          if (had.name == a.name) a.valid = had.valid;
    for (const auto& [k, v] : existing->props)
      if (!out.Prop(k)) out.props.emplace_back(k, v);
    if (out.valid.unbounded()) out.valid = existing->valid;
  }
  for (const auto& l : existing->labels)
    if (std::find(out.labels.begin(), out.labels.end(), l) == out.labels.end())
      out.labels.push_back(l);
  std::sort(out.labels.begin(), out.labels.end());
  SortUnique(&out.props);
  return out;
}

Status ImportSink::SetDocument(Node doc) {
  Node existing;
  std::optional<NodeId> id = txn_->FindNode(doc.xid);
  if (id) AG_RETURN_IF_ERROR(txn_->GetNode(*id, &existing));
  Node n;
  if (id && doc.xid.rfind("doc:sha256:", 0) == 0) {
    // The same bytes again: the document is already there; a new name for
    // it becomes an alias.
    n = existing;
    if (!HasAlias(n, doc.name)) {
      n.aliases.push_back({doc.name, {}});
      AG_RETURN_IF_ERROR(txn_->PutNode(&n).status());
    }
  } else {
    n = Combine(doc, id ? &existing : nullptr, false);
    AG_RETURN_IF_ERROR(txn_->PutNode(&n).status());
  }
  known_.erase(n.xid);
  doc_xid_ = n.xid;
  doc_id_ = n.id;
  return Status::OK();
}

void ImportSink::Progress(uint64_t records) {
  meter_.Update(records, bytes_);
}

const ImportSink::Known* ImportSink::Lookup(const std::string& xid) {
  if (auto it = known_.find(xid); it != known_.end()) return &it->second;
  auto id = txn_->FindNode(xid);
  Node n;
  if (!id || !txn_->GetNode(*id, &n).ok()) return nullptr;
  return &known_.emplace(xid, Known{*id, std::move(n.labels)}).first->second;
}

namespace {
// The node of this record with this (resolved) id; records stage a handful.
// The last one, as it is the one written.
const Node* Staged(const std::vector<Node>& nodes, const std::string& xid) {
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it)
    if (it->xid == xid) return &*it;
  return nullptr;
}
}  // namespace

Status ImportSink::Validate(RecordWrites* w, std::vector<Node>* final_nodes,
                            std::vector<bool>* skip_node) {
  for (auto& s : w->nodes_) {
    std::string xid = Resolve(s.node.xid);
    const bool redirected = xid != s.node.xid;
    const std::string what = "node '" + xid + "'";
    AG_RETURN_IF_ERROR(CheckId(xid, what));
    if (s.node.name.empty()) return Status::InvalidArgument(what + ": field 'name': empty name");
    if (s.shared) {
      if (const Node* had = Staged(*final_nodes, xid)) {
        final_nodes->push_back(*had);
        skip_node->push_back(true);
        continue;
      }
      // A shared node written before (by this import or earlier) stays as
      // it is: only its id and labels matter to the record.
      if (auto it = known_.find(xid); it != known_.end()) {
        Node n;
        n.xid = std::move(xid);
        n.id = it->second.id;
        n.labels = it->second.labels;
        final_nodes->push_back(std::move(n));
        skip_node->push_back(true);
        continue;
      }
    }
    Node existing;
    std::optional<NodeId> id = txn_->FindNode(xid);
    if (id) {
      AG_RETURN_IF_ERROR(txn_->GetNode(*id, &existing));
      existing.id = *id;
    }
    if (s.shared && id) {
      known_.emplace(xid, Known{*id, existing.labels});
      final_nodes->push_back(std::move(existing));
      skip_node->push_back(true);
      continue;
    }
    // The staged node is not read again (Apply writes final_nodes).
    Node n = Combine(std::move(s.node), id ? &existing : nullptr, redirected);
    n.xid = xid;
    std::sort(n.labels.begin(), n.labels.end());
    n.labels.erase(std::unique(n.labels.begin(), n.labels.end()), n.labels.end());
    std::sort(n.props.begin(), n.props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    n.props.erase(std::remove_if(n.props.begin(), n.props.end(),
                                 [](const auto& e) { return e.second.is_null(); }),
                  n.props.end());
    AG_RETURN_IF_ERROR(ontology_->CheckNode(what, n.labels, &n.props));
    if (Status v = n.valid.Validate(); !v.ok())
      return Status::InvalidArgument(what + ": validity: " + v.message());
    std::vector<Alias> aliases;
    for (auto& a : n.aliases) {
      if (a.name.empty() || a.name == n.name) continue;
      if (std::any_of(aliases.begin(), aliases.end(),
                      [&](const Alias& b) { return b.name == a.name && b.valid == a.valid; }))
        continue;  // sources repeat aliases (one per quality, per script…)
      if (Status v = a.valid.Validate(); !v.ok())
        return Status::InvalidArgument(what + ": alias '" + a.name + "': " + v.message());
      aliases.push_back(a);
    }
    n.aliases = std::move(aliases);
    final_nodes->push_back(std::move(n));
    skip_node->push_back(false);
  }
  // The labels of a node the record names, staged or not (null: none);
  // where it was found goes to `ref`, for Apply to take its id from.
  auto labels_of = [&](const std::string& raw, EndRef* ref) -> const std::vector<std::string>* {
    const std::string xid = Resolve(raw);
    if (const Node* n = Staged(*final_nodes, xid)) {
      *ref = {static_cast<int>(n - final_nodes->data()), nullptr};
      return &n->labels;
    }
    const Known* k = Lookup(xid);
    *ref = {-1, k};
    return k ? &k->labels : nullptr;
  };
  rel_ends_.resize(2 * w->rels_.size());
  for (size_t i = 0; i < w->rels_.size(); ++i) {
    auto& s = w->rels_[i];
    const std::string what = "relationship '" + s.rel.xid + "'";
    AG_RETURN_IF_ERROR(CheckId(s.rel.xid, what));
    const std::vector<std::string>* src_labels = labels_of(s.src, &rel_ends_[2 * i]);
    if (!src_labels) return Status::NotFound(what + ": no node '" + s.src + "' at its start");
    const std::vector<std::string>* dst_labels = labels_of(s.dst, &rel_ends_[2 * i + 1]);
    if (!dst_labels) return Status::NotFound(what + ": no node '" + s.dst + "' at its end");
    std::sort(s.rel.props.begin(), s.rel.props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    s.rel.props.erase(std::remove_if(s.rel.props.begin(), s.rel.props.end(),
                                     [](const auto& e) { return e.second.is_null(); }),
                      s.rel.props.end());
    AG_RETURN_IF_ERROR(
        ontology_->CheckRel(what, s.rel.type, *src_labels, *dst_labels, &s.rel.props));
    if (Status v = s.rel.valid.Validate(); !v.ok())
      return Status::InvalidArgument(what + ": validity: " + v.message());
  }
  auto staged_rel = [&](const std::string& xid) {
    return std::any_of(w->rels_.begin(), w->rels_.end(),
                       [&](const auto& r) { return r.rel.xid == xid; });
  };
  claim_ends_.resize(2 * w->claims_.size());
  for (size_t i = 0; i < w->claims_.size(); ++i) {
    auto& c = w->claims_[i];
    // Built only for an error message.
    auto what = [&c] { return "claim on '" + c.target + "'"; };
    if (c.kind == TargetKind::kNode) {
      const std::vector<std::string>* labels = labels_of(c.target, &claim_ends_[2 * i]);
      if (!labels) return Status::NotFound(what() + ": no such node");
      if (!c.property.empty()) {
        const PropertyType* t = ontology_->NodeProperty(*labels, c.property);
        if (!t) return Status::Ontology(what() + ": property '" + c.property + "' is not declared");
        if (c.value)
          if (Status cs = t->Coerce(&*c.value); !cs.ok())
            return cs.WithContext(what() + ": " + c.property);
      }
    } else if (!staged_rel(c.target) && !txn_->FindRel(c.target)) {
      return Status::NotFound(what() + ": no such relationship");
    }
    if (!c.claimant.empty() && !labels_of(c.claimant, &claim_ends_[2 * i + 1]))
      return Status::NotFound(what() + ": no claimant '" + c.claimant + "'");
  }
  return Status::OK();
}

Status ImportSink::Apply(RecordWrites* w, std::vector<Node>* final_nodes,
                         const std::vector<bool>& skip_node) {
  for (size_t i = 0; i < final_nodes->size(); ++i) {
    Node& n = (*final_nodes)[i];
    if (skip_node[i]) continue;
    AG_RETURN_IF_ERROR(txn_->PutNode(&n).status());
    if (auto it = known_.find(n.xid); it != known_.end()) it->second = Known{n.id, n.labels};
  }
  // A shared node that repeats one staged before it takes the id it got.
  for (size_t i = 0; i < final_nodes->size(); ++i)
    if (skip_node[i])
      for (size_t j = 0; j < final_nodes->size(); ++j)
        if (!skip_node[j] && (*final_nodes)[j].xid == (*final_nodes)[i].xid)
          (*final_nodes)[i].id = (*final_nodes)[j].id;
  // Ids of nodes the record names: staged (now written) or known, where
  // Validate found them.
  auto id_of = [&](const EndRef& ref) -> std::optional<NodeId> {
    if (ref.staged >= 0) return (*final_nodes)[ref.staged].id;
    if (ref.known) return ref.known->id;
    return std::nullopt;
  };
  for (size_t i = 0; i < w->rels_.size(); ++i) {
    auto& s = w->rels_[i];
    auto src = id_of(rel_ends_[2 * i]), dst = id_of(rel_ends_[2 * i + 1]);
    if (!src || !dst) return Status::Internal("relationship '" + s.rel.xid + "': end vanished");
    s.rel.src = *src;
    s.rel.dst = *dst;
    // Nor does a relationship stated without dates lose the dates it has.
    if (s.rel.valid.unbounded() && !s.rel.xid.empty())
      if (auto had = txn_->FindRel(s.rel.xid)) {
        Relationship existing;
        if (txn_->GetRel(*had, &existing).ok()) s.rel.valid = existing.valid;
      }
    AG_RETURN_IF_ERROR(txn_->PutRel(&s.rel).status());
  }
  size_t claim_no = 0;
  for (size_t i = 0; i < w->claims_.size(); ++i) {
    auto& c = w->claims_[i];
    Claim claim;
    claim.target_kind = c.kind;
    std::optional<uint64_t> id;
    if (c.kind == TargetKind::kNode) {
      id = id_of(claim_ends_[2 * i]);
    } else {
      for (const auto& s : w->rels_)
        if (s.rel.xid == c.target) id = s.rel.id;
      if (!id) id = txn_->FindRel(c.target);
    }
    if (!id)
      return Status::Internal("claim target '" +
                              (c.kind == TargetKind::kNode ? Resolve(c.target) : c.target) +
                              "' vanished");
    claim.target = *id;
    claim.property = c.property;
    claim.value = c.value;
    claim.source = doc_id_;
    claim.locator = c.locator;
    claim.quote = c.quote;
    claim.note = c.note;
    claim.stance = c.stance;
    claim.grade = options_.grade;
    if (!c.claimant.empty()) claim.claimant = id_of(claim_ends_[2 * i + 1]);
    claim.xid = std::move(claim_xids_[claim_no++]);
    AG_RETURN_IF_ERROR(txn_->PutClaim(&claim).status());
  }
  return Status::OK();
}

void ImportSink::Prefetch(const RecordWrites& w) {
  // The claim's id comes from the source and what it is about, so a
  // re-import (or one after a merge moved the claim) finds it again.
  // The hash of "DOC\x1fKIND\x1fTARGET\x1fPROPERTY\x1fLOCATOR\x1fNOTE\x1fSTANCE\x1fCLAIMANT",
  // taken in parts (the document's once).
  claim_xids_.resize(w.claims_.size());
  if (doc_hash_of_ != doc_xid_) {
    doc_hash_of_ = doc_xid_;
    doc_hash_ = ShortHashAdd(ShortHashAdd(kShortHashSeed, doc_xid_), "\x1f");
  }
  for (size_t i = 0; i < w.claims_.size(); ++i) {
    const ClaimSpec& c = w.claims_[i];
    const char kind[2] = {static_cast<char>('0' + int(c.kind)), '\x1f'};
    static_assert(int(TargetKind::kRel) <= 9);  // one digit, as std::to_string gave
    uint64_t h = ShortHashAdd(doc_hash_, std::string_view(kind, 2));
    for (std::string_view part :
         {std::string_view(c.target), std::string_view(c.property), std::string_view(c.locator),
          std::string_view(c.note), std::string_view(StanceName(c.stance))})
      h = ShortHashAdd(ShortHashAdd(h, part), "\x1f");
    h = ShortHashAdd(h, c.claimant);
    std::string& x = claim_xids_[i];
    x.assign("c:");
    ShortHashHex(h, &x);
  }
  // The xids the record's puts will look up, read in one go: a new record's
  // are mostly absent, each a read that finds nothing.
  std::vector<WriteTxn::XidRef>& refs = prefetch_;
  refs.clear();
  resolved_.clear();
  for (const auto& s : w.nodes_) {
    resolved_.push_back(Resolve(s.node.xid));
    if (s.shared && known_.count(resolved_.back())) resolved_.pop_back();
  }
  for (const auto& x : resolved_)
    refs.push_back({'n', x});
  for (const auto& s : w.rels_)
    if (!s.rel.xid.empty()) refs.push_back({'r', s.rel.xid});
  for (const auto& x : claim_xids_)
    refs.push_back({'c', x});
  if (refs.size() > 1) txn_->PrefetchXids(refs);
}

Status ImportSink::Submit(RecordWrites* w, const std::string& file, const std::string& where,
                          const std::string& raw, bool counts_as_record) {
  if (doc_xid_.empty()) return Status::Internal("no document set before the first record");
  // Between records, so that no look-up holds a pointer into it.
  if (known_.size() >= kKnownEntries) known_.clear();
  Prefetch(*w);
  std::vector<Node> final_nodes;
  std::vector<bool> skip;
  Status s = Validate(w, &final_nodes, &skip);
  if (!s.ok()) {
    if (!counts_as_record) {
      // Part of a record already imported: abort stops; skip keeps the
      // record and notes what was lost.
      if (options_.on_error == OnError::kAbort) return s.WithContext(file + ": " + where);
      FieldWarning(file, where, "link", raw, s.message());
      return Status::OK();
    }
    return Reject(file, where, s, raw);
  }
  s = Apply(w, &final_nodes, skip);
  if (!s.ok()) return s.WithContext(file + ": " + where);
  if (!counts_as_record) return Status::OK();
  ++report_->records;
  ++report_->imported;
  if ((report_->records & 255) == 0) Progress(report_->records);
  return Status::OK();
}

Status ImportSink::Reject(const std::string& file, const std::string& where, const Status& why,
                          const std::string& raw) {
  ++report_->records;
  if (options_.on_error == OnError::kAbort) return why.WithContext(file + ": " + where);
  ++report_->rejected;
  return WriteReject(file, where, why, raw);
}

Status ImportSink::WriteReject(const std::string& file, const std::string& where, const Status& why,
                               const std::string& raw) {
  if (!rejects_) {
    report_->reject_path = options_.reject_path;
    rejects_ = std::make_unique<std::ofstream>(options_.reject_path, std::ios::trunc);
    if (!*rejects_) return Status::IOError("cannot write the reject file " + options_.reject_path);
  }
  nlohmann::json j = {{"file", file}, {"at", where}, {"error", why.ToString()}, {"record", raw}};
  *rejects_ << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  if (!*rejects_) return Status::IOError("writing the reject file " + options_.reject_path);
  return Status::OK();
}

}  // namespace actorgraph
