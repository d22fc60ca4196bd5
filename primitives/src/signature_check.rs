//! The runtime API a node uses to check a block's transaction signatures ahead of executing it.

use alloc::vec::Vec;

sp_api::decl_runtime_apis! {
	/// Signature checks a node may run before, and alongside, a block's execution.
	///
	/// Verifying signatures is the largest single cost of importing a block of transfers, and
	/// the checks of different transactions are independent: a node runs this on a spare core
	/// while the block executes, and its signature host functions answer the
	/// execution's identical checks from what was already verified. Nothing is skipped or
	/// changed: execution still checks every signature; a remembered success only answers it
	/// sooner.
	pub trait SignatureCheck {
		/// Whether each of `extrinsics`, checked as in a block built on `parent` (the state
		/// this is called at), carries a valid signature: what the block's execution checks
		/// first. Unsigned extrinsics count as valid.
		fn check_signatures(parent: Block::Hash, extrinsics: Vec<Block::Extrinsic>) -> Vec<bool>;
	}
}
