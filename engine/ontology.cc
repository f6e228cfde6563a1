#include "engine/ontology.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "common/checked_int.h"
#include "common/text_match.h"

namespace actorgraph {

std::string_view Ontology::DefaultText() {
  static const char* kText =
#include "default_ontology.inc"
      ;
  return kText;
}

// ---------------------------------------------------------------- types

std::string PropertyType::ToString() const {
  switch (kind) {
    case Kind::kBool: return "bool";
    case Kind::kInt: return "int";
    case Kind::kFloat: return "float";
    case Kind::kString: return "string";
    case Kind::kDate: return "date";
    case Kind::kMap: return "map";
    case Kind::kAny: return "any";
    case Kind::kList: return "list<" + (element ? element->ToString() : "any") + ">";
    case Kind::kEnum: {
      std::string s = "enum(";
      for (size_t i = 0; i < enum_values.size(); ++i) s += (i ? ", " : "") + enum_values[i];
      return s + ")";
    }
  }
  return "?";
}

namespace {

// The first node, relationship or path in `v`, at any depth (null: none).
// A property holds data, not graph elements: the store has no encoding for
// them and would keep them as null.
const Value* GraphElementIn(const Value& v) {
  using K = Value::Kind;
  switch (v.kind()) {
    case K::kNode:
    case K::kRel:
    case K::kPath:
      return &v;
    case K::kList:
      for (const Value& x : v.as_list())
        if (const Value* g = GraphElementIn(x)) return g;
      return nullptr;
    case K::kMap:
      for (const auto& [key, x] : v.as_map())
        if (const Value* g = GraphElementIn(x)) return g;
      return nullptr;
    default:
      return nullptr;
  }
}

}  // namespace

Status PropertyType::Coerce(Value* v) const {
  if (v->is_null()) return Status::OK();  // null removes a property
  using K = Value::Kind;
  auto mismatch = [&]() {
    return Status::Ontology("expected " + ToString() + " but got " + Value::KindName(v->kind()) +
                            " " + v->ToString());
  };
  if (v->kind() == K::kList || v->kind() == K::kMap)
    if (const Value* g = GraphElementIn(*v))
      return Status::Ontology(std::string("a property cannot hold a ") +
                              Value::KindName(g->kind()) + " (" + g->ToString() + " in " +
                              v->ToString() + ")");
  switch (kind) {
    case Kind::kAny:
      if (v->kind() == K::kNode || v->kind() == K::kRel || v->kind() == K::kPath) return mismatch();
      return Status::OK();
    case Kind::kBool: return v->kind() == K::kBool ? Status::OK() : mismatch();
    case Kind::kInt:
      if (v->kind() == K::kInt) return Status::OK();
      if (v->kind() == K::kFloat) {
        // A whole float that fits (1e30 does not: its cast was undefined).
        const std::optional<int64_t> n = TruncToInt64(v->as_float());
        if (n && static_cast<double>(*n) == v->as_float()) {
          *v = Value(*n);
          return Status::OK();
        }
      }
      return mismatch();
    case Kind::kFloat:
      if (v->kind() == K::kFloat) return Status::OK();
      if (v->kind() == K::kInt) {
        *v = Value(static_cast<double>(v->as_int()));
        return Status::OK();
      }
      return mismatch();
    case Kind::kString: return v->kind() == K::kString ? Status::OK() : mismatch();
    case Kind::kDate:
      if (v->kind() == K::kDate) return Status::OK();
      if (v->kind() == K::kString) {
        auto d = PartialDate::Parse(v->as_string());
        if (!d.ok()) return Status::Ontology(d.status().message());
        *v = Value(*d);
        return Status::OK();
      }
      return mismatch();
    case Kind::kMap: return v->kind() == K::kMap ? Status::OK() : mismatch();
    case Kind::kEnum:
      if (v->kind() == K::kString &&
          std::find(enum_values.begin(), enum_values.end(), v->as_string()) != enum_values.end())
        return Status::OK();
      return mismatch();
    case Kind::kList: {
      if (v->kind() != K::kList) return mismatch();
      if (!element) return Status::OK();
      ValueList items = v->as_list();
      for (size_t i = 0; i < items.size(); ++i) {
        Status s = element->Coerce(&items[i]);
        if (!s.ok()) return Status::Ontology("item " + std::to_string(i) + ": " + s.message());
      }
      *v = Value(std::move(items));
      return Status::OK();
    }
  }
  return mismatch();
}

// ---------------------------------------------------------------- parser

namespace {

struct Token {
  enum Kind { kIdent, kPunct, kEnd } kind;
  std::string text;
  int line, col;
};

class OntologyParser {
 public:
  OntologyParser(std::string_view text, std::string_view filename)
      : text_(text), filename_(filename) {
    Advance();
  }

