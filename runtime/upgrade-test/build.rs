//! Builds the test runtimes from `sci-runtime` with extra features. The two upgrade runtimes
//! carry the `try-runtime` API so `check-upgrade` runs their migration checks and `try_state`;
//! the trap runtime is the current one whose block initialization traps.
fn main() {
	#[cfg(feature = "std")]
	for (features, file) in [
		(&["upgrade-test", "try-runtime"][..], "upgrade_wasm.rs"),
		(&["upgrade-test-broken", "try-runtime"][..], "broken_upgrade_wasm.rs"),
		(&["fast-runtime"][..], "fast_runtime_wasm.rs"),
		(&["trap-initialize-block"][..], "trap_runtime_wasm.rs"),
	] {
		let mut builder = substrate_wasm_builder::WasmBuilder::init_with_defaults();
		for &feature in features {
			builder = builder.enable_feature(feature);
		}
		builder.set_file_name(file).build();
	}
}
