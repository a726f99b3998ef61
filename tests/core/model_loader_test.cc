// Loading models: every shared model loads; corrupt, truncated and hostile files are refused with
// a message naming the file and the element, never a crash.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/graph_builder.h"
#include "core/model.h"
#include "flatbuffers/flatbuffers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "schema/tflite_generated.h"
#include "tests/testing/test_util.h"
#include "tools/model_builder/model_builder.h"

namespace plinth {
namespace {

using ::testing::HasSubstr;

std::vector<uint8_t> MustBuild(const ModelBuilder& b) {
  auto bytes = b.Build();
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::vector<uint8_t>();
}

// A valid two-op float model used as the base for corruption tests.
ModelBuilder SmallModel() {
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_FLOAT32, {1, 4}, "in");
  int w = b.AddConstant(PLINTH_FLOAT32, {3, 4}, std::vector<float>(12, 0.5f), "w");
  int mid = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "mid");
  int out = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "out");
  b.AddOperator("FULLY_CONNECTED", {in, w, -1}, {mid}, {});
  b.AddOperator("SOFTMAX", {mid}, {out}, {{"beta", 1.0f}});
  b.SetInputs({in});
  b.SetOutputs({out});
  return b;
}

std::string LoadError(const std::vector<uint8_t>& bytes) {
  auto model = Model::FromBuffer(bytes, "bad.tflite");
  EXPECT_FALSE(model.ok());
  return model.ok() ? std::string() : std::string(model.status().message());
}

TEST(ModelLoader, LoadsEverySharedModel) {
  auto dir = testing::SharedModelsDir();
  if (!dir) {
    if (testing::GoldenRequired()) FAIL() << "../shared/models is missing";
    GTEST_SKIP() << "../shared/models is absent (a user's own clone); CI requires it";
  }
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(*dir)) {
    if (entry.path().extension() != ".tflite") continue;
    auto model = Model::Load(entry.path().string());
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_GE((*model)->graph().subgraphs.size(), 1u);
    EXPECT_FALSE((*model)->graph().subgraphs[0].nodes.empty()) << entry.path();
    ++loaded;
  }
  EXPECT_EQ(loaded, 16);
}

TEST(ModelLoader, ReadsOpCodesQuantizationSignaturesAndMetadata) {
  auto dir = testing::SharedModelsDir();
  if (!dir) GTEST_SKIP() << "../shared/models is absent";
  auto hello = Model::Load(*dir + "/hello_world_float.tflite");
  ASSERT_TRUE(hello.ok()) << hello.status();
  const Graph& g = (*hello)->graph();
  ASSERT_EQ(g.signatures.size(), 1u);
  EXPECT_EQ(g.signatures[0].key, "serving_default");
  EXPECT_EQ(g.signatures[0].inputs.size(), 1u);
  bool has_runtime_version = false;
  for (const auto& m : g.metadata) has_runtime_version |= m.name == "min_runtime_version";
  EXPECT_TRUE(has_runtime_version);
  EXPECT_EQ(g.subgraphs[0].nodes[0].op_name, "FULLY_CONNECTED");

  auto vww = Model::Load(*dir + "/vww_mobilenet_v1_025_96_int8.tflite");
  ASSERT_TRUE(vww.ok()) << vww.status();
  bool per_channel = false;
  for (const TensorDef& t : (*vww)->graph().subgraphs[0].tensors) {
    if (t.quant.scales.size() > 1) {
      per_channel = true;
      EXPECT_EQ(t.shape[t.quant.quantized_dimension], static_cast<int32_t>(t.quant.scales.size()));
    }
  }
  EXPECT_TRUE(per_channel);
}

TEST(ModelLoader, AcceptsBentPerChannelBiasWithOneWarning) {
  auto dir = testing::SharedModelsDir();
  if (!dir) GTEST_SKIP() << "../shared/models is absent";
  auto model = Model::Load(*dir + "/person_detect_int8.tflite");
  ASSERT_TRUE(model.ok()) << model.status();
  ASSERT_EQ((*model)->warnings().size(), 1u);
  EXPECT_THAT((*model)->warnings()[0], HasSubstr("quantized_dimension"));
}

