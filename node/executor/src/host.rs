//! The bridge between wasmtime and the Substrate host functions (`sp_io`).
//!
//! Every host function the runtime may import is registered with a closure that reads
//! wasmtime's raw argument slots as `sp_wasm_interface::Value`s (by the function's declared
//! signature) and hands the call to the function's own implementation, with a [`HostContext`]
//! that gives it the instance's memory and allocator. The signature checks (`sr25519_verify`,
//! `ed25519_verify`, ECDSA key recovery) go through the executor's [`VerifiedSignatures`]
//! first. The most frequent host calls (allocation, storage-key hashing, storage access) are
//! registered directly with their wasm types instead ([`super::direct`]).

use super::signatures::VerifiedSignatures;
use sc_allocator::FreeingBumpHeapAllocator;
use sp_wasm_interface::{
	FunctionContext, HostFunctions, Pointer, Signature, Value, ValueType, WordSize,
};
use std::mem::MaybeUninit;
use std::sync::Arc;
use wasmtime::{Caller, Engine, FuncType, Linker, Memory, StoreContextMut, ValRaw, ValType};

/// Per-instance data a host function can reach.
pub(crate) struct StoreData {
	/// The instance's linear memory (imported by the runtime, created by us).
	pub memory: Option<Memory>,
	/// The runtime's heap allocator; taken out while in use so memory can be borrowed (boxed:
	/// moving the allocator itself, a few hundred bytes, twice per call was a quarter of
	/// what an allocation cost).
	pub allocator: Option<Box<FreeingBumpHeapAllocator>>,
	/// Message the runtime registered before aborting with a panic.
	pub panic_message: Option<String>,
}

/// The instance's memory as the allocator sees it: borrowed once per allocation, not looked up
/// in the store on every header it reads or writes (8 % of block building's samples went to
/// wasmtime's memory-size lookups). The memory never grows: its size, heap included, is fixed
/// when the runtime is compiled (maximum = minimum), so growing fails here as wasmtime's
/// `grow` would.
struct HeapMemory<'a>(&'a mut [u8]);

impl sc_allocator::Memory for HeapMemory<'_> {
	fn with_access_mut<R>(&mut self, run: impl FnOnce(&mut [u8]) -> R) -> R {
		run(self.0)
	}

	fn with_access<R>(&self, run: impl FnOnce(&[u8]) -> R) -> R {
		run(self.0)
	}

	fn grow(&mut self, _additional: u32) -> Result<(), ()> {
		Err(())
	}

	fn pages(&self) -> u32 {
		(self.0.len() / WASM_PAGE_SIZE) as u32
	}

	fn max_pages(&self) -> Option<u32> {
		Some(self.pages())
	}
}

/// Bytes in a page of Wasm memory.
const WASM_PAGE_SIZE: usize = 65_536;

/// Run `operation` with the instance's allocator over its memory.
fn with_allocator<R>(
	mut ctx: StoreContextMut<'_, StoreData>,
	operation: impl FnOnce(
		&mut FreeingBumpHeapAllocator,
		&mut HeapMemory<'_>,
	) -> Result<R, sc_allocator::Error>,
) -> Result<R, String> {
	let memory = ctx.data().memory.ok_or("runtime memory missing")?;
	let mut allocator = ctx.data_mut().allocator.take().ok_or("allocator missing")?;
	let result = operation(&mut allocator, &mut HeapMemory(memory.data_mut(&mut ctx)));
	ctx.data_mut().allocator = Some(allocator);
	result.map_err(|e| e.to_string())
}

/// Allocate `size` bytes in the instance's heap.
pub(crate) fn allocate(
	ctx: StoreContextMut<'_, StoreData>,
	size: WordSize,
) -> Result<Pointer<u8>, String> {
	with_allocator(ctx, |allocator, memory| allocator.allocate(memory, size))
}

