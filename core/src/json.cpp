// The strict JSON reader (recursive descent with a depth limit) and writer.
#include "actlab/json.hpp"

#include "actlab/decimal.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace actlab::json {
namespace {

// Lower-case hexadecimal, zero-padded to `width` digits.
std::string hex_digits(unsigned value, int width) {
  std::string out(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i, value >>= 4) out[i] = "0123456789abcdef"[value & 15];
  return out;
}

}  // namespace

const char* describe(Type type) noexcept {
  switch (type) {
    case Type::null:
      return "null";
    case Type::boolean:
      return "a boolean";
    case Type::number:
      return "a number";
    case Type::string:
      return "a string";
    case Type::array:
      return "an array";
    case Type::object:
      return "an object";
  }
  return "a value";
}

const Value* Value::find(std::string_view key) const noexcept {
  for (const Member& m : members_)
    if (m.first == key) return &m.second;
  return nullptr;
}

Value Value::make_bool(bool b) {
  Value v;
  v.type_ = Type::boolean;
  v.boolean_ = b;
  return v;
}
Value Value::make_number(double n) {
  Value v;
  v.type_ = Type::number;
  v.number_ = n;
  return v;
}
Value Value::make_string(std::string s) {
  Value v;
  v.type_ = Type::string;
  v.string_ = std::move(s);
  return v;
}
Value Value::make_array(std::vector<Value> items) {
  Value v;
  v.type_ = Type::array;
  v.items_ = std::move(items);
  return v;
}
Value Value::make_object(std::vector<Member> members) {
  Value v;
  v.type_ = Type::object;
  v.members_ = std::move(members);
  return v;
}

namespace {

class Parser {
 public:
  Parser(std::string_view text, const Limits& limits) : text_(text), limits_(limits) {}

  Value document() {
    if (text_.size() > limits_.max_bytes)
      throw ParseError("JSON error: the text is " + std::to_string(text_.size()) + " bytes, more than the limit of " +
                       std::to_string(limits_.max_bytes));
    skip_space();
    Value v = value(0);
    skip_space();
    if (pos_ != text_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < pos_ && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw ParseError("JSON error at line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_space() {
    while (!at_end()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  void expect_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) fail("invalid literal (expected " + std::string(word) + ")");
    pos_ += word.size();
  }

  Value value(std::size_t depth) {
    if (at_end()) fail("unexpected end of text, expected a value");
    switch (peek()) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return Value::make_string(string());
      case 't':
        expect_word("true");
        return Value::make_bool(true);
      case 'f':
        expect_word("false");
        return Value::make_bool(false);
      case 'n':
        expect_word("null");
        return Value::make_null();
      default:
        if (peek() == '-' || (peek() >= '0' && peek() <= '9')) return Value::make_number(number());
        fail(std::string("unexpected character '") + printable(peek()) + "', expected a value");
    }
  }

  static std::string printable(char c) {
    if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) return std::string(1, c);
    return "\\x" + hex_digits(static_cast<unsigned char>(c), 2);
  }

  void check_depth(std::size_t depth) {
    if (depth > limits_.max_depth) fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  }

