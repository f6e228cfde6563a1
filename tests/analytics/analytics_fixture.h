// A test database for the analytics tests: nodes and relationships written
// through the real engine (Database::Open on a temp dir, one WriteTxn), with
// claims graded as asked, and procedure calls through a ProcedureRegistry.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "analytics/procedures.h"
#include "engine/database.h"
#include "engine/write_txn.h"
#include "query/procedure.h"
#include "tests/test_util.h"

namespace actorgraph::testing {

struct ClaimSpec {
  Stance stance = Stance::kAsserts;
  std::string grade = "B2";  // empty: ungraded
};

class AnalyticsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open(dir_.path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    txn_ = db_->BeginWrite("analytics test");
    Node doc;
    doc.xid = "doc";
    doc.labels = {"Document"};
    doc.name = "Test source";
    ASSERT_TRUE(txn_->PutNode(&doc).ok());
    doc_ = doc.id;
    analytics::RegisterAnalyticsProcedures(registry_);
  }

  static ValidInterval Period(const char* from, const char* to) {
    ValidInterval v;
    if (from) v.from = PartialDate::Parse(from).value();
    if (to) v.to = PartialDate::Parse(to).value();
    return v;
  }

  NodeId AddNode(const std::string& xid, const std::string& label, ValueMap props = {},
                 ValidInterval valid = {}) {
    Node n;
    n.xid = xid;
    n.labels = {label};
    n.name = xid;
    n.props = std::move(props);
    n.valid = valid;
    auto r = txn_->PutNode(&n);
    EXPECT_TRUE(r.ok()) << xid << ": " << r.status().ToString();
    return n.id;
  }

  RelId AddRel(const std::string& xid, const std::string& type, const std::string& src,
               const std::string& dst, ValueMap props = {}, ValidInterval valid = {},
               std::vector<ClaimSpec> claims = {ClaimSpec{}}) {
    Relationship r;
    r.xid = xid;
    r.type = type;
    r.src = txn_->FindNode(src).value();
    r.dst = txn_->FindNode(dst).value();
    r.props = std::move(props);
    r.valid = valid;
    auto put = txn_->PutRel(&r);
    EXPECT_TRUE(put.ok()) << xid << ": " << put.status().ToString();
    int i = 0;
    for (const ClaimSpec& cs : claims) {
      Claim c;
      c.xid = xid + ":claim" + std::to_string(i++);
      c.target_kind = TargetKind::kRel;
      c.target = r.id;
      c.source = doc_;
      c.stance = cs.stance;
      if (!cs.grade.empty()) c.grade = Grade::Parse(cs.grade).value();
      auto pc = txn_->PutClaim(&c);
      EXPECT_TRUE(pc.ok()) << pc.status().ToString();
    }
    return r.id;
  }

  void Commit() {
    auto r = txn_->Commit();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    txn_.reset();
    view_ = db_->Read();
  }

  NodeId Id(const std::string& xid) const { return view_->FindNode(xid).value(); }
  RelId Rel(const std::string& xid) const { return view_->FindRel(xid).value(); }

  // Calls a procedure; missing trailing arguments take their defaults.
  std::vector<std::vector<Value>> Call(const std::string& name, std::vector<Value> args,
                                       const query::TemporalFilter& filter = {}) {
    const query::Procedure* p = registry_.Find(name);
    EXPECT_NE(p, nullptr) << name;
    if (!p) return {};
    const auto& params = p->signature().params;
    for (size_t i = args.size(); i < params.size(); ++i)
      args.push_back(params[i].default_value.value_or(Value()));
    query::ProcedureContext ctx{*view_, db_->ontology(), filter, [] { return false; }};
    std::vector<std::vector<Value>> rows;
    status_ = p->Call(ctx, args, [&](std::vector<Value>&& row) {
      EXPECT_EQ(row.size(), p->signature().outputs.size()) << name;
      rows.push_back(std::move(row));
      return true;
    });
    return rows;
  }

  // Column `col` of a procedure's output, by name.
  size_t Col(const std::string& proc, const std::string& col) {
    const auto& outs = registry_.Find(proc)->signature().outputs;
    auto it = std::find(outs.begin(), outs.end(), col);
    EXPECT_NE(it, outs.end()) << proc << " has no column " << col;
    return it - outs.begin();
  }

  std::vector<NodeId> NodeList(const Value& v) const {
    std::vector<NodeId> out;
    for (const Value& e : v.as_list())
      out.push_back(e.as_node());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<RelId> RelList(const Value& v) const {
    std::vector<RelId> out;
    for (const Value& e : v.as_list())
      out.push_back(e.as_rel());
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<NodeId> Ids(std::initializer_list<const char*> xids) const {
    std::vector<NodeId> out;
    for (const char* x : xids)
      out.push_back(Id(x));
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> PathXids(const Value& path) const {
    std::vector<std::string> out;
    for (NodeId n : path.as_path().nodes) {
      Node node;
      EXPECT_TRUE(view_->GetNode(n, &node).ok());
      out.push_back(node.xid);
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<WriteTxn> txn_;
  std::unique_ptr<ReadView> view_;
  NodeId doc_ = 0;
  query::ProcedureRegistry registry_;
  Status status_;
};

inline ValueMap Props(std::initializer_list<std::pair<std::string, Value>> kv) {
  ValueMap m(kv);
  std::sort(m.begin(), m.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return m;
}

}  // namespace actorgraph::testing
