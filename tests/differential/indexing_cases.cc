// Differential cases for the indexing/ kernels: GATHER, GATHER_ND, SCATTER_ND, EMBEDDING_LOOKUP,
// DYNAMIC_UPDATE_SLICE, FILL, ZEROS_LIKE, RANGE, ONE_HOT, WHERE, TOPK_V2. These move or generate
// values, so every output is bit-exact, except RANGE's float accumulation (1 ulp) and the hybrid
// EMBEDDING_LOOKUP's int8 * scale products (1 ulp).
#include <algorithm>
#include <cctype>
#include <string>

#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {
namespace {

QuantSpec Q(float scale, int64_t zero_point) { return QuantSpec{{scale}, {zero_point}}; }

// A fed input holding raw bytes.
int Feed(DiffCase& c, PlinthType type, std::vector<int32_t> shape, std::vector<uint8_t> bytes,
         QuantSpec quant = {}) {
  int t = c.builder.AddTensor(type, std::move(shape), "", std::move(quant));
  c.inputs.push_back(t);
  c.feeds.push_back(std::move(bytes));
  return t;
}

// Random bytes of `count` elements of `type` (bools are 0/1, float16 finite halves).
std::vector<uint8_t> RandomBytes(PlinthType type, size_t count, uint32_t seed) {
  switch (type) {
    case PLINTH_FLOAT32:
      return Bytes(RandomValues<float>(count, -5, 5, seed));
    case PLINTH_INT32:
      return Bytes(RandomValues<int32_t>(count, -100000, 100000, seed));
    case PLINTH_INT64:
      return Bytes(RandomValues<int64_t>(count, -1e12, 1e12, seed));
    case PLINTH_INT16:
      return Bytes(RandomValues<int16_t>(count, -32768, 32767, seed));
    case PLINTH_INT8:
      return Bytes(RandomValues<int8_t>(count, -128, 127, seed));
    case PLINTH_UINT8:
      return Bytes(RandomValues<uint8_t>(count, 0, 255, seed));
    case PLINTH_FLOAT16:
      return Bytes(RandomValues<uint16_t>(count, 0, 0x7BFF, seed));
    case PLINTH_BOOL: {
      std::vector<uint8_t> v;
      for (int32_t b : RandomValues<int32_t>(count, 0, 1, seed)) v.push_back(b != 0);
      return v;
    }
    default:
      return {};
  }
}

std::string Name(PlinthType type) {
  std::string s = TypeName(type);
  for (char& ch : s) ch = static_cast<char>(std::tolower(ch));
  return s;
}

template <class I>
std::vector<uint8_t> IndexBytes(PlinthType type, const std::vector<I>& v) {
  if (type == PLINTH_INT64) return Bytes(std::vector<int64_t>(v.begin(), v.end()));
  if (type == PLINTH_INT16) return Bytes(std::vector<int16_t>(v.begin(), v.end()));
  return Bytes(std::vector<int32_t>(v.begin(), v.end()));
}

PLINTH_DIFF_CASES(GatherCases) {
  struct G {
    std::string name;
    std::vector<int32_t> params;
    std::vector<int32_t> positions_shape;
    std::vector<int32_t> positions;
    int axis, batch_dims;
  };
  const std::vector<G> geometries = {
      {"axis0", {5, 3}, {4}, {4, 0, 2, 0}, 0, 0},
      {"axis1_2d_positions", {3, 6, 2}, {2, 3}, {5, 0, 1, 1, 3, 2}, 1, 0},
      {"neg_axis", {3, 4, 5}, {3}, {4, 4, 1}, -1, 0},
      {"batch_dims", {2, 4, 3}, {2, 3}, {3, 0, 1, 2, 2, 0}, 1, 1},
      {"neg_batch_dims", {2, 3, 4, 2}, {2, 3, 2}, {3, 0, 1, 2, 2, 0, 3, 3, 1, 0, 2, 1}, 2, -1},
      {"scalar_position", {4, 3}, {}, {2}, 0, 0},
  };
  const std::vector<PlinthType> types = {PLINTH_FLOAT32, PLINTH_INT32,  PLINTH_INT64,
                                         PLINTH_INT8,    PLINTH_UINT8,  PLINTH_INT16,
                                         PLINTH_BOOL,    PLINTH_FLOAT16};
  uint32_t seed = 100;
  for (const G& g : geometries) {
    for (PlinthType type : types) {
      for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64, PLINTH_INT16}) {
        if (index_type != PLINTH_INT32 && type != PLINTH_FLOAT32) continue;
        DiffCase c("gather_" + g.name + "_" + Name(type) + "_" + Name(index_type), "exact");
        QuantSpec q = type == PLINTH_INT8 ? Q(0.1f, -3) : QuantSpec{};
        int p = Feed(c, type, g.params, RandomBytes(type, NumElementsOf(g.params), seed++), q);
        int i = Feed(c, index_type, g.positions_shape, IndexBytes(index_type, g.positions));
        int y = c.builder.AddTensor(type, {}, "", q);
        c.builder.AddOperator("GATHER", {p, i}, {y},
                              {{"axis", g.axis}, {"batch_dims", g.batch_dims}});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
  }
}

PLINTH_DIFF_CASES(GatherNdCases) {
  struct G {
    std::string name;
    std::vector<int32_t> params, indices_shape, indices;
  };
  const std::vector<G> geometries = {
      {"full", {3, 4}, {5, 2}, {0, 0, 2, 3, 1, 2, 2, 0, 0, 3}},
      {"slices", {3, 4, 2}, {2, 2, 1}, {2, 0, 1, 1}},
      {"rows", {4, 3, 2}, {3, 2}, {3, 1, 0, 2, 3, 0}},
      {"all", {2, 3}, {2, 0}, {}},
  };
  uint32_t seed = 200;
  for (const G& g : geometries) {
    for (PlinthType type : {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8,
                            PLINTH_INT16, PLINTH_BOOL}) {
      for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64, PLINTH_INT16}) {
        if (index_type != PLINTH_INT32 && type != PLINTH_FLOAT32) continue;
        DiffCase c("gather_nd_" + g.name + "_" + Name(type) + "_" + Name(index_type), "exact");
        int p = Feed(c, type, g.params, RandomBytes(type, NumElementsOf(g.params), seed++));
        int i = Feed(c, index_type, g.indices_shape, IndexBytes(index_type, g.indices));
        int y = c.builder.AddTensor(type, {});
        c.builder.AddOperator("GATHER_ND", {p, i}, {y});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
  }
}

PLINTH_DIFF_CASES(ScatterNdCases) {
  // Repeated indices accumulate.
  const std::vector<int32_t> indices = {1, 0, 3, 1, 1, 0};  // [3, 2] into [4, 2, 3]
  uint32_t seed = 300;
  for (PlinthType type :
       {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_BOOL}) {
    for (bool fed_shape : {false, true}) {
      DiffCase c("scatter_nd_" + Name(type) + (fed_shape ? "_dynamic" : ""),
                 type == PLINTH_FLOAT32 ? "ulp 1" : "exact");
      int i = Feed(c, PLINTH_INT32, {3, 2}, Bytes(indices));
      int u = Feed(c, type, {3, 3}, RandomBytes(type, 9, seed++));
      const std::vector<int32_t> shape = {4, 2, 3};
      int s = fed_shape ? Feed(c, PLINTH_INT32, {3}, Bytes(shape))
                        : c.builder.AddConstant<int32_t>(PLINTH_INT32, {3}, shape);
      int y = c.builder.AddTensor(type, {4, 2, 3});
      c.builder.AddOperator("SCATTER_ND", {i, u, s}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  // Whole-tensor slices (indices address only the first dimension).
  DiffCase c("scatter_nd_rows_f32", "ulp 1");
  int i = Feed(c, PLINTH_INT32, {2, 1}, Bytes(std::vector<int32_t>{2, 0}));
  int u = Feed(c, PLINTH_FLOAT32, {2, 3, 2}, RandomBytes(PLINTH_FLOAT32, 12, 399));
  int s = c.builder.AddConstant<int32_t>(PLINTH_INT32, {3}, {4, 3, 2});
  int y = c.builder.AddTensor(PLINTH_FLOAT32, {4, 3, 2});
  c.builder.AddOperator("SCATTER_ND", {i, u, s}, {y});
  c.Outputs({y});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(EmbeddingLookupCases) {
  // ai-edge-litert 1.4.0 copies float32, int8 and uint8 rows only (current TFLite copies any
  // type; Plinth does too, see embedding_lookup_test.cc).
  const std::vector<int32_t> ids = {2, 0, 4, 2};
  struct E {
    std::string name;
    PlinthType value_type, output_type;
    QuantSpec q;
    std::string tolerance;
  };
  const std::vector<E> kinds = {
      {"f32", PLINTH_FLOAT32, PLINTH_FLOAT32, {}, "exact"},
      {"u8_passthrough", PLINTH_UINT8, PLINTH_UINT8, Q(0.5f, 128), "exact"},
      {"i8_passthrough", PLINTH_INT8, PLINTH_INT8, Q(0.05f, 3), "exact"},
      {"hybrid_i8", PLINTH_INT8, PLINTH_FLOAT32, Q(0.037f, 0), "ulp 1"},
      {"hybrid_u8", PLINTH_UINT8, PLINTH_FLOAT32, Q(0.021f, 0), "ulp 1"},
      {"hybrid_i8_per_row", PLINTH_INT8, PLINTH_FLOAT32,
       QuantSpec{{0.01f, 0.02f, 0.03f, 0.04f, 0.05f}, {0, 0, 0, 0, 0}, 0}, "ulp 1"},
  };
  uint32_t seed = 400;
  for (const E& e : kinds) {
    DiffCase c("embedding_lookup_" + e.name, e.tolerance);
    int l = Feed(c, PLINTH_INT32, {4}, Bytes(ids));
    const std::vector<int32_t> value_shape = {5, 3, 2};
    auto bytes = RandomBytes(e.value_type, 30, seed++);
    int v =
        c.builder.AddConstantBytes(e.value_type, value_shape, bytes.data(), bytes.size(), "", e.q);
    QuantSpec out_q = e.output_type == e.value_type ? e.q : QuantSpec{};
    int y = c.builder.AddTensor(e.output_type, {4, 3, 2}, "", out_q);
    c.builder.AddOperator("EMBEDDING_LOOKUP", {l, v}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(DynamicUpdateSliceCases) {
  struct D {
    std::string name;
    std::vector<int32_t> operand, update;
    std::vector<int64_t> start;
  };
  // Starts outside the valid range are clamped.
  const std::vector<D> geometries = {
      {"inside", {4, 5, 3}, {2, 2, 3}, {1, 2, 0}},
      {"clamped", {4, 5, 3}, {2, 3, 2}, {-3, 4, 7}},
      {"full", {3, 4}, {3, 4}, {1, 1}},
      {"vector", {9}, {4}, {7}},
  };
  uint32_t seed = 500;
  for (const D& g : geometries) {
    for (PlinthType type : {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_INT16,
                            PLINTH_BOOL, PLINTH_FLOAT16}) {
      for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64}) {
        if (index_type == PLINTH_INT64 && type != PLINTH_FLOAT32) continue;
        DiffCase c("dynamic_update_slice_" + g.name + "_" + Name(type) + "_" + Name(index_type),
                   "exact");
        int o = Feed(c, type, g.operand, RandomBytes(type, NumElementsOf(g.operand), seed++));
        int u = Feed(c, type, g.update, RandomBytes(type, NumElementsOf(g.update), seed++));
        int s = Feed(c, index_type, {static_cast<int32_t>(g.start.size())},
                     IndexBytes(index_type, g.start));
        int y = c.builder.AddTensor(type, g.operand);
        c.builder.AddOperator("DYNAMIC_UPDATE_SLICE", {o, u, s}, {y});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
  }
}

PLINTH_DIFF_CASES(FillZerosLikeCases) {
  uint32_t seed = 600;
  for (PlinthType type :
       {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_INT16, PLINTH_BOOL}) {
    for (bool fed_dims : {false, true}) {
      DiffCase c("fill_" + Name(type) + (fed_dims ? "_dynamic" : ""), "exact");
      const std::vector<int32_t> dims = {2, 3, 4};
      int d = fed_dims ? Feed(c, PLINTH_INT32, {3}, Bytes(dims))
                       : c.builder.AddConstant<int32_t>(PLINTH_INT32, {3}, dims);
      QuantSpec q = type == PLINTH_INT8    ? Q(0.1f, 5)
                    : type == PLINTH_INT16 ? Q(0.01f, 0)
                                           : QuantSpec{};
      int v = Feed(c, type, {}, RandomBytes(type, 1, seed++), q);
      int y = c.builder.AddTensor(type, dims, "", q);
      c.builder.AddOperator("FILL", {d, v}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  {
    DiffCase c("fill_i64_dims", "exact");
    int d = c.builder.AddConstant<int64_t>(PLINTH_INT64, {2}, {3, 5});
    int v = Feed(c, PLINTH_FLOAT32, {}, Bytes(std::vector<float>{2.5f}));
    int y = c.builder.AddTensor(PLINTH_FLOAT32, {3, 5});
    c.builder.AddOperator("FILL", {d, v}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  for (PlinthType type : {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64}) {
    DiffCase c("zeros_like_" + Name(type), "exact");
    int x = Feed(c, type, {3, 1, 4}, RandomBytes(type, 12, seed++));
    int y = c.builder.AddTensor(type, {3, 1, 4});
    c.builder.AddOperator("ZEROS_LIKE", {x}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(RangeCases) {
  auto add = [&](const std::string& name, PlinthType type, std::vector<uint8_t> start,
                 std::vector<uint8_t> limit, std::vector<uint8_t> delta, bool fed,
                 const std::string& tolerance) {
    DiffCase c("range_" + name + (fed ? "_dynamic" : ""), tolerance);
    auto scalar = [&](const std::vector<uint8_t>& bytes) {
      return fed ? Feed(c, type, {}, bytes)
                 : c.builder.AddConstantBytes(type, {}, bytes.data(), bytes.size());
    };
    int s = scalar(start), l = scalar(limit), d = scalar(delta);
    int y = c.builder.AddTensor(type, {});
    c.builder.AddOperator("RANGE", {s, l, d}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  };
  for (bool fed : {false, true}) {
    add("i32", PLINTH_INT32, Bytes(std::vector<int32_t>{-3}), Bytes(std::vector<int32_t>{17}),
        Bytes(std::vector<int32_t>{3}), fed, "exact");
    add("i32_down", PLINTH_INT32, Bytes(std::vector<int32_t>{10}), Bytes(std::vector<int32_t>{-4}),
        Bytes(std::vector<int32_t>{-4}), fed, "exact");
    add("i64", PLINTH_INT64, Bytes(std::vector<int64_t>{int64_t{1} << 40}),
        Bytes(std::vector<int64_t>{(int64_t{1} << 40) + 50}), Bytes(std::vector<int64_t>{7}), fed,
        "exact");
    add("f32", PLINTH_FLOAT32, Bytes(std::vector<float>{0.1f}), Bytes(std::vector<float>{3.3f}),
        Bytes(std::vector<float>{0.3f}), fed, "ulp 1");
    add("f32_down", PLINTH_FLOAT32, Bytes(std::vector<float>{2.f}),
        Bytes(std::vector<float>{-1.25f}), Bytes(std::vector<float>{-0.5f}), fed, "ulp 1");
  }
}

PLINTH_DIFF_CASES(OneHotCases) {
  // Indices outside [0, depth) give all-off rows.
  const std::vector<int32_t> indices = {0, 3, 1, -1, 2, 5};
  uint32_t seed = 700;
  for (int axis : {-1, 0, 1}) {
    for (PlinthType type :
         {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_BOOL}) {
      for (PlinthType index_type : {PLINTH_INT32, PLINTH_INT64}) {
        if (index_type == PLINTH_INT64 && type != PLINTH_FLOAT32) continue;
        DiffCase c(
            "one_hot_axis" + std::to_string(axis) + "_" + Name(type) + "_" + Name(index_type),
            "exact");
        int i = Feed(c, index_type, {2, 3}, IndexBytes(index_type, indices));
        int d = c.builder.AddConstant<int32_t>(PLINTH_INT32, {}, {4});
        int on = Feed(c, type, {}, RandomBytes(type, 1, seed++));
        auto off_bytes = RandomBytes(type, 1, seed++);
        if (type == PLINTH_BOOL) off_bytes[0] = 0;
        int off = Feed(c, type, {}, off_bytes);
        int y = c.builder.AddTensor(type, {});
        c.builder.AddOperator("ONE_HOT", {i, d, on, off}, {y}, {{"axis", axis}});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
  }
  DiffCase c("one_hot_dynamic_depth", "exact");
  int i = Feed(c, PLINTH_INT32, {4}, Bytes(std::vector<int32_t>{2, 0, 1, 2}));
  int d = Feed(c, PLINTH_INT32, {}, Bytes(std::vector<int32_t>{3}));
  int on = c.builder.AddConstant<float>(PLINTH_FLOAT32, {}, {1.f});
  int off = c.builder.AddConstant<float>(PLINTH_FLOAT32, {}, {0.f});
  int y = c.builder.AddTensor(PLINTH_FLOAT32, {});
  c.builder.AddOperator("ONE_HOT", {i, d, on, off}, {y}, {{"axis", -1}});
  c.Outputs({y});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(WhereCases) {
  uint32_t seed = 800;
  for (PlinthType type :
       {PLINTH_BOOL, PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8}) {
    DiffCase c("where_" + Name(type), "exact");
    // Mostly zeros, so the coordinate list is sparse.
    auto choose = RandomValues<int32_t>(24, 0, 2, seed++);
    auto values = RandomBytes(type, 24, seed++);
    const size_t size = TypeSize(type);
    for (size_t k = 0; k < choose.size(); ++k) {
      if (choose[k] != 0) std::fill_n(values.begin() + k * size, size, uint8_t{0});
    }
    int x = Feed(c, type, {2, 3, 4}, values);
    int y = c.builder.AddTensor(PLINTH_INT64, {});
    c.builder.AddOperator("WHERE", {x}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  DiffCase c("where_constant_1d", "exact");
  int x = c.builder.AddConstant<uint8_t>(PLINTH_BOOL, {6}, {0, 1, 1, 0, 0, 1});
  int y = c.builder.AddTensor(PLINTH_INT64, {3, 1});
  c.builder.AddOperator("WHERE", {x}, {y});
  c.Outputs({y});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(TopKCases) {
  uint32_t seed = 900;
  for (PlinthType type :
       {PLINTH_FLOAT32, PLINTH_INT32, PLINTH_INT64, PLINTH_INT8, PLINTH_UINT8, PLINTH_INT16}) {
    for (bool fed_k : {false, true}) {
      DiffCase c("topk_" + Name(type) + (fed_k ? "_dynamic" : ""), "exact");
      std::vector<uint8_t> values;
      if (type == PLINTH_FLOAT32) {
        // Few distinct values: many ties, which keep the lower index first.
        auto ints = RandomValues<int32_t>(60, -3, 3, seed++);
        values = Bytes(std::vector<float>(ints.begin(), ints.end()));
      } else {
        values = RandomBytes(type, 60, seed++);
      }
      int x = Feed(c, type, {3, 4, 5}, values);
      int k = fed_k ? Feed(c, PLINTH_INT32, {}, Bytes(std::vector<int32_t>{3}))
                    : c.builder.AddConstant<int32_t>(PLINTH_INT32, {}, {3});
      int v = c.builder.AddTensor(type, {3, 4, 3});
      int i = c.builder.AddTensor(PLINTH_INT32, {3, 4, 3});
      c.builder.AddOperator("TOPK_V2", {x, k}, {v, i});
      c.Outputs({v, i});
      cases->push_back(std::move(c));
    }
  }
}

}  // namespace
}  // namespace plinth::testing
