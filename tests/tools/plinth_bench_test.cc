// `plinth bench` end to end on the sample model the build writes: the --json object parsed and
// every field the issue names checked for sense, the per-op profile, the text report, progress on
// stderr only, the ISA switch reflected in the packed-weight size, and bad flags.
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;

struct Result {
  int code = -1;
  std::string out, err;
};

// Runs `env plinth args`, stdout and stderr apart.
Result Plinth(const std::string& args, const std::string& env = "") {
  // One file per process: ctest runs these tests in parallel, each in its own process.
  const std::string err_file =
      ::testing::TempDir() + "/plinth_bench_stderr." + std::to_string(getpid()) + ".txt";
  const std::string command =
      env + " " + std::string(PLINTH_TEST_CLI) + " " + args + " 2>" + err_file;
  Result r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  r.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
  return r;
}

// A JSON value and a strict little parser for it (objects, arrays, strings without \u escapes,
// numbers, true/false/null): enough to prove the output is one well-formed object.
struct Json {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  double number = 0;
  std::string string;
  std::vector<Json> items;
  std::map<std::string, Json> fields;

  bool Has(const std::string& key) const { return kind == kObject && fields.count(key) > 0; }
  const Json& operator[](const std::string& key) const { return fields.at(key); }
};

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : s_(text) {}

  // False when the text is not exactly one JSON value (surrounding whitespace allowed).
  bool Parse(Json* out) {
    if (!Value(out)) return false;
    Space();
    return i_ == s_.size();
  }

 private:
  void Space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool Eat(char c) {
    Space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Word(const char* w, Json* out, Json::Kind kind, bool value) {
    const std::string word(w);
    if (s_.compare(i_, word.size(), word) != 0) return false;
    i_ += word.size();
    out->kind = kind;
    out->number = value ? 1 : 0;
    return true;
  }
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        if (++i_ >= s_.size()) return false;
        const char e = s_[i_];
        out->push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e);
      } else {
        out->push_back(s_[i_]);
      }
      ++i_;
    }
    return Eat('"');
  }
  bool Value(Json* out) {
    Space();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      out->kind = Json::kObject;
      if (Eat('}')) return true;
      do {
        std::string key;
        Json v;
        if (!String(&key) || !Eat(':') || !Value(&v)) return false;
        if (!out->fields.emplace(key, std::move(v)).second) return false;  // duplicate key
      } while (Eat(','));
      return Eat('}');
    }
    if (c == '[') {
      ++i_;
      out->kind = Json::kArray;
      if (Eat(']')) return true;
      do {
        Json v;
        if (!Value(&v)) return false;
        out->items.push_back(std::move(v));
      } while (Eat(','));
      return Eat(']');
    }
    if (c == '"') {
      out->kind = Json::kString;
      return String(&out->string);
    }
    if (c == 't') return Word("true", out, Json::kBool, true);
    if (c == 'f') return Word("false", out, Json::kBool, false);
    if (c == 'n') return Word("null", out, Json::kNull, false);
    const char* begin = s_.c_str() + i_;
    char* end = nullptr;
    out->number = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(out->number)) return false;
    out->kind = Json::kNumber;
    i_ += static_cast<size_t>(end - begin);
    return true;
  }

  const std::string& s_;
  size_t i_ = 0;
};

Json ParseOrFail(const std::string& text) {
  Json j;
  EXPECT_TRUE(JsonParser(text).Parse(&j)) << "not one JSON value:\n" << text;
  return j;
}

double Number(const Json& j, const std::string& key) {
  EXPECT_TRUE(j.Has(key)) << "missing field " << key;
  if (!j.Has(key)) return -1;
  EXPECT_EQ(j[key].kind, Json::kNumber) << key;
  return j[key].number;
}

const std::string kModel = PLINTH_TEST_SAMPLE_MODEL;

