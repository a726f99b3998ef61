// OpenCL kernels of Plinth's GPU delegate. Tensors are NHWC, stored as float or, with FP16=1, as
// half (vload_half/vstore_half are core OpenCL, no cl_khr_fp16 needed); arithmetic is float.
// Each work item computes one output element, accumulating in the same order as the CPU kernels so
// fp32 results agree closely with them.

#if FP16
typedef half storage_t;
#define LOAD(p, i) vload_half((i), (p))
#define STORE(p, i, v) vstore_half((v), (i), (p))
#else
typedef float storage_t;
#define LOAD(p, i) ((p)[i])
#define STORE(p, i, v) ((p)[i] = (v))
#endif

// Fused activations: 4 = TANH; everything else is a clamp to [lo, hi].
inline float activate(float x, int act, float lo, float hi) {
  if (act == 4) return tanh(x);
  return fmin(fmax(x, lo), hi);
}

__kernel void to_storage(__global const float* in, __global storage_t* out) {
  const int i = get_global_id(0);
  STORE(out, i, in[i]);
}

__kernel void from_storage(__global const storage_t* in, __global float* out) {
  const int i = get_global_id(0);
  out[i] = LOAD(in, i);
}

// p: in_h in_w in_c out_h out_w out_c k_h k_w stride_h stride_w dil_h dil_w pad_t pad_l groups
//    has_bias. Global: (out_c, out_h * out_w, batches).
__kernel void conv2d(__global const storage_t* input, __global const storage_t* filter,
                     __global const storage_t* bias, __global storage_t* output, int16 p, int act,
                     float lo, float hi) {
  const int oc = get_global_id(0), pixel = get_global_id(1), b = get_global_id(2);
  const int in_h = p.s0, in_w = p.s1, in_c = p.s2, out_h = p.s3, out_w = p.s4, out_c = p.s5;
  const int k_h = p.s6, k_w = p.s7;
  const int group_in = in_c / p.se, group_out = out_c / p.se;
  const int group = oc / group_out;
  const int oy = pixel / out_w, ox = pixel % out_w;
  float acc = 0.0f;
  for (int ky = 0; ky < k_h; ++ky) {
    const int iy = oy * p.s8 - p.sc + ky * p.sa;
    if (iy < 0 || iy >= in_h) continue;
    for (int kx = 0; kx < k_w; ++kx) {
      const int ix = ox * p.s9 - p.sd + kx * p.sb;
      if (ix < 0 || ix >= in_w) continue;
      const int x_base = ((b * in_h + iy) * in_w + ix) * in_c + group * group_in;
      const int w_base = ((oc * k_h + ky) * k_w + kx) * group_in;
      for (int c = 0; c < group_in; ++c) acc += LOAD(input, x_base + c) * LOAD(filter, w_base + c);
    }
  }
  if (p.sf) acc += LOAD(bias, oc);
  STORE(output, ((b * out_h + oy) * out_w + ox) * out_c + oc, activate(acc, act, lo, hi));
}

// p: in_h in_w in_c out_h out_w out_c k_h k_w stride_h stride_w dil_h dil_w pad_t pad_l multiplier
//    has_bias. Global: (out_c, out_h * out_w, batches).
__kernel void depthwise_conv2d(__global const storage_t* input, __global const storage_t* filter,
                               __global const storage_t* bias, __global storage_t* output, int16 p,
                               int act, float lo, float hi) {
  const int oc = get_global_id(0), pixel = get_global_id(1), b = get_global_id(2);
  const int in_h = p.s0, in_w = p.s1, in_c = p.s2, out_h = p.s3, out_w = p.s4, out_c = p.s5;
  const int k_h = p.s6, k_w = p.s7;
  const int ic = oc / p.se;
  const int oy = pixel / out_w, ox = pixel % out_w;
  float acc = 0.0f;
  for (int ky = 0; ky < k_h; ++ky) {
    const int iy = oy * p.s8 - p.sc + ky * p.sa;
    if (iy < 0 || iy >= in_h) continue;
    for (int kx = 0; kx < k_w; ++kx) {
      const int ix = ox * p.s9 - p.sd + kx * p.sb;
      if (ix < 0 || ix >= in_w) continue;
      acc += LOAD(input, ((b * in_h + iy) * in_w + ix) * in_c + ic) *
             LOAD(filter, (ky * k_w + kx) * out_c + oc);
    }
  }
  if (p.sf) acc += LOAD(bias, oc);
  STORE(output, ((b * out_h + oy) * out_w + ox) * out_c + oc, activate(acc, act, lo, hi));
}

