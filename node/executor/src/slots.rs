//! How many runtime calls run at once. Each holds one instance from wasmtime's pool, whose size
//! is fixed; a burst of RPC submissions (hundreds of validations in flight) must wait for a free
//! instance, not fail with wasmtime's "concurrent limit reached". Other calls (RPC, pool
//! validation) run at most one per core: more only share the same cores and starve block
//! building of CPU. Block building and import never queue behind them: a few slots are kept
//! for them. While a block is being built or imported ([`CallSlots::block_work`]), other calls
//! get one core fewer (at least one), so the block has a core to itself between its calls too.

use parking_lot::{Condvar, Mutex};
use std::cell::Cell;

thread_local! {
	/// Whether this thread is inside a runtime call already (a host function calling the
	/// runtime again, e.g. to read a new runtime's version during `set_code`). A nested call
	/// takes no slot of its own: its caller's slot cannot be freed while it waits.
	static IN_CALL: Cell<bool> = const { Cell::new(false) };
}

/// Slots only block building and import may take (building runs one call at a time, import two:
/// the block and the check of its signatures ahead, `signature_check`).
const RESERVED: u32 = 4;

/// A counting semaphore over the instance pool.
pub(crate) struct CallSlots {
	state: Mutex<State>,
	/// Signalled for one waiting block call when a slot frees.
	block_freed: Condvar,
	/// Signalled for one other waiting call when a slot beyond the reserved ones frees.
	other_freed: Condvar,
}

struct State {
	free: u32,
	/// Block calls waiting: a freed slot goes to them first.
	blocks_waiting: u32,
	/// Other calls running, and at most how many may.
	others_running: u32,
	others_max: u32,
	/// Blocks being built or imported.
	block_work: u32,
}

impl State {
	/// How many other calls may run now: one fewer while a block is being worked on.
	fn others_limit(&self) -> u32 {
		if self.block_work > 0 {
			self.others_max.saturating_sub(1).max(1)
		} else {
			self.others_max
		}
	}

	/// Whether another (non-block) call may take a slot now.
	fn other_may_run(&self) -> bool {
		self.free > RESERVED && self.others_running < self.others_limit()
	}
}

/// Who is calling: block building and import (`Block`) may use the reserved slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Caller {
	Block,
	Other,
}

/// A slot held for one call; freed when dropped.
pub(crate) struct Slot<'a> {
	slots: Option<(&'a CallSlots, Caller)>,
}

/// A block being built or imported, across all its calls; ends when dropped.
pub struct BlockWork<'a> {
	slots: &'a CallSlots,
}

impl CallSlots {
	/// `count` calls may run at once (more than `RESERVED`), of them at most `others_max`
	/// that are not block calls.
	pub(crate) fn new(count: u32, others_max: u32) -> Self {
		debug_assert!(count > RESERVED);
		let others_max = others_max.clamp(1, count - RESERVED);
		Self {
			state: Mutex::new(State {
				free: count,
				blocks_waiting: 0,
				others_running: 0,
				others_max,
				block_work: 0,
			}),
			block_freed: Condvar::new(),
			other_freed: Condvar::new(),
		}
	}

	/// Wait for a free slot (at once for a call nested in one this thread already runs).
	pub(crate) fn acquire(&self, caller: Caller) -> Slot<'_> {
		if IN_CALL.with(Cell::get) {
			return Slot { slots: None };
		}
		let mut state = self.state.lock();
		match caller {
			Caller::Block => {
				state.blocks_waiting += 1;
				while state.free == 0 {
					self.block_freed.wait(&mut state);
				}
				state.blocks_waiting -= 1;
			},
			Caller::Other => {
				while !state.other_may_run() {
					self.other_freed.wait(&mut state);
				}
				state.others_running += 1;
			},
		}
		state.free -= 1;
		IN_CALL.with(|c| c.set(true));
		Slot { slots: Some((self, caller)) }
	}

	/// Mark a block as being built or imported until the guard is dropped: meanwhile other
	/// calls get one core fewer.
	pub(crate) fn block_work(&self) -> BlockWork<'_> {
		self.state.lock().block_work += 1;
		BlockWork { slots: self }
	}

	#[cfg(test)]
	fn free(&self) -> u32 {
		self.state.lock().free
	}
}

