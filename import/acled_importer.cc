// ACLED event CSV. Columns are found by header name, since older and newer
// exports differ (event_id_cnty or data_id; event_date as 2022-03-27 or
// 27 March 2022; admin1..3 present or not). Per row:
//   Event "acled:EVENT_ID"  date (precision from time_precision), types,
//                           fatalities, notes
//   Location nodes down the admin hierarchy (country > admin1 > admin2 >
//   admin3 > location), joined by LOCATED_IN; OCCURRED_AT from the event
//   Actors (actor1, assoc_actor_1, actor2, assoc_actor_2) linked by
//   PARTICIPATED_IN "acled:EVENT:ROLE:ACTOR" with a role and side from
//   inter1/inter2 (or interaction); an actor the database already knows by
//   exactly this name is linked as is, others become "acled-actor:NAME".
//   The monadic layout (one row per actor, several rows per event, no
//   actor2) adds each row's actors to the one event.
//   One claim per named source ("source" column) on the event and each link.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "common/ascii.h"
#include "import/csv_drain.h"
#include "import/identifiers.h"
#include "import/importer.h"
#include "import/loose_date.h"

namespace actorgraph {

namespace {

class AcledImporter : public Importer {
 public:
  AcledImporter() = default;
  Status Run(const std::vector<std::string>& files, ImportSink* sink) override {
    for (const auto& f : files)
      AG_RETURN_IF_ERROR(File(f, sink));
    return Status::OK();
  }

 private:
  struct Cols {
    int id, date, precision, type, sub, a1, aa1, i1, a2, aa2, i2, country, adm1, adm2, adm3,
        location, lat, lon, source, notes, fatalities, interaction;
  };

  Status File(const std::string& f, ImportSink* sink) {
    AG_RETURN_IF_ERROR(sink->SetFileDocument("acled", f, "ACLED events"));
    std::ifstream in(f, std::ios::binary);
    if (!in) return Status::IOError(f + ": cannot open");
    LineReader lines(&in, sink->options().encoding, sink->bytes_counter());
    const char sep = f.size() > 4 && f.substr(f.size() - 4) == ".tsv" ? '\t' : ',';
    CsvReader csv(&lines, sep);
    CsvRecord rec;
    if (!csv.Next(&rec))
      return csv.status().ok() ? Status::InvalidArgument(f + ": empty file, no header")
                               : csv.status().WithContext(f);
    CsvHeader h(rec.fields);
    Cols c;
    c.id = h.Find({"event_id_cnty", "data_id", "event_id"});
    c.date = h.Find({"event_date"});
    c.precision = h.Find({"time_precision"});
    c.type = h.Find({"event_type"});
    c.sub = h.Find({"sub_event_type"});
    c.a1 = h.Find({"actor1"});
    c.aa1 = h.Find({"assoc_actor_1", "ally_actor_1"});
    c.i1 = h.Find({"inter1"});
    c.a2 = h.Find({"actor2"});
    c.aa2 = h.Find({"assoc_actor_2", "ally_actor_2"});
    c.i2 = h.Find({"inter2"});
    c.country = h.Find({"country"});
    c.adm1 = h.Find({"admin1"});
    c.adm2 = h.Find({"admin2"});
    c.adm3 = h.Find({"admin3"});
    c.location = h.Find({"location"});
    c.lat = h.Find({"latitude"});
    c.lon = h.Find({"longitude"});
    c.source = h.Find({"source"});
    c.notes = h.Find({"notes"});
    c.fatalities = h.Find({"fatalities"});
    c.interaction = h.Find({"interaction"});
    for (auto [col, name] : {std::pair{c.id, "event_id_cnty"},
                             {c.date, "event_date"},
                             {c.type, "event_type"},
                             {c.a1, "actor1"},
                             {c.country, "country"}})
      if (col < 0)
        return Status::InvalidArgument(f + ":" + std::to_string(rec.line) +
                                       ": header: no column '" + name +
                                       "' (is this an ACLED export?)");
    // Reused from row to row (their buffers stay).
    RecordWrites w;
    std::vector<std::string> new_places;
    std::vector<std::pair<std::string, ActorIds>> new_actors;
    return DrainCsv(f, &lines, &csv, sink, [&](const CsvRecord& rec) {
      const std::string where = "line " + std::to_string(rec.line);
      w.Clear();
      new_places.clear();
      new_actors.clear();
      Status s = Row(h, c, rec, where, sink, &w, &new_places, &new_actors);
      const uint64_t rejected = sink->rejected();
      AG_RETURN_IF_ERROR(s.ok() ? sink->Submit(&w, f, where, rec.raw)
                                : sink->Reject(f, where, s, rec.raw));
      // Rows repeat places and actors: once written, later rows only link them.
      if (s.ok() && sink->rejected() == rejected) {
        placed_.insert(new_places.begin(), new_places.end());
        actors_.insert(new_actors.begin(), new_actors.end());
      }
      return Status::OK();
    });
  }

