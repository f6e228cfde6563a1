#include "engine/merge.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include <rocksdb/db.h>
#include <nlohmann/json.hpp>

#include "engine/coding.h"
#include "engine/read_view.h"
#include "engine/store_core.h"
#include "engine/write_txn.h"

namespace actorgraph {

namespace {

const std::regex& MergeRe() {
  static const std::regex re(R"(^merge '(.+)' into '(.+)' \(#(\d+) into #(\d+)\)$)");
  return re;
}
const std::regex& UnmergeRe() {
  static const std::regex re(R"(^unmerge '.+' from '.+' \(undoes transaction (\d+)\)$)");
  return re;
}

void SortProps(ValueMap* props) {
  std::sort(props->begin(), props->end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
}

bool HasName(const Node& n, const std::string& name) {
  if (n.name == name) return true;
  for (const auto& a : n.aliases)
    if (a.name == name) return true;
  return false;
}

// Every live claim in `view` (about nodes, then relationships).
Status ForEachClaim(const ReadView& view, const std::function<void(const Claim&)>& fn) {
  Status inner;
  AG_RETURN_IF_ERROR(view.ForEachNode([&](NodeId id) {
    auto cs = view.Claims(TargetKind::kNode, id);
    if (!cs.ok()) {
      inner = cs.status();
      return false;
    }
    for (const auto& c : *cs)
      fn(c);
    return true;
  }));
  AG_RETURN_IF_ERROR(inner);
  AG_RETURN_IF_ERROR(view.ForEachRel([&](const Relationship& r) {
    auto cs = view.Claims(TargetKind::kRel, r.id);
    if (!cs.ok()) {
      inner = cs.status();
      return false;
    }
    for (const auto& c : *cs)
      fn(c);
    return true;
  }));
  return inner;
}

// Merge records: meta key "merge/" + BE64 txn -> JSON (docs/storage-format.md).
constexpr char kMergeRecordPrefix[] = "merge/";

// In the commit's batch: the record exists exactly when the merge does.
void PutMergeRecord(WriteTxn* txn, const nlohmann::json& record) {
  txn->PutTxnRecord(kMergeRecordPrefix, record.dump());
}

std::map<TxnId, nlohmann::json> MergeRecords(const Database& db) {
  std::map<TxnId, nlohmann::json> out;
  StoreCore* core = CoreOf(db);
  std::unique_ptr<rocksdb::Iterator> it(
      core->db->NewIterator(rocksdb::ReadOptions(), core->h(kMeta)));
  const std::string prefix = kMergeRecordPrefix;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 8) continue;
    auto j = nlohmann::json::parse(it->value().ToString(), nullptr, false);
    if (j.is_object()) out[coding::GetBE64(it->key().data() + prefix.size())] = std::move(j);
  }
  return out;
}

}  // namespace

std::vector<MergeRecord> ActiveMerges(const Database& db) {
  std::vector<MergeRecord> merges;
  std::set<TxnId> undone;
  const auto records = MergeRecords(db);
  for (const auto& t : db.Transactions()) {
    if (auto rec = records.find(t.id); rec != records.end()) {
      const auto& j = rec->second;
      const std::string op = j.value("op", "");
      if (op == "merge") {
        MergeRecord r;
        r.txn = t.id;
        r.kept_xid = j.value("kept", "");
        r.gone_xid = j.value("gone", "");
        r.kept = j.value("kept_node", NodeId(0));
        r.gone = j.value("gone_node", NodeId(0));
        merges.push_back(std::move(r));
      } else if (op == "unmerge") {
        undone.insert(j.value("undoes", TxnId(0)));
      }
      continue;
    }
    // Databases written before merge records, or a record lost to a crash.
    std::smatch m;
    if (std::regex_match(t.description, m, MergeRe())) {
      MergeRecord r;
      r.txn = t.id;
      r.gone_xid = m[1];
      r.kept_xid = m[2];
      r.gone = std::stoull(m[3]);
      r.kept = std::stoull(m[4]);
      merges.push_back(std::move(r));
    } else if (std::regex_match(t.description, m, UnmergeRe())) {
      undone.insert(std::stoull(m[1]));
    }
  }
  merges.erase(std::remove_if(merges.begin(), merges.end(),
                              [&](const MergeRecord& r) { return undone.count(r.txn) > 0; }),
               merges.end());
  return merges;
}

std::string MergeRecordJson(const Database& db, TxnId txn) {
  const auto records = MergeRecords(db);
  auto it = records.find(txn);
  return it == records.end() ? std::string() : it->second.dump();
}

