// Pictures: `draw` (a link chart of a query's result or of given entities)
// and `timeline` (one actor's relationships over time).
#include <iostream>
#include <set>
#include <sstream>

#include "analytics/link_chart.h"
#include "analytics/procedures.h"
#include "analytics/timeline.h"
#include "engine/entity_lookup.h"
#include "query/query_engine.h"
#include "tools/cli/commands.h"

namespace actorgraph::cli {

namespace {

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, ',');) {
    while (!part.empty() && part.front() == ' ')
      part.erase(part.begin());
    while (!part.empty() && part.back() == ' ')
      part.pop_back();
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

// An entity by external id, or by a name that matches exactly one.
Result<NodeId> FindEntity(const ReadView& view, const std::string& text) {
  if (auto id = view.FindNode(text)) return *id;
  AG_ASSIGN_OR_RETURN(LookupResult found, LookupEntity(view, text));
  if (found.matches.size() == 1) return found.matches[0].node;
  return Status::NotFound(DescribeLookupFailure(view, text, found));
}

// Every node, relationship and path inside a result value.
void Collect(const Value& v, std::set<NodeId>* nodes, std::set<RelId>* rels) {
  switch (v.kind()) {
    case Value::Kind::kNode:
      nodes->insert(v.as_node());
      break;
    case Value::Kind::kRel:
      rels->insert(v.as_rel());
      break;
    case Value::Kind::kPath:
      nodes->insert(v.as_path().nodes.begin(), v.as_path().nodes.end());
      rels->insert(v.as_path().rels.begin(), v.as_path().rels.end());
      break;
    case Value::Kind::kList:
      for (const Value& e : v.as_list())
        Collect(e, nodes, rels);
      break;
    case Value::Kind::kMap:
      for (const auto& [k, e] : v.as_map())
        Collect(e, nodes, rels);
      break;
    default:
      break;
  }
}

}  // namespace

