// TRANSPOSE_CONV float through the GEMM micro-kernels (see transpose_conv.h). Output pixel
// (oy, ox) receives input (iy, ix) through weight tap (ky, kx) when iy * stride + ky == oy + pad:
// ky runs over the taps congruent to (oy + pad) modulo the stride, so every pixel of a phase uses
// the same taps. Each row of a phase's GEMM is one output pixel's gathered inputs, ordered as the
// reference visits them (input row, then column, then channel: ky and kx descending), so with the
// exact micro-kernels each output is the reference's sum bit for bit, bias last. Taps outside the
// input are gathered as zeros: adding a zero product leaves a sum unchanged (a non-finite weight
// on such a tap would turn it into NaN where the reference skips the tap).
#include <algorithm>
#include <cstring>

#include "builtin_ops/nn/transpose_conv.h"

namespace plinth::builtin::transpose_conv {
namespace {

constexpr uint32_t kPackFilter = 3;  // ModelShared key
// Phases (stride_h x stride_w) the GEMM path packs at most; larger strides use the reference.
constexpr int64_t kMaxPhases = 256;

// Taps of a phase along one dimension: k values congruent to `phase` modulo the stride.
inline int32_t Taps(int32_t phase, int32_t k, int32_t stride) {
  return phase < k ? (k - phase + stride - 1) / stride : 0;
}

inline uint32_t Key(const gemm::F32Gemm& kernel) {
  return (kPackFilter << 16) | (kernel.mr << 8) | kernel.nr;
}

size_t MaxPhaseDepth(const Geometry& g) {
  size_t most = 0;
  for (int32_t py = 0; py < g.stride_h; ++py) {
    for (int32_t px = 0; px < g.stride_w; ++px) {
      most = std::max(most, static_cast<size_t>(Taps(py, g.k_h, g.stride_h)) *
                                static_cast<size_t>(Taps(px, g.k_w, g.stride_w)) *
                                static_cast<size_t>(g.in_c));
    }
  }
  return most;
}

PackedWeights* Pack(const Geometry& g, const gemm::F32Gemm& kernel, const float* w,
                    const float* bias) {
  auto* p = new PackedWeights;
  const size_t n = static_cast<size_t>(g.out_c), c = static_cast<size_t>(g.in_c);
  std::vector<float> rows;  // one phase's [n][depth] matrix before packing
  for (int32_t py = 0; py < g.stride_h; ++py) {
    for (int32_t px = 0; px < g.stride_w; ++px) {
      const int32_t ty = Taps(py, g.k_h, g.stride_h), tx = Taps(px, g.k_w, g.stride_w);
      const size_t depth = static_cast<size_t>(ty) * tx * c;
      rows.resize(n * depth);
      for (size_t oc = 0; oc < n; ++oc) {
        float* dst = rows.data() + oc * depth;
        for (int32_t t = 0; t < ty; ++t) {
          const int32_t ky = py + (ty - 1 - t) * g.stride_h;
          for (int32_t u = 0; u < tx; ++u, dst += c) {
            const int32_t kx = px + (tx - 1 - u) * g.stride_w;
            std::memcpy(dst, w + ((oc * g.k_h + ky) * g.k_w + kx) * c, c * sizeof(float));
          }
        }
      }
      p->offset.push_back(p->weights.size());
      p->weights.resize(p->weights.size() + gemm::PackedF32Size(n, depth, kernel.nr));
      gemm::PackF32NK(n, depth, kernel.nr, rows.data(), depth,
                      p->weights.data() + p->offset.back());
    }
  }
  p->bias.resize((n + kernel.nr - 1) / kernel.nr * kernel.nr);
  gemm::PackF32Bias(n, kernel.nr, bias, p->bias.data());
  return p;
}

// Gathers the rows of `rows` output pixels of one phase, x = x0 + r * stride_w, in output row oy.
void Gather(const Geometry& g, const float* image, int32_t oy, int32_t py, int32_t px, int32_t x0,
            size_t rows, float* dst) {
  const int32_t ty = Taps(py, g.k_h, g.stride_h), tx = Taps(px, g.k_w, g.stride_w);
  const size_t c = static_cast<size_t>(g.in_c);
  const int32_t y = oy + g.pad_top;
  for (size_t r = 0; r < rows; ++r) {
    const int32_t x = x0 + static_cast<int32_t>(r) * g.stride_w + g.pad_left;
    for (int32_t t = 0; t < ty; ++t) {
      const int32_t iy = (y - (py + (ty - 1 - t) * g.stride_h)) / g.stride_h;
      const bool row_in = iy >= 0 && iy < g.in_h;
      for (int32_t u = 0; u < tx; ++u, dst += c) {
        const int32_t ix = (x - (px + (tx - 1 - u) * g.stride_w)) / g.stride_w;
        if (row_in && ix >= 0 && ix < g.in_w) {
          std::memcpy(dst, image + (static_cast<size_t>(iy) * g.in_w + ix) * c, c * sizeof(float));
        } else {
          std::memset(dst, 0, c * sizeof(float));
        }
      }
    }
  }
}

}  // namespace

PlinthStatus PrepareFloatGemm(const KernelContext& ctx, const Geometry& g, FloatGemm* fg) {
  fg->packed = nullptr;
  const gemm::Isa isa = gemm::ActiveIsa();
  Tensor weights = ctx.input(1), bias = ctx.input(3);
  if (isa == gemm::Isa::kReference || !weights.is_constant() || (bias && !bias.is_constant()) ||
      int64_t{g.stride_h} * g.stride_w > kMaxPhases || g.out_c == 0) {
    return PLINTH_OK;
  }
  fg->kernel = gemm::SelectF32Gemm(isa, gemm::FusedMultiplyAddAllowed());
  const size_t threads = static_cast<size_t>(std::max(1, ctx.num_threads()));
  fg->chunks = threads > 1 ? 4 * threads : 1;
  const size_t depth = std::max<size_t>(1, MaxPhaseDepth(g));
  fg->rows_scratch = ctx.RequestScratch(fg->chunks * fg->kernel.mr * depth * sizeof(float));
  PLINTH_ENSURE(ctx, fg->rows_scratch >= 0,
                "cannot reserve scratch memory for the transposed convolution's row buffers");
  const float* w = weights.data<float>();
  const float* b = bias ? bias.data<float>() : nullptr;
  // Null (a core without model-shared data) leaves the node to the reference kernel.
  fg->packed =
      ctx.ModelShared<PackedWeights>(Key(fg->kernel), [&] { return Pack(g, fg->kernel, w, b); });
  return PLINTH_OK;
}

void RunFloatGemm(const KernelContext& ctx, const Geometry& g, const FloatGemm& fg,
                  FloatRange range) {
  const size_t tasks = static_cast<size_t>(g.batches) * static_cast<size_t>(g.out_h);
  if (tasks == 0 || g.out_w == 0) return;
  const float* in = ctx.input(2).data<float>();
  float* out = ctx.output(0).data<float>();
  float* rows = ctx.Scratch<float>(fg.rows_scratch);
  const gemm::F32Gemm& kernel = fg.kernel;
  const PackedWeights& p = *fg.packed;
  const size_t mr = kernel.mr, n = static_cast<size_t>(g.out_c);
  const size_t depth_max = std::max<size_t>(1, MaxPhaseDepth(g));
  gemm::F32GemmArgs args;
  args.bias = p.bias.data();
  args.min = range.min;
  args.max = range.max;
  const size_t image = static_cast<size_t>(g.in_h) * g.in_w * g.in_c;
  ctx.ParallelFor(fg.chunks, 1, [&](size_t first, size_t last) {
    for (size_t chunk = first; chunk < last; ++chunk) {
      float* buffer = rows + chunk * mr * depth_max;
      const size_t t_end = tasks * (chunk + 1) / fg.chunks;
      for (size_t t = tasks * chunk / fg.chunks; t < t_end; ++t) {
        const int32_t b = static_cast<int32_t>(t / g.out_h);
        const int32_t oy = static_cast<int32_t>(t % g.out_h);
        const int32_t py = (oy + g.pad_top) % g.stride_h;
        float* out_row = out + t * g.out_w * n;
        for (int32_t px = 0; px < g.stride_w; ++px) {
          // The first column of this phase: (x + pad_left) % stride_w == px.
          const int32_t x0 = ((px - g.pad_left) % g.stride_w + g.stride_w) % g.stride_w;
          if (x0 >= g.out_w) continue;
          const size_t count = static_cast<size_t>((g.out_w - x0 + g.stride_w - 1) / g.stride_w);
          const size_t depth = static_cast<size_t>(Taps(py, g.k_h, g.stride_h)) *
                               static_cast<size_t>(Taps(px, g.k_w, g.stride_w)) *
                               static_cast<size_t>(g.in_c);
          const float* w = p.weights.data() + p.offset[static_cast<size_t>(py) * g.stride_w + px];
          const size_t c_stride = static_cast<size_t>(g.stride_w) * n;
          for (size_t r0 = 0; r0 < count; r0 += mr) {
            const size_t mb = std::min(mr, count - r0);
            const int32_t x = x0 + static_cast<int32_t>(r0) * g.stride_w;
            Gather(g, in + b * image, oy, py, px, x, mb, buffer);
            const gemm::F32GemmFn fn = mb == 1 ? kernel.rows1 : kernel.fn;
            fn(mb, n, depth, buffer, depth, w, out_row + static_cast<size_t>(x) * n, c_stride,
               args);
          }
        }
      }
    }
  });
}

}  // namespace plinth::builtin::transpose_conv