Result<MergeOutcome> MergeNodes(Database* db, const std::string& keep_xid,
                                const std::string& gone_xid) {
  std::optional<NodeId> keep, gone;
  {
    auto view = db->Read();
    keep = view->FindNode(keep_xid);
    gone = view->FindNode(gone_xid);
  }
  if (!keep) return Status::NotFound("no node with id '" + keep_xid + "'");
  if (!gone) return Status::NotFound("no node with id '" + gone_xid + "'");
  if (*keep == *gone) return Status::InvalidArgument("cannot merge '" + keep_xid + "' into itself");
  auto txn = db->BeginWrite("merge '" + gone_xid + "' into '" + keep_xid + "' (#" +
                            std::to_string(*gone) + " into #" + std::to_string(*keep) + ")");
  Node a, b;
  AG_RETURN_IF_ERROR(txn->GetNode(*keep, &a));
  AG_RETURN_IF_ERROR(txn->GetNode(*gone, &b));
  MergeOutcome out;

  // Names: every name of B stays findable, as an alias of A.
  if (!HasName(a, b.name)) {
    a.aliases.push_back({b.name, {}});
    out.aliases_added.push_back(b.name);
  }
  for (const auto& al : b.aliases)
    if (!HasName(a, al.name)) {
      a.aliases.push_back(al);
      out.aliases_added.push_back(al.name);
    }
  for (const auto& l : b.labels)
    if (std::find(a.labels.begin(), a.labels.end(), l) == a.labels.end()) {
      a.labels.push_back(l);
      out.labels_added.push_back(l);
    }
  ValueMap added;
  for (const auto& [k, v] : b.props) {
    const Value* mine = a.Prop(k);
    if (!mine) {
      added.emplace_back(k, v);
      out.props_added.push_back(k);
    } else if (!(*mine == v)) {
      out.conflicts.push_back(k + ": kept " + mine->ToString() + ", dropped " + v.ToString());
    }
  }
  a.props.insert(a.props.end(), added.begin(), added.end());
  SortProps(&a.props);
  if (a.valid.unbounded() && !b.valid.unbounded()) a.valid = b.valid;
  AG_RETURN_IF_ERROR(txn->PutNode(&a).status());

  AG_ASSIGN_OR_RETURN(std::vector<RelId> rels, txn->RelsOf(*gone));
  for (RelId id : rels) {
    Relationship r;
    AG_RETURN_IF_ERROR(txn->GetRel(id, &r));
    if (r.src == *gone) r.src = *keep;
    if (r.dst == *gone) r.dst = *keep;
    AG_RETURN_IF_ERROR(txn->PutRel(&r).status().WithContext("moving relationship '" + r.xid + "'"));
    ++out.rels_moved;
  }

  std::vector<Claim> moved;
  AG_RETURN_IF_ERROR(ForEachClaim(txn->base(), [&](const Claim& c) {
    const bool about = c.target_kind == TargetKind::kNode && c.target == *gone;
    if (about || c.claimant == gone || c.source == *gone) moved.push_back(c);
  }));
  for (Claim c : moved) {
    if (c.target_kind == TargetKind::kNode && c.target == *gone) c.target = *keep;
    if (c.claimant == gone) c.claimant = *keep;
    if (c.source == *gone) c.source = *keep;
    AG_RETURN_IF_ERROR(txn->PutClaim(&c).status().WithContext("moving claim '" + c.xid + "'"));
    ++out.claims_moved;
  }
  AG_RETURN_IF_ERROR(txn->DeleteNode(*gone, /*detach=*/false));
  PutMergeRecord(&*txn, {{"op", "merge"},
                         {"kept", keep_xid},
                         {"gone", gone_xid},
                         {"kept_node", *keep},
                         {"gone_node", *gone},
                         {"aliases_added", out.aliases_added},
                         {"props_added", out.props_added},
                         {"labels_added", out.labels_added},
                         {"rels_moved", out.rels_moved},
                         {"claims_moved", out.claims_moved}});
  AG_ASSIGN_OR_RETURN(out.txn, txn->Commit());
  return out;
}

