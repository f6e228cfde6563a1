// Helpers for the importer tests: a database (optionally with the Sahel
// dataset), running an import, reading nodes back.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "engine/database.h"
#include "engine/read_view.h"
#include "import/importer.h"
#include "import/native_loader.h"
#include "tests/test_util.h"

namespace actorgraph::testing {

inline std::string Fixture(const std::string& name) {
  return SourcePath("tests/fixtures/import/" + name);
}

// A published file from ../shared/realdata (beside the project root).
inline std::string RealData(const std::string& name) {
  return SourcePath("../shared/realdata/" + name);
}
#define REQUIRE_REALDATA(path)        \
  if (!std::filesystem::exists(path)) \
  GTEST_SKIP() << "no real data: " << path << " (see ../shared/realdata/README.md)"

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = std::move(Database::Open(dir_ / "db")).value(); }

  void LoadSahel() {
    auto txn = db_->BeginWrite("load sahel");
    NativeLoader loader(txn.get());
    ASSERT_TRUE(loader.LoadFiles({SourcePath("data/sahel/sahel.jsonl")}).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  Status Import(const std::string& format, const std::vector<std::string>& files,
                ImportOptions options = {}) {
    report_ = ImportReport();
    if (options.reject_path.empty()) options.reject_path = dir_ / "rejects.jsonl";
    options.spill_entities = spill_;
    Status s = RunImport(db_.get(), format, files, options, &report_);
    // AG_SHOW_WARNINGS=1: print every field warning (to review them by hand).
    if (std::getenv("AG_SHOW_WARNINGS"))
      for (const auto& w : report_.field_warnings)
        std::cerr << "warning: " << w << "\n";
    return s;
  }

  // The node with this id as of now; fails the test when absent.
  Node Get(const std::string& xid) {
    auto view = db_->Read();
    Node n;
    auto id = view->FindNode(xid);
    EXPECT_TRUE(id) << "no node " << xid;
    if (id) {
      EXPECT_TRUE(view->GetNode(*id, &n).ok());
    }
    return n;
  }
  bool Has(const std::string& xid) { return db_->Read()->FindNode(xid).has_value(); }

  // Relationships of a node of one type, as (other end id, relationship).
  std::vector<std::pair<std::string, Relationship>> Rels(const std::string& xid,
                                                         const std::string& type,
                                                         Direction dir = Direction::kOut) {
    std::vector<std::pair<std::string, Relationship>> out;
    auto view = db_->Read();
    auto id = view->FindNode(xid);
    if (!id) return out;
    for (auto c = view->Adjacency(*id, dir, {type}); c->Valid(); c->Next()) {
      Relationship r;
      Node other;
      EXPECT_TRUE(view->GetRel(c->entry().rel, &r).ok());
      EXPECT_TRUE(view->GetNode(c->entry().other, &other).ok());
      out.push_back({other.xid, r});
    }
    return out;
  }

  std::vector<Claim> ClaimsOnRel(const std::string& rel_xid) {
    auto view = db_->Read();
    auto id = view->FindRel(rel_xid);
    if (!id) return {};
    return *view->Claims(TargetKind::kRel, *id);
  }

  TempDir dir_;
  std::unique_ptr<Database> db_;
  ImportReport report_;
  // The spill threshold Import() uses (tests of staged imports make it tiny).
  size_t spill_ = ImportOptions::kDefaultSpillEntities;
};

}  // namespace actorgraph::testing