/// Free the allocation at `ptr` in the instance's heap.
pub(crate) fn deallocate(
	ctx: StoreContextMut<'_, StoreData>,
	ptr: Pointer<u8>,
) -> Result<(), String> {
	with_allocator(ctx, |allocator, memory| allocator.deallocate(memory, ptr))
}

/// The `len` bytes at `address`, an error (not a panic) when out of bounds.
pub(crate) fn memory_slice(memory: &[u8], address: u32, len: usize) -> Result<&[u8], String> {
	let start = address as usize;
	let end = start.checked_add(len).ok_or("memory read overflows")?;
	memory.get(start..end).ok_or_else(|| "memory read out of bounds".into())
}

/// Read `dest.len()` bytes at `address`, failing (not panicking) when out of bounds.
pub(crate) fn read_memory(memory: &[u8], address: u32, dest: &mut [u8]) -> Result<(), String> {
	dest.copy_from_slice(memory_slice(memory, address, dest.len())?);
	Ok(())
}

/// Write `data` at `address`, failing (not panicking) when out of bounds.
pub(crate) fn write_memory(memory: &mut [u8], address: u32, data: &[u8]) -> Result<(), String> {
	let start = address as usize;
	let end = start.checked_add(data.len()).ok_or("memory write overflows")?;
	memory.get_mut(start..end).ok_or("memory write out of bounds")?.copy_from_slice(data);
	Ok(())
}

/// What a host function sees of the instance that called it.
struct HostContext<'a, 'b> {
	caller: &'a mut Caller<'b, StoreData>,
}

impl HostContext<'_, '_> {
	fn memory(&self) -> sp_wasm_interface::Result<Memory> {
		self.caller.data().memory.ok_or_else(|| "runtime memory missing".to_string())
	}
}

impl FunctionContext for HostContext<'_, '_> {
	fn read_memory_into(
		&mut self,
		address: Pointer<u8>,
		dest: &mut [u8],
	) -> sp_wasm_interface::Result<()> {
		let memory = self.memory()?;
		read_memory(memory.data(&*self.caller), u32::from(address), dest)
	}

	fn write_memory(&mut self, address: Pointer<u8>, data: &[u8]) -> sp_wasm_interface::Result<()> {
		let memory = self.memory()?;
		write_memory(memory.data_mut(&mut *self.caller), u32::from(address), data)
	}

	fn allocate_memory(&mut self, size: WordSize) -> sp_wasm_interface::Result<Pointer<u8>> {
		allocate(self.caller.as_context_mut(), size)
	}

	fn deallocate_memory(&mut self, ptr: Pointer<u8>) -> sp_wasm_interface::Result<()> {
		deallocate(self.caller.as_context_mut(), ptr)
	}

	fn register_panic_error_message(&mut self, message: &str) {
		self.caller.data_mut().panic_message = Some(message.to_string());
	}
}

use wasmtime::AsContextMut;

fn val_type(t: ValueType) -> ValType {
	match t {
		ValueType::I32 => ValType::I32,
		ValueType::I64 => ValType::I64,
		ValueType::F32 => ValType::F32,
		ValueType::F64 => ValType::F64,
	}
}

/// The argument in `raw` as the `Value` of type `t`.
fn to_value(raw: &ValRaw, t: ValueType) -> Value {
	match t {
		ValueType::I32 => Value::I32(raw.get_i32()),
		ValueType::I64 => Value::I64(raw.get_i64()),
		ValueType::F32 => Value::F32(raw.get_f32()),
		ValueType::F64 => Value::F64(raw.get_f64()),
	}
}

fn to_raw(v: Value) -> ValRaw {
	match v {
		Value::I32(x) => ValRaw::i32(x),
		Value::I64(x) => ValRaw::i64(x),
		Value::F32(x) => ValRaw::f32(x),
		Value::F64(x) => ValRaw::f64(x),
	}
}

