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

// GELU (exact): x / 2 * erfc(x * -sqrt(1/2)), the reference's float steps around erfc in double.
// For z >= 0, erfc(z) = t * exp(-z^2 + G(s)) with t = 2 / (2 + z), s = 2t - 1, and G the
// Chebyshev series below (tools/gen_erfc_coefficients.py computes it: relative error of erfc
// 1.4e-14 with a correctly rounded exp); erfc(-z) = 2 - erfc(z).
constexpr float kGeluMinusSqrtHalf = static_cast<float>(-M_SQRT1_2);
constexpr int kErfcTerms = 28;
constexpr double kErfcCheb[kErfcTerms] = {
    -0.6513268598908547,     0.64196979235649021,     0.019476473204185836,
    -0.0095615147868086323,  -0.00094659534448203692, 0.00036683949785276145,
    4.2523324806907769e-05,  -2.0278578112534242e-05, -1.6242900046470256e-06,
    1.3036558355805232e-06,  1.5626441722066142e-08,  -8.5238095914926541e-08,
    6.5290544390988515e-09,  5.0593434955514693e-09,  -9.9136415649303307e-10,
    -2.273651222931836e-10,  9.646791102015527e-11,   2.3940380830391146e-12,
    -6.8860275264975532e-12, 8.9448792730907253e-13,  3.1309213993429581e-13,
    -1.1270822361367252e-13, 3.8109052551892321e-16,  7.1060976136092371e-15,
    -1.5230282014571041e-15, -9.4574945712912544e-17, 1.2102371892242731e-16,
    -2.816663087746774e-17,
};

// LOGISTIC's cut-offs in TFLite's reference kernel.
constexpr float kLogisticUpper = 16.619047164916992188f;
constexpr float kLogisticLower = -9.f;

}  // namespace plinth::builtin::act::math

#endif  // PLINTH_BUILTIN_OPS_ACTIVATIONS_ACTIVATION_F32_FAST_MATH_H_
