//! What device keys sign, and the check of their signatures.
//!
//! Every payload is the SCALE encoding of a tuple that starts with a 16-byte domain tag (so a
//! signature for one purpose never verifies for another) and the chain's genesis hash (so it
//! never verifies on another chain). Clients build the same bytes; `docs/device-identity.md`
//! lists the layouts.

use crate::{DeviceId, DeviceKey};
use alloc::vec::Vec;
use codec::Encode;
use sp_runtime::{traits::Verify, MultiSignature};

/// Tag of a device's proof of possession at registration.
pub const REGISTER_TAG: [u8; 16] = *b"sci/dev/register";
/// Tag of a parent device's consent to a child.
pub const CHILD_TAG: [u8; 16] = *b"sci/dev/child\0\0\0";
/// Tag of a session-key certificate.
pub const CERTIFICATE_TAG: [u8; 16] = *b"sci/dev/cert\0\0\0\0";
/// Tag of a key rotation (signed by the old and by the new key).
pub const ROTATION_TAG: [u8; 16] = *b"sci/dev/rotate\0\0";

/// What the device's key signs to prove `owner` registers it: binds the owner, the chain, the
/// parent and the owner's registration nonce.
pub fn registration_payload<AccountId: Encode, Hash: Encode>(
	genesis: &Hash,
	owner: &AccountId,
	key: &DeviceKey,
	parent: Option<DeviceId>,
	nonce: u64,
) -> Vec<u8> {
	(REGISTER_TAG, genesis, owner, key, parent, nonce).encode()
}

/// What a parent device's key signs to accept `key` as its child, registered by `owner`.
pub fn child_payload<AccountId: Encode, Hash: Encode>(
	genesis: &Hash,
	owner: &AccountId,
	parent: DeviceId,
	key: &DeviceKey,
	nonce: u64,
) -> Vec<u8> {
	(CHILD_TAG, genesis, owner, parent, key, nonce).encode()
}

/// What a device's long-lived key signs to certify `session_key` until `expires_at`.
pub fn certificate_payload<Hash: Encode, BlockNumber: Encode>(
	genesis: &Hash,
	device: DeviceId,
	session_key: &DeviceKey,
	expires_at: &BlockNumber,
	sequence: u32,
) -> Vec<u8> {
	(CERTIFICATE_TAG, genesis, device, session_key, expires_at, sequence).encode()
}

/// What both the old and the new key sign to move `device` to `new_key`.
pub fn rotation_payload<Hash: Encode>(
	genesis: &Hash,
	device: DeviceId,
	old_key: &DeviceKey,
	new_key: &DeviceKey,
	sequence: u32,
) -> Vec<u8> {
	(ROTATION_TAG, genesis, device, old_key, new_key, sequence).encode()
}

/// Why a signature was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum ProofError {
	/// The signature's scheme is not the key's.
	SchemeMismatch,
	/// The signature does not verify.
	Invalid,
}

/// Check `signature` over `payload` by `key`; the signature's scheme must be the key's.
pub fn verify(
	key: &DeviceKey,
	signature: &MultiSignature,
	payload: &[u8],
) -> Result<(), ProofError> {
	let valid = match (key, signature) {
		(DeviceKey::Sr25519(public), MultiSignature::Sr25519(signature)) => {
			signature.verify(payload, public)
		},
		(DeviceKey::Ed25519(public), MultiSignature::Ed25519(signature)) => {
			signature.verify(payload, public)
		},
		(DeviceKey::Ecdsa(public), MultiSignature::Ecdsa(signature)) => {
			signature.verify(payload, public)
		},
		_ => return Err(ProofError::SchemeMismatch),
	};
	if valid {
		Ok(())
	} else {
		Err(ProofError::Invalid)
	}
}
