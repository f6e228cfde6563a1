#include "query/query_engine.h"

#include <ctime>
#include <regex>

#include "engine/write_txn.h"
#include "query/binder/binder.h"
#include "query/compiler/expression_compiler.h"
#include "query/executor/exec_context.h"
#include "query/executor/node_array_pool.h"
#include "query/parser/parser.h"
#include "query/plan_cache.h"
#include "query/planner/planner.h"

namespace actorgraph::query {

const char* ErrorKindName(ErrorKind k) {
  switch (k) {
    case ErrorKind::kNone: return "none";
    case ErrorKind::kSyntax: return "syntax";
    case ErrorKind::kSemantic: return "semantic";
    case ErrorKind::kType: return "type";
    case ErrorKind::kRuntime: return "runtime";
    case ErrorKind::kLimit: return "limit";
    case ErrorKind::kStorage: return "storage";
  }
  return "?";
}

QueryError ToQueryError(const Status& s) {
  QueryError e;
  if (s.ok()) return e;
  e.message = s.message();
  const std::string& m = s.message();
  auto starts = [&](const char* p) { return m.rfind(p, 0) == 0; };
  if (s.code() == Status::Code::kCancelled) e.kind = ErrorKind::kLimit;
  else if (s.code() == Status::Code::kIOError || s.code() == Status::Code::kCorruption) e.kind = ErrorKind::kStorage;
  else if (starts("syntax error")) e.kind = ErrorKind::kSyntax;
  else if (starts("semantic error") || s.code() == Status::Code::kOntology) e.kind = ErrorKind::kSemantic;
  else if (m.find("type error") != std::string::npos) e.kind = ErrorKind::kType;
  else e.kind = ErrorKind::kRuntime;
  static const std::regex kPos("line (\\d+), column (\\d+)");
  std::smatch match;
  if (std::regex_search(m, match, kPos)) {
    e.line = std::stoi(match[1]);
    e.column = std::stoi(match[2]);
  }
  return e;
}

namespace {

// Evaluates a query option (a literal, a parameter or a small expression).
Result<Value> EvalOption(const Expr& e, std::string_view text, ExecContext& ctx) {
  ExprEnv env;
  env.text = text;
  env.resolve = [](const std::string&) -> std::optional<SlotId> { return std::nullopt; };
  env.new_slot = [] { return SlotId{0}; };
  env.bind = [](const std::string&, std::optional<SlotId>) {};
  AG_ASSIGN_OR_RETURN(ExprFn f, CompileExpr(e, env));
  Row row(4);
  Value v;
  AG_RETURN_IF_ERROR(f(row, ctx, &v));
  return v;
}

Result<PartialDate> AsDate(const Value& v, const char* what) {
  if (v.kind() == Value::Kind::kDate) return v.as_date();
  if (v.kind() == Value::Kind::kString) {
    auto d = PartialDate::Parse(v.as_string());
    if (!d.ok()) return Status::InvalidArgument(std::string(what) + ": " + d.status().message());
    return *d;
  }
  return Status::InvalidArgument(std::string("type error: ") + what + " needs a date, not " + v.ToString());
}

// A transaction number, or the last transaction at a date or timestamp.
Result<TxnId> AsTxn(Database* db, const Value& v) {
  if (v.kind() == Value::Kind::kInt) {
    if (v.as_int() < 0) return Status::InvalidArgument("FOR SYSTEM_TIME AS OF needs a transaction number >= 0");
    return static_cast<TxnId>(v.as_int());
  }
  if (v.kind() == Value::Kind::kString && v.as_string().size() > 10 && v.as_string()[10] == 'T') {
    std::tm tm{};
    const std::string& s = v.as_string();
    if (!strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm))
      return Status::InvalidArgument("FOR SYSTEM_TIME AS OF: bad timestamp '" + s + "'");
    const int64_t secs = timegm(&tm);
    return db->TxnAtTime(secs * 1000000 + 999999);
  }
  AG_ASSIGN_OR_RETURN(PartialDate d, AsDate(v, "FOR SYSTEM_TIME AS OF"));
  // The whole day (or month, or year) counts: the state at its end.
  const int64_t end_micros = (static_cast<int64_t>(d.last_day()) + 1) * 86400LL * 1000000 - 1;
  return db->TxnAtTime(end_micros);
}

class RowsCursor : public ResultCursor {
 public:
  RowsCursor(std::vector<std::string> columns, std::vector<std::vector<Value>> rows,
             std::unique_ptr<ReadView> view, std::string plan, std::string summary,
             std::string notices = "")
      : columns_(std::move(columns)),
        rows_(std::move(rows)),
        view_(std::move(view)),
        plan_(std::move(plan)),
        summary_(std::move(summary)),
        notices_(std::move(notices)) {}
  const std::vector<std::string>& columns() const override { return columns_; }
  Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows) override {
    while (max-- > 0 && pos_ < rows_.size()) rows->push_back(std::move(rows_[pos_++]));
    return pos_ < rows_.size();
  }
  const ReadView& view() const override { return *view_; }
  std::string PlanText() const override { return plan_; }
  std::string WriteSummary() const override { return summary_; }
  std::string Notices() const override { return notices_; }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<Value>> rows_;
  size_t pos_ = 0;
  std::unique_ptr<ReadView> view_;
  std::string plan_, summary_, notices_;
};