  // A property named by `unindexed`, where the text names it (for errors).
  struct NamedAt {
    std::string name;
    int line, col;
  };

  Status Run(std::map<std::string, LabelDef>* labels, std::map<std::string, RelTypeDef>* rels,
             std::set<std::string>* builtins, std::vector<NamedAt>* unindexed) {
    while (tok_.kind != Token::kEnd) {
      if (tok_.kind == Token::kIdent && tok_.text == "unindexed") {
        // unindexed p, q: properties written without value-index entries.
        Advance();
        while (true) {
          if (tok_.kind != Token::kIdent) return Error("expected a property name");
          if (tok_.text == "aliases" || tok_.text == "valid_from" || tok_.text == "valid_to")
            return Error("expected a property name (not a built-in field)");
          unindexed->push_back({tok_.text, tok_.line, tok_.col});
          Advance();
          if (!IsPunct(',')) break;
          Advance();
        }
      } else if (tok_.kind == Token::kIdent && tok_.text == "builtin") {
        // builtin id, name: the engine's own fields even in an open schema.
        Advance();
        while (true) {
          if (tok_.kind != Token::kIdent || (tok_.text != "id" && tok_.text != "name"))
            return Error("expected 'id' or 'name'");
          builtins->insert(tok_.text);
          Advance();
          if (!IsPunct(',')) break;
          Advance();
        }
      } else if (tok_.kind == Token::kIdent && tok_.text == "label") {
        AG_RETURN_IF_ERROR(ParseLabel(labels));
      } else if (tok_.kind == Token::kIdent && tok_.text == "relationship") {
        AG_RETURN_IF_ERROR(ParseRel(rels));
      } else {
        return Error("expected 'label', 'relationship', 'builtin' or 'unindexed'");
      }
    }
    return Status::OK();
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument(std::string(filename_) + ":" + std::to_string(tok_.line) + ":" +
                                   std::to_string(tok_.col) + ": " + what + " but found " +
                                   (tok_.kind == Token::kEnd ? "end of file" : "'" + tok_.text + "'"));
  }

