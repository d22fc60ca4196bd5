//! The Wasm executor: runs runtime calls with wasmtime.
//!
//! Compiled modules are cached by the hash of the code they were compiled from, so a runtime
//! upgrade (new `:code`) compiles once and the old module stays available for blocks that still
//! run on it. Each call gets a fresh instance: no state leaks between calls. Instances are cheap:
//! the runtime's imported memory is turned into a defined one at compile time (as polkadot-sdk's
//! executor does), so a module is linked once (`InstancePre`) and instantiated from wasmtime's
//! pooling allocator with a copy-on-write image of its memory. The heap pages are part of that
//! memory's declared size (polkadot-sdk's static heap strategy), so a module is compiled per
//! code and heap size: a pooled memory slot reused by the same module keeps its size and its
//! page protections, where growing the memory by the heap in every call cost two `mprotect`s
//! of the whole heap per call.
//!
//! # Driving it
//!
//! [`WasmExecutor::new`] makes an executor with an empty module cache; it implements
//! `sp_core::traits::CodeExecutor`, so sp-state-machine's `StateMachine` drives it with an `Ext`
//! over a block's state, and `ReadRuntimeVersion`, which `set_code` needs to check a new runtime
//! (from the code's `runtime_version` custom section without compiling it, else `Core_version`:
//! [`version`]). A host function that panics becomes a trap, never a node crash.
//!
//! # Bounds
//!
//! * At most 256 instances alive at once; memory at most 1 GiB per instance; when a call ends,
//!   up to 128 KiB of the pages it dirtied are reset in place, the rest unmapped (resetting
//!   more cost pool validation 70 % of its time after one large call).
//! * Runtime calls take a slot ([`BlockWork`], `slots.rs`) and wait for one rather than fail:
//!   calls other than block building and import run one per core, one fewer while a block is
//!   built or imported, and a few slots are kept for block calls.
//! * The signature checks (`sr25519_verify`, `ed25519_verify`, ECDSA recovery) remember the
//!   last 262,144 successes ([`VerifiedSignatures`], four times the pool's capacity): a
//!   transaction checked at pool admission is not checked again by the curve arithmetic when
//!   the same node builds its block. Failures are never remembered.
//!
//! # Host functions
//!
//! Every `sp_io::SubstrateHostFunctions` function is registered (`host.rs`). The most frequent
//! ones (allocation, storage-key hashes, storage get/set/clear/exists/append, storage
//! transactions) are typed wasmtime functions that read their arguments in place (`direct.rs`);
//! a test runs each next to sp-io's own on the same inputs and compares results, traps and the
//! storage left behind.

mod direct;
mod host;
mod signatures;
mod slots;
mod version;

use codec::Decode;
use host::{host_linker, StoreData};
use parking_lot::Mutex;
use sc_allocator::FreeingBumpHeapAllocator;
use sc_executor_common::{runtime_blob::RuntimeBlob, wasm_runtime::HeapAllocStrategy};
pub use signatures::VerifiedSignatures;
pub use slots::BlockWork;
use slots::{CallSlots, Caller};
use sp_core::traits::{
	CallContext, CodeExecutor, Externalities, FetchRuntimeCode, ReadRuntimeVersion, RuntimeCode,
};
use sp_version::RuntimeVersion;
use sp_wasm_interface::{Function, HostFunctions};
use std::{collections::HashMap, sync::Arc};
use wasmtime::{Engine, ExternType, InstancePre, Linker, Module, Store};

/// Heap pages added to the runtime's declared memory when `:heappages` is not set (128 MiB),
/// the same default as polkadot-sdk's executor.
pub const DEFAULT_HEAP_PAGES: u64 = 2048;
/// Largest decompressed runtime accepted (guards against compression bombs).
const CODE_BLOB_BOMB_LIMIT: usize = 50 * 1024 * 1024;
/// Wasm stack the runtime may use; native threads running calls need more (see `service`).
pub const MAX_WASM_STACK: usize = 1024 * 1024;
/// Native stack size of threads that execute runtime calls.
pub const EXECUTOR_THREAD_STACK: usize = 64 * 1024 * 1024;

/// A byte slice as host functions and runtime exports pass and return it: `len << 32 | ptr`.
fn fat_pointer(ptr: u32, len: u32) -> u64 {
	u64::from(len) << 32 | u64::from(ptr)
}

