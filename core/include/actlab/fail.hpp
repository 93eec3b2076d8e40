// Error messages built out of line. A call site lists the message's pieces
// (text, integers, doubles) instead of concatenating std::strings itself, so it
// builds no string temporaries of its own: in the wasm build each such site would
// otherwise carry its own string code and unwinding clean-up. Pieces view their
// text: pass them straight to concat() or fail(), never keep them in a variable.
//
//   detail::fail({"setData: nFeatures = ", n, " is outside [1, ", max_features, "]"});
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace actlab::detail {

// One piece of a message: a tag and one word or two, so a call site only
// stores what it passes. Text is viewed, not copied: a piece lives only for the
// call it is an argument of.
class Piece {
 public:
  Piece(const char* text) noexcept : kind_(Kind::c_string), c_string_(text) {}
  Piece(std::string_view text) noexcept : kind_(Kind::view), view_{text.data(), text.size()} {}
  Piece(const std::string& text) noexcept : Piece(std::string_view(text)) {}
  // Integers print in full, as std::to_string does.
  template <std::integral I>
  requires(!std::same_as<I, bool> && !std::same_as<I, char>) Piece(I v)
  noexcept
      : kind_(std::signed_integral<I> ? Kind::signed_integer : Kind::unsigned_integer),
        integer_(static_cast<unsigned long long>(v)) {}
  // Doubles (and floats) as show() prints them.
  Piece(double v) noexcept : kind_(Kind::number), number_(v) {}

  void append_to(std::string& out) const;

 private:
  enum class Kind : unsigned char { c_string, view, signed_integer, unsigned_integer, number };
  struct View {
    const char* data;
    std::size_t size;
  };
  Kind kind_;
  union {
    const char* c_string_;
    View view_;
    unsigned long long integer_;
    double number_;
  };
};

using Pieces = std::initializer_list<Piece>;

// The pieces joined.
std::string concat(Pieces pieces);

// Throws std::invalid_argument with the pieces joined.
[[noreturn]] void fail(Pieces pieces);

// A number in an error message: whole numbers up to 2^53 in full, others with
// up to 10 significant digits, NaN spelt "NaN".
std::string show(double v);

}  // namespace actlab::detail
