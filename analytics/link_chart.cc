#include "analytics/link_chart.h"

// Boost 1.74's adjacency_list edge iterator (a boost::optional inside) trips
// GCC 12's -Wmaybe-uninitialized at every instantiation: a known false positive.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "analytics/actor_style.h"
#include "analytics/evidence.h"
#include "common/ascii.h"

namespace actorgraph::analytics {

namespace {

struct ChartNode {
  std::string id;  // external id
  std::string name, labels, kind;
  std::string label, shape, fill, stroke;
};

struct ChartEdge {
  std::string id;  // external id
  std::string type, role, valid, grade;
  bool contested = false;
  int asserts = 0, denies = 0;
  std::string label, color, fontcolor, style, penwidth;
};

using ChartGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, ChartNode, ChartEdge>;

// Breaks a long name over lines at spaces, for node labels.
std::string Wrap(const std::string& s, size_t width) {
  std::string out, line;
  std::istringstream in(s);
  std::string word;
  while (in >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += (out.empty() ? "" : "\\n") + line;
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += (out.empty() ? "" : "\\n") + line;
  return out;
}

// Backslashes would start DOT escapes; the label text keeps only ours.
std::string Plain(std::string s) {
  std::replace(s.begin(), s.end(), '\\', '/');
  return s;
}

std::string Hex2(int v) {
  char buf[3];
  std::snprintf(buf, sizeof buf, "%02x", std::clamp(v, 0, 255));
  return buf;
}

Result<ChartGraph> BuildChart(const ReadView& view, const Ontology& ontology,
                              const std::vector<NodeId>& node_ids,
                              const std::vector<RelId>& rel_ids, std::set<std::string>* kinds) {
  ChartGraph g;
  std::map<NodeId, ChartGraph::vertex_descriptor> index;
  auto add_node = [&](NodeId id) -> Status {
    if (index.count(id)) return Status::OK();
    Node n;
    Status s = view.GetNode(id, &n);
    if (!s.ok()) return s.WithContext("node #" + std::to_string(id));
    const KindStyle& st = StyleFor(ontology, n.labels);
    ChartNode cn;
    cn.id = n.xid;
    cn.name = n.name;
    for (const auto& l : n.labels)
      cn.labels += (cn.labels.empty() ? "" : ";") + l;
    cn.kind = st.kind;
    cn.label = Wrap(Plain(n.name), 22);
    cn.shape = st.shape;
    cn.fill = st.fill;
    cn.stroke = st.stroke;
    kinds->insert(st.kind);
    index[id] = boost::add_vertex(cn, g);
    return Status::OK();
  };
  for (NodeId id : node_ids)
    AG_RETURN_IF_ERROR(add_node(id));
  std::set<RelId> seen;
  for (RelId rid : rel_ids) {
    if (!seen.insert(rid).second) continue;
    Relationship r;
    Status s = view.GetRel(rid, &r);
    if (!s.ok()) return s.WithContext("relationship #" + std::to_string(rid));
    AG_RETURN_IF_ERROR(add_node(r.src));
    AG_RETURN_IF_ERROR(add_node(r.dst));
    AG_ASSIGN_OR_RETURN(Evidence ev, RelEvidence(view, rid));
    ChartEdge ce;
    ce.id = r.xid;
    ce.type = r.type;
    if (const Value* role = r.Prop("role"); role && role->kind() == Value::Kind::kString)
      ce.role = role->as_string();
    ce.valid = r.valid.unbounded() ? "" : r.valid.ToString();
    ce.grade = ev.best ? ev.best->ToString() : "";
    ce.contested = ev.contested();
    ce.asserts = static_cast<int>(ev.asserts);
    ce.denies = static_cast<int>(ev.denies);
    ce.label = r.type + (ce.role.empty() ? "" : " · " + ce.role);
    if (!ce.valid.empty()) ce.label += "\\n" + ce.valid;
    if (ce.contested)
      ce.label += "\\ncontested: " + std::to_string(ev.asserts) + " for, " +
                  std::to_string(ev.denies) + " against";
    // Weaker grades draw lighter and thinner: grey from #222 (A1) to #bbb.
    const double strength = GradeStrength(ev.best);
    const int level = 0x22 + static_cast<int>((1 - strength) * (0xbb - 0x22));
    if (ce.contested) {
      ce.color = "#d62728";
      ce.fontcolor = "#b01e1e";
      ce.style = "dashed";
    } else {
      ce.color = "#" + Hex2(level) + Hex2(level) + Hex2(level);
      ce.fontcolor = "#" + Hex2(std::min(level, 0x88)) + Hex2(std::min(level, 0x88)) +
                     Hex2(std::min(level, 0x88));
      ce.style = ev.asserts == 0 ? "dotted" : "solid";
    }
    char pw[16];
    std::snprintf(pw, sizeof pw, "%.1f", 0.8 + 1.6 * strength);
    ce.penwidth = pw;
    boost::add_edge(index[r.src], index[r.dst], ce, g);
  }
  return g;
}

std::string LegendDot(const std::set<std::string>& kinds) {
  std::string rows;
  for (const KindStyle& s : AllStyles()) {
    if (!kinds.count(s.kind)) continue;
    rows += std::string("<TR><TD BGCOLOR=\"") + s.fill + "\" COLOR=\"" + s.stroke +
            "\" BORDER=\"1\" WIDTH=\"18\"> </TD><TD ALIGN=\"LEFT\">" + s.kind +
            " <FONT "
            "COLOR=\"#888888\">(" +
            s.shape + ")</FONT></TD></TR>";
  }
  rows +=
      "<TR><TD><FONT COLOR=\"#222222\"><B>———</B></FONT></TD><TD ALIGN=\"LEFT\">asserted, "
      "strong grade (A1)</TD></TR>"
      "<TR><TD><FONT COLOR=\"#aaaaaa\">———</FONT></TD><TD ALIGN=\"LEFT\">weaker grade "
      "(lighter, thinner)</TD></TR>"
      "<TR><TD><FONT COLOR=\"#d62728\">- - -</FONT></TD><TD ALIGN=\"LEFT\">contested: asserted "
      "and denied</TD></TR>"
      "<TR><TD><FONT COLOR=\"#888888\">· · ·</FONT></TD><TD ALIGN=\"LEFT\">only denied</TD></TR>";
  return "  legend [shape=plaintext, style=solid, fillcolor=white, fontsize=9, label=<<TABLE "
         "BORDER=\"1\" COLOR=\"#cccccc\" "
         "CELLBORDER=\"0\" CELLSPACING=\"2\" CELLPADDING=\"2\"><TR><TD COLSPAN=\"2\"><B>Legend</B>"
         "</TD></TR>" +
         rows + "</TABLE>>];\n";
}

std::string ToDot(const ChartGraph& g, const std::set<std::string>& kinds,
                  const LinkChartOptions& o) {
  boost::dynamic_properties dp;
  ChartGraph& mg = const_cast<ChartGraph&>(g);  // property maps need non-const access
  dp.property("node_id", boost::get(&ChartNode::id, mg));
  dp.property("label", boost::get(&ChartNode::label, mg));
  dp.property("shape", boost::get(&ChartNode::shape, mg));
  dp.property("fillcolor", boost::get(&ChartNode::fill, mg));
  dp.property("color", boost::get(&ChartNode::stroke, mg));
  dp.property("tooltip", boost::get(&ChartNode::name, mg));
  dp.property("label", boost::get(&ChartEdge::label, mg));
  dp.property("color", boost::get(&ChartEdge::color, mg));
  dp.property("fontcolor", boost::get(&ChartEdge::fontcolor, mg));
  dp.property("style", boost::get(&ChartEdge::style, mg));
  dp.property("penwidth", boost::get(&ChartEdge::penwidth, mg));
  dp.property("tooltip", boost::get(&ChartEdge::id, mg));
  std::ostringstream out;
  boost::write_graphviz_dp(out, g, dp, "node_id");
  std::string dot = out.str();
  // Defaults and the legend go in as plain DOT statements: write_graphviz_dp
  // only writes per-element attributes.
  std::string head =
      "  graph [fontname=\"Helvetica\", bgcolor=\"white\", pad=0.3, nodesep=0.35, "
      "ranksep=0.6, overlap=false, splines=true, rankdir=LR";
  if (!o.title.empty()) head += ", label=\"" + Plain(o.title) + "\", labelloc=t, fontsize=16";
  head +=
      "];\n  node [fontname=\"Helvetica\", fontsize=11, style=filled, penwidth=1.2];\n"
      "  edge [fontname=\"Helvetica\", fontsize=8, arrowsize=0.7];\n";
  size_t brace = dot.find('{');
  if (brace != std::string::npos) dot.insert(brace + 2, head);
  if (o.legend) {
    size_t last = dot.rfind('}');
    if (last != std::string::npos) dot.insert(last, LegendDot(kinds));
  }
  if (dot.empty() || dot.back() != '\n') dot += '\n';
  return dot;
}

std::string ToGraphml(const ChartGraph& g) {
  boost::dynamic_properties dp;
  ChartGraph& mg = const_cast<ChartGraph&>(g);
  dp.property("xid", boost::get(&ChartNode::id, mg));
  dp.property("name", boost::get(&ChartNode::name, mg));
  dp.property("labels", boost::get(&ChartNode::labels, mg));
  dp.property("kind", boost::get(&ChartNode::kind, mg));
  dp.property("color", boost::get(&ChartNode::fill, mg));
  dp.property("xid", boost::get(&ChartEdge::id, mg));
  dp.property("type", boost::get(&ChartEdge::type, mg));
  dp.property("role", boost::get(&ChartEdge::role, mg));
  dp.property("valid", boost::get(&ChartEdge::valid, mg));
  dp.property("grade", boost::get(&ChartEdge::grade, mg));
  dp.property("contested", boost::get(&ChartEdge::contested, mg));
  dp.property("asserts", boost::get(&ChartEdge::asserts, mg));
  dp.property("denies", boost::get(&ChartEdge::denies, mg));
  dp.property("label", boost::get(&ChartEdge::label, mg));
  std::ostringstream out;
  boost::write_graphml(out, g, dp, true);
  return out.str();
}

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return Status::IOError("cannot write '" + path + "'");
  f << text;
  f.close();
  if (!f) return Status::IOError("cannot write '" + path + "'");
  return Status::OK();
}

}  // namespace

Result<ChartFormat> ChartFormatFromPath(const std::string& path) {
  const std::string ext = LowerAscii(std::filesystem::path(path).extension().string());
  if (ext == ".dot" || ext == ".gv") return ChartFormat::kDot;
  if (ext == ".svg") return ChartFormat::kSvg;
  if (ext == ".png") return ChartFormat::kPng;
  if (ext == ".graphml") return ChartFormat::kGraphml;
  return Status::InvalidArgument("cannot tell the format of '" + path +
                                 "': name it .svg, .png, .dot or .graphml");
}

Status RunProgram(const std::string& program, const std::vector<std::string>& args) {
  int err_pipe[2];
  if (pipe(err_pipe) != 0) return Status::IOError("pipe failed");
  pid_t pid = fork();
  if (pid < 0) return Status::IOError("fork failed");
  if (pid == 0) {
    dup2(err_pipe[1], 2);
    close(err_pipe[0]);
    close(err_pipe[1]);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execvp(program.c_str(), argv.data());
    std::fprintf(stderr, "cannot run '%s' (is Graphviz installed? apt-get install graphviz)",
                 program.c_str());
    _exit(127);
  }
  close(err_pipe[1]);
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = read(err_pipe[0], buf, sizeof buf)) > 0;)
    err.append(buf, n);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::OK();
  while (!err.empty() && (err.back() == '\n' || err.back() == ' '))
    err.pop_back();
  return Status::IOError(program + " failed" + (err.empty() ? "" : ": " + err));
}

Status WriteLinkChart(const ReadView& view, const Ontology& ontology,
                      const std::vector<NodeId>& nodes, const std::vector<RelId>& rels,
                      ChartFormat format, const std::string& path,
                      const LinkChartOptions& options) {
  std::set<std::string> kinds;
  AG_ASSIGN_OR_RETURN(ChartGraph g, BuildChart(view, ontology, nodes, rels, &kinds));
  if (format == ChartFormat::kGraphml) return WriteText(path, ToGraphml(g));
  const std::string dot = ToDot(g, kinds, options);
  if (format == ChartFormat::kDot) return WriteText(path, dot);

  // SVG and PNG: Graphviz renders the DOT from a temporary file.
  std::random_device rd;
  const std::string tmp =
      (std::filesystem::temp_directory_path() /
       ("actorgraph-chart-" + std::to_string(getpid()) + "-" + std::to_string(rd()) + ".dot"))
          .string();
  AG_RETURN_IF_ERROR(WriteText(tmp, dot));
  Status s = RunProgram(
      options.graphviz,
      {"-K" + options.layout, format == ChartFormat::kSvg ? "-Tsvg" : "-Tpng", "-o", path, tmp});
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  return s;
}

}  // namespace actorgraph::analytics
