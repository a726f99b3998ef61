#!/usr/bin/env python3
"""Prints the Chebyshev coefficients of the exact GELU fast path's erfc
(builtin_ops/activations/activation_f32_fast_math.h, kErfcCheb).

For z >= 0, erfc(z) = t * exp(-z^2 + G(s)) with t = 2 / (2 + z) and s = 2t - 1 in (-1, 1]; G is
smooth on [-1, 1] (at s = -1, z = infinity, it tends to ln(1 / (2 sqrt(pi)))). The coefficients
come from interpolation at N Chebyshev nodes in 60-digit arithmetic with mpmath (not needed to
build or test: `pip install mpmath==1.3.0` to rerun this); terms past 28 are below 1e-19. The
script then checks the double-precision evaluation (Clenshaw, math.exp) against mpmath's erfc on
random points and prints the worst relative error.

Usage: python3 tools/gen_erfc_coefficients.py
"""
import math
import random

import mpmath as mp

TERMS = 28
NODES = 40


def g(s):
    s = mp.mpf(s)
    if s == -1:
        return mp.log(1 / (2 * mp.sqrt(mp.pi)))
    z = 4 / (s + 1) - 2
    return mp.log(mp.erfc(z) * (2 + z) / 2) + z * z


def coefficients():
    mp.mp.dps = 60
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / NODES) for k in range(NODES)]
    values = [g(x) for x in nodes]
    c = []
    for j in range(NODES):
        c.append(2 * mp.fsum(values[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / NODES)
                             for k in range(NODES)) / NODES)
    c[0] /= 2
    return [float(x) for x in c[:TERMS]]


def erfc_double(t, c):
    z = abs(t)
    tt = 2.0 / (2.0 + z)
    s = 2.0 * tt - 1.0
    b1 = b2 = 0.0
    for ck in reversed(c[1:]):
        b1, b2 = 2.0 * s * b1 - b2 + ck, b1
    e = tt * math.exp(-z * z + (s * b1 - b2 + c[0]))
    return 2.0 - e if t < 0 else e


def main():
    c = coefficients()
    print("constexpr double kErfcCheb[%d] = {" % TERMS)
    for k in range(0, TERMS, 3):
        print("    " + " ".join("%.17g," % x for x in c[k:k + 3]))
    print("};")
    random.seed(1)
    worst = 0
    for _ in range(100000):
        t = random.uniform(-6.0, 10.1)
        ref = mp.erfc(mp.mpf(t))
        worst = max(worst, abs((mp.mpf(erfc_double(t, c)) - ref) / ref))
    print("// worst relative error of erfc in double (math.exp):", mp.nstr(worst, 3))


if __name__ == "__main__":
    main()
