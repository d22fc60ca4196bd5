#!/usr/bin/env bash
# Installs what building SCI needs on a fresh machine with only the stock Rust toolchain.
set -euo pipefail
rustup target add wasm32v1-none
rustup component add rust-src
if ! command -v g++ >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq build-essential; else sudo apt-get update -qq && sudo apt-get install -y -qq build-essential; fi
fi
