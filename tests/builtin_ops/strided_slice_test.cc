// STRIDED_SLICE against a reference with NumPy's slicing semantics: the spec is expanded entry by
// entry (ellipsis, new axes, shrinks), each dimension's indices listed, and the output is their
// cartesian product.
#include <optional>
#include <sstream>

#include "tests/builtin_ops/movement_test_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the tests' vocabulary

struct Spec {
  std::vector<int32_t> begin, end, strides;
  int begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};

// Indices a Python slice begin:end:stride takes from a dimension of `size` (masks: omitted).
std::vector<int64_t> SliceIndices(int64_t size, int64_t begin, int64_t end, int64_t stride,
                                  bool no_begin, bool no_end, bool offset) {
  int64_t start, stop;
  if (stride > 0) {
    start = no_begin ? 0 : (begin < 0 ? begin + size : begin);
    start = std::clamp<int64_t>(start, 0, size);
  } else {
    start = no_begin ? size - 1 : (begin < 0 ? begin + size : begin);
    start = std::clamp<int64_t>(start, -1, size - 1);
  }
  if (offset) {
    stop = start + end;
  } else if (no_end) {
    stop = stride > 0 ? size : -1;
  } else {
    stop = end < 0 ? end + size : end;
  }
  stop = stride > 0 ? std::clamp<int64_t>(stop, 0, size) : std::clamp<int64_t>(stop, -1, size - 1);
  std::vector<int64_t> indices;
  for (int64_t i = start; stride > 0 ? i < stop : i > stop; i += stride) indices.push_back(i);
  return indices;
}

// Returns the source index of each output element, or nullopt when the spec is invalid.
std::optional<std::vector<int64_t>> ReferenceStridedSlice(const std::vector<int32_t>& shape,
                                                          const Spec& s,
                                                          std::vector<int32_t>* out_shape) {
  const int n = static_cast<int>(s.begin.size()), rank = static_cast<int>(shape.size());
  auto bit = [](int mask, int i) { return ((mask >> i) & 1) != 0; };
  // Per produced dimension: the input dimension it walks (-1: new axis), its indices, whether
  // it is shrunk away.
  struct Dim {
    int input_dim;
    std::vector<int64_t> indices;
    bool shrink;
  };
  std::vector<Dim> dims;
  int next = 0;  // next input dimension
  auto full = [&]() {
    dims.push_back({next, SliceIndices(shape[next], 0, 0, 1, true, true, false), false});
    ++next;
  };
  for (int i = 0; i < n; ++i) {
    if (bit(s.ellipsis_mask, i)) {
      // The ellipsis covers every input dimension the remaining entries do not name.
      int remaining = 0;
      for (int j = i + 1; j < n; ++j) {
        if (!bit(s.ellipsis_mask, j) && !bit(s.new_axis_mask, j)) ++remaining;
      }
      while (next < rank - remaining) full();
    } else if (bit(s.new_axis_mask, i)) {
      dims.push_back({-1, {0}, false});
    } else {
      if (next >= rank) return std::nullopt;
      const int64_t size = shape[next];
      if (s.strides[i] == 0) return std::nullopt;
      if (bit(s.shrink_axis_mask, i)) {
        int64_t index = bit(s.begin_mask, i) ? (s.strides[i] > 0 ? 0 : size - 1) : s.begin[i];
        if (index < 0) index += size;
        if (index < 0 || index >= size) return std::nullopt;
        dims.push_back({next, {index}, true});
      } else {
        dims.push_back({next,
                        SliceIndices(size, s.begin[i], s.end[i], s.strides[i], bit(s.begin_mask, i),
                                     bit(s.end_mask, i), s.offset),
                        false});
      }
      ++next;
    }
  }
  while (next < rank) full();
  out_shape->clear();
  std::vector<int32_t> walk;  // every produced dimension, shrunk or not
  for (const Dim& d : dims) {
    walk.push_back(static_cast<int32_t>(d.indices.size()));
    if (!d.shrink) out_shape->push_back(static_cast<int32_t>(d.indices.size()));
  }
  std::vector<int64_t> src(NumElementsOf(walk));
  for (size_t o = 0; o < src.size(); ++o) {
    std::vector<int32_t> c = Unravel(o, walk);
    std::vector<int64_t> in(rank, 0);
    for (size_t k = 0; k < dims.size(); ++k) {
      if (dims[k].input_dim >= 0) in[dims[k].input_dim] = dims[k].indices[c[k]];
    }
    src[o] = FlatIndex(in, shape);
  }
  return src;
}

