// Shortest paths: between two bound nodes (ShortestPath, from both ends
// when it can) and from one source to every target that matches
// (ShortestPathsFrom).
#include <algorithm>
#include <functional>
#include <optional>
#include <unordered_map>

#include "query/executor/traversal.h"

namespace actorgraph::query {

namespace {

// The path from `start` to `end`, read backwards from `end` along `pred`
// (a node's predecessor, and the relationship from it).
template <typename PredFn>
PathValue WalkBack(NodeId start, NodeId end, PredFn&& pred) {
  PathValue p;
  for (NodeId n = end; n != start;) {
    const auto [pn, pr] = pred(n);
    p.nodes.push_back(n);
    p.rels.push_back(pr);
    n = pn;
  }
  p.nodes.push_back(start);
  std::reverse(p.nodes.begin(), p.nodes.end());
  std::reverse(p.rels.begin(), p.rels.end());
  return p;
}

class ShortestPath : public Operator {
 public:
  ShortestPath(OpPtr input, SlotId from, SlotId to, SlotId path, SlotId rels, int64_t min_hops,
               int64_t max_hops, ExpandSpec spec, bool all, std::string description)
      : from_(from),
        to_(to),
        path_(path),
        rels_(rels),
        min_(min_hops),
        max_(max_hops),
        spec_(std::move(spec)),
        all_(all),
        description_(std::move(description)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override { return all_ ? "AllShortestPaths" : "ShortestPath"; }
  std::string Detail() const override { return description_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    results_.clear();
    pos_ = 0;
    bfs_.reset();
    have_ahead_ = false;
    types_ready_ = false;
    // A search from both ends asks for the cache after kSearchStepsBeforeCache
    // steps; the one-sided searches (Search, SearchResumable), which may walk
    // the whole graph, at their start.
    snap_.Reset(ctx);
    return child()->Open(ctx, arg);
  }
  // Clears the last row's paths; false when this row has none to look for:
  // a == b (a path of length 0 is not a shortest path here) or no
  // relationship type of the pattern exists. Type ids are read once per Open.
  bool StartSearch(ExecContext& ctx, NodeId a, NodeId b) {
    results_.clear();
    pos_ = 0;
    if (a == b) return false;
    if (!types_ready_) {
      type_ids_ = TypeIds(ctx.view(), spec_.types, &no_types_);
      types_ready_ = true;
    }
    return !no_types_;
  }
  // BFS that records, per node, its predecessors at the shortest distance.
  Status Search(ExecContext& ctx, NodeId a, NodeId b) {
    if (!StartSearch(ctx, a, b)) return Status::OK();
    struct Pred {
      NodeId node;
      RelId rel;
    };
    const AdjacencySnapshot* snap = snap_.Heavy(ctx);
    std::unordered_map<NodeId, int64_t> dist{{a, 0}};
    std::unordered_map<NodeId, std::vector<Pred>> preds;
    std::vector<NodeId> frontier{a};
    const std::vector<uint32_t>& ids = type_ids_;
    bool found = false;
    Row scratch = row_;
    for (int64_t depth = 1; depth <= max_ && !frontier.empty() && !found; ++depth) {
      std::vector<NodeId> next;
      for (NodeId n : frontier) {
        AG_RETURN_IF_ERROR(ctx.Check());
        Status err = Status::OK();
        AG_RETURN_IF_ERROR(ForEachAdj(ctx, snap, n, spec_.dir, ids, [&](const AdjEntry& e) {
          auto it = dist.find(e.other);
          if (it != dist.end() && it->second < depth) return true;
          Result<bool> ok = StepUsable(ctx, scratch, e, spec_, {}, nullptr);
          if (!ok.ok()) {
            err = ok.status();
            return false;
          }
          if (!*ok) return true;
          if (it == dist.end()) {
            dist[e.other] = depth;
            next.push_back(e.other);
          }
          preds[e.other].push_back({n, e.rel});
          if (e.other == b) {
            found = true;
            if (!all_) return false;
          }
          return true;
        }));
        AG_RETURN_IF_ERROR(err);
        if (found && !all_) break;
      }
      frontier = std::move(next);
    }
    if (!found || dist[b] < min_) return Status::OK();
    // Walk the predecessors back from b: one path, or all of them.
    std::vector<std::pair<std::vector<NodeId>, std::vector<RelId>>> stack;
    stack.push_back({{b}, {}});
    while (!stack.empty()) {
      auto [nodes, rels] = std::move(stack.back());
      stack.pop_back();
      if (nodes.back() == a) {
        std::reverse(nodes.begin(), nodes.end());
        std::reverse(rels.begin(), rels.end());
        results_.push_back(PathValue{std::move(nodes), std::move(rels)});
        if (!all_) break;
        continue;
      }
      const int64_t d = dist[nodes.back()];
      for (const Pred& p : preds[nodes.back()]) {
        if (dist[p.node] != d - 1) continue;
        auto n2 = nodes;
        auto r2 = rels;
        n2.push_back(p.node);
        r2.push_back(p.rel);
        stack.push_back({std::move(n2), std::move(r2)});
        if (!all_) break;
      }
    }
    return Status::OK();
  }
  // One shortest path (not all of them) from a source to many targets: one
  // breadth-first search per source, resumed layer by layer as targets
  // further away are asked for, so consecutive rows with the same source
  // (MATCH (a {..}), (b:L) MATCH shortestPath((a)-[*]-(b))) share it. Only
  // when relationship uniqueness does not depend on the row.
  struct Bfs {
    NodeId source = 0;
    bool dense = false;
    std::vector<int32_t> ddist;  // -1: not reached yet
    std::vector<NodeId> dpred_node;
    std::vector<RelId> dpred_rel;
    std::unordered_map<NodeId, std::tuple<int32_t, NodeId, RelId>> sparse;
    std::vector<NodeId> frontier, next;  // nodes at `depth`, and found at depth + 1
    size_t frontier_pos = 0;             // frontier nodes already expanded
    int32_t depth = 0;
    int32_t Dist(NodeId n) const {
      if (dense) return n < ddist.size() ? ddist[n] : -1;
      auto it = sparse.find(n);
      return it == sparse.end() ? -1 : std::get<0>(it->second);
    }
    void Set(NodeId n, int32_t d, NodeId p, RelId r) {
      if (dense && n < ddist.size()) {
        ddist[n] = d;
        dpred_node[n] = p;
        dpred_rel[n] = r;
      } else {
        sparse[n] = {d, p, r};
      }
    }
    std::pair<NodeId, RelId> Pred(NodeId n) const {
      if (dense && n < ddist.size()) return {dpred_node[n], dpred_rel[n]};
      auto it = sparse.find(n);
      return {std::get<1>(it->second), std::get<2>(it->second)};
    }
  };
  Status SearchResumable(ExecContext& ctx, NodeId a, NodeId b) {
    if (!StartSearch(ctx, a, b)) return Status::OK();
    const std::vector<uint32_t>& ids = type_ids_;
    const AdjacencySnapshot* snap = snap_.Heavy(ctx);
    if (!bfs_ || bfs_->source != a) {
      bfs_ = std::make_unique<Bfs>();
      bfs_->source = a;
      if (snap) {
        bfs_->dense = true;
        const size_t n = snap->node_bound();
        bfs_->ddist.assign(n, -1);
        bfs_->dpred_node.assign(n, 0);
        bfs_->dpred_rel.assign(n, 0);
      }
      bfs_->Set(a, 0, 0, 0);
      bfs_->frontier = {a};
    }
    Bfs& s = *bfs_;
    std::optional<Row> scratch;  // RelUsable's row, copied only when expanding
    while (s.Dist(b) < 0 && s.depth < max_) {
      if (s.frontier_pos >= s.frontier.size()) {  // layer done: go one deeper
        if (s.next.empty()) break;
        s.frontier = std::move(s.next);
        s.next.clear();
        s.frontier_pos = 0;
        ++s.depth;
        if (s.depth >= max_) break;
        continue;
      }
      const NodeId n = s.frontier[s.frontier_pos++];
      AG_RETURN_IF_ERROR(ctx.Check());
      Status err = Status::OK();
      const int32_t d = s.depth + 1;
      if (!scratch) scratch = row_;
      AG_RETURN_IF_ERROR(ForEachAdj(ctx, snap, n, spec_.dir, ids, [&](const AdjEntry& e) {
        if (s.Dist(e.other) >= 0) return true;
        Result<bool> ok = StepUsable(ctx, *scratch, e, spec_, {}, nullptr);
        if (!ok.ok()) {
          err = ok.status();
          return false;
        }
        if (!*ok) return true;
        s.Set(e.other, d, n, e.rel);
        s.next.push_back(e.other);
        return true;
      }));
      AG_RETURN_IF_ERROR(err);
    }
    const int32_t db = s.Dist(b);
    if (db < 0 || db > max_ || db < min_) return Status::OK();
    results_.push_back(WalkBack(a, b, [&](NodeId n) { return s.Pred(n); }));
    return Status::OK();
  }
  // Shortest paths between a and b by two breadth-first searches, one from
  // each end, expanding whichever frontier is smaller a whole layer at a
  // time, until they meet: on a graph where the ball of radius d around a
  // node grows fast, it reaches about two balls of radius d/2 instead of one
  // of radius d. The same steps as SearchResumable are usable (the backward
  // side walks relationships against the pattern's direction, and under a
  // time window checks the nodes it enters except a, which the forward side
  // never checks); b is checked up front, as the forward side would on
  // entering it. Once the layers searched so far (df from a, db from b) hold
  // no meeting, no path is shorter than df + db + 1, and every node the next
  // layer finds on the other side lies on a path of exactly that length:
  // shortestPath stops at the first, allShortestPaths finishes the layer,
  // keeping every predecessor at the shortest distance on both sides, and
  // joins each meeting node's paths from a with its paths to b.
  Status SearchFromBothEnds(ExecContext& ctx, NodeId a, NodeId b) {
    if (!StartSearch(ctx, a, b)) return Status::OK();
    if (ctx.has_temporal_filter()) {
      AG_ASSIGN_OR_RETURN(bool b_exists, ctx.NodePasses(b));
      if (!b_exists) return Status::OK();
    }
    struct Reached {
      NodeId node;  // the predecessor, towards this side's end
      RelId rel;
      int64_t depth;
    };
    struct Side {
      Direction dir;
      std::unordered_map<NodeId, Reached> pred;
      // allShortestPaths: the other predecessors at the same distance.
      std::unordered_map<NodeId, std::vector<std::pair<NodeId, RelId>>> more;
      std::vector<NodeId> frontier;
      int64_t depth = 0;
    };
    const Direction back = spec_.dir == Direction::kOut  ? Direction::kIn
                           : spec_.dir == Direction::kIn ? Direction::kOut
                                                         : Direction::kBoth;
    Side fwd{spec_.dir, {{a, {a, 0, 0}}}, {}, {a}}, bwd{back, {{b, {b, 0, 0}}}, {}, {b}};
    Row scratch = row_;
    std::vector<NodeId> meets;
    while (meets.empty() && fwd.depth + bwd.depth < max_ && !fwd.frontier.empty() &&
           !bwd.frontier.empty()) {
      const bool forward = fwd.frontier.size() <= bwd.frontier.size();
      Side& side = forward ? fwd : bwd;
      const Side& other = forward ? bwd : fwd;
      const int64_t depth = side.depth + 1;
      std::vector<NodeId> next;
      for (NodeId n : side.frontier) {
        AG_RETURN_IF_ERROR(ctx.Check());
        const AdjacencySnapshot* snap = snap_.Use(ctx);
        Status err = Status::OK();
        AG_RETURN_IF_ERROR(ForEachAdj(ctx, snap, n, side.dir, type_ids_, [&](const AdjEntry& e) {
          auto seen = side.pred.find(e.other);
          if (seen != side.pred.end() && (!all_ || seen->second.depth != depth)) return true;
          Result<bool> ok = RelUsable(ctx, scratch, e, spec_, {}, nullptr);
          // A node seen already passed the time window when it was reached.
          if (ok.ok() && *ok && seen == side.pred.end() && ctx.has_temporal_filter() &&
              e.other != a)
            ok = ctx.NodePasses(e.other);
          if (!ok.ok()) {
            err = ok.status();
            return false;
          }
          if (!*ok) return true;
          if (seen != side.pred.end()) {  // allShortestPaths: another way in
            side.more[e.other].emplace_back(n, e.rel);
            return true;
          }
          side.pred.emplace(e.other, Reached{n, e.rel, depth});
          next.push_back(e.other);
          if (other.pred.count(e.other)) {
            meets.push_back(e.other);
            if (!all_) return false;
          }
          return true;
        }));
        AG_RETURN_IF_ERROR(err);
        if (!all_ && !meets.empty()) break;
      }
      side.depth = depth;
      side.frontier = std::move(next);
    }
    if (meets.empty() || fwd.depth + bwd.depth < min_) return Status::OK();
    // Every chain from `from` to the end of `side`, as nodes and
    // relationships listed from `from`.
    auto chains = [&](const Side& side, NodeId from,
                      std::vector<std::pair<std::vector<NodeId>, std::vector<RelId>>>* out) {
      std::vector<std::pair<std::vector<NodeId>, std::vector<RelId>>> stack;
      stack.push_back({{from}, {}});
      while (!stack.empty()) {
        auto [nodes, rels] = std::move(stack.back());
        stack.pop_back();
        const NodeId at = nodes.back();
        const Reached& r = side.pred.at(at);
        if (r.depth == 0) {
          out->emplace_back(std::move(nodes), std::move(rels));
          if (!all_) return;
          continue;
        }
        std::vector<std::pair<NodeId, RelId>> ways{{r.node, r.rel}};
        if (auto it = side.more.find(at); it != side.more.end())
          ways.insert(ways.end(), it->second.begin(), it->second.end());
        for (auto w = ways.rbegin(); w != ways.rend(); ++w) {  // the first way first
          auto n2 = nodes;
          auto r2 = rels;
          n2.push_back(w->first);
          r2.push_back(w->second);
          stack.push_back({std::move(n2), std::move(r2)});
          if (!all_) break;
        }
      }
    };
    for (NodeId m : meets) {
      std::vector<std::pair<std::vector<NodeId>, std::vector<RelId>>> to_a, to_b;
      chains(fwd, m, &to_a);
      chains(bwd, m, &to_b);
      for (const auto& [an, ar] : to_a) {
        for (const auto& [bn, br] : to_b) {
          AG_RETURN_IF_ERROR(ctx.Check());
          PathValue p;
          p.nodes.assign(an.rbegin(), an.rend());  // a … m
          p.rels.assign(ar.rbegin(), ar.rend());
          p.nodes.insert(p.nodes.end(), bn.begin() + 1, bn.end());  // … b
          p.rels.insert(p.rels.end(), br.begin(), br.end());
          results_.push_back(std::move(p));
        }
      }
    }
    return Status::OK();
  }
  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (pos_ < results_.size()) {
        *out = row_;
        const PathValue& p = results_[pos_++];
        ValueList rels;
        for (RelId r : p.rels)
          rels.push_back(Value(RelRef{r}));
        (*out)[rels_] = Value(std::move(rels));
        (*out)[path_] = Value(p);
        return true;
      }
      if (have_ahead_) {
        std::swap(row_, ahead_);
        have_ahead_ = false;
      } else {
        AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
        if (!more) return false;
      }
      const Value &a = row_[from_], &b = row_[to_];
      if (a.kind() != Value::Kind::kNode || b.kind() != Value::Kind::kNode) continue;
      if (!spec_.distinct_from.empty() || !spec_.distinct_from_lists.empty()) {
        AG_RETURN_IF_ERROR(Search(ctx, a.as_node(), b.as_node()));
        continue;
      }
      if (all_) {  // each row its own search: from both ends
        AG_RETURN_IF_ERROR(SearchFromBothEnds(ctx, a.as_node(), b.as_node()));
        continue;
      }
      // Rows with one source share a one-sided search (SearchResumable);
      // a lone source gets a search from both ends. One row is read ahead
      // to tell them apart, so every row of a run of equal sources gets the
      // same path choice (the one ShortestPathsFromSource makes).
      bool shared = bfs_ && bfs_->source == a.as_node();
      if (!shared) {
        AG_ASSIGN_OR_RETURN(have_ahead_, child()->Next(ctx, &ahead_));
        shared = have_ahead_ && ahead_[from_].kind() == Value::Kind::kNode &&
                 ahead_[from_].as_node() == a.as_node();
      }
      if (shared)
        AG_RETURN_IF_ERROR(SearchResumable(ctx, a.as_node(), b.as_node()));
      else
        AG_RETURN_IF_ERROR(SearchFromBothEnds(ctx, a.as_node(), b.as_node()));
    }
  }

