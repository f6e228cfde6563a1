#include "import/native_loader.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "engine/value_json.h"

namespace actorgraph {

using nlohmann::json;

namespace {

// Bits of NativeLoader::later_: the line needs pass 2, pass 3.
constexpr uint8_t kPass2 = 1, kPass3 = 2;

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
  for (int pass = 1; pass <= 3; ++pass) {
    file_ = 0;
    std::istringstream in(text);
    AG_RETURN_IF_ERROR(Pass(pass, name, in));
  }
  return Status::OK();
}

Status NativeLoader::Pass(int pass, const std::string& path, std::istream& in) {
  std::string line;
  uint64_t line_no = 0;
  state_.pass = pass;
  if (pass == 1) later_.emplace_back();
  std::vector<uint8_t>& later = later_[file_];
  while (std::getline(in, line)) {
    ++line_no;
    ++state_.lines;
    state_.bytes += line.size() + 1;
    if (progress_ && state_.lines % 10000 == 0) progress_(state_);
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // byte-order mark
    if (!line.empty() && line.back() == '\r') line.pop_back();                 // CRLF
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line.compare(start, 2, "//") == 0) continue;
    if (line.size() == start + 1 && line[start] == '\x1a') continue;  // DOS end-of-file byte
    uint8_t* needs = nullptr;
    if (pass == 1) {
      ++state_.records;
      if (later.size() < line_no) later.resize(line_no, 0);
      needs = &later[line_no - 1];
      *needs = kPass2 | kPass3;  // until the record says otherwise
    } else if (line_no <= later.size() && !(later[line_no - 1] & (pass == 2 ? kPass2 : kPass3))) {
      continue;
    }
    if (on_error_ && rejected_.count({path, line_no})) continue;
    Status s = Record(pass, line, needs);
    if (!s.ok() && on_error_) {
      AG_RETURN_IF_ERROR(on_error_(path, line_no, s, line));
      rejected_.insert({path, line_no});
      continue;
    }
    // JSON syntax errors start with their column; others name the field.
    if (!s.ok()) return s.WithContext(path + ":" + std::to_string(line_no));
  }
  if (in.bad()) return Status::IOError(path + ": read error");
  return Status::OK();
}

Status NativeLoader::Record(int pass, const std::string& line, uint8_t* later) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::parse_error& e) {
    // nlohmann's byte offset is 1-based and points just past the problem.
    // Keep nlohmann's reason, drop its own "[json.exception…] parse error at
    // line 1, column N: " preamble (we name the file's line and column).
    std::string what = e.what();
    if (auto p = what.find(": ", what.find("column")); p != std::string::npos)
      what = what.substr(p + 2);
    return Status::InvalidArgument("column " + std::to_string(e.byte) + ": invalid JSON: " + what);
  }
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
    if (later) *later = j.contains("claims") || j.contains("prop_claims") ? kPass3 : 0;
    if (pass == 3) {
      auto id = txn_->FindNode(xid);
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
    return txn_->PutNode(&n).status();
  }

  if (kind == "rel") {
    AG_RETURN_IF_ERROR(CheckFields(j, kRelFields, "rel"));
    if (pass == 1) return Status::OK();
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
    if (xid.empty()) {
      AG_RETURN_IF_ERROR(txn_->PutRel(&r).status());  // unchanged: yields the derived id
    } else {
      auto id = txn_->FindRel(xid);
      if (!id) return Status::Internal(what + " vanished");
      r.id = *id;
    }
    return parse_claims(j, TargetKind::kRel, r.id).WithContext(what);
  }

  if (kind == "claim") {
    if (later) *later = kPass3;  // pass 2 would check the fields again
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
