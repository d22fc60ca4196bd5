//! The runtime API of the emission pallet: what clients and the node ask about SCI's supply.

use codec::Codec;

sp_api::decl_runtime_apis! {
	/// SCI's emission state at a block.
	pub trait EmissionApi<Balance, BlockNumber>
	where
		Balance: Codec,
		BlockNumber: Codec,
	{
		/// The block reward now: the current era's scheduled reward `R0 >> halvings`, clipped
		/// to what may still be minted (zero once emission has ended).
		fn current_reward() -> Balance;
		/// Blocks from this block until the next halving (at least one).
		fn blocks_until_next_halving() -> BlockNumber;
		/// The block at which the reward next halves.
		fn next_halving_block() -> BlockNumber;
		/// Everything block rewards have minted so far.
		fn total_issued() -> Balance;
		/// Everything burned so far from fees and from the treasury.
		fn total_burned() -> Balance;
		/// Total issuance of the native token.
		fn total_issuance() -> Balance;
		/// What may still be issued under the hard cap: cap minus total issuance.
		fn remaining_supply() -> Balance;
		/// What is left of the emission pool.
		fn remaining_emission() -> Balance;
	}
}
