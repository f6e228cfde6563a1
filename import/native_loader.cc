#include "import/native_loader.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "engine/value_json.h"
#include "import/parsed_lines.h"

namespace actorgraph {

using nlohmann::json;

namespace {

// Bits of NativeLoader::later_: the line needs pass 2, pass 3; a node line
// whose id pass 1 put in ids_ (pass 3 adds its claims without looking it up).
constexpr uint8_t kPass2 = 1, kPass3 = 2, kHasId = 4;

// Where a record failed, for error messages.
struct Where {
  std::string file;
  uint64_t line = 0;
  std::string Prefix() const { return file + ":" + std::to_string(line) + ": "; }
};

Result<std::optional<PartialDate>> DateField(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return std::optional<PartialDate>();
  if (!j[key].is_string())
    return Status::InvalidArgument(std::string("field '") + key + "': expected a date string");
  auto d = PartialDate::Parse(j[key].get<std::string>());
  if (!d.ok())
    return Status::InvalidArgument(std::string("field '") + key + "': " + d.status().message());
  return std::optional<PartialDate>(*d);
}

Result<ValidInterval> IntervalFields(const json& j) {
  ValidInterval iv;
  AG_ASSIGN_OR_RETURN(iv.from, DateField(j, "valid_from"));
  AG_ASSIGN_OR_RETURN(iv.to, DateField(j, "valid_to"));
  AG_ASSIGN_OR_RETURN(iv.to_latest, DateField(j, "valid_to_latest"));
  return iv;
}

Result<std::string> StringField(const json& j, const char* key, bool required) {
  if (!j.contains(key) || j[key].is_null()) {
    if (required) return Status::InvalidArgument(std::string("field '") + key + "' is required");
    return std::string();
  }
  if (!j[key].is_string())
    return Status::InvalidArgument(std::string("field '") + key + "': expected a string");
  return j[key].get<std::string>();
}

Result<ValueMap> PropsField(const json& j) {
  ValueMap props;
  if (!j.contains("props") || j["props"].is_null()) return props;
  if (!j["props"].is_object()) return Status::InvalidArgument("field 'props': expected an object");
  for (auto it = j["props"].begin(); it != j["props"].end(); ++it) {
    auto v = ValueFromJson(it.value());
    if (!v.ok())
      return Status::InvalidArgument("field 'props." + it.key() + "': " + v.status().message());
    props.emplace_back(it.key(), std::move(v).value());
  }
  return props;
}

const std::set<std::string> kNodeFields = {
    "kind",       "id",       "labels",          "name",   "aliases",    "props",
    "valid_from", "valid_to", "valid_to_latest", "claims", "prop_claims"};
const std::set<std::string> kRelFields = {"kind",       "id",         "type",
                                          "src",        "dst",        "props",
                                          "valid_from", "valid_to",   "valid_to_latest",
                                          "claims",     "prop_claims"};
const std::set<std::string> kClaimFields = {"kind",   "id",     "node",    "rel",   "property",
                                            "value",  "source", "locator", "quote", "claimant",
                                            "stance", "grade",  "note"};

Status CheckFields(const json& j, const std::set<std::string>& allowed, const char* what) {
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!allowed.count(it.key()))
      return Status::InvalidArgument("field '" + it.key() + "' is not part of a " + what +
                                     " record");
  return Status::OK();
}

}  // namespace

Status NativeLoader::LoadFiles(const std::vector<std::string>& paths) {
  later_.clear();
  ids_.clear();
  last_id_ = 0;
  for (int pass = 1; pass <= 3; ++pass) {
    file_ = 0;
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      if (!in) return Status::IOError(p + ": cannot open");
      AG_RETURN_IF_ERROR(Pass(pass, p, in));
      ++file_;
    }
  }
  return Status::OK();
}

Status NativeLoader::LoadText(const std::string& name, const std::string& text) {
  later_.clear();
  ids_.clear();
  last_id_ = 0;
  for (int pass = 1; pass <= 3; ++pass) {
    file_ = 0;
    std::istringstream in(text);
    AG_RETURN_IF_ERROR(Pass(pass, name, in));
  }
  return Status::OK();
}

void NativeLoader::PushId(uint64_t id) {
  // Zigzag varint of the step from the last id: new nodes take consecutive
  // ids, so this is a byte a node.
  const int64_t d = static_cast<int64_t>(id - last_id_);
  uint64_t z = (static_cast<uint64_t>(d) << 1) ^ static_cast<uint64_t>(d >> 63);
  while (z >= 0x80) {
    ids_.push_back(static_cast<uint8_t>(z | 0x80));
    z >>= 7;
  }
  ids_.push_back(static_cast<uint8_t>(z));
  last_id_ = id;
}