/// The pointer and length a [`fat_pointer`] holds.
fn split_fat_pointer(fat: u64) -> (u32, u32) {
	(fat as u32, (fat >> 32) as u32)
}

/// Why a runtime call failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
	/// The state holds no code.
	#[error("the state has no runtime code at `:code`")]
	CodeNotFound,
	/// The code is not a valid runtime (or does not compile).
	#[error("invalid runtime code: {0}")]
	InvalidCode(String),
	/// The runtime panicked; the message it logged.
	#[error("runtime panicked: {0}")]
	RuntimePanicked(String),
	/// Execution trapped (out of bounds, stack overflow, a host function's error).
	#[error("runtime trapped: {0}")]
	Trap(String),
	/// The runtime does not export the called method.
	#[error("runtime has no export `{0}`")]
	MethodNotFound(String),
	/// The executor itself failed (engine, instance pool).
	#[error("executor: {0}")]
	Other(String),
}

/// What a compiled module is cached by: the hash of its code and the heap pages its memory has.
type ModuleKey = (Vec<u8>, u64);

/// A compiled runtime, linked and ready to instantiate.
struct CompiledRuntime {
	module: Module,
	instance_pre: InstancePre<StoreData>,
}

/// CPU cores: at most this many calls other than block building and import run at once.
fn cores() -> u32 {
	std::thread::available_parallelism().map_or(2, |n| n.get() as u32)
}

/// Most runtime instances alive at once (concurrent runtime calls).
const MAX_INSTANCES: u32 = 256;
/// Largest runtime memory: the runtime's own pages plus the heap pages.
const MAX_MEMORY_BYTES: usize = 1 << 30;
/// Memory (and table) of a finished call reset in place rather than unmapped, per instance.
///
/// Small on purpose. Without userfaultfd write protection, `PAGEMAP_SCAN` counts every present
/// page as written, so a reset zeroes every page the slot has *ever* dirtied up to this limit,
/// not only the last call's: after one large call (a block, a big genesis) each pool
/// validation zeroed 16 MiB, 70 % of its time. 128 KiB covers a small call's pages; a block's
/// beyond it are unmapped once per block. Measured with `SCI_BENCH_ACCOUNTS=distinct` 40,000
/// transfers (`docs/log/performance-log.md`, 2026-11-23): validation 1,309/s at 16 MiB, 8,177/s at 1 MiB,
/// 11,185–11,626/s at 128 KiB; authoring and import within their spread.
const KEEP_RESIDENT_BYTES: usize = 128 << 10;

struct Inner {
	engine: Engine,
	linker: Linker<StoreData>,
	/// One per pooled instance: calls beyond the pool wait for a free one.
	slots: CallSlots,
	modules: Mutex<HashMap<ModuleKey, Arc<CompiledRuntime>>>,
	/// Held while compiling, so that callers needing the same new code at once (authoring and
	/// RPC at the first block after an upgrade) compile it once. Compiles are rare.
	compiling: Mutex<()>,
}

/// Executes runtime calls with wasmtime. Cheap to clone.
#[derive(Clone)]
pub struct WasmExecutor {
	inner: Arc<Inner>,
}

impl WasmExecutor {
	/// A new executor with an empty module cache.
	pub fn new() -> Result<Self, Error> {
		// Signatures verified by earlier calls (pool admission, authoring), shared by all.
		Self::with_host_functions(Vec::new(), Some(Default::default()))
	}

	/// An executor that also offers the host functions of `frame_benchmarking`, which a
	/// runtime built with `runtime-benchmarks` imports: timing, wiping and committing the
	/// state, counting its reads and writes. Only for `sci-node benchmark`: they need a state
	/// that supports them (`sci_benchmark::BenchmarkState`). Without `verified` it
	/// verifies every signature in full, however often it sees it: a weight is what a call
	/// costs the first time; with it, the signature checks answer from it as a node's do.
	pub fn for_benchmarks(verified: Option<Arc<VerifiedSignatures>>) -> Result<Self, Error> {
		Self::with_host_functions(
			<frame_benchmarking::benchmarking::HostFunctions as HostFunctions>::host_functions(),
			verified,
		)
	}

