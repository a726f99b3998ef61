// `plinth bench MODEL`: init time, first run, latency percentiles over timed runs, memory (peak
// RSS, arena, packed weights) and, with --profile, a per-node and per-op-type table with GFLOP/s.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "tools/plinth/cli_common.h"
#include "tools/plinth/cli_flags.h"
#include "tools/plinth/commands.h"

namespace plinth::cli {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MicrosSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// The q-quantile of sorted values (nearest rank).
int64_t Quantile(const std::vector<int64_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(q * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

int64_t Median(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  return Quantile(v, 0.5);
}

size_t PeakRssBytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<size_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

std::string Mib(size_t bytes) {
  char s[32];
  std::snprintf(s, sizeof(s), "%.2f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return s;
}

std::string Ms(int64_t us) {
  char s[32];
  std::snprintf(s, sizeof(s), "%.3f ms", static_cast<double>(us) / 1000.0);
  return s;
}

// Multiply-adds x 2 of the ops that have a well-defined count; 0 for the others.
double NodeFlops(const Interpreter& interp, const NodeDef& node) {
  auto tensor = [&](size_t i) -> Tensor {
    if (i >= node.inputs.size() || node.inputs[i] < 0) return Tensor();
    return interp.tensor(static_cast<size_t>(node.inputs[i]));
  };
  if (node.outputs.empty() || node.outputs[0] < 0) return 0;
  const Tensor out = interp.tensor(static_cast<size_t>(node.outputs[0]));
  const double out_elems = static_cast<double>(out.num_elements());
  const std::string& op = node.op_name;
  if (op == "CONV_2D") {
    const Tensor f = tensor(1);
    if (!f || f.rank() != 4 || f.dim(0) == 0) return 0;
    return 2.0 * out_elems * f.dim(1) * f.dim(2) * f.dim(3);
  }
  if (op == "DEPTHWISE_CONV_2D") {
    const Tensor f = tensor(1);
    if (!f || f.rank() != 4) return 0;
    return 2.0 * out_elems * f.dim(1) * f.dim(2);
  }
  if (op == "FULLY_CONNECTED") {
    const Tensor w = tensor(1);
    if (!w || w.rank() != 2) return 0;
    return 2.0 * out_elems * w.dim(1);
  }
  if (op == "BATCH_MATMUL") {
    const Tensor lhs = tensor(0);
    if (!lhs || lhs.rank() < 2 || out.rank() < 2) return 0;
    // adj_x transposes the left side: its last dimension is then the output's rows.
    const int32_t depth =
        lhs.dim(-1) == out.dim(-2) && lhs.dim(-2) != out.dim(-2) ? lhs.dim(-2) : lhs.dim(-1);
    return 2.0 * out_elems * depth;
  }
  if (op == "TRANSPOSE_CONV") {
    const Tensor w = tensor(1), in = tensor(2);
    if (!w || !in || w.rank() != 4 || w.dim(3) == 0) return 0;
    return 2.0 * static_cast<double>(in.num_elements()) * w.dim(0) * w.dim(1) * w.dim(2);
  }
  return 0;
}

struct Row {
  std::string label, op, runner;
  int count = 0;
  int64_t nanos = 0;
  double flops = 0;
};

std::string Gflops(const Row& r) {
  if (r.flops <= 0 || r.nanos <= 0) return "";
  char s[32];
  std::snprintf(s, sizeof(s), "%.2f", r.flops / static_cast<double>(r.nanos));
  return s;
}

void PrintTable(const char* title, const std::vector<Row>& rows, int64_t total_nanos,
                bool show_count) {
  std::printf("\n%s\n  %-28s %-22s %6s %10s %7s %8s\n", title, show_count ? "op" : "node",
              show_count ? "runner" : "op", show_count ? "count" : "", "us", "share", "GFLOP/s");
  for (const Row& r : rows) {
    const double share =
        total_nanos > 0 ? 100.0 * static_cast<double>(r.nanos) / static_cast<double>(total_nanos)
                        : 0.0;
    std::printf("  %-28s %-22s %6s %10.1f %6.1f%% %8s\n", r.label.c_str(),
                (show_count ? r.runner : r.op).c_str(),
                show_count ? absl::StrCat(r.count).c_str() : "",
                static_cast<double>(r.nanos) / 1000.0, share, Gflops(r).c_str());
  }
}

std::string JsonRows(const std::vector<Row>& rows, int64_t total_nanos, bool by_op) {
  std::string json = "[";
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    const double share =
        total_nanos > 0 ? static_cast<double>(r.nanos) / static_cast<double>(total_nanos) : 0.0;
    absl::StrAppend(&json, i ? ", " : "", "{");
    if (by_op) {
      absl::StrAppend(&json, "\"op\": ", JsonString(r.op), ", \"count\": ", r.count);
    } else {
      absl::StrAppend(&json, "\"node\": ", JsonString(r.label), ", \"op\": ", JsonString(r.op));
    }
    absl::StrAppend(&json, ", \"runner\": ", JsonString(r.runner),
                    ", \"us\": ", static_cast<double>(r.nanos) / 1000.0, ", \"share\": ", share);
    if (r.flops > 0) {
      absl::StrAppend(&json, ", \"flops\": ", r.flops);
      if (r.nanos > 0) {
        absl::StrAppend(&json, ", \"gflops\": ", r.flops / static_cast<double>(r.nanos));
      }
    }
    absl::StrAppend(&json, "}");
  }
  return json + "]";
}

// Progress on stderr: a line rewritten in place on a terminal, start and end lines otherwise.
class Progress {
 public:
  Progress(int warmup, int runs) : tty_(isatty(STDERR_FILENO) != 0), warmup_(warmup), runs_(runs) {
    if (!tty_) std::fprintf(stderr, "bench: %d warmup runs, %d timed runs\n", warmup, runs);
  }
  void Update(int done) {
    if (!tty_) return;
    const Clock::time_point now = Clock::now();
    if (done != warmup_ + runs_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    if (done < warmup_) {
      std::fprintf(stderr, "\rbench: warmup %d/%d   ", done + 1, warmup_);
    } else {
      std::fprintf(stderr, "\rbench: run %d/%d      ", done - warmup_, runs_);
    }
    std::fflush(stderr);
  }
  void Done() {
    if (tty_) std::fprintf(stderr, "\r");
    std::fprintf(stderr, "bench: done (%d runs)        \n", runs_);
  }

 private:
  bool tty_;
  int warmup_, runs_;
  Clock::time_point last_{};
};

}  // namespace

int BenchCommand(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    return Fail(absl::InvalidArgumentError("plinth bench takes one MODEL argument (see --help)"));
  }
  const int runs = absl::GetFlag(FLAGS_runs), warmup = absl::GetFlag(FLAGS_warmup);
  if (runs < 1) return Fail(absl::InvalidArgumentError("--runs must be at least 1"));
  if (warmup < 0) return Fail(absl::InvalidArgumentError("--warmup must not be negative"));
  if (absl::GetFlag(FLAGS_threads) < 1) {
    return Fail(absl::InvalidArgumentError("--threads must be at least 1"));
  }
  const bool profile = absl::GetFlag(FLAGS_profile), json = absl::GetFlag(FLAGS_json);
  auto registry = LoadRegistry();
  if (!registry.ok()) return Fail(registry.status());
  auto options = InterpreterOptionsFromFlags(**registry);
  if (!options.ok()) return Fail(options.status());
  options->enable_profiling = profile;

  // Init: load, create (kernel init, delegates) and allocate (prepare, packing, planning).
  const Clock::time_point init_start = Clock::now();
  auto model = Model::Load(args[0]);
  if (!model.ok()) return Fail(model.status());
  auto created = Interpreter::Create(*model, *registry, *options);
  if (!created.ok()) return Fail(created.status());
  Interpreter& interp = **created;
  if (auto s = interp.AllocateTensors(); !s.ok()) return Fail(s);
  const int64_t init_us = MicrosSince(init_start);
  if (auto s = FillInputs(interp, absl::GetFlag(FLAGS_input).values, absl::GetFlag(FLAGS_seed));
      !s.ok()) {
    return Fail(s);
  }

  const Clock::time_point first_start = Clock::now();
  if (auto s = interp.Invoke(); !s.ok()) return Fail(s);
  const int64_t first_run_us = MicrosSince(first_start);

  Progress progress(warmup, runs);
  std::vector<int64_t> latencies;
  std::vector<std::vector<int64_t>> step_nanos;  // [step][timed run]
  std::vector<Interpreter::StepTime> steps;
  for (int i = 0; i < warmup + runs; ++i) {
    progress.Update(i);
    const Clock::time_point start = Clock::now();
    if (auto s = interp.Invoke(); !s.ok()) return Fail(s);
    const int64_t us = MicrosSince(start);
    if (i < warmup) continue;
    latencies.push_back(us);
    if (profile) {
      steps = interp.profile();
      step_nanos.resize(steps.size());
      for (size_t k = 0; k < steps.size(); ++k) step_nanos[k].push_back(steps[k].nanos);
    }
  }
  progress.Update(warmup + runs);
  progress.Done();
  std::vector<int64_t> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  const int64_t lat_min = sorted.front(), lat_median = Quantile(sorted, 0.5),
                lat_p90 = Quantile(sorted, 0.9);
  const size_t peak_rss = PeakRssBytes();

  // Per node: the median over timed runs; per op type: the sum of its nodes' medians.
  std::vector<Row> nodes;
  std::map<std::string, Row> by_op;
  int64_t total_nanos = 0;
  const SubgraphDef& main_graph = (*model)->graph().subgraphs[0];
  for (size_t k = 0; k < steps.size(); ++k) {
    const Interpreter::StepTime& st = steps[k];
    Row r;
    r.op = st.op_name;
    r.runner = st.runner;
    r.nanos = Median(step_nanos[k]);
    for (int32_t n : st.nodes) {
      if (n >= 0 && static_cast<size_t>(n) < main_graph.nodes.size()) {
        r.flops += NodeFlops(interp, main_graph.nodes[static_cast<size_t>(n)]);
      }
    }
    r.label = st.nodes.size() == 1 ? absl::StrCat(st.nodes[0])
                                   : absl::StrCat(st.nodes.front(), "..", st.nodes.back());
    total_nanos += r.nanos;
    Row& op = by_op[r.op + "\x1f" + r.runner];
    op.label = op.op = r.op;
    op.runner = r.runner;
    op.count += 1;
    op.nanos += r.nanos;
    op.flops += r.flops;
    nodes.push_back(r);
  }
  std::vector<Row> ops;
  for (auto& [key, r] : by_op) ops.push_back(r);
  std::sort(ops.begin(), ops.end(), [](const Row& a, const Row& b) { return a.nanos > b.nanos; });

  if (json) {
    std::string out = absl::StrCat(
        "{\"model\": ", JsonString(args[0]), ", \"threads\": ", interp.num_threads(),
        ", \"runs\": ", runs, ", \"warmup\": ", warmup, ", \"init_us\": ", init_us,
        ", \"first_run_us\": ", first_run_us, ", \"latency_us\": {\"min\": ", lat_min,
        ", \"median\": ", lat_median, ", \"p90\": ", lat_p90, "}, \"peak_rss_bytes\": ", peak_rss,
        ", \"arena_bytes\": ", interp.arena_bytes(),
        ", \"packed_weight_bytes\": ", interp.model_shared_bytes());
    if (profile) {
      absl::StrAppend(&out, ", \"profile\": ", JsonRows(nodes, total_nanos, false),
                      ", \"profile_by_op\": ", JsonRows(ops, total_nanos, true));
    }
    std::printf("%s}\n", out.c_str());
    return 0;
  }
  std::printf("model: %s (%zu nodes), %d thread%s, %d runs after %d warmup\n", args[0].c_str(),
              main_graph.nodes.size(), interp.num_threads(), interp.num_threads() == 1 ? "" : "s",
              runs, warmup);
  std::printf("placement: %s\n", interp.placement().Summary().c_str());
  std::printf("init: %s (load, create, allocate and prepare)\n", Ms(init_us).c_str());
  std::printf("first run: %s\n", Ms(first_run_us).c_str());
  std::printf("latency: min %s, median %s, p90 %s\n", Ms(lat_min).c_str(), Ms(lat_median).c_str(),
              Ms(lat_p90).c_str());
  std::printf("memory: peak RSS %s, arena %s, packed weights %s\n", Mib(peak_rss).c_str(),
              Mib(interp.arena_bytes()).c_str(), Mib(interp.model_shared_bytes()).c_str());
  if (profile) {
    PrintTable("per node (median over the timed runs; profiling on):", nodes, total_nanos, false);
    PrintTable("per op type:", ops, total_nanos, true);
    std::printf("\nprofiled total %s\n", Ms(total_nanos / 1000).c_str());
  }
  return 0;
}

}  // namespace plinth::cli
