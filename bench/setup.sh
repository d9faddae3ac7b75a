#!/bin/sh
# Installs what bench/pytorch_reference.py needs: Debian's PyTorch (PyPI may be unreachable)
# and OpenBLAS (Debian's torch falls back to the reference BLAS, 10-18x slower, without it).
# Needs root. Safe to run again. Never run by tests or CI.
set -eu

packages="python3-torch libopenblas0-pthread"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup: missing$missing; run this script as root to install them" >&2
        exit 1
    fi
    echo "setup: installing$missing with apt-get"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
else
    echo "setup: $packages already installed"
fi

blas=/usr/lib/x86_64-linux-gnu/openblas-pthread
echo "setup: checking that torch loads and that OpenBLAS is the BLAS it uses"
LD_LIBRARY_PATH=$blas /usr/bin/python3 - <<'PY'
import torch
libs = {l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and "/" in l}
print("setup: torch", torch.__version__, "BLAS:", ", ".join(sorted(libs)))
if not any("openblas" in l for l in libs):
    raise SystemExit("setup: OpenBLAS is not loaded; is libopenblas0-pthread installed?")
PY
echo "setup: done; run the reference with LD_LIBRARY_PATH=$blas /usr/bin/python3 bench/pytorch_reference.py"
