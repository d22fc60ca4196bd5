//! `/<genesis>/transactions/1`: transaction propagation, SCALE.
//!
//! A notification is a SCALE `Vec` of extrinsics: compact count, then each extrinsic's own SCALE
//! encoding, which for every Substrate extrinsic (and [`OpaqueExtrinsic`]) starts with its
//! compact byte length. That makes the message byte-identical to `Vec<OpaqueExtrinsic>`. The
//! handshake of this protocol is empty.

use codec::{Compact, Decode, Encode};
use sp_runtime::OpaqueExtrinsic;

use super::WireError;

/// Encodes a batch of transactions as one notification.
pub fn encode_transactions(transactions: &[OpaqueExtrinsic]) -> Vec<u8> {
	transactions.encode()
}

/// Decodes a notification holding at most `max` transactions.
///
/// The count is checked before anything is allocated, so a peer cannot make us reserve memory
/// for more than `max` items (or more items than it sent bytes).
pub fn decode_transactions(
	mut bytes: &[u8],
	max: usize,
) -> Result<Vec<OpaqueExtrinsic>, WireError> {
	let input = &mut bytes;
	let count = Compact::<u32>::decode(input)?.0;
	let too_many = || WireError::TooManyItems { count, max };
	let count_usize = usize::try_from(count).map_err(|_| too_many())?;
	if count_usize > max {
		return Err(too_many());
	}
	// Each encoded extrinsic takes at least one byte.
	let mut transactions = Vec::with_capacity(count_usize.min(input.len()));
	for _ in 0..count {
		transactions.push(OpaqueExtrinsic::decode(input)?);
	}
	if !input.is_empty() {
		return Err(WireError::TrailingBytes(input.len()));
	}
	Ok(transactions)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn tx(bytes: &[u8]) -> OpaqueExtrinsic {
		OpaqueExtrinsic::from_blob(bytes.to_vec())
	}

	#[test]
	fn layout_and_round_trip() {
		let batch = vec![tx(&[0x84, 1, 2]), tx(&[])];
		let bytes = encode_transactions(&batch);
		assert_eq!(bytes, vec![2 << 2, 3 << 2, 0x84, 1, 2, 0]);
		assert_eq!(decode_transactions(&bytes, 2).unwrap(), batch);
		// Same bytes as the generic SCALE `Vec<OpaqueExtrinsic>` polkadot-sdk decodes.
		assert_eq!(Vec::<OpaqueExtrinsic>::decode(&mut &bytes[..]).unwrap(), batch);
		assert_eq!(decode_transactions(&[0], 0).unwrap(), vec![]);
	}

	#[test]
	fn count_is_bounded() {
		let bytes = encode_transactions(&[tx(&[1]), tx(&[2]), tx(&[3])]);
		assert!(matches!(
			decode_transactions(&bytes, 2),
			Err(WireError::TooManyItems { count: 3, max: 2 })
		));
		// A huge announced count with no data fails before allocating.
		let huge = Compact(u32::MAX).encode();
		assert!(matches!(decode_transactions(&huge, usize::MAX), Err(WireError::Scale(_))));
	}

	#[test]
	fn malformed_batches_fail() {
		let bytes = encode_transactions(&[tx(&[1, 2, 3])]);
		for cut in 0..bytes.len() {
			assert!(decode_transactions(&bytes[..cut], 10).is_err());
		}
		let trailing = [&bytes[..], &[0]].concat();
		assert!(matches!(decode_transactions(&trailing, 10), Err(WireError::TrailingBytes(1))));
		assert!(decode_transactions(&[0xff; 8], 10).is_err());
	}
}