	fn with_host_functions(
		extra: Vec<&'static dyn Function>,
		verified: Option<Arc<VerifiedSignatures>>,
	) -> Result<Self, Error> {
		let mut config = wasmtime::Config::new();
		// Determinism: every node must compute the same result from the same code.
		config.cranelift_nan_canonicalization(true);
		config.max_wasm_stack(MAX_WASM_STACK);
		config.parallel_compilation(true);
		let mut pooling = wasmtime::PoolingAllocationConfig::default();
		pooling
			.total_core_instances(MAX_INSTANCES)
			.total_memories(MAX_INSTANCES)
			.total_tables(MAX_INSTANCES)
			.max_memory_size(MAX_MEMORY_BYTES)
			.table_elements(100_000)
			// Every runtime call takes a fresh instance. Resetting its memory with `madvise`
			// unmaps the pages: a TLB shootdown across cores, then page faults when the slot is
			// reused. Resetting the pages it dirtied in place keeps them mapped (results are the
			// same: the memory is back to the module's image either way).
			.linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
			.table_keep_resident(KEEP_RESIDENT_BYTES)
			.pagemap_scan(wasmtime::Enabled::Auto);
		config.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pooling));
		config.memory_init_cow(true);
		let engine = Engine::new(&config).map_err(|e| Error::Other(e.to_string()))?;
		let linker =
			host_linker(&engine, verified, extra).map_err(|e| Error::Other(e.to_string()))?;
		Ok(Self {
			inner: Arc::new(Inner {
				engine,
				linker,
				slots: CallSlots::new(MAX_INSTANCES, cores()),
				modules: Default::default(),
				compiling: Default::default(),
			}),
		})
	}

	/// Mark a block as being built or imported while the guard lives: other calls then leave
	/// it a core.
	pub fn block_work(&self) -> BlockWork<'_> {
		self.inner.slots.block_work()
	}

	/// Number of distinct runtimes compiled so far.
	pub fn cached_modules(&self) -> usize {
		self.inner.modules.lock().len()
	}

	fn cached(&self, code_hash: &[u8], heap_pages: u64) -> Option<Arc<CompiledRuntime>> {
		self.inner.modules.lock().get(&(code_hash.to_vec(), heap_pages)).cloned()
	}

	fn compile(
		&self,
		code_hash: &[u8],
		code: &[u8],
		heap_pages: u64,
	) -> Result<Arc<CompiledRuntime>, Error> {
		if let Some(compiled) = self.cached(code_hash, heap_pages) {
			return Ok(compiled);
		}
		let _compiling = self.inner.compiling.lock();
		// Another caller may have compiled it while this one waited.
		if let Some(compiled) = self.cached(code_hash, heap_pages) {
			return Ok(compiled);
		}
		let code = sp_maybe_compressed_blob::decompress(code, CODE_BLOB_BOMB_LIMIT)
			.map_err(|e| Error::InvalidCode(e.to_string()))?;
		let started = std::time::Instant::now();
		let invalid = |e: String| Error::InvalidCode(e);
		let mut blob = RuntimeBlob::new(&code).map_err(|e| invalid(e.to_string()))?;
		blob.convert_memory_import_into_export().map_err(|e| invalid(e.to_string()))?;
		// Deprecated upstream, whose executor now grows every instance's memory by the heap
		// instead (one module for all heap sizes); see the module docs for why not here.
		#[allow(deprecated)]
		blob.setup_memory_according_to_heap_alloc_strategy(HeapAllocStrategy::Static {
			extra_pages: u32::try_from(heap_pages)
				.map_err(|_| invalid(format!("{heap_pages} heap pages are too many")))?,
		})
		.map_err(|e| invalid(e.to_string()))?;
		let module = Module::new(&self.inner.engine, blob.serialize())
			.map_err(|e| invalid(e.to_string()))?;
		if !matches!(module.get_export("memory"), Some(ExternType::Memory(_))) {
			return Err(invalid("the runtime has no `memory` (imported or exported)".into()));
		}
		if module.get_export("__heap_base").is_none() {
			return Err(invalid("the runtime does not export `__heap_base`".into()));
		}
		let mut linker = self.inner.linker.clone();
		linker.define_unknown_imports_as_traps(&module).map_err(|e| invalid(e.to_string()))?;
		let instance_pre = linker.instantiate_pre(&module).map_err(|e| invalid(e.to_string()))?;
		log::debug!(target: "executor", "compiled runtime {} in {:?}", hex::encode(code_hash), started.elapsed());
		let compiled = Arc::new(CompiledRuntime { module, instance_pre });
		self.inner.modules.lock().insert((code_hash.to_vec(), heap_pages), compiled.clone());
		Ok(compiled)
	}

	/// Call `method` of `compiled` with `data`; the externalities must already be set.
	fn invoke(
		&self,
		compiled: &CompiledRuntime,
		method: &str,
		data: &[u8],
		caller: Caller,
	) -> Result<Vec<u8>, Error> {
		let _slot = self.inner.slots.acquire(caller);
		let mut store = Store::new(
			&self.inner.engine,
			StoreData { memory: None, allocator: None, panic_message: None },
		);
		let instance = compiled
			.instance_pre
			.instantiate(&mut store)
			.map_err(|e| Error::InvalidCode(e.to_string()))?;
		let memory = instance
			.get_memory(&mut store, "memory")
			.ok_or_else(|| Error::InvalidCode("the runtime has no memory".into()))?;
		let heap_base = instance
			.get_global(&mut store, "__heap_base")
			.and_then(|g| g.get(&mut store).i32())
			.ok_or_else(|| Error::InvalidCode("`__heap_base` is not an i32 global".into()))?;
		store.data_mut().memory = Some(memory);
		store.data_mut().allocator =
			Some(Box::new(FreeingBumpHeapAllocator::new(heap_base as u32)));

		let entry = instance
			.get_typed_func::<(i32, i32), i64>(&mut store, method)
			.map_err(|_| Error::MethodNotFound(method.to_string()))?;
		let input =
			host::allocate(store.as_context_mut(), data.len() as u32).map_err(Error::Other)?;
		host::write_memory(memory.data_mut(&mut store), u32::from(input), data)
			.map_err(Error::Other)?;

		let packed = match entry.call(&mut store, (u32::from(input) as i32, data.len() as i32)) {
			Ok(packed) => packed as u64,
			Err(trap) => {
				return Err(match store.data_mut().panic_message.take() {
					Some(message) => Error::RuntimePanicked(message),
					None => Error::Trap(format!("{trap:#}")),
				})
			},
		};
		let (ptr, len) = split_fat_pointer(packed);
		let mut output = vec![0u8; len as usize];
		host::read_memory(memory.data(&store), ptr, &mut output).map_err(Error::Other)?;
		Ok(output)
	}

	/// Run `method` on the given code with the given externalities.
	pub fn call_with_code(
		&self,
		ext: &mut dyn Externalities,
		code_hash: &[u8],
		code: &[u8],
		heap_pages: Option<u64>,
		method: &str,
		data: &[u8],
	) -> Result<Vec<u8>, Error> {
		let compiled = self.compile(code_hash, code, heap_pages.unwrap_or(DEFAULT_HEAP_PAGES))?;
		sp_externalities::set_and_run_with_externalities(ext, || {
			self.invoke(&compiled, method, data, Caller::Other)
		})
	}

	/// Whether the runtime `code` exports the function `name`.
	pub fn has_export(&self, code_hash: &[u8], code: &[u8], name: &str) -> Result<bool, Error> {
		Ok(self.compile(code_hash, code, DEFAULT_HEAP_PAGES)?.module.get_export(name).is_some())
	}

	/// The version of a runtime: from its embedded `runtime_version` section, or else by
	/// calling its `Core_version`.
	pub fn runtime_version(
		&self,
		ext: &mut dyn Externalities,
		code: &[u8],
	) -> Result<RuntimeVersion, Error> {
		let wasm = sp_maybe_compressed_blob::decompress(code, CODE_BLOB_BOMB_LIMIT)
			.map_err(|e| Error::InvalidCode(e.to_string()))?;
		// Said plainly: the parser's own message dumps the bytes it expected and found.
		if !wasm.starts_with(b"\0asm") {
			return Err(Error::InvalidCode("not Wasm (no `\\0asm` header)".into()));
		}
		if let Some(version) = version::embedded_version(&wasm).map_err(Error::InvalidCode)? {
			return Ok(version);
		}
		let hash = sp_crypto_hashing::blake2_256(code);
		let encoded = self.call_with_code(ext, &hash, code, None, "Core_version", &[])?;
		RuntimeVersion::decode(&mut &encoded[..])
			.map_err(|e| Error::InvalidCode(format!("bad Core_version output: {e}")))
	}
}

