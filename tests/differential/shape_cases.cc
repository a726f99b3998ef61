// Differential cases for the shape/ kernels (data movement): every op, every element type, the
// options and the runtime-shape (dynamic) paths. Moved values must be bit-exact ("exact").
#include <algorithm>
#include <random>

#include "tests/differential/diff_case.h"
#include "tests/differential/movement_case_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the cases' vocabulary

PLINTH_DIFF_CASES(ReshapeCases) {
  for (const MovementType& t : AllMovementTypes()) {
    DiffCase c(std::string("reshape_") + t.name, "exact");
    int x = RandomInput(c, t, {2, 3, 4}, 1);
    int y = Out(c, t);
    c.builder.AddOperator("RESHAPE", {x, Const32(c, {3}, {4, -1, 2})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    DiffCase c("reshape_new_shape_option", "exact");
    int x = RandomInput(c, f32, {2, 6}, 2);
    int y = Out(c, f32);
    c.builder.AddOperator("RESHAPE", {x}, {y}, {{"new_shape", std::vector<int32_t>{3, 4}}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    // "ulp 0": the comparison script cannot view a 0-D float as bytes for "exact".
    DiffCase c("reshape_legacy_scalar", "ulp 0");
    int x = RandomInput(c, f32, {1, 1}, 3);
    int y = Out(c, f32);
    c.builder.AddOperator("RESHAPE", {x}, {y}, {{"new_shape", std::vector<int32_t>{0}}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("reshape_runtime_shape", "exact");
    int x = RandomInput(c, f32, {4, 6}, 4);
    int s = IndexInput(c, {3}, {2, -1, 3});
    int y = Out(c, f32);
    c.builder.AddOperator("RESHAPE", {x, s}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("reshape_error_element_count", "exact");
    int x = RandomInput(c, f32, {4, 6}, 5);
    int y = Out(c, f32);
    c.builder.AddOperator("RESHAPE", {x, Const32(c, {2}, {5, 5})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(SqueezeExpandDimsCases) {
  for (const MovementType& t : AllMovementTypes()) {
    DiffCase c(std::string("squeeze_all_") + t.name, "exact");
    int x = RandomInput(c, t, {1, 3, 1, 2, 1}, 6);
    int y = Out(c, t);
    c.builder.AddOperator("SQUEEZE", {x}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    DiffCase c("squeeze_negative_dims", "exact");
    int x = RandomInput(c, f32, {1, 3, 1, 2, 1}, 7);
    int y = Out(c, f32);
    c.builder.AddOperator("SQUEEZE", {x}, {y}, {{"squeeze_dims", std::vector<int32_t>{-1, 0}}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("squeeze_error_not_one", "exact");
    int x = RandomInput(c, f32, {1, 3}, 8);
    int y = Out(c, f32);
    c.builder.AddOperator("SQUEEZE", {x}, {y}, {{"squeeze_dims", std::vector<int32_t>{1}}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  for (int axis : {0, 2, 3, -1, -4}) {
    for (const MovementType& t : {AllMovementTypes()[0], AllMovementTypes()[4]}) {
      DiffCase c("expand_dims_" + std::to_string(axis) + "_" + t.name, "exact");
      int x = RandomInput(c, t, {2, 3, 4}, 9);
      int y = Out(c, t);
      c.builder.AddOperator("EXPAND_DIMS", {x, Const32(c, {1}, {axis})}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  {
    DiffCase c("expand_dims_i64_axis", "exact");
    int x = RandomInput(c, f32, {2, 3}, 10);
    int y = Out(c, f32);
    c.builder.AddOperator("EXPAND_DIMS", {x, Const64(c, {}, {1})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(TransposeCases) {
  std::mt19937 rng(42);
  for (int rank = 1; rank <= 6; ++rank) {
    for (const MovementType& t : AllMovementTypes()) {
      std::vector<int32_t> shape, perm;
      for (int d = 0; d < rank; ++d) {
        shape.push_back(1 + static_cast<int32_t>(rng() % (rank > 4 ? 3 : 5)));
        perm.push_back(d);
      }
      std::shuffle(perm.begin(), perm.end(), rng);
      DiffCase c("transpose_r" + std::to_string(rank) + "_" + t.name + "_" + Join(perm), "exact");
      int x = RandomInput(c, t, shape, rng());
      int y = Out(c, t);
      c.builder.AddOperator("TRANSPOSE", {x, Const32(c, {rank}, perm)}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  const MovementType f32 = AllMovementTypes()[0], i8 = AllMovementTypes()[4];
  {
    // The shared model's layout change: NCHW -> NHWC, int8.
    DiffCase c("transpose_nchw_to_nhwc_i8", "exact");
    int x = RandomInput(c, i8, {1, 3, 16, 16}, 11);
    int y = Out(c, i8);
    c.builder.AddOperator("TRANSPOSE", {x, Const32(c, {4}, {0, 2, 3, 1})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("transpose_negative_perm", "exact");
    int x = RandomInput(c, f32, {2, 3, 4}, 12);
    int y = Out(c, f32);
    c.builder.AddOperator("TRANSPOSE", {x, Const32(c, {3}, {-1, 0, 1})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("transpose_runtime_perm", "exact");
    int x = RandomInput(c, f32, {2, 3, 4}, 13);
    int p = IndexInput(c, {3}, {2, 0, 1});
    int y = Out(c, f32);
    c.builder.AddOperator("TRANSPOSE", {x, p}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(ConcatenationCases) {
  for (const MovementType& t : AllMovementTypes()) {
    for (int axis : {0, 1, -1}) {
      DiffCase c("concatenation_" + std::string(t.name) + "_axis" + std::to_string(axis), "exact");
      int a = RandomInput(c, t, {2, 3, 2}, 20);
      int b = RandomInput(c, t, {2, 3, 2}, 21);
      int d = RandomInput(c, t, {2, 3, 2}, 22);
      int y = Out(c, t);
      c.builder.AddOperator("CONCATENATION", {a, b, d}, {y}, {{"axis", axis}});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  // uint8 inputs of other scales and zero points are requantized to the output's.
  const std::vector<QuantSpec> quants = {
      {{0.5f}, {127}}, {{0.1f}, {0}}, {{2.f}, {255}}, {{0.37f}, {3}}};
  for (size_t i = 0; i < quants.size(); ++i) {
    DiffCase c("concatenation_u8_rescale_" + std::to_string(i), "exact");
    MovementType in{PLINTH_UINT8, "u8", quants[i]}, out{PLINTH_UINT8, "u8", {{0.5f}, {127}}};
    int a = RandomInput(c, in, {1, 4, 4, 3}, 30 + i);
    int b = RandomInput(c, out, {1, 4, 4, 2}, 40 + i);
    int y = Out(c, out);
    c.builder.AddOperator("CONCATENATION", {a, b}, {y}, {{"axis", 3}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("concatenation_i16_other_scale_copies", "exact");
    MovementType a16{PLINTH_INT16, "i16", {{0.5f}, {0}}}, b16{PLINTH_INT16, "i16", {{0.25f}, {0}}};
    int a = RandomInput(c, a16, {2, 3}, 50);
    int b = RandomInput(c, b16, {2, 3}, 51);
    int y = Out(c, a16);
    c.builder.AddOperator("CONCATENATION", {a, b}, {y}, {{"axis", 0}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("concatenation_empty_input", "exact");
    const MovementType f32 = AllMovementTypes()[0];
    int a = RandomInput(c, f32, {2, 0, 3}, 52);
    int b = RandomInput(c, f32, {2, 2, 3}, 53);
    int y = Out(c, f32);
    c.builder.AddOperator("CONCATENATION", {a, b}, {y}, {{"axis", 1}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(SplitCases) {
  for (const MovementType& t : AllMovementTypes()) {
    if (t.type == PLINTH_BOOL) continue;  // TFLite's SPLIT serves no bool
    for (int axis : {0, 1, -1}) {
      DiffCase c("split_" + std::string(t.name) + "_axis" + std::to_string(axis), "exact");
      int x = RandomInput(c, t, {4, 6, 2}, 60);
      std::vector<int32_t> outs = {Out(c, t), Out(c, t)};
      c.builder.AddOperator("SPLIT", {Const32(c, {}, {axis}), x}, outs, {{"num_splits", 2}});
      c.Outputs(outs);
      cases->push_back(std::move(c));
    }
    DiffCase c("split_v_" + std::string(t.name), "exact");
    int x = RandomInput(c, t, {3, 7, 2}, 61);
    std::vector<int32_t> outs = {Out(c, t), Out(c, t), Out(c, t)};
    c.builder.AddOperator("SPLIT_V", {x, Const32(c, {3}, {2, -1, 4}), Const32(c, {}, {1})}, outs,
                          {{"num_splits", 3}});
    c.Outputs(outs);
    cases->push_back(std::move(c));
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    DiffCase c("split_runtime_axis", "exact");
    int axis = IndexInput(c, {}, {-2});
    int x = RandomInput(c, f32, {3, 6, 2}, 62);
    std::vector<int32_t> outs = {Out(c, f32), Out(c, f32), Out(c, f32)};
    c.builder.AddOperator("SPLIT", {axis, x}, outs, {{"num_splits", 3}});
    c.Outputs(outs);
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("split_v_zero_size_part", "exact");
    int x = RandomInput(c, f32, {5, 2}, 63);
    std::vector<int32_t> outs = {Out(c, f32), Out(c, f32), Out(c, f32)};
    c.builder.AddOperator("SPLIT_V", {x, Const64(c, {3}, {3, 0, 2}), Const32(c, {}, {0})}, outs,
                          {{"num_splits", 3}});
    c.Outputs(outs);
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("split_error_uneven", "exact");
    int x = RandomInput(c, f32, {5, 2}, 64);
    std::vector<int32_t> outs = {Out(c, f32), Out(c, f32)};
    c.builder.AddOperator("SPLIT", {Const32(c, {}, {0}), x}, outs, {{"num_splits", 2}});
    c.Outputs(outs);
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(PackUnpackCases) {
  for (const MovementType& t : AllMovementTypes()) {
    for (int axis : {0, 1, 2, -1}) {
      if (t.type != PLINTH_BOOL) {  // TFLite's PACK serves no bool
        DiffCase c("pack_" + std::string(t.name) + "_axis" + std::to_string(axis), "exact");
        int a = RandomInput(c, t, {2, 3}, 70), b = RandomInput(c, t, {2, 3}, 71);
        int d = RandomInput(c, t, {2, 3}, 72);
        int y = Out(c, t);
        c.builder.AddOperator("PACK", {a, b, d}, {y}, {{"values_count", 3}, {"axis", axis}});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
      if (t.type != PLINTH_INT64 && axis != 2) {  // TFLite's UNPACK serves no int64
        DiffCase c("unpack_" + std::string(t.name) + "_axis" + std::to_string(axis), "exact");
        int x = RandomInput(c, t, {3, 3, 2}, 73);
        const int num = axis == -1 ? 2 : 3;
        std::vector<int32_t> outs;
        for (int i = 0; i < num; ++i) outs.push_back(Out(c, t));
        c.builder.AddOperator("UNPACK", {x}, outs, {{"num", num}, {"axis", axis}});
        c.Outputs(outs);
        cases->push_back(std::move(c));
      }
    }
  }
  {
    DiffCase c("pack_error_quantization", "exact");
    MovementType a{PLINTH_INT8, "i8", {{0.5f}, {1}}}, o{PLINTH_INT8, "i8", {{0.25f}, {1}}};
    int x = RandomInput(c, a, {2}, 74);
    int y = Out(c, o);
    c.builder.AddOperator("PACK", {x}, {y}, {{"values_count", 1}, {"axis", 0}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(SliceCases) {
  for (const MovementType& t : AllMovementTypes()) {
    DiffCase c("slice_" + std::string(t.name), "exact");
    int x = RandomInput(c, t, {3, 4, 5}, 80);
    int y = Out(c, t);
    c.builder.AddOperator("SLICE", {x, Const32(c, {3}, {1, 0, 2}), Const32(c, {3}, {2, -1, 3})},
                          {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    DiffCase c("slice_i64_indices_rank5", "exact");
    int x = RandomInput(c, f32, {2, 3, 2, 3, 2}, 81);
    int y = Out(c, f32);
    c.builder.AddOperator("SLICE",
                          {x, Const64(c, {5}, {1, 1, 0, 1, 0}), Const64(c, {5}, {1, -1, 2, 2, 1})},
                          {y}, {}, 5);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("slice_runtime_begin", "exact");
    int x = RandomInput(c, f32, {4, 4}, 82);
    int b = IndexInput(c, {2}, {1, 2});
    int y = Out(c, f32);
    c.builder.AddOperator("SLICE", {x, b, Const32(c, {2}, {2, -1})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("slice_error_too_large", "exact");
    int x = RandomInput(c, f32, {4, 4}, 83);
    int y = Out(c, f32);
    c.builder.AddOperator("SLICE", {x, Const32(c, {2}, {3, 0}), Const32(c, {2}, {2, 1})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

// Random slices with every mask; the oracle's reference resolver serves versions up to 4, and
// its kernel reads every option whatever the version.
PLINTH_DIFF_CASES(StridedSliceCases) {
  std::mt19937 rng(7);
  auto uniform = [&](int lo, int hi) { return lo + static_cast<int>(rng() % (hi - lo + 1)); };
  const MovementType f32 = AllMovementTypes()[0];
  int made = 0;
  for (int attempt = 0; made < 80 && attempt < 1000; ++attempt) {
    const int rank = uniform(1, 5);
    std::vector<int32_t> shape;
    for (int d = 0; d < rank; ++d) shape.push_back(uniform(1, 5));
    const int n = uniform(1, rank);
    std::vector<int32_t> begin, end, strides;
    for (int i = 0; i < n; ++i) {
      begin.push_back(uniform(-6, 6));
      end.push_back(uniform(-6, 6));
      const int s = uniform(-3, 3);
      strides.push_back(s == 0 ? 1 : s);
    }
    int begin_mask = uniform(0, (1 << n) - 1), end_mask = uniform(0, (1 << n) - 1);
    const int ellipsis_mask = uniform(0, 3) == 0 ? 1 << uniform(0, n - 1) : 0;
    int new_axis_mask = uniform(0, 3) == 0 ? uniform(0, (1 << n) - 1) : 0;
    // TFLite serves at most 5 dimensions including the new ones.
    for (int i = 0; i < n; ++i) {
      int added = 0;
      for (int j = 0; j < n; ++j)
        added += ((new_axis_mask >> j) & 1) && !((ellipsis_mask >> j) & 1);
      if (rank + added > 5) new_axis_mask &= ~(1 << i);
    }
    int shrink_mask = uniform(0, 1) ? uniform(0, (1 << n) - 1) : 0;
    // Keep shrunk indices inside their dimension (TFLite reads out of bounds otherwise): only
    // shrink plain dimensions at known positions, with an index in range.
    for (int i = 0; i < n; ++i) {
      if (!((shrink_mask >> i) & 1)) continue;
      if (ellipsis_mask || new_axis_mask || i >= rank) {
        shrink_mask &= ~(1 << i);
        continue;
      }
      begin[i] = uniform(-shape[i], shape[i] - 1);
      strides[i] = uniform(1, 3);  // TFLite takes nothing for a shrunk negative stride
    }
    // Offsets as converters write them: a full spec without masks (TFLite mishandles the rest),
    // and begin + end inside the dimension.
    const bool offset =
        uniform(0, 6) == 0 && n == rank && !ellipsis_mask && !new_axis_mask && !shrink_mask;
    if (offset) {
      begin_mask = end_mask = 0;
      for (int i = 0; i < n; ++i) {
        if (begin[i] < -shape[i] || begin[i] >= shape[i]) begin[i] = 0;
        const int start = begin[i] < 0 ? begin[i] + shape[i] : begin[i];
        // Backwards, TFLite mishandles a stop of -1 (it wraps it around).
        end[i] = strides[i] > 0 ? uniform(0, shape[i] - start) : -uniform(0, start);
      }
    }
    // "ulp 0" (bit-exact for finite floats): the comparison script cannot take "exact" for a
    // 0-D float output, which a fully shrunk slice is.
    DiffCase c("strided_slice_fuzz_" + std::to_string(made), "ulp 0");
    int x = RandomInput(c, f32, shape, rng());
    int y = Out(c, f32);
    c.builder.AddOperator(
        "STRIDED_SLICE",
        {x, Const32(c, {n}, begin), Const32(c, {n}, end), Const32(c, {n}, strides)}, {y},
        {{"begin_mask", begin_mask},
         {"end_mask", end_mask},
         {"ellipsis_mask", ellipsis_mask},
         {"new_axis_mask", new_axis_mask},
         {"shrink_axis_mask", shrink_mask},
         {"offset", offset}},
        4);
    c.Outputs({y});
    cases->push_back(std::move(c));
    ++made;
  }
  for (const MovementType& t : AllMovementTypes()) {
    DiffCase c("strided_slice_negative_stride_" + std::string(t.name), "exact");
    int x = RandomInput(c, t, {4, 5, 3}, 90);
    int y = Out(c, t);
    c.builder.AddOperator(
        "STRIDED_SLICE",
        {x, Const32(c, {3}, {-1, 4, 0}), Const32(c, {3}, {0, 0, 3}), Const32(c, {3}, {-1, -2, 2})},
        {y}, {{"shrink_axis_mask", 0}}, 4);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("strided_slice_runtime_begin", "exact");
    int x = RandomInput(c, f32, {6, 4}, 91);
    int b = IndexInput(c, {2}, {1, -3});
    int y = Out(c, f32);
    c.builder.AddOperator("STRIDED_SLICE", {x, b, Const32(c, {2}, {5, 4}), Const32(c, {2}, {2, 1})},
                          {y}, {}, 4);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("strided_slice_error_zero_stride", "exact");
    int x = RandomInput(c, f32, {6, 4}, 92);
    int y = Out(c, f32);
    c.builder.AddOperator(
        "STRIDED_SLICE",
        {x, Const32(c, {2}, {0, 0}), Const32(c, {2}, {5, 4}), Const32(c, {2}, {1, 0})}, {y}, {}, 4);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(PadCases) {
  for (const MovementType& t : AllMovementTypes()) {
    if (t.type == PLINTH_BOOL) continue;  // the oracle's PAD serves no bool
    for (const char* op : {"PAD", "PADV2"}) {
      DiffCase c(
          std::string(op) == "PAD" ? std::string("pad_") + t.name : std::string("padv2_") + t.name,
          "exact");
      int x = RandomInput(c, t, {1, 3, 4, 2}, 100);
      std::vector<int32_t> inputs = {x, Const32(c, {4, 2}, {0, 0, 1, 2, 2, 1, 0, 1})};
      if (std::string(op) == "PADV2") {
        std::vector<uint8_t> value = RandomBytes(t.type, 1, 101);
        inputs.push_back(
            c.builder.AddConstantBytes(t.type, {}, value.data(), value.size(), "", t.quant));
      }
      int y = Out(c, t);
      c.builder.AddOperator(op, inputs, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    // The shared int8 model pads with its zero point, -14.
    DiffCase c("pad_i8_zero_point_mobilenet", "exact");
    MovementType i8{PLINTH_INT8, "i8", {{0.0235f}, {-14}}};
    int x = RandomInput(c, i8, {1, 8, 8, 4}, 102);
    int y = Out(c, i8);
    c.builder.AddOperator("PAD", {x, Const32(c, {4, 2}, {0, 0, 0, 1, 0, 1, 0, 0})}, {y}, {}, 2);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("pad_rank5_i64_paddings", "exact");
    int x = RandomInput(c, f32, {2, 1, 2, 3, 2}, 103);
    int y = Out(c, f32);
    c.builder.AddOperator("PAD", {x, Const64(c, {5, 2}, {1, 0, 0, 2, 1, 1, 0, 0, 2, 1})}, {y}, {},
                          4);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("pad_runtime_paddings", "exact");
    int x = RandomInput(c, f32, {3, 2}, 104);
    int p = IndexInput(c, {2, 2}, {1, 0, 2, 3});
    int y = Out(c, f32);
    c.builder.AddOperator("PAD", {x, p}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("padv2_runtime_value_u8", "exact");
    MovementType u8 = AllMovementTypes()[3];
    int x = RandomInput(c, u8, {2, 3}, 105);
    int v = RandomInput(c, u8, {}, 106);
    int y = Out(c, u8);
    c.builder.AddOperator("PADV2", {x, Const32(c, {2, 2}, {1, 1, 0, 2}), v}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("pad_error_negative", "exact");
    int x = RandomInput(c, f32, {3, 2}, 107);
    int y = Out(c, f32);
    c.builder.AddOperator("PAD", {x, Const32(c, {2, 2}, {-1, 0, 0, 0})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(MirrorPadCases) {
  for (const MovementType& t : AllMovementTypes()) {
    if (t.type == PLINTH_BOOL) continue;  // TFLite's MIRROR_PAD serves no bool
    for (const char* mode : {"REFLECT", "SYMMETRIC"}) {
      const bool reflect = std::string(mode) == "REFLECT";
      DiffCase c(std::string("mirror_pad_") + mode + "_" + t.name, "exact");
      int x = RandomInput(c, t, {2, 3, 4}, 110);
      // The largest paddings each mode allows.
      const int h = reflect ? 2 : 3, w = reflect ? 3 : 4;
      int y = Out(c, t);
      c.builder.AddOperator("MIRROR_PAD", {x, Const32(c, {3, 2}, {0, 1, h, 1, 1, w})}, {y},
                            {{"mode", mode}});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    DiffCase c("mirror_pad_runtime_paddings", "exact");
    int x = RandomInput(c, f32, {3, 3}, 111);
    int p = IndexInput(c, {2, 2}, {2, 1, 0, 2});
    int y = Out(c, f32);
    c.builder.AddOperator("MIRROR_PAD", {x, p}, {y}, {{"mode", "SYMMETRIC"}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(TileBroadcastCases) {
  for (const MovementType& t : AllMovementTypes()) {
    if (t.type != PLINTH_INT16) {  // TFLite's TILE serves no int16
      DiffCase c(std::string("tile_") + t.name, "exact");
      int x = RandomInput(c, t, {2, 1, 3}, 120);
      int y = Out(c, t);
      c.builder.AddOperator("TILE", {x, Const32(c, {3}, {2, 3, 1})}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    DiffCase c(std::string("broadcast_to_") + t.name, "exact");
    int x = RandomInput(c, t, {3, 1, 2}, 121);
    int y = Out(c, t);
    c.builder.AddOperator("BROADCAST_TO", {x, Const32(c, {4}, {2, 3, 4, 2})}, {y}, {}, 2);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    // (A zero multiple is left to the kernel tests: TFLite's Python API cannot read the empty
    // dynamic output.)
    DiffCase c("tile_runtime_i64_multiples", "exact");
    int x = RandomInput(c, f32, {2, 3}, 122);
    int m = c.Input<int64_t>({2}, {3, 2});
    int y = Out(c, f32);
    c.builder.AddOperator("TILE", {x, m}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("broadcast_to_runtime_shape", "exact");
    int x = RandomInput(c, f32, {3}, 123);
    int s = IndexInput(c, {3}, {2, 2, 3});
    int y = Out(c, f32);
    c.builder.AddOperator("BROADCAST_TO", {x, s}, {y}, {}, 2);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("broadcast_to_error_incompatible", "exact");
    int x = RandomInput(c, f32, {3}, 124);
    int y = Out(c, f32);
    c.builder.AddOperator("BROADCAST_TO", {x, Const32(c, {2}, {2, 4})}, {y}, {}, 2);
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  for (PlinthType type : {PLINTH_INT32, PLINTH_INT64}) {
    const bool is64 = type == PLINTH_INT64;
    DiffCase c(std::string("broadcast_args_") + (is64 ? "i64" : "i32"), "exact");
    int a = is64 ? c.Input<int64_t>({3}, {2, 1, 4}) : c.Input<int32_t>({3}, {2, 1, 4});
    int b = is64 ? c.Input<int64_t>({4}, {5, 1, 3, 1}) : c.Input<int32_t>({4}, {5, 1, 3, 1});
    int y = c.builder.AddTensor(type, {});
    c.builder.AddOperator("BROADCAST_ARGS", {a, b}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(ReverseShapeRankCases) {
  for (const MovementType& t : AllMovementTypes()) {
    for (const std::vector<int32_t>& axes :
         {std::vector<int32_t>{0}, std::vector<int32_t>{-1}, std::vector<int32_t>{1, 2}}) {
      DiffCase c("reverse_v2_" + std::string(t.name) + "_" + Join(axes), "exact");
      int x = RandomInput(c, t, {2, 3, 4}, 130);
      int y = Out(c, t);
      c.builder.AddOperator("REVERSE_V2",
                            {x, Const32(c, {static_cast<int32_t>(axes.size())}, axes)}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    for (PlinthType out_type : {PLINTH_INT32, PLINTH_INT64}) {
      DiffCase c(std::string("shape_") + t.name + (out_type == PLINTH_INT64 ? "_i64" : "_i32"),
                 "exact");
      int x = RandomInput(c, t, {2, 1, 3}, 131);
      int y = c.builder.AddTensor(out_type, {});
      c.builder.AddOperator("SHAPE", {x}, {y},
                            {{"out_type", out_type == PLINTH_INT64 ? "INT64" : "INT32"}});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    DiffCase c(std::string("rank_") + t.name, "exact");
    int x = RandomInput(c, t, {2, 1, 3, 1}, 132);
    int y = c.builder.AddTensor(PLINTH_INT32, {});
    c.builder.AddOperator("RANK", {x}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

}  // namespace
}  // namespace plinth::testing
