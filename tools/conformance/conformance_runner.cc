#include "tools/conformance/conformance_runner.h"

#include <cmath>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/interpreter.h"
#include "tools/conformance/conformance_cases.h"

namespace plinth::conformance {
namespace {

// Output values widened for comparison.
std::vector<double> Widen(const Tensor& t) {
  std::vector<double> v(static_cast<size_t>(t.num_elements()));
  for (size_t i = 0; i < v.size(); ++i) {
    switch (t.type()) {
      case PLINTH_FLOAT32:
        v[i] = t.data<float>()[i];
        break;
      case PLINTH_INT8:
        v[i] = t.data<int8_t>()[i];
        break;
      case PLINTH_UINT8:
        v[i] = t.data<uint8_t>()[i];
        break;
      case PLINTH_INT16:
        v[i] = t.data<int16_t>()[i];
        break;
      case PLINTH_INT32:
        v[i] = t.data<int32_t>()[i];
        break;
      case PLINTH_INT64:
        v[i] = static_cast<double>(t.data<int64_t>()[i]);
        break;
      case PLINTH_BOOL:
        v[i] = t.data<uint8_t>()[i];
        break;
      default:
        v[i] = 0;
    }
  }
  return v;
}

int64_t UlpDistance(float a, float b) {
  int32_t ia, ib;
  std::memcpy(&ia, &a, 4);
  std::memcpy(&ib, &b, 4);
  // Map the sign-magnitude encoding onto a monotonic integer line.
  int64_t la = ia < 0 ? int64_t{INT32_MIN} - ia : ia;
  int64_t lb = ib < 0 ? int64_t{INT32_MIN} - ib : ib;
  return std::llabs(la - lb);
}

struct Outcome {
  absl::Status status;
  std::vector<std::unique_ptr<Interpreter>> keep;  // outputs live in the interpreter
  bool delegated = false;
};

Outcome RunCase(const std::shared_ptr<const Model>& model,
                std::shared_ptr<const OpRegistry> registry, const Case& c,
                const std::vector<DelegateRequest>& delegates) {
  Outcome o;
  InterpreterOptions options;
  options.delegates = delegates;
  options.delegate_fallback = false;
  options.warning_sink = [](const std::string&) {};
  auto interp = Interpreter::Create(model, std::move(registry), options);
  if (!interp.ok()) {
    o.status = interp.status();
    return o;
  }
  o.delegated = !(*interp)->placement().partitions.empty();
  o.status = (*interp)->AllocateTensors();
  for (size_t i = 0; o.status.ok() && i < c.feeds.size(); ++i)
    o.status = (*interp)->SetInput(i, c.feeds[i]);
  if (o.status.ok()) o.status = (*interp)->Invoke();
  // A fallback during prepare moves nodes back to the CPU: that is not a pass for the delegate.
  o.delegated = o.delegated && !(*interp)->placement().partitions.empty();
  o.keep.push_back(*std::move(interp));
  return o;
}

Row& RowFor(Report* report, const std::string& op, PlinthType type) {
  for (Row& r : report->rows) {
    if (r.op == op && r.type == type) return r;
  }
  Row row;
  row.op = op;
  row.type = type;
  report->rows.push_back(std::move(row));
  return report->rows.back();
}

}  // namespace

Distance Compare(const Tensor& reference, const Tensor& got, const Tolerance& tol) {
  Distance d;
  std::vector<double> x = Widen(reference), y = Widen(got);
  double max_ref = 0;
  const bool is_float = reference.type() == PLINTH_FLOAT32;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    max_ref = std::max(max_ref, std::fabs(x[i]));
    const double diff = std::isnan(x[i]) && std::isnan(y[i]) ? 0 : std::fabs(x[i] - y[i]);
    d.max_abs = std::max(d.max_abs, std::isnan(diff) ? INFINITY : diff);
    if (is_float) {
      d.max_ulp =
          std::max(d.max_ulp, UlpDistance(reference.data<float>()[i], got.data<float>()[i]));
    }
  }
  d.max_rel = d.max_abs / std::max(max_ref, 1e-30);
  switch (tol.kind) {
    case Tolerance::Kind::kRelative:
      d.within = d.max_abs <= tol.value * max_ref;
      break;
    case Tolerance::Kind::kAbsolute:
      d.within = d.max_abs <= tol.value;
      break;
    case Tolerance::Kind::kUlp:
      d.within = is_float ? d.max_ulp <= tol.value : d.max_abs <= tol.value;
      break;
    case Tolerance::Kind::kLsb:
      d.within = d.max_abs <= tol.value;
      break;
  }
  return d;
}

