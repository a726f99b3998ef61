// Constants of the double-precision exp and tanh of activation_f32_fast.h, shared by the portable
// and AVX2 builds so that both evaluate the same polynomials.
#ifndef PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_F32_FAST_MATH_H_
#define PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_F32_FAST_MATH_H_

#include <cmath>

namespace plinth::builtin::act::math {

// Arguments are clamped to [-kExpLimit, kExpLimit]: e^200 overflows float, e^-200 rounds to 0.
constexpr double kExpLimit = 200.0;
constexpr double kLog2e = 1.4426950408889634074;
// x * log2(e) + 1.5 * 2^52 rounds to an integer n held in the low mantissa bits.
constexpr double kRoundMagic = 6755399441055744.0;
// ln 2 split so that n * kLn2Hi is exact for |n| < 2^20.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
// 1 / k! for k = 10 down to 2 (Horner order); the k = 1 and k = 0 terms are 1.
constexpr double kExpPoly[9] = {1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
                                1.0 / 5040.0,    1.0 / 720.0,    1.0 / 120.0,
                                1.0 / 24.0,      1.0 / 6.0,      1.0 / 2.0};

// tanh: the odd Taylor series below kTanhSeriesLimit (terms x^3 .. x^13 of x * (1 + z * S(z)),
// z = x^2; the first omitted term is below 4e-16 relative there), (e - 1) / (e + 1) with
// e = exp(2|x|) above, 1 beyond |x| = kTanhLimit.
constexpr double kTanhSeriesLimit = 0.125;
constexpr double kTanhLimit = 20.0;
constexpr double kTanhPoly[6] = {21844.0 / 6081075.0, -1382.0 / 155925.0, 62.0 / 2835.0,
                                 -17.0 / 315.0,       2.0 / 15.0,         -1.0 / 3.0};

// GELU (approximate): sqrt(2 / pi) formed in double and rounded to float, as in gelu.cc.
constexpr float kGeluSqrt2OverPi = static_cast<float>(M_2_SQRTPI * M_SQRT1_2);
constexpr float kGeluCubic = 0.044715f;

// LOGISTIC's cut-offs in TFLite's reference kernel.
constexpr float kLogisticUpper = 16.619047164916992188f;
constexpr float kLogisticLower = -9.f;

}  // namespace plinth::builtin::act::math

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_F32_FAST_MATH_H_
