//! Signatures this node has already checked, so the runtime's signature host functions answer
//! a repeated check from memory instead of redoing the curve arithmetic.
//!
//! A transfer's signature is checked when the pool admits it, again when this node puts it in
//! a block, and by every node importing that block: the same signature, key and message each
//! time. A transaction's `MultiSignature` is checked by one of three host functions:
//! `sr25519_verify` and `ed25519_verify` answer whether it is valid, and ECDSA's
//! `secp256k1_ecdsa_recover_compressed` recovers the signer's key, which the runtime then
//! compares. Each is deterministic, so arguments that succeeded once succeed again with the same
//! answer; only successes are remembered (for a recovery, the answer it wrote), keyed by a
//! Blake2-256 digest of the function's name and every byte its arguments point at (a forged
//! signature would need a digest collision). Nothing is skipped: arguments not remembered are
//! checked in full. (`ed25519_verify` switches to a stricter library when a call registers
//! sp-io's `UseDalekExt`; this node never does, so one answer holds for every call.)

use parking_lot::Mutex;
use schnellru::{ByLength, LruMap};
use sp_wasm_interface::{Function, FunctionContext, Pointer, Result, Value, ValueType};

/// `sp_io::crypto::sr25519_verify`, version 2: (signature, message, key) → valid.
pub(crate) const SR25519_VERIFY: &str = "ext_crypto_sr25519_verify_version_2";
/// `sp_io::crypto::ed25519_verify`, version 1: the same arguments and answer.
pub(crate) const ED25519_VERIFY: &str = "ext_crypto_ed25519_verify_version_1";
/// `sp_io::crypto::secp256k1_ecdsa_recover_compressed`, version 2: (signature, message hash) →
/// the SCALE-encoded `Result<[u8; 33], EcdsaVerifyError>`, written into the runtime's memory.
pub(crate) const ECDSA_RECOVER: &str = "ext_crypto_secp256k1_ecdsa_recover_compressed_version_2";
/// Checks remembered: four times the pool's default capacity (`pool::PoolLimits`), so that a
/// full pool's worth stays remembered until its transactions are in blocks, while imported
/// blocks' signatures and other authors' checks ahead are remembered too.
const CAPACITY: u32 = 4 * 65_536;

/// Recently succeeded checks: digest → what the function answered (empty for a verification,
/// whose answer is always "valid"). Shared by all runtime calls of one executor.
pub struct VerifiedSignatures {
	answers: Mutex<LruMap<[u8; 32], Vec<u8>>>,
}

impl Default for VerifiedSignatures {
	fn default() -> Self {
		Self { answers: Mutex::new(LruMap::new(ByLength::new(CAPACITY))) }
	}
}

/// Which kind of check a host function makes, by its name and signature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check {
	/// `(signature: *[u8; 64], message: fat pointer, key: *[u8; 32]) -> bool`.
	Verify,
	/// `(signature: *[u8; 65], message hash: *[u8; 32]) -> fat pointer to its answer`.
	Recover,
}

/// The pointer and length of a byte slice as host functions pass and return it.
fn split_fat(fat: u64) -> (Pointer<u8>, u32) {
	let (ptr, len) = super::split_fat_pointer(fat);
	(Pointer::new(ptr), len)
}

/// Digest of `name` and the bytes each (pointer, length) in `regions` points at; an error if
/// one points outside memory.
fn digest(
	name: &str,
	regions: &[(Pointer<u8>, u32)],
	context: &mut dyn FunctionContext,
) -> Result<[u8; 32]> {
	let mut bytes = name.as_bytes().to_vec();
	for (pointer, len) in regions {
		bytes.extend(context.read_memory(*pointer, *len)?);
	}
	Ok(sp_crypto_hashing::blake2_256(&bytes))
}

impl VerifiedSignatures {
	/// Which check `function` makes, if it is one of the host functions
	/// [`VerifiedSignatures::check`] stands in for, with the signature this module expects.
	/// Asked once, when the function is linked.
	pub fn answers_for(function: &dyn Function) -> Option<Check> {
		use ValueType::{I32, I64};
		let signature = function.signature();
		let (args, ret) = (signature.args.as_ref(), signature.return_value);
		match function.name() {
			SR25519_VERIFY | ED25519_VERIFY if args == [I32, I64, I32] && ret == Some(I32) => {
				Some(Check::Verify)
			},
			ECDSA_RECOVER if args == [I32, I32] && ret == Some(I64) => Some(Check::Recover),
			_ => None,
		}
	}

