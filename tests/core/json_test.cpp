#include <catch2/catch.hpp>

#include <string>

#include "actlab/json.hpp"

using namespace actlab;

TEST_CASE("json parses nested objects and arrays of numbers and strings and literals") {
  const json::Value v = json::parse(
      R"( {"a": [1, -2.5e3, 0.125], "b": {"c": "x\ny\u00e9\ud83d\ude00"}, "t": true, "f": false, "n": null} )");
  REQUIRE(v.is_object());
  const json::Value* a = v.find("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->items().size() == 3);
  CHECK(a->items()[1].as_number() == -2500.0);
  CHECK(a->items()[2].as_number() == 0.125);
  CHECK(v.find("b")->find("c")->as_string() == "x\ny\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(v.find("t")->as_bool());
  CHECK_FALSE(v.find("f")->as_bool());
  CHECK(v.find("n")->is_null());
  CHECK(v.find("missing") == nullptr);
}

TEST_CASE("json rejects what RFC 8259 does not allow and names line and column") {
  const char* bad[] = {
      "",   "{",           "[1,]",        "{\"a\":1,}", "NaN",           "Infinity", "01",          "1.",
      "-",  "'x'",         "{\"a\" 1}",   "[1 2]",      "\"tab\there\"", "\"\\x\"",  "{\"a\":1}{}", "tru",
      "1e", "\"\\ud800\"", "\"\\udc00\"", "1e999"};
  for (const char* text : bad) {
    INFO(text);
    CHECK_THROWS_AS(json::parse(text), json::ParseError);
  }
  try {
    json::parse("{\n  \"a\": 1,\n  \"b\" 2\n}");
    FAIL("no error");
  } catch (const json::ParseError& e) {
    CHECK(std::string(e.what()).find("line 3, column 7") != std::string::npos);
  }
}

TEST_CASE("json rejects duplicate keys") {
  CHECK_THROWS_WITH(json::parse(R"({"lr": 1, "lr": 2})"), Catch::Contains("duplicate key \"lr\""));
}

TEST_CASE("json limits nesting depth and size instead of overflowing the stack") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK_THROWS_WITH(json::parse(deep), Catch::Contains("nesting deeper than 64"));
  json::Limits small;
  small.max_bytes = 10;
  CHECK_THROWS_WITH(json::parse("[1,2,3,4,5,6]", small), Catch::Contains("more than the limit"));
  CHECK_NOTHROW(json::parse(std::string(64, '[') + std::string(64, ']')));
}

TEST_CASE("json writer output reads back to the same values") {
  json::Writer w;
  const float values[] = {0.1f, -3.4028235e38f, 1.17549435e-38f, 0.0f, 123456.789f};
  w.begin_object().key("name").value("a \"quoted\"\nline\x01").key("xs").floats(values, 5).key("ok").value(true);
  w.key("none")
      .null()
      .key("nan")
      .value(std::nan(""))
      .key("nested")
      .begin_array()
      .begin_object()
      .end_object()
      .end_array();
  w.end_object();
  const json::Value v = json::parse(w.str());
  CHECK(v.find("name")->as_string() == "a \"quoted\"\nline\x01");
  for (int i = 0; i < 5; ++i) CHECK(float(v.find("xs")->items()[i].as_number()) == values[i]);
  CHECK(v.find("ok")->as_bool());
  CHECK(v.find("none")->is_null());
  CHECK(v.find("nan")->is_null());  // non-finite numbers are written as null
  CHECK(v.find("nested")->items()[0].is_object());
}