  void Advance() {
    // Skip spaces and comments.
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') Step();
      } else if (std::isspace(static_cast<unsigned char>(c))) {
        Step();
      } else {
        break;
      }
    }
    tok_.line = line_;
    tok_.col = col_;
    if (pos_ >= text_.size()) {
      tok_.kind = Token::kEnd;
      tok_.text.clear();
      return;
    }
    const char c = text_[pos_];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      size_t start = pos_;
      while (pos_ < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_'))
        Step();
      tok_.kind = Token::kIdent;
      tok_.text = std::string(text_.substr(start, pos_ - start));
    } else {
      Step();
      tok_.kind = Token::kPunct;
      tok_.text = std::string(1, c);
    }
  }
  void Step() {
    if (text_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++pos_;
  }
  bool IsPunct(char c) const { return tok_.kind == Token::kPunct && tok_.text[0] == c; }
  Status Expect(char c) {
    if (!IsPunct(c)) return Error(std::string("expected '") + c + "'");
    Advance();
    return Status::OK();
  }
  Status Ident(std::string* out, const char* what) {
    if (tok_.kind != Token::kIdent) return Error(std::string("expected ") + what);
    *out = tok_.text;
    Advance();
    return Status::OK();
  }

  Status ParseType(PropertyType* t) {
    std::string name;
    AG_RETURN_IF_ERROR(Ident(&name, "a type"));
    using K = PropertyType::Kind;
    static const std::map<std::string, K> kSimple = {
        {"bool", K::kBool},     {"int", K::kInt}, {"float", K::kFloat}, {"string", K::kString},
        {"date", K::kDate},     {"map", K::kMap}, {"any", K::kAny}};
    if (auto it = kSimple.find(name); it != kSimple.end()) {
      t->kind = it->second;
      return Status::OK();
    }
    if (name == "list") {
      t->kind = K::kList;
      if (IsPunct('<')) {
        Advance();
        auto elem = std::make_shared<PropertyType>();
        AG_RETURN_IF_ERROR(ParseType(elem.get()));
        t->element = elem;
        AG_RETURN_IF_ERROR(Expect('>'));
      }
      return Status::OK();
    }
    if (name == "enum") {
      t->kind = K::kEnum;
      AG_RETURN_IF_ERROR(Expect('('));
      while (true) {
        std::string v;
        AG_RETURN_IF_ERROR(Ident(&v, "an enum value"));
        t->enum_values.push_back(v);
        if (IsPunct(',')) {
          Advance();
          continue;
        }
        break;
      }
      return Expect(')');
    }
    return Status::InvalidArgument(std::string(filename_) + ":" + std::to_string(tok_.line) +
                                   ": unknown type '" + name +
                                   "' (bool, int, float, string, date, list<T>, map, any, enum(...))");
  }

  Status ParseProperties(std::map<std::string, PropertyType>* props) {
    if (!IsPunct('{')) return Status::OK();
    Advance();
    while (!IsPunct('}')) {
      std::string name;
      AG_RETURN_IF_ERROR(Ident(&name, "a property name or '}'"));
      AG_RETURN_IF_ERROR(Expect(':'));
      PropertyType t;
      AG_RETURN_IF_ERROR(ParseType(&t));
      if (props->count(name)) return Error("property '" + name + "' declared twice; next token");
      (*props)[name] = std::move(t);
      if (IsPunct(',') || IsPunct(';')) Advance();
    }
    Advance();
    return Status::OK();
  }

  Status ParseLabelList(std::vector<std::string>* out) {
    if (IsPunct('*')) {
      Advance();
      return Status::OK();
    }
    while (true) {
      std::string l;
      AG_RETURN_IF_ERROR(Ident(&l, "a label"));
      out->push_back(l);
      if (!IsPunct('|')) break;
      Advance();
    }
    return Status::OK();
  }

  Status ParseLabel(std::map<std::string, LabelDef>* labels) {
    Advance();
    LabelDef def;
    def.line = tok_.line;
    AG_RETURN_IF_ERROR(Ident(&def.name, "a label name"));
    if (labels->count(def.name)) return Error("label '" + def.name + "' declared twice; next token");
    if (tok_.kind == Token::kIdent && tok_.text == "extends") {
      Advance();
      while (true) {
        std::string p;
        AG_RETURN_IF_ERROR(Ident(&p, "a parent label"));
        def.parents.push_back(p);
        if (!IsPunct(',')) break;
        Advance();
      }
    }
    AG_RETURN_IF_ERROR(ParseProperties(&def.properties));
    (*labels)[def.name] = std::move(def);
    return Status::OK();
  }

  Status ParseRel(std::map<std::string, RelTypeDef>* rels) {
    Advance();
    RelTypeDef def;
    def.line = tok_.line;
    AG_RETURN_IF_ERROR(Ident(&def.name, "a relationship type"));
    if (rels->count(def.name))
      return Error("relationship '" + def.name + "' declared twice; next token");
    if (tok_.kind == Token::kIdent && tok_.text == "from") {
      Advance();
      AG_RETURN_IF_ERROR(ParseLabelList(&def.from));
    }
    if (tok_.kind == Token::kIdent && tok_.text == "to") {
      Advance();
      AG_RETURN_IF_ERROR(ParseLabelList(&def.to));
    }
    AG_RETURN_IF_ERROR(ParseProperties(&def.properties));
    (*rels)[def.name] = std::move(def);
    return Status::OK();
  }

  std::string_view text_;
  std::string_view filename_;
  size_t pos_ = 0;
  int line_ = 1, col_ = 1;
  Token tok_{Token::kEnd, "", 1, 1};
};

}  // namespace