	/// Run `function` (the real host function, making the check `kind`) unless these exact
	/// arguments succeeded before; then answer as it did.
	pub fn check(
		&self,
		kind: Check,
		function: &dyn Function,
		context: &mut dyn FunctionContext,
		args: &mut dyn Iterator<Item = Value>,
	) -> Result<Option<Value>> {
		let args: Vec<Value> = args.collect();
		let malformed = || format!("`{}` called with {args:?}", function.name());
		let regions = match (kind, args.as_slice()) {
			(Check::Verify, &[Value::I32(signature), Value::I64(message), Value::I32(key)]) => {
				vec![
					(Pointer::new(signature as u32), 64),
					(Pointer::new(key as u32), 32),
					split_fat(message as u64),
				]
			},
			(Check::Recover, &[Value::I32(signature), Value::I32(hash)]) => {
				vec![(Pointer::new(signature as u32), 65), (Pointer::new(hash as u32), 32)]
			},
			_ => return Err(malformed()),
		};
		let digest = digest(function.name(), &regions, context)?;
		let remembered = self.answers.lock().get(&digest).cloned();
		if let Some(answer) = remembered {
			return match kind {
				Check::Verify => Ok(Some(Value::I32(1))),
				Check::Recover => {
					// A fresh copy of the answer, as the function itself allocates one.
					let len = answer.len() as u32;
					let pointer = context.allocate_memory(len)?;
					context.write_memory(pointer, &answer)?;
					Ok(Some(Value::I64(super::fat_pointer(pointer.into(), len) as i64)))
				},
			};
		}
		let outcome = function.execute(context, &mut args.into_iter())?;
		let success = match (kind, outcome) {
			(Check::Verify, Some(Value::I32(1))) => Some(Vec::new()),
			(Check::Recover, Some(Value::I64(fat))) => {
				let (pointer, len) = split_fat(fat as u64);
				let answer = context.read_memory(pointer, len)?;
				// `Ok(key)` encodes as 0 then the key; an error is not remembered.
				(answer.first() == Some(&0)).then_some(answer)
			},
			_ => None,
		};
		if let Some(answer) = success {
			self.answers.lock().insert(digest, answer);
		}
		Ok(outcome)
	}

	/// Forget every check remembered, so that each is made in full again.
	pub fn forget(&self) {
		self.answers.lock().clear();
	}

	/// Number of checks remembered.
	pub fn remembered(&self) -> usize {
		self.answers.lock().len()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Decode;
	use sp_core::{ecdsa, ed25519, sr25519, Pair};

	/// Memory of a fake instance: the host function reads its arguments from it and
	/// allocates what it returns at its end.
	struct Memory(Vec<u8>);

	impl FunctionContext for Memory {
		fn read_memory_into(&mut self, address: Pointer<u8>, dest: &mut [u8]) -> Result<()> {
			let start = u32::from(address) as usize;
			let src = self.0.get(start..start + dest.len()).ok_or("out of bounds")?;
			dest.copy_from_slice(src);
			Ok(())
		}
		fn write_memory(&mut self, address: Pointer<u8>, data: &[u8]) -> Result<()> {
			let start = u32::from(address) as usize;
			let dest = self.0.get_mut(start..start + data.len()).ok_or("out of bounds")?;
			dest.copy_from_slice(data);
			Ok(())
		}
		fn allocate_memory(&mut self, size: u32) -> Result<Pointer<u8>> {
			let start = self.0.len();
			self.0.resize(start + size as usize, 0);
			Ok(Pointer::new(start as u32))
		}
		fn deallocate_memory(&mut self, _: Pointer<u8>) -> Result<()> {
			Ok(())
		}
		fn register_panic_error_message(&mut self, _: &str) {}
	}

	/// The real host function `name`, counting how often it actually runs.
	struct Counted {
		function: &'static dyn Function,
		runs: std::sync::atomic::AtomicUsize,
	}

	impl Counted {
		fn runs(&self) -> usize {
			self.runs.load(std::sync::atomic::Ordering::Relaxed)
		}
	}

	impl Function for Counted {
		fn name(&self) -> &str {
			self.function.name()
		}
		fn signature(&self) -> sp_wasm_interface::Signature {
			self.function.signature()
		}
		fn execute(
			&self,
			context: &mut dyn FunctionContext,
			args: &mut dyn Iterator<Item = Value>,
		) -> Result<Option<Value>> {
			self.runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
			self.function.execute(context, args)
		}
	}

	/// A fresh counter around the real host function `name`, leaked to live as long as sp-io's.
	fn real(name: &str) -> &'static Counted {
		use sp_wasm_interface::HostFunctions;
		let function = *sp_io::SubstrateHostFunctions::host_functions()
			.iter()
			.find(|f| f.name() == name)
			.unwrap_or_else(|| panic!("sp-io provides {name}"));
		Box::leak(Box::new(Counted { function, runs: Default::default() }))
	}

