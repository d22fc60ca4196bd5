//! Host functions registered directly with their wasm types: the ones a transfer calls most
//! (the allocator, storage-key hashing, storage reads and writes, event appends, the storage
//! transaction around each extrinsic).
//!
//! The generic path ([`super::host`]) turns wasmtime's argument slots into
//! `sp_wasm_interface::Value`s, dispatches through sp-runtime-interface's generated code,
//! copies every byte argument into a fresh `Vec` and opens a trace span per call. Here each
//! function reads its arguments in place and calls what sp-io's implementation calls (the
//! same `Externalities` method, the same hasher), returning its result in the same encoding
//! and failing (a trap) where it fails: a test checks every one against sp-io's own on the
//! same inputs. A function is only taken over when its signature is the one sp-io declares;
//! anything else goes the generic way.

use super::host::{allocate, deallocate, memory_slice, trapping_panics, write_memory, StoreData};
use codec::Encode;
use sp_externalities::Externalities;
use sp_wasm_interface::{Function, Pointer, ValueType};
use wasmtime::{AsContextMut, Caller, Linker, StoreContextMut};

use ValueType::{I32, I64};

/// Register `function` directly if this module implements it with that signature, returning
/// whether it did.
pub(crate) fn register(
	linker: &mut Linker<StoreData>,
	function: &'static dyn Function,
) -> wasmtime::Result<bool> {
	let signature = function.signature();
	let name = function.name();
	match (name, signature.args.as_ref(), signature.return_value) {
		("ext_allocator_malloc_version_1", [I32], Some(I32)) => {
			linker.func_wrap("env", name, move |mut caller: Caller<'_, StoreData>, size: u32| {
				trap(name, || {
					allocate(caller.as_context_mut(), size)
						.map(u32::from)
						.map_err(|e| format!("failed to allocate memory: {e}"))
				})
			})
		},
		("ext_allocator_free_version_1", [I32], None) => {
			linker.func_wrap("env", name, move |mut caller: Caller<'_, StoreData>, ptr: u32| {
				trap(name, || {
					deallocate(caller.as_context_mut(), Pointer::new(ptr))
						.map_err(|e| format!("failed to free memory: {e}"))
				})
			})
		},
		("ext_hashing_twox_64_version_1", [I64], Some(I32)) => {
			hashing(linker, name, sp_crypto_hashing::twox_64)
		},
		("ext_hashing_twox_128_version_1", [I64], Some(I32)) => {
			hashing(linker, name, sp_crypto_hashing::twox_128)
		},
		("ext_hashing_blake2_128_version_1", [I64], Some(I32)) => {
			hashing(linker, name, sp_crypto_hashing::blake2_128)
		},
		("ext_hashing_blake2_256_version_1", [I64], Some(I32)) => {
			hashing(linker, name, sp_crypto_hashing::blake2_256)
		},
		("ext_storage_get_version_1", [I64], Some(I64)) => {
			linker.func_wrap("env", name, move |mut caller: Caller<'_, StoreData>, key: u64| {
				trap(name, || {
					let value = with_bytes(&caller, [key], |[key]| {
						externalities(name, |ext| ext.storage(key))
					})?;
					// `Option<Vec<u8>>` encodes as sp-io's `Option<Bytes>` does.
					place(caller.as_context_mut(), &value.encode())
				})
			})
		},
		("ext_storage_set_version_1", [I64, I64], None) => {
			key_and_value(linker, name, |ext, key, value| ext.set_storage(key, value))
		},
		("ext_storage_clear_version_1", [I64], None) => {
			by_key(linker, name, |ext, key| ext.clear_storage(key))
		},
		("ext_storage_exists_version_1", [I64], Some(I32)) => {
			by_key(linker, name, |ext, key| u32::from(ext.exists_storage(key)))
		},
		("ext_storage_append_version_1", [I64, I64], None) => {
			key_and_value(linker, name, |ext, key, value| ext.storage_append(key, value))
		},
		("ext_storage_start_transaction_version_1", [], None) => transaction(
			linker,
			name,
			|ext| {
				ext.storage_start_transaction();
				Ok(())
			},
			"",
		),
		("ext_storage_rollback_transaction_version_1", [], None) => transaction(
			linker,
			name,
			|ext| ext.storage_rollback_transaction(),
			"No open transaction that can be rolled back.",
		),
		("ext_storage_commit_transaction_version_1", [], None) => transaction(
			linker,
			name,
			|ext| ext.storage_commit_transaction(),
			"No open transaction that can be committed.",
		),
		_ => return Ok(false),
	}?;
	Ok(true)
}

