//! How much the pool holds, and for how long it refuses what it threw out.

use std::time::Duration;

/// A bound on a set of transactions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
	/// Most transactions.
	pub count: usize,
	/// Most encoded bytes.
	pub bytes: usize,
}

/// Pool bounds. Ready transactions (includable in the next block) and future ones (waiting
/// for a transaction nobody has sent yet) are bounded apart: future transactions pay no fee
/// until they become ready, so they get a tenth of the room and can never crowd out the ready
/// ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolLimits {
	/// Ready transactions.
	pub ready: Limit,
	/// Future transactions.
	pub future: Limit,
	/// Most transactions (ready and future) of one signer.
	pub per_sender: usize,
	/// How long a transaction the pool threw out (invalid, evicted, removed by the operator)
	/// is refused before it is validated again.
	pub ban_time: Duration,
}

/// `--pool-limit`'s default: ten full blocks of transfers.
pub const DEFAULT_READY_COUNT: usize = 65_536;
/// `--pool-kbytes`' default.
pub const DEFAULT_READY_KBYTES: usize = 65_536;
/// `--pool-sender-limit`'s default: four times the queue one sender of the load generator's
/// 100,000-transfer burst builds up (about 250 while blocks drain it), a sixth of the future
/// pool.
pub const DEFAULT_PER_SENDER: usize = 1_024;
/// `--tx-ban-seconds`' default (polkadot-sdk's).
pub const DEFAULT_BAN_SECONDS: u64 = 1_800;

impl PoolLimits {
	/// The limits the command-line flags give: `ready_count` transactions and `ready_kbytes`
	/// KiB ready, a tenth of each for future transactions (as polkadot-sdk derives them).
	pub fn new(
		ready_count: usize,
		ready_kbytes: usize,
		per_sender: usize,
		ban_time: Duration,
	) -> Self {
		let ready = Limit { count: ready_count, bytes: ready_kbytes.saturating_mul(1024) };
		Self {
			ready,
			future: Limit { count: ready.count / 10, bytes: ready.bytes / 10 },
			per_sender,
			ban_time,
		}
	}

	/// Limits no test workload reaches: every count and size allowed, nothing banned long.
	pub fn unbounded() -> Self {
		let all = Limit { count: usize::MAX, bytes: usize::MAX };
		Self { ready: all, future: all, per_sender: usize::MAX, ban_time: Duration::ZERO }
	}
}

impl Default for PoolLimits {
	fn default() -> Self {
		Self::new(
			DEFAULT_READY_COUNT,
			DEFAULT_READY_KBYTES,
			DEFAULT_PER_SENDER,
			Duration::from_secs(DEFAULT_BAN_SECONDS),
		)
	}
}
