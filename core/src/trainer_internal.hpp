// Shared by the trainer's two translation units: trainer_config.cpp (config
// text and validation, built for size) and trainer.cpp (training, built for speed).
#pragma once

#include <string>
#include <string_view>

namespace actlab::detail {

// A number in an error message: up to 10 significant digits, NaN spelt out.
std::string show(double v);

// The learning rate an optimizer gets when the config leaves lr out.
double default_lr(std::string_view optimizer);

}  // namespace actlab::detail
