//! Builds the two test runtimes from `sci-runtime` with extra features. Both carry the
//! `try-runtime` API so `check-upgrade` runs their migration checks and `try_state`.
fn main() {
	#[cfg(feature = "std")]
	for (feature, file) in
		[("upgrade-test", "upgrade_wasm.rs"), ("upgrade-test-broken", "broken_upgrade_wasm.rs")]
	{
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_feature(feature)
			.enable_feature("try-runtime")
			.set_file_name(file)
			.build();
	}
}