// out[b, n] = sum_k in[b, k] * w[n, k] + bias[n]. Global: (units, batches).
__kernel void fully_connected(__global const storage_t* input, __global const storage_t* weights,
                              __global const storage_t* bias, __global storage_t* output, int depth,
                              int units, int has_bias, int act, float lo, float hi) {
  const int n = get_global_id(0), b = get_global_id(1);
  float acc = 0.0f;
  for (int k = 0; k < depth; ++k) acc += LOAD(input, b * depth + k) * LOAD(weights, n * depth + k);
  if (has_bias) acc += LOAD(bias, n);
  STORE(output, b * units + n, activate(acc, act, lo, hi));
}

// Gathers, for each output element, every input position whose scatter lands on it.
// p: in_h in_w in_c out_h out_w out_c k_h k_w stride_h stride_w pad_t pad_l has_bias.
// Global: (out_c, out_h * out_w, batches).
__kernel void transpose_conv(__global const storage_t* input, __global const storage_t* filter,
                             __global const storage_t* bias, __global storage_t* output, int16 p,
                             int act, float lo, float hi) {
  const int oc = get_global_id(0), pixel = get_global_id(1), b = get_global_id(2);
  const int in_h = p.s0, in_w = p.s1, in_c = p.s2, out_h = p.s3, out_w = p.s4, out_c = p.s5;
  const int k_h = p.s6, k_w = p.s7, stride_h = p.s8, stride_w = p.s9;
  const int oy = pixel / out_w, ox = pixel % out_w;
  float acc = 0.0f;
  for (int ky = 0; ky < k_h; ++ky) {
    const int ty = oy + p.sa - ky;
    if (ty < 0 || ty % stride_h != 0) continue;
    const int iy = ty / stride_h;
    if (iy >= in_h) continue;
    for (int kx = 0; kx < k_w; ++kx) {
      const int tx = ox + p.sb - kx;
      if (tx < 0 || tx % stride_w != 0) continue;
      const int ix = tx / stride_w;
      if (ix >= in_w) continue;
      const int x_base = ((b * in_h + iy) * in_w + ix) * in_c;
      const int w_base = ((oc * k_h + ky) * k_w + kx) * in_c;
      for (int c = 0; c < in_c; ++c) acc += LOAD(input, x_base + c) * LOAD(filter, w_base + c);
    }
  }
  if (p.sc) acc += LOAD(bias, oc);
  STORE(output, ((b * out_h + oy) * out_w + ox) * out_c + oc, activate(acc, act, lo, hi));
}

// Broadcasting ADD (op 0), SUB (1), MUL (2) over 4-D shapes; strides are 0 where an input
// broadcasts. Global: (elements).
__kernel void binary(__global const storage_t* a, __global const storage_t* b,
                     __global storage_t* output, int4 dims, int4 a_strides, int4 b_strides, int op,
                     int act, float lo, float hi) {
  int i = get_global_id(0);
  const int out_index = i;
  const int d3 = i % dims.s3;
  i /= dims.s3;
  const int d2 = i % dims.s2;
  i /= dims.s2;
  const int d1 = i % dims.s1;
  const int d0 = i / dims.s1;
  const float x = LOAD(a, d0 * a_strides.s0 + d1 * a_strides.s1 + d2 * a_strides.s2 + d3 * a_strides.s3);
  const float y = LOAD(b, d0 * b_strides.s0 + d1 * b_strides.s1 + d2 * b_strides.s2 + d3 * b_strides.s3);
  const float r = op == 0 ? x + y : (op == 1 ? x - y : x * y);
  STORE(output, out_index, activate(r, act, lo, hi));
}

// Average (kind 0) or max (kind 1) pooling; averages count in-bounds elements only.
// p: in_h in_w channels out_h out_w f_h f_w stride_h stride_w pad_t pad_l kind.
// Global: (channels, out_h * out_w, batches).
__kernel void pool2d(__global const storage_t* input, __global storage_t* output, int16 p, int act,
                     float lo, float hi) {
  const int c = get_global_id(0), pixel = get_global_id(1), b = get_global_id(2);
  const int in_h = p.s0, in_w = p.s1, channels = p.s2, out_h = p.s3, out_w = p.s4;
  const int oy = pixel / out_w, ox = pixel % out_w;
  const int y0 = oy * p.s7 - p.s9, x0 = ox * p.s8 - p.sa;
  const int fy_begin = max(0, -y0), fy_end = min(p.s5, in_h - y0);
  const int fx_begin = max(0, -x0), fx_end = min(p.s6, in_w - x0);
  float acc = p.sb == 1 ? -FLT_MAX : 0.0f;
  int count = 0;
  for (int fy = fy_begin; fy < fy_end; ++fy) {
    for (int fx = fx_begin; fx < fx_end; ++fx) {
      const float v = LOAD(input, ((b * in_h + y0 + fy) * in_w + x0 + fx) * channels + c);
      acc = p.sb == 1 ? fmax(acc, v) : acc + v;
      ++count;
    }
  }
  if (p.sb == 0) acc = count > 0 ? acc / count : 0.0f;
  STORE(output, ((b * out_h + oy) * out_w + ox) * channels + c, activate(acc, act, lo, hi));
}

