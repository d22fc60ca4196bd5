//! The bridge between wasmtime and the Substrate host functions (`sp_io`).
//!
//! Every host function the runtime may import is registered with a generic closure that turns
//! wasmtime values into `sp_wasm_interface::Value`s and hands the call to the function's own
//! implementation, with a [`HostContext`] that gives it the instance's memory and allocator.

use sc_allocator::FreeingBumpHeapAllocator;
use sp_wasm_interface::{
	Function, FunctionContext, HostFunctions, Pointer, Value, ValueType, WordSize,
};
use wasmtime::{Caller, Engine, FuncType, Linker, Memory, StoreContextMut, Val, ValType};

/// Per-instance data a host function can reach.
pub struct StoreData {
	/// The instance's linear memory (imported by the runtime, created by us).
	pub memory: Option<Memory>,
	/// The runtime's heap allocator; taken out while in use so memory can be borrowed.
	pub allocator: Option<FreeingBumpHeapAllocator>,
	/// Message the runtime registered before aborting with a panic.
	pub panic_message: Option<String>,
}

/// Memory view for the allocator: grows and reads the wasmtime memory.
struct AllocatorMemory<'a, 'b> {
	ctx: StoreContextMut<'a, StoreData>,
	memory: &'b Memory,
}

impl sc_allocator::Memory for AllocatorMemory<'_, '_> {
	fn with_access_mut<R>(&mut self, run: impl FnOnce(&mut [u8]) -> R) -> R {
		run(self.memory.data_mut(&mut self.ctx))
	}

	fn with_access<R>(&self, run: impl FnOnce(&[u8]) -> R) -> R {
		run(self.memory.data(&self.ctx))
	}

	fn grow(&mut self, additional: u32) -> Result<(), ()> {
		self.memory.grow(&mut self.ctx, u64::from(additional)).map(|_| ()).map_err(|_| ())
	}

	fn pages(&self) -> u32 {
		self.memory.size(&self.ctx) as u32
	}

	fn max_pages(&self) -> Option<u32> {
		self.memory.ty(&self.ctx).maximum().map(|m| m as u32)
	}
}

/// Allocate `size` bytes in the instance's heap.
pub fn allocate(
	mut ctx: StoreContextMut<'_, StoreData>,
	size: WordSize,
) -> Result<Pointer<u8>, String> {
	let memory = ctx.data().memory.ok_or("runtime memory missing")?;
	let mut allocator = ctx.data_mut().allocator.take().ok_or("allocator missing")?;
	let result = allocator
		.allocate(&mut AllocatorMemory { ctx: ctx.as_context_mut(), memory: &memory }, size);
	ctx.data_mut().allocator = Some(allocator);
	result.map_err(|e| e.to_string())
}

fn deallocate(mut ctx: StoreContextMut<'_, StoreData>, ptr: Pointer<u8>) -> Result<(), String> {
	let memory = ctx.data().memory.ok_or("runtime memory missing")?;
	let mut allocator = ctx.data_mut().allocator.take().ok_or("allocator missing")?;
	let result = allocator
		.deallocate(&mut AllocatorMemory { ctx: ctx.as_context_mut(), memory: &memory }, ptr);
	ctx.data_mut().allocator = Some(allocator);
	result.map_err(|e| e.to_string())
}

/// Read `dest.len()` bytes at `address`, failing (not panicking) when out of bounds.
pub fn read_memory(memory: &[u8], address: u32, dest: &mut [u8]) -> Result<(), String> {
	let start = address as usize;
	let end = start.checked_add(dest.len()).ok_or("memory read overflows")?;
	let src = memory.get(start..end).ok_or("memory read out of bounds")?;
	dest.copy_from_slice(src);
	Ok(())
}

/// Write `data` at `address`, failing (not panicking) when out of bounds.
pub fn write_memory(memory: &mut [u8], address: u32, data: &[u8]) -> Result<(), String> {
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

fn to_value(v: &Val) -> Option<Value> {
	Some(match v {
		Val::I32(x) => Value::I32(*x),
		Val::I64(x) => Value::I64(*x),
		Val::F32(x) => Value::F32(*x),
		Val::F64(x) => Value::F64(*x),
		_ => return None,
	})
}

fn to_val(v: Value) -> Val {
	match v {
		Value::I32(x) => Val::I32(x),
		Value::I64(x) => Val::I64(x),
		Value::F32(x) => Val::F32(x),
		Value::F64(x) => Val::F64(x),
	}
}

fn register(
	linker: &mut Linker<StoreData>,
	engine: &Engine,
	function: &'static dyn Function,
) -> wasmtime::Result<()> {
	let signature = function.signature();
	let ty = FuncType::new(
		engine,
		signature.args.iter().copied().map(val_type),
		signature.return_value.map(val_type),
	);
	linker.func_new("env", function.name(), ty, move |mut caller, params, results| {
		let mut args = params.iter().filter_map(to_value);
		let mut context = HostContext { caller: &mut caller };
		// A host function must never take the node down: a panic becomes a trap.
		let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
			function.execute(&mut context, &mut args)
		}))
		.unwrap_or_else(|_| Err(format!("host function `{}` panicked", function.name())));
		match outcome {
			Ok(Some(value)) => {
				if let Some(slot) = results.first_mut() {
					*slot = to_val(value);
				}
				Ok(())
			},
			Ok(None) => Ok(()),
			Err(message) => Err(wasmtime::Error::msg(message)),
		}
	})?;
	Ok(())
}

/// A linker holding every Substrate host function (`sp_io::SubstrateHostFunctions`).
pub fn host_linker(engine: &Engine) -> wasmtime::Result<Linker<StoreData>> {
	let mut linker = Linker::new(engine);
	for function in <sp_io::SubstrateHostFunctions as HostFunctions>::host_functions() {
		register(&mut linker, engine, function)?;
	}
	Ok(linker)
}
