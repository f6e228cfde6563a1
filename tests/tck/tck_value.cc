#include "tests/tck/tck_value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "common/model.h"
#include "engine/read_view.h"

namespace actorgraph::tck {

namespace {

using K = Lit::Kind;

class LitParser {
 public:
  explicit LitParser(const std::string& text) : t_(text) {}

  Result<Lit> Run() {
    AG_ASSIGN_OR_RETURN(Lit v, Value());
    Skip();
    if (p_ != t_.size()) return Error("unexpected text");
    return v;
  }

 private:
  Status Error(const std::string& what) const {
    return Status::InvalidArgument("TCK value '" + t_ + "' at offset " + std::to_string(p_) + ": " +
                                   what);
  }
  void Skip() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n'))
      ++p_;
  }
  bool Eat(char c) {
    Skip();
    if (p_ < t_.size() && t_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  bool EatWord(const char* w) {
    Skip();
    const std::string word(w);
    if (t_.compare(p_, word.size(), word) != 0) return false;
    const size_t e = p_ + word.size();
    if (e < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[e])) || t_[e] == '_'))
      return false;
    p_ = e;
    return true;
  }
  char Peek() {
    Skip();
    return p_ < t_.size() ? t_[p_] : '\0';
  }

  Result<std::string> Name() {
    Skip();
    if (p_ < t_.size() && t_[p_] == '`') {
      size_t e = t_.find('`', p_ + 1);
      if (e == std::string::npos) return Error("unclosed `");
      std::string n = t_.substr(p_ + 1, e - p_ - 1);
      p_ = e + 1;
      return n;
    }
    size_t s = p_;
    while (p_ < t_.size() && (std::isalnum(static_cast<unsigned char>(t_[p_])) || t_[p_] == '_' ||
                              static_cast<unsigned char>(t_[p_]) >= 0x80))
      ++p_;
    if (s == p_) return Error("expected a name");
    return t_.substr(s, p_ - s);
  }

  Status Props(std::vector<std::pair<std::string, Lit>>* out) {
    // Precondition: '{' eaten.
    if (Eat('}')) return Status::OK();
    while (true) {
      AG_ASSIGN_OR_RETURN(std::string k, Name());
      if (!Eat(':')) return Error("expected ':'");
      AG_ASSIGN_OR_RETURN(Lit v, Value());
      out->emplace_back(std::move(k), std::move(v));
      if (Eat(',')) continue;
      if (Eat('}')) return Status::OK();
      return Error("expected ',' or '}'");
    }
  }

  Result<Lit> Node() {
    // Precondition: '(' eaten.
    Lit n;
    n.kind = K::kNode;
    while (Eat(':')) {
      AG_ASSIGN_OR_RETURN(std::string l, Name());
      n.labels.push_back(std::move(l));
    }
    if (Eat('{')) AG_RETURN_IF_ERROR(Props(&n.entries));
    if (!Eat(')')) return Error("expected ')'");
    return n;
  }

  Result<Lit> Rel() {
    // Precondition: '[' eaten, ':' next.
    Lit r;
    r.kind = K::kRel;
    if (!Eat(':')) return Error("expected ':'");
    AG_ASSIGN_OR_RETURN(r.s, Name());
    if (Eat('{')) AG_RETURN_IF_ERROR(Props(&r.entries));
    if (!Eat(']')) return Error("expected ']'");
    return r;
  }

  Result<Lit> Path() {
    // Precondition: '<' eaten.
    Lit p;
    p.kind = K::kPath;
    if (!Eat('(')) return Error("expected '(' in a path");
    AG_ASSIGN_OR_RETURN(Lit first, Node());
    p.items.push_back(std::move(first));
    while (!Eat('>')) {
      bool back = false;
      if (Eat('<')) back = true;
      if (!Eat('-') || !Eat('[')) return Error("expected '-[' in a path");
      AG_ASSIGN_OR_RETURN(Lit r, Rel());
      if (!Eat('-')) return Error("expected '-' in a path");
      bool fwd = Eat('>');
      if (fwd == back) return Error("a path step needs one direction");
      if (!Eat('(')) return Error("expected '(' in a path");
      AG_ASSIGN_OR_RETURN(Lit n, Node());
      p.items.push_back(std::move(r));
      p.items.push_back(std::move(n));
      p.forward.push_back(fwd);
    }
    return p;
  }