 private:
  SlotId from_, to_, path_, rels_;
  int64_t min_, max_;
  ExpandSpec spec_;
  bool all_;
  std::string description_;
  Row row_;
  std::vector<PathValue> results_;
  size_t pos_ = 0;
  SnapHolder snap_{kSearchStepsBeforeCache};
  std::unique_ptr<Bfs> bfs_;
  Row ahead_;  // the input row read ahead, when have_ahead_
  bool have_ahead_ = false;
  std::vector<uint32_t> type_ids_;
  bool types_ready_ = false, no_types_ = false;
};

// Single-source shortest paths: shortestPath((a)-[*..n]-(b:L)) with only `a`
// bound. One breadth-first search per input row (instead of one row per
// candidate `b` asking for its own path) reaches every node within the bounds;
// each reached node that satisfies b's labels and properties becomes a row,
// in ascending node-id order. shortestPath takes, per node, the first
// predecessor the search found (adjacency order), which is the path the
// two-ended ShortestPath gives to rows sharing a source; allShortestPaths
// walks every predecessor at the shortest distance.
class ShortestPathsFrom : public Operator {
 public:
  ShortestPathsFrom(OpPtr input, SlotId source, SlotId target, SlotId path, SlotId rels,
                    int64_t min_hops, int64_t max_hops, ExpandSpec spec, NodeCheckSpec target_check,
                    bool all, bool reversed, std::string description)
      : source_(source),
        target_(target),
        path_(path),
        rels_(rels),
        min_(min_hops),
        max_(max_hops),
        spec_(std::move(spec)),
        target_check_(std::move(target_check)),
        all_(all),
        reversed_(reversed),
        description_(std::move(description)) {
    children_.push_back(std::move(input));
  }
  std::string Name() const override {
    return all_ ? "AllShortestPathsFromSource" : "ShortestPathsFromSource";
  }
  std::string Detail() const override { return description_; }

