// Every case in ../shared/models/golden/cases.tsv: the model's outputs on the golden inputs must
// meet the tolerance the MANIFEST gives against the reference runtime's outputs (bit-exact for
// quantized outputs whose reference is tflite-micro).
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_split.h"
#include "core/interpreter.h"
#include "gtest/gtest.h"
#include "tests/testing/test_util.h"

namespace plinth {
namespace {

struct GoldenCase {
  std::string model, id, reference, tolerance;
  std::vector<std::string> inputs, outputs, dtypes;
};

// Names a case in test logs (instead of gtest's byte dump).
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.model << "/" << c.id; }

std::vector<GoldenCase> ReadCases() {
  std::vector<GoldenCase> cases;
  auto dir = testing::SharedModelsDir();
  if (!dir) return cases;
  std::ifstream in(*dir + "/golden/cases.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 7) continue;
    GoldenCase c;
    c.model = f[0];
    c.id = f[1];
    c.inputs = absl::StrSplit(f[2], ',');
    c.outputs = absl::StrSplit(f[3], ',');
    c.dtypes = absl::StrSplit(f[4], ',');
    c.reference = f[5];
    c.tolerance = f[6];
    cases.push_back(std::move(c));
  }
  return cases;
}

std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

std::shared_ptr<const Model> LoadShared(const std::string& name) {
  static std::map<std::string, std::shared_ptr<const Model>> cache;
  auto& slot = cache[name];
  if (!slot) {
    auto model = Model::Load(*testing::SharedModelsDir() + "/" + name + ".tflite");
    EXPECT_TRUE(model.ok()) << model.status();
    if (model.ok()) slot = *model;
  }
  return slot;
}

template <class T>
void CompareIntegers(const Tensor& ours, const std::vector<uint8_t>& ref, int64_t lsb,
                     const std::string& what) {
  const T* a = ours.data<T>();
  const T* b = reinterpret_cast<const T*>(ref.data());
  int64_t worst = 0, worst_at = -1, mismatches = 0;
  for (int64_t i = 0; i < ours.num_elements(); ++i) {
    int64_t d = std::abs(static_cast<int64_t>(a[i]) - static_cast<int64_t>(b[i]));
    if (d > 0) ++mismatches;
    if (d > worst) worst = d, worst_at = i;
  }
  EXPECT_LE(worst, lsb) << what << ": " << mismatches << " of " << ours.num_elements()
                        << " values differ; worst " << worst << " LSB at " << worst_at << " (ours "
                        << +a[worst_at] << ", reference " << +b[worst_at] << ")";
}

class GoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(GoldenTest, MatchesReference) {
  const GoldenCase& c = GetParam();
  const std::string dir = *testing::SharedModelsDir() + "/golden/" + c.model + "/";
  auto model = LoadShared(c.model);
  ASSERT_NE(model, nullptr);
  // A fresh interpreter per case: stateful models (LSTM) start from zero state.
  auto interp = Interpreter::Create(model, testing::BuiltinRegistry());
  ASSERT_TRUE(interp.ok()) << interp.status();
  ASSERT_TRUE((*interp)->AllocateTensors().ok());
  ASSERT_EQ(c.inputs.size(), (*interp)->num_inputs());
  for (size_t i = 0; i < c.inputs.size(); ++i) {
    ASSERT_TRUE((*interp)->SetInput(i, ReadBytes(dir + c.inputs[i])).ok());
  }
  absl::Status s = (*interp)->Invoke();
  ASSERT_TRUE(s.ok()) << s;
  ASSERT_EQ(c.outputs.size(), (*interp)->num_outputs());
  for (size_t o = 0; o < c.outputs.size(); ++o) {
    Tensor ours = (*interp)->output(o);
    std::vector<uint8_t> ref = ReadBytes(dir + c.outputs[o]);
    ASSERT_EQ(ours.bytes(), ref.size()) << "output " << o << " size";
    std::string what = c.model + "/" + c.id + " output " + std::to_string(o) + " vs " + c.reference;
    std::vector<std::string> tol = absl::StrSplit(c.tolerance, ' ');
    if (tol[0] == "exact") {
      EXPECT_EQ(std::memcmp(ours.raw_data(), ref.data(), ref.size()), 0)
          << what << " not bit-exact";
    } else if (tol[0] == "lsb") {
      int64_t lsb = std::stoll(tol[1]);
      switch (ours.type()) {
        case PLINTH_INT8:
          CompareIntegers<int8_t>(ours, ref, lsb, what);
          break;
        case PLINTH_UINT8:
          CompareIntegers<uint8_t>(ours, ref, lsb, what);
          break;
        case PLINTH_INT16:
          CompareIntegers<int16_t>(ours, ref, lsb, what);
          break;
        case PLINTH_INT32:
          CompareIntegers<int32_t>(ours, ref, lsb, what);
          break;
        default:
          FAIL() << what << ": lsb tolerance on " << TypeName(ours.type());
      }
    } else if (tol[0] == "rel") {
      ASSERT_EQ(ours.type(), PLINTH_FLOAT32);
      double rel = std::stod(tol[1]);
      const float* a = ours.data<float>();
      const float* b = reinterpret_cast<const float*>(ref.data());
      double max_ref = 0, worst = 0;
      for (int64_t i = 0; i < ours.num_elements(); ++i)
        max_ref = std::max(max_ref, std::fabs(double(b[i])));
      for (int64_t i = 0; i < ours.num_elements(); ++i)
        worst = std::max(worst, std::fabs(double(a[i]) - b[i]));
      EXPECT_LE(worst, rel * max_ref) << what << ": max abs diff " << worst << " = "
                                      << worst / std::max(max_ref, 1e-30) << " x max|ref|";
    } else {
      FAIL() << "unknown tolerance '" << c.tolerance << "'";
    }
  }
}

std::string CaseName(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.model + "_" + info.param.id;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(SharedModels, GoldenTest, ::testing::ValuesIn(ReadCases()), CaseName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenTest);

TEST(GoldenModels, SharedModelsArePresent) {
  if (testing::SharedModelsDir()) {
    EXPECT_GE(ReadCases().size(), 80u);
    return;
  }
  if (testing::GoldenRequired()) FAIL() << "../shared/models is missing and CI requires it";
  GTEST_SKIP() << "../shared/models is absent (a user's own clone): golden tests cannot run";
}

}  // namespace
}  // namespace plinth