// Streams a read-only plan: rows are produced as the client asks for them.
class StreamCursor : public ResultCursor {
 public:
  // Owns everything the plan points at: the snapshot, the parameters, the
  // context, the statement. With `cache`, gives the plan back to it when done
  // (unless the run failed or was long, see plan_cache.h).
  StreamCursor(std::unique_ptr<ReadView> view, const Ontology* ontology,
               const ProcedureRegistry* procs, std::unique_ptr<CachedPlan> plan,
               std::map<std::string, Value> params, PlanCache* cache)
      : view_(std::move(view)), cp_(std::move(plan)), params_(std::move(params)), cache_(cache) {
    ctx_ = std::make_unique<ExecContext>(view_.get(), nullptr, ontology, procs, &params_);
  }
  ~StreamCursor() override {
    if (!cache_ || failed_ || !cache_->ReturnsRunOf(busy_)) return;
    ctx_.reset();
    cp_->ran_at = view_->is_historical() ? CachedPlan::kNoSnapshot : view_->as_of();
    cache_->Return(std::move(cp_));
  }
  ExecContext& ctx() { return *ctx_; }
  std::string ProfileText() const { return PlanToString(*cp_->plan.root, true); }
  Status Start() {
    const auto start = std::chrono::steady_clock::now();
    Status s = cp_->plan.root->Open(*ctx_, Row(cp_->plan.width));
    if (!s.ok()) failed_ = true;
    busy_ += std::chrono::steady_clock::now() - start;
    return s;
  }
  const std::vector<std::string>& columns() const override { return cp_->plan.columns; }
  Result<bool> Next(size_t max, std::vector<std::vector<Value>>* rows) override {
    if (done_) return false;
    const auto start = std::chrono::steady_clock::now();
    Result<bool> r = Pull(max, rows);
    if (!r.ok()) failed_ = true;
    busy_ += std::chrono::steady_clock::now() - start;
    return r;
  }
  const ReadView& view() const override { return *view_; }
  std::string PlanText() const override { return PlanToString(*cp_->plan.root, false); }
  std::string WriteSummary() const override { return ""; }
  std::string Notices() const override { return ctx_->Notices(); }

 private:
  Result<bool> Pull(size_t max, std::vector<std::vector<Value>>* rows) {
    const Plan& plan = cp_->plan;
    Row row(plan.width);
    for (size_t i = 0; i < max; ++i) {
      AG_ASSIGN_OR_RETURN(bool more, plan.root->Next(*ctx_, &row));
      if (!more) {
        done_ = true;
        return false;
      }
      if (plan.column_slots.empty()) continue;  // no RETURN: no records, as in Cypher
      std::vector<Value> out;
      out.reserve(plan.column_slots.size());
      for (SlotId s : plan.column_slots)
        out.push_back(row[s]);
      rows->push_back(std::move(out));
    }
    return true;
  }