  std::unordered_set<std::string> placed_;
  // Slug(name, 60) of place names, which rows repeat (folding is costly).
  std::unordered_map<std::string, std::string> place_slugs_;
  const std::string& PlaceSlug(const std::string& name) {
    if (auto it = place_slugs_.find(name); it != place_slugs_.end()) return it->second;
    if (place_slugs_.size() >= (1 << 16)) place_slugs_.clear();
    return place_slugs_.emplace(name, Slug(name, 60)).first->second;
  }
  // An actor's node id and its slug (for link ids), by name.
  struct ActorIds {
    std::string xid, slug;
  };
  std::unordered_map<std::string, ActorIds> actors_;

  // A reference into the record (or to an empty string): rows are many.
  static const std::string& Field(const CsvRecord& r, int col) {
    static const std::string kNone;
    return col >= 0 && col < static_cast<int>(r.fields.size()) ? r.fields[col] : kNone;
  }

  // ACLED's actor types (inter1/inter2): codes 1-8 in older exports, names
  // in newer ones. 1 state forces, 2 rebel groups, 3 political militias,
  // 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external
  // or other forces; 0 or empty: not given.
  static int InterCode(const std::string& inter) {
    const std::string t = Trim(inter);
    if (t.size() == 1 && t[0] >= '0' && t[0] <= '8') return t[0] - '0';
    const std::string f = LowerAscii(t);
    static const std::pair<const char*, int> kNames[] = {{"state forces", 1},
                                                         {"rebel group", 2},
                                                         {"rebel groups", 2},
                                                         {"political militia", 3},
                                                         {"political militias", 3},
                                                         {"identity militia", 4},
                                                         {"identity militias", 4},
                                                         {"rioters", 5},
                                                         {"protesters", 6},
                                                         {"civilians", 7},
                                                         {"external/other forces", 8},
                                                         {"external forces", 8}};
    for (const auto& [name, code] : kNames)
      if (f == name) return code;
    return 0;
  }
  static const char* SideName(int code) {
    static const char* kSides[] = {
        "",        "state forces", "rebel group", "political militia",    "identity militia",
        "rioters", "protesters",   "civilians",   "external/other forces"};
    return code >= 0 && code <= 8 ? kSides[code] : "";
  }
  static std::string ActorLabel(int code) {
    if (code == 1 || code == 8) return "ArmedForce";
    if (code == 2 || code == 3 || code == 4) return "ArmedGroup";
    return "Organization";
  }
  // The role of an actor of type `code` in the slot `side` (1: actor1 and
  // its associates, 2: actor2 and its associates) of an event type.
  // Civilians are victims or targets whichever column names them (the
  // monadic layout puts every actor in actor1).
  static const char* Role(const std::string& type, int side, int code) {
    const bool vac = type == "Violence against civilians";
    const bool remote = type == "Explosions/Remote violence";
    if (code == 7) return vac ? "victim" : (remote || type == "Battles") ? "target" : "other";
    if (type == "Battles") return "combatant";
    if (vac || remote) return side == 1 ? "perpetrator" : vac ? "victim" : "target";
    return "other";
  }
  // The end of the period a partial date stands for (exclusive).
  static PartialDate After(const PartialDate& d) {
    switch (d.precision()) {
      case DatePrecision::kDay:
        return PartialDate::FromDayNumber(d.last_day() + 1);
      case DatePrecision::kMonth:
        return d.month() == 12 ? PartialDate::Month(d.year() + 1, 1)
                               : PartialDate::Month(d.year(), d.month() + 1);
      case DatePrecision::kYear:
        return PartialDate::Year(d.year() + 1);
    }
    return d;
  }

