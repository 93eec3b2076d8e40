// actlab_bench: times the C++ trainer on one workload and prints JSON.
//
//   actlab_bench --config cfg.json [--x x.f32 --y y.f32 --features N --outputs K]
//                [--grid xMin,xMax,yMin,yMax,width,height] [--metrics-every-step]
//                [--warmup 0.3] [--repeat 0.35] [--repeats 7] [--chunk 0.01] [--clock cpu|wall]
//
// x.f32 and y.f32 are raw little-endian float32 files (bench/run.mjs writes them
// from the same arrays every JS implementation trains on). Without --x the
// config's `dataset` is used. The timing follows bench/lib/timing.mjs: a
// warm-up, a calibration that picks a chunk of steps lasting about --chunk
// seconds, then --repeats repeats of whole chunks until --repeat seconds pass;
// each repeat gives examples/s = steps * batch / seconds. Seconds are this
// process's CPU time by default (--clock cpu), as in the JS harness, with the
// wall-clock rate reported next to it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "actlab/trainer.hpp"

namespace {

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

// The clock the measurements run on (--clock).
double (*now)() = cpu_seconds;

struct Options {
  std::string config_path;
  std::string x_path;
  std::string y_path;
  std::size_t features = 0;
  std::size_t outputs = 0;
  bool grid = false;
  double grid_box[4] = {0, 0, 0, 0};
  std::size_t grid_width = 0;
  std::size_t grid_height = 0;
  bool metrics_every_step = false;
  double warmup = 0.3;
  double repeat = 0.35;
  int repeats = 7;
  double chunk = 0.01;
  std::string clock = "cpu";
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<float> read_floats(const std::string& path) {
  const std::string bytes = read_text(path);
  if (bytes.size() % sizeof(float) != 0) throw std::runtime_error(path + " is not a whole number of float32 values");
  std::vector<float> values(bytes.size() / sizeof(float));
  std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(values.data()));
  return values;
}

double parse_number(const std::string& text, const std::string& flag) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value))
    throw std::invalid_argument(flag + " needs a number, got '" + text + "'");
  return value;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--config")
      options.config_path = value();
    else if (flag == "--x")
      options.x_path = value();
    else if (flag == "--y")
      options.y_path = value();
    else if (flag == "--features")
      options.features = static_cast<std::size_t>(parse_number(value(), flag));
    else if (flag == "--outputs")
      options.outputs = static_cast<std::size_t>(parse_number(value(), flag));
    else if (flag == "--warmup")
      options.warmup = parse_number(value(), flag);
    else if (flag == "--repeat")
      options.repeat = parse_number(value(), flag);
    else if (flag == "--repeats")
      options.repeats = static_cast<int>(parse_number(value(), flag));
    else if (flag == "--chunk")
      options.chunk = parse_number(value(), flag);
    else if (flag == "--metrics-every-step")
      options.metrics_every_step = true;
    else if (flag == "--clock") {
      options.clock = value();
      if (options.clock != "cpu" && options.clock != "wall") throw std::invalid_argument("--clock must be cpu or wall");
    } else if (flag == "--grid") {
      std::stringstream list(value());
      std::string item;
      std::vector<double> numbers;
      while (std::getline(list, item, ',')) numbers.push_back(parse_number(item, flag));
      if (numbers.size() != 6) throw std::invalid_argument("--grid needs xMin,xMax,yMin,yMax,width,height");
      std::copy(numbers.begin(), numbers.begin() + 4, options.grid_box);
      options.grid_width = static_cast<std::size_t>(numbers[4]);
      options.grid_height = static_cast<std::size_t>(numbers[5]);
      options.grid = true;
    } else {
      throw std::invalid_argument("unknown option " + flag);
    }
  }
  if (options.config_path.empty()) throw std::invalid_argument("--config is required");
  if (options.repeats < 1 || options.repeat <= 0 || options.chunk <= 0 || options.warmup < 0)
    throw std::invalid_argument("--repeats, --repeat and --chunk must be positive");
  return options;
}

struct Summary {
  double median = 0, min = 0, max = 0;
  std::vector<double> samples;
};