/// Run host function `name`'s body. A host function must never take the node down: a panic
/// becomes an error, which traps.
pub(crate) fn trapping_panics<R>(
	name: &str,
	body: impl FnOnce() -> Result<R, String>,
) -> Result<R, String> {
	std::panic::catch_unwind(std::panic::AssertUnwindSafe(body))
		.unwrap_or_else(|_| Err(format!("host function `{name}` panicked")))
}

/// Register a host function: `call` runs it with the instance's context and its arguments.
fn register(
	linker: &mut Linker<StoreData>,
	engine: &Engine,
	name: &str,
	signature: Signature,
	call: impl Fn(
			&mut dyn FunctionContext,
			&mut dyn Iterator<Item = Value>,
		) -> sp_wasm_interface::Result<Option<Value>>
		+ Send
		+ Sync
		+ 'static,
) -> wasmtime::Result<()> {
	let ty = FuncType::new(
		engine,
		signature.args.iter().copied().map(val_type),
		signature.return_value.map(val_type),
	);
	let args = signature.args.to_vec();
	let error_name = name.to_string();
	// Host functions are called on every storage access and allocation: they take their
	// arguments raw, without wasmtime's checked `Val` conversion (a tenth of a transfer's cost).
	let host = move |mut caller: Caller<'_, StoreData>, slots: &mut [MaybeUninit<ValRaw>]| {
		// SAFETY: wasmtime passes one initialised slot per parameter of `ty`, whose types are
		// `args` (see `Linker::func_new_unchecked`).
		let mut values = args
			.iter()
			.zip(slots.iter())
			.map(|(t, slot)| to_value(unsafe { slot.assume_init_ref() }, *t));
		let mut context = HostContext { caller: &mut caller };
		let outcome = trapping_panics(&error_name, || call(&mut context, &mut values));
		match outcome {
			Ok(Some(value)) => {
				if let Some(slot) = slots.first_mut() {
					slot.write(to_raw(value));
				}
				Ok(())
			},
			Ok(None) => Ok(()),
			Err(message) => Err(wasmtime::Error::msg(message)),
		}
	};
	// SAFETY: `host` reads exactly the parameters of `ty` with their declared types and writes
	// its one result (the function's return type) into the first slot, which wasmtime sizes
	// for max(parameters, results).
	unsafe { linker.func_new_unchecked("env", name, ty, host)? };
	Ok(())
}

/// Register `function` on the generic path: sp-io's own implementation, through
/// sp-runtime-interface's marshalling.
pub(crate) fn register_generic(
	linker: &mut Linker<StoreData>,
	engine: &Engine,
	function: &'static dyn sp_wasm_interface::Function,
) -> wasmtime::Result<()> {
	register(linker, engine, function.name(), function.signature(), move |cx, args| {
		function.execute(cx, args)
	})
}

/// A linker holding every Substrate host function (`sp_io::SubstrateHostFunctions`) and
/// `extra` ones; the signature checks answer from `verified`, if given, what succeeded before.
pub(crate) fn host_linker(
	engine: &Engine,
	verified: Option<Arc<VerifiedSignatures>>,
	extra: Vec<&'static dyn sp_wasm_interface::Function>,
) -> wasmtime::Result<Linker<StoreData>> {
	let mut linker = Linker::new(engine);
	for function in <sp_io::SubstrateHostFunctions as HostFunctions>::host_functions() {
		if super::direct::register(&mut linker, function)? {
			continue;
		}
		if let (Some(verified), Some(kind)) =
			(verified.clone(), VerifiedSignatures::answers_for(function))
		{
			register(
				&mut linker,
				engine,
				function.name(),
				function.signature(),
				move |cx, args| verified.check(kind, function, cx, args),
			)?;
		} else {
			register_generic(&mut linker, engine, function)?;
		}
	}
	for function in extra {
		register_generic(&mut linker, engine, function)?;
	}
	Ok(linker)
}
