// Differential cases for the reduction/ kernels: MEAN, SUM, REDUCE_PROD/MAX/MIN/ANY/ALL, ARG_MAX,
// ARG_MIN. Quantized and integer outputs must be bit-exact; float sums and means are accumulated
// in TFLite's order, so they get 1 ulp. CUMSUM has no kernel in TFLite's reference resolver
// (BUILTIN_REF), which this oracle uses; tests/builtin_ops/cumsum_test.cc covers it.
#include <limits>
#include <string>

#include "tests/builtin_ops/op_test_util.h"
#include "tests/builtin_ops/reference_util.h"
#include "tests/differential/diff_case.h"

namespace plinth::testing {
namespace {

QuantSpec Q(float scale, int64_t zero_point) { return QuantSpec{{scale}, {zero_point}}; }

// Output shape of a reduction over `axes` (possibly negative or repeated).
std::vector<int32_t> ReducedShape(const std::vector<int32_t>& shape, std::vector<int32_t> axes,
                                  bool keep_dims) {
  const int rank = static_cast<int>(shape.size());
  std::vector<bool> reduced(shape.size(), false);
  for (int32_t a : axes) reduced[a < 0 ? a + rank : a] = true;
  std::vector<int32_t> out;
  for (int d = 0; d < rank; ++d) {
    if (!reduced[d]) {
      out.push_back(shape[d]);
    } else if (keep_dims) {
      out.push_back(1);
    }
  }
  return out;
}

struct ReduceSpec {
  ReduceSpec(std::string op_name, std::vector<int32_t> input_shape, std::vector<int32_t> axis,
             bool keep, QuantSpec in = {}, QuantSpec out = {}, bool fed_axis = false)
      : op(std::move(op_name)),
        shape(std::move(input_shape)),
        axes(std::move(axis)),
        keep_dims(keep),
        in_q(std::move(in)),
        out_q(std::move(out)),
        axis_input(fed_axis) {}
  std::string op;
  std::vector<int32_t> shape;
  std::vector<int32_t> axes;
  bool keep_dims = false;
  QuantSpec in_q, out_q;
  bool axis_input = false;  // feed the axes instead of a constant: a dynamic output
};

template <class T>
DiffCase ReduceCase(const std::string& name, const std::string& tolerance, const ReduceSpec& s,
                    const std::vector<T>& values, PlinthType type = TypeOf<T>::value) {
  DiffCase c(name, tolerance);
  int x = c.Input<T>(s.shape, values, s.in_q, type);
  const std::vector<int32_t> axis_shape = {static_cast<int32_t>(s.axes.size())};
  int axis = s.axis_input ? c.Input<int32_t>(axis_shape, s.axes)
                          : c.builder.AddConstant<int32_t>(PLINTH_INT32, axis_shape, s.axes);
  int y = c.builder.AddTensor(type, ReducedShape(s.shape, s.axes, s.keep_dims), "", s.out_q);
  c.builder.AddOperator(s.op, {x, axis}, {y}, {{"keep_dims", s.keep_dims}});
  c.Outputs({y});
  return c;
}

size_t Count(const std::vector<int32_t>& shape) { return NumElementsOf(shape); }

PLINTH_DIFF_CASES(MeanCases) {
  // mobilenet_v2_100_224_int8_nchw_pytorch's MEAN shape: [1, 7, 7, 1280] over H and W, with and
  // without keep_dims, with equal and different input and output scales.
  const std::vector<int32_t> mnv2 = {1, 7, 7, 1280};
  struct Q8 {
    std::string tag;
    QuantSpec in, out;
  };
  const std::vector<Q8> int8_params = {
      {"scale_down", Q(0.0235f, -128), Q(0.0107f, -128)},
      {"scale_up", Q(0.0107f, -3), Q(0.0311f, 7)},
      {"same", Q(0.05f, -10), Q(0.05f, -10)},
      {"zp_edges", Q(0.1f, 127), Q(0.013f, -128)},
  };
  for (const Q8& q : int8_params) {
    auto v = RandomValues<int8_t>(Count(mnv2), -128, 127, 7);
    cases->push_back(ReduceCase<int8_t>("mean_i8_mnv2_" + q.tag, "exact",
                                        {"MEAN", mnv2, {1, 2}, false, q.in, q.out}, v));
    cases->push_back(ReduceCase<int8_t>("mean_i8_spatial_keepdims_" + q.tag, "exact",
                                        {"MEAN", {2, 5, 3, 8}, {1, 2}, true, q.in, q.out},
                                        RandomValues<int8_t>(240, -128, 127, 8)));
    cases->push_back(ReduceCase<int8_t>("mean_i8_spatial_keepdims_neg_" + q.tag, "exact",
                                        {"MEAN", {2, 5, 3, 8}, {-2, -3}, true, q.in, q.out},
                                        RandomValues<int8_t>(240, -128, 127, 9)));
    cases->push_back(ReduceCase<int8_t>("mean_i8_axis0_" + q.tag, "exact",
                                        {"MEAN", {6, 4, 5}, {0, -1, 0}, false, q.in, q.out},
                                        RandomValues<int8_t>(120, -128, 127, 10)));
    cases->push_back(ReduceCase<int8_t>("mean_i8_all_" + q.tag, "exact",
                                        {"MEAN", {3, 70}, {0, 1}, false, q.in, q.out},
                                        RandomValues<int8_t>(210, -128, 127, 11)));
  }
  // The model's own MEAN node: keep_dims true, input and output both (0.07054789, -9).
  cases->push_back(
      ReduceCase<int8_t>("mean_i8_mnv2_model_node", "exact",
                         {"MEAN", mnv2, {1, 2}, true, Q(0.07054789f, -9), Q(0.07054789f, -9)},
                         RandomValues<int8_t>(Count(mnv2), -128, 127, 6)));
  cases->push_back(
      ReduceCase<int8_t>("mean_i8_large_count", "exact",
                         {"MEAN", {1, 300, 400}, {1, 2}, true, Q(0.02f, 3), Q(0.0004f, -1)},
                         RandomValues<int8_t>(120000, -128, 127, 12)));
  // An empty axis list requantizes every element (fed: the core cannot hold empty constants).
  cases->push_back(ReduceCase<int8_t>("mean_i8_no_axes", "exact",
                                      {"MEAN", {4, 5}, {}, false, Q(0.02f, 3), Q(0.03f, -9), true},
                                      RandomValues<int8_t>(20, -128, 127, 13)));
  cases->push_back(
      ReduceCase<int8_t>("mean_i8_dynamic_axes", "exact",
                         {"MEAN", {3, 4, 5}, {2, 0}, true, Q(0.02f, 3), Q(0.03f, -9), true},
                         RandomValues<int8_t>(60, -128, 127, 14)));
  // uint8 and int16 quantized.
  cases->push_back(
      ReduceCase<uint8_t>("mean_u8_spatial_keepdims", "exact",
                          {"MEAN", {1, 7, 7, 64}, {1, 2}, true, Q(0.02f, 128), Q(0.01f, 100)},
                          RandomValues<uint8_t>(3136, 0, 255, 15)));
  cases->push_back(ReduceCase<uint8_t>(
      "mean_u8_same_params", "exact", {"MEAN", {5, 6, 7}, {1}, false, Q(0.02f, 128), Q(0.02f, 128)},
      RandomValues<uint8_t>(210, 0, 255, 16)));
  cases->push_back(ReduceCase<uint8_t>(
      "mean_u8_zp_edges", "exact", {"MEAN", {5, 6, 7}, {0, 2}, false, Q(0.05f, 0), Q(0.01f, 255)},
      RandomValues<uint8_t>(210, 0, 255, 17)));
  cases->push_back(
      ReduceCase<int16_t>("mean_i16_spatial", "exact",
                          {"MEAN", {2, 7, 7, 16}, {1, 2}, false, Q(0.001f, 0), Q(0.0007f, 0)},
                          RandomValues<int16_t>(1568, -32768, 32767, 18)));
  cases->push_back(ReduceCase<int16_t>("mean_i16_same", "exact",
                                       {"MEAN", {4, 9}, {-1}, true, Q(0.001f, 0), Q(0.001f, 0)},
                                       RandomValues<int16_t>(36, -32768, 32767, 19)));
  // float32, int32, int64.
  cases->push_back(ReduceCase<float>("mean_f32_mnv2", "ulp 1", {"MEAN", mnv2, {1, 2}, false},
                                     RandomValues<float>(Count(mnv2), -4, 6, 20)));
  cases->push_back(ReduceCase<float>("mean_f32_spatial_keepdims", "ulp 1",
                                     {"MEAN", {2, 5, 3, 8}, {2, 1}, true},
                                     RandomValues<float>(240, -4, 6, 21)));
  cases->push_back(ReduceCase<float>("mean_f32_repeated_neg_axes", "ulp 1",
                                     {"MEAN", {3, 4, 5, 2}, {-1, 1, 3}, false},
                                     RandomValues<float>(120, -4, 6, 22)));
  cases->push_back(ReduceCase<float>("mean_f32_all", "ulp 1", {"MEAN", {30, 40}, {1, 0}, false},
                                     RandomValues<float>(1200, -4, 6, 23)));
  cases->push_back(ReduceCase<float>("mean_f32_dynamic", "ulp 1",
                                     {"MEAN", {3, 4, 5}, {1}, false, {}, {}, true},
                                     RandomValues<float>(60, -4, 6, 24)));
  cases->push_back(ReduceCase<int32_t>("mean_i32", "exact", {"MEAN", {4, 5, 6}, {0, 2}, false},
                                       RandomValues<int32_t>(120, -1000000, 1000000, 25)));
  cases->push_back(ReduceCase<int64_t>("mean_i64", "exact", {"MEAN", {4, 5, 6}, {-2}, true},
                                       RandomValues<int64_t>(120, -1e12, 1e12, 26)));
}

PLINTH_DIFF_CASES(SumProdCases) {
  cases->push_back(ReduceCase<float>("sum_f32", "ulp 1", {"SUM", {3, 4, 5}, {0, 2}, false},
                                     RandomValues<float>(60, -3, 3, 30)));
  cases->push_back(ReduceCase<float>("sum_f32_all_keepdims", "ulp 1",
                                     {"SUM", {3, 4, 5}, {0, 1, 2}, true},
                                     RandomValues<float>(60, -3, 3, 31)));
  cases->push_back(ReduceCase<int32_t>("sum_i32", "exact", {"SUM", {3, 4, 5}, {1}, false},
                                       RandomValues<int32_t>(60, -1000, 1000, 32)));
  cases->push_back(ReduceCase<int64_t>("sum_i64", "exact", {"SUM", {3, 4, 5}, {-1, 0}, true},
                                       RandomValues<int64_t>(60, -1e10, 1e10, 33)));
  cases->push_back(ReduceCase<uint8_t>(
      "sum_u8_rescale", "exact", {"SUM", {4, 6, 5}, {0, 2}, false, Q(0.02f, 120), Q(0.3f, 10)},
      RandomValues<uint8_t>(120, 0, 255, 36)));

  cases->push_back(ReduceCase<float>("prod_f32", "ulp 1", {"REDUCE_PROD", {3, 4, 5}, {1}, false},
                                     RandomValues<float>(60, 0.5, 1.5, 40)));
  cases->push_back(ReduceCase<int32_t>("prod_i32", "exact",
                                       {"REDUCE_PROD", {3, 4, 5}, {0, 2}, true},
                                       RandomValues<int32_t>(60, -5, 5, 41)));
  cases->push_back(ReduceCase<int64_t>("prod_i64", "exact", {"REDUCE_PROD", {3, 4, 5}, {2}, false},
                                       RandomValues<int64_t>(60, -50, 50, 42)));
  cases->push_back(
      ReduceCase<int8_t>("prod_i8_quantized", "exact",
                         {"REDUCE_PROD", {3, 4, 5}, {1}, false, Q(0.05f, -3), Q(0.02f, 2)},
                         RandomValues<int8_t>(60, -40, 40, 43)));
  cases->push_back(
      ReduceCase<int8_t>("prod_i8_quantized_all", "exact",
                         {"REDUCE_PROD", {2, 3}, {0, 1}, false, Q(0.1f, 0), Q(0.05f, 1)},
                         RandomValues<int8_t>(6, -20, 20, 44)));
  cases->push_back(
      ReduceCase<int16_t>("prod_i16_quantized", "exact",
                          {"REDUCE_PROD", {3, 4, 5}, {-1}, true, Q(0.001f, 0), Q(0.002f, 0)},
                          RandomValues<int16_t>(60, -2000, 2000, 45)));
}

PLINTH_DIFF_CASES(MaxMinAnyAllCases) {
  for (const std::string op : {"REDUCE_MAX", "REDUCE_MIN"}) {
    const std::string tag = op == "REDUCE_MAX" ? "max" : "min";
    cases->push_back(ReduceCase<float>(tag + "_f32", "exact", {op, {3, 4, 5}, {1, -1}, false},
                                       RandomValues<float>(60, -3, 3, 50)));
    cases->push_back(ReduceCase<float>(tag + "_f32_all", "exact", {op, {3, 4, 5}, {2, 0, 1}, true},
                                       RandomValues<float>(60, -3, 3, 51)));
    cases->push_back(ReduceCase<int32_t>(tag + "_i32", "exact", {op, {3, 4, 5}, {0}, true},
                                         RandomValues<int32_t>(60, -1000, 1000, 52)));
    cases->push_back(ReduceCase<int64_t>(tag + "_i64", "exact", {op, {3, 4, 5}, {2}, false},
                                         RandomValues<int64_t>(60, -1e12, 1e12, 53)));
    cases->push_back(ReduceCase<int8_t>(tag + "_i8", "exact",
                                        {op, {3, 4, 5}, {1}, false, Q(0.1f, 4), Q(0.1f, 4)},
                                        RandomValues<int8_t>(60, -128, 127, 54)));
    cases->push_back(ReduceCase<uint8_t>(tag + "_u8", "exact",
                                         {op, {3, 4, 5}, {0, 2}, false, Q(0.1f, 128), Q(0.1f, 128)},
                                         RandomValues<uint8_t>(60, 0, 255, 55)));
    cases->push_back(ReduceCase<int16_t>(tag + "_i16", "exact",
                                         {op, {3, 4, 5}, {2}, true, Q(0.01f, 0), Q(0.01f, 0)},
                                         RandomValues<int16_t>(60, -32768, 32767, 56)));
    cases->push_back(ReduceCase<float>(tag + "_f32_dynamic", "exact",
                                       {op, {3, 4, 5}, {0}, false, {}, {}, true},
                                       RandomValues<float>(60, -3, 3, 57)));
  }
  // A maximum starts from the lowest finite float: a row of -inf gives -FLT_MAX.
  const float inf = std::numeric_limits<float>::infinity();
  cases->push_back(ReduceCase<float>("max_f32_infinities", "exact",
                                     {"REDUCE_MAX", {3, 2}, {1}, false},
                                     {-inf, -inf, inf, 1.f, -inf, 2.f}));
  for (const std::string op : {"REDUCE_ANY", "REDUCE_ALL"}) {
    const std::string tag = op == "REDUCE_ANY" ? "any" : "all";
    auto bits = RandomValues<int32_t>(60, 0, 3, 58);
    std::vector<uint8_t> values;
    for (int32_t b : bits) values.push_back(op == "REDUCE_ANY" ? b == 0 : b != 0);
    cases->push_back(ReduceCase<uint8_t>(tag + "_bool", "exact", {op, {3, 4, 5}, {2}, false},
                                         values, PLINTH_BOOL));
    cases->push_back(ReduceCase<uint8_t>(tag + "_bool_keepdims", "exact",
                                         {op, {3, 4, 5}, {0, -2}, true}, values, PLINTH_BOOL));
  }
}

PLINTH_DIFF_CASES(ArgMinMaxCases) {
  for (const std::string op : {"ARG_MAX", "ARG_MIN"}) {
    const std::string tag = op == "ARG_MAX" ? "argmax" : "argmin";
    auto add = [&](const std::string& name, PlinthType type, const std::vector<uint8_t>& bytes,
                   const std::vector<int32_t>& shape, int32_t axis, PlinthType out_type,
                   QuantSpec q = {}) {
      DiffCase c(tag + "_" + name, "exact");
      int x = c.builder.AddTensor(type, shape, "", q);
      c.inputs.push_back(x);
      c.feeds.push_back(bytes);
      int a = c.builder.AddConstant<int32_t>(PLINTH_INT32, {1}, {axis});
      std::vector<int32_t> out_shape = shape;
      const int rank = static_cast<int>(shape.size());
      out_shape.erase(out_shape.begin() + (axis < 0 ? axis + rank : axis));
      int y = c.builder.AddTensor(out_type, out_shape);
      c.builder.AddOperator(op, {x, a}, {y},
                            {{"output_type", out_type == PLINTH_INT64 ? "INT64" : "INT32"}});
      c.Outputs({y});
      cases->push_back(std::move(c));
    };
    // Small integer ranges make ties frequent: the lowest index must win.
    add("f32_axis1", PLINTH_FLOAT32, Bytes(RandomValues<float>(60, -3, 3, 60)), {3, 4, 5}, 1,
        PLINTH_INT32);
    add("f32_ties_last", PLINTH_FLOAT32,
        Bytes(std::vector<float>{1, 3, 3, 0, -1, -1, 2, 2, 5, 5, 5, 5}), {3, 4}, -1, PLINTH_INT64);
    add("i32_ties_axis0", PLINTH_INT32, Bytes(RandomValues<int32_t>(60, -2, 2, 61)), {3, 4, 5}, 0,
        PLINTH_INT32);
    add("i8_axis2", PLINTH_INT8, Bytes(RandomValues<int8_t>(60, -128, 127, 62)), {3, 4, 5}, 2,
        PLINTH_INT64, Q(0.1f, 3));
    add("u8_ties", PLINTH_UINT8, Bytes(RandomValues<uint8_t>(60, 0, 3, 63)), {3, 4, 5}, -2,
        PLINTH_INT32, Q(0.1f, 128));
    std::vector<uint8_t> bools;
    for (int32_t b : RandomValues<int32_t>(24, 0, 1, 64)) bools.push_back(static_cast<uint8_t>(b));
    add("bool", PLINTH_BOOL, bools, {4, 6}, 1, PLINTH_INT32);
  }
}

}  // namespace
}  // namespace plinth::testing