TEST(ModelLoader, MissingFileNamesThePath) {
  auto model = Model::Load("/nonexistent/dir/model.tflite");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(model.status().message(), HasSubstr("/nonexistent/dir/model.tflite"));
}

TEST(ModelLoader, DirectoryAndEmptyFile) {
  auto dir = Model::Load("/tmp");
  ASSERT_FALSE(dir.ok());
  EXPECT_THAT(dir.status().message(), HasSubstr("not a regular file"));
  std::string path = ::testing::TempDir() + "/empty.tflite";
  { std::ofstream(path, std::ios::trunc); }
  auto empty = Model::Load(path);
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("empty"));
}

TEST(ModelLoader, RejectsWrongIdentifier) {
  std::vector<uint8_t> bytes = MustBuild(SmallModel());
  bytes[4] = 'X';
  EXPECT_THAT(LoadError(bytes), HasSubstr("file identifier"));
  EXPECT_THAT(LoadError({'a', 'b'}), HasSubstr("too small"));
}

TEST(ModelLoader, EveryTruncationIsRefused) {
  std::vector<uint8_t> bytes = MustBuild(SmallModel());
  for (size_t len = 0; len < bytes.size(); len += 7) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + len);
    auto model = Model::FromBuffer(cut, "cut.tflite");
    EXPECT_FALSE(model.ok()) << "prefix of " << len << " bytes loaded";
  }
}

TEST(ModelLoader, FlippedBytesNeverCrash) {
  const std::vector<uint8_t> original = MustBuild(SmallModel());
  std::mt19937 rng(7);
  int refused = 0, ran = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::vector<uint8_t> bytes = original;
    for (int flips = 0; flips < 1 + trial % 4; ++flips) {
      bytes[rng() % bytes.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    }
    InterpreterOptions capped;  // flipped shape bytes can ask for gigabytes: refuse them
    capped.max_arena_bytes = 16 << 20;
    capped.max_dynamic_tensor_bytes = 16 << 20;
    auto interp = testing::PrepareModel(bytes, capped);
    if (!interp.ok()) {
      ++refused;
      continue;
    }
    bool inputs_set = true;
    for (size_t i = 0; i < (*interp)->num_inputs(); ++i) {
      std::vector<uint8_t> zeros((*interp)->input(i).bytes(), 0);
      inputs_set &= (*interp)->SetInput(i, zeros).ok();
    }
    if (inputs_set && (*interp)->Invoke().ok()) ++ran;
  }
  EXPECT_GT(refused, 0);
  EXPECT_GT(ran, 0);
}

TEST(ModelLoader, TensorIndexOutOfRange) {
  ModelBuilder b = SmallModel();
  int out2 = b.AddTensor(PLINTH_FLOAT32, {1, 3}, "out2");
  b.AddOperator("SOFTMAX", {99}, {out2}, {});
  EXPECT_THAT(LoadError(MustBuild(b)), HasSubstr("tensor index 99 out of range"));
}

TEST(ModelLoader, HugeAndNegativeShapes) {
  ModelBuilder huge;  // 4 TiB of floats
  int in = huge.AddTensor(PLINTH_FLOAT32, {1 << 20, 1 << 20}, "huge");
  huge.SetInputs({in});
  huge.SetOutputs({in});
  EXPECT_THAT(LoadError(MustBuild(huge)), HasSubstr("limit per tensor"));

  ModelBuilder overflow;  // 2^64 elements: the count itself overflows
  int o = overflow.AddTensor(PLINTH_FLOAT32, {1 << 30, 1 << 30, 16}, "overflow");
  overflow.SetInputs({o});
  overflow.SetOutputs({o});
  EXPECT_THAT(LoadError(MustBuild(overflow)), HasSubstr("element count overflows"));

  ModelBuilder negative;
  int n = negative.AddTensor(PLINTH_FLOAT32, {2, -3}, "neg");
  negative.SetInputs({n});
  negative.SetOutputs({n});
  EXPECT_THAT(LoadError(MustBuild(negative)), HasSubstr("negative dimension"));
}