	/// The check `function` makes.
	fn kind(function: &dyn Function) -> Check {
		VerifiedSignatures::answers_for(function).expect("a signature check")
	}

	/// A verification through `cache`: signature at 0, key at 64, message at 96.
	fn verify(
		cache: &VerifiedSignatures,
		function: &Counted,
		signature: &[u8],
		public: &[u8],
		message: &[u8],
	) -> bool {
		let mut memory = Memory([signature, public, message].concat());
		let fat = (message.len() as u64) << 32 | 96;
		let args = [Value::I32(0), Value::I64(fat as i64), Value::I32(64)];
		match cache.check(kind(function), function, &mut memory, &mut args.into_iter()).unwrap() {
			Some(Value::I32(answer)) => answer == 1,
			other => panic!("unexpected answer {other:?}"),
		}
	}

	/// A key recovery through `cache`: signature at 0, message hash at 65.
	fn recover(
		cache: &VerifiedSignatures,
		function: &Counted,
		signature: &[u8],
		hash: &[u8; 32],
	) -> Option<[u8; 33]> {
		let mut memory = Memory([signature, hash].concat());
		let args = [Value::I32(0), Value::I32(65)];
		match cache.check(kind(function), function, &mut memory, &mut args.into_iter()).unwrap() {
			Some(Value::I64(fat)) => {
				let (pointer, len) = split_fat(fat as u64);
				let answer = memory.read_memory(pointer, len).unwrap();
				core::result::Result::<[u8; 33], sp_io::EcdsaVerifyError>::decode(&mut &answer[..])
					.unwrap()
					.ok()
			},
			other => panic!("unexpected answer {other:?}"),
		}
	}

	#[test]
	fn answers_like_the_host_function_and_remembers_only_successes() {
		let (sr25519, ed25519) = (real(SR25519_VERIFY), real(ED25519_VERIFY));
		assert!(VerifiedSignatures::answers_for(sr25519).is_some());
		let cache = VerifiedSignatures::default();
		let pair = sr25519::Pair::from_string("//Alice", None).unwrap();
		let signature = pair.sign(b"transfer 1");
		let public = pair.public();
		let sr = |signature: &[u8], public: &[u8], message: &[u8]| {
			verify(&cache, sr25519, signature, public, message)
		};

		assert!(sr(&signature.0, &public.0, b"transfer 1"));
		assert_eq!((cache.remembered(), sr25519.runs()), (1, 1));
		// Remembered: the same triple is answered again, identically, without the curve.
		assert!(sr(&signature.0, &public.0, b"transfer 1"));
		assert_eq!((cache.remembered(), sr25519.runs()), (1, 1));
		// Any other message, key or signature is verified afresh and fails.
		assert!(!sr(&signature.0, &public.0, b"transfer 2"));
		let bob = sr25519::Pair::from_string("//Bob", None).unwrap().public();
		assert!(!sr(&signature.0, &bob.0, b"transfer 1"));
		let mut forged = signature.0;
		forged[0] ^= 1;
		assert!(!sr(&forged, &public.0, b"transfer 1"));
		assert_eq!((cache.remembered(), sr25519.runs()), (1, 4), "failures are not remembered");
		// The same bytes under another scheme are that scheme's to check.
		assert!(!verify(&cache, ed25519, &signature.0, &public.0, b"transfer 1"));
		assert_eq!(ed25519.runs(), 1);
		cache.forget();
		assert_eq!(cache.remembered(), 0);
		assert!(sr(&signature.0, &public.0, b"transfer 1"), "verified afresh");
		assert_eq!(sr25519.runs(), 5);
	}

