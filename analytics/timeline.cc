#include "analytics/timeline.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "analytics/actor_style.h"
#include "analytics/evidence.h"

namespace actorgraph::analytics {

namespace {

constexpr int kLabelColumn = 380;  // left column: names and periods
constexpr int kRowHeight = 22;
constexpr int kGroupGap = 26;
constexpr int kTop = 78;
constexpr int kBarHeight = 12;

struct Row {
  std::string label;
  std::string period;   // "[2021-12, …)"
  std::string tooltip;  // external id and claims summary
  std::optional<PartialDate> from, to;
  std::optional<PartialDate> event_date;  // for event rows
  bool contested = false;
  bool denied_only = false;
  double strength = 0.3;
  const KindStyle* style = nullptr;
  DayNumber sort_key = 0;
};

struct Group {
  std::string title;
  std::vector<Row> rows;
};

std::string Esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Truncate(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max - 1;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
    --cut;  // UTF-8
  return s.substr(0, cut) + "…";
}

std::optional<PartialDate> DateOf(const Value* v) {
  if (!v) return std::nullopt;
  if (v->kind() == Value::Kind::kDate) return v->as_date();
  if (v->kind() == Value::Kind::kString) {
    auto d = PartialDate::Parse(v->as_string());
    if (d.ok()) return *d;
  }
  return std::nullopt;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : ", ") + s;
  return out;
}

const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

class SvgTimeline {
 public:
  SvgTimeline(int width, DayNumber start, DayNumber end)
      : width_(width), start_(start), end_(end), right_(width - 24) {}

  double X(DayNumber d) const {
    return kLabelColumn + (right_ - kLabelColumn) * double(d - start_) / double(end_ - start_);
  }
  double left() const { return kLabelColumn; }
  double right() const { return right_; }

  // Defs are collected while drawing and emitted first.
  std::string Hatch(const KindStyle& s) {
    std::string id = std::string("hatch-") + s.kind;
    if (defs_ids_.insert(id).second)
      defs_ += "<pattern id=\"" + id +
               "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" "
               "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"" +
               s.fill +
               "\" fill-opacity=\"0.35\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
               "stroke=\"" +
               s.stroke + "\" stroke-width=\"2.5\"/></pattern>\n";
    return "url(#" + id + ")";
  }
  std::string Fade(const KindStyle& s, bool fade_right) {
    std::string id = std::string(fade_right ? "fade-out-" : "fade-in-") + s.kind;
    if (defs_ids_.insert(id).second)
      defs_ += "<linearGradient id=\"" + id +
               "\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\"><stop "
               "offset=\"0\" stop-color=\"" +
               s.fill + "\" stop-opacity=\"" + (fade_right ? "1" : "0") +
               "\"/><stop offset=\"1\" stop-color=\"" + s.fill + "\" stop-opacity=\"" +
               (fade_right ? "0" : "1") + "\"/></linearGradient>\n";
    return "url(#" + id + ")";
  }
  const std::string& defs() const { return defs_; }