TEST(ModelLoader, BufferSizeMustMatchShape) {
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_FLOAT32, {4}, "in");
  int c = b.AddConstant(PLINTH_FLOAT32, {4}, std::vector<float>{1, 2, 3}, "short");
  int out = b.AddTensor(PLINTH_FLOAT32, {4}, "out");
  b.AddOperator("ADD", {in, c}, {out}, {});
  b.SetInputs({in});
  b.SetOutputs({out});
  EXPECT_THAT(LoadError(MustBuild(b)),
              HasSubstr("holds 12 bytes but shape [4] of FLOAT32 needs 16"));
}

TEST(ModelLoader, DataflowErrors) {
  {
    ModelBuilder b;  // reads a tensor nobody writes
    int in = b.AddTensor(PLINTH_FLOAT32, {2}, "in");
    int ghost = b.AddTensor(PLINTH_FLOAT32, {2}, "ghost");
    int out = b.AddTensor(PLINTH_FLOAT32, {2}, "out");
    b.AddOperator("ADD", {in, ghost}, {out}, {});
    b.SetInputs({in});
    b.SetOutputs({out});
    EXPECT_THAT(LoadError(MustBuild(b)), HasSubstr("before any node writes it"));
  }
  {
    ModelBuilder b;  // writes a constant
    int in = b.AddTensor(PLINTH_FLOAT32, {2}, "in");
    int c = b.AddConstant(PLINTH_FLOAT32, {2}, std::vector<float>{1, 2}, "c");
    b.AddOperator("ADD", {in, in}, {c}, {});
    b.SetInputs({in});
    b.SetOutputs({c});
    EXPECT_THAT(LoadError(MustBuild(b)), HasSubstr("writes constant tensor"));
  }
  {
    ModelBuilder b;  // two writers
    int in = b.AddTensor(PLINTH_FLOAT32, {2}, "in");
    int out = b.AddTensor(PLINTH_FLOAT32, {2}, "out");
    b.AddOperator("ADD", {in, in}, {out}, {});
    b.AddOperator("ADD", {in, in}, {out}, {});
    b.SetInputs({in});
    b.SetOutputs({out});
    EXPECT_THAT(LoadError(MustBuild(b)), HasSubstr("already defines"));
  }
}

TEST(ModelLoader, BadQuantization) {
  ModelBuilder b;
  int in = b.AddTensor(PLINTH_INT8, {2, 3}, "in", QuantSpec{{0.1f, 0.2f}, {0, 0}, 1});
  b.SetInputs({in});
  b.SetOutputs({in});
  EXPECT_THAT(LoadError(MustBuild(b)),
              HasSubstr("2 per-channel scales but dimension 1 has size 3"));
  ModelBuilder c;
  int t = c.AddTensor(PLINTH_INT8, {2, 3}, "in", QuantSpec{{0.1f, 0.2f}, {0, 0, 0}, 0});
  c.SetInputs({t});
  c.SetOutputs({t});
  EXPECT_THAT(LoadError(MustBuild(c)), HasSubstr("2 quantization scales but 3 zero points"));
  // Found by the model_prepare fuzzer: a NaN scale reached the kernels' multiplier arithmetic.
  for (float bad : {std::nanf(""), INFINITY, -0.5f}) {
    ModelBuilder d;
    int u = d.AddTensor(PLINTH_INT8, {2, 3}, "in", QuantSpec{{0.1f, bad}, {0, 0}, 0});
    d.SetInputs({u});
    d.SetOutputs({u});
    EXPECT_THAT(LoadError(MustBuild(d)), HasSubstr("quantization scale 1 is"));
    EXPECT_THAT(LoadError(MustBuild(d)), HasSubstr("scales must be finite and not negative"));
  }
}

