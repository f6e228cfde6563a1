#include "import/list_versions.h"

#include <algorithm>
#include <set>

#include "engine/read_view.h"

namespace actorgraph {

namespace {

constexpr char kLabel[] = "ListVersion";

std::string VersionId(const std::string& authority, const std::string& document) {
  return "listversion:" + authority + ":" + document;
}

Value EntryValue(const ListEntry& e) {
  ValueMap m;
  m.emplace_back("digest", Value(e.digest));
  m.emplace_back("entity", Value(e.entity));
  m.emplace_back("listed_on", e.listed_on ? Value(*e.listed_on) : Value());
  m.emplace_back("locator", Value(e.locator));
  ValueList names, rels;
  for (const auto& n : e.names)
    names.push_back(Value(n));
  for (const auto& r : e.rels)
    rels.push_back(Value(r));
  m.emplace_back("names", Value(std::move(names)));
  m.emplace_back("props", Value::Map(e.props));
  m.emplace_back("rels", Value(std::move(rels)));
  m.emplace_back("values", Value::Map(e.values));
  return Value::Map(std::move(m));
}

const Value* Field(const ValueMap& m, const std::string& key) {
  for (const auto& [k, v] : m)
    if (k == key) return &v;
  return nullptr;
}

std::string StringField(const ValueMap& m, const std::string& key) {
  const Value* v = Field(m, key);
  return v && v->kind() == Value::Kind::kString ? v->as_string() : std::string();
}

StoredListVersion FromNode(const Node& n) {
  StoredListVersion v;
  v.id = n.xid;
  v.authority = StringField(n.props, "authority");
  v.document = StringField(n.props, "document");
  if (const Value* p = Field(n.props, "published"); p && p->kind() == Value::Kind::kDate)
    v.published = p->as_date();
  if (const Value* es = Field(n.props, "entries"); es && es->kind() == Value::Kind::kList) {
    for (const Value& ev : es->as_list()) {
      if (ev.kind() != Value::Kind::kMap) continue;
      const ValueMap& m = ev.as_map();
      ListEntry e;
      e.entity = StringField(m, "entity");
      e.locator = StringField(m, "locator");
      e.digest = StringField(m, "digest");
      if (const Value* d = Field(m, "listed_on"); d && d->kind() == Value::Kind::kDate)
        e.listed_on = d->as_date();
      if (const Value* p = Field(m, "props"); p && p->kind() == Value::Kind::kMap)
        e.props = p->as_map();
      if (const Value* p = Field(m, "values"); p && p->kind() == Value::Kind::kMap)
        e.values = p->as_map();
      for (const char* key : {"names", "rels"}) {
        const Value* l = Field(m, key);
        if (!l || l->kind() != Value::Kind::kList) continue;
        for (const Value& x : l->as_list())
          if (x.kind() == Value::Kind::kString)
            (key[0] == 'n' ? e.names : e.rels).push_back(x.as_string());
      }
      v.entries.push_back(std::move(e));
    }
  }
  return v;
}

bool Older(const StoredListVersion& a, const StoredListVersion& b) {
  const DayNumber da = a.published ? a.published->first_day() : INT32_MIN;
  const DayNumber db = b.published ? b.published->first_day() : INT32_MIN;
  return da != db ? da < db : a.id < b.id;
}

// When a value (a name, a relationship, a property value) that versions of an
// entry show held: `shows[i]` says whether version i shows it, `entity[i]`
// whether version i shows the entry at all. Empty when every version that
// shows the entry shows the value (nothing to date). Otherwise from the first
// version that shows it (when an earlier one showed the entry without it) to
// between the last that shows it and the next that shows the entry without it.
struct ValueSpan {
  bool dated = false;
  std::optional<PartialDate> from;  // set when a version before showed the entry without it
  std::optional<PartialDate> to, to_latest;
  size_t dropped_by = SIZE_MAX;  // the version that shows the entry without it
};

ValueSpan SpanOf(const std::vector<StoredListVersion>& versions, const std::vector<bool>& entity,
                 const std::vector<bool>& shows) {
  ValueSpan out;
  const size_t nv = versions.size();
  size_t first = SIZE_MAX, last = 0;
  for (size_t i = 0; i < nv; ++i)
    if (shows[i]) first = std::min(first, i), last = i;
  if (first == SIZE_MAX) return out;
  for (size_t i = 0; i < first; ++i)
    if (entity[i] && versions[first].published) out.from = versions[first].published;
  for (size_t i = last + 1; i < nv && out.dropped_by == SIZE_MAX; ++i)
    if (entity[i] && versions[last].published && versions[i].published) {
      out.to = PartialDate::FromDayNumber(versions[last].published->last_day() + 1);
      out.to_latest = versions[i].published;
      out.dropped_by = i;
    }
  out.dated = out.from || out.to;
  return out;
}

std::string VersionNote(const std::vector<StoredListVersion>& versions, size_t i) {
  return versions[i].published ? "in the version published " + versions[i].published->ToString()
                               : "in the list version " + versions[i].id;
}

}  // namespace

Result<std::vector<StoredListVersion>> ReadListVersions(const ReadView& view,
                                                        const std::string& authority) {
  std::vector<StoredListVersion> out;
  Status inner;
  AG_RETURN_IF_ERROR(view.ForEachNodeWithLabel(kLabel, [&](NodeId id) {
    Node n;
    inner = view.GetNode(id, &n);
    if (!inner.ok()) return false;
    if (StringField(n.props, "authority") == authority) out.push_back(FromNode(n));
    return true;
  }));
  AG_RETURN_IF_ERROR(inner);
  std::sort(out.begin(), out.end(), Older);
  return out;
}

Result<bool> OlderThanStoredVersions(const ReadView& view, const std::string& authority,
                                     const std::optional<PartialDate>& published) {
  if (!published) return false;
  AG_ASSIGN_OR_RETURN(std::vector<StoredListVersion> versions, ReadListVersions(view, authority));
  for (const auto& v : versions)
    if (v.published && v.published->first_day() > published->last_day()) return true;
  return false;
}

Result<std::vector<std::string>> ListAuthorities(const ReadView& view) {
  std::set<std::string> names;
  Status inner;
  AG_RETURN_IF_ERROR(view.ForEachNodeWithLabel(kLabel, [&](NodeId id) {
    Node n;
    inner = view.GetNode(id, &n);
    if (!inner.ok()) return false;
    names.insert(StringField(n.props, "authority"));
    return true;
  }));
  AG_RETURN_IF_ERROR(inner);
  return std::vector<std::string>(names.begin(), names.end());
}

void ListVersionRecorder::Add(ListEntry e) {
  last_entry_[e.entity] = entries_.size();
  entries_.push_back(std::move(e));
}

ListEntry* ListVersionRecorder::Find(const std::string& entity) {
  auto it = last_entry_.find(entity);
  return it == last_entry_.end() ? nullptr : &entries_[it->second];
}

ListVersionRecorder::ListVersionRecorder(std::string authority,
                                         std::optional<PartialDate> published, std::string document,
                                         std::optional<Grade> grade)
    : authority_(std::move(authority)),
      published_(published),
      document_(std::move(document)),
      grade_(grade) {}

Status ListVersionRecorder::Finish(WriteTxn* txn, const std::string& date_flag,
                                   std::vector<StoredListVersion>* same_txn) {
  // This version, as stored.
  StoredListVersion self;
  self.id = VersionId(authority_, document_);
  self.authority = authority_;
  self.document = document_;
  self.published = published_;
  self.entries = entries_;

  AG_ASSIGN_OR_RETURN(std::vector<StoredListVersion> versions,
                      ReadListVersions(txn->base(), authority_));
  for (const auto& v : *same_txn)
    if (v.authority == authority_) versions.push_back(v);
  auto is_self = [&](const StoredListVersion& v) { return v.id == self.id; };
  versions.erase(std::remove_if(versions.begin(), versions.end(), is_self), versions.end());
  same_txn->erase(std::remove_if(same_txn->begin(), same_txn->end(), is_self), same_txn->end());
  same_txn->push_back(self);
  if (!versions.empty()) {
    const bool undated = std::any_of(versions.begin(), versions.end(),
                                     [](const StoredListVersion& v) { return !v.published; });
    if (!published_ || undated)
      return Status::InvalidArgument(
          "another version of the list of '" + authority_ +
          "' is already in the database: give each version's publication date with " + date_flag +
          " DATE, so that the versions can be ordered" +
          (undated ? " (an earlier version was imported without one: re-import it with " +
                         date_flag + ")"
                   : ""));
  }
  versions.push_back(self);
  std::sort(versions.begin(), versions.end(), Older);

  // The version node.
  Node vn;
  vn.xid = self.id;
  vn.labels = {kLabel};
  vn.name = "list of " + authority_ + (published_ ? " published " + published_->ToString() : "");
  ValueList entries;
  entries.reserve(entries_.size());
  for (const ListEntry& e : entries_)
    entries.push_back(EntryValue(e));
  vn.props.emplace_back("authority", Value(authority_));
  vn.props.emplace_back("document", Value(document_));
  vn.props.emplace_back("entries", Value(std::move(entries)));
  if (published_) vn.props.emplace_back("published", Value(*published_));
  std::sort(vn.props.begin(), vn.props.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  AG_RETURN_IF_ERROR(txn->PutNode(&vn).status());

  // Which versions show each entity.
  const size_t nv = versions.size();
  std::map<std::string, std::vector<const ListEntry*>>
      shown;  // entity -> entry per version (or null)
  for (size_t i = 0; i < nv; ++i)
    for (const ListEntry& e : versions[i].entries) {
      auto& slots = shown[e.entity];
      slots.resize(nv, nullptr);
      slots[i] = &e;
    }
  std::vector<NodeId> docs(nv, 0);
  for (size_t i = 0; i < nv; ++i) {
    auto d = txn->FindNode(versions[i].document);
    if (!d)
      return Status::NotFound("list version '" + versions[i].id + "': no document '" +
                              versions[i].document + "'");
    docs[i] = *d;
  }
  auto authority = txn->FindNode(authority_);
  if (!authority) return Status::NotFound("no list authority '" + authority_ + "'");

  for (const auto& [entity, slots] : shown) {
    auto entity_id = txn->FindNode(entity);
    if (!entity_id) continue;  // a record rejected in skip mode
    std::set<std::string> wanted;
    std::optional<size_t> previous_end;
    // A segment: consecutive versions that show the entry with the same
    // properties. A gap (delisted, then listed again) or a change (another
    // program) starts the next one, so earlier values keep their interval.
    auto same = [](const ListEntry* a, const ListEntry* b) {
      return a && b && a->props == b->props;
    };
    for (size_t i = 0; i < nv; ++i) {
      if (!slots[i] || (i > 0 && same(slots[i - 1], slots[i]))) continue;
      const bool changed = i > 0 && slots[i - 1];  // shown before, differently
      size_t j = i;
      while (j + 1 < nv && same(slots[j], slots[j + 1]))
        ++j;
      Relationship r;
      r.xid = entity + ":sanctioned";
      if (previous_end && versions[i].published) r.xid += "@" + versions[i].published->ToString();
      r.type = "SANCTIONED";
      r.src = *authority;
      r.dst = *entity_id;
      r.props = slots[j]->props;
      // The record's own listing date wins, unless it falls before a gap.
      std::optional<PartialDate> listed;
      for (size_t k = i; k <= j && !listed; ++k)
        listed = slots[k]->listed_on;
      const bool listed_fits =
          listed && (!previous_end || !versions[*previous_end].published ||
                     listed->first_day() > versions[*previous_end].published->last_day());
      r.valid.from = listed_fits && !changed ? listed : versions[i].published;
      if (j + 1 < nv) {
        r.valid.to = PartialDate::FromDayNumber(versions[j].published->last_day() + 1);
        r.valid.to_latest = versions[j + 1].published;
      }
      if (r.valid.from && r.valid.to && r.valid.from->first_day() >= r.valid.to->last_day())
        r.valid.from = versions[i].published;  // a listing date after the version that shows it
      AG_RETURN_IF_ERROR(txn->PutRel(&r).status());
      wanted.insert(r.xid);
      auto claim = [&](size_t k, Stance stance, std::string locator, std::string note) -> Status {
        Claim c;
        // Named by entity and version, not by run: when a version imported
        // later splits a run, the claim moves to the run that holds it.
        c.xid =
            "c:list:" + entity + ":sanctioned:" + versions[k].document + ":" + StanceName(stance);
        c.target_kind = TargetKind::kRel;
        c.target = r.id;
        c.source = docs[k];
        c.locator = std::move(locator);
        c.claimant = *authority;
        c.stance = stance;
        c.grade = grade_;
        c.note = std::move(note);
        return txn->PutClaim(&c).status();
      };
      for (size_t k = i; k <= j; ++k) {
        std::string note;
        if (slots[k]->listed_on && versions[k].published && k == i)
          note = "listed on " + slots[k]->listed_on->ToString() +
                 " per the record; first shown in the version of " +
                 versions[k].published->ToString();
        AG_RETURN_IF_ERROR(claim(k, Stance::kAsserts, slots[k]->locator, note));
      }
      if (j + 1 < nv && !slots[j + 1])
        AG_RETURN_IF_ERROR(
            claim(j + 1, Stance::kDenies, "",
                  "not in the version published " + versions[j + 1].published->ToString()));
      previous_end = j;
      i = j;
    }
    // Runs that no longer exist (an older version imported later filled a gap).
    for (size_t i = 0; i < nv; ++i) {
      if (!versions[i].published) continue;
      const std::string xid = entity + ":sanctioned@" + versions[i].published->ToString();
      if (wanted.count(xid)) continue;
      if (auto rel = txn->FindRel(xid)) AG_RETURN_IF_ERROR(txn->DeleteRel(*rel));
    }
    AG_RETURN_IF_ERROR(DateValues(txn, versions, docs, *authority, entity, *entity_id, slots));
  }
  return Status::OK();
}

Status ListVersionRecorder::DateValues(WriteTxn* txn,
                                       const std::vector<StoredListVersion>& versions,
                                       const std::vector<NodeId>& docs, NodeId authority,
                                       const std::string& entity, NodeId entity_id,
                                       const std::vector<const ListEntry*>& slots) const {
  const size_t nv = versions.size();
  std::vector<bool> shown(nv);
  for (size_t i = 0; i < nv; ++i)
    shown[i] = slots[i] != nullptr;
  auto claim = [&](TargetKind kind, uint64_t target, std::string xid, size_t k, Stance stance,
                   std::string property, std::optional<Value> value, std::string note) -> Status {
    Claim c;
    c.xid = std::move(xid);
    c.target_kind = kind;
    c.target = target;
    c.property = std::move(property);
    c.value = std::move(value);
    c.source = docs[k];
    c.locator = stance == Stance::kAsserts ? slots[k]->locator : "";
    c.claimant = authority;
    c.stance = stance;
    c.grade = grade_;
    c.note = std::move(note);
    return txn->PutClaim(&c).status();
  };

  // Names: an alias that only some versions show holds over them.
  std::set<std::string> names;
  for (const ListEntry* e : slots)
    if (e) names.insert(e->names.begin(), e->names.end());
  Node node;
  bool node_read = false, node_changed = false;
  for (const std::string& name : names) {
    std::vector<bool> has(nv);
    for (size_t i = 0; i < nv; ++i)
      has[i] = slots[i] && std::find(slots[i]->names.begin(), slots[i]->names.end(), name) !=
                               slots[i]->names.end();
    const ValueSpan span = SpanOf(versions, shown, has);
    if (!span.dated) continue;
    ValidInterval want;
    want.from = span.from;
    want.to = span.to;
    want.to_latest = span.to_latest;
    if (!node_read) {
      AG_RETURN_IF_ERROR(txn->GetNode(entity_id, &node));
      node_read = true;
    }
    for (Alias& a : node.aliases)
      if (a.name == name && !(a.valid == want)) a.valid = want, node_changed = true;
  }
  if (node_changed) AG_RETURN_IF_ERROR(txn->PutNode(&node).status());

  // Relationships the records state (addresses, identifiers, contacts).
  std::set<std::string> rels;
  for (const ListEntry* e : slots)
    if (e) rels.insert(e->rels.begin(), e->rels.end());
  for (const std::string& xid : rels) {
    std::vector<bool> has(nv);
    for (size_t i = 0; i < nv; ++i)
      has[i] = slots[i] &&
               std::find(slots[i]->rels.begin(), slots[i]->rels.end(), xid) != slots[i]->rels.end();
    const ValueSpan span = SpanOf(versions, shown, has);
    if (!span.dated) continue;
    auto id = txn->FindRel(xid);
    if (!id) continue;  // not written (a rejected part of the record)
    Relationship r;
    AG_RETURN_IF_ERROR(txn->GetRel(*id, &r));
    ValidInterval want = r.valid;
    if (span.from) want.from = span.from;
    want.to = span.to;
    want.to_latest = span.to_latest;
    if (!(want == r.valid)) {
      r.valid = want;
      AG_RETURN_IF_ERROR(txn->PutRel(&r).status());
    }
    if (span.dropped_by != SIZE_MAX)
      AG_RETURN_IF_ERROR(claim(
          TargetKind::kRel, *id,
          "c:list:" + xid + ":" + versions[span.dropped_by].document + ":denies", span.dropped_by,
          Stance::kDenies, "", std::nullopt, "not " + VersionNote(versions, span.dropped_by)));
  }

  // Properties whose value changed between versions: each version's value,
  // cited to it.
  std::set<std::string> keys;
  for (const ListEntry* e : slots)
    if (e)
      for (const auto& [k, v] : e->values)
        keys.insert(k);
  for (const std::string& key : keys) {
    std::vector<const Value*> per(nv, nullptr);
    bool changed = false;
    const Value* seen = nullptr;
    bool first = true;
    for (size_t i = 0; i < nv; ++i) {
      if (!slots[i]) continue;
      for (const auto& [k, v] : slots[i]->values)
        if (k == key) per[i] = &v;
      if (!first &&
          ((seen == nullptr) != (per[i] == nullptr) || (seen && per[i] && !(*seen == *per[i]))))
        changed = true;
      seen = per[i];
      first = false;
    }
    if (!changed) continue;
    for (size_t i = 0; i < nv; ++i)
      if (per[i])
        AG_RETURN_IF_ERROR(claim(TargetKind::kNode, entity_id,
                                 "c:list:" + entity + ":value:" + key + ":" + versions[i].document,
                                 i, Stance::kAsserts, key, *per[i], VersionNote(versions, i)));
  }
  return Status::OK();
}

}  // namespace actorgraph