  // A relationship bar at vertical position y (the row's centre).
  std::string Bar(const Row& r, double y) {
    const KindStyle& s = *r.style;
    std::string out;
    const double top = y - kBarHeight / 2.0;
    auto rect = [&](double x0, double x1, const std::string& fill, const std::string& extra) {
      if (x1 - x0 < 0.5) return;
      out += "<rect x=\"" + Num(x0) + "\" y=\"" + Num(top) + "\" width=\"" + Num(x1 - x0) +
             "\" height=\"" + std::to_string(kBarHeight) + "\" fill=\"" + fill + "\"" + extra +
             "/>";
    };
    // Start: hatched over the days a partial date may stand for.
    double xs0 = r.from ? X(r.from->first_day()) : left();
    double xs1 = r.from ? X(r.from->precision() == DatePrecision::kDay ? r.from->first_day()
                                                                       : r.from->last_day() + 1)
                        : left();
    double xe0 = r.to ? X(r.to->first_day()) : right();
    double xe1 = r.to ? X(r.to->precision() == DatePrecision::kDay ? r.to->first_day()
                                                                   : r.to->last_day() + 1)
                      : right();
    if (xe1 - xs0 < 3) {  // a few days on a years-long axis: keep it visible
      const double mid = (xs0 + xe1) / 2;
      xs0 = xs1 = mid - 1.5;
      xe0 = xe1 = mid + 1.5;
      rect(xs0, xe1, s.fill, " stroke=\"" + std::string(s.stroke) + "\" stroke-width=\"0.8\"");
    } else if (xs1 >= xe0) {  // the uncertain ends overlap: nothing certain
      rect(xs0, xe1, Hatch(s), "");
    } else {
      rect(xs0, xs1, Hatch(s), "");
      std::string fill = !r.from ? Fade(s, false) : !r.to ? Fade(s, true) : std::string(s.fill);
      rect(xs1, xe0, fill, "");
      rect(xe0, xe1, Hatch(s), "");
      if (r.from && r.to) {
        out += "<rect x=\"" + Num(xs1) + "\" y=\"" + Num(top) + "\" width=\"" + Num(xe0 - xs1) +
               "\" height=\"" + std::to_string(kBarHeight) + "\" fill=\"none\" stroke=\"" +
               s.stroke + "\" stroke-width=\"0.8\"/>";
      }
    }
    // Open ends: an arrow at the axis edge.
    if (!r.from)
      out += "<path d=\"M" + Num(left() + 1) + " " + Num(y) + " l7 -6 v12 z\" fill=\"" + s.stroke +
             "\" fill-opacity=\"0.6\"/>";
    if (!r.to)
      out += "<path d=\"M" + Num(right() - 1) + " " + Num(y) + " l-7 -6 v12 z\" fill=\"" +
             s.stroke + "\" fill-opacity=\"0.6\"/>";
    if (r.contested || r.denied_only)
      out += "<rect x=\"" + Num(xs0 - 1.5) + "\" y=\"" + Num(top - 2) + "\" width=\"" +
             Num(xe1 - xs0 + 3) + "\" height=\"" + std::to_string(kBarHeight + 4) +
             "\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.6\" stroke-dasharray=\"4 2\"/>";
    return out;
  }

  // An event mark: a diamond at the date, a hatched band when it is partial.
  std::string Mark(const Row& r, double y) {
    const KindStyle& s = *r.style;
    std::string out;
    if (r.from || r.to) {  // the relationship's own period, as a thin bar
      Row thin = r;
      out += "<g transform=\"translate(0 " + Num(y) + ") scale(1 0.4) translate(0 " + Num(-y) +
             ")\">" + Bar(thin, y) + "</g>";
    }
    const PartialDate& d = *r.event_date;
    double x = X(d.first_day());
    if (d.precision() != DatePrecision::kDay) {
      const double x0 = X(d.first_day()), x1 = X(d.last_day() + 1);
      out += "<rect x=\"" + Num(x0) + "\" y=\"" + Num(y - 7) + "\" width=\"" +
             Num(std::max(2.0, x1 - x0)) + "\" height=\"14\" fill=\"" + Hatch(s) + "\"/>";
      x = (x0 + x1) / 2;
    }
    out += "<path d=\"M" + Num(x) + " " + Num(y - 7) + " l6 7 l-6 7 l-6 -7 z\" fill=\"" + s.fill +
           "\" stroke=\"" + s.stroke + "\" stroke-width=\"1.2\"/>";
    if (r.contested)
      out += "<circle cx=\"" + Num(x) + "\" cy=\"" + Num(y) +
             "\" r=\"10\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"1.4\" "
             "stroke-dasharray=\"3 2\"/>";
    return out;
  }