absl::StatusOr<std::map<PlinthType, Tolerance>> ParseTolerances(
    const std::vector<std::string>& specs) {
  std::map<PlinthType, Tolerance> tolerances = DefaultTolerances();
  for (const std::string& spec : specs) {
    const size_t eq = spec.find('=');
    bool known = false;
    PlinthType type = PLINTH_FLOAT32;
    for (int t = PLINTH_FLOAT32; eq != std::string::npos && t <= PLINTH_BFLOAT16; ++t) {
      if (absl::EqualsIgnoreCase(spec.substr(0, eq), TypeName(static_cast<PlinthType>(t)))) {
        type = static_cast<PlinthType>(t);
        known = true;
      }
    }
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("--tolerance '", spec, "': expected TYPE=KIND:VALUE, e.g. float32=ulp:16"));
    }
    auto tol = ParseTolerance(spec.substr(eq + 1));
    if (!tol.ok()) return tol.status();
    tolerances[type] = *tol;
  }
  return tolerances;
}

absl::StatusOr<Tolerance> ParseTolerance(const std::string& text) {
  Tolerance t;
  const size_t colon = text.find(':');
  if (colon == std::string::npos || !absl::SimpleAtod(text.substr(colon + 1), &t.value) ||
      t.value < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tolerance '", text, "': expected KIND:VALUE, e.g. rel:1e-4, abs:0.01, ulp:16, lsb:1"));
  }
  const std::string kind = text.substr(0, colon);
  if (kind == "rel") {
    t.kind = Tolerance::Kind::kRelative;
  } else if (kind == "abs") {
    t.kind = Tolerance::Kind::kAbsolute;
  } else if (kind == "ulp") {
    t.kind = Tolerance::Kind::kUlp;
  } else if (kind == "lsb") {
    t.kind = Tolerance::Kind::kLsb;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("tolerance kind '", kind, "' is not rel, abs, ulp or lsb"));
  }
  return t;
}

std::string ToString(const Tolerance& t) {
  const char* kind = t.kind == Tolerance::Kind::kRelative   ? "rel"
                     : t.kind == Tolerance::Kind::kAbsolute ? "abs"
                     : t.kind == Tolerance::Kind::kUlp      ? "ulp"
                                                            : "lsb";
  return absl::StrCat(kind, ":", t.value);
}

std::map<PlinthType, Tolerance> DefaultTolerances() {
  return {{PLINTH_FLOAT32, {Tolerance::Kind::kRelative, 1e-4}},
          {PLINTH_FLOAT16, {Tolerance::Kind::kRelative, 1e-2}},
          {PLINTH_INT8, {Tolerance::Kind::kLsb, 1}},
          {PLINTH_UINT8, {Tolerance::Kind::kLsb, 1}},
          {PLINTH_INT16, {Tolerance::Kind::kLsb, 1}},
          {PLINTH_INT32, {Tolerance::Kind::kLsb, 0}}};
}

absl::StatusOr<Report> Run(std::shared_ptr<const OpRegistry> registry, const Options& options) {
  Report report;
  report.delegate = options.delegate.name;
  std::vector<Case> cases = AllCases(options.op_filter);
  if (cases.empty()) return absl::NotFoundError("no conformance case matches the op filter");
  for (size_t k = 0; k < cases.size(); ++k) {
    const Case& c = cases[k];
    Row& row = RowFor(&report, c.op, c.type);
    auto bytes = c.model.Build();
    if (!bytes.ok()) return bytes.status();
    auto model = Model::FromBuffer(*bytes, absl::StrCat("conformance/", c.op));
    if (!model.ok()) return model.status();
    Outcome reference = RunCase(*model, registry, c, {});
    if (!reference.status.ok()) {
      return absl::InternalError(absl::StrCat("the built-in kernels cannot run conformance case ",
                                              c.op, " ", c.description, ": ",
                                              reference.status.message()));
    }
    Outcome delegated = RunCase(*model, registry, c, {options.delegate});
    if (!delegated.status.ok() && absl::StrContains(delegated.status.message(), "is unavailable")) {
      return delegated.status;  // the delegate cannot be created at all
    }
    if (delegated.status.ok() && !delegated.delegated) {
      ++row.unsupported;
    } else {
      ++row.cases;
      ++report.compared_cases;
      std::string why;
      if (!delegated.status.ok()) {
        why = std::string(delegated.status.message());
      } else {
        const Interpreter& ref = *reference.keep[0];
        const Interpreter& got = *delegated.keep[0];
        auto tol_it = options.tolerances.find(c.type);
        const Tolerance tol = tol_it != options.tolerances.end() ? tol_it->second : Tolerance{};
        for (size_t o = 0; o < ref.num_outputs() && why.empty(); ++o) {
          Tensor a = ref.output(o), b = got.output(o);
          if (!a.SameShape(b)) {
            why = absl::StrCat("output ", o, " shape ", ShapeString(b), " vs ", ShapeString(a));
            break;
          }
          const Distance d = Compare(a, b, tol);
          const bool is_float = a.type() == PLINTH_FLOAT32;
          row.max_abs = std::max(row.max_abs, d.max_abs);
          row.max_rel = std::max(row.max_rel, d.max_rel);
          if (is_float) {
            row.max_ulp = std::max(row.max_ulp, d.max_ulp);
          } else {
            row.max_lsb = std::max(row.max_lsb, static_cast<int64_t>(d.max_abs));
          }
          if (!d.within) {
            why = absl::StrFormat("output %d: max abs %.3g, rel %.3g%s beyond %s", o, d.max_abs,
                                  d.max_rel, is_float ? absl::StrCat(", ", d.max_ulp, " ulp") : "",
                                  ToString(tol));
          }
        }
      }
      if (!why.empty()) {
        ++row.failed;
        ++report.failed_cases;
        row.failures.push_back(absl::StrCat(c.description, ": ", why));
      }
    }
    if (options.progress) options.progress(k + 1, cases.size(), c.op);
  }
  return report;
}

