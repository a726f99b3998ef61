// Differential cases for the image/ kernels: resizing (every option, up- and downsampling, every
// type) and the space/depth/batch rearrangements. Quantized outputs and moved values are exact;
// float bilinear interpolation evaluates TFLite's expression in the same order, so it is exact
// too ("ulp 0").
#include "tests/differential/diff_case.h"
#include "tests/differential/movement_case_util.h"

namespace plinth::testing {
namespace {

using namespace movement;  // NOLINT: the cases' vocabulary

struct ResizeOptions {
  const char* name;
  bool align_corners;
  bool half_pixel_centers;
};

const ResizeOptions kResizeOptions[] = {
    {"plain", false, false}, {"align", true, false}, {"half", false, true}};

PLINTH_DIFF_CASES(ResizeBilinearCases) {
  std::vector<MovementType> types = QuantizedMovementTypes();
  types.insert(types.begin(), AllMovementTypes()[0]);
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> sizes = {
      {{2, 3, 4, 3}, {5, 7}},   // upsample
      {{1, 7, 9, 2}, {3, 4}},   // downsample
      {{1, 1, 5, 2}, {4, 1}},   // size-1 input and output dimensions
      {{1, 4, 4, 1}, {8, 8}}};  // exact factor
  for (const MovementType& t : types) {
    for (const ResizeOptions& o : kResizeOptions) {
      for (size_t s = 0; s < sizes.size(); ++s) {
        const std::string name = std::string("resize_bilinear_") + t.name + "_" + o.name + "_" +
                                 Join(sizes[s].first) + "_to_" + Join(sizes[s].second);
        DiffCase c(name, t.type == PLINTH_FLOAT32 ? "ulp 0" : "exact");
        int x = RandomInput(c, t, sizes[s].first, 200 + s);
        int y = Out(c, t);
        // Version 4 marks int16, 3 half-pixel centers, 2 int8.
        const int version = t.type == PLINTH_INT16 ? 4 : (o.half_pixel_centers ? 3 : 2);
        c.builder.AddOperator(
            "RESIZE_BILINEAR", {x, Const32(c, {2}, sizes[s].second)}, {y},
            {{"align_corners", o.align_corners}, {"half_pixel_centers", o.half_pixel_centers}},
            version);
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    DiffCase c("resize_bilinear_runtime_size", "ulp 0");
    int x = RandomInput(c, f32, {1, 3, 3, 2}, 210);
    int size = IndexInput(c, {2}, {4, 6});
    int y = Out(c, f32);
    c.builder.AddOperator("RESIZE_BILINEAR", {x, size}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("resize_bilinear_error_both_options", "ulp 0");
    int x = RandomInput(c, f32, {1, 3, 3, 2}, 211);
    int y = Out(c, f32);
    c.builder.AddOperator("RESIZE_BILINEAR", {x, Const32(c, {2}, {4, 4})}, {y},
                          {{"align_corners", true}, {"half_pixel_centers", true}});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

PLINTH_DIFF_CASES(ResizeNearestNeighborCases) {
  std::vector<MovementType> types = QuantizedMovementTypes();
  types.insert(types.begin(), AllMovementTypes()[0]);
  const ResizeOptions both = {"both", true, true};
  for (const MovementType& t : types) {
    for (const ResizeOptions& o : {kResizeOptions[0], kResizeOptions[1], kResizeOptions[2], both}) {
      for (const auto& [in, out] :
           std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>>{
               {{2, 3, 5, 2}, {7, 4}}, {{1, 6, 6, 1}, {4, 9}}, {{1, 1, 3, 2}, {2, 1}}}) {
        DiffCase c(std::string("resize_nearest_") + t.name + "_" + o.name + "_" + Join(in) +
                       "_to_" + Join(out),
                   "exact");
        int x = RandomInput(c, t, in, 220);
        int y = Out(c, t);
        c.builder.AddOperator(
            "RESIZE_NEAREST_NEIGHBOR", {x, Const32(c, {2}, out)}, {y},
            {{"align_corners", o.align_corners}, {"half_pixel_centers", o.half_pixel_centers}},
            t.type == PLINTH_INT16 ? 4 : 3);
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
    }
  }
}

PLINTH_DIFF_CASES(SpaceDepthCases) {
  for (const MovementType& t : AllMovementTypes()) {
    // TFLite's space/depth kernels serve neither int16 nor bool.
    if (t.type == PLINTH_INT16 || t.type == PLINTH_BOOL) continue;
    for (int block : {2, 3}) {
      {
        DiffCase c("space_to_depth_" + std::string(t.name) + "_b" + std::to_string(block), "exact");
        int x = RandomInput(c, t, {2, 2 * block, 3 * block, 3}, 230);
        int y = Out(c, t);
        c.builder.AddOperator("SPACE_TO_DEPTH", {x}, {y}, {{"block_size", block}});
        c.Outputs({y});
        cases->push_back(std::move(c));
      }
      DiffCase c("depth_to_space_" + std::string(t.name) + "_b" + std::to_string(block), "exact");
      int x = RandomInput(c, t, {2, 2, 3, 2 * block * block}, 231);
      int y = Out(c, t);
      c.builder.AddOperator("DEPTH_TO_SPACE", {x}, {y}, {{"block_size", block}});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  const MovementType f32 = AllMovementTypes()[0];
  DiffCase c("space_to_depth_error_indivisible", "exact");
  int x = RandomInput(c, f32, {1, 3, 4, 1}, 232);
  int y = Out(c, f32);
  c.builder.AddOperator("SPACE_TO_DEPTH", {x}, {y}, {{"block_size", 2}});
  c.Outputs({y});
  cases->push_back(std::move(c));
}

PLINTH_DIFF_CASES(SpaceBatchCases) {
  for (const MovementType& t : AllMovementTypes()) {
    if (t.type == PLINTH_BOOL) continue;  // TFLite's kernels serve no bool
    {
      DiffCase c(std::string("space_to_batch_nd_4d_") + t.name, "exact");
      int x = RandomInput(c, t, {2, 3, 5, 2}, 240);
      int y = Out(c, t);
      c.builder.AddOperator("SPACE_TO_BATCH_ND",
                            {x, Const32(c, {2}, {2, 3}), Const32(c, {2, 2}, {1, 0, 2, 2})}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    {
      DiffCase c(std::string("space_to_batch_nd_3d_") + t.name, "exact");
      int x = RandomInput(c, t, {2, 5, 3}, 241);
      int y = Out(c, t);
      c.builder.AddOperator("SPACE_TO_BATCH_ND",
                            {x, Const32(c, {1}, {3}), Const32(c, {1, 2}, {0, 1})}, {y}, {}, 3);
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    {
      DiffCase c(std::string("batch_to_space_nd_4d_") + t.name, "exact");
      int x = RandomInput(c, t, {12, 2, 3, 2}, 242);
      int y = Out(c, t);
      c.builder.AddOperator("BATCH_TO_SPACE_ND",
                            {x, Const32(c, {2}, {2, 3}), Const32(c, {2, 2}, {1, 0, 2, 1})}, {y});
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
    {
      DiffCase c(std::string("batch_to_space_nd_3d_") + t.name, "exact");
      int x = RandomInput(c, t, {6, 2, 3}, 243);
      int y = Out(c, t);
      c.builder.AddOperator("BATCH_TO_SPACE_ND",
                            {x, Const32(c, {1}, {3}), Const32(c, {1, 2}, {1, 1})}, {y}, {}, 3);
      c.Outputs({y});
      cases->push_back(std::move(c));
    }
  }
  const MovementType f32 = AllMovementTypes()[0];
  {
    DiffCase c("space_to_batch_nd_runtime_paddings", "exact");
    int x = RandomInput(c, f32, {1, 4, 4, 1}, 244);
    int p = IndexInput(c, {2, 2}, {0, 2, 1, 1});
    int y = Out(c, f32);
    c.builder.AddOperator("SPACE_TO_BATCH_ND", {x, Const32(c, {2}, {2, 2}), p}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("batch_to_space_nd_runtime_crops", "exact");
    int x = RandomInput(c, f32, {4, 2, 2, 1}, 245);
    int crops = IndexInput(c, {2, 2}, {0, 1, 1, 0});
    int y = Out(c, f32);
    c.builder.AddOperator("BATCH_TO_SPACE_ND", {x, Const32(c, {2}, {2, 2}), crops}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
  {
    DiffCase c("space_to_batch_nd_error_indivisible", "exact");
    int x = RandomInput(c, f32, {1, 3, 4, 1}, 246);
    int y = Out(c, f32);
    c.builder.AddOperator("SPACE_TO_BATCH_ND",
                          {x, Const32(c, {2}, {2, 2}), Const32(c, {2, 2}, {0, 0, 0, 0})}, {y});
    c.Outputs({y});
    cases->push_back(std::move(c));
  }
}

}  // namespace
}  // namespace plinth::testing