 private:
  int width_;
  DayNumber start_, end_;
  double right_;
  std::string defs_;
  std::set<std::string> defs_ids_;
};

std::string LegendSvg(SvgTimeline& t, double y, int width) {
  static const KindStyle kSample = {"Sample", "box", "#bdbdbd", "#525252"};
  std::string out = "<g font-size=\"11\" fill=\"#333\">";
  out += "<text x=\"16\" y=\"" + Num(y) + "\" font-weight=\"bold\">Legend</text>";
  struct Item {
    std::string glyph, text;
  };
  const double gy = y + 18;
  auto bar = [&](double x, const std::string& fill, const std::string& extra) {
    return "<rect x=\"" + Num(x) + "\" y=\"" + Num(gy - 6) +
           "\" width=\"40\" height=\"12\" fill=\"" + fill + "\"" + extra + "/>";
  };
  std::vector<Item> items = {
      {bar(0, kSample.fill, " stroke=\"#525252\" stroke-width=\"0.8\""), "known period [from, to)"},
      {bar(0, t.Hatch(kSample), ""), "partial date: starts or ends somewhere in this span"},
      {bar(0, t.Fade(kSample, true), "") + "<path d=\"M40 " + Num(gy) +
           " l-7 -6 v12 z\" fill=\"#525252\"/>",
       "open end: no end (or start) given"},
      {bar(0, "none", " stroke=\"#d62728\" stroke-width=\"1.6\" stroke-dasharray=\"4 2\""),
       "contested: asserted and denied"},
      {"<rect x=\"0\" y=\"" + Num(gy - 6) +
           "\" width=\"19\" height=\"12\" fill=\"#6baed6\"/>"
           "<rect x=\"21\" y=\"" +
           Num(gy - 6) +
           "\" width=\"19\" height=\"12\" fill=\"#6baed6\" "
           "opacity=\"0.4\"/>",
       "strong (A1) and weak (E5) source grade"},
      {"<path d=\"M20 " + Num(gy - 7) +
           " l6 7 l-6 7 l-6 -7 z\" fill=\"#f4a6c8\" "
           "stroke=\"#9e1f63\"/>",
       "event (date; hatched when partial)"},
      {"<line x1=\"0\" x2=\"40\" y1=\"" + Num(gy) + "\" y2=\"" + Num(gy) +
           "\" stroke=\"#999\" stroke-dasharray=\"1 3\" stroke-width=\"2\"/>",
       "no dates in the sources"},
  };
  const int per_row = 3;
  const double col_w = (width - 32) / per_row;
  for (size_t i = 0; i < items.size(); ++i) {
    const double x = 16 + (i % per_row) * col_w;
    const double dy = (i / per_row) * 22.0;
    out += "<g transform=\"translate(" + Num(x) + " " + Num(dy) + ")\">" + items[i].glyph +
           "<text x=\"48\" y=\"" + Num(gy + 4) + "\">" + Esc(items[i].text) + "</text></g>";
  }
  // Colours: the kind of actor or thing at the other end.
  const double ky = gy + 22.0 * ((items.size() + per_row - 1) / per_row) + 6;
  out += "<text x=\"16\" y=\"" + Num(ky + 4) + "\">Colour: what is at the other end —</text>";
  double kx = 230;
  for (const KindStyle& s : AllStyles()) {
    if (std::string(s.kind) == "Other" || std::string(s.kind) == "Identifier") continue;
    out += "<rect x=\"" + Num(kx) + "\" y=\"" + Num(ky - 6) +
           "\" width=\"12\" height=\"12\" fill=\"" + s.fill + "\" stroke=\"" + s.stroke +
           "\"/><text x=\"" + Num(kx + 16) + "\" y=\"" + Num(ky + 4) + "\">" + s.kind + "</text>";
    kx += 22 + 6.5 * std::string(s.kind).size();
    if (kx > width - 120) break;
  }
  out += "</g>";
  return out;
}

}  // namespace

