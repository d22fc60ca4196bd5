//! Builds the runtime to Wasm (substrate-wasm-builder) when the `std` feature is on.
//!
//! The Wasm must be byte-for-byte the same whatever directory it is built in: panic messages
//! carry source paths, and the code hash and the checked-in chain specs depend on every byte.
//! So the workspace and cargo's registry are remapped to fixed prefixes.
fn main() {
	#[cfg(feature = "std")]
	{
		use std::{env, path::PathBuf};
		let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
		let workspace = manifest.parent().unwrap_or(&manifest).to_path_buf();
		let cargo_home = env::var_os("CARGO_HOME").map(PathBuf::from).unwrap_or_else(|| {
			PathBuf::from(env::var_os("HOME").unwrap_or_default()).join(".cargo")
		});
		let mut flags = env::var("WASM_BUILD_RUSTFLAGS").unwrap_or_default();
		flags.push_str(&format!(
			" --remap-path-prefix={}=/sci --remap-path-prefix={}=/cargo",
			workspace.display(),
			cargo_home.display()
		));
		env::set_var("WASM_BUILD_RUSTFLAGS", flags);
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