impl Drop for Slot<'_> {
	fn drop(&mut self) {
		if let Some((slots, caller)) = self.slots {
			IN_CALL.with(|c| c.set(false));
			let mut state = slots.state.lock();
			state.free += 1;
			if caller == Caller::Other {
				state.others_running -= 1;
			}
			// Wake one waiter that can take the slot: a block call first.
			if state.blocks_waiting > 0 {
				slots.block_freed.notify_one();
			}
			if state.other_may_run() {
				slots.other_freed.notify_one();
			}
		}
	}
}

impl Drop for BlockWork<'_> {
	fn drop(&mut self) {
		let mut state = self.slots.state.lock();
		state.block_work -= 1;
		// The limit may have risen: wake whoever can run now.
		if state.other_may_run() {
			self.slots.other_freed.notify_all();
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use std::{
		sync::{
			atomic::{AtomicU32, Ordering},
			Arc,
		},
		time::Duration,
	};

	/// A thread that takes a slot as `caller` and frees it at once.
	fn call_in_thread(slots: &Arc<CallSlots>, caller: Caller) -> std::thread::JoinHandle<()> {
		let slots = slots.clone();
		std::thread::spawn(move || drop(slots.acquire(caller)))
	}

	#[test]
	fn never_more_than_the_slots_run_at_once_and_waiters_all_get_through() {
		let slots = Arc::new(CallSlots::new(RESERVED + 8, 3));
		let (running, most) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
		let threads: Vec<_> = (0..12)
			.map(|_| {
				let (slots, running, most) = (slots.clone(), running.clone(), most.clone());
				std::thread::spawn(move || {
					let _slot = slots.acquire(Caller::Other);
					let now = running.fetch_add(1, Ordering::SeqCst) + 1;
					most.fetch_max(now, Ordering::SeqCst);
					std::thread::sleep(Duration::from_millis(20));
					running.fetch_sub(1, Ordering::SeqCst);
				})
			})
			.collect();
		for thread in threads {
			thread.join().unwrap();
		}
		assert_eq!(most.load(Ordering::SeqCst), 3, "at most `others_max` at once");
		assert_eq!(slots.free(), RESERVED + 8);
	}

	#[test]
	fn block_calls_get_a_reserved_slot_when_others_have_taken_the_rest() {
		let slots = Arc::new(CallSlots::new(RESERVED + 1, 8));
		let other = slots.acquire(Caller::Other);
		let waiting = call_in_thread(&slots, Caller::Other);
		std::thread::sleep(Duration::from_millis(50));
		assert!(!waiting.is_finished(), "another caller waits while only reserved slots are free");
		// Would wait forever if block calls queued behind the others.
		let block: Vec<_> = (0..RESERVED).map(|_| call_in_thread(&slots, Caller::Block)).collect();
		for thread in block {
			thread.join().unwrap();
		}
		drop(other);
		waiting.join().unwrap();
		assert_eq!(slots.free(), RESERVED + 1);
	}

	#[test]
	fn other_calls_get_one_core_fewer_while_a_block_is_worked_on() {
		let slots = Arc::new(CallSlots::new(RESERVED + 8, 2));
		let work = slots.block_work();
		let first = slots.acquire(Caller::Other);
		let second = call_in_thread(&slots, Caller::Other);
		std::thread::sleep(Duration::from_millis(50));
		assert!(!second.is_finished(), "a second call waits while the block is worked on");
		// Block calls still get a slot at once.
		drop(slots.acquire(Caller::Block));
		drop(work);
		second.join().unwrap();
		drop(first);
		assert_eq!(slots.free(), RESERVED + 8);

		// With one core, other calls keep that one core.
		let slots = CallSlots::new(RESERVED + 8, 1);
		let _work = slots.block_work();
		drop(slots.acquire(Caller::Other));
	}

	#[test]
	fn a_nested_call_does_not_wait_for_its_own_slot() {
		let slots = CallSlots::new(RESERVED + 1, 1);
		let outer = slots.acquire(Caller::Block);
		// Every other slot taken too: a nested call needing one would wait forever.
		slots.state.lock().free = 0;
		let inner = slots.acquire(Caller::Block);
		drop(inner);
		assert_eq!(slots.free(), 0, "the outer call still holds its slot");
		drop(outer);
		assert_eq!(slots.free(), 1);
	}
}
