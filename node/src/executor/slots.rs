//! How many runtime calls run at once. Each holds one instance from wasmtime's pool, whose size
//! is fixed; a burst of RPC submissions (hundreds of validations in flight) must wait for a free
//! instance, not fail with wasmtime's "concurrent limit reached".

use parking_lot::{Condvar, Mutex};
use std::cell::Cell;

thread_local! {
	/// Whether this thread is inside a runtime call already (a host function calling the
	/// runtime again, e.g. to read a new runtime's version during `set_code`). A nested call
	/// takes no slot of its own: its caller's slot cannot be freed while it waits.
	static IN_CALL: Cell<bool> = const { Cell::new(false) };
}

/// A counting semaphore over the instance pool.
pub struct CallSlots {
	free: Mutex<u32>,
	freed: Condvar,
}

/// A slot held for one call; freed when dropped.
pub struct Slot<'a> {
	slots: Option<&'a CallSlots>,
}

impl CallSlots {
	/// `count` calls may run at once.
	pub fn new(count: u32) -> Self {
		Self { free: Mutex::new(count), freed: Condvar::new() }
	}

	/// Wait for a free slot (at once for a call nested in one this thread already runs).
	pub fn acquire(&self) -> Slot<'_> {
		if IN_CALL.with(Cell::get) {
			return Slot { slots: None };
		}
		let mut free = self.free.lock();
		while *free == 0 {
			self.freed.wait(&mut free);
		}
		*free -= 1;
		IN_CALL.with(|c| c.set(true));
		Slot { slots: Some(self) }
	}
}

impl Drop for Slot<'_> {
	fn drop(&mut self) {
		if let Some(slots) = self.slots {
			IN_CALL.with(|c| c.set(false));
			*slots.free.lock() += 1;
			slots.freed.notify_one();
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

	#[test]
	fn never_more_than_the_slots_run_at_once_and_waiters_all_get_through() {
		let slots = Arc::new(CallSlots::new(3));
		let (running, most) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
		let threads: Vec<_> = (0..12)
			.map(|_| {
				let (slots, running, most) = (slots.clone(), running.clone(), most.clone());
				std::thread::spawn(move || {
					let _slot = slots.acquire();
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
		assert_eq!(most.load(Ordering::SeqCst), 3);
		assert_eq!(*slots.free.lock(), 3);
	}

	#[test]
	fn a_nested_call_does_not_wait_for_its_own_slot() {
		let slots = CallSlots::new(1);
		let outer = slots.acquire();
		// Would wait forever if it needed a second slot.
		let inner = slots.acquire();
		drop(inner);
		assert_eq!(*slots.free.lock(), 0, "the outer call still holds its slot");
		drop(outer);
		assert_eq!(*slots.free.lock(), 1);
	}
}