uint64_t NativeLoader::PopId() {
  uint64_t z = 0;
  for (int shift = 0; ids_pos_ < ids_.size(); shift += 7) {
    const uint8_t b = ids_[ids_pos_++];
    z |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  const int64_t d = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
  next_id_ += static_cast<uint64_t>(d);
  return next_id_;
}

Status NativeLoader::Pass(int pass, const std::string& path, std::istream& in) {
  state_.pass = pass;
  if (pass == 1) later_.emplace_back();
  std::vector<uint8_t>& later = later_[file_];
  if (pass == 3 && file_ == 0) {
    ids_pos_ = 0;
    next_id_ = 0;
  }
  // Pass 1 reads every record; later passes the lines pass 1 marked (the
  // reading thread reads `later`, which only pass 1 writes).
  const uint8_t bit = pass == 2 ? kPass2 : kPass3;
  auto want = [&later, pass, bit](uint64_t line_no) {
    return pass == 1 || line_no > later.size() || (later[line_no - 1] & bit);
  };
  const uint64_t lines0 = state_.lines, bytes0 = state_.bytes;
  ParsedLines lines(&in, want, on_error_ != nullptr, parse_thread_);
  std::vector<WriteTxn::XidRef> refs;
  while (const ParsedLine* l = lines.Next()) {
    const ParsedLine& line = *l;
    // The ids a batch of new nodes (pass 1) or relationships (pass 2) puts
    // are looked up in one read; they are mostly absent.
    if (pass != 3 && lines.first_of_batch()) {
      refs.clear();
      for (const ParsedLine& a : lines.Ahead()) {
        if (!a.error.ok() || !a.doc.is_object()) continue;
        auto kind = a.doc.find("kind"), id = a.doc.find("id");
        if (kind == a.doc.end() || id == a.doc.end() || !id->is_string()) continue;
        if (*kind == (pass == 1 ? "node" : "rel"))
          refs.push_back({pass == 1 ? 'n' : 'r', id->get_ref<const std::string&>()});
      }
      if (refs.size() > 1) txn_->PrefetchXids(refs);
    }
    const uint64_t line_no = line.line_no;
    const uint64_t before = state_.lines;
    state_.lines = lines0 + line.lines;
    state_.bytes = bytes0 + line.bytes;
    if (progress_ && before / 10000 != state_.lines / 10000) progress_(state_);
    uint8_t* needs = nullptr;
    if (pass == 1) {
      ++state_.records;
      if (later.size() < line_no) later.resize(line_no, 0);
      needs = &later[line_no - 1];
      *needs = kPass2 | kPass3;  // until the record says otherwise
    } else if (line_no <= later.size()) {
      needs = &later[line_no - 1];
    }
    if (on_error_ && rejected_.count({path, line_no})) {
      if (pass == 3 && needs && (*needs & kHasId)) PopId();  // keep ids_ in step
      continue;
    }
    Status s = line.error.ok() ? Record(pass, line.doc, needs) : line.error;
    if (!s.ok() && on_error_) {
      AG_RETURN_IF_ERROR(on_error_(path, line_no, s, line.text));
      rejected_.insert({path, line_no});
      continue;
    }
    // JSON syntax errors start with their column; others name the field.
    if (!s.ok()) return s.WithContext(path + ":" + std::to_string(line_no));
  }
  state_.lines = lines0 + lines.lines();
  state_.bytes = bytes0 + lines.bytes();
  if (lines.read_error()) return Status::IOError(path + ": read error");
  return Status::OK();
}

Status NativeLoader::Record(int pass, const json& j, uint8_t* later) {
  if (!j.is_object()) return Status::InvalidArgument("expected a JSON object");
  AG_ASSIGN_OR_RETURN(std::string kind, StringField(j, "kind", true));

  auto parse_claim = [&](const json& c, TargetKind tk, uint64_t target,
                         const std::string& property) -> Status {
    if (!c.is_object()) return Status::InvalidArgument("a claim must be an object");
    AG_RETURN_IF_ERROR(CheckFields(c, kClaimFields, "claim"));
    Claim claim;
    claim.target_kind = tk;
    claim.target = target;
    claim.property = property;
    AG_ASSIGN_OR_RETURN(claim.xid, StringField(c, "id", false));
    AG_ASSIGN_OR_RETURN(std::string source, StringField(c, "source", true));
    auto src = txn_->FindNode(source);
    if (!src) return Status::NotFound("field 'source': no document with id '" + source + "'");
    claim.source = *src;
    AG_ASSIGN_OR_RETURN(claim.locator, StringField(c, "locator", false));
    AG_ASSIGN_OR_RETURN(claim.quote, StringField(c, "quote", false));
    AG_ASSIGN_OR_RETURN(claim.note, StringField(c, "note", false));
    AG_ASSIGN_OR_RETURN(std::string claimant, StringField(c, "claimant", false));
    if (!claimant.empty()) {
      auto cl = txn_->FindNode(claimant);
      if (!cl) return Status::NotFound("field 'claimant': no node with id '" + claimant + "'");
      claim.claimant = *cl;
    }
    AG_ASSIGN_OR_RETURN(std::string stance, StringField(c, "stance", false));
    if (stance.empty() || stance == "asserts")
      claim.stance = Stance::kAsserts;
    else if (stance == "denies")
      claim.stance = Stance::kDenies;
    else
      return Status::InvalidArgument("field 'stance': expected 'asserts' or 'denies', not '" +
                                     stance + "'");
    AG_ASSIGN_OR_RETURN(std::string grade, StringField(c, "grade", false));
    if (grade.empty()) claim.grade = default_grade_;
    if (!grade.empty()) {
      auto g = Grade::Parse(grade);
      if (!g.ok()) return Status::InvalidArgument("field 'grade': " + g.status().message());
      claim.grade = *g;
    }
    if (c.contains("value")) {
      auto v = ValueFromJson(c["value"]);
      if (!v.ok()) return Status::InvalidArgument("field 'value': " + v.status().message());
      claim.value = std::move(v).value();
    }
    return txn_->PutClaim(&claim).status();
  };

  auto parse_claims = [&](const json& rec, TargetKind tk, uint64_t target) -> Status {
    if (rec.contains("claims")) {
      if (!rec["claims"].is_array())
        return Status::InvalidArgument("field 'claims': expected an array");
      for (size_t i = 0; i < rec["claims"].size(); ++i) {
        Status s = parse_claim(rec["claims"][i], tk, target, "");
        if (!s.ok()) return s.WithContext("claims[" + std::to_string(i) + "]");
      }
    }
    if (rec.contains("prop_claims")) {
      if (!rec["prop_claims"].is_object())
        return Status::InvalidArgument("field 'prop_claims': expected an object");
      for (auto it = rec["prop_claims"].begin(); it != rec["prop_claims"].end(); ++it) {
        if (!it.value().is_array())
          return Status::InvalidArgument("field 'prop_claims." + it.key() + "': expected an array");
        for (size_t i = 0; i < it.value().size(); ++i) {
          Status s = parse_claim(it.value()[i], tk, target, it.key());
          if (!s.ok())
            return s.WithContext("prop_claims." + it.key() + "[" + std::to_string(i) + "]");
        }
      }
    }
    return Status::OK();
  };

  if (kind == "node") {
    AG_RETURN_IF_ERROR(CheckFields(j, kNodeFields, "node"));
    AG_ASSIGN_OR_RETURN(std::string xid, StringField(j, "id", true));
    // Pass 2 does nothing for a node, pass 3 only adds its claims.
    if (pass == 1) *later = j.contains("claims") || j.contains("prop_claims") ? kPass3 : 0;
    if (pass == 3) {
      // Pass 1 kept the id it gave the node: no look-up.
      auto id = later && (*later & kHasId) ? std::optional<NodeId>(PopId()) : txn_->FindNode(xid);
      if (!id) return Status::Internal("node '" + xid + "' vanished");
      return parse_claims(j, TargetKind::kNode, *id).WithContext("node '" + xid + "'");
    }
    if (pass != 1) return Status::OK();
    Node n;
    n.xid = xid;
    AG_ASSIGN_OR_RETURN(n.name, StringField(j, "name", true));
    if (!j.contains("labels") || !j["labels"].is_array())
      return Status::InvalidArgument("node '" + xid +
                                     "': field 'labels': expected an array of labels");
    for (const auto& l : j["labels"]) {
      if (!l.is_string())
        return Status::InvalidArgument("node '" + xid + "': field 'labels': expected strings");
      n.labels.push_back(l.get<std::string>());
    }
    if (j.contains("aliases")) {
      if (!j["aliases"].is_array())
        return Status::InvalidArgument("node '" + xid + "': field 'aliases': expected an array");
      for (const auto& a : j["aliases"]) {
        Alias alias;
        if (a.is_string()) {
          alias.name = a.get<std::string>();
        } else if (a.is_object()) {
          auto name = StringField(a, "name", true);
          if (!name.ok()) return name.status().WithContext("node '" + xid + "': field 'aliases'");
          alias.name = *name;
          auto iv = IntervalFields(a);
          if (!iv.ok())
            return iv.status().WithContext("node '" + xid + "': alias '" + alias.name + "'");
          alias.valid = *iv;
        } else {
          return Status::InvalidArgument("node '" + xid +
                                         "': field 'aliases': expected strings or objects");
        }
        n.aliases.push_back(std::move(alias));
      }
    }
    auto props = PropsField(j);
    if (!props.ok()) return props.status().WithContext("node '" + xid + "'");
    n.props = std::move(props).value();
    auto iv = IntervalFields(j);
    if (!iv.ok()) return iv.status().WithContext("node '" + xid + "'");
    n.valid = *iv;
    AG_RETURN_IF_ERROR(txn_->PutNode(&n).status());
    if (*later & kPass3) {
      PushId(n.id);
      *later |= kHasId;
    }
    return Status::OK();
  }

  if (kind == "rel") {
    AG_RETURN_IF_ERROR(CheckFields(j, kRelFields, "rel"));
    // Pass 2 puts it, pass 3 adds its claims.
    if (pass == 1) {
      *later = j.contains("claims") || j.contains("prop_claims") ? kPass2 | kPass3 : kPass2;
      return Status::OK();
    }
    AG_ASSIGN_OR_RETURN(std::string xid, StringField(j, "id", false));
    AG_ASSIGN_OR_RETURN(std::string type, StringField(j, "type", true));
    const std::string what = xid.empty() ? "relationship " + type : "relationship '" + xid + "'";
    AG_ASSIGN_OR_RETURN(std::string src, StringField(j, "src", true));
    AG_ASSIGN_OR_RETURN(std::string dst, StringField(j, "dst", true));
    Relationship r;
    r.xid = xid;
    r.type = type;
    auto s = txn_->FindNode(src);
    if (!s) return Status::NotFound(what + ": field 'src': no node with id '" + src + "'");
    auto d = txn_->FindNode(dst);
    if (!d) return Status::NotFound(what + ": field 'dst': no node with id '" + dst + "'");
    r.src = *s;
    r.dst = *d;
    auto props = PropsField(j);
    if (!props.ok()) return props.status().WithContext(what);
    r.props = std::move(props).value();
    auto iv = IntervalFields(j);
    if (!iv.ok()) return iv.status().WithContext(what);
    r.valid = *iv;
    if (pass == 2) return txn_->PutRel(&r).status();
    // Pass 3: find the relationship again (its id may be derived) for claims.
    AG_ASSIGN_OR_RETURN(const std::string rel_xid, txn_->RelXidOf(r));
    auto id = txn_->FindRel(rel_xid);
    if (!id) return Status::Internal(what + " vanished");
    r.id = *id;
    return parse_claims(j, TargetKind::kRel, r.id).WithContext(what);
  }

  if (kind == "claim") {
    if (pass == 1) *later = kPass3;  // pass 2 would check the fields again
    if (pass != 3) return CheckFields(j, kClaimFields, "claim");
    AG_ASSIGN_OR_RETURN(std::string property, StringField(j, "property", false));
    if (j.contains("node")) {
      AG_ASSIGN_OR_RETURN(std::string node, StringField(j, "node", true));
      auto id = txn_->FindNode(node);
      if (!id) return Status::NotFound("field 'node': no node with id '" + node + "'");
      return parse_claim(j, TargetKind::kNode, *id, property);
    }
    if (j.contains("rel")) {
      AG_ASSIGN_OR_RETURN(std::string rel, StringField(j, "rel", true));
      auto id = txn_->FindRel(rel);
      if (!id) return Status::NotFound("field 'rel': no relationship with id '" + rel + "'");
      return parse_claim(j, TargetKind::kRel, *id, property);
    }
    return Status::InvalidArgument("a claim record needs 'node' or 'rel'");
  }
  return Status::InvalidArgument("field 'kind': expected 'node', 'rel' or 'claim', not '" + kind +
                                 "'");
}

}  // namespace actorgraph