Summary summarize(std::vector<double> samples) {
  Summary s;
  s.samples = samples;
  std::sort(samples.begin(), samples.end());
  const std::size_t mid = samples.size() / 2;
  s.median = samples.size() % 2 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
  s.min = samples.front();
  s.max = samples.back();
  return s;
}

std::string summary_json(const Summary& s) {
  std::ostringstream out;
  out.precision(10);
  out << "\"median\":" << s.median << ",\"min\":" << s.min << ",\"max\":" << s.max << ",\"samples\":[";
  for (std::size_t i = 0; i < s.samples.size(); ++i) out << (i ? "," : "") << s.samples[i];
  out << "]";
  return out.str();
}

std::string to_json(const Summary& s, const Summary& wall, const char* unit, const std::string& clock,
                    std::size_t chunk) {
  return std::string("{\"unit\":\"") + unit + "\",\"clock\":\"" + clock + "\",\"chunk\":" + std::to_string(chunk) +
         "," + summary_json(s) + ",\"wall\":{" + summary_json(wall) + "}}";
}

// Steps per chunk so that one chunk lasts about chunk_seconds.
std::size_t calibrate(const std::function<void(std::size_t)>& run, double chunk_seconds) {
  std::size_t steps = 1;
  for (;;) {
    const double start = now();
    run(steps);
    const double seconds = now() - start;
    if (seconds >= chunk_seconds || steps >= (std::size_t{1} << 24))
      return std::max<std::size_t>(
          1, static_cast<std::size_t>(std::llround(steps * chunk_seconds / std::max(seconds, 1e-9))));
    steps *= seconds < chunk_seconds / 16 ? 8 : 2;
  }
}

// Examples per second of run(steps), as in bench/lib/timing.mjs.
std::string measure_throughput(const std::function<void(std::size_t)>& run, double examples_per_step,
                               const Options& options) {
  const double warmup_end = now() + options.warmup;
  while (now() < warmup_end) run(1);
  const std::size_t chunk = calibrate(run, options.chunk);
  std::vector<double> rates, wall_rates;
  for (int r = 0; r < options.repeats; ++r) {
    std::size_t steps = 0;
    const double start = now(), wall_start = wall_seconds();
    double elapsed = 0;
    do {
      run(chunk);
      steps += chunk;
      elapsed = now() - start;
    } while (elapsed < options.repeat);
    const double examples = static_cast<double>(steps) * examples_per_step;
    rates.push_back(examples / elapsed);
    wall_rates.push_back(examples / (wall_seconds() - wall_start));
  }
  return to_json(summarize(rates), summarize(wall_rates), "examples/s", options.clock, chunk);
}

// Two variants timed in alternating windows of repeat / 2 seconds each, so that
// both see the same stage of training; as measurePair in bench/lib/timing.mjs.
std::string measure_pair(const std::function<void(std::size_t)>& run_a, const std::function<void(std::size_t)>& run_b,
                         double examples_per_step, const Options& options) {
  const double warmup_end = now() + options.warmup;
  while (now() < warmup_end) {
    run_a(1);
    run_b(1);
  }
  const std::size_t chunk_a = calibrate(run_a, options.chunk), chunk_b = calibrate(run_b, options.chunk);
  auto window = [&](const std::function<void(std::size_t)>& run, std::size_t chunk) {
    std::size_t steps = 0;
    const double start = now();
    double elapsed = 0;
    do {
      run(chunk);
      steps += chunk;
      elapsed = now() - start;
    } while (elapsed < options.repeat / 2);
    return static_cast<double>(steps) * examples_per_step / elapsed;
  };
  std::vector<double> rates_a, rates_b, ratios;
  for (int r = 0; r < options.repeats; ++r) {
    const double a = window(run_a, chunk_a);
    const double b = window(run_b, chunk_b);
    rates_a.push_back(a);
    rates_b.push_back(b);
    ratios.push_back(b / a);
  }
  return "{\"unit\":\"examples/s\",\"clock\":\"" + options.clock + "\",\"a\":{\"chunk\":" + std::to_string(chunk_a) +
         "," + summary_json(summarize(rates_a)) + "},\"b\":{\"chunk\":" + std::to_string(chunk_b) + "," +
         summary_json(summarize(rates_b)) + "},\"ratio\":{" + summary_json(summarize(ratios)) + "}}";
}

