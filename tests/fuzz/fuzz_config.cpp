// libFuzzer target: the trainer config parser on arbitrary bytes. It may only
// reject input with std::invalid_argument (ConfigError); a config it accepts
// must survive a round trip through config_to_json unchanged.
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "actlab/trainer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  actlab::TrainerConfig config;
  try {
    config = actlab::parse_config(text);
  } catch (const std::invalid_argument&) {
    return 0;
  }
  const std::string once = actlab::config_to_json(config);
  const std::string twice = actlab::config_to_json(actlab::parse_config(once));
  if (once != twice) std::abort();
  return 0;
}
