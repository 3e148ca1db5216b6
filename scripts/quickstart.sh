#!/usr/bin/env bash
# Fresh machine → trained Fashion-MNIST model: installs the data set (Debian package) if absent, the npm
# dependencies, then compiles and trains examples/fashion-mlp.nn. Output goes to runs/fashion-mlp/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update
  $SUDO apt-get install -y dataset-fashion-mnist
fi
npm ci --no-audit --no-fund
node bin/nnc.js check examples/fashion-mlp.nn
node bin/nnc.js train examples/fashion-mlp.nn --out runs/fashion-mlp "$@"