impl CodeExecutor for WasmExecutor {
	type Error = Error;

	fn call(
		&self,
		ext: &mut dyn Externalities,
		runtime_code: &RuntimeCode<'_>,
		method: &str,
		data: &[u8],
		context: CallContext,
	) -> (Result<Vec<u8>, Error>, bool) {
		let caller = match context {
			CallContext::Onchain { .. } => Caller::Block,
			CallContext::Offchain => Caller::Other,
		};
		let result = (|| {
			let heap_pages = runtime_code.heap_pages.unwrap_or(DEFAULT_HEAP_PAGES);
			let compiled = match self.cached(&runtime_code.hash, heap_pages) {
				Some(compiled) => compiled,
				None => {
					let code = runtime_code.fetch_runtime_code().ok_or(Error::CodeNotFound)?;
					self.compile(&runtime_code.hash, &code, heap_pages)?
				},
			};
			sp_externalities::set_and_run_with_externalities(ext, || {
				self.invoke(&compiled, method, data, caller)
			})
		})();
		(result, false)
	}
}

impl ReadRuntimeVersion for WasmExecutor {
	fn read_runtime_version(
		&self,
		wasm_code: &[u8],
		ext: &mut dyn Externalities,
	) -> Result<Vec<u8>, String> {
		use codec::Encode;
		self.runtime_version(ext, wasm_code).map(|v| v.encode()).map_err(|e| e.to_string())
	}
}

