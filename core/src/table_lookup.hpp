// Lookup by id in the activation and loss tables.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "actlab/fail.hpp"

namespace actlab::detail {

// The entry with this id, or nullptr.
template <class Entry>
const Entry* find_by_id(std::span<const Entry> table, std::string_view id) noexcept {
  for (const Entry& entry : table)
    if (entry.id == id) return &entry;
  return nullptr;
}

// The entry with this id; otherwise throws std::invalid_argument naming the id
// (clipped to 64 characters) and listing the known ones. kind: "activation", "loss".
template <class Entry>
const Entry& get_by_id(std::span<const Entry> table, std::string_view id, const char* kind) {
  if (const Entry* entry = find_by_id(table, id)) return *entry;
  std::string known;
  for (const Entry& entry : table) {
    if (!known.empty()) known += ", ";
    known += entry.id;
  }
  fail({"unknown ", kind, " '", id.substr(0, 64), "'; known: ", known});
}

}  // namespace actlab::detail