int AddSlice(OpTest& t, const ElementType& e, const std::vector<int32_t>& shape,
             const std::vector<uint8_t>& bytes, const Spec& s) {
  const int32_t n = static_cast<int32_t>(s.begin.size());
  int x = t.InputBytes(e.type, shape, bytes, e.quant);
  int y = t.Output(e.type, {}, e.quant);
  t.Op("STRIDED_SLICE",
       {x, t.Const<int32_t>({n}, s.begin), t.Const<int32_t>({n}, s.end),
        t.Const<int32_t>({n}, s.strides)},
       {y},
       {{"begin_mask", s.begin_mask},
        {"end_mask", s.end_mask},
        {"ellipsis_mask", s.ellipsis_mask},
        {"new_axis_mask", s.new_axis_mask},
        {"shrink_axis_mask", s.shrink_axis_mask},
        {"offset", s.offset}});
  return y;
}

std::string Describe(const std::vector<int32_t>& shape, const Spec& s) {
  std::ostringstream out;
  auto list = [&](const char* name, const std::vector<int32_t>& v) {
    out << name << " [";
    for (size_t i = 0; i < v.size(); ++i) out << (i ? "," : "") << v[i];
    out << "] ";
  };
  list("shape", shape);
  list("begin", s.begin);
  list("end", s.end);
  list("strides", s.strides);
  out << "masks b" << s.begin_mask << " e" << s.end_mask << " ell" << s.ellipsis_mask << " new"
      << s.new_axis_mask << " shrink" << s.shrink_axis_mask << (s.offset ? " offset" : "");
  return out.str();
}

void Check(const std::vector<int32_t>& shape, const Spec& s, const ElementType& e,
           const std::string& label) {
  const std::string what = label + " (" + Describe(shape, s) + ")";
  OpTest t;
  auto bytes = RandomElementBytes(e, NumElementsOf(shape), 70);
  int y = AddSlice(t, e, shape, bytes, s);
  std::vector<int32_t> out_shape;
  auto src = ReferenceStridedSlice(shape, s, &out_shape);
  absl::Status status = t.Run();
  ASSERT_EQ(status.ok(), src.has_value()) << what << ": " << status.message();
  if (!src) return;
  EXPECT_EQ(t.Shape(y), out_shape) << what;
  ExpectGathered(t.Out(y), bytes, e.size, *src, {}, what);
}

TEST(StridedSlice, HandPickedSpecs) {
  const ElementType f32 = MovableElementTypes()[0];
  const std::vector<int32_t> shape = {4, 5, 6};
  // {begin, end, strides, begin_mask, end_mask, ellipsis, new_axis, shrink, offset}
  const std::vector<Spec> specs = {
      {{1, 0, 0}, {3, 5, 6}, {1, 1, 1}},
      {{-1, -1, -1}, {-5, -6, -7}, {-1, -1, -1}},                // full reverse
      {{0, 1, 2}, {0, 0, 0}, {2, 2, 2}, 0b111, 0b111},           // masks
      {{3, 4}, {0, 0}, {-2, -3}, 0, 0b11},                       // partial spec, negative strides
      {{1}, {2}, {1}, 0, 0, 0, 0, 0b1},                          // shrink a leading axis
      {{0, 2}, {0, 3}, {1, 1}, 0, 0, 0b1, 0, 0b10},              // ellipsis then shrink
      {{0, 1}, {0, 3}, {1, 1}, 0, 0, 0, 0b1},                    // new axis first
      {{0, 0, 2}, {0, 0, 5}, {1, 1, 2}, 0, 0, 0b10, 0b1},        // new axis, ellipsis, slice
      {{1, 0, 0}, {2, 0, 0}, {1, 1, 1}, 0, 0, 0b10, 0b10},       // new axis under ellipsis: ignored
      {{2, 1, 3}, {2, 3, -2}, {1, 1, -1}, 0, 0, 0, 0, 0, true},  // offset
      {{-2}, {10}, {1}},                                         // end clamped
      {{10}, {-10}, {-1}},                                       // begin clamped backwards
      {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},                         // empty
  };
  for (size_t i = 0; i < specs.size(); ++i)
    Check(shape, specs[i], f32, "spec " + std::to_string(i));
}