Result<UnmergeOutcome> Unmerge(Database* db, const std::string& xid) {
  std::optional<MergeRecord> rec;
  for (const auto& m : ActiveMerges(*db))
    if (m.kept_xid == xid || m.gone_xid == xid) rec = m;
  if (!rec) return Status::NotFound("no merge in effect involves '" + xid + "'");
  const TxnId M = rec->txn;
  auto before = db->Read(M - 1);
  auto after = db->Read(M);
  Node b_before, a_before, a_after;
  AG_RETURN_IF_ERROR(before->GetNode(rec->gone, &b_before).WithContext("reading the merged node"));
  AG_RETURN_IF_ERROR(before->GetNode(rec->kept, &a_before));
  AG_RETURN_IF_ERROR(after->GetNode(rec->kept, &a_after));

  auto txn = db->BeginWrite("unmerge '" + rec->gone_xid + "' from '" + rec->kept_xid +
                            "' (undoes transaction " + std::to_string(M) + ")");
  UnmergeOutcome out;
  out.undone = M;
  out.kept_xid = rec->kept_xid;
  out.restored_xid = rec->gone_xid;
  if (txn->FindNode(rec->gone_xid))
    return Status::Conflict("a node '" + rec->gone_xid + "' exists again; cannot restore it");
  Node a;
  if (!txn->GetNode(rec->kept, &a).ok())
    return Status::NotFound("'" + rec->kept_xid + "' was deleted after the merge");

  // A loses what the merge gave it, unless edited since.
  std::vector<Alias> aliases;
  for (const auto& al : a.aliases) {
    const bool added = HasName(a_after, al.name) && !HasName(a_before, al.name);
    if (!added) aliases.push_back(al);
  }
  a.aliases = std::move(aliases);
  std::vector<std::string> labels;
  for (const auto& l : a.labels) {
    const bool added = std::count(a_after.labels.begin(), a_after.labels.end(), l) &&
                       !std::count(a_before.labels.begin(), a_before.labels.end(), l);
    if (!added) labels.push_back(l);
  }
  a.labels = std::move(labels);
  for (const auto& [k, v] : a_after.props) {
    const Value* was = a_before.Prop(k);
    if (was && *was == v) continue;
    const Value* now = a.Prop(k);
    if (!now || !(*now == v)) {
      out.skipped.push_back("property " + k + " of '" + rec->kept_xid + "' (edited since)");
      continue;
    }
    a.props.erase(
        std::remove_if(a.props.begin(), a.props.end(), [&](const auto& e) { return e.first == k; }),
        a.props.end());
    if (was) a.props.emplace_back(k, *was);
    SortProps(&a.props);  // Prop() searches sorted properties
  }
  if (a.valid == a_after.valid) a.valid = a_before.valid;
  AG_RETURN_IF_ERROR(txn->PutNode(&a).status());

  Node b = b_before;
  b.id = 0;
  b.version = 0;
  AG_RETURN_IF_ERROR(txn->PutNode(&b).status());
  const NodeId nb = b.id;

  // Relationships B had before the merge go back to B.
  std::set<RelId> rel_ids;
  {
    auto cur = before->Adjacency(rec->gone, Direction::kBoth);
    for (; cur->Valid(); cur->Next())
      rel_ids.insert(cur->entry().rel);
    AG_RETURN_IF_ERROR(cur->status());
  }
  for (RelId id : rel_ids) {
    Relationship was, now;
    AG_RETURN_IF_ERROR(before->GetRel(id, &was));
    if (!txn->GetRel(id, &now).ok()) {
      out.skipped.push_back("relationship '" + was.xid + "' (deleted since)");
      continue;
    }
    bool ok = true;
    if (was.src == rec->gone) {
      ok &= now.src == rec->kept;
      now.src = nb;
    }
    if (was.dst == rec->gone) {
      ok &= now.dst == rec->kept;
      now.dst = nb;
    }
    if (!ok) {
      out.skipped.push_back("relationship '" + was.xid + "' (re-pointed since)");
      continue;
    }
    AG_RETURN_IF_ERROR(txn->PutRel(&now).status());
    ++out.rels_restored;
  }

  // Claims the merge moved (recorded by it, not changed since) go back.
  std::map<std::string, Claim> about_b;
  {
    AG_ASSIGN_OR_RETURN(auto cs, before->Claims(TargetKind::kNode, rec->gone));
    for (auto& c : cs)
      about_b[c.xid] = std::move(c);
  }
  std::vector<Claim> restore;
  Status inner;
  AG_RETURN_IF_ERROR(ForEachClaim(txn->base(), [&](const Claim& c) {
    if (c.recorded != M) return;
    if (auto it = about_b.find(c.xid); it != about_b.end()) {
      restore.push_back(it->second);
      return;
    }
    if (c.claimant != rec->kept && c.source != rec->kept) return;
    auto cs = before->Claims(c.target_kind, c.target);
    if (!cs.ok()) {
      inner = cs.status();
      return;
    }
    for (const auto& old : *cs)
      if (old.xid == c.xid) restore.push_back(old);
  }));
  AG_RETURN_IF_ERROR(inner);
  for (Claim c : restore) {
    if (c.target_kind == TargetKind::kNode && c.target == rec->gone) c.target = nb;
    if (c.claimant == rec->gone) c.claimant = nb;
    if (c.source == rec->gone) c.source = nb;
    c.id = 0;
    AG_RETURN_IF_ERROR(txn->PutClaim(&c).status());
    ++out.claims_restored;
  }
  PutMergeRecord(&*txn, {{"op", "unmerge"},
                         {"undoes", rec->txn},
                         {"kept", rec->kept_xid},
                         {"restored", rec->gone_xid},
                         {"restored_node", nb},
                         {"rels_restored", out.rels_restored},
                         {"claims_restored", out.claims_restored}});
  AG_ASSIGN_OR_RETURN(out.txn, txn->Commit());
  return out;
}

}  // namespace actorgraph
