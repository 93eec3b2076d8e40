// A small strict JSON reader and writer for the trainer's config and weights.
//
// Strict means RFC 8259 exactly: no comments, no trailing commas, no NaN or
// Infinity, no leading zeros, no duplicate keys in an object, valid UTF-8 escapes.
// The input is limited in size and nesting depth so hostile input cannot blow
// the stack or the heap. Errors name the line and column.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace actlab::json {

class ParseError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class Type { null, boolean, number, string, array, object };

// The name of a type for error messages: "null", "a boolean", "a number", ...
const char* describe(Type type) noexcept;

class Value {
 public:
  using Member = std::pair<std::string, Value>;

  Value() = default;
  Type type() const noexcept { return type_; }
  bool is_null() const noexcept { return type_ == Type::null; }
  bool is_number() const noexcept { return type_ == Type::number; }
  bool is_string() const noexcept { return type_ == Type::string; }
  bool is_array() const noexcept { return type_ == Type::array; }
  bool is_object() const noexcept { return type_ == Type::object; }
  bool is_bool() const noexcept { return type_ == Type::boolean; }

  // Accessors for the matching type; undefined for another type (check first).
  bool as_bool() const noexcept { return boolean_; }
  double as_number() const noexcept { return number_; }
  const std::string& as_string() const noexcept { return string_; }
  const std::vector<Value>& items() const noexcept { return items_; }
  const std::vector<Member>& members() const noexcept { return members_; }

  // The member with this key, or nullptr (also for a non-object).
  const Value* find(std::string_view key) const noexcept;

  static Value make_null() { return Value(); }
  static Value make_bool(bool b);
  static Value make_number(double n);
  static Value make_string(std::string s);
  static Value make_array(std::vector<Value> items);
  static Value make_object(std::vector<Member> members);

 private:
  Type type_ = Type::null;
  bool boolean_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

struct Limits {
  std::size_t max_bytes = std::size_t{32} << 20;  // 32 MiB: 8 layers of 256 x 256 weights fit easily
  std::size_t max_depth = 64;
};

// Throws ParseError: "JSON error at line 3, column 14: expected ',' or '}' after an object member".
Value parse(std::string_view text, const Limits& limits = {});

// ---- writing ----------------------------------------------------------------

// A JSON string literal with the needed escapes.
std::string quote(std::string_view text);

// The shortest of %.{precision}g that is valid JSON; non-finite values become null.
std::string number(double value, int precision = 17);

// Appends values to a string; the caller keeps the commas right through the helpers.
class Writer {
 public:
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view name);  // writes "name": (with a comma before if needed)
  Writer& value(double v, int precision = 17);
  Writer& value(std::string_view s);
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(bool b);
  Writer& null();
  Writer& raw(std::string_view json);  // an already serialised value
  // Floats as %.9g, which reads back to the same float.
  Writer& floats(const float* values, std::size_t n);
  Writer& doubles(const double* values, std::size_t n, int precision = 17);
  const std::string& str() const noexcept { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void comma();
  std::string out_;
  std::string first_;  // per open container: 1 while no value is written yet (a string: small code in wasm)
  bool after_key_ = false;
};

}  // namespace actlab::json