TEST(StridedSlice, RandomSpecsEveryType) {
  std::mt19937 rng(11);
  auto uniform = [&](int lo, int hi) { return lo + static_cast<int>(rng() % (hi - lo + 1)); };
  const auto types = MovableElementTypes();
  for (int trial = 0; trial < 400; ++trial) {
    const int rank = uniform(1, 5);
    std::vector<int32_t> shape;
    for (int d = 0; d < rank; ++d) shape.push_back(uniform(0, 4));
    const int n = uniform(1, rank + 1);
    Spec s;
    for (int i = 0; i < n; ++i) {
      s.begin.push_back(uniform(-6, 6));
      s.end.push_back(uniform(-6, 6));
      s.strides.push_back(uniform(0, 12) == 0 ? 0 : (uniform(0, 1) ? 1 : -1) * uniform(1, 3));
    }
    s.begin_mask = uniform(0, (1 << n) - 1);
    s.end_mask = uniform(0, (1 << n) - 1);
    if (uniform(0, 2) == 0) s.ellipsis_mask = 1 << uniform(0, n - 1);
    if (uniform(0, 2) == 0) s.new_axis_mask = uniform(0, (1 << n) - 1);
    if (uniform(0, 1) == 0) s.shrink_axis_mask = uniform(0, (1 << n) - 1);
    s.offset = uniform(0, 5) == 0;
    Check(shape, s, types[trial % types.size()], "trial " + std::to_string(trial));
  }
}

TEST(StridedSlice, ShrunkAxisWithNegativeStrideTakesItsIndex) {
  OpTest t;
  int x = t.Input<float>({3}, {1, 2, 3});
  int y = t.Output(PLINTH_FLOAT32);
  t.Op("STRIDED_SLICE",
       {x, t.Const<int32_t>({1}, {1}), t.Const<int32_t>({1}, {0}), t.Const<int32_t>({1}, {-1})},
       {y}, {{"shrink_axis_mask", 1}});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Shape(y), std::vector<int32_t>{});
  EXPECT_EQ(t.Values<float>(y), std::vector<float>{2});
}

TEST(StridedSlice, RuntimeSpecAndInt64Indices) {
  OpTest t;
  int x = t.Input<int32_t>({6}, {0, 1, 2, 3, 4, 5});
  int b = t.Input<int64_t>({1}, {1});
  int y = t.Output(PLINTH_INT32);
  t.Op("STRIDED_SLICE", {x, b, t.Const<int64_t>({1}, {6}), t.Const<int64_t>({1}, {2})}, {y});
  ASSERT_TRUE(t.Run().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{1, 3, 5}));
  ASSERT_TRUE(t.interpreter().SetInput(1, Bytes(std::vector<int64_t>{-2})).ok());
  ASSERT_TRUE(t.interpreter().Invoke().ok());
  EXPECT_EQ(t.Values<int32_t>(y), (std::vector<int32_t>{4}));
}

TEST(StridedSlice, InvalidSpecsFail) {
  const ElementType f32 = MovableElementTypes()[0];
  auto bytes = RandomElementBytes(f32, 12, 71);
  auto fails = [&](const Spec& s, const std::string& message) {
    OpTest t;
    AddSlice(t, f32, {3, 4}, bytes, s);
    ExpectRunError(t, message);
  };
  fails({{0, 0}, {1, 1}, {1, 0}}, "stride of dimension 1 is 0");
  fails({{3, 0}, {0, 0}, {1, 1}, 0, 0, 0, 0, 0b1}, "shrink index 3 out of range");
  fails({{0, 0, 0}, {1, 1, 1}, {1, 1, 1}}, "names more dimensions than the input's 2");
  fails({{0, 0}, {1, 1}, {1, 1}, 0, 0, 0b11}, "more than one ellipsis");
  OpTest lengths;
  int x = lengths.Input<float>({3}, {1, 2, 3});
  lengths.Op("STRIDED_SLICE",
             {x, lengths.Const<int32_t>({1}, {0}), lengths.Const<int32_t>({2}, {1, 1}),
              lengths.Const<int32_t>({1}, {1})},
             {lengths.Output(PLINTH_FLOAT32)});
  ExpectRunError(lengths, "of one length");
}

}  // namespace
}  // namespace plinth::testing
