#!/usr/bin/env bash
# Installs what building and testing SCI needs on a fresh machine with only the stock Rust
# toolchain: the Wasm target, a C++ compiler (binaryen), and Node.js for the client tests.
set -euo pipefail
rustup target add wasm32v1-none
rustup component add rust-src
missing=()
command -v g++ >/dev/null 2>&1 || missing+=(build-essential)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	$sudo apt-get install -y -qq "${missing[@]}"
fi