std::string FormatTable(const Report& report, const std::map<PlinthType, Tolerance>& tolerances) {
  std::string out = absl::StrFormat("conformance of delegate '%s' against the built-in kernels\n\n",
                                    report.delegate);
  absl::StrAppend(
      &out, absl::StrFormat("%-20s %-8s %-6s %6s %6s %10s %10s %9s %s\n", "op", "type", "result",
                            "cases", "skip", "max abs", "max rel", "ulp/lsb", "tolerance"));
  for (const Row& r : report.rows) {
    const char* result = r.cases == 0 ? "-" : (r.failed > 0 ? "FAIL" : "pass");
    auto tol = tolerances.find(r.type);
    absl::StrAppend(&out,
                    absl::StrFormat("%-20s %-8s %-6s %6d %6d %10.3g %10.3g %9d %s\n", r.op,
                                    TypeName(r.type), result, r.cases, r.unsupported, r.max_abs,
                                    r.max_rel, r.type == PLINTH_FLOAT32 ? r.max_ulp : r.max_lsb,
                                    tol == tolerances.end() ? "-" : ToString(tol->second)));
  }
  for (const Row& r : report.rows) {
    for (const std::string& f : r.failures) {
      absl::StrAppend(&out, "FAIL ", r.op, " ", TypeName(r.type), " ", f, "\n");
    }
  }
  absl::StrAppend(&out, absl::StrFormat("\n%d cases compared, %d failed\n", report.compared_cases,
                                        report.failed_cases));
  return out;
}

std::string FormatJson(const Report& report, const std::map<PlinthType, Tolerance>& tolerances) {
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char ch : s) {
      if (ch == '"' || ch == '\\') q += '\\';
      q += ch == '\n' ? ' ' : ch;
    }
    return q + "\"";
  };
  std::string out = absl::StrCat("{\"delegate\": ", quote(report.delegate),
                                 ", \"compared_cases\": ", report.compared_cases,
                                 ", \"failed_cases\": ", report.failed_cases, ", \"rows\": [");
  for (size_t i = 0; i < report.rows.size(); ++i) {
    const Row& r = report.rows[i];
    auto tol = tolerances.find(r.type);
    absl::StrAppend(
        &out, i ? ", " : "", "{\"op\": ", quote(r.op), ", \"type\": ", quote(TypeName(r.type)),
        ", \"result\": ", quote(r.cases == 0 ? "unsupported" : (r.failed ? "fail" : "pass")),
        ", \"cases\": ", r.cases, ", \"failed\": ", r.failed, ", \"unsupported\": ", r.unsupported,
        ", \"max_abs\": ", absl::StrFormat("%.6g", r.max_abs),
        ", \"max_rel\": ", absl::StrFormat("%.6g", r.max_rel), ", \"max_ulp\": ", r.max_ulp,
        ", \"max_lsb\": ", r.max_lsb,
        ", \"tolerance\": ", quote(tol == tolerances.end() ? "" : ToString(tol->second)),
        ", \"failures\": [");
    for (size_t f = 0; f < r.failures.size(); ++f)
      absl::StrAppend(&out, f ? ", " : "", quote(r.failures[f]));
    absl::StrAppend(&out, "]}");
  }
  absl::StrAppend(&out, "]}\n");
  return out;
}

}  // namespace plinth::conformance
