#!/bin/sh
# plinth conformance through the NNAPI delegate on the reference runtime (PLINTH_NNAPI_LIBRARY),
# op by op, quantized outputs bit-exact. An op whose built-in kernel (the reference of the kit) is
# missing from this tree is reported and skipped; any other failure fails the test.
# usage: run_conformance.sh PLINTH_CLI NNAPI_DELEGATE_SO
set -u
cli=$1
delegate=$2
failed=0
passed=0
skipped=0
for op in CONV_2D FULLY_CONNECTED ADD SUB MUL POOL_2D CONCATENATION RESHAPE PAD MEAN \
          RESIZE_BILINEAR LOGISTIC TANH RELU HARD_SWISH SOFTMAX; do
  out=$("$cli" conformance --delegate "$delegate" --ops "$op" \
        --tolerance int8=lsb:0 --tolerance uint8=lsb:0 2>&1)
  status=$?
  if [ $status -eq 0 ]; then
    passed=$((passed + 1))
    printf '%s\n' "$out" | grep -v '^\[' | grep -v '^$'
  elif printf '%s' "$out" | grep -q "the built-in kernels cannot run conformance case"; then
    skipped=$((skipped + 1))
    echo "SKIP $op: $(printf '%s' "$out" | grep -o 'cannot run conformance case.*' | head -n 1)"
  else
    failed=$((failed + 1))
    echo "FAIL $op:"
    printf '%s\n' "$out"
  fi
done
echo "conformance ops: $passed passed, $failed failed, $skipped skipped (no built-in kernel)"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