 protected:
  Status OpenImpl(ExecContext& ctx, const Row& arg) override {
    snap_.Reset(ctx);  // the cache is asked for after kSearchStepsBeforeCache steps
    types_ready_ = false;
    ResetSearch();
    return child()->Open(ctx, arg);
  }

  Result<bool> NextImpl(ExecContext& ctx, Row* out) override {
    while (true) {
      if (path_pos_ < paths_.size()) {
        *out = row_;
        const PathValue& p = paths_[path_pos_++];
        ValueList rels;
        rels.reserve(p.rels.size());
        for (RelId r : p.rels)
          rels.push_back(Value(RelRef{r}));
        (*out)[target_] = Value(NodeRef{current_target_});
        (*out)[rels_] = Value(std::move(rels));
        (*out)[path_] = Value(p);
        return true;
      }
      if (target_pos_ < targets_.size()) {
        AG_RETURN_IF_ERROR(ctx.Check());
        const NodeId t = targets_[target_pos_++];
        AG_ASSIGN_OR_RETURN(bool ok, NodeMatches(ctx, row_, t, target_check_));
        if (!ok) continue;
        current_target_ = t;
        BuildPaths(t);
        continue;
      }
      AG_ASSIGN_OR_RETURN(bool more, child()->Next(ctx, &row_));
      if (!more) return false;
      const Value& s = row_[source_];
      if (s.kind() != Value::Kind::kNode) continue;  // e.g. null from OPTIONAL MATCH
      AG_RETURN_IF_ERROR(Search(ctx, s.as_node()));
    }
  }

