// Status: the outcome of an operation that can fail for expected reasons
// (bad input, a rule broken, a missing entity, an I/O error). Exceptions are
// kept for programming errors; everything a user can cause returns a Status.
//
// Thread-safety: a Status is a value; distinct objects may be used from
// distinct threads without synchronisation.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace actorgraph {

class Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // malformed input: syntax, a bad date, a bad grade
    kNotFound,         // an id or name that is not in the database
    kOntology,         // a write that breaks the ontology
    kConflict,         // e.g. an external id that already exists
    kIOError,          // RocksDB or the file system failed
    kCorruption,       // stored bytes that cannot be decoded
    kUnsupported,      // a feature not available (yet) or an old format
    kCancelled,        // a time or row limit stopped the work
    kInternal,
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status Ontology(std::string m) { return {Code::kOntology, std::move(m)}; }
  static Status Conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status Unsupported(std::string m) { return {Code::kUnsupported, std::move(m)}; }
  static Status Cancelled(std::string m) { return {Code::kCancelled, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "ontology error: ..." — the kind followed by the message, for people.
  std::string ToString() const;
  static const char* CodeName(Code c);

  // Returns a copy whose message is "context: message" (keeps the code).
  Status WithContext(const std::string& context) const;

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// Result<T>: either a value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status s) : v_(std::move(s)) {}     // NOLINT: precondition: !s.ok()
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace actorgraph

#define AG_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::actorgraph::Status _st = (expr);      \
    if (!_st.ok()) return _st;              \
  } while (0)

#define AG_CONCAT_INNER(a, b) a##b
#define AG_CONCAT(a, b) AG_CONCAT_INNER(a, b)
// Declares or assigns `lhs`; expands to several statements, so it needs
// braces after if/else.
#define AG_ASSIGN_OR_RETURN(lhs, expr) AG_ASSIGN_OR_RETURN_IMPL(AG_CONCAT(_res_, __LINE__), lhs, expr)
#define AG_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
