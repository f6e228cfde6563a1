// Timelines: one actor's relationships as bars over a time axis, grouped by
// relationship type, and the events it is tied to as marks. Written as plain
// SVG (no library).
//
// How dates show:
//   - a known period [from, to) is a solid bar;
//   - a partial date (2021-12, 2022) is a hatched segment covering every day
//     it may stand for: the relationship starts (or ends) somewhere in it;
//   - an open end fades out towards the edge of the axis, with an arrow;
//   - a relationship with no dates at all is listed apart, as a dotted line;
//   - contested relationships (asserted and denied) have a red dashed outline;
//     weaker grades are drawn lighter.
//
// Thread-safety: reads through the given view (one thread at a time per view).
#pragma once

#include <string>
#include <vector>

#include "engine/ontology.h"
#include "engine/read_view.h"

namespace actorgraph::analytics {

struct TimelineOptions {
  std::vector<std::string> types;                      // empty: every type but `skip_types`
  std::vector<std::string> skip_types = {"MENTIONS"};  // documents citing the actor
  std::string title;                                   // default: "<name>: relationships over time"
  int width = 1200;                                    // pixels
};

// The SVG text of `actor`'s timeline.
Result<std::string> RenderTimelineSvg(const ReadView& view, const Ontology& ontology, NodeId actor,
                                      const TimelineOptions& options = {});

// Renders and writes to `path`.
Status WriteTimeline(const ReadView& view, const Ontology& ontology, NodeId actor,
                     const std::string& path, const TimelineOptions& options = {});

}  // namespace actorgraph::analytics