 private:
  struct Pred {
    NodeId node;
    RelId rel;
  };
  static constexpr int32_t kUnreached = -1;

  void ResetSearch() {
    for (NodeId n : reached_)
      ClearNode(n);
    reached_.clear();
    sparse_.clear();
    extra_preds_.clear();
    targets_.clear();
    target_pos_ = 0;
    paths_.clear();
    path_pos_ = 0;
  }
  int32_t Dist(NodeId n) const {
    if (n < dist_.size()) return dist_[n];
    auto it = sparse_.find(n);
    return it == sparse_.end() ? kUnreached : it->second.first;
  }
  void Reach(NodeId n, int32_t d, Pred p) {
    if (n < dist_.size()) {
      dist_[n] = d;
      pred_[n] = p;
    } else {
      sparse_[n] = {d, p};
      if (dist_.empty() && dense_bound_ > 0 &&
          sparse_.size() > std::min(kSparseLimit, dense_bound_ / 16))
        Densify();
    }
    reached_.push_back(n);
  }
  // A small search (a shell cluster, a neighbourhood) stays in the hash map
  // (clearing arrays over every node would cost more than the search); one
  // that reaches a sixteenth of the graph, or 4096 nodes, moves to arrays
  // indexed by node id, allocated once per Open.
  void Densify() {
    dist_.assign(dense_bound_, kUnreached);
    pred_.assign(dense_bound_, Pred{0, 0});
    for (auto it = sparse_.begin(); it != sparse_.end();) {
      if (it->first < dense_bound_) {
        dist_[it->first] = it->second.first;
        pred_[it->first] = it->second.second;
        it = sparse_.erase(it);
      } else {
        ++it;
      }
    }
  }
  Pred FirstPred(NodeId n) const { return n < pred_.size() ? pred_[n] : sparse_.at(n).second; }
  void ClearNode(NodeId n) {
    if (n < dist_.size()) dist_[n] = kUnreached;
  }