/// Run host function `name`'s body: an error or a panic traps the runtime with its message.
fn trap<R>(name: &str, body: impl FnOnce() -> Result<R, String>) -> wasmtime::Result<R> {
	trapping_panics(name, body).map_err(wasmtime::Error::msg)
}

/// Register a hashing function: the hash of the bytes at the fat pointer, returned in `N`
/// bytes allocated in the runtime's heap (the runtime frees them).
fn hashing<'a, const N: usize>(
	linker: &'a mut Linker<StoreData>,
	name: &'static str,
	hasher: fn(&[u8]) -> [u8; N],
) -> wasmtime::Result<&'a mut Linker<StoreData>> {
	linker.func_wrap("env", name, move |mut caller: Caller<'_, StoreData>, data: u64| {
		trap(name, || {
			let hash = with_bytes(&caller, [data], |[data]| Ok(hasher(data)))?;
			place(caller.as_context_mut(), &hash).map(|fat| fat as u32)
		})
	})
}

/// Register a storage function of one key: `op` on the bytes at the fat pointer.
fn by_key<'a, R>(
	linker: &'a mut Linker<StoreData>,
	name: &'static str,
	op: fn(&mut dyn Externalities, &[u8]) -> R,
) -> wasmtime::Result<&'a mut Linker<StoreData>>
where
	R: Send + Sync + 'static,
	wasmtime::Result<R>: wasmtime::WasmRet,
{
	linker.func_wrap("env", name, move |caller: Caller<'_, StoreData>, key: u64| {
		trap(name, || with_bytes(&caller, [key], |[key]| externalities(name, |ext| op(ext, key))))
	})
}

/// Register a storage function of a key and a value, both handed to `op` as owned copies.
fn key_and_value<'a>(
	linker: &'a mut Linker<StoreData>,
	name: &'static str,
	op: fn(&mut dyn Externalities, Vec<u8>, Vec<u8>),
) -> wasmtime::Result<&'a mut Linker<StoreData>> {
	linker.func_wrap("env", name, move |caller: Caller<'_, StoreData>, key: u64, value: u64| {
		trap(name, || {
			let (key, value) = with_bytes(&caller, [key, value], |[key, value]| {
				Ok((key.to_vec(), value.to_vec()))
			})?;
			externalities(name, |ext| op(ext, key, value))
		})
	})
}

/// Register a storage-transaction function: `op`, failing with `error` (as sp-io panics with
/// it) when there is no transaction to close.
fn transaction<'a>(
	linker: &'a mut Linker<StoreData>,
	name: &'static str,
	op: fn(&mut dyn Externalities) -> Result<(), ()>,
	error: &'static str,
) -> wasmtime::Result<&'a mut Linker<StoreData>> {
	linker.func_wrap("env", name, move || {
		trap(name, || externalities(name, op)?.map_err(|()| error.to_string()))
	})
}

/// Run `body` with the bytes the fat pointers (`len << 32 | ptr`) point at in the runtime's
/// memory; out of bounds is an error, as it is when sp-io reads them.
fn with_bytes<const N: usize, R>(
	caller: &Caller<'_, StoreData>,
	fat_pointers: [u64; N],
	body: impl FnOnce([&[u8]; N]) -> Result<R, String>,
) -> Result<R, String> {
	let memory = caller.data().memory.ok_or("runtime memory missing")?;
	let memory = memory.data(caller);
	let mut slices = [&[][..]; N];
	for (slice, fat) in slices.iter_mut().zip(fat_pointers) {
		let (ptr, len) = super::split_fat_pointer(fat);
		*slice = memory_slice(memory, ptr, len as usize)?;
	}
	body(slices)
}

