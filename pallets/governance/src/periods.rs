//! Governance periods, in one-second blocks. With the `fast-runtime` feature each is a few
//! blocks instead, so an end-to-end test sees a referendum through in seconds.

use sci_primitives::{
	time::{DAYS, HOURS, MINUTES},
	BlockNumber,
};

/// `production` blocks, or `fast` with the `fast-runtime` feature.
pub const fn blocks(production: BlockNumber, fast: BlockNumber) -> BlockNumber {
	if cfg!(feature = "fast-runtime") {
		fast
	} else {
		production
	}
}

/// A vote with conviction 1x stays locked this long after the referendum ends (2x twice as
/// long, up to 32x for 6x): a week.
pub const VOTE_LOCKING_PERIOD: BlockNumber = blocks(7 * DAYS, 10);
/// A referendum whose decision deposit nobody places within two weeks times out.
pub const UNDECIDING_TIMEOUT: BlockNumber = blocks(14 * DAYS, 60);
/// A technical committee motion may be voted on for three days.
pub const COMMITTEE_MOTION_DURATION: BlockNumber = blocks(3 * DAYS, 20);
/// A whitelisted call whose dispatch was deferred may be executed for a week.
pub const WHITELIST_DEFERRED_EXPIRATION: BlockNumber = blocks(7 * DAYS, 60);

/// Time before a referendum may start deciding: an hour, for voters to notice it.
pub const PREPARE: BlockNumber = blocks(HOURS, 2);
/// The fast track's prepare period: ten minutes.
pub const FAST_PREPARE: BlockNumber = blocks(10 * MINUTES, 2);