  // Breadth-first search from `a` up to max_ hops; fills targets_.
  Status Search(ExecContext& ctx, NodeId a) {
    ResetSearch();
    if (!types_ready_) {
      type_ids_ = TypeIds(ctx.view(), spec_.types, &no_types_);
      types_ready_ = true;
      // Dense arrays become possible when node ids are known to be bounded
      // (cached adjacency; below if the cache comes midway).
      dense_bound_ = snap_.get() ? snap_.get()->node_bound() : 0;
      dist_.clear();
      pred_.clear();
    }
    if (no_types_) return Status::OK();
    Direction dir = spec_.dir;
    if (reversed_ && dir != Direction::kBoth)
      dir = dir == Direction::kOut ? Direction::kIn : Direction::kOut;
    ExpandSpec search_spec = spec_;
    search_spec.dir = dir;
    Reach(a, 0, Pred{0, 0});
    std::vector<NodeId> frontier{a}, next;
    Status err = Status::OK();
    for (int32_t depth = 1; depth <= max_ && !frontier.empty(); ++depth) {
      next.clear();
      for (NodeId n : frontier) {
        AG_RETURN_IF_ERROR(ctx.Check());
        const AdjacencySnapshot* snap = snap_.Use(ctx);
        if (snap && dense_bound_ == 0) dense_bound_ = snap->node_bound();
        AG_RETURN_IF_ERROR(ForEachAdj(ctx, snap, n, dir, type_ids_, [&](const AdjEntry& e) {
          const int32_t seen = Dist(e.other);
          if (seen >= 0 && (!all_ || seen != depth)) return true;
          // A node seen already passed the time window when it was reached.
          Result<bool> ok = seen >= 0 ? RelUsable(ctx, row_, e, search_spec, {}, nullptr)
                                      : StepUsable(ctx, row_, e, search_spec, {}, nullptr);
          if (!ok.ok()) {
            err = ok.status();
            return false;
          }
          if (!*ok) return true;
          if (seen >= 0) {  // allShortestPaths: another predecessor at the same distance
            extra_preds_[e.other].push_back(Pred{n, e.rel});
            return true;
          }
          Reach(e.other, depth, Pred{n, e.rel});
          next.push_back(e.other);
          return true;
        }));
        AG_RETURN_IF_ERROR(err);
      }
      std::swap(frontier, next);
    }
    for (size_t i = 1; i < reached_.size(); ++i)  // reached_[0] is the source itself
      if (Dist(reached_[i]) >= min_) targets_.push_back(reached_[i]);
    std::sort(targets_.begin(), targets_.end());
    return Status::OK();
  }

