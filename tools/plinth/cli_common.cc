#include "tools/plinth/cli_common.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/plugin_loader.h"
#include "tools/plinth/cli_flags.h"
#ifdef PLINTH_STATIC_BUILTIN_OPS
#include "tools/plinth_static/static_builtin_ops.h"
#endif

namespace plinth::cli {

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "plinth: error: %s\n", std::string(status.message()).c_str());
  return 1;
}

absl::StatusOr<std::shared_ptr<OpRegistry>> LoadRegistry() {
  auto registry = std::make_shared<OpRegistry>();
  auto report = LoadPlugins(absl::GetFlag(FLAGS_plugin).values,
                            !absl::GetFlag(FLAGS_no_default_plugins), registry.get());
  if (!report.ok()) return report.status();
#ifdef PLINTH_STATIC_BUILTIN_OPS
  // The linked-in built-in ops stand where the default plugin directory's file would: last.
  if (!absl::GetFlag(FLAGS_no_default_plugins)) {
    if (auto p = RegisterStaticBuiltinOps(registry.get()); !p.ok()) {
      report->rejected.push_back(std::string(p.status().message()));
    }
  }
#endif
  for (const std::string& why : report->rejected) {
    std::fprintf(stderr, "plinth: warning: skipped plugin %s\n", why.c_str());
  }
  if (registry->plugins().empty()) {
#ifdef PLINTH_STATIC_BUILTIN_OPS
    return absl::NotFoundError(
        "no plugin loaded: this CLI links the built-in ops, which --no-default-plugins leaves out; "
        "drop that flag, or pass --plugin PATH or set PLINTH_PLUGIN_PATH");
#else
    return absl::NotFoundError(
        "no plugin loaded: pass --plugin PATH, set PLINTH_PLUGIN_PATH, or install the built-in "
        "plugin into the default directory (" +
        DefaultPluginDirectory() + ")");
#endif
  }
  return registry;
}

absl::StatusOr<DelegateRequest> ParseDelegateSpec(const std::string& spec) {
  DelegateRequest request;
  std::vector<std::string> parts = absl::StrSplit(spec, absl::MaxSplits(':', 1));
  request.name = parts[0];
  if (request.name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--delegate '", spec, "': no delegate name"));
  }
  if (parts.size() == 2 && !parts[1].empty()) {
    for (absl::string_view kv : absl::StrSplit(parts[1], ',', absl::SkipEmpty())) {
      std::vector<std::string> pair = absl::StrSplit(kv, absl::MaxSplits('=', 1));
      if (pair.size() != 2 || pair[0].empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--delegate '", spec, "': option '", kv, "' is not key=value"));
      }
      request.options.emplace_back(pair[0], pair[1]);
    }
  }
  return request;
}

absl::StatusOr<InterpreterOptions> InterpreterOptionsFromFlags(OpRegistry& registry) {
  InterpreterOptions options;
  options.num_threads = absl::GetFlag(FLAGS_threads);
  if (options.num_threads < 1 || options.num_threads > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("--threads must be between 1 and 256, got ", options.num_threads));
  }
  for (const std::string& spec : absl::GetFlag(FLAGS_delegate).values) {
    auto request = ParseDelegateSpec(spec);
    if (!request.ok()) return request.status();
    if (request->name.find('/') != std::string::npos || absl::EndsWith(request->name, ".so")) {
      auto plugin = LoadPlugin(request->name, &registry);
      if (!plugin.ok()) return plugin.status();
      std::string found;
      for (const DelegateEntry* d : registry.delegates()) {
        if (d->plugin == *plugin) found = d->name;
      }
      if (found.empty()) {
        return absl::InvalidArgumentError(absl::StrCat("--delegate ", request->name, ": plugin '",
                                                       (*plugin)->name, "' registers no delegate"));
      }
      request->name = found;
    }
    options.delegates.push_back(*std::move(request));
  }
  options.delegate_fallback = absl::GetFlag(FLAGS_delegate_fallback);
  options.fuse_producers = absl::GetFlag(FLAGS_fuse);
  return options;
}

absl::StatusOr<std::vector<uint8_t>> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  return bytes;
}

absl::Status WriteFile(const std::string& path, const void* data, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return absl::PermissionDeniedError(absl::StrCat(path, ": cannot write"));
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  if (!out) return absl::DataLossError(absl::StrCat(path, ": write failed"));
  return absl::OkStatus();
}

namespace {

// Fills a tensor with uniform values over a range that suits its type.
std::string FillRandom(const Tensor& t, uint32_t seed) {
  std::mt19937 rng(seed);
  const int64_t n = t.num_elements();
  auto ints = [&](auto* p, int64_t lo, int64_t hi) {
    std::uniform_int_distribution<int64_t> d(lo, hi);
    for (int64_t i = 0; i < n; ++i) p[i] = static_cast<std::remove_pointer_t<decltype(p)>>(d(rng));
    return absl::StrCat("[", lo, ", ", hi, "]");
  };
  switch (t.type()) {
    case PLINTH_FLOAT32: {
      std::uniform_real_distribution<float> d(-1.f, 1.f);
      float* p = t.data<float>();
      for (int64_t i = 0; i < n; ++i) p[i] = d(rng);
      return "[-1, 1)";
    }
    case PLINTH_FLOAT64: {
      std::uniform_real_distribution<double> d(-1.0, 1.0);
      double* p = t.data<double>();
      for (int64_t i = 0; i < n; ++i) p[i] = d(rng);
      return "[-1, 1)";
    }
    case PLINTH_INT8:
      return ints(t.data<int8_t>(), -128, 127);
    case PLINTH_UINT8:
      return ints(t.data<uint8_t>(), 0, 255);
    case PLINTH_INT16:
      return ints(t.data<int16_t>(), -32768, 32767);
    case PLINTH_INT32:
      return ints(t.data<int32_t>(), 0, 9);
    case PLINTH_INT64:
      return ints(t.data<int64_t>(), 0, 9);
    case PLINTH_BOOL:
      return ints(t.data<uint8_t>(), 0, 1);
    default:
      std::memset(t.raw_data(), 0, t.bytes());
      return "zeros";
  }
}

}  // namespace