  Result<Lit> String(char quote) {
    // Precondition: at the opening quote.
    ++p_;
    Lit s;
    s.kind = K::kString;
    while (p_ < t_.size() && t_[p_] != quote) {
      char c = t_[p_++];
      if (c != '\\' || p_ >= t_.size()) {
        s.s += c;
        continue;
      }
      char e = t_[p_++];
      switch (e) {
        case 'n':
          s.s += '\n';
          break;
        case 't':
          s.s += '\t';
          break;
        case 'r':
          s.s += '\r';
          break;
        case 'b':
          s.s += '\b';
          break;
        case 'f':
          s.s += '\f';
          break;
        case 'u': {
          if (p_ + 4 > t_.size()) return Error("bad \\u escape");
          unsigned cp = std::strtoul(t_.substr(p_, 4).c_str(), nullptr, 16);
          p_ += 4;
          if (cp < 0x80) {
            s.s += static_cast<char>(cp);
          } else if (cp < 0x800) {
            s.s += static_cast<char>(0xC0 | (cp >> 6));
            s.s += static_cast<char>(0x80 | (cp & 0x3F));
          } else {
            s.s += static_cast<char>(0xE0 | (cp >> 12));
            s.s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s.s += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default:
          s.s += e;
      }
    }
    if (p_ >= t_.size()) return Error("unclosed string");
    ++p_;
    return s;
  }

  Result<Lit> Number() {
    size_t s = p_;
    if (t_[p_] == '-' || t_[p_] == '+') ++p_;
    if (t_.compare(p_, 8, "Infinity") == 0) {
      p_ += 8;
      Lit f;
      f.kind = K::kFloat;
      f.f = t_[s] == '-' ? -INFINITY : INFINITY;
      return f;
    }
    bool is_float = false;
    while (p_ < t_.size()) {
      char c = t_[p_];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        ++p_;
      } else if (c == '.' || c == 'e' || c == 'E') {
        is_float = true;
        ++p_;
        if ((c == 'e' || c == 'E') && p_ < t_.size() && (t_[p_] == '-' || t_[p_] == '+')) ++p_;
      } else {
        break;
      }
    }
    const std::string num = t_.substr(s, p_ - s);
    Lit v;
    if (is_float) {
      v.kind = K::kFloat;
      v.f = std::strtod(num.c_str(), nullptr);
      return v;
    }
    v.kind = K::kInt;
    auto [ptr, ec] = std::from_chars(num.data() + (num[0] == '+'), num.data() + num.size(), v.i);
    if (ec != std::errc() || ptr != num.data() + num.size()) return Error("bad integer");
    return v;
  }

  Result<Lit> Value() {
    const char c = Peek();
    Lit v;
    if (c == '\'' || c == '"') return String(c);
    if (c == '(') {
      ++p_;
      return Node();
    }
    if (c == '<') {
      ++p_;
      return Path();
    }
    if (c == '[') {
      ++p_;
      if (Peek() == ':') return Rel();
      v.kind = K::kList;
      if (Eat(']')) return v;
      while (true) {
        AG_ASSIGN_OR_RETURN(Lit item, Value());
        v.items.push_back(std::move(item));
        if (Eat(',')) continue;
        if (Eat(']')) return v;
        return Error("expected ',' or ']'");
      }
    }
    if (c == '{') {
      ++p_;
      v.kind = K::kMap;
      AG_RETURN_IF_ERROR(Props(&v.entries));
      return v;
    }
    if (c == '-' || c == '+' || c == '.' || std::isdigit(static_cast<unsigned char>(c)))
      return Number();
    if (EatWord("null")) return v;
    if (EatWord("true") || EatWord("false")) {
      v.kind = K::kBool;
      v.b = t_[p_ - 1] == 'e' && t_[p_ - 4] == 't';
      return v;
    }
    if (EatWord("NaN")) {
      v.kind = K::kFloat;
      v.f = NAN;
      return v;
    }
    if (EatWord("Infinity")) {
      v.kind = K::kFloat;
      v.f = INFINITY;
      return v;
    }
    return Error("unexpected character");
  }

  const std::string& t_;
  size_t p_ = 0;
};

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string FloatText(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f < 0 ? "-Infinity" : "Infinity";
  if (f == 0) return "0.0";  // -0.0 equals 0.0 in Cypher, as in the TCK's comparison
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, f);
  std::string s(buf, ptr);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

std::string Props(const std::vector<std::pair<std::string, Lit>>& entries, bool sort_lists) {
  std::vector<std::pair<std::string, std::string>> kv;
  for (const auto& [k, v] : entries) {
    if (v.kind == K::kNull) continue;  // a null property is no property
    kv.emplace_back(k, Canonical(v, sort_lists));
  }
  std::sort(kv.begin(), kv.end());
  std::string s = "{";
  for (size_t i = 0; i < kv.size(); ++i)
    s += (i ? ", " : "") + kv[i].first + ": " + kv[i].second;
  return s + "}";
}

}  // namespace

Result<Lit> ParseLit(const std::string& text) {
  return LitParser(text).Run();
}

Result<Value> ToValue(const Lit& lit) {
  switch (lit.kind) {
    case K::kNull:
      return Value();
    case K::kBool:
      return Value(lit.b);
    case K::kInt:
      return Value(lit.i);
    case K::kFloat:
      return Value(lit.f);
    case K::kString:
      return Value(lit.s);
    case K::kList: {
      ValueList l;
      for (const auto& x : lit.items) {
        AG_ASSIGN_OR_RETURN(Value v, ToValue(x));
        l.push_back(std::move(v));
      }
      return Value(std::move(l));
    }
    case K::kMap: {
      ValueMap m;
      for (const auto& [k, x] : lit.entries) {
        AG_ASSIGN_OR_RETURN(Value v, ToValue(x));
        m.emplace_back(k, std::move(v));
      }
      return Value::Map(std::move(m));
    }
    default:
      return Status::Unsupported("a node, relationship or path as a parameter");
  }
}