Result<std::string> RenderTimelineSvg(const ReadView& view, const Ontology& ontology, NodeId actor,
                                      const TimelineOptions& options) {
  Node self;
  AG_RETURN_IF_ERROR(view.GetNode(actor, &self));
  std::map<std::string, Group> by_type;
  Group events{"Events", {}};
  Group undated{"No dates in the sources", {}};
  std::optional<DayNumber> lo, hi;
  auto see = [&](DayNumber d) {
    lo = lo ? std::min(*lo, d) : d;
    hi = hi ? std::max(*hi, d) : d;
  };

  auto cur = view.Adjacency(actor, Direction::kBoth, options.types);
  for (; cur->Valid(); cur->Next()) {
    const AdjEntry& a = cur->entry();
    Relationship rel;
    AG_RETURN_IF_ERROR(view.GetRel(a.rel, &rel));
    if (options.types.empty() && std::find(options.skip_types.begin(), options.skip_types.end(),
                                           rel.type) != options.skip_types.end())
      continue;
    if (a.dir == Direction::kIn && a.other == actor) continue;  // a self-loop, seen once
    Node other;
    AG_RETURN_IF_ERROR(view.GetNode(a.other, &other));
    AG_ASSIGN_OR_RETURN(Evidence ev, RelEvidence(view, a.rel));
    Row r;
    r.style = &StyleFor(ontology, other.labels);
    std::string role;
    if (const Value* v = rel.Prop("role"); v && v->kind() == Value::Kind::kString)
      role = v->as_string();
    r.label = std::string(a.dir == Direction::kOut ? "→ " : "← ") + other.name +
              (role.empty() ? "" : " · " + role);
    r.from = rel.valid.from;
    r.to = rel.valid.to;
    r.period = rel.valid.unbounded() ? "" : rel.valid.ToString();
    r.contested = ev.contested();
    r.denied_only = ev.asserts == 0 && ev.denies > 0;
    r.strength = GradeStrength(ev.best);
    r.tooltip = rel.type + " " + rel.xid + ": " + std::to_string(ev.asserts) + " asserting, " +
                std::to_string(ev.denies) + " denying" +
                (ev.best ? ", best grade " + ev.best->ToString() : "");
    if (r.from) see(r.from->first_day());
    if (r.to) see(r.to->last_day() + 1);
    const bool is_event =
        ontology.HasLabel("Event") &&
        std::any_of(other.labels.begin(), other.labels.end(), [&](const std::string& l) {
          return ontology.HasLabel(l) && ontology.IsA(l, "Event");
        });
    if (is_event) {
      r.event_date = DateOf(other.Prop("date"));
      if (!r.event_date) r.event_date = other.valid.from ? other.valid.from : r.from;
      r.label = (a.dir == Direction::kOut ? "◆ " : "◆ ← ") + other.name +
                (role.empty() ? "" : " · " + role) +
                (rel.type == "PARTICIPATED_IN" ? "" : " (" + rel.type + ")");
      if (r.event_date) {
        see(r.event_date->first_day());
        see(r.event_date->last_day() + 1);
        r.sort_key = r.event_date->first_day();
        r.period = r.event_date->ToString();
        events.rows.push_back(std::move(r));
      } else {
        r.label = rel.type + " " + r.label;
        undated.rows.push_back(std::move(r));
      }
      continue;
    }
    if (rel.valid.unbounded()) {
      r.label = rel.type + " " + r.label;
      undated.rows.push_back(std::move(r));
      continue;
    }
    r.sort_key = r.from ? r.from->first_day() : INT32_MIN;
    Group& g = by_type[rel.type];
    g.title = rel.type;
    g.rows.push_back(std::move(r));
  }
  AG_RETURN_IF_ERROR(cur->status());

  // The axis: whole years around every date seen.
  int y0 = 2020, y1 = 2025;
  if (lo) {
    y0 = PartialDate::FromDayNumber(*lo).year();
    y1 = PartialDate::FromDayNumber(*hi).year() + 1;
    if (PartialDate::FromDayNumber(*hi).first_day() == DaysFromCivil(y1 - 1, 1, 1) && y1 - 1 > y0)
      --y1;  // an exclusive end on 1 January needs no extra year
  }
  if (y1 - y0 < 2) ++y1;
  const DayNumber axis_start = DaysFromCivil(y0, 1, 1), axis_end = DaysFromCivil(y1, 1, 1);
  const int width = std::max(options.width, kLabelColumn + 400);
  SvgTimeline t(width, axis_start, axis_end);

  std::vector<Group*> groups;
  auto by_start = [](const Row& a, const Row& b) { return a.sort_key < b.sort_key; };
  std::stable_sort(events.rows.begin(), events.rows.end(), by_start);
  if (!events.rows.empty()) groups.push_back(&events);
  for (auto& [type, g] : by_type) {
    std::stable_sort(g.rows.begin(), g.rows.end(), by_start);
    groups.push_back(&g);
  }
  std::stable_sort(undated.rows.begin(), undated.rows.end(),
                   [](const Row& a, const Row& b) { return a.label < b.label; });
  if (!undated.rows.empty()) groups.push_back(&undated);

  // Rows.
  std::string body;
  double y = kTop + 12;
  for (Group* g : groups) {
    body += "<text x=\"16\" y=\"" + Num(y + 4) +
            "\" font-size=\"12\" font-weight=\"bold\" fill=\"#222\">" + Esc(g->title) + "</text>";
    body += "<line x1=\"16\" x2=\"" + Num(t.right()) + "\" y1=\"" + Num(y + 9) + "\" y2=\"" +
            Num(y + 9) + "\" stroke=\"#ccc\"/>";
    y += kGroupGap - 4;
    for (const Row& r : g->rows) {
      y += kRowHeight / 2.0;
      const double opacity = 0.35 + 0.65 * r.strength;
      body += "<g><title>" + Esc(r.tooltip) + "</title>";
      body += "<text x=\"24\" y=\"" + Num(y + 4) + "\" font-size=\"11\" fill=\"#222\">" +
              Esc(Truncate(r.label, 46)) + "</text>";
      if (!r.period.empty())
        body += "<text x=\"" + Num(kLabelColumn - 8) + "\" y=\"" + Num(y + 4) +
                "\" font-size=\"10\" fill=\"#777\" text-anchor=\"end\">" + Esc(r.period) +
                "</text>";
      body += "<g opacity=\"" + Num(opacity) + "\">";
      if (g == &undated) {
        body += "<line x1=\"" + Num(t.left()) + "\" x2=\"" + Num(t.right()) + "\" y1=\"" + Num(y) +
                "\" y2=\"" + Num(y) + "\" stroke=\"" + r.style->stroke +
                "\" stroke-width=\"2\" stroke-dasharray=\"1 4\"/>";
        if (r.contested || r.denied_only)
          body += "<text x=\"" + Num(t.left() + 6) + "\" y=\"" + Num(y - 3) +
                  "\" font-size=\"9\" fill=\"#d62728\">contested</text>";
      } else if (g == &events) {
        body += t.Mark(r, y);
      } else {
        body += t.Bar(r, y);
      }
      body += "</g></g>\n";
      y += kRowHeight / 2.0;
    }
    y += 10;
  }
  const double chart_bottom = y;

  // The axis: years, and months when the span is short.
  std::string axis;
  const bool months = y1 - y0 <= 4;
  for (int year = y0; year <= y1; ++year) {
    for (int m = 1; m <= 12; ++m) {
      const DayNumber d = DaysFromCivil(year, m, 1);
      if (d > axis_end) break;
      const double x = t.X(d);
      if (m == 1) {
        axis += "<line x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" + Num(kTop - 6) +
                "\" y2=\"" + Num(chart_bottom) + "\" stroke=\"#bbb\"/>";
        if (d < axis_end)
          for (double ty : {double(kTop - 12), chart_bottom + 14})
            axis += "<text x=\"" + Num(x + 3) + "\" y=\"" + Num(ty) +
                    "\" font-size=\"11\" font-weight=\"bold\" fill=\"#444\">" +
                    std::to_string(year) + "</text>";
      } else if (months) {
        axis += "<line x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" + Num(kTop) + "\" y2=\"" +
                Num(chart_bottom) + "\" stroke=\"#eee\"/>";
        if ((m - 1) % 3 == 0)
          axis += "<text x=\"" + Num(x + 2) + "\" y=\"" + Num(kTop - 1) +
                  "\" font-size=\"9\" fill=\"#999\">" + kMonths[m - 1] + "</text>";
      }
      if (!months) break;
    }
  }

  const double legend_y = chart_bottom + 40;
  const std::string legend = LegendSvg(t, legend_y, width);
  const double height = legend_y + 110;
  const std::string title =
      options.title.empty() ? self.name + ": relationships over time" : options.title;
  std::string svg =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
      std::to_string(width) + "\" height=\"" + Num(height) + "\" viewBox=\"0 0 " +
      std::to_string(width) + " " + Num(height) +
      "\" font-family=\"Helvetica, Arial, sans-serif\">\n<defs>\n" + t.defs() +
      "</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"16\" y=\"28\" font-size=\"18\" font-weight=\"bold\" fill=\"#111\">" +
      Esc(title) + "</text>\n<text x=\"16\" y=\"46\" font-size=\"11\" fill=\"#666\">" +
      Esc(self.xid + " · valid time; periods are [from, to)" +
          (view.is_historical() ? " · as of transaction " + std::to_string(view.as_of()) : "") +
          (options.types.empty() && !options.skip_types.empty()
               ? " · not shown: " + Joined(options.skip_types)
               : "")) +
      "</text>\n" + axis + "\n" + body + legend + "\n</svg>\n";
  return svg;
}

Status WriteTimeline(const ReadView& view, const Ontology& ontology, NodeId actor,
                     const std::string& path, const TimelineOptions& options) {
  AG_ASSIGN_OR_RETURN(std::string svg, RenderTimelineSvg(view, ontology, actor, options));
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return Status::IOError("cannot write '" + path + "'");
  f << svg;
  f.close();
  if (!f) return Status::IOError("cannot write '" + path + "'");
  return Status::OK();
}

}  // namespace actorgraph::analytics