  // The path(s) from the source to `t`, written from the pattern's left end.
  void BuildPaths(NodeId t) {
    paths_.clear();
    path_pos_ = 0;
    auto finish = [&](std::vector<NodeId> nodes, std::vector<RelId> rels) {
      // Collected from t back to the source: the source is on the left unless reversed.
      if (!reversed_) {
        std::reverse(nodes.begin(), nodes.end());
        std::reverse(rels.begin(), rels.end());
      }
      paths_.push_back(PathValue{std::move(nodes), std::move(rels)});
    };
    if (!all_) {
      std::vector<NodeId> nodes{t};
      std::vector<RelId> rels;
      for (NodeId n = t; Dist(n) > 0;) {
        const Pred p = FirstPred(n);
        rels.push_back(p.rel);
        nodes.push_back(p.node);
        n = p.node;
      }
      finish(std::move(nodes), std::move(rels));
      return;
    }
    // Depth-first over every shortest predecessor.
    std::vector<NodeId> nodes{t};
    std::vector<RelId> rels;
    std::function<void(NodeId)> walk = [&](NodeId n) {
      if (Dist(n) == 0) {
        finish(nodes, rels);
        return;
      }
      auto step = [&](const Pred& p) {
        nodes.push_back(p.node);
        rels.push_back(p.rel);
        walk(p.node);
        nodes.pop_back();
        rels.pop_back();
      };
      step(FirstPred(n));
      if (auto it = extra_preds_.find(n); it != extra_preds_.end())
        for (const Pred& p : it->second)
          step(p);
    };
    walk(t);
  }

