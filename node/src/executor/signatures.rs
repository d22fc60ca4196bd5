//! Signatures this node has already verified, so the runtime's `sr25519_verify` host function
//! answers a repeated check from memory instead of redoing the curve arithmetic.
//!
//! A transfer's signature is checked when the pool admits it, again when this node puts it in
//! a block, and by every node importing that block: the same signature, key and message each
//! time. Verification is deterministic, so a triple that verified once verifies again; only
//! successes are remembered, keyed by a Blake2-256 digest of the whole triple (a forged
//! signature would need a digest collision). Nothing is skipped: a triple not remembered is
//! verified in full.

use parking_lot::Mutex;
use schnellru::{ByLength, LruMap};
use sp_wasm_interface::{Function, FunctionContext, Pointer, Result, Value, ValueType};

/// The host function this cache answers for (`sp_io::crypto::sr25519_verify`, version 2).
pub const SR25519_VERIFY: &str = "ext_crypto_sr25519_verify_version_2";
/// Signatures remembered: the pool's capacity, so a full pool's worth stays cached until its
/// transactions are in blocks.
const CAPACITY: u32 = 65_536;

/// Recently verified (signature, public key, message) digests. Shared by all runtime calls of
/// one executor.
pub struct VerifiedSignatures {
	digests: Mutex<LruMap<[u8; 32], ()>>,
}

impl Default for VerifiedSignatures {
	fn default() -> Self {
		Self { digests: Mutex::new(LruMap::new(ByLength::new(CAPACITY))) }
	}
}

/// The runtime-side arguments of `sr25519_verify` v2: pointers to the 64-byte signature and
/// the 32-byte key, and a fat pointer (`len << 32 | ptr`) to the message.
struct VerifyArgs {
	signature: u32,
	message: u64,
	public: u32,
}

impl VerifyArgs {
	fn parse(args: &[Value]) -> Option<Self> {
		match *args {
			[Value::I32(signature), Value::I64(message), Value::I32(public)] => Some(Self {
				signature: signature as u32,
				message: message as u64,
				public: public as u32,
			}),
			_ => None,
		}
	}

	/// Digest of the bytes the arguments point at; an error if they point outside memory.
	fn digest(&self, context: &mut dyn FunctionContext) -> Result<[u8; 32]> {
		let (message_ptr, message_len) = (self.message as u32, (self.message >> 32) as u32);
		let mut bytes = context.read_memory(Pointer::new(self.signature), 64)?;
		bytes.extend(context.read_memory(Pointer::new(self.public), 32)?);
		bytes.extend(context.read_memory(Pointer::new(message_ptr), message_len)?);
		Ok(sp_crypto_hashing::blake2_256(&bytes))
	}
}

impl VerifiedSignatures {
	/// Whether `function` is the host function [`VerifiedSignatures::verify`] stands in for,
	/// with the signature this module expects.
	pub fn answers_for(function: &dyn Function) -> bool {
		let signature = function.signature();
		function.name() == SR25519_VERIFY
			&& signature.args.as_ref() == [ValueType::I32, ValueType::I64, ValueType::I32]
			&& signature.return_value == Some(ValueType::I32)
	}

	/// Run `verify` (the real host function) unless these exact arguments verified before.
	pub fn verify(
		&self,
		verify: &dyn Function,
		context: &mut dyn FunctionContext,
		args: &mut dyn Iterator<Item = Value>,
	) -> Result<Option<Value>> {
		let args: Vec<Value> = args.collect();
		let parsed = VerifyArgs::parse(&args)
			.ok_or_else(|| format!("`{SR25519_VERIFY}` called with {args:?}"))?;
		let digest = parsed.digest(context)?;
		if self.digests.lock().get(&digest).is_some() {
			return Ok(Some(Value::I32(1)));
		}
		let outcome = verify.execute(context, &mut args.into_iter())?;
		if outcome == Some(Value::I32(1)) {
			self.digests.lock().insert(digest, ());
		}
		Ok(outcome)
	}

