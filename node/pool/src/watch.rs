//! Per-transaction status channels: each watcher hears only its own transaction, so twenty
//! thousand watched submissions cost twenty thousand deliveries, not twenty thousand squared,
//! and a busy pool cannot make a watcher miss its transaction's fate.

use crate::TxStatus;
use foldhash::HashMap;
use parking_lot::Mutex;
use sci_primitives::Hash;
use std::sync::{Arc, Weak};
use tokio::sync::mpsc;

/// The watchers of each transaction. A transaction has a handful of statuses, so a channel
/// per watcher holds a handful of messages; the watchers themselves are bounded by whoever
/// hands them out (the RPC's subscriptions per connection).
#[derive(Default)]
pub(crate) struct Watchers {
	next_id: Mutex<u64>,
	by_hash: Mutex<HashMap<Hash, Vec<(u64, StatusSender)>>>,
}

/// Where one watcher's statuses go.
type StatusSender = mpsc::UnboundedSender<TxStatus>;

impl Watchers {
	pub(crate) fn watch(self: &Arc<Self>, hash: Hash) -> Watcher {
		let (sender, receiver) = mpsc::unbounded_channel();
		let id = {
			let mut next = self.next_id.lock();
			*next += 1;
			*next
		};
		self.by_hash.lock().entry(hash).or_default().push((id, sender));
		Watcher { hash, id, receiver, watchers: Arc::downgrade(self) }
	}

	pub(crate) fn notify(&self, hash: Hash, status: &TxStatus) {
		if let Some(list) = self.by_hash.lock().get(&hash) {
			for (_, sender) in list {
				let _ = sender.send(status.clone());
			}
		}
	}

	fn unwatch(&self, hash: Hash, id: u64) {
		let mut by_hash = self.by_hash.lock();
		if let Some(list) = by_hash.get_mut(&hash) {
			list.retain(|(i, _)| *i != id);
			if list.is_empty() {
				by_hash.remove(&hash);
			}
		}
	}

	#[cfg(test)]
	pub(crate) fn watched(&self) -> usize {
		self.by_hash.lock().len()
	}
}

/// The statuses of one transaction from the moment it is watched; dropping it stops them.
pub struct Watcher {
	hash: Hash,
	id: u64,
	receiver: mpsc::UnboundedReceiver<TxStatus>,
	watchers: Weak<Watchers>,
}

impl Watcher {
	/// The next status; `None` once the pool is gone.
	pub async fn recv(&mut self) -> Option<TxStatus> {
		self.receiver.recv().await
	}

	/// The next status if one has arrived.
	pub fn try_recv(&mut self) -> Option<TxStatus> {
		self.receiver.try_recv().ok()
	}
}

impl Drop for Watcher {
	fn drop(&mut self) {
		if let Some(watchers) = self.watchers.upgrade() {
			watchers.unwatch(self.hash, self.id);
		}
	}
}
