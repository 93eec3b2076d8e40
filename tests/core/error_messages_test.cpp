// The error messages of the config parser, the data-set spec and the trainer,
// word for word and with the exception's type, against
// tests/core/error_messages.txt. The messages are what a reader sees when a
// widget or a script gets something wrong, so a change to one shows up here as
// a diff to review. The file was checked against the messages as they were
// before they moved to detail::fail: the same text and types, except that whole
// numbers up to 2^53 now print in full (the seed limit).
//
// After an intended change, write the file afresh and review the diff:
//   ACTLAB_WRITE_MESSAGES=tests/core/error_messages.txt build/native/tests/actlab_tests "every config*"
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "actlab/trainer.hpp"

using namespace actlab;

namespace {

// Runs each case and records "<n> <type>: <message>" (or "<n> OK" when nothing throws).
class Recorder {
 public:
  void operator()(const std::function<void()>& f) {
    const std::string n = std::to_string(lines.size() + 1);
    try {
      f();
      lines.push_back(n + " OK");
    } catch (const ConfigError& e) {
      lines.push_back(n + " ConfigError: " + e.what());
    } catch (const std::invalid_argument& e) {
      lines.push_back(n + " invalid_argument: " + e.what());
    } catch (const std::exception& e) {
      lines.push_back(n + " exception: " + e.what());
    }
  }
  std::vector<std::string> lines;
};

std::vector<std::string> golden() {
  std::ifstream in(ACTLAB_TEST_DATA_DIR "/error_messages.txt");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("every config, data and weights error message is the documented text") {
  Recorder run;

  const std::string out = R"("output":{"units":1,"activation":"sigmoid"},"loss":{"id":"bce"})";
  const std::string L = R"({"layers":[{"units":4,"activation":"relu"}],)";
  std::vector<std::string> cfgs = {
      "{}",
      "[]",
      "{\"layers\":3," + out + "}",
      L + out + ",\"zzz\":1}",
      R"({"layers":[{"units":4,"activation":"relu","foo":1}],)" + out + "}",
      R"({"layers":[5],)" + out + "}",
      R"({"layers":[{"units":"4","activation":"relu"}],)" + out + "}",
      R"({"layers":[{"activation":"relu"}],)" + out + "}",
      R"({"layers":[{"units":3.5,"activation":"relu"}],)" + out + "}",
      R"({"layers":[{"units":4,"activation":7}],)" + out + "}",
      R"({"layers":[{"units":4,"activation":"relu","params":5}],)" + out + "}",
      R"({"layers":[{"units":4,"activation":"relu","params":[1,"a"]}],)" + out + "}",
      R"({"layers":[{"units":4,"activation":"leaky_relu","params":[99]}],)" + out + "}",
      R"({"layers":[{"units":4,"activation":")" + std::string(100, 'x') + R"("}],)" + out + "}",
      L + R"("output":{"units":1,"activation":")" + std::string(80, 'y') + R"("},"loss":{"id":"bce"}})",
      L + R"("output":{"units":1},"loss":{"id":"bce"}})",
      L + R"("loss":{"id":"bce"}})",
      L + R"("output":{"units":1,"activation":"sigmoid"}})",
      L + R"("output":{"units":1,"activation":"sigmoid"},"loss":{"id":"hinge"}})",
      L + R"("output":{"units":3,"activation":"softmax"},"loss":{"id":"cross_entropy","params":[1,2]}})",
      L + R"("output":{"units":3,"activation":"softmax"},"loss":{"id":"cross_entropy","params":[4]}})",
      L + R"("output":{"units":1,"activation":"linear"},"loss":{"id":"huber","params":[1,2]}})",
      L + R"("output":{"units":1,"activation":"linear"},"loss":{"id":"huber","params":[-1]}})",
      L + out + R"(,"optimizer":{"id":"adam","lr":2000}})",
      L + out + R"(,"optimizer":{"id":"adam","lr":0}})",
      L + out + R"(,"optimizer":{"id":"adam","momentum":1}})",
      L + out + R"(,"optimizer":{"id":"adam","beta1":-1}})",
      L + out + R"(,"optimizer":{"id":"adam","eps":0}})",
      L + out + R"(,"optimizer":{"id":"adam","weightDecay":11}})",
      L + out + R"(,"optimizer":{"id":5}})",
      L + out + R"(,"optimizer":{"idx":5}})",
      L + out + R"(,"optimizer":4})",
      L + out + R"(,"batchSize":5000})",
      L + out + R"(,"batchSize":1.5})",
      L + out + R"(,"init":3})",
      L + out + R"(,"l1":-1})",
      L + out + R"(,"l2":11})",
      L + out + R"(,"seed":-1})",
      L + out + R"(,"seed":1e300})",
      L + out + R"(,"standardize":1})",
      L + out + R"(,"diagnostics":"yes"})",
      L + out + R"(,"inputs":2000})",
      L + out + R"(,"inputs":3,"dataset":{"id":"circle"}})",
      L + R"("output":{"units":1,"activation":"linear"},"loss":{"id":"mse"},"dataset":{"id":"circle"}})",
      L + R"("output":{"units":2,"activation":"sigmoid"},"loss":{"id":"bce"},"dataset":{"id":"circle"}})",
      L + out + R"(,"dataset":{"id":"sin"}})",
      L + out + R"(,"dataset":{"id":"nope"}})",
      L + out + R"(,"dataset":{"id":"circle","noise":2}})",
      L + out + R"(,"dataset":{"id":"circle","testRatio":0.95}})",
      L + out + R"(,"dataset":{"id":"circle","samples":10.5}})",
      L + out + R"(,"dataset":{"id":"circle","extra":1}})",
      L + out + R"(,"dataset":[]})",
      L + out + ",}",
      R"({"layers":[{"units":4,"activation":"relu"},{"units":1,"activation":"relu"},{"units":1,"activation":"relu"},{"units":1,"activation":"relu"},{"units":1,"activation":"relu"},{"units":1,"activation":"relu"},{"units":1,"activation":"relu"},{"units":1,"activation":"relu"},{"units":1,"activation":"relu"}],)" +
          out + "}",
      L + out + R"(,"optimizer":{"id":"adam","lr":NaN}})",
  };
  for (auto& c : cfgs) run([&] { parse_config(c); });
  const std::vector<std::string> specs = {
      "[]",
      "not json",
      R"({"samples":100})",
      R"({"id":"nope"})",
      R"({"id":"circle","samples":5})",
      R"({"id":"circle","samples":10.5})",
      R"({"id":"circle","noise":-1})",
      R"({"id":"circle","testRatio":1})",
      R"({"id":"circle","seed":-1})",
      R"({"id":"circle","seed":1.5})",
      R"({"id":"circle","seed":12345678901234567})",
      R"({"id":"circle","extra":1})",
      R"({"id":"circle"})",
  };
  for (auto& spec : specs) run([&] { (void)parse_dataset_spec(spec); });
  // validate_config on a config built in code (what parse_config cannot produce).
  const TrainerConfig valid = parse_config(L + out + "}");
  auto validate = [&](auto&& change) {
    run([&] {
      TrainerConfig c = valid;
      change(c);
      validate_config(c);
    });
  };
  validate([](TrainerConfig& c) { c.layers.clear(); });
  validate([](TrainerConfig& c) { c.layers[0].units = 0; });
  validate([](TrainerConfig& c) { c.layers[0].activation = "nope"; });
  validate([](TrainerConfig& c) { c.optimizer.id = "lbfgs"; });
  validate([](TrainerConfig& c) { c.optimizer.lr = -1; });
  validate([](TrainerConfig& c) { c.optimizer.rho = 1; });
  validate([](TrainerConfig& c) { c.init = "ones"; });
  validate([](TrainerConfig& c) { c.batch_size = 0; });
  validate([](TrainerConfig& c) { c.seed = (std::uint64_t{1} << 53) + 1; });
  validate([](TrainerConfig& c) { c.inputs = 2000; });
  validate([](TrainerConfig& c) { c.l1 = NAN; });
  validate([](TrainerConfig& c) { c.output.activation = std::string(70, 'z'); });
  TrainerConfig tc = parse_config(L + R"("output":{"units":3,"activation":"softmax"},"loss":{"id":"cross_entropy"}})");
  TrainerConfig bc = parse_config(L + out + "}");
  TrainerConfig hc = parse_config(L + R"("output":{"units":1,"activation":"linear"},"loss":{"id":"hinge"}})");
  TrainerConfig sc = parse_config(L + out + R"(,"standardize":true})");
  Trainer t(tc), b(bc), h(hc), s(sc);
  std::vector<float> x = {0, 0, 1, 1, 2, 2}, y = {0, 1, 2};
  run([&] { t.step(1); });
  run([&] { t.epoch(); });
  run([&] { t.predict(x); });
  run([&] { t.predict_grid(0, 1, 0, 1, 2, 2); });
  run([&] { t.export_weights(); });
  run([&] { t.set_data(x, y, 0, 3); });
  run([&] { t.set_data(x, y, 2000, 3); });
  run([&] { t.set_data(x, y, 2, 2); });
  run([&] { t.set_data(x, y, 4, 3); });
  run([&] { t.set_data({}, y, 2, 3); });
  run([&] { t.set_data(x, std::vector<float>{0, 1}, 2, 3); });
  run([&] { t.set_data(std::vector<float>{0, NAN, 1, 1, 2, 2}, y, 2, 3); });
  run([&] { t.set_data(x, std::vector<float>{0, INFINITY, 1}, 2, 3); });
  run([&] { t.set_data(x, std::vector<float>{0, 1.5f, 1}, 2, 3); });
  run([&] { t.set_data(x, std::vector<float>{0, 3, 1}, 2, 3); });
  run([&] { b.set_data(x, std::vector<float>{0, 1.5f, 1}, 2, 1); });
  run([&] { b.set_data(x, std::vector<float>{0, 1, 1, 0}, 2, 1); });
  run([&] { h.set_data(x, std::vector<float>{0, 0.5f, 1}, 2, 1); });
  run([&] { s.set_test_data(x, std::vector<float>{0, 1, 1}, 2, 1); });
  t.set_data(x, y, 2, 3);
  run([&] { t.set_test_data(std::vector<float>{1, 2, 3}, std::vector<float>{1}, 3, 3); });
  run([&] { t.step(0); });
  run([&] { t.step(100001); });
  run([&] { t.predict(std::vector<float>{1, 2, 3}); });
  run([&] { t.predict(std::vector<float>{1, NAN}); });
  run([&] { t.predict_grid(1, 0, 0, 1, 2, 2); });
  run([&] { t.predict_grid(0, 1, NAN, 1, 2, 2); });
  run([&] { t.predict_grid(0, 1, 0, 1, 0, 2000); });
  const std::string w = t.export_weights();
  std::vector<std::string> ws = {
      "nope",
      "[]",
      "{}",
      R"({"format":"x"})",
      R"({"format":"actlab-weights"})",
      R"({"format":"actlab-weights","inputs":3})",
      R"({"format":"actlab-weights","inputs":2})",
      R"({"format":"actlab-weights","inputs":2,"layers":[1,2]})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"tanh"},{}]})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu"},{}]})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1]},{}]})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1,2,3,4,5,6,7,"a"]},{}]})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1,2,3,4,5,6,7,8],"biases":[1,2,3,4]},{"weights":[1,2,3,4,5,6,7,8,9,10,11,12],"biases":[1,2,3],"activation":"relu"}]})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1,2,3,4,5,6,7,8],"biases":[1,2,3,4]},{"weights":[1,2,3,4,5,6,7,8,9,10,11,12],"biases":[1,2,3]}],"standardize":3})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1,2,3,4,5,6,7,8],"biases":[1,2,3,4]},{"weights":[1,2,3,4,5,6,7,8,9,10,11,12],"biases":[1,2,3]}],"standardize":{"mean":[1]}})",
      R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1,2,3,4,5,6,7,8],"biases":[1,2,3,4]},{"weights":[1,2,3,4,5,6,7,8,9,10,11,12],"biases":[1,2,3]}],"standardize":{"mean":[1,2]}})",
  };
  for (auto& s2 : ws) run([&] { t.import_weights(s2); });
  TrainerConfig pc = parse_config(R"({"layers":[{"units":2,"activation":"prelu"}],)" + out + "}");
  Trainer p(pc);
  p.set_data(x, std::vector<float>{0, 1, 1}, 2, 1);
  run([&] {
    p.import_weights(
        R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"prelu","weights":[1,2,3,4],"biases":[1,2],"prelu":20},{"weights":[1,2],"biases":[1]}]})");
  });
  s.set_data(x, std::vector<float>{0, 1, 1}, 2, 1);
  std::string sw = s.export_weights();
  run([&] {
    s.import_weights(
        R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1,2,3,4,5,6,7,8],"biases":[1,2,3,4]},{"weights":[1,2,3,4],"biases":[1]}],"standardize":{"mean":[9,9],"invStd":[1,1]}})");
  });

  // A network with 3 inputs for predictGrid, and weights whose standardize is not an array.
  Trainer three(parse_config(L + out + R"(,"inputs":3})"));
  run([&] { three.predict_grid(0, 1, 0, 1, 2, 2); });
  run([&] {
    t.import_weights(
        R"({"format":"actlab-weights","inputs":2,"layers":[{"activation":"relu","weights":[1,2,3,4,5,6,7,8],"biases":[1,2,3,4]},{"weights":[1,2,3,4,5,6,7,8,9,10,11,12],"biases":[1,2,3]}],"standardize":{"mean":3}})");
  });

  if (const char* path = std::getenv("ACTLAB_WRITE_MESSAGES")) {
    std::ofstream file(path);
    for (const std::string& line : run.lines) file << line << '\n';
  }
  const std::vector<std::string> expected = golden();
  REQUIRE(expected.size() == run.lines.size());
  for (std::size_t i = 0; i < expected.size(); ++i) CHECK(run.lines[i] == expected[i]);
}