  Value object(std::size_t depth) {
    check_depth(depth);
    ++pos_;  // '{'
    std::vector<Value::Member> members;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return Value::make_object(std::move(members));
    }
    for (;;) {
      skip_space();
      if (peek() != '"') fail("expected a string key in an object");
      const std::size_t key_pos = pos_;
      std::string key = string();
      for (const Value::Member& m : members)
        if (m.first == key) {
          pos_ = key_pos;
          fail("duplicate key \"" + key + "\"");
        }
      skip_space();
      if (peek() != ':') fail("expected ':' after an object key");
      ++pos_;
      skip_space();
      Value v = value(depth);
      members.emplace_back(std::move(key), std::move(v));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return Value::make_object(std::move(members));
      }
      fail("expected ',' or '}' after an object member");
    }
  }

  Value array(std::size_t depth) {
    check_depth(depth);
    ++pos_;  // '['
    std::vector<Value> items;
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return Value::make_array(std::move(items));
    }
    for (;;) {
      skip_space();
      items.push_back(value(depth));
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return Value::make_array(std::move(items));
      }
      fail("expected ',' or ']' after an array item");
    }
  }

  double number() {
    const std::size_t start = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
      if (peek() >= '0' && peek() <= '9') fail("leading zeros are not allowed in a number");
    } else if (peek() >= '1' && peek() <= '9') {
      while (peek() >= '0' && peek() <= '9') ++pos_;
    } else {
      fail("expected a digit");
    }
    if (peek() == '.') {
      ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) fail("expected a digit after the decimal point");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!(peek() >= '0' && peek() <= '9')) fail("expected a digit in the exponent");
      while (peek() >= '0' && peek() <= '9') ++pos_;
    }
    const std::string literal(text_.substr(start, pos_ - start));
    const double v = decimal::parse(literal);
    if (!std::isfinite(v)) {
      pos_ = start;
      fail("number " + literal.substr(0, 40) + " is out of the double range");
    }
    return v;
  }

  unsigned hex4() {
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      unsigned digit;
      if (c >= '0' && c <= '9')
        digit = static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        digit = static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        digit = static_cast<unsigned>(c - 'A' + 10);
      else
        fail("expected four hex digits after \\u");
      code = code * 16 + digit;
      ++pos_;
    }
    return code;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xc0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    }
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in a string (escape it)");
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      ++pos_;
      if (at_end()) fail("unterminated escape");
      const char e = text_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned code = hex4();
          if (code >= 0xd800 && code < 0xdc00) {
            if (text_.substr(pos_, 2) != "\\u") fail("a high surrogate must be followed by a low surrogate");
            pos_ += 2;
            const unsigned low = hex4();
            if (low < 0xdc00 || low >= 0xe000) fail("invalid low surrogate");
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          } else if (code >= 0xdc00 && code < 0xe000) {
            fail("unpaired low surrogate");
          }
          append_utf8(out, code);
          break;
        }
        default:
          --pos_;
          fail(std::string("invalid escape \\") + printable(e));
      }
    }
  }

  std::string_view text_;
  const Limits& limits_;
  std::size_t pos_ = 0;
};

}  // namespace

Value parse(std::string_view text, const Limits& limits) { return Parser(text, limits).document(); }

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u" + hex_digits(static_cast<unsigned char>(c), 4);
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string number(double value, int precision) {
  if (!std::isfinite(value)) return "null";
  if (value == 0) return "0";  // also -0, which JSON readers would keep as -0 anyway
  // The shortest form, up to `precision` digits, that reads back to the same double.
  std::string text;
  for (int digits = std::min(precision, 15); digits <= precision; ++digits) {
    text = decimal::format(value, digits);
    if (decimal::parse(text) == value) break;
  }
  return text;
}

namespace {

// The shortest form that reads back to the same float.
std::string float_number(float value) {
  if (!std::isfinite(value)) return "null";
  if (value == 0) return "0";
  // Checked the way the importer reads it back: the nearest double, then float.
  return decimal::shortest_float(value);
}

}  // namespace

void Writer::comma() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

Writer& Writer::begin_object() {
  comma();
  out_ += '{';
  first_.push_back(true);
  return *this;
}
Writer& Writer::end_object() {
  out_ += '}';
  first_.pop_back();
  return *this;
}
Writer& Writer::begin_array() {
  comma();
  out_ += '[';
  first_.push_back(true);
  return *this;
}
Writer& Writer::end_array() {
  out_ += ']';
  first_.pop_back();
  return *this;
}
Writer& Writer::key(std::string_view name) {
  comma();
  out_ += quote(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}
Writer& Writer::value(double v, int precision) {
  comma();
  out_ += number(v, precision);
  return *this;
}
Writer& Writer::value(std::string_view s) {
  comma();
  out_ += quote(s);
  return *this;
}
Writer& Writer::value(bool b) {
  comma();
  out_ += b ? "true" : "false";
  return *this;
}
Writer& Writer::null() {
  comma();
  out_ += "null";
  return *this;
}
Writer& Writer::raw(std::string_view json) {
  comma();
  out_ += json;
  return *this;
}
Writer& Writer::floats(const float* values, std::size_t n) {
  begin_array();
  for (std::size_t i = 0; i < n; ++i) {
    comma();
    out_ += float_number(values[i]);
  }
  return end_array();
}
Writer& Writer::doubles(const double* values, std::size_t n, int precision) {
  begin_array();
  for (std::size_t i = 0; i < n; ++i) value(values[i], precision);
  return end_array();
}

}  // namespace actlab::json