  Status Row(const CsvHeader& h, const Cols& c, const CsvRecord& r, const std::string& where,
             ImportSink* sink, RecordWrites* w, std::vector<std::string>* new_places,
             std::vector<std::pair<std::string, ActorIds>>* new_actors) {
    if (r.fields.size() != h.names().size())
      return Status::InvalidArgument("expected " + std::to_string(h.names().size()) +
                                     " columns, found " + std::to_string(r.fields.size()));
    const std::string& id = Field(r, c.id);
    if (id.empty()) return Status::InvalidArgument("column 'event_id_cnty': empty");
    const std::string& date_text = Field(r, c.date);
    auto date = ParseLooseDate(date_text);
    if (!date)
      return Status::InvalidArgument("column 'event_date': '" + date_text + "' is not a date");
    // time_precision 3: only the month is known; 2: the week (kept as the day
    // ACLED gives, with the precision noted).
    const std::string& precision = Field(r, c.precision);
    if (precision == "3" && date->precision() == DatePrecision::kDay)
      date = PartialDate::Month(date->year(), date->month());
    const std::string &type = Field(r, c.type), &sub = Field(r, c.sub);
    const std::string &location = Field(r, c.location), &country = Field(r, c.country);
    Node ev;
    ev.xid = "acled:" + id;
    ev.labels = {"Event"};
    ev.name = (sub.empty() ? type : sub) + " at " + (location.empty() ? country : location) + ", " +
              date->ToString();
    ev.props.emplace_back("date", Value(*date));
    // The event holds over its date (the day, or the month when only that is
    // known), so FOR VALID_TIME selects events by date.
    ev.valid.from = *date;
    ev.valid.to = After(*date);
    if (!type.empty()) ev.props.emplace_back("event_type", Value(type));
    if (!sub.empty()) ev.props.emplace_back("sub_event_type", Value(sub));
    const std::string& fat = Field(r, c.fatalities);
    if (!fat.empty()) {
      char* end = nullptr;
      const long long v = std::strtoll(fat.c_str(), &end, 10);
      if (*end || v < 0)
        return Status::InvalidArgument("column 'fatalities': '" + fat + "' is not a count");
      ev.props.emplace_back("fatalities", Value(static_cast<int64_t>(v)));
    }
    std::string notes = Field(r, c.notes);
    if (precision == "2")
      notes += (notes.empty() ? "" : " ") + std::string("[ACLED: date known to the week]");
    if (!notes.empty()) ev.props.emplace_back("description", Value(notes));
    ev.props.emplace_back("source_ids", Value(ValueList{Value(id)}));
    const std::string ev_xid = ev.xid;
    w->Node(std::move(ev));

    // Places, from the country down.
    std::string parent;
    std::string path;
    auto place = [&](const std::string& name, const char* type_name, const char* admin) {
      if (name.empty()) return;
      if (!path.empty()) path += '/';
      path += PlaceSlug(name);
      std::string xid = "loc:" + path;
      if (!placed_.count(xid)) {
        Node loc;
        loc.xid = xid;
        loc.labels = {"Location"};
        loc.name = name;
        loc.props.emplace_back("location_type", Value(type_name));
        if (admin) loc.props.emplace_back("country", Value(country));
        w->SharedNode(std::move(loc));
        if (!parent.empty()) {
          Relationship in;
          in.xid = "LOCATED_IN:" + xid;
          in.type = "LOCATED_IN";
          w->Rel(std::move(in), xid, parent);
        }
        new_places->push_back(xid);
      }
      parent = std::move(xid);
    };
    place(country, "country", nullptr);
    place(Field(r, c.adm1), "admin1", "admin1");
    place(Field(r, c.adm2), "admin2", "admin2");
    place(Field(r, c.adm3), "admin3", "admin3");
    if (!location.empty()) {
      path += '/';
      path += PlaceSlug(location);
      Node loc;
      loc.xid = "loc:" + path;
      loc.labels = {"Location"};
      loc.name = location;
      loc.props.emplace_back("location_type", Value("place"));
      loc.props.emplace_back("country", Value(country));
      for (auto [col, key] : {std::pair{c.lat, "lat"}, {c.lon, "lon"}}) {
        const std::string& v = Field(r, col);
        if (v.empty()) continue;
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        if (*end)
          return Status::InvalidArgument(std::string("column '") +
                                         (col == c.lat ? "latitude" : "longitude") + "': '" + v +
                                         "' is not a number");
        loc.props.emplace_back(key, Value(d));
      }
      if (!placed_.count(loc.xid)) {
        std::string xid = loc.xid;
        w->SharedNode(std::move(loc));
        if (!parent.empty()) {
          Relationship in;
          in.xid = "LOCATED_IN:" + xid;
          in.type = "LOCATED_IN";
          w->Rel(std::move(in), xid, parent);
        }
        new_places->push_back(xid);
        parent = std::move(xid);
      } else {
        parent = loc.xid;
      }
    }
    std::vector<std::string> rel_ids;
    if (!parent.empty()) {
      Relationship at;
      at.xid = "acled:" + id + ":at";
      at.type = "OCCURRED_AT";
      rel_ids.push_back(at.xid);
      w->Rel(std::move(at), ev_xid, parent);
    }

    // Actors and their roles. A link is keyed by event, actor and role, so
    // that the rows of one event in the monadic layout (one row per actor,
    // all in actor1) add links rather than re-point one another's.
    const int interaction = std::atoi(Field(r, c.interaction).c_str());
    std::vector<std::string> linked;  // a few a row
    auto actor = [&](const std::string& names, const std::string& inter, int side,
                     const char* slot) {
      int code = InterCode(inter);
      // Without inter1/inter2, the interaction code ("37") gives both sides.
      if (code == 0 && interaction >= 10 && interaction <= 88)
        code = side == 1 ? interaction / 10 : interaction % 10;
      const char* role = Role(type, side, code);
      // Associated actors come as "A; B".
      size_t start = 0;
      while (start <= names.size()) {
        size_t end = names.find(';', start);
        if (end == std::string::npos) end = names.size();
        const std::string name = Trim(names.substr(start, end - start));
        start = end + 1;
        if (name.empty()) continue;
        std::string xid;
        const std::string* slug = nullptr;
        if (auto it = actors_.find(name); it != actors_.end()) {
          xid = it->second.xid;
          slug = &it->second.slug;
        } else if (auto known = sink->UniqueByName(name, "Actor")) {
          xid = *known;
          new_actors->push_back({name, {xid, Slug(xid, 120)}});
        } else {
          Node a;
          a.xid = "acled-actor:" + Slug(name);
          a.labels = {ActorLabel(code)};
          a.name = name;
          xid = a.xid;
          w->SharedNode(std::move(a));
          new_actors->push_back({name, {xid, Slug(xid, 120)}});
        }
        if (!slug) slug = &new_actors->back().second.slug;
        Relationship p;
        p.xid = "acled:" + id + ":" + role + ":" + *slug;
        if (std::find(linked.begin(), linked.end(), p.xid) != linked.end()) continue;
        linked.push_back(p.xid);
        p.type = "PARTICIPATED_IN";
        p.props.emplace_back("role", Value(role));
        p.props.emplace_back("description", Value(slot));
        if (code) p.props.emplace_back("side", Value(SideName(code)));
        rel_ids.push_back(p.xid);
        w->Rel(std::move(p), xid, ev_xid);
      }
    };
    actor(Field(r, c.a1), Field(r, c.i1), 1, "actor1");
    actor(Field(r, c.aa1), Field(r, c.i1), 1, "assoc_actor_1");
    actor(Field(r, c.a2), Field(r, c.i2), 2, "actor2");
    actor(Field(r, c.aa2), Field(r, c.i2), 2, "assoc_actor_2");

    std::vector<std::string> sources;
    const std::string& src = Field(r, c.source);
    for (size_t start = 0; start <= src.size();) {
      size_t end = src.find(';', start);
      if (end == std::string::npos) end = src.size();
      std::string s = Trim(src.substr(start, end - start));
      if (!s.empty()) sources.push_back("ACLED source: " + s);
      start = end + 1;
    }
    if (sources.empty()) sources.push_back("");
    const std::string locator = where + " (event " + id + ")";
    // Sources: one claim each on the event; the links get one claim naming them all.
    std::string all;
    for (const auto& note : sources) {
      w->Claim({TargetKind::kNode, ev_xid, "", {}, locator, "", note, "", Stance::kAsserts});
      all += (all.empty() ? "" : "; ") + note;
    }
    for (const auto& rid : rel_ids)
      w->Claim({TargetKind::kRel, rid, "", {}, locator, "", all, "", Stance::kAsserts});
    return Status::OK();
  }
};

}  // namespace

std::unique_ptr<Importer> MakeAcledImporter() {
  return std::make_unique<AcledImporter>();
}

}  // namespace actorgraph