use wasmtime::AsContextMut;

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::traits::WrappedRuntimeCode;

	/// Call `method` of the runtime on an empty state with `heap_pages`, through `executor`.
	fn call_runtime(
		executor: &WasmExecutor,
		heap_pages: Option<u64>,
		method: &str,
		input: &[u8],
	) -> Result<Vec<u8>, Error> {
		let code = sci_runtime::WASM_BINARY.expect("runtime built");
		let fetcher = WrappedRuntimeCode(code.into());
		let hash = sp_crypto_hashing::blake2_256(code).to_vec();
		let runtime_code = RuntimeCode { code_fetcher: &fetcher, heap_pages, hash };
		let mut ext = sp_state_machine::BasicExternalities::new_empty();
		executor.call(&mut ext, &runtime_code, method, input, CallContext::Offchain).0
	}

	/// A first call of code the executor has not compiled yet (the block after an upgrade)
	/// compiles it, caches it and runs it.
	#[test]
	fn calls_code_it_has_not_compiled_yet() {
		let executor = WasmExecutor::new().unwrap();
		let result = call_runtime(&executor, None, "Core_version", &[]);
		let version = RuntimeVersion::decode(&mut &result.unwrap()[..]).unwrap();
		assert_eq!(version.spec_version, sci_runtime::VERSION.spec_version);
		assert_eq!(executor.cached_modules(), 1);
	}

	/// `:heappages` sizes the heap: a module is compiled per heap size, and a call whose input
	/// does not fit a small heap fails where the default heap takes it.
	#[test]
	fn the_heap_has_the_pages_the_state_asks_for() {
		let executor = WasmExecutor::new().unwrap();
		// 1 MiB of input: more than 8 pages (512 KiB) hold, far less than the default 128 MiB.
		// (A genesis config that is not JSON: the call runs and returns the parse error.)
		let input = codec::Encode::encode(&vec![b' '; 1 << 20]);
		let call =
			|heap_pages| call_runtime(&executor, heap_pages, "GenesisBuilder_build_state", &input);
		let error = call(Some(8)).unwrap_err();
		assert!(error.to_string().contains("Allocator ran out of space"), "{error}");
		let built: Result<(), String> = Decode::decode(&mut &call(None).unwrap()[..]).unwrap();
		assert!(built.unwrap_err().contains("EOF"), "the runtime parsed the input");
		assert_eq!(executor.cached_modules(), 2, "one module per heap size");
		assert!(call(Some(8)).is_err(), "the small heap's module is reused, still small");
		assert_eq!(executor.cached_modules(), 2);
	}
}
