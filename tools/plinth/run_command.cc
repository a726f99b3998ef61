// `plinth run MODEL`: runs a model once and prints its outputs, the placement and the timing.
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/conformance/conformance_runner.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/cli_flags.h"
#include "tools/plinth/commands.h"

namespace plinth::cli {
namespace {

double MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

absl::Status WriteOutputs(const Interpreter& interp, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::PermissionDeniedError(absl::StrCat(dir, ": cannot create: ", ec.message()));
  std::string json =
      absl::StrCat("{\n  \"model\": ", JsonString(interp.model().name()), ",\n  \"outputs\": [");
  for (size_t i = 0; i < interp.num_outputs(); ++i) {
    Tensor t = interp.output(i);
    std::string file = absl::StrCat("output", i, ".bin");
    if (auto s = WriteFile(dir + "/" + file, t.raw_data(), t.bytes()); !s.ok()) return s;
    std::vector<std::string> scales, zero_points;
    for (int q = 0; q < t.num_quant_params(); ++q) {
      scales.push_back(absl::StrCat(t.scale(q)));
      zero_points.push_back(absl::StrCat(t.zero_point(q)));
    }
    absl::StrAppend(&json, i ? "," : "", "\n    {\"index\": ", i,
                    ", \"name\": ", JsonString(t.name()), ", \"file\": ", JsonString(file),
                    ", \"type\": ", JsonString(TypeName(t.type())), ", \"shape\": [",
                    absl::StrJoin(t.shape(), ", "), "], \"bytes\": ", t.bytes());
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

// Runs the same inputs without delegates and reports, for each partition's outputs and each model
// output, how far the delegated run is. Returns 1 when a partition diverges beyond tolerance.
int CompareWithCpu(const Interpreter& delegated, const std::shared_ptr<const Model>& model,
                   const std::shared_ptr<OpRegistry>& registry, InterpreterOptions options) {
  auto tolerances = conformance::ParseTolerances(absl::GetFlag(FLAGS_tolerance).values);
  if (!tolerances.ok()) return Fail(tolerances.status());
  options.delegates.clear();
  options.preserve_all_tensors = true;
  auto cpu = Interpreter::Create(model, registry, options);
  if (!cpu.ok()) return Fail(cpu.status());
  if (auto s = (*cpu)->AllocateTensors(); !s.ok()) return Fail(s);
  for (size_t i = 0; i < delegated.num_inputs(); ++i) {
    Tensor in = delegated.input(i);
    const uint8_t* p = static_cast<const uint8_t*>(in.raw_data());
    if (auto s = (*cpu)->SetInput(i, absl::Span<const uint8_t>(p, in.bytes())); !s.ok())
      return Fail(s);
  }
  if (auto s = (*cpu)->Invoke(); !s.ok()) return Fail(s);
  auto report = [&](size_t index, const std::string& what) {
    Tensor ref = (*cpu)->tensor(index), got = delegated.tensor(index);
    auto tol = tolerances->find(ref.type());
    conformance::Tolerance t = tol != tolerances->end() ? tol->second : conformance::Tolerance{};
    conformance::Distance d = conformance::Compare(ref, got, t);
    std::printf("  %s tensor %zu '%s' %s: max abs %.3g, rel %.3g%s %s\n", what.c_str(), index,
                ref.name(), DescribeTensor(ref).c_str(), d.max_abs, d.max_rel,
                ref.type() == PLINTH_FLOAT32 ? absl::StrCat(", ", d.max_ulp, " ulp").c_str() : "",
                d.within ? "ok" : absl::StrCat("BEYOND ", conformance::ToString(t)).c_str());
    return d.within;
  };
  std::printf("compare with the CPU kernels:\n");
  int first_bad = -1;
  const PlacementReport placement = delegated.placement();
  for (size_t p = 0; p < placement.partitions.size(); ++p) {
    const auto& part = placement.partitions[p];
    std::printf(" partition %zu (%s, %zu nodes, first node %d):\n", p, part.delegate.c_str(),
                part.nodes.size(), part.nodes.front());
    bool ok = true;
    for (int32_t t : part.outputs) ok &= report(static_cast<size_t>(t), "output");
    if (!ok && first_bad < 0) first_bad = static_cast<int>(p);
  }
  std::printf(" model outputs:\n");
  for (size_t o = 0; o < delegated.num_outputs(); ++o) {
    for (size_t t = 0; t < delegated.num_tensors(); ++t) {
      if (delegated.tensor(t).raw() == delegated.output(o).raw()) report(t, "model output");
    }
  }
  if (first_bad >= 0) {
    std::fprintf(stderr,
                 "plinth: error: partition %d (%s) is the first whose outputs diverge from the CPU "
                 "kernels\n",
                 first_bad, placement.partitions[first_bad].delegate.c_str());
    return 1;
  }
  std::printf(" every partition output is within tolerance\n");
  return 0;
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
  const bool compare = absl::GetFlag(FLAGS_compare);
  if (compare && options->delegates.empty()) {
    return Fail(absl::InvalidArgumentError("--compare needs a --delegate to compare with the CPU"));
  }
  options->preserve_all_tensors = compare;

  auto t0 = std::chrono::steady_clock::now();
  auto model = Model::Load(args[0]);
  if (!model.ok()) return Fail(model.status());
  double load_ms = MillisSince(t0);

  auto t1 = std::chrono::steady_clock::now();
  auto interp = Interpreter::Create(*model, *registry, *options);
  if (!interp.ok()) return Fail(interp.status());
  if (auto s = (*interp)->AllocateTensors(); !s.ok()) return Fail(s);
  double prepare_ms = MillisSince(t1);

  if (auto s = FillInputs(**interp, absl::GetFlag(FLAGS_input).values, absl::GetFlag(FLAGS_seed));
      !s.ok()) {
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
  std::printf(
      "timing: load %.2f ms, prepare %.2f ms, invoke %.2f ms (%d thread%s), arena %zu bytes\n",
      load_ms, prepare_ms, invoke_ms, (*interp)->num_threads(),
      (*interp)->num_threads() == 1 ? "" : "s", (*interp)->arena_bytes());
  if (compare) {
    if (int code = CompareWithCpu(**interp, *model, *registry, *options); code != 0) return code;
  }
  if (std::string dir = absl::GetFlag(FLAGS_output_dir); !dir.empty()) {
    if (auto s = WriteOutputs(**interp, dir); !s.ok()) return Fail(s);
    std::printf("wrote %zu output%s and outputs.json to %s\n", (*interp)->num_outputs(),
                (*interp)->num_outputs() == 1 ? "" : "s", dir.c_str());
  }
  return 0;
}

}  // namespace plinth::cli
