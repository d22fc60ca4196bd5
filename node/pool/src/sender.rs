//! Who signed a transaction, read from its bytes for the per-sender limit.

use codec::Decode;
use sp_runtime::{AccountId32, MultiAddress};

/// A signed extrinsic of format version 4 starts with this byte (signed bit and version),
/// followed by the signer's address: the format polkadot.js, subxt and SCI's wallets sign.
const SIGNED_V4: u8 = 0b1000_0100;

/// The signer of an extrinsic (its unprefixed bytes, `OpaqueExtrinsic::inner`), as the
/// address it encodes; `None` for unsigned and general (v5) extrinsics, which the per-sender
/// limit does not cover (the ready and future limits still do). Reads only the address, so it
/// is cheap enough to run before validation.
pub(crate) fn sender_of(extrinsic: &[u8]) -> Option<MultiAddress<AccountId32, ()>> {
	let (&version, mut rest) = extrinsic.split_first()?;
	if version != SIGNED_V4 {
		return None;
	}
	MultiAddress::<AccountId32, ()>::decode(&mut rest).ok()
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	#[test]
	fn the_signer_of_a_signed_v4_extrinsic_and_none_otherwise() {
		let who = AccountId32::new([7; 32]);
		let mut signed = vec![SIGNED_V4];
		MultiAddress::<AccountId32, ()>::Id(who.clone()).encode_to(&mut signed);
		signed.extend([1, 2, 3]);
		assert_eq!(sender_of(&signed), Some(MultiAddress::Id(who)));
		assert_eq!(sender_of(&[0b0000_0100, 0, 1]), None, "unsigned");
		assert_eq!(sender_of(&[0b0100_0101, 0]), None, "general (v5)");
		assert_eq!(sender_of(&[SIGNED_V4, 0, 1]), None, "truncated address");
		assert_eq!(sender_of(&[]), None);
	}
}
