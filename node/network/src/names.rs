//! The protocol names of one chain, derived from its genesis hash (and fork id) as polkadot-sdk
//! derives them, so that smoldot and other Substrate tooling find the same protocols.

use libp2p::StreamProtocol;
use sci_primitives::Hash;

/// Every chain-specific protocol name.
#[derive(Clone, Debug)]
pub struct ProtocolNames {
	/// Block announcements (notifications).
	pub block_announces: StreamProtocol,
	/// Transactions (notifications).
	pub transactions: StreamProtocol,
	/// GRANDPA votes, commits, neighbor packets and catch-ups (notifications).
	pub grandpa: StreamProtocol,
	/// Block requests (request-response, protobuf).
	pub sync: StreamProtocol,
	/// State requests (request-response, protobuf).
	pub state: StreamProtocol,
	/// Light-client requests: remote call and read proofs (request-response, protobuf).
	pub light: StreamProtocol,
	/// GRANDPA warp-sync proofs (request-response, SCALE).
	pub warp: StreamProtocol,
	/// Kademlia.
	pub kademlia: StreamProtocol,
}

impl ProtocolNames {
	/// The names for the chain with `genesis` and, when its spec has one, `fork_id`:
	/// `/<genesis hex without 0x>[/<fork id>]/<protocol>`.
	pub fn new(genesis: &Hash, fork_id: Option<&str>) -> Self {
		let prefix = match fork_id {
			Some(fork) => format!("/{}/{fork}", hex::encode(genesis.as_bytes())),
			None => format!("/{}", hex::encode(genesis.as_bytes())),
		};
		let protocol = |name: &str| {
			StreamProtocol::try_from_owned(format!("{prefix}/{name}"))
				.expect("starts with a slash; qed")
		};
		Self {
			block_announces: protocol("block-announces/1"),
			transactions: protocol("transactions/1"),
			grandpa: protocol("grandpa/1"),
			sync: protocol("sync/2"),
			state: protocol("state/2"),
			light: protocol("light/2"),
			warp: protocol("sync/warp"),
			kademlia: protocol("kad"),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn names_follow_polkadot_sdk() {
		let genesis = Hash::repeat_byte(0xab);
		let hex = "ab".repeat(32);
		let names = ProtocolNames::new(&genesis, None);
		assert_eq!(names.block_announces.as_ref(), format!("/{hex}/block-announces/1"));
		assert_eq!(names.sync.as_ref(), format!("/{hex}/sync/2"));
		assert_eq!(names.warp.as_ref(), format!("/{hex}/sync/warp"));
		assert_eq!(names.kademlia.as_ref(), format!("/{hex}/kad"));
		let forked = ProtocolNames::new(&genesis, Some("fork1"));
		assert_eq!(forked.light.as_ref(), format!("/{hex}/fork1/light/2"));
	}
}