// Milliseconds per call of call(), as measureCallMs in bench/lib/timing.mjs.
std::string measure_call_ms(const std::function<void()>& call, const Options& options) {
  const double warmup_end = now() + options.warmup;
  while (now() < warmup_end) call();
  std::vector<double> times, wall_times;
  for (int r = 0; r < options.repeats; ++r) {
    std::size_t calls = 0;
    const double start = now(), wall_start = wall_seconds();
    double elapsed = 0;
    do {
      call();
      ++calls;
      elapsed = now() - start;
    } while (elapsed < options.repeat);
    times.push_back(elapsed * 1000 / static_cast<double>(calls));
    wall_times.push_back((wall_seconds() - wall_start) * 1000 / static_cast<double>(calls));
  }
  return to_json(summarize(times), summarize(wall_times), "ms/call", options.clock, 1);
}

int run(const Options& options) {
  if (options.clock == "wall") now = wall_seconds;
  actlab::Trainer trainer(actlab::parse_config(read_text(options.config_path)));
  const std::size_t batch = trainer.config().batch_size;
  // ActLab ends each epoch with a short batch, so a step averages
  // rows / ceil(rows / batch) examples (as actlabExamplesPerStep in peers/actlab.mjs).
  double examples_per_step = double(batch);
  if (!options.x_path.empty()) {
    const std::vector<float> x = read_floats(options.x_path);
    const std::vector<float> y = read_floats(options.y_path);
    trainer.set_data(x, y, options.features, options.outputs);
    const bool softmax = trainer.config().output.activation == "softmax";
    const std::size_t rows = y.size() / (softmax ? 1 : options.outputs);
    examples_per_step = double(rows) / std::ceil(double(rows) / double(std::min(batch, rows)));
  }
  volatile double sink = 0;  // keeps the metrics and grid results observable

  std::ostringstream out;
  out << "{\"implementation\":\"actlab-native\",\"batchSize\":" << batch;
  out << ",\"train\":"
      << measure_throughput(
             [&](std::size_t n) {
               while (n > 0) {
                 const std::size_t count = std::min(n, actlab::max_steps_per_call);
                 trainer.step(count);
                 n -= count;
               }
             },
             examples_per_step, options);
  if (options.metrics_every_step) {
    // step(1) calls alone (A) and with the full diagnostics read after every
    // step (B), in alternating windows as measurePair in bench/lib/timing.mjs.
    out << ",\"metricsPair\":"
        << measure_pair(
               [&](std::size_t n) {
                 for (std::size_t i = 0; i < n; ++i) trainer.step(1);
               },
               [&](std::size_t n) {
                 for (std::size_t i = 0; i < n; ++i) {
                   trainer.step(1);
                   sink = sink + trainer.metrics().train_loss;
                 }
               },
               examples_per_step, options);
  }
  if (options.grid) {
    out << ",\"grid\":"
        << measure_call_ms(
               [&] {
                 const auto values = trainer.predict_grid(options.grid_box[0], options.grid_box[1], options.grid_box[2],
                                                          options.grid_box[3], options.grid_width, options.grid_height);
                 sink = sink + values[0];
               },
               options);
  }
  const actlab::Metrics& metrics = trainer.metrics();
  out.precision(10);
  out << ",\"final\":{\"step\":" << metrics.step
      << ",\"trainLoss\":" << (std::isfinite(metrics.train_loss) ? metrics.train_loss : -1)
      << ",\"trainAccuracy\":" << (std::isfinite(metrics.train_accuracy) ? metrics.train_accuracy : -1)
      << ",\"status\":\"" << actlab::to_string(metrics.status) << "\"}}";
  std::puts(out.str().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_options(argc, argv));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "actlab_bench: %s\n", error.what());
    return 1;
  }
}
