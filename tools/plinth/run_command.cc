// `plinth run MODEL`: runs a model once and prints its outputs, the placement and the timing.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/cli_flags.h"
#include "tools/plinth/commands.h"

namespace plinth::cli {
namespace {

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

absl::Status WriteOutputs(const Interpreter& interp, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::PermissionDeniedError(absl::StrCat(dir, ": cannot create: ", ec.message()));
  std::string json = absl::StrCat("{\n  \"model\": ", JsonString(interp.model().name()),
                                  ",\n  \"outputs\": [");
  for (size_t i = 0; i < interp.num_outputs(); ++i) {
    Tensor t = interp.output(i);
    std::string file = absl::StrCat("output", i, ".bin");
    if (auto s = WriteFile(dir + "/" + file, t.raw_data(), t.bytes()); !s.ok()) return s;
    std::vector<std::string> scales, zero_points;
    for (int q = 0; q < t.num_quant_params(); ++q) {
      scales.push_back(absl::StrCat(t.scale(q)));
      zero_points.push_back(absl::StrCat(t.zero_point(q)));
    }
    absl::StrAppend(&json, i ? "," : "", "\n    {\"index\": ", i, ", \"name\": ",
                    JsonString(t.name()), ", \"file\": ", JsonString(file), ", \"type\": ",
                    JsonString(TypeName(t.type())), ", \"shape\": [", absl::StrJoin(t.shape(), ", "),
                    "], \"bytes\": ", t.bytes());
    if (t.is_quantized()) {
      absl::StrAppend(&json, ", \"quantization\": {\"scales\": [", absl::StrJoin(scales, ", "),
                      "], \"zero_points\": [", absl::StrJoin(zero_points, ", "),
                      "], \"quantized_dimension\": ", t.quantized_dimension(), "}");
    }
    absl::StrAppend(&json, "}");
  }
  absl::StrAppend(&json, "\n  ]\n}\n");
  return WriteFile(dir + "/outputs.json", json.data(), json.size());
}

}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    return Fail(absl::InvalidArgumentError("plinth run takes one MODEL argument (see --help)"));
  }
  auto registry = LoadRegistry();
  if (!registry.ok()) return Fail(registry.status());
  auto options = InterpreterOptionsFromFlags(**registry);
  if (!options.ok()) return Fail(options.status());

  auto t0 = std::chrono::steady_clock::now();
  auto model = Model::Load(args[0]);
  if (!model.ok()) return Fail(model.status());
  double load_ms = MillisSince(t0);

  auto t1 = std::chrono::steady_clock::now();
  auto interp = Interpreter::Create(*model, *registry, *options);
  if (!interp.ok()) return Fail(interp.status());
  if (auto s = (*interp)->AllocateTensors(); !s.ok()) return Fail(s);
  double prepare_ms = MillisSince(t1);

  if (auto s = FillInputs(**interp, absl::GetFlag(FLAGS_input).values, absl::GetFlag(FLAGS_seed)); !s.ok()) {
    return Fail(s);
  }
  auto t2 = std::chrono::steady_clock::now();
  if (auto s = (*interp)->Invoke(); !s.ok()) return Fail(s);
  double invoke_ms = MillisSince(t2);

  const Graph& graph = (*model)->graph();
  std::printf("model: %s (%zu bytes, %zu nodes, %zu subgraph%s)\n", args[0].c_str(),
              (*model)->file_size(), graph.subgraphs[0].nodes.size(), graph.subgraphs.size(),
              graph.subgraphs.size() == 1 ? "" : "s");
  std::printf("placement: %s\n", (*interp)->placement().Summary().c_str());
  for (size_t i = 0; i < (*interp)->num_outputs(); ++i) {
    Tensor t = (*interp)->output(i);
    std::printf("output %zu '%s' %s: %s\n", i, t.name(), DescribeTensor(t).c_str(),
                FormatValues(t, absl::GetFlag(FLAGS_top_k)).c_str());
  }
  std::printf("timing: load %.2f ms, prepare %.2f ms, invoke %.2f ms (%d thread%s), arena %zu bytes\n",
              load_ms, prepare_ms, invoke_ms, (*interp)->num_threads(),
              (*interp)->num_threads() == 1 ? "" : "s", (*interp)->arena_bytes());
  if (std::string dir = absl::GetFlag(FLAGS_output_dir); !dir.empty()) {
    if (auto s = WriteOutputs(**interp, dir); !s.ok()) return Fail(s);
    std::printf("wrote %zu output%s and outputs.json to %s\n", (*interp)->num_outputs(),
                (*interp)->num_outputs() == 1 ? "" : "s", dir.c_str());
  }
  return 0;
}

}  // namespace plinth::cli