TEST(PlinthBench, JsonHasEveryField) {
  Result r = Plinth("bench " + kModel + " --runs 7 --warmup 2 --json");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const Json j = ParseOrFail(r.out);
  ASSERT_EQ(j.kind, Json::kObject);
  EXPECT_GT(Number(j, "init_us"), 0);
  EXPECT_GT(Number(j, "first_run_us"), 0);
  EXPECT_EQ(Number(j, "runs"), 7);
  EXPECT_EQ(Number(j, "warmup"), 2);
  EXPECT_EQ(Number(j, "threads"), 1);
  ASSERT_TRUE(j.Has("latency_us"));
  const Json& lat = j["latency_us"];
  const double min = Number(lat, "min"), median = Number(lat, "median"), p90 = Number(lat, "p90");
  EXPECT_GT(min, 0);
  EXPECT_LE(min, median);
  EXPECT_LE(median, p90);
  EXPECT_GT(Number(j, "peak_rss_bytes"), 1 << 20);
  // The sample model's activations are a few KiB; its two CONV_2D and one FULLY_CONNECTED pack
  // their weights (at least the 3x3x1x8, 1x1x8x16 and 16x10 floats).
  EXPECT_GT(Number(j, "arena_bytes"), 1024);
  EXPECT_GE(Number(j, "packed_weight_bytes"), (72 + 128 + 160) * 4);
  EXPECT_FALSE(j.Has("profile"));
  // Progress goes to stderr, never into the JSON.
  EXPECT_THAT(r.err, HasSubstr("bench:"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("bench:")));
}

TEST(PlinthBench, ProfileListsEveryNodeWithSharesAndGflops) {
  Result r = Plinth("bench " + kModel + " --runs 3 --warmup 0 --threads 2 --profile --json");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const Json j = ParseOrFail(r.out);
  EXPECT_EQ(Number(j, "threads"), 2);
  ASSERT_TRUE(j.Has("profile"));
  const Json& profile = j["profile"];
  ASSERT_EQ(profile.kind, Json::kArray);
  ASSERT_EQ(profile.items.size(), 8u);  // the sample's eight nodes, none fused or delegated
  double share = 0;
  int with_gflops = 0;
  for (const Json& row : profile.items) {
    ASSERT_TRUE(row.Has("op") && row.Has("node") && row.Has("runner"));
    EXPECT_GE(Number(row, "us"), 0);
    share += Number(row, "share");
    const std::string& op = row["op"].string;
    const bool countable = op == "CONV_2D" || op == "DEPTHWISE_CONV_2D" || op == "FULLY_CONNECTED";
    EXPECT_EQ(row.Has("flops"), countable) << op;
    if (row.Has("gflops")) ++with_gflops;
  }
  // Each share is printed with 6 significant digits (error up to 5e-7 each, eight rows).
  EXPECT_NEAR(share, 1.0, 1e-5);
  EXPECT_GE(with_gflops, 1);
  ASSERT_TRUE(j.Has("profile_by_op"));
  for (const Json& row : j["profile_by_op"].items) {
    if (row["op"].string == "CONV_2D") {
      EXPECT_EQ(Number(row, "count"), 2);
      // Two convolutions: 28x28x8 outputs of 3x3x1 windows, 7x7x16 of 1x1x8 (x2 for multiply-add).
      EXPECT_DOUBLE_EQ(Number(row, "flops"), 2.0 * (28 * 28 * 8 * 9 + 7 * 7 * 16 * 8));
    }
  }
}

TEST(PlinthBench, TextReportAndProgress) {
  Result r = Plinth("bench " + kModel + " --runs 2 --warmup 1 --profile");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  for (const char* line : {"init:", "first run:", "latency: min", "memory: peak RSS",
                           "packed weights", "per node", "per op type:", "CONV_2D"}) {
    EXPECT_THAT(r.out, HasSubstr(line));
  }
  EXPECT_THAT(r.err, HasSubstr("bench: done (2 runs)"));
}

TEST(PlinthBench, ReferenceKernelsPackNothing) {
  Result r =
      Plinth("bench " + kModel + " --runs 1 --warmup 0 --json", "PLINTH_BUILTIN_ISA=reference");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(Number(ParseOrFail(r.out), "packed_weight_bytes"), 0);
}

TEST(PlinthBench, BadFlagsFailWithOneClearLine) {
  struct Case {
    std::string args, expect;
  };
  const std::vector<Case> cases = {
      {"bench " + kModel + " --runs 0", "--runs must be at least 1"},
      {"bench " + kModel + " --warmup -1", "--warmup must not be negative"},
      {"bench " + kModel + " --threads 0", "--threads must be at least 1"},
      {"bench", "takes one MODEL argument"},
      {"bench /nonexistent.tflite", "error"},
  };
  for (const Case& c : cases) {
    Result r = Plinth(c.args);
    EXPECT_NE(r.code, 0) << c.args;
    EXPECT_THAT(r.out + r.err, HasSubstr(c.expect)) << c.args;
  }
}

}  // namespace
}  // namespace plinth