// Copies rows of `row` elements into rows of `dst_row` elements at `dst_offset` (concatenation).
// Global: (row, outer).
__kernel void copy_rows(__global const storage_t* src, __global storage_t* dst, int row,
                        int dst_row, int dst_offset) {
  const int i = get_global_id(0), o = get_global_id(1);
  STORE(dst, o * dst_row + dst_offset + i, LOAD(src, o * row + i));
}

// Softmax over rows of `depth` elements. Global: (rows).
__kernel void softmax(__global const storage_t* input, __global storage_t* output, int depth,
                      float beta) {
  const int base = get_global_id(0) * depth;
  float max_value = LOAD(input, base);
  for (int i = 1; i < depth; ++i) max_value = fmax(max_value, LOAD(input, base + i));
  float sum = 0.0f;
  for (int i = 0; i < depth; ++i) sum += exp((LOAD(input, base + i) - max_value) * beta);
  const float inv = 1.0f / sum;
  for (int i = 0; i < depth; ++i) {
    STORE(output, base + i, exp((LOAD(input, base + i) - max_value) * beta) * inv);
  }
}

// Element-wise activations: 0 clamp to [lo, hi], 1 logistic, 2 tanh, 3 hard swish.
__kernel void unary(__global const storage_t* input, __global storage_t* output, int op, float lo,
                    float hi) {
  const int i = get_global_id(0);
  const float x = LOAD(input, i);
  float y;
  if (op == 1) {
    y = 1.0f / (1.0f + exp(-x));
  } else if (op == 2) {
    y = tanh(x);
  } else if (op == 3) {
    y = x * fmin(fmax(x + 3.0f, 0.0f), 6.0f) / 6.0f;
  } else {
    y = fmin(fmax(x, lo), hi);
  }
  STORE(output, i, y);
}

// Mean over the middle dimension of [outer, reduce, inner]. Global: (inner, outer).
__kernel void mean(__global const storage_t* input, __global storage_t* output, int reduce,
                   int inner) {
  const int i = get_global_id(0), o = get_global_id(1);
  float sum = 0.0f;
  for (int r = 0; r < reduce; ++r) sum += LOAD(input, (o * reduce + r) * inner + i);
  STORE(output, o * inner + i, sum / reduce);
}

// Constant padding of 4-D tensors. Global: (output elements).
__kernel void pad(__global const storage_t* input, __global storage_t* output, int4 out_dims,
                  int4 in_dims, int4 before, float value) {
  int i = get_global_id(0);
  const int out_index = i;
  int4 c;
  c.s3 = i % out_dims.s3;
  i /= out_dims.s3;
  c.s2 = i % out_dims.s2;
  i /= out_dims.s2;
  c.s1 = i % out_dims.s1;
  c.s0 = i / out_dims.s1;
  const int4 s = c - before;
  float v = value;
  if (all(s >= (int4)(0)) && all(s < in_dims)) {
    v = LOAD(input, ((s.s0 * in_dims.s1 + s.s1) * in_dims.s2 + s.s2) * in_dims.s3 + s.s3);
  }
  STORE(output, out_index, v);
}

// Bilinear resize with TFLite's interpolation (scales computed on the host).
// p: in_h in_w channels out_h out_w half_pixel. Global: (channels, out_h * out_w, batches).
__kernel void resize_bilinear(__global const storage_t* input, __global storage_t* output, int8 p,
                              float scale_h, float scale_w) {
  const int c = get_global_id(0), pixel = get_global_id(1), b = get_global_id(2);
  const int in_h = p.s0, in_w = p.s1, channels = p.s2, out_h = p.s3, out_w = p.s4;
  const int y = pixel / out_w, x = pixel % out_w;
  const float fy = p.s5 ? ((float)y + 0.5f) * scale_h - 0.5f : (float)y * scale_h;
  const float fx = p.s5 ? ((float)x + 0.5f) * scale_w - 0.5f : (float)x * scale_w;
  const int y0 = max((int)floor(fy), 0), y1 = min((int)ceil(fy), in_h - 1);
  const int x0 = max((int)floor(fx), 0), x1 = min((int)ceil(fx), in_w - 1);
  const float dy = fy - y0, dx = fx - x0;
  const int row0 = (b * in_h + y0) * in_w, row1 = (b * in_h + y1) * in_w;
  const float v = LOAD(input, (row0 + x0) * channels + c) * (1 - dy) * (1 - dx) +
                  LOAD(input, (row1 + x0) * channels + c) * dy * (1 - dx) +
                  LOAD(input, (row0 + x1) * channels + c) * (1 - dy) * dx +
                  LOAD(input, (row1 + x1) * channels + c) * dy * dx;
  STORE(output, ((b * out_h + y) * out_w + x) * channels + c, v);
}