Result<Ontology> Ontology::Parse(std::string_view text, std::string_view filename) {
  Ontology o;
  std::set<std::string> builtins;
  std::vector<OntologyParser::NamedAt> unindexed;
  AG_RETURN_IF_ERROR(
      OntologyParser(text, filename).Run(&o.labels_, &o.rel_types_, &builtins, &unindexed));
  if (builtins.size() == 1)
    return Status::InvalidArgument(std::string(filename) +
                                   ": 'builtin' names both id and name (they go together)");
  o.builtin_id_name_ = !builtins.empty();
  const std::string file(filename);
  auto names = o.LabelNames();
  auto unknown = [&](const std::string& where, const std::string& l, int line) {
    std::string hint = DidYouMean(l, names);
    return Status::InvalidArgument(file + ":" + std::to_string(line) + ": " + where +
                                   " names unknown label '" + l + "'" +
                                   (hint.empty() ? "" : "; " + hint));
  };
  for (const auto& [name, def] : o.labels_) {
    for (const auto& p : def.parents)
      if (!o.labels_.count(p)) return unknown("label " + name, p, def.line);
    for (const auto& [p, t] : def.properties) o.all_props_.insert(p);
  }
  // Reject cycles in the label hierarchy.
  for (const auto& [name, def] : o.labels_) {
    std::set<std::string> seen;
    std::vector<std::string> stack = def.parents;
    while (!stack.empty()) {
      std::string l = stack.back();
      stack.pop_back();
      if (l == name)
        return Status::InvalidArgument(file + ":" + std::to_string(def.line) + ": label " + name +
                                       " is its own ancestor");
      if (!seen.insert(l).second) continue;
      for (const auto& p : o.labels_.at(l).parents) stack.push_back(p);
    }
  }
  // Each label's properties with those it inherits, the nearest declaration
  // of each: one look-up per property written instead of a walk up the
  // hierarchy (copies, so that a copied Ontology points into itself only).
  for (auto& [name, def] : o.labels_)
    for (const auto& a : o.SelfAndAncestors(name))
      for (const auto& [p, t] : o.labels_.at(a).properties)
        def.all_properties.emplace(p, t);
  for (const auto& [name, def] : o.rel_types_) {
    for (const auto& l : def.from)
      if (!o.labels_.count(l)) return unknown("relationship " + name, l, def.line);
    for (const auto& l : def.to)
      if (!o.labels_.count(l)) return unknown("relationship " + name, l, def.line);
    for (const auto& [p, t] : def.properties) o.all_props_.insert(p);
  }
  // A name no label or relationship type declares is most likely a typo,
  // which would leave the property indexed unnoticed; an ontology that
  // declares nothing (an open schema's) may name any property.
  const bool declares = !o.labels_.empty() || !o.rel_types_.empty();
  for (const auto& u : unindexed) {
    if (declares && !o.all_props_.count(u.name)) {
      const std::vector<std::string> known(o.all_props_.begin(), o.all_props_.end());
      std::string hint = DidYouMean(u.name, known);
      return Status::InvalidArgument(file + ":" + std::to_string(u.line) + ":" +
                                     std::to_string(u.col) + ": 'unindexed' names property '" +
                                     u.name + "', which no label declares" +
                                     (hint.empty() ? "" : "; " + hint));
    }
    o.unindexed_.insert(u.name);
  }
  return o;
}

void Ontology::AddUnindexed(const std::set<std::string>& props) {
  unindexed_.insert(props.begin(), props.end());
}

const LabelDef* Ontology::Label(const std::string& name) const {
  auto it = labels_.find(name);
  return it == labels_.end() ? nullptr : &it->second;
}

const RelTypeDef* Ontology::RelType(const std::string& name) const {
  auto it = rel_types_.find(name);
  return it == rel_types_.end() ? nullptr : &it->second;
}

std::vector<std::string> Ontology::SelfAndAncestors(const std::string& label) const {
  std::vector<std::string> out;
  std::vector<std::string> queue = {label};
  for (size_t i = 0; i < queue.size(); ++i) {
    if (std::find(out.begin(), out.end(), queue[i]) != out.end()) continue;
    out.push_back(queue[i]);
    if (const LabelDef* d = Label(queue[i]))
      for (const auto& p : d->parents) queue.push_back(p);
  }
  return out;
}

