# Sourced by the scripts: pinned versions and PATH. Not meant to be run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
BINARYEN_VERSION="132.0.0"
# Minifies the JS the split build writes (wasm-bindgen's glue and the
# loader), in release builds (scripts/split-wasm).
ESBUILD_VERSION="0.25.0"
# Splits the release wasm into a part per page (scripts/split-wasm).
WASM_SPLIT_VERSION="0.2.4"
# wasm-opt's flags for every wasm the build writes (the features the
# toolchain's wasm uses).
WASM_OPT_FLAGS="--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals"
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/npm/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# This shared machine can be slow to start a browser.
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-90}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
