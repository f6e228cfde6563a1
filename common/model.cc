#include "common/model.h"

#include <algorithm>
#include <ctime>

namespace actorgraph {

static const Value* FindProp(const ValueMap& m, const std::string& key) {
  auto it = std::lower_bound(m.begin(), m.end(), key,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  return it != m.end() && it->first == key ? &it->second : nullptr;
}

const Value* Node::Prop(const std::string& key) const { return FindProp(props, key); }
const Value* Relationship::Prop(const std::string& key) const { return FindProp(props, key); }

bool Node::HasLabel(const std::string& l) const {
  return std::find(labels.begin(), labels.end(), l) != labels.end();
}

bool Node::SameContent(const Node& o) const {
  return xid == o.xid && labels == o.labels && name == o.name && aliases == o.aliases &&
         props == o.props && valid == o.valid;
}

bool Relationship::SameContent(const Relationship& o) const {
  return xid == o.xid && type == o.type && src == o.src && dst == o.dst && props == o.props &&
         valid == o.valid;
}

bool Claim::SameContent(const Claim& o) const {
  return xid == o.xid && target_kind == o.target_kind && target == o.target &&
         property == o.property && value == o.value && source == o.source &&
         locator == o.locator && quote == o.quote && claimant == o.claimant && stance == o.stance &&
         grade == o.grade && note == o.note;
}

const char* StanceName(Stance s) { return s == Stance::kDenies ? "denies" : "asserts"; }

std::string TxnInfo::ToTimestamp() const {
  std::time_t secs = static_cast<std::time_t>(unix_micros / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace actorgraph