// Walks up the parents without building SelfAndAncestors' list: IsA runs for
// each end of every relationship written (the hierarchy has no cycles).
bool Ontology::IsA(const std::string& label, const std::string& ancestor) const {
  if (label == ancestor) return true;
  if (const LabelDef* d = Label(label))
    for (const auto& p : d->parents)
      if (IsA(p, ancestor)) return true;
  return false;
}

bool Ontology::IsBuiltinField(std::string_view key) const {
  if (key == "aliases" || key == "valid_from" || key == "valid_to") return true;
  if (key == "id" || key == "name") return !open_ || builtin_id_name_;
  return false;
}

std::vector<std::string> Ontology::SelfAndDescendants(const std::string& label) const {
  if (!HasLabel(label)) return {label};
  std::vector<std::string> out;
  for (const auto& [name, def] : labels_)
    if (IsA(name, label)) out.push_back(name);
  return out;
}

const PropertyType* Ontology::NodeProperty(const std::vector<std::string>& labels,
                                           const std::string& prop) const {
  for (const auto& l : labels)
    if (const PropertyType* t = InheritedProperty(l, prop)) return t;
  return nullptr;
}

// As NodeProperty for one label: its own declaration first, then its
// ancestors' in SelfAndAncestors' (breadth-first) order, as flattened by
// Parse into LabelDef::all_properties (it runs for every property written).
const PropertyType* Ontology::InheritedProperty(const std::string& label,
                                                const std::string& prop) const {
  const LabelDef* d = Label(label);
  if (!d) return nullptr;
  auto it = d->all_properties.find(prop);
  return it == d->all_properties.end() ? nullptr : &it->second;
}

const PropertyType* Ontology::RelProperty(const std::string& type, const std::string& prop) const {
  const RelTypeDef* d = RelType(type);
  if (!d) return nullptr;
  auto it = d->properties.find(prop);
  return it == d->properties.end() ? nullptr : &it->second;
}

std::vector<std::string> Ontology::LabelNames() const {
  std::vector<std::string> v;
  for (const auto& [n, d] : labels_) v.push_back(n);
  return v;
}

std::vector<std::string> Ontology::RelTypeNames() const {
  std::vector<std::string> v;
  for (const auto& [n, d] : rel_types_) v.push_back(n);
  return v;
}

namespace {
// The type of an undeclared property in an open schema: any storable value.
const PropertyType kUndeclared{};
}  // namespace

Status Ontology::CheckNode(const std::string& what, const std::vector<std::string>& labels,
                           ValueMap* props) const {
  if (labels.empty() && !open_) return Status::Ontology(what + ": a node needs at least one label");
  for (const auto& l : labels) {
    if (!HasLabel(l) && !open_) {
      std::string hint = DidYouMean(l, LabelNames());
      return Status::Ontology(what + ": field 'labels': unknown label '" + l + "'" +
                              (hint.empty() ? "" : "; " + hint));
    }
  }
  for (auto& [name, value] : *props) {
    const PropertyType* t = NodeProperty(labels, name);
    if (!t && open_) t = &kUndeclared;
    if (!t) {
      std::vector<std::string> allowed;
      for (const auto& l : labels)
        for (const auto& a : SelfAndAncestors(l))
          for (const auto& [p, pt] : Label(a)->properties) allowed.push_back(p);
      std::string hint = DidYouMean(name, allowed);
      std::string ls;
      for (const auto& l : labels) ls += (ls.empty() ? "" : ":") + l;
      return Status::Ontology(what + ": field 'props." + name + "': property '" + name +
                              "' is not declared for :" + ls + (hint.empty() ? "" : "; " + hint));
    }
    Status s = t->Coerce(&value);
    if (!s.ok()) return Status::Ontology(what + ": field 'props." + name + "': " + s.message());
  }
  return Status::OK();
}

Status Ontology::UnknownRelType(const std::string& what, const std::string& type) const {
  std::string hint = DidYouMean(type, RelTypeNames());
  return Status::Ontology(what + ": field 'type': unknown relationship type '" + type + "'" +
                          (hint.empty() ? "" : "; " + hint));
}

Status Ontology::CheckRel(const std::string& what, const std::string& type,
                          const std::vector<std::string>& src_labels,
                          const std::vector<std::string>& dst_labels, ValueMap* props) const {
  AG_RETURN_IF_ERROR(CheckRelEndpoints(what, type, src_labels, dst_labels));
  return CheckRelProps(what, type, props);
}