namespace {

Lit NodeLit(NodeId id, const ReadView& view) {
  Lit n;
  n.kind = K::kNode;
  Node node;
  if (!view.GetNode(id, &node).ok()) {
    n.labels.push_back("?deleted");
    return n;
  }
  n.labels = node.labels;
  for (const auto& [k, v] : node.props)
    n.entries.emplace_back(k, FromValue(v, view));
  return n;
}

Lit RelLit(RelId id, const ReadView& view, Relationship* out) {
  Lit r;
  r.kind = K::kRel;
  if (!view.GetRel(id, out).ok()) {
    r.s = "?deleted";
    return r;
  }
  r.s = out->type;
  for (const auto& [k, v] : out->props)
    r.entries.emplace_back(k, FromValue(v, view));
  return r;
}

}  // namespace

Lit FromValue(const Value& v, const ReadView& view) {
  using VK = Value::Kind;
  Lit l;
  switch (v.kind()) {
    case VK::kNull:
      return l;
    case VK::kBool:
      l.kind = K::kBool;
      l.b = v.as_bool();
      return l;
    case VK::kInt:
      l.kind = K::kInt;
      l.i = v.as_int();
      return l;
    case VK::kFloat:
      l.kind = K::kFloat;
      l.f = v.as_float();
      return l;
    case VK::kString:
      l.kind = K::kString;
      l.s = v.as_string();
      return l;
    case VK::kDate:
      l.kind = K::kString;
      l.s = v.as_date().ToString();
      return l;
    case VK::kTemporal:  // the TCK writes temporals as their strings
      l.kind = K::kString;
      l.s = v.as_temporal().ToString();
      return l;
    case VK::kList:
      l.kind = K::kList;
      for (const auto& x : v.as_list())
        l.items.push_back(FromValue(x, view));
      return l;
    case VK::kMap:
      l.kind = K::kMap;
      for (const auto& [k, x] : v.as_map())
        l.entries.emplace_back(k, FromValue(x, view));
      return l;
    case VK::kNode:
      return NodeLit(v.as_node(), view);
    case VK::kRel: {
      Relationship r;
      return RelLit(v.as_rel(), view, &r);
    }
    case VK::kPath: {
      const PathValue& p = v.as_path();
      l.kind = K::kPath;
      l.items.push_back(NodeLit(p.nodes[0], view));
      for (size_t i = 0; i < p.rels.size(); ++i) {
        Relationship r;
        l.items.push_back(RelLit(p.rels[i], view, &r));
        l.forward.push_back(r.src == p.nodes[i]);
        l.items.push_back(NodeLit(p.nodes[i + 1], view));
      }
      return l;
    }
  }
  return l;
}

std::string Canonical(const Lit& lit, bool sort_lists) {
  switch (lit.kind) {
    case K::kNull:
      return "null";
    case K::kBool:
      return lit.b ? "true" : "false";
    case K::kInt:
      return std::to_string(lit.i);
    case K::kFloat:
      return FloatText(lit.f);
    case K::kString:
      return Quote(lit.s);
    case K::kList: {
      std::vector<std::string> items;
      for (const auto& x : lit.items)
        items.push_back(Canonical(x, sort_lists));
      if (sort_lists) std::sort(items.begin(), items.end());
      std::string s = "[";
      for (size_t i = 0; i < items.size(); ++i)
        s += (i ? ", " : "") + items[i];
      return s + "]";
    }
    case K::kMap:
      return Props(lit.entries, sort_lists);
    case K::kNode: {
      std::vector<std::string> labels = lit.labels;
      std::sort(labels.begin(), labels.end());
      std::string s = "(";
      for (const auto& l : labels)
        s += ":" + l;
      std::string p = Props(lit.entries, sort_lists);
      if (p != "{}") s += (labels.empty() ? "" : " ") + p;
      return s + ")";
    }
    case K::kRel: {
      std::string p = Props(lit.entries, sort_lists);
      return "[:" + lit.s + (p != "{}" ? " " + p : "") + "]";
    }
    case K::kPath: {
      std::string s = "<" + Canonical(lit.items[0], sort_lists);
      for (size_t i = 0; i < lit.forward.size() && 2 * i + 2 < lit.items.size(); ++i) {
        const bool fwd = lit.forward[i];
        s += std::string(fwd ? "-" : "<-") + Canonical(lit.items[2 * i + 1], sort_lists) +
             (fwd ? "->" : "-") + Canonical(lit.items[2 * i + 2], sort_lists);
      }
      return s + ">";
    }
  }
  return "?";
}

}  // namespace actorgraph::tck
