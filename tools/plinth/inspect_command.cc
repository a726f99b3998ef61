// `plinth inspect MODEL`: tensors, operators with the plugin serving each, signatures, metadata,
// and the planned arena.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/schema_reflection.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/cli_flags.h"
#include "tools/plinth/commands.h"

namespace plinth::cli {
namespace {

std::string Shape(const std::vector<int32_t>& dims) {
  return absl::StrCat("[", absl::StrJoin(dims, ", "), "]");
}

std::string Indices(const std::vector<int32_t>& list) {
  return absl::StrCat("[", absl::StrJoin(list, ", "), "]");
}

std::string TensorKind(const TensorDef& t) {
  if (t.is_variable) return "variable";
  return t.data ? "constant" : "activation";
}

void PrintSubgraph(const Graph& graph, size_t index, const OpRegistry& registry, bool verbose) {
  const SubgraphDef& sg = graph.subgraphs[index];
  std::printf("\nsubgraph %zu '%s': %zu tensors, %zu nodes, inputs %s, outputs %s\n", index,
              sg.name.c_str(), sg.tensors.size(), sg.nodes.size(), Indices(sg.inputs).c_str(),
              Indices(sg.outputs).c_str());
  std::printf("tensors:\n");
  for (size_t i = 0; i < sg.tensors.size(); ++i) {
    const TensorDef& t = sg.tensors[i];
    std::string quant;
    if (t.quant.scales.size() == 1) {
      quant = absl::StrCat(" q(scale=", t.quant.scales[0], ", zp=", t.quant.zero_points[0], ")");
    } else if (t.quant.scales.size() > 1) {
      quant = absl::StrCat(" q(", t.quant.scales.size(), " channels on axis ",
                           t.quant.quantized_dimension, ")");
    }
    std::printf("  %4zu %-10s %-9s %-18s '%s'%s\n", i, TensorKind(t).c_str(), TypeName(t.type),
                Shape(t.shape).c_str(), t.name.c_str(), quant.c_str());
  }
  std::printf("operators:\n");
  for (size_t k = 0; k < sg.nodes.size(); ++k) {
    const NodeDef& n = sg.nodes[k];
    const OpKernel* kernel = registry.Find(n.is_custom, n.builtin_code, n.op_name, n.version);
    std::string served = kernel ? kernel->plugin->name : std::string("NO KERNEL");
    std::printf("  %4zu %s v%d %s -> %s  [%s]\n", k, n.op_name.c_str(), n.version,
                Indices(n.inputs).c_str(), Indices(n.outputs).c_str(), served.c_str());
    if (verbose && n.options_table != nullptr) {
      std::printf("         %s: %s\n", std::string(OptionsTableName(n.options_type)).c_str(),
                  DescribeOptions(n.options_type, n.options_table).c_str());
    }
    if (verbose && n.custom_options_size > 0) {
      std::printf("         custom options: %zu bytes\n", n.custom_options_size);
    }
  }
}

}  // namespace

int InspectCommand(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    return Fail(absl::InvalidArgumentError("plinth inspect takes one MODEL argument (see --help)"));
  }
  auto registry = LoadRegistry();
  if (!registry.ok()) return Fail(registry.status());
  auto model = Model::Load(args[0]);
  if (!model.ok()) return Fail(model.status());
  const Graph& graph = (*model)->graph();
  std::printf("model: %s (%zu bytes, schema v%u, %zu subgraph%s)\n", args[0].c_str(),
              (*model)->file_size(), graph.schema_version, graph.subgraphs.size(),
              graph.subgraphs.size() == 1 ? "" : "s");
  if (!graph.description.empty()) std::printf("description: %s\n", graph.description.c_str());
  for (const SignatureDef& s : graph.signatures) {
    std::vector<std::string> in, out;
    for (const auto& [alias, tensor] : s.inputs) in.push_back(absl::StrCat(alias, "=", tensor));
    for (const auto& [alias, tensor] : s.outputs) out.push_back(absl::StrCat(alias, "=", tensor));
    std::printf("signature '%s' (subgraph %d): inputs {%s} outputs {%s}\n", s.key.c_str(),
                s.subgraph_index, absl::StrJoin(in, ", ").c_str(),
                absl::StrJoin(out, ", ").c_str());
  }
  for (const MetadataEntry& m : graph.metadata) {
    std::printf("metadata '%s': %zu bytes\n", m.name.c_str(), m.size);
  }
  for (const std::string& w : (*model)->warnings()) std::printf("warning: %s\n", w.c_str());
  const bool verbose = absl::GetFlag(FLAGS_verbose);
  for (size_t i = 0; i < graph.subgraphs.size(); ++i) PrintSubgraph(graph, i, **registry, verbose);

  auto options = InterpreterOptionsFromFlags(**registry);
  if (!options.ok()) return Fail(options.status());
  auto interp = Interpreter::Create(*model, *registry, *options);
  if (!interp.ok()) return Fail(interp.status());
  if (auto s = (*interp)->AllocateTensors(); !s.ok()) return Fail(s);
  PlacementReport placement = (*interp)->placement();
  if (!options->delegates.empty()) {
    std::printf("\npartition plan:\n");
    for (size_t p = 0; p < placement.partitions.size(); ++p) {
      std::vector<std::string> nodes;
      for (int32_t k : placement.partitions[p].nodes) {
        nodes.push_back(absl::StrCat(k, ":", placement.nodes[k].op_name));
      }
      std::printf("  partition %zu -> %s: %zu nodes [%s]\n", p,
                  placement.partitions[p].delegate.c_str(), nodes.size(),
                  absl::StrJoin(nodes, " ").c_str());
    }
    for (const PlacementReport::Node& n : placement.nodes) {
      if (n.partition >= 0) continue;
      std::printf("  node %d %s -> cpu (%s)%s%s\n", n.index, n.op_name.c_str(), n.runner.c_str(),
                  n.reason.empty() ? "" : ": ", n.reason.c_str());
    }
  }
  bool any_fused = false;
  for (const PlacementReport::Node& n : placement.nodes) {
    if (n.fused_into < 0) continue;
    if (!any_fused)
      std::printf("\nfused (their work done by the node they feed; --fuse=false keeps them):\n");
    any_fused = true;
    std::printf("  node %d %s -> node %d %s\n", n.index, n.op_name.c_str(), n.fused_into,
                placement.nodes[n.fused_into].op_name.c_str());
  }
  std::printf("\nplacement: %s\n", placement.Summary().c_str());
  std::printf("arena: %zu bytes (lower bound %zu)\n", (*interp)->arena_bytes(),
              (*interp)->arena_lower_bound());
  return 0;
}

}  // namespace plinth::cli