  std::unique_ptr<ReadView> view_;
  std::unique_ptr<ExecContext> ctx_;
  std::unique_ptr<CachedPlan> cp_;
  std::map<std::string, Value> params_;
  PlanCache* cache_;
  bool done_ = false, failed_ = false;
  std::chrono::steady_clock::duration busy_{0};  // in Open and Next: see PlanCache::ReturnsRunOf
};

}  // namespace

QueryEngine::QueryEngine(Database* db)
    : db_(db),
      records_(std::make_unique<RecordCache>(db->options().record_cache_mb << 20)),
      plans_(std::make_unique<PlanCache>(kDefaultPlanCachePlans, kDefaultPlanCacheBytes)),
      node_arrays_(std::make_unique<NodeArrayPool>(kDefaultNodeArrayBytes)) {}
QueryEngine::~QueryEngine() = default;

Result<std::unique_ptr<ResultCursor>> QueryEngine::Run(std::string_view text, const RunOptions& options) {
  // A statement seen before: its plan from the cache, else parse and bind
  // now and plan below (after the options, whose errors come first).
  std::unique_ptr<CachedPlan> cp = plans_->Checkout(text, options.row_limit, procedures_.version());
  const bool cached = cp != nullptr;
  if (!cached) {
    cp = std::make_unique<CachedPlan>();
    cp->text = std::string(text);
    cp->row_limit = options.row_limit;
    cp->procedures_version = procedures_.version();
    AG_ASSIGN_OR_RETURN(cp->statement, Parse(cp->text));
    AG_ASSIGN_OR_RETURN(BoundStatement bound, Bind(*cp->statement, cp->text, db_->ontology()));
    cp->bound = std::make_unique<BoundStatement>(std::move(bound));
  }
  const Statement* stmt = cp->statement.get();
  text = cp->text;

  // Query options: from the text first, then from the caller.
  std::map<std::string, Value> params = options.params;
  TxnId as_of = options.system_txn.value_or(kLatestTxn);
  TemporalFilter filter;
  filter.valid_at = options.valid_at;
  if (options.valid_from || options.valid_to) {
    filter.has_period = true;
    filter.valid_from = options.valid_from;
    filter.valid_to = options.valid_to;
  }
  filter.min_grade = options.min_grade;
  const QueryOptions& qo = stmt->options;
  if (qo.system_time || qo.valid_time) {
    auto latest = db_->Read();
    ExecContext octx(latest.get(), nullptr, &db_->ontology(), &procedures_, &params);
    if (qo.system_time) {
      AG_ASSIGN_OR_RETURN(Value v, EvalOption(*qo.system_time->as_of, text, octx));
      AG_ASSIGN_OR_RETURN(as_of, AsTxn(db_, v));
    }
    if (qo.valid_time) {
      filter = TemporalFilter{std::nullopt, std::nullopt, std::nullopt, false, filter.min_grade};
      if (qo.valid_time->as_of) {
        AG_ASSIGN_OR_RETURN(Value v, EvalOption(*qo.valid_time->as_of, text, octx));
        AG_ASSIGN_OR_RETURN(filter.valid_at, AsDate(v, "FOR VALID_TIME AS OF"));
      } else {
        AG_ASSIGN_OR_RETURN(Value f, EvalOption(*qo.valid_time->from, text, octx));
        AG_ASSIGN_OR_RETURN(Value t, EvalOption(*qo.valid_time->to, text, octx));
        filter.has_period = true;
        if (!f.is_null()) {
          AG_ASSIGN_OR_RETURN(filter.valid_from, AsDate(f, "FOR VALID_TIME FROM"));
        }
        if (!t.is_null()) {
          AG_ASSIGN_OR_RETURN(filter.valid_to, AsDate(t, "FOR VALID_TIME TO"));
        }
      }
    }
  }
  if (qo.min_grade) {
    auto g = Grade::Parse(qo.min_grade->code);
    if (!g.ok()) return g.status();
    filter.min_grade = *g;
  }

  if (!cached) {
    AG_ASSIGN_OR_RETURN(cp->plan, PlanQuery(*cp->bound, text, db_->ontology(), procedures_));
    if (options.row_limit)
      cp->plan.root = MakeRowLimit(std::move(cp->plan.root), options.row_limit);
  }
  Plan& plan = cp->plan;

  if (stmt->mode == Statement::Mode::kExplain) {
    std::vector<std::vector<Value>> rows;
    std::string t = PlanToString(*plan.root, false);
    size_t start = 0;
    while (start < t.size()) {
      size_t end = t.find('\n', start);
      if (end == std::string::npos) end = t.size();
      rows.push_back({Value(t.substr(start, end - start))});
      start = end + 1;
    }
    return std::unique_ptr<ResultCursor>(new RowsCursor({"plan"}, std::move(rows), db_->Read(), t, ""));
  }

  const bool profile = stmt->mode == Statement::Mode::kProfile;
  if (profile) plan.root->EnableProfiling();
  auto deadline = std::chrono::steady_clock::now() + options.time_limit;

  if (plan.writes) {
    if (options.read_only)
      return Status::InvalidArgument("semantic error: this session may only read, and the statement writes");
    if (as_of != kLatestTxn)
      return Status::InvalidArgument("semantic error: FOR SYSTEM_TIME cannot be used with a writing statement");
    std::string description = "query: " + std::string(text.substr(0, 200));
    auto txn = db_->BeginWrite(description);
    ExecContext ctx(&txn->base(), txn.get(), &db_->ontology(), &procedures_, &params);
    ctx.filter() = filter;
    if (options.time_limit.count() > 0) ctx.set_deadline(deadline);
    ctx.set_cancel(options.cancel);
    ctx.set_memory_limit(options.memory_limit);
    AG_RETURN_IF_ERROR(plan.root->Open(ctx, Row(plan.width)));
    std::vector<std::vector<Value>> rows;
    Row row(plan.width);
    while (true) {
      AG_ASSIGN_OR_RETURN(bool more, plan.root->Next(ctx, &row));
      if (!more) break;
      // Without RETURN a statement has no columns and so no rows: its
      // result is the summary, not one empty row per update.
      if (plan.columns.empty()) continue;
      std::vector<Value> out;
      for (SlotId s : plan.column_slots) out.push_back(row[s]);
      rows.push_back(std::move(out));
    }
    const WriteCounts n = txn->node_counts(), r = txn->rel_counts();
    AG_ASSIGN_OR_RETURN(TxnId t, txn->Commit());
    txn.reset();
    std::string summary = "transaction " + std::to_string(t) + ": nodes " + std::to_string(n.created) +
                          " created, " + std::to_string(n.updated) + " updated, " +
                          std::to_string(n.deleted) + " deleted; relationships " +
                          std::to_string(r.created) + " created, " + std::to_string(r.updated) +
                          " updated, " + std::to_string(r.deleted) + " deleted";
    return std::unique_ptr<ResultCursor>(new RowsCursor(plan.columns, std::move(rows), db_->Read(),
                                                        PlanToString(*plan.root, profile), summary,
                                                        ctx.Notices()));
  }

  // Only plain reads go back to the cache: PROFILE's operators keep
  // counting, and writing statements are dominated by their commit.
  auto cursor = std::make_unique<StreamCursor>(db_->Read(as_of), &db_->ontology(), &procedures_,
                                               std::move(cp), std::move(params),
                                               profile ? nullptr : plans_.get());
  cursor->ctx().filter() = filter;
  if (!cursor->view().is_historical()) cursor->ctx().set_shared_records(records_.get());
  cursor->ctx().set_node_arrays(node_arrays_.get());
  if (options.time_limit.count() > 0) cursor->ctx().set_deadline(deadline);
  cursor->ctx().set_cancel(options.cancel);
  cursor->ctx().set_memory_limit(options.memory_limit);
  AG_RETURN_IF_ERROR(cursor->Start());
  if (!profile) return std::unique_ptr<ResultCursor>(std::move(cursor));
  // PROFILE: run to the end, then report rows and time per operator.
  std::vector<std::vector<Value>> rows;
  while (true) {
    AG_ASSIGN_OR_RETURN(bool more, cursor->Next(1024, &rows));
    if (!more) break;
  }
  std::vector<std::string> cols = cursor->columns();
  return std::unique_ptr<ResultCursor>(new RowsCursor(
      cols, std::move(rows), db_->Read(as_of), cursor->ProfileText(), "", cursor->Notices()));
}

}  // namespace actorgraph::query