absl::Status FillInputs(Interpreter& interp, const std::vector<std::string>& specs, uint32_t seed) {
  std::vector<int> given(interp.num_inputs(), 0);
  for (const std::string& spec : specs) {
    std::vector<std::string> kv = absl::StrSplit(spec, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty() || kv[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--input '", spec, "': expected KEY=FILE or KEY=random"));
    }
    size_t index;
    if (!absl::SimpleAtoi(kv[0], &index)) {
      auto found = interp.FindInput(kv[0]);
      if (!found.ok()) return found.status();
      index = *found;
    } else if (index >= interp.num_inputs()) {
      return absl::OutOfRangeError(
          absl::StrCat("--input '", spec, "': the model has ", interp.num_inputs(), " inputs"));
    }
    Tensor t = interp.input(index);
    if (kv[1] == "random") {
      std::string range = FillRandom(t, seed + static_cast<uint32_t>(index));
      std::fprintf(stderr, "input %zu ('%s'): random %s values in %s (seed %u)\n", index, t.name(),
                   TypeName(t.type()), range.c_str(), seed + static_cast<uint32_t>(index));
    } else {
      auto bytes = ReadFile(kv[1]);
      if (!bytes.ok()) return bytes.status();
      if (auto s = interp.SetInput(index, *bytes); !s.ok()) {
        return absl::InvalidArgumentError(absl::StrCat(kv[1], ": ", s.message()));
      }
    }
    given[index] = 1;
  }
  for (size_t i = 0; i < interp.num_inputs(); ++i) {
    if (given[i]) continue;
    Tensor t = interp.input(i);
    std::string range = FillRandom(t, seed + static_cast<uint32_t>(i));
    std::fprintf(stderr,
                 "input %zu ('%s') not given: filled with random %s values in %s (seed %u)\n", i,
                 t.name(), TypeName(t.type()), range.c_str(), seed + static_cast<uint32_t>(i));
  }
  return absl::OkStatus();
}

std::string DescribeTensor(const Tensor& t) {
  std::string s = absl::StrCat(TypeName(t.type()), ShapeString(t));
  if (t.num_quant_params() == 1) {
    absl::StrAppend(&s, " q(scale=", t.scale(), ", zp=", t.zero_point(), ")");
  } else if (t.num_quant_params() > 1) {
    absl::StrAppend(&s, " q(", t.num_quant_params(), " channels on axis ", t.quantized_dimension(),
                    ")");
  }
  return s;
}

namespace {

double ValueAt(const Tensor& t, int64_t i) {
  switch (t.type()) {
    case PLINTH_FLOAT32:
      return t.data<float>()[i];
    case PLINTH_FLOAT64:
      return t.data<double>()[i];
    case PLINTH_INT8:
      return t.data<int8_t>()[i];
    case PLINTH_UINT8:
      return t.data<uint8_t>()[i];
    case PLINTH_INT16:
      return t.data<int16_t>()[i];
    case PLINTH_INT32:
      return t.data<int32_t>()[i];
    case PLINTH_INT64:
      return static_cast<double>(t.data<int64_t>()[i]);
    case PLINTH_BOOL:
      return t.data<uint8_t>()[i];
    default:
      return 0;
  }
}

std::string FormatNumber(const Tensor& t, double v) {
  if (t.type() == PLINTH_FLOAT32 || t.type() == PLINTH_FLOAT64) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.6g", v);
    return buffer;
  }
  std::string s = absl::StrCat(static_cast<int64_t>(v));
  if (t.num_quant_params() == 1) {
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.5g", t.scale() * (v - t.zero_point()));
    absl::StrAppend(&s, "(", buffer, ")");
  }
  return s;
}

}  // namespace

std::string FormatValues(const Tensor& t, int top_k) {
  const int64_t n = t.num_elements();
  if (t.raw_data() == nullptr || n == 0) return "(empty)";
  if (TypeSize(t.type()) == 0) return "(not printable)";
  int64_t classes = t.rank() >= 1 ? t.dim(-1) : 0;
  if (top_k > 0 && n == classes && n >= 10) {
    std::vector<int64_t> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    int64_t k = std::min<int64_t>(top_k, n);
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [&](int64_t a, int64_t b) { return ValueAt(t, a) > ValueAt(t, b); });
    std::vector<std::string> parts;
    for (int64_t i = 0; i < k; ++i) {
      parts.push_back(absl::StrCat("#", order[i], "=", FormatNumber(t, ValueAt(t, order[i]))));
    }
    return absl::StrCat("top-", k, ": ", absl::StrJoin(parts, " "));
  }
  const int64_t shown = std::min<int64_t>(n, 8);
  std::vector<std::string> parts;
  for (int64_t i = 0; i < shown; ++i) parts.push_back(FormatNumber(t, ValueAt(t, i)));
  return absl::StrCat("[", absl::StrJoin(parts, ", "),
                      n > shown ? absl::StrCat(", ... (", n, " values)") : "", "]");
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

}  // namespace plinth::cli
