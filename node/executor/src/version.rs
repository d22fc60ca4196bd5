//! Reading a runtime's version from its Wasm custom sections, without compiling it.
//!
//! `#[sp_version::runtime_version]` and `impl_runtime_apis!` embed the SCALE-encoded
//! `RuntimeVersion` in a `runtime_version` section and the API list in `runtime_apis`, so an
//! upgrade's candidate code can be checked (`frame_system`'s `can_set_code`, through the
//! `misc_runtime_version` host function) as polkadot-sdk's executor does it.

use codec::Decode;
use sp_version::{ApiId, ApisVec, RuntimeVersion};
use wasmparser::{Parser, Payload};

/// The version embedded in decompressed Wasm `code`; `None` if it has no `runtime_version`
/// section (callers then ask the runtime's `Core_version`).
pub(crate) fn embedded_version(code: &[u8]) -> Result<Option<RuntimeVersion>, String> {
	let (mut version, mut apis) = (None, None);
	for payload in Parser::new(0).parse_all(code) {
		if let Payload::CustomSection(section) = payload.map_err(|e| e.to_string())? {
			match section.name() {
				"runtime_version" => version = Some(section.data()),
				"runtime_apis" => apis = Some(section.data()),
				_ => {},
			}
		}
	}
	let Some(mut version) = version else { return Ok(None) };
	let apis: Option<ApisVec> = apis.map(decode_apis).transpose()?.map(Into::into);
	let core_version = apis.as_ref().and_then(sp_version::core_version_from_apis);
	let mut decoded = RuntimeVersion::decode_with_version_hint(&mut version, core_version)
		.map_err(|e| format!("bad `runtime_version` section: {e}"))?;
	if let Some(apis) = apis {
		decoded.apis = apis;
	}
	Ok(Some(decoded))
}

/// The `runtime_apis` section: `(api id, version)` pairs, 8 + 4 bytes each, no length prefix.
fn decode_apis(mut data: &[u8]) -> Result<Vec<(ApiId, u32)>, String> {
	const ENTRY: usize = 12;
	if !data.len().is_multiple_of(ENTRY) {
		return Err("bad `runtime_apis` section length".into());
	}
	let mut apis = Vec::with_capacity(data.len() / ENTRY);
	while !data.is_empty() {
		let entry = <(ApiId, u32)>::decode(&mut data)
			.map_err(|e| format!("bad `runtime_apis` section: {e}"))?;
		apis.push(entry);
	}
	Ok(apis)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn reads_the_runtimes_embedded_version() {
		let compressed = sci_runtime::WASM_BINARY.expect("runtime built");
		let code = sp_maybe_compressed_blob::decompress(compressed, 50 << 20).unwrap();
		let mut version = embedded_version(&code).unwrap().expect("has a version section");
		let mut expected = sci_runtime::VERSION;
		// The linker concatenates the APIs' sections in its own order.
		version.apis.to_mut().sort();
		expected.apis.to_mut().sort();
		assert_eq!(version, expected);
	}

	#[test]
	fn code_without_sections_has_none_and_garbage_is_an_error() {
		// The smallest valid module: magic and version only.
		assert_eq!(embedded_version(b"\0asm\x01\0\0\0").unwrap(), None);
		assert!(embedded_version(b"not wasm at all").is_err());
	}
}