  SlotId source_, target_, path_, rels_;
  int64_t min_, max_;
  ExpandSpec spec_;
  NodeCheckSpec target_check_;
  bool all_, reversed_;
  std::string description_;
  SnapHolder snap_{kSearchStepsBeforeCache};
  std::vector<uint32_t> type_ids_;
  bool types_ready_ = false, no_types_ = false;
  // Search state for the current input row.
  Row row_;
  static constexpr size_t kSparseLimit = 4096;
  size_t dense_bound_ = 0;     // node ids below it may use the dense arrays
  std::vector<int32_t> dist_;  // dense, by node id (kUnreached when not reached)
  std::vector<Pred> pred_;
  std::unordered_map<NodeId, std::pair<int32_t, Pred>> sparse_;  // ids beyond the dense range
  std::unordered_map<NodeId, std::vector<Pred>> extra_preds_;    // allShortestPaths only
  std::vector<NodeId> reached_;                                  // in the order reached
  std::vector<NodeId> targets_;
  size_t target_pos_ = 0;
  NodeId current_target_ = 0;
  std::vector<PathValue> paths_;
  size_t path_pos_ = 0;
};

}  // namespace

OpPtr MakeShortestPath(OpPtr input, SlotId from, SlotId to, SlotId path, SlotId rels,
                       int64_t min_hops, int64_t max_hops, ExpandSpec spec, bool all,
                       std::string description) {
  return std::make_unique<ShortestPath>(std::move(input), from, to, path, rels, min_hops, max_hops,
                                        std::move(spec), all, std::move(description));
}

OpPtr MakeShortestPathsFrom(OpPtr input, SlotId source, SlotId target, SlotId path, SlotId rels,
                            int64_t min_hops, int64_t max_hops, ExpandSpec spec,
                            NodeCheckSpec target_check, bool all, bool reversed,
                            std::string description) {
  return std::make_unique<ShortestPathsFrom>(std::move(input), source, target, path, rels, min_hops,
                                             max_hops, std::move(spec), std::move(target_check),
                                             all, reversed, std::move(description));
}

}  // namespace actorgraph::query
