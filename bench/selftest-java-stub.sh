#!/bin/sh
# Stands in for `statetrack bench-steps` to test compare.py without the Java side: it runs the
# PyTorch reference and relabels its line as DJL's. The table must then show equal parameter
# counts and ratios near 1; how far they stray from 1 is the measurement noise of this machine.
#   bench/compare.py --java-cmd bench/selftest-java-stub.sh --size-sets quick --rounds 2
set -eu
[ "${1:-}" = bench-steps ] || { echo "usage: $0 bench-steps OPTIONS" >&2; exit 2; }
shift
line=$(LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread \
       /usr/bin/python3 "$(dirname "$0")/pytorch_reference.py" "$@")
printf '%s\n' "$line" | sed 's/"impl": "pytorch"/"impl": "djl"/'