/// Copy `bytes` into a fresh allocation in the runtime's heap; their fat pointer.
fn place(mut ctx: StoreContextMut<'_, StoreData>, bytes: &[u8]) -> Result<u64, String> {
	let len = u32::try_from(bytes.len()).map_err(|_| "return value over 4 GiB")?;
	let ptr = u32::from(allocate(ctx.as_context_mut(), len)?);
	let memory = ctx.data().memory.ok_or("runtime memory missing")?;
	write_memory(memory.data_mut(&mut ctx), ptr, bytes)?;
	Ok(super::fat_pointer(ptr, len))
}

/// Run `body` on the externalities of the runtime call in progress.
fn externalities<R>(
	name: &str,
	body: impl FnOnce(&mut dyn Externalities) -> R,
) -> Result<R, String> {
	sp_externalities::with_externalities(body)
		.ok_or_else(|| format!("`{name}` called outside of an Externalities-provided environment"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::host::register_generic;
	use sc_allocator::FreeingBumpHeapAllocator;
	use sp_state_machine::BasicExternalities;
	use sp_wasm_interface::HostFunctions;
	use wasmtime::{Engine, Extern, Memory, MemoryType, Store, Val};

	/// What a host function returned: an integer, or the bytes a returned pointer points at
	/// (fat pointers carry their length; the hashes' plain pointers `len` bytes), or a trap.
	#[derive(Debug, PartialEq)]
	enum Outcome {
		Int(i64),
		Bytes(Vec<u8>),
		Nothing,
		Trap,
	}

	/// An instance-like store (4 pages of memory, the heap from 64 KiB) whose linker has the
	/// host functions either registered directly (this module) or by sp-io's generic path.
	struct Host {
		store: Store<StoreData>,
		linker: Linker<StoreData>,
	}

	impl Host {
		fn new(direct: bool) -> Self {
			let engine = Engine::default();
			let mut linker = Linker::new(&engine);
			for function in <sp_io::SubstrateHostFunctions as HostFunctions>::host_functions() {
				if !(direct && register(&mut linker, function).unwrap()) {
					register_generic(&mut linker, &engine, function).unwrap();
				}
			}
			let data = StoreData { memory: None, allocator: None, panic_message: None };
			let mut store = Store::new(&engine, data);
			let memory = Memory::new(&mut store, MemoryType::new(4, Some(4))).unwrap();
			memory.data_mut(&mut store)[..1024].copy_from_slice(&INPUT);
			store.data_mut().memory = Some(memory);
			store.data_mut().allocator = Some(Box::new(FreeingBumpHeapAllocator::new(65_536)));
			Self { store, linker }
		}

		/// Call `name`; `returned` is the length of what a plain returned pointer points at.
		fn call(&mut self, name: &str, args: &[u64], returned: usize) -> Outcome {
			let Ok(Extern::Func(func)) = self.linker.get(&mut self.store, "env", name) else {
				panic!("{name} not registered")
			};
			let args: Vec<Val> = func
				.ty(&self.store)
				.params()
				.zip(args)
				.map(|(t, &a)| if t.is_i64() { Val::I64(a as i64) } else { Val::I32(a as i32) })
				.collect();
			let mut results = vec![Val::I32(0); func.ty(&self.store).results().len()];
			if func.call(&mut self.store, &args, &mut results).is_err() {
				return Outcome::Trap;
			}
			let memory = self.store.data().memory.unwrap().data(&self.store).to_vec();
			match results.first() {
				None => Outcome::Nothing,
				Some(Val::I64(fat)) => {
					let (ptr, len) = (*fat as u64 as u32 as usize, (*fat as u64 >> 32) as usize);
					Outcome::Bytes(memory[ptr..ptr + len].to_vec())
				},
				Some(Val::I32(ptr)) if returned > 0 => {
					Outcome::Bytes(memory[*ptr as usize..*ptr as usize + returned].to_vec())
				},
				Some(Val::I32(int)) => Outcome::Int(i64::from(*int)),
				Some(other) => panic!("unexpected result {other:?}"),
			}
		}
	}

	/// The first KiB of memory: a key at 0, a second key at 32, a value at 64, an event-like
	/// item at 96 (bytes 96..128 hold 1..=32 for the hashes), the rest zero.
	const INPUT: [u8; 1024] = {
		let mut input = [0u8; 1024];
		let mut i = 0;
		while i < 32 {
			input[i] = b'k';
			input[32 + i] = b'q';
			input[64 + i] = i as u8 * 3;
			input[96 + i] = i as u8 + 1;
			i += 1;
		}
		input
	};

	fn fat(ptr: u64, len: u64) -> u64 {
		len << 32 | ptr
	}

	/// Storage as key-value pairs.
	type Pairs = Vec<(Vec<u8>, Vec<u8>)>;

	/// Every directly registered function, called on the same inputs on a fresh state; the
	/// outcomes in order and the storage left behind.
	fn run(direct: bool) -> (Vec<Outcome>, Pairs) {
		let mut host = Host::new(direct);
		let mut ext = BasicExternalities::default();
		let (key, other, value, item) = (fat(0, 32), fat(32, 32), fat(64, 32), fat(96, 8));
		let outside = fat(4 * 65_536 - 4, 8);
		let outcomes = ext.execute_with(|| {
			let mut outcomes = vec![];
			for data in [fat(96, 32), fat(96, 0), fat(0, 1024), outside] {
				outcomes.push(host.call("ext_hashing_twox_64_version_1", &[data], 8));
				outcomes.push(host.call("ext_hashing_twox_128_version_1", &[data], 16));
				outcomes.push(host.call("ext_hashing_blake2_128_version_1", &[data], 16));
				outcomes.push(host.call("ext_hashing_blake2_256_version_1", &[data], 32));
			}
			let calls: [(&str, &[u64]); 26] = [
				("ext_storage_get_version_1", &[key]),
				("ext_storage_exists_version_1", &[key]),
				("ext_storage_set_version_1", &[key, value]),
				("ext_storage_get_version_1", &[key]),
				("ext_storage_exists_version_1", &[key]),
				("ext_storage_set_version_1", &[other, fat(0, 0)]),
				("ext_storage_get_version_1", &[other]),
				("ext_storage_clear_version_1", &[key]),
				("ext_storage_get_version_1", &[key]),
				// Appending to an empty value starts a SCALE vector of the appended items.
				("ext_storage_append_version_1", &[other, item]),
				("ext_storage_append_version_1", &[other, item]),
				("ext_storage_get_version_1", &[other]),
				("ext_storage_get_version_1", &[outside]),
				("ext_storage_set_version_1", &[key, outside]),
				("ext_storage_append_version_1", &[outside, item]),
				// A transaction that is rolled back, one that is committed, then none left.
				("ext_storage_start_transaction_version_1", &[]),
				("ext_storage_set_version_1", &[key, value]),
				("ext_storage_rollback_transaction_version_1", &[]),
				("ext_storage_get_version_1", &[key]),
				("ext_storage_start_transaction_version_1", &[]),
				("ext_storage_set_version_1", &[key, item]),
				("ext_storage_commit_transaction_version_1", &[]),
				("ext_storage_get_version_1", &[key]),
				("ext_storage_commit_transaction_version_1", &[]),
				("ext_storage_rollback_transaction_version_1", &[]),
				("ext_allocator_malloc_version_1", &[1 << 20]),
			];
			for (name, args) in calls {
				outcomes.push(host.call(name, args, 0));
			}
			outcomes
		});
		(outcomes, ext.into_storages().top.into_iter().collect())
	}

	#[test]
	fn direct_host_functions_do_what_sp_io_does() {
		let names: Vec<_> = {
			let engine = Engine::default();
			let mut linker = Linker::new(&engine);
			<sp_io::SubstrateHostFunctions as HostFunctions>::host_functions()
				.into_iter()
				.filter(|f| register(&mut linker, *f).unwrap())
				.map(|f| f.name())
				.collect()
		};
		assert_eq!(names.len(), 14, "every function this module implements is taken: {names:?}");

		let (direct, direct_storage) = run(true);
		let (generic, generic_storage) = run(false);
		assert_eq!(direct, generic);
		assert_eq!(direct_storage, generic_storage);

		// And what they agree on is right.
		let hashes = &direct[..4];
		assert_eq!(hashes[0], Outcome::Bytes(sp_crypto_hashing::twox_64(&INPUT[96..128]).into()));
		assert_eq!(
			hashes[3],
			Outcome::Bytes(sp_crypto_hashing::blake2_256(&INPUT[96..128]).into())
		);
		assert!(direct[12..16].iter().all(|o| *o == Outcome::Trap), "out of bounds traps");
		let storage = &direct[16..];
		let some = |bytes: &[u8]| Outcome::Bytes(Some(bytes.to_vec()).encode());
		assert_eq!(storage[0], Outcome::Bytes(None::<Vec<u8>>.encode()));
		assert_eq!(storage[1], Outcome::Int(0));
		assert_eq!(storage[3], some(&INPUT[64..96]));
		assert_eq!(storage[4], Outcome::Int(1));
		assert_eq!(storage[6], some(&[]));
		assert_eq!(storage[8], Outcome::Bytes(None::<Vec<u8>>.encode()));
		let appended =
			[&codec::Compact(2u32).encode()[..], &INPUT[96..104], &INPUT[96..104]].concat();
		assert_eq!(storage[11], some(&appended));
		assert!(storage[12..15].iter().all(|o| *o == Outcome::Trap), "{:?}", &storage[12..15]);
		assert_eq!(storage[18], Outcome::Bytes(None::<Vec<u8>>.encode()), "rolled back");
		assert_eq!(storage[22], some(&INPUT[96..104]), "committed");
		assert_eq!(storage[23..], [Outcome::Trap, Outcome::Trap, Outcome::Trap]);
		assert_eq!(
			direct_storage,
			[(INPUT[..32].to_vec(), INPUT[96..104].to_vec()), (INPUT[32..64].to_vec(), appended)]
		);
	}

	#[test]
	fn malloc_and_free_allocate_in_the_heap_and_fail_with_a_trap() {
		let mut host = Host::new(true);
		let malloc = |host: &mut Host, size| match host.call(MALLOC, &[size], 0) {
			Outcome::Int(ptr) => ptr as u64,
			other => panic!("malloc gave {other:?}"),
		};
		let first = malloc(&mut host, 100);
		assert!(first >= 65_536 && first + 100 <= 4 * 65_536, "{first} outside the heap");
		let second = malloc(&mut host, 100);
		assert_ne!(first, second);
		assert_eq!(host.call(FREE, &[first], 0), Outcome::Nothing);
		assert_eq!(malloc(&mut host, 100), first, "a freed block is reused");

		// Beyond the memory, which never grows: a trap with the allocator's reason, no panic; the
		// allocator is poisoned from then on, as in every Substrate host.
		let Some(Extern::Func(func)) = host.linker.get(&mut host.store, "env", MALLOC).ok() else {
			panic!("malloc not registered")
		};
		let error = func.typed::<u32, u32>(&host.store).unwrap().call(&mut host.store, 1 << 20);
		let error = error.unwrap_err();
		assert!(format!("{error:?}").contains("failed to allocate memory"), "{error:?}");
		assert_eq!(host.call(MALLOC, &[8], 0), Outcome::Trap);
		assert_eq!(host.call(FREE, &[second], 0), Outcome::Trap);
	}

	const MALLOC: &str = "ext_allocator_malloc_version_1";
	const FREE: &str = "ext_allocator_free_version_1";

	#[test]
	fn storage_functions_outside_a_runtime_call_trap() {
		let mut host = Host::new(true);
		assert_eq!(host.call("ext_storage_get_version_1", &[fat(0, 32)], 0), Outcome::Trap);
		assert_eq!(host.call("ext_storage_set_version_1", &[fat(0, 32), 0], 0), Outcome::Trap);
	}
}