Status Ontology::CheckRelEndpoints(const std::string& what, const std::string& type,
                                   const std::vector<std::string>& src_labels,
                                   const std::vector<std::string>& dst_labels) const {
  const RelTypeDef* d = RelType(type);
  if (!d && open_) return Status::OK();
  if (!d) return UnknownRelType(what, type);
  auto allowed = [&](const std::vector<std::string>& allowed_labels,
                     const std::vector<std::string>& have) {
    if (allowed_labels.empty()) return true;
    for (const auto& h : have)
      for (const auto& a : allowed_labels)
        if (IsA(h, a)) return true;
    return false;
  };
  auto join = [](const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
  };
  if (!allowed(d->from, src_labels))
    return Status::Ontology(what + ": field 'src': " + type + " must start at :" +
                            join(d->from, "|") + ", not at :" + join(src_labels, ":"));
  if (!allowed(d->to, dst_labels))
    return Status::Ontology(what + ": field 'dst': " + type + " must end at :" + join(d->to, "|") +
                            ", not at :" + join(dst_labels, ":"));
  return Status::OK();
}

Status Ontology::CheckRelProps(const std::string& what, const std::string& type,
                               ValueMap* props) const {
  const RelTypeDef* d = RelType(type);
  if (!d && !open_) return UnknownRelType(what, type);
  for (auto& [name, value] : *props) {
    const PropertyType* declared = nullptr;
    if (d) {
      auto it = d->properties.find(name);
      if (it != d->properties.end()) declared = &it->second;
    }
    if (!declared && open_) {
      Status s = kUndeclared.Coerce(&value);
      if (!s.ok()) return Status::Ontology(what + ": field 'props." + name + "': " + s.message());
      continue;
    }
    if (!declared) {
      std::vector<std::string> names;
      for (const auto& [p, t] : d->properties) names.push_back(p);
      std::string hint = DidYouMean(name, names);
      return Status::Ontology(what + ": field 'props." + name + "': property '" + name +
                              "' is not declared for " + type + (hint.empty() ? "" : "; " + hint));
    }
    Status s = declared->Coerce(&value);
    if (!s.ok()) return Status::Ontology(what + ": field 'props." + name + "': " + s.message());
  }
  return Status::OK();
}

std::string Ontology::Describe() const {
  std::string out;
  if (open_)
    out += std::string("Open schema: undeclared labels, relationship types and properties ") +
           "are accepted; id and name are " +
           (builtin_id_name_ ? "built-in fields" : "properties") + "\n\n";
  out += "Labels\n";
  std::function<void(const std::string&, int)> walk = [&](const std::string& l, int depth) {
    const LabelDef* d = Label(l);
    out += std::string(2 + 2 * depth, ' ') + l;
    if (!d->properties.empty()) {
      out += "  {";
      bool first = true;
      for (const auto& [p, t] : d->properties) {
        out += (first ? "" : ", ") + p + ": " + t.ToString();
        first = false;
      }
      out += "}";
    }
    out += "\n";
    for (const auto& [n, c] : labels_)
      if (std::find(c.parents.begin(), c.parents.end(), l) != c.parents.end()) walk(n, depth + 1);
  };
  for (const auto& [n, d] : labels_)
    if (d.parents.empty()) walk(n, 0);
  out += "\nRelationship types\n";
  for (const auto& [n, d] : rel_types_) {
    auto ends = [](const std::vector<std::string>& v) {
      if (v.empty()) return std::string("*");
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : "|") + x;
      return s;
    };
    out += "  (:" + ends(d.from) + ")-[:" + n + "]->(:" + ends(d.to) + ")";
    if (!d.properties.empty()) {
      out += "  {";
      bool first = true;
      for (const auto& [p, t] : d.properties) {
        out += (first ? "" : ", ") + p + ": " + t.ToString();
        first = false;
      }
      out += "}";
    }
    out += "\n";
  }
  if (!unindexed_.empty()) {
    out += "\nUnindexed properties (a lookup by their value scans the label)\n  ";
    bool first = true;
    for (const auto& p : Unindexed()) {
      out += (first ? "" : ", ") + p;
      first = false;
    }
    out += "\n";
  }
  return out;
}

}  // namespace actorgraph