int RunDraw(CliContext& ctx, const Args& args) {
  std::string out, ids, types, text;
  analytics::LinkChartOptions chart;
  query::RunOptions run;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* what) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        Usage("draw", a + " needs " + what);
        return std::nullopt;
      }
      return args[++i];
    };
    std::optional<std::string> v;
    if (a == "-o" || a == "--output") {
      if (!(v = value("a file name"))) return 2;
      out = *v;
    } else if (a == "--ids") {
      if (!(v = value("a comma-separated list of ids"))) return 2;
      ids += (ids.empty() ? "" : ",") + *v;
    } else if (a == "--types") {
      if (!(v = value("relationship types"))) return 2;
      types = *v;
    } else if (a == "--layout") {
      if (!(v = value("dot, neato, fdp, sfdp or circo"))) return 2;
      chart.layout = *v;
    } else if (a == "--title") {
      if (!(v = value("a title"))) return 2;
      chart.title = *v;
    } else if (a == "--no-legend") {
      chart.legend = false;
    } else if (a == "--valid-at") {
      if (!(v = value("a date"))) return 2;
      auto d = PartialDate::Parse(*v);
      if (!d.ok()) return Usage("draw", "--valid-at: " + d.status().message());
      run.valid_at = *d;
    } else if (a == "--min-grade") {
      if (!(v = value("a grade such as B2"))) return 2;
      auto g = Grade::Parse(*v);
      if (!g.ok()) return Usage("draw", "--min-grade: " + g.status().message());
      run.min_grade = *g;
    } else if (a == "--txn") {
      if (!(v = value("a transaction number"))) return 2;
      if (v->empty() || v->find_first_not_of("0123456789") != std::string::npos)
        return Usage("draw", "--txn takes a transaction number");
      run.system_txn = std::stoull(*v);
    } else if (a.rfind("--", 0) == 0) {
      return Usage("draw", "unknown option '" + a + "'");
    } else {
      text += (text.empty() ? "" : " ") + a;
    }
  }
  if (out.empty()) return Usage("draw", "name the output with -o FILE.svg|.png|.dot|.graphml");
  auto format = analytics::ChartFormatFromPath(out);
  if (!format.ok()) return Usage("draw", format.status().message());
  if (text.empty() == ids.empty())
    return Usage("draw", "give either a QUERY or --ids a,b,c (not both)");
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());

  std::set<NodeId> nodes;
  std::set<RelId> rels;
  Status s;
  if (!ids.empty()) {
    auto view = (*db)->Read(run.system_txn.value_or(kLatestTxn));
    for (const std::string& id : SplitComma(ids)) {
      auto n = FindEntity(*view, id);
      if (!n.ok()) return Fail(n.status().WithContext("--ids"));
      nodes.insert(*n);
    }
    // The relationships among the given entities.
    for (NodeId n : nodes) {
      auto cur = view->Adjacency(n, Direction::kOut, SplitComma(types));
      for (; cur->Valid(); cur->Next())
        if (nodes.count(cur->entry().other)) rels.insert(cur->entry().rel);
      if (!cur->status().ok()) return Fail(cur->status());
    }
    s = analytics::WriteLinkChart(*view, (*db)->ontology(), {nodes.begin(), nodes.end()},
                                  {rels.begin(), rels.end()}, *format, out, chart);
  } else {
    query::QueryEngine engine(*db);
    analytics::RegisterAnalyticsProcedures(engine.procedures());
    run.read_only = true;
    auto cursor = engine.Run(text, run);
    if (!cursor.ok()) return Fail(cursor.status());
    std::vector<std::vector<Value>> rows;
    for (bool more = true; more;) {
      rows.clear();
      auto next = (*cursor)->Next(1000, &rows);
      if (!next.ok()) return Fail(next.status());
      more = *next;
      for (const auto& row : rows)
        for (const Value& v : row)
          Collect(v, &nodes, &rels);
    }
    if (nodes.empty() && rels.empty())
      return Fail(Status::NotFound("the query returned no nodes, relationships or paths to draw"));
    s = analytics::WriteLinkChart((*cursor)->view(), (*db)->ontology(),
                                  {nodes.begin(), nodes.end()}, {rels.begin(), rels.end()}, *format,
                                  out, chart);
  }
  if (!s.ok()) return Fail(s);
  if (!ctx.options().quiet)
    ctx.info() << "drew " << nodes.size() << " nodes and " << rels.size() << " relationships to "
               << out << '\n';
  return 0;
}

int RunTimeline(CliContext& ctx, const Args& args) {
  std::string out, entity;
  analytics::TimelineOptions options;
  TxnId txn = kLatestTxn;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if ((a == "-o" || a == "--output") && has_value) {
      out = args[++i];
    } else if (a == "--types" && has_value) {
      options.types = SplitComma(args[++i]);
    } else if (a == "--all-types") {
      options.skip_types.clear();
    } else if (a == "--title" && has_value) {
      options.title = args[++i];
    } else if (a == "--width" && has_value) {
      try {
        options.width = std::stoi(args[++i]);
      } catch (...) {
        return Usage("timeline", "--width takes a number of pixels");
      }
    } else if (a == "--txn" && has_value) {
      try {
        txn = std::stoull(args[++i]);
      } catch (...) {
        return Usage("timeline", "--txn takes a transaction number");
      }
    } else if (a.rfind("-", 0) == 0) {
      return Usage("timeline", "unknown option or missing value: '" + a + "'");
    } else {
      entity += (entity.empty() ? "" : " ") + a;
    }
  }
  if (entity.empty()) return Usage("timeline", "name an actor by id or name");
  if (out.empty()) return Usage("timeline", "name the output with -o FILE.svg");
  auto db = ctx.Db();
  if (!db.ok()) return Fail(db.status());
  auto view = (*db)->Read(txn);
  auto node = FindEntity(*view, entity);
  if (!node.ok()) return Fail(node.status());
  Status s = analytics::WriteTimeline(*view, (*db)->ontology(), *node, out, options);
  if (!s.ok()) return Fail(s);
  if (!ctx.options().quiet) ctx.info() << "wrote " << out << '\n';
  return 0;
}

}  // namespace actorgraph::cli
