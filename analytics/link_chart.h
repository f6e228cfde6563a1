// Link charts: a set of nodes and relationships drawn as an analyst's chart.
// Shapes and colours by kind of actor (analytics/actor_style.h), each
// relationship labelled with its type, role and valid time; contested
// relationships (claims asserting and denying them) dashed red, relationships
// resting on weaker grades lighter and thinner.
//
// DOT and GraphML are written with Boost.Graph's write_graphviz_dp and
// write_graphml (Gephi, yEd and Graphviz open them); SVG and PNG by running
// Graphviz `dot` on the DOT.
//
// Thread-safety: reads through the given view (one thread at a time per view).
#pragma once

#include <string>
#include <vector>

#include "engine/ontology.h"
#include "engine/read_view.h"

namespace actorgraph::analytics {

enum class ChartFormat { kDot, kSvg, kPng, kGraphml };

// From a file name's extension (.dot/.gv, .svg, .png, .graphml).
Result<ChartFormat> ChartFormatFromPath(const std::string& path);

struct LinkChartOptions {
  std::string title;             // drawn above the chart when not empty
  std::string layout = "dot";    // Graphviz engine for SVG/PNG: dot, neato, fdp, sfdp, circo
  bool legend = true;            // a legend of the kinds and line styles shown
  std::string graphviz = "dot";  // the Graphviz program to run
};

// Draws `nodes` and `rels` (relationships whose ends are missing from `nodes`
// bring their ends along). NotFound for an id not in the view; IOError when
// the file cannot be written or Graphviz fails.
Status WriteLinkChart(const ReadView& view, const Ontology& ontology,
                      const std::vector<NodeId>& nodes, const std::vector<RelId>& rels,
                      ChartFormat format, const std::string& path,
                      const LinkChartOptions& options = {});

// Runs `program` with `args` (no shell); IOError with its stderr on failure.
Status RunProgram(const std::string& program, const std::vector<std::string>& args);

}  // namespace actorgraph::analytics