	#[test]
	fn ed25519_verifications_are_remembered_too() {
		let (ed25519, sr25519) = (real(ED25519_VERIFY), real(SR25519_VERIFY));
		assert!(VerifiedSignatures::answers_for(ed25519).is_some());
		let cache = VerifiedSignatures::default();
		let pair = ed25519::Pair::from_string("//Alice", None).unwrap();
		let signature = pair.sign(b"reading 7");
		let public = pair.public();
		let ed = |signature: &[u8], message: &[u8]| {
			verify(&cache, ed25519, signature, &public.0, message)
		};
		assert!(ed(&signature.0, b"reading 7"));
		assert!(ed(&signature.0, b"reading 7"));
		assert_eq!((cache.remembered(), ed25519.runs()), (1, 1));
		assert!(!ed(&signature.0, b"reading 8"));
		assert!(!verify(&cache, sr25519, &signature.0, &public.0, b"reading 7"));
		assert_eq!((cache.remembered(), ed25519.runs(), sr25519.runs()), (1, 2, 1));
	}

	#[test]
	fn ecdsa_recoveries_are_remembered_with_their_key() {
		let ecdsa_recover = real(ECDSA_RECOVER);
		assert!(VerifiedSignatures::answers_for(ecdsa_recover).is_some());
		let cache = VerifiedSignatures::default();
		let pair = ecdsa::Pair::from_string("//Alice", None).unwrap();
		let hash = sp_crypto_hashing::blake2_256(b"transfer 1");
		let signature = pair.sign_prehashed(&hash);
		let key = pair.public().0;
		let recovered = |signature: &[u8], hash| recover(&cache, ecdsa_recover, signature, hash);

		assert_eq!(recovered(&signature.0, &hash), Some(key));
		assert_eq!((cache.remembered(), ecdsa_recover.runs()), (1, 1));
		// Remembered: answered again with the same key, written afresh, without the curve.
		assert_eq!(recovered(&signature.0, &hash), Some(key));
		assert_eq!((cache.remembered(), ecdsa_recover.runs()), (1, 1));
		// Another message recovers another key (or none); it is not answered from memory.
		let other = sp_crypto_hashing::blake2_256(b"transfer 2");
		let other_key = recovered(&signature.0, &other);
		assert_ne!(other_key, Some(key));
		assert_eq!(ecdsa_recover.runs(), 2);
		let remembered = 1 + usize::from(other_key.is_some());
		assert_eq!(cache.remembered(), remembered);
		// A signature that recovers nothing is not remembered.
		let mut invalid = signature.0;
		invalid[64] = 9;
		assert_eq!(recovered(&invalid, &hash), None);
		assert_eq!(recovered(&invalid, &hash), None);
		assert_eq!((cache.remembered(), ecdsa_recover.runs()), (remembered, 4));
	}

	#[test]
	fn arguments_outside_memory_are_an_error_not_a_panic() {
		let cache = VerifiedSignatures::default();
		let mut memory = Memory(vec![0; 16]);
		let sr = real(SR25519_VERIFY);
		let args = [Value::I32(0), Value::I64((8u64 << 32 | 4) as i64), Value::I32(64)];
		assert!(cache.check(kind(sr), sr, &mut memory, &mut args.into_iter()).is_err());
		let wrong = [Value::I32(0)];
		assert!(cache.check(kind(sr), sr, &mut memory, &mut wrong.into_iter()).is_err());
		let args = [Value::I32(0), Value::I32(8)];
		let recover = real(ECDSA_RECOVER);
		assert!(cache.check(kind(recover), recover, &mut memory, &mut args.into_iter()).is_err());
		assert_eq!(sr.runs(), 0, "nothing out of bounds reaches the real function");
	}
}
