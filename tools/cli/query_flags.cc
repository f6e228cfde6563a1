#include "tools/cli/query_flags.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/value_json.h"

namespace actorgraph::cli {

std::optional<int> ParseQueryFlags(const std::string& cmd, const Args& args, QueryFlags* f,
                                   bool need_text) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "-f" || a == "--file") {
      auto v = value();
      if (!v) return Usage(cmd, "-f needs a file");
      std::ifstream in(*v);
      if (!in) return Fail(Status::IOError("cannot read " + *v));
      std::stringstream ss;
      ss << in.rdbuf();
      f->text = ss.str();
    } else if (a == "--param" || a == "-p") {
      auto v = value();
      if (!v || v->find('=') == std::string::npos) return Usage(cmd, "--param takes name=value");
      const std::string name = v->substr(0, v->find('='));
      const std::string raw = v->substr(v->find('=') + 1);
      // JSON values (42, true, [1,2], "text"); anything else is a string.
      Value val(raw);
      auto j = nlohmann::json::parse(raw, nullptr, false);
      if (!j.is_discarded()) {
        auto parsed = ValueFromJson(j);
        if (parsed.ok()) val = *parsed;
      }
      f->run.params[name] = val;
    } else if (a == "--format") {
      auto v = value();
      if (!v) return Usage(cmd, "--format needs table, csv or json");
      auto fmt = ParseOutputFormat(*v);
      if (!fmt.ok()) return Usage(cmd, fmt.status().message());
      f->format = *fmt;
    } else if (a == "--valid-at") {
      auto v = value();
      auto d =
          v ? PartialDate::Parse(*v) : Result<PartialDate>(Status::InvalidArgument("missing date"));
      if (!d.ok()) return Usage(cmd, "--valid-at: " + d.status().message());
      f->run.valid_at = *d;
    } else if (a == "--txn") {
      auto v = value();
      if (!v || v->find_first_not_of("0123456789") != std::string::npos || v->empty())
        return Usage(cmd, "--txn takes a transaction number");
      f->run.system_txn = std::stoull(*v);
    } else if (a == "--min-grade") {
      auto v = value();
      auto g = v ? Grade::Parse(*v) : Result<Grade>(Status::InvalidArgument("missing grade"));
      if (!g.ok()) return Usage(cmd, "--min-grade: " + g.status().message());
      f->run.min_grade = *g;
    } else if (a == "--timeout") {
      auto v = value();
      char* end = nullptr;
      const double secs = v ? std::strtod(v->c_str(), &end) : -1;
      if (!v || secs <= 0 || *end) return Usage(cmd, "--timeout takes seconds, e.g. 2.5");
      f->run.time_limit = std::chrono::milliseconds(static_cast<int64_t>(secs * 1000));
    } else if (a == "--max-rows") {
      auto v = value();
      if (!v || v->find_first_not_of("0123456789") != std::string::npos || v->empty())
        return Usage(cmd, "--max-rows takes a number");
      f->run.row_limit = std::stoull(*v);
    } else if (a == "--memory") {
      // The same tracked budget as the server's --query-memory: rows held by
      // sorts, groups and DISTINCT, and the strings and lists an expression
      // builds (+, comprehensions, split(), replace()); over
      // it the query fails with a clear error.
      auto v = value();
      if (!v || v->empty() || v->find_first_not_of("0123456789") != std::string::npos ||
          v->size() > 7 || std::stoull(*v) == 0)
        return Usage(cmd, "--memory takes mebibytes, e.g. 512");
      f->run.memory_limit = std::stoull(*v) << 20;
    } else if (a == "--no-stats") {
      f->stats = false;
    } else if (a.rfind("--", 0) == 0 || (a.size() > 1 && a[0] == '-')) {
      return Usage(cmd, "unknown option '" + a + "'");
    } else if (need_text) {
      f->text += (f->text.empty() ? "" : " ") + a;
    } else {
      return Usage(cmd, "unexpected argument '" + a + "'");
    }
  }
  if (need_text && f->text.find_first_not_of(" \t\r\n;") == std::string::npos)
    return Usage(cmd, "give the query as an argument or with -f FILE");
  return std::nullopt;
}

}  // namespace actorgraph::cli
