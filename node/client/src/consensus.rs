//! Slot-based authorship compatible with Aura: a block carries a `PreRuntime` digest with its
//! slot and ends with a `Seal` digest, the author's sr25519 signature over the header hash
//! without the seal. The author of slot `s` is `authorities[s % len]`.

use crate::{Client, ClientError};
use codec::Decode;
pub use sci_client_api::SealError;
use sci_primitives::{Hash, Header};
pub use sp_consensus_aura::Slot;
use sp_consensus_aura::{digests::CompatibleDigestItem, sr25519::AuthorityPair};
use sp_core::{
	crypto::Pair as _,
	sr25519::{Public, Signature},
};
use sp_runtime::{traits::Header as _, DigestItem};

pub use sci_client_api::slot_of;

/// The current slot for a slot duration in milliseconds.
pub fn current_slot(slot_duration_ms: u64) -> Slot {
	Slot::from(unix_millis() / slot_duration_ms)
}

pub use sci_client_api::unix_millis;

/// The author expected in `slot`.
pub fn slot_author(slot: Slot, authorities: &[Public]) -> Option<&Public> {
	if authorities.is_empty() {
		return None;
	}
	authorities.get((u64::from(slot) % authorities.len() as u64) as usize)
}

/// The Aura authorities at block `at`.
pub fn authorities(client: &Client, at: Hash) -> Result<Vec<Public>, ClientError> {
	let encoded = client.call_at(at, "AuraApi_authorities", &[])?;
	Vec::<Public>::decode(&mut &encoded[..])
		.map_err(|source| ClientError::Decode { what: "Aura authorities", source })
}

/// The slot duration (ms) the runtime at `at` uses.
pub fn slot_duration(client: &Client, at: Hash) -> Result<u64, ClientError> {
	client.call_decode::<u64>(at, "AuraApi_slot_duration", &[])
}

/// Pre-runtime digest announcing `slot`.
pub fn pre_digest(slot: Slot) -> DigestItem {
	<DigestItem as CompatibleDigestItem<Signature>>::aura_pre_digest(slot)
}

/// Seal a header: sign its hash and append the seal digest.
pub fn seal(mut header: Header, key: &AuthorityPair) -> Header {
	let signature = key.sign(header.hash().as_ref());
	header
		.digest_mut()
		.push(<DigestItem as CompatibleDigestItem<Signature>>::aura_seal(signature.into()));
	header
}

/// Check the seal of `header` (a child of `parent`) against `authorities`; returns the header
/// without its seal (what the runtime executes) and the seal.
/// A slot more than one ahead of `now` is from the future: its author's clock is wrong.
pub fn check_seal(
	mut header: Header,
	parent: &Header,
	authorities: &[Public],
	now: Slot,
) -> Result<(Header, DigestItem), SealError> {
	let seal = header.digest_mut().pop().ok_or(SealError::MissingSeal)?;
	let signature = <DigestItem as CompatibleDigestItem<Signature>>::as_aura_seal(&seal)
		.ok_or(SealError::MissingSeal)?;
	let slot = slot_of(&header).ok_or(SealError::MissingSlot)?;
	if let Some(parent_slot) = slot_of(parent) {
		if slot <= parent_slot {
			return Err(SealError::SlotNotIncreasing {
				slot: slot.into(),
				parent: parent_slot.into(),
			});
		}
	}
	if u64::from(slot) > u64::from(now) + 1 {
		return Err(SealError::FutureSlot { slot: slot.into(), now: now.into() });
	}
	let author = slot_author(slot, authorities).ok_or(SealError::NoAuthorities)?;
	if !sp_core::sr25519::Pair::verify(&signature, header.hash().as_ref(), author) {
		return Err(SealError::BadSignature { author: author.to_string() });
	}
	Ok((header, seal))
}

/// Remembers which block claimed each recent slot, to catch an author that sealed two
/// (equivocation: the chain stays safe, but the author is faulty and operators must know).
#[derive(Default)]
pub struct SlotClaims {
	claims: parking_lot::Mutex<std::collections::BTreeMap<u64, Hash>>,
}

/// How many recent slots [`SlotClaims`] remembers.
const REMEMBERED_SLOTS: usize = 4096;

impl SlotClaims {
	/// Note that `hash` claims `slot`; returns the other block that claimed it, if any.
	pub fn note(&self, slot: Slot, hash: Hash) -> Option<Hash> {
		let mut claims = self.claims.lock();
		let previous = *claims.entry(slot.into()).or_insert(hash);
		while claims.len() > REMEMBERED_SLOTS {
			claims.pop_first();
		}
		(previous != hash).then_some(previous)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_second_block_for_a_slot_is_an_equivocation() {
		let claims = SlotClaims::default();
		let (a, b) = (Hash::repeat_byte(1), Hash::repeat_byte(2));
		assert_eq!(claims.note(Slot::from(7), a), None);
		// The same block again (re-import, gossip repeat) is no equivocation.
		assert_eq!(claims.note(Slot::from(7), a), None);
		assert_eq!(claims.note(Slot::from(7), b), Some(a));
		assert_eq!(claims.note(Slot::from(8), b), None);
	}

	#[test]
	fn only_recent_slots_are_remembered() {
		let claims = SlotClaims::default();
		for slot in 0..(REMEMBERED_SLOTS as u64 + 10) {
			claims.note(Slot::from(slot), Hash::repeat_byte(1));
		}
		assert_eq!(claims.claims.lock().len(), REMEMBERED_SLOTS);
		assert_eq!(claims.note(Slot::from(0), Hash::repeat_byte(2)), None, "slot 0 was forgotten");
	}
}