	/// Forget every signature remembered, so that each is verified in full again.
	pub fn forget(&self) {
		self.digests.lock().clear();
	}

	/// Number of signatures remembered.
	#[cfg(test)]
	pub fn remembered(&self) -> usize {
		self.digests.lock().len()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::{sr25519, Pair};

	/// Memory of a fake instance: the host function reads the arguments from it.
	struct Memory(Vec<u8>);

	impl FunctionContext for Memory {
		fn read_memory_into(&mut self, address: Pointer<u8>, dest: &mut [u8]) -> Result<()> {
			let start = u32::from(address) as usize;
			let src = self.0.get(start..start + dest.len()).ok_or("out of bounds")?;
			dest.copy_from_slice(src);
			Ok(())
		}
		fn write_memory(&mut self, _: Pointer<u8>, _: &[u8]) -> Result<()> {
			unreachable!("verification writes nothing")
		}
		fn allocate_memory(&mut self, _: u32) -> Result<Pointer<u8>> {
			unreachable!("verification allocates nothing")
		}
		fn deallocate_memory(&mut self, _: Pointer<u8>) -> Result<()> {
			unreachable!("verification frees nothing")
		}
		fn register_panic_error_message(&mut self, _: &str) {}
	}

	fn real_verify() -> &'static dyn Function {
		use sp_wasm_interface::HostFunctions;
		*sp_io::SubstrateHostFunctions::host_functions()
			.iter()
			.find(|f| f.name() == SR25519_VERIFY)
			.expect("sp-io provides sr25519_verify v2")
	}

	/// Signature at 0, key at 64, message at 96.
	fn call(cache: &VerifiedSignatures, signature: &[u8], public: &[u8], message: &[u8]) -> bool {
		let mut memory = Memory([signature, public, message].concat());
		let fat = (message.len() as u64) << 32 | 96;
		let args = [Value::I32(0), Value::I64(fat as i64), Value::I32(64)];
		match cache.verify(real_verify(), &mut memory, &mut args.into_iter()).unwrap() {
			Some(Value::I32(answer)) => answer == 1,
			other => panic!("unexpected answer {other:?}"),
		}
	}

	#[test]
	fn answers_like_the_host_function_and_remembers_only_successes() {
		assert!(VerifiedSignatures::answers_for(real_verify()));
		let cache = VerifiedSignatures::default();
		let pair = sr25519::Pair::from_string("//Alice", None).unwrap();
		let signature = pair.sign(b"transfer 1");
		let public = pair.public();

		assert!(call(&cache, &signature.0, &public.0, b"transfer 1"));
		assert_eq!(cache.remembered(), 1);
		// Remembered: the same triple is answered again, identically.
		assert!(call(&cache, &signature.0, &public.0, b"transfer 1"));
		assert_eq!(cache.remembered(), 1);
		// Any other message, key or signature is verified afresh and fails.
		assert!(!call(&cache, &signature.0, &public.0, b"transfer 2"));
		let bob = sr25519::Pair::from_string("//Bob", None).unwrap().public();
		assert!(!call(&cache, &signature.0, &bob.0, b"transfer 1"));
		let mut forged = signature.0;
		forged[0] ^= 1;
		assert!(!call(&cache, &forged, &public.0, b"transfer 1"));
		assert_eq!(cache.remembered(), 1, "failures are not remembered");
		cache.forget();
		assert_eq!(cache.remembered(), 0);
		assert!(call(&cache, &signature.0, &public.0, b"transfer 1"), "verified afresh");
	}

	#[test]
	fn arguments_outside_memory_are_an_error_not_a_panic() {
		let cache = VerifiedSignatures::default();
		let mut memory = Memory(vec![0; 16]);
		let args = [Value::I32(0), Value::I64((8u64 << 32 | 4) as i64), Value::I32(64)];
		assert!(cache.verify(real_verify(), &mut memory, &mut args.into_iter()).is_err());
		let wrong = [Value::I32(0)];
		assert!(cache.verify(real_verify(), &mut memory, &mut wrong.into_iter()).is_err());
	}
}
