// Shared by the trainer's two translation units: trainer_config.cpp (config
// text and validation, built for size) and trainer.cpp (training, built for speed).
#pragma once

#include <string>
#include <string_view>

namespace actlab::detail {

// The learning rate an optimizer gets when the config leaves lr out.
double default_lr(std::string_view optimizer);

}  // namespace actlab::detail