TEST(ModelLoader, SignatureOutOfRange) {
  ModelBuilder b = SmallModel();
  b.AddSignature("serving_default", {{"x", 40}}, {});
  EXPECT_THAT(LoadError(MustBuild(b)), HasSubstr("to tensor 40 out of range"));
}

// Models written with the generated API directly, for what the builder never writes.
TEST(ModelLoader, OperatorCodeIndexOutOfRangeAndLegacyCodes) {
  namespace tfl = plinth::tfl;
  auto make = [](int32_t deprecated_code, int32_t code, uint32_t opcode_index) {
    flatbuffers::FlatBufferBuilder fbb;
    std::vector<flatbuffers::Offset<tfl::Tensor>> tensors = {
        tfl::CreateTensor(fbb, fbb.CreateVector(std::vector<int32_t>{2}), tfl::TensorType::FLOAT32,
                          0, fbb.CreateString("a")),
        tfl::CreateTensor(fbb, fbb.CreateVector(std::vector<int32_t>{2}), tfl::TensorType::FLOAT32,
                          0, fbb.CreateString("b"))};
    auto op = tfl::CreateOperator(fbb, opcode_index, fbb.CreateVector(std::vector<int32_t>{0}),
                                  fbb.CreateVector(std::vector<int32_t>{1}));
    auto sg = tfl::CreateSubGraph(
        fbb, fbb.CreateVector(tensors), fbb.CreateVector(std::vector<int32_t>{0}),
        fbb.CreateVector(std::vector<int32_t>{1}),
        fbb.CreateVector(std::vector<flatbuffers::Offset<tfl::Operator>>{op}));
    auto code_table = tfl::CreateOperatorCode(fbb, static_cast<int8_t>(deprecated_code), 0, 1,
                                              static_cast<tfl::BuiltinOperator>(code));
    auto model = tfl::CreateModel(
        fbb, 3, fbb.CreateVector(std::vector<flatbuffers::Offset<tfl::OperatorCode>>{code_table}),
        fbb.CreateVector(std::vector<flatbuffers::Offset<tfl::SubGraph>>{sg}), 0,
        fbb.CreateVector(std::vector<flatbuffers::Offset<tfl::Buffer>>{tfl::CreateBuffer(fbb)}));
    tfl::FinishModelBuffer(fbb, model);
    return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
  };
  EXPECT_THAT(LoadError(make(19, 19, 5)), HasSubstr("operator code index 5 out of range"));
  // Old writers: only the byte field (RELU = 19).
  auto legacy = Model::FromBuffer(make(19, 0, 0));
  ASSERT_TRUE(legacy.ok()) << legacy.status();
  EXPECT_EQ((*legacy)->graph().subgraphs[0].nodes[0].op_name, "RELU");
  // Extended codes: byte field holds the placeholder 127, the real code is in builtin_code.
  auto extended = Model::FromBuffer(make(127, 150, 0));
  ASSERT_TRUE(extended.ok()) << extended.status();
  EXPECT_EQ((*extended)->graph().subgraphs[0].nodes[0].op_name, "GELU");
  // Codes the schema does not know are kept, named by number.
  auto unknown = Model::FromBuffer(make(127, 999, 0));
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_EQ((*unknown)->graph().subgraphs[0].nodes[0].op_name, "BUILTIN_999");
}

TEST(ModelLoader, ConstantsAreZeroCopy) {
  auto model = Model::FromBuffer(MustBuild(SmallModel()));
  ASSERT_TRUE(model.ok()) << model.status();
  const TensorDef& w = (*model)->graph().subgraphs[0].tensors[1];
  ASSERT_NE(w.data, nullptr);
  EXPECT_GE(w.data, (*model)->file_data());
  EXPECT_LT(w.data, (*model)->file_data() + (*model)->file_size());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(w.data) % 16, 0u);
}

}  // namespace
}  // namespace plinth
