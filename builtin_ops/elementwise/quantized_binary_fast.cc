// Selection and the portable side of the quantized binary fast paths (see quantized_binary_fast.h).
#include "builtin_ops/elementwise/quantized_binary_fast.h"

namespace plinth::builtin::ew {
namespace {

// Shifts the vector code implements (TFLite's QuantizeMultiplier never makes others for sane
// scales; hostile ones keep the reference kernels).
bool RightShiftOk(int shift) { return shift <= 0 && shift >= -31; }

// ADD/SUB's inputs (value + offset) must stay below 2^11 in magnitude for the AVX2 kernel's split
// multiply (quantized_binary_fast_avx2.cc): every 8-bit zero point within its type's range does.
bool InputOffsetOk(int32_t offset) { return offset >= -1792 && offset <= 1792; }

template <class T, bool kScalarA, bool kScalarB, class F>
void RunScalar(const T* a, const T* b, T* out, size_t n, F f) {
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<T>(f(a[kScalarA ? 0 : i], b[kScalarB ? 0 : i]));
}

// The scalar loop with the operand modes as template arguments. `f` must not read memory the
// 8-bit stores could alias (they may alias anything): callers pass parameters by value.
template <class T, class F>
void RunScalar(const T* a, const T* b, T* out, size_t n, bool scalar_a, bool scalar_b, F f) {
  if (scalar_a) {
    RunScalar<T, true, false>(a, b, out, n, f);
  } else if (scalar_b) {
    RunScalar<T, false, true>(a, b, out, n, f);
  } else {
    RunScalar<T, false, false>(a, b, out, n, f);
  }
}

template <class T>
void Run(const KernelContext& ctx, const QuantizedBinary& q, const QuantizedFast& fast) {
  const T* a = ctx.input(0).data<T>();
  const T* b = ctx.input(1).data<T>();
  T* out = ctx.output(0).data<T>();
  const bool sa = fast.plan.a_mode() == Operand::kScalar;
  const bool sb = fast.plan.b_mode() == Operand::kScalar;
  const bool add = q.kind == QuantizedBinary::Kind::kAddSub;
  // Tiles of 4096 values: the fixed-point steps cost about 2 cycles per value, so a residual
  // block's ADD (16K values) is worth splitting.
  ForEachPlanRun(
      ctx, fast.plan,
      [&](int64_t ia, int64_t ib, int64_t o, size_t n) {
        const T* x = a + ia;
        const T* y = b + ib;
        T* z = out + o;
        size_t done = 0;
#if defined(PLINTH_HAVE_AVX2_KERNELS)
        if (fast.avx512) {
          if (add) {
            AddSubAvx512<T>(q.add_sub, x, y, z, n, sa, sb);
          } else {
            MulAvx512<T>(q.mul, x, y, z, n, sa, sb);
          }
          return;
        }
        if (fast.avx2) {
          done = add ? AddSubAvx2<T>(q.add_sub, x, y, z, n, sa, sb)
                     : MulAvx2<T>(q.mul, x, y, z, n, sa, sb);
        }
#endif
        const T* xt = sa ? x : x + done;
        const T* yt = sb ? y : y + done;
        if (add) {
          const AddSubParams p = q.add_sub;
          RunScalar(xt, yt, z + done, n - done, sa, sb,
                    [p](T u, T v) { return AddSubElement(p, u, v); });
        } else {
          const MulParams p = q.mul;
          RunScalar(xt, yt, z + done, n - done, sa, sb,
                    [p](T u, T v) { return MulElement(p, u, v); });
        }
      },
      4096);
}

}  // namespace

void PrepareQuantizedFast(const QuantizedBinary& q, PlinthType type, const std::vector<int32_t>& a,
                          const std::vector<int32_t>& b, const Broadcast& bc, gemm::Isa isa,
                          QuantizedFast* fast) {
  *fast = QuantizedFast{};
  if (isa == gemm::Isa::kReference) return;
  if (type != PLINTH_INT8 && type != PLINTH_UINT8) return;
  if (q.kind == QuantizedBinary::Kind::kAddSub) {
    const AddSubParams& p = q.add_sub;
    if (p.left_shift != 20 || !RightShiftOk(p.input1.shift) || !RightShiftOk(p.input2.shift) ||
        !RightShiftOk(p.output.shift) || !InputOffsetOk(p.input1_offset) ||
        !InputOffsetOk(p.input2_offset) || p.input1.multiplier < 0 || p.input2.multiplier < 0) {
      return;
    }
  } else if (q.kind == QuantizedBinary::Kind::kMul) {
    if (q.mul.output.shift < -31 || q.mul.output.shift > 30) return;
  } else {
    return;
  }
  MakeBinaryPlan(a, b, bc, &fast->plan);
  fast->usable = fast->plan.usable;
#if defined(PLINTH_HAVE_AVX2_KERNELS)
  fast->avx2 = isa == gemm::Isa::kAvx2Fma;
  fast->avx512 = fast->avx2 && gemm::CpuHasAvx512Vnni();
#endif
}

void RunQuantizedFast(const KernelContext& ctx, const QuantizedBinary& q,
                      const QuantizedFast& fast) {
  if (ctx.input(0).type() == PLINTH_INT8) {
    Run<int8_t>(ctx, q, fast);
  } else {
    Run<uint8_t>(ctx, q, fast);
  }
}

}  // namespace plinth::builtin::ew
