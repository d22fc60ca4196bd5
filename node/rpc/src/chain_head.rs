//! The new JSON-RPC spec (paritytech/json-rpc-interface-spec): `chainHead_v1_*` and
//! `chainSpec_v1_*`.
//!
//! A follow subscription reports the finalized block, then every newer block (`newBlock`,
//! `bestBlockChanged`, `finalized`), and pins each reported block for this subscription until
//! the client unpins it. Operations (`body`, `call`, `storage`) return an operation id at once;
//! their results arrive later as events on the follow subscription, strictly after the
//! method's response has been sent.
//!
//! # Limits
//!
//! The spec's and polkadot-sdk's (`sc-rpc-spec-v2`) limits, so that one client cannot grow the
//! node's memory or hold its threads:
//!
//! * At most [`MAX_FOLLOWS_PER_CONNECTION`] (4) follow subscriptions per connection; the next
//!   `chainHead_v1_follow` is refused with -32800. A subscription is used only from the
//!   connection that opened it: from another one, operations answer `limitReached`.
//! * At most [`MAX_PINNED_BLOCKS`] (512) pinned blocks per subscription, and no block kept
//!   pinned more than [`MAX_PINNED_DURATION`] (60 s) after it was reported finalized (behind
//!   the current finalized block) or pruned. Past either limit the subscription gets `stop`.
//!   Unfinalized blocks may stay pinned as long as finality stalls (up to the count limit).
//! * At most [`MAX_OPERATIONS`] (16) operations in progress per subscription, each
//!   `chainHead_v1_storage` item counting as one: a `storage` call gets as many items as there
//!   are free slots (the rest are `discardedItems`), any call with no free slot answers
//!   `limitReached`.
//! * A storage operation sends at most [`STORAGE_ITEMS_PER_EVENT`] (5) items, and no more
//!   than [`MAX_EVENT_BYTES`] (1 MiB) unless one item alone is larger, per
//!   `operationStorageItems` event. `descendantsValues` and `descendantsHashes` walk the trie a
//!   page at a time: after each page with more to come the operation sends
//!   `operationWaitingForContinue` and reads nothing more until `chainHead_v1_continue`.
//! * Events wait for the client in a queue of at most [`MAX_QUEUED_EVENTS`] events and
//!   [`MAX_QUEUED_BYTES`] (8 MiB); a subscription whose client does not read past that is
//!   stopped (`stop`) and its queue freed. Events go to the connection's send buffer only while
//!   it holds less than [`MAX_UNSENT_BYTES`] (1 MiB) of this subscription's events.
//! * Ids (`followSubscription`, `operationId`) longer than 64 bytes, storage keys longer than
//!   2048 bytes and `unpin` lists longer than 1024 hashes are refused with -32602
//!   (`crate::params`).
//!
//! Runtime calls and database reads (block reports, `header`, `body`, `call`, each storage
//! page) run on the blocking pool under the context's `blocking` permits.

use super::{
	hex0x, invalid_params,
	params::{AnyHex, Args, Hex, List, Prefix, Text, MAX_ID_BYTES, MAX_KEY_BYTES, MAX_LIST},
	register_blocking, run_blocking, RpcContext,
};
use codec::Encode;
use jsonrpsee::{
	core::SubscriptionResult,
	types::{ErrorObjectOwned, Params},
	ConnectionId, Extensions, PendingSubscriptionSink, ResponsePayload, RpcModule,
	SubscriptionMessage, SubscriptionSink,
};
use parking_lot::Mutex;
use sci_client_api::{ChainApi, ChainApiExt};
use sci_primitives::{BlockNumber, Hash, Hashing};
use serde_json::{json, Value};
use sp_state_machine::{Backend, IterArgs};
use std::{
	collections::{HashMap, HashSet, VecDeque},
	future::Future,
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};
use tokio::sync::{broadcast::error::RecvError, Notify};

/// Most follow subscriptions one connection may hold (polkadot-sdk's
/// `max_follow_subscriptions_per_connection`; the spec guarantees at least 2).
pub(crate) const MAX_FOLLOWS_PER_CONNECTION: usize = 4;
/// Most blocks one subscription may keep pinned (polkadot-sdk's pin budget).
pub(crate) const MAX_PINNED_BLOCKS: usize = 512;
/// How long a block may stay pinned after it was reported finalized behind the current
/// finalized block, or pruned (polkadot-sdk's `subscription_max_pinned_duration`).
pub(crate) const MAX_PINNED_DURATION: Duration = Duration::from_secs(60);
/// Most operations in progress per subscription, each storage item counting as one (the
/// spec's minimum and polkadot-sdk's value).
pub(crate) const MAX_OPERATIONS: usize = 16;
/// Most items in one `operationStorageItems` event (polkadot-sdk's `operation_max_storage_items`).
pub(crate) const STORAGE_ITEMS_PER_EVENT: usize = 5;
/// An `operationStorageItems` event ends once its items reach this many bytes (a single
/// larger item goes alone), so big values do not add up in one message.
pub(crate) const MAX_EVENT_BYTES: usize = 1024 * 1024;
/// Most events waiting for the client per subscription (polkadot-sdk's buffer of 512).
pub(crate) const MAX_QUEUED_EVENTS: usize = 512;
/// Most bytes of events waiting for the client per subscription (one event is always taken).
pub(crate) const MAX_QUEUED_BYTES: usize = 8 * 1024 * 1024;
/// Bytes of one subscription's events handed to the connection since its send buffer was last
/// seen empty, past which the subscription waits for the buffer to drain.
pub(crate) const MAX_UNSENT_BYTES: usize = 1024 * 1024;
/// How often a subscription checks its pins' ages.
const PIN_CHECK_INTERVAL: Duration = Duration::from_secs(5);
/// How long a subscription waits before retrying to hand events to a backed-up connection.
const BACKED_UP_RETRY: Duration = Duration::from_millis(10);

/// Why a subscription is stopped.
#[derive(Debug, PartialEq, Eq)]
enum StopReason {
	/// Pinned-block limits (count or age).
	Pins(&'static str),
	/// The client does not read its events.
	Overflow,
	/// The chain moved in a way the subscription cannot report (a gap, a lagging receiver).
	Chain(String),
}

/// The events waiting for the client, serialized, with the count and byte limits.
struct Queue {
	state: Mutex<QueueState>,
	ready: Notify,
	max_events: usize,
	max_bytes: usize,
}

#[derive(Default)]
struct QueueState {
	events: VecDeque<String>,
	bytes: usize,
	overflowed: bool,
	closed: bool,
}

/// What [`Queue::pop`] found.
#[derive(Debug, PartialEq, Eq)]
enum Popped {
	Event(String),
	Empty,
	Overflowed,
}

impl Queue {
	fn new(max_events: usize, max_bytes: usize) -> Self {
		Queue { state: Default::default(), ready: Notify::new(), max_events, max_bytes }
	}

	/// Queue `event`; `false` when the subscription is over (closed, or overflowed now or
	/// before). Overflowing frees the queued events at once.
	fn push(&self, event: &Value) -> bool {
		let json = event.to_string();
		let mut state = self.state.lock();
		if state.closed || state.overflowed {
			return false;
		}
		let full = state.events.len() >= self.max_events
			|| state.bytes.saturating_add(json.len()) > self.max_bytes;
		if full && !state.events.is_empty() {
			*state = QueueState { overflowed: true, ..Default::default() };
		} else {
			state.bytes += json.len();
			state.events.push_back(json);
		}
		let pushed = !state.overflowed;
		drop(state);
		self.ready.notify_one();
		pushed
	}

	fn pop(&self) -> Popped {
		let mut state = self.state.lock();
		if state.overflowed {
			return Popped::Overflowed;
		}
		match state.events.pop_front() {
			Some(event) => {
				state.bytes -= event.len();
				Popped::Event(event)
			},
			None => Popped::Empty,
		}
	}

	fn close(&self) {
		*self.state.lock() = QueueState { closed: true, ..Default::default() };
	}
}

/// The blocks a subscription holds pinned: `None` while unfinalized or the current finalized
/// block, else when it was reported finalized behind the current one, or pruned.
#[derive(Default)]
struct Pins(HashMap<Hash, Option<Instant>>);

impl Pins {
	/// Pin `hash`; `false` past [`MAX_PINNED_BLOCKS`].
	fn pin(&mut self, hash: Hash) -> bool {
		self.0.entry(hash).or_insert(None);
		self.0.len() <= MAX_PINNED_BLOCKS
	}

	/// Start the clock of those of `hashes` still pinned.
	fn release(&mut self, hashes: impl IntoIterator<Item = Hash>, now: Instant) {
		for hash in hashes {
			if let Some(since @ None) = self.0.get_mut(&hash) {
				*since = Some(now);
			}
		}
	}

	/// Whether a released block has stayed pinned longer than [`MAX_PINNED_DURATION`].
	fn stale(&self, now: Instant) -> bool {
		self.0.values().flatten().any(|since| now.duration_since(*since) > MAX_PINNED_DURATION)
	}

	/// Unpin all of `hashes`, or none if one of them is not pinned.
	fn unpin(&mut self, hashes: &[Hash]) -> bool {
		if !hashes.iter().all(|h| self.0.contains_key(h)) {
			return false;
		}
		for h in hashes {
			self.0.remove(h);
		}
		true
	}
}

/// One operation in progress.
#[derive(Default)]
struct Operation {
	stopped: AtomicBool,
	/// Set when `operationWaitingForContinue` is queued, cleared by `chainHead_v1_continue`.
	waiting: AtomicBool,
	wake: Notify,
}

impl Operation {
	fn stop(&self) {
		self.stopped.store(true, Ordering::SeqCst);
		self.wake.notify_one();
	}

	/// Wait for `chainHead_v1_continue`; `false` when stopped instead.
	async fn continued(&self) -> bool {
		loop {
			if self.stopped.load(Ordering::SeqCst) {
				return false;
			}
			if !self.waiting.load(Ordering::SeqCst) {
				return true;
			}
			self.wake.notified().await;
		}
	}
}

#[derive(Default)]
struct Operations {
	running: HashMap<String, Arc<Operation>>,
	/// Slots taken by the running operations.
	slots: usize,
}

/// One `chainHead_v1_follow` subscription, as the other methods see it.
struct Follow {
	connection: usize,
	with_runtime: bool,
	pins: Mutex<Pins>,
	queue: Queue,
	operations: Mutex<Operations>,
	next_operation: AtomicU64,
}

impl Follow {
	fn new(connection: usize, with_runtime: bool) -> Self {
		Follow {
			connection,
			with_runtime,
			pins: Default::default(),
			queue: Queue::new(MAX_QUEUED_EVENTS, MAX_QUEUED_BYTES),
			operations: Default::default(),
			next_operation: AtomicU64::new(0),
		}
	}

	/// Start an operation wanting `wanted` slots; it gets as many as are free, `None` if none
	/// is. Its slots are freed when the guard drops.
	fn start_operation(self: &Arc<Self>, wanted: usize) -> Option<(OperationGuard, usize)> {
		let mut operations = self.operations.lock();
		let granted = wanted.min(MAX_OPERATIONS.saturating_sub(operations.slots));
		if granted == 0 {
			return None;
		}
		let id = self.next_operation.fetch_add(1, Ordering::Relaxed).to_string();
		let operation = Arc::new(Operation::default());
		operations.running.insert(id.clone(), operation.clone());
		operations.slots += granted;
		Some((OperationGuard { follow: self.clone(), id, operation, slots: granted }, granted))
	}

	fn operation(&self, id: &str) -> Option<Arc<Operation>> {
		self.operations.lock().running.get(id).cloned()
	}

	/// The subscription ended: free its queue and stop its operations.
	fn close(&self) {
		self.queue.close();
		for operation in self.operations.lock().running.values() {
			operation.stop();
		}
	}
}

/// An operation's hold on its subscription's slots.
struct OperationGuard {
	follow: Arc<Follow>,
	id: String,
	operation: Arc<Operation>,
	slots: usize,
}

impl OperationGuard {
	fn stopped(&self) -> bool {
		self.operation.stopped.load(Ordering::SeqCst)
	}

	/// Queue one of this operation's events; `false` when the operation or its subscription
	/// is over.
	fn send(&self, event: Value) -> bool {
		!self.stopped() && self.follow.queue.push(&event)
	}

	fn event(&self, name: &str) -> Value {
		json!({ "event": name, "operationId": self.id })
	}

	/// Queue an `operationStorageItems` event of `items` (none when empty); `false` when the
	/// event could not be queued because the operation or its subscription is over.
	fn send_items(&self, items: Vec<Value>) -> bool {
		if items.is_empty() {
			return true;
		}
		let mut event = self.event("operationStorageItems");
		event["items"] = items.into();
		self.send(event)
	}

	fn error(&self, error: impl ToString) -> Value {
		json!({ "event": "operationError", "operationId": self.id, "error": error.to_string() })
	}
}

impl Drop for OperationGuard {
	fn drop(&mut self) {
		let mut operations = self.follow.operations.lock();
		operations.running.remove(&self.id);
		operations.slots -= self.slots;
	}
}

/// Live follow subscriptions by id, and how many each connection holds.
#[derive(Default)]
pub struct Follows(Mutex<FollowsState>);

#[derive(Default)]
struct FollowsState {
	by_id: HashMap<String, Arc<Follow>>,
	per_connection: HashMap<usize, usize>,
}

impl Follows {
	/// Subscription `id`, if it was opened on `connection`.
	fn get(&self, id: &str, connection: usize) -> Option<Arc<Follow>> {
		self.0.lock().by_id.get(id).filter(|f| f.connection == connection).cloned()
	}

	/// Take one of `connection`'s follow slots, `None` when it has none left.
	fn reserve(ctx: &Arc<RpcContext>, connection: usize) -> Option<FollowSlot> {
		let mut state = ctx.follows.0.lock();
		let count = state.per_connection.entry(connection).or_default();
		if *count >= MAX_FOLLOWS_PER_CONNECTION {
			return None;
		}
		*count += 1;
		Some(FollowSlot { ctx: ctx.clone(), connection, registered: None })
	}
}

/// A connection's follow slot, and the subscription in it once registered; dropping it ends
/// the subscription.
struct FollowSlot {
	ctx: Arc<RpcContext>,
	connection: usize,
	registered: Option<(String, Arc<Follow>)>,
}

impl FollowSlot {
	fn register(&mut self, id: String, follow: Arc<Follow>) {
		self.ctx.follows.0.lock().by_id.insert(id.clone(), follow.clone());
		self.registered = Some((id, follow));
	}
}

impl Drop for FollowSlot {
	fn drop(&mut self) {
		let mut state = self.ctx.follows.0.lock();
		if let Some(count) = state.per_connection.get_mut(&self.connection) {
			*count -= 1;
			if *count == 0 {
				state.per_connection.remove(&self.connection);
			}
		}
		if let Some((id, follow)) = self.registered.take() {
			state.by_id.remove(&id);
			drop(state);
			follow.close();
		}
	}
}

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

fn invalid_block() -> ErrorObjectOwned {
	error(-32801, "Invalid block hash: not reported by this subscription, or unpinned")
}

/// The connection a method call came on.
fn connection(extensions: &Extensions) -> usize {
	// jsonrpsee sets it on every call; without it the call matches no subscription.
	extensions.get::<ConnectionId>().map_or(usize::MAX, |c| c.0)
}

/// The `spec` of a runtime, or an `invalid` runtime.
fn runtime_json(client: &dyn ChainApi, at: Hash) -> Value {
	match client.runtime_version(at) {
		Ok(v) => {
			let apis: serde_json::Map<String, Value> =
				v.apis.iter().map(|(id, version)| (hex0x(id), json!(version))).collect();
			json!({ "type": "valid", "spec": {
				"specName": v.spec_name, "implName": v.impl_name, "specVersion": v.spec_version,
				"implVersion": v.impl_version, "transactionVersion": v.transaction_version, "apis": apis,
			}})
		},
		Err(e) => json!({ "type": "invalid", "error": e.to_string() }),
	}
}

fn code_hash(client: &dyn ChainApi, at: Hash) -> Option<Hash> {
	client.state_at(at).ok()?.storage_hash(sp_core::storage::well_known_keys::CODE).ok()?
}

/// What a subscription has reported of the chain. Its methods read the database: they run on
/// the blocking pool.
struct Tracker {
	ctx: Arc<RpcContext>,
	follow: Arc<Follow>,
	/// Blocks reported and not yet finalized or pruned, with their numbers.
	unfinalized: HashMap<Hash, BlockNumber>,
	finalized_hash: Hash,
	finalized_number: BlockNumber,
}

impl Tracker {
	fn reported(&self, hash: &Hash) -> bool {
		*hash == self.finalized_hash || self.unfinalized.contains_key(hash)
	}

	fn pin(&self, hash: Hash) -> Result<(), StopReason> {
		if self.follow.pins.lock().pin(hash) {
			Ok(())
		} else {
			Err(StopReason::Pins("more than 512 pinned blocks"))
		}
	}

	/// `newBlock` events for `hash` and any unreported ancestors, oldest first.
	fn new_blocks(&mut self, hash: Hash) -> Result<Vec<Value>, StopReason> {
		let client = self.ctx.client.clone();
		let chain_error = |e: sci_client_api::ClientError| StopReason::Chain(e.to_string());
		let mut chain = Vec::new();
		let mut cursor = hash;
		while !self.reported(&cursor) {
			let header = client.expect_header(cursor).map_err(chain_error)?;
			if header.number <= self.finalized_number {
				return Err(StopReason::Chain(
					"block does not descend from the reported finalized block".into(),
				));
			}
			if chain.len() >= MAX_PINNED_BLOCKS {
				return Err(StopReason::Pins("more than 512 blocks to report"));
			}
			chain.push((cursor, header.parent_hash, header.number));
			cursor = header.parent_hash;
		}
		let mut events = Vec::new();
		for (hash, parent, number) in chain.into_iter().rev() {
			let new_runtime = if self.follow.with_runtime
				&& code_hash(&*client, hash) != code_hash(&*client, parent)
			{
				runtime_json(&*client, hash)
			} else {
				Value::Null
			};
			self.unfinalized.insert(hash, number);
			self.pin(hash)?;
			let mut event =
				json!({ "event": "newBlock", "blockHash": hash, "parentBlockHash": parent });
			// The spec: `newRuntime` is absent without `withRuntime`.
			if self.follow.with_runtime {
				event["newRuntime"] = new_runtime;
			}
			events.push(event);
		}
		Ok(events)
	}

	/// The events for an imported block: its `newBlock` (and unreported ancestors'), and
	/// `bestBlockChanged` when it is the new best.
	fn imported(
		&mut self,
		hash: Hash,
		number: BlockNumber,
		best: bool,
	) -> Result<Vec<Value>, StopReason> {
		// Reported already, or finalized or pruned before its import was seen.
		if self.reported(&hash) || number <= self.finalized_number {
			return Ok(Vec::new());
		}
		let mut events = self.new_blocks(hash)?;
		if best {
			events.push(json!({ "event": "bestBlockChanged", "bestBlockHash": hash }));
		}
		Ok(events)
	}

	/// The events for a newly finalized block: `newBlock`s it needs, then `finalized`.
	fn finalized(&mut self, hash: Hash, number: BlockNumber) -> Result<Vec<Value>, StopReason> {
		if number <= self.finalized_number {
			return Ok(Vec::new());
		}
		let mut events = self.new_blocks(hash)?;
		let mut finalized = Vec::new();
		let mut cursor = hash;
		while finalized.len() < (number - self.finalized_number) as usize {
			finalized.push(cursor);
			cursor = self
				.ctx
				.client
				.expect_header(cursor)
				.map_err(|e| StopReason::Chain(e.to_string()))?
				.parent_hash;
		}
		finalized.reverse();
		for h in &finalized {
			self.unfinalized.remove(h);
		}
		let pruned: Vec<Hash> =
			self.unfinalized.iter().filter(|(_, n)| **n <= number).map(|(h, _)| *h).collect();
		for h in &pruned {
			self.unfinalized.remove(h);
		}
		// Blocks the client no longer needs: the clock of MAX_PINNED_DURATION starts.
		let behind = std::iter::once(self.finalized_hash)
			.chain(finalized[..finalized.len() - 1].iter().copied())
			.chain(pruned.iter().copied());
		self.follow.pins.lock().release(behind, Instant::now());
		self.finalized_hash = hash;
		self.finalized_number = number;
		events.push(
			json!({ "event": "finalized", "finalizedBlockHashes": finalized, "prunedBlockHashes": pruned }),
		);
		Ok(events)
	}

	/// The first events: `initialized`, the best chain's `newBlock`s, `bestBlockChanged`.
	fn start(&mut self) -> Result<Vec<Value>, StopReason> {
		let info = self.ctx.client.info();
		self.finalized_hash = info.finalized_hash;
		self.finalized_number = info.finalized_number;
		self.pin(info.finalized_hash)?;
		let mut initialized =
			json!({ "event": "initialized", "finalizedBlockHashes": [info.finalized_hash] });
		if self.follow.with_runtime {
			initialized["finalizedBlockRuntime"] =
				runtime_json(&*self.ctx.client, info.finalized_hash);
		}
		let mut events = vec![initialized];
		events.extend(self.new_blocks(info.best_hash)?);
		events.push(json!({ "event": "bestBlockChanged", "bestBlockHash": info.best_hash }));
		Ok(events)
	}
}

/// What a subscription does with a block notification, on the blocking pool.
type Step = Box<dyn FnOnce(&mut Tracker) -> Result<Vec<Value>, StopReason> + Send>;

/// Run a tracker step on the blocking pool.
async fn track<F>(tracker: Tracker, step: F) -> (Option<Tracker>, Result<Vec<Value>, StopReason>)
where
	F: FnOnce(&mut Tracker) -> Result<Vec<Value>, StopReason> + Send + 'static,
{
	let ctx = tracker.ctx.clone();
	match run_blocking(&ctx, move || {
		let mut tracker = tracker;
		let result = step(&mut tracker);
		(tracker, result)
	})
	.await
	{
		Ok((tracker, result)) => (Some(tracker), result),
		Err(e) => (None, Err(StopReason::Chain(format!("task failed: {e}")))),
	}
}

/// Hand the queued events to the connection while its send buffer is not backed up with
/// this subscription's events. `unsent` counts the bytes handed since the buffer was last
/// seen empty.
async fn flush(
	sink: &SubscriptionSink,
	follow: &Follow,
	unsent: &mut usize,
) -> Result<(), Option<StopReason>> {
	loop {
		if sink.capacity() == sink.max_capacity() {
			*unsent = 0;
		}
		if *unsent >= MAX_UNSENT_BYTES {
			return Ok(());
		}
		match follow.queue.pop() {
			Popped::Event(json) => {
				*unsent += json.len();
				let raw = serde_json::value::RawValue::from_string(json)
					.map_err(|e| Some(StopReason::Chain(e.to_string())))?;
				let message = SubscriptionMessage::from_json(&raw)
					.map_err(|e| Some(StopReason::Chain(e.to_string())))?;
				// The connection is gone: nothing to report.
				sink.send(message).await.map_err(|_| None)?;
			},
			Popped::Empty => return Ok(()),
			Popped::Overflowed => return Err(Some(StopReason::Overflow)),
		}
	}
}

/// Queue `events`, failing when the queue overflows.
fn queue_all(follow: &Follow, events: Vec<Value>) -> Result<(), StopReason> {
	for event in events {
		if !follow.queue.push(&event) {
			return Err(StopReason::Overflow);
		}
	}
	Ok(())
}

async fn follow(
	params: Params<'static>,
	pending: PendingSubscriptionSink,
	ctx: Arc<RpcContext>,
) -> SubscriptionResult {
	let with_runtime: bool = Args::new(&params).required()?;
	let connection = pending.connection_id().0;
	let Some(mut slot) = Follows::reserve(&ctx, connection) else {
		pending
			.reject(error(-32800, "Maximum number of chainHead_v1_follow has been reached"))
			.await;
		return Ok(());
	};
	let mut imported = ctx.client.import_notifications();
	let mut finalized = ctx.client.finality_notifications();
	let sink = pending.accept().await?;
	let id = match sink.subscription_id() {
		jsonrpsee::types::SubscriptionId::Str(s) => s.to_string(),
		jsonrpsee::types::SubscriptionId::Num(n) => n.to_string(),
	};
	let follow = Arc::new(Follow::new(connection, with_runtime));
	slot.register(id.clone(), follow.clone());

	let tracker = Tracker {
		ctx: ctx.clone(),
		follow: follow.clone(),
		unfinalized: HashMap::new(),
		finalized_hash: Hash::zero(),
		finalized_number: 0,
	};
	let mut unsent = 0;
	let mut pin_check = tokio::time::interval(PIN_CHECK_INTERVAL);
	let result: Result<(), Option<StopReason>> = async {
		let (mut tracker, events) = track(tracker, Tracker::start).await;
		queue_all(&follow, events.map_err(Some)?).map_err(Some)?;
		loop {
			flush(&sink, &follow, &mut unsent).await?;
			let backed_up = unsent >= MAX_UNSENT_BYTES;
			let step: Step = tokio::select! {
				_ = sink.closed() => return Err(None),
				_ = follow.queue.ready.notified() => continue,
				_ = tokio::time::sleep(BACKED_UP_RETRY), if backed_up => continue,
				_ = pin_check.tick() => {
					if follow.pins.lock().stale(Instant::now()) {
						return Err(Some(StopReason::Pins("a finalized or pruned block stayed pinned over 60 s")));
					}
					continue;
				},
				n = imported.recv() => match n {
					Ok(n) => Box::new(move |t: &mut Tracker| t.imported(n.hash, n.header.number, n.is_new_best)),
					Err(RecvError::Lagged(_)) => return Err(Some(StopReason::Chain("fell behind the chain".into()))),
					Err(RecvError::Closed) => return Err(None),
				},
				n = finalized.recv() => match n {
					Ok(n) => Box::new(move |t: &mut Tracker| t.finalized(n.hash, n.header.number)),
					Err(RecvError::Lagged(_)) => return Err(Some(StopReason::Chain("fell behind the chain".into()))),
					Err(RecvError::Closed) => return Err(None),
				},
			};
			let Some(current) = tracker.take() else { return Err(None) };
			let (next, events) = track(current, step).await;
			tracker = next;
			queue_all(&follow, events.map_err(Some)?).map_err(Some)?;
		}
	}
	.await;
	// Free the queue and stop the operations before telling the client.
	drop(slot);
	if let Err(Some(reason)) = result {
		log::debug!(target: "rpc", "chainHead_v1_follow {id} stopped: {reason:?}");
		let stop = SubscriptionMessage::from_json(&json!({ "event": "stop" }))?;
		// A client that does not read may leave no room for it: do not wait long.
		let _ = sink.send_timeout(stop, Duration::from_secs(1)).await;
	}
	Ok(())
}

/// The follow subscription and pinned block an operation names (parameters 0 and 1), `None`
/// when the subscription is gone or belongs to another connection.
fn operation_target(
	ctx: &RpcContext,
	args: &mut Args<'_>,
	extensions: &Extensions,
) -> Result<Option<(Arc<Follow>, Hash)>, ErrorObjectOwned> {
	let id: Text<MAX_ID_BYTES> = args.required()?;
	let hash: Hash = args.required()?;
	let Some(follow) = ctx.follows.get(&id.0, connection(extensions)) else { return Ok(None) };
	if !follow.pins.lock().0.contains_key(&hash) {
		return Err(invalid_block());
	}
	Ok(Some((follow, hash)))
}

fn limit_reached() -> ResponsePayload<'static, Value> {
	ResponsePayload::success(json!({ "result": "limitReached" }))
}

/// Answer `started` now and run `work` once the answer is out (not at all if it never is).
fn started<F, Fut>(
	ctx: Arc<RpcContext>,
	operation: OperationGuard,
	discarded: Option<usize>,
	work: F,
) -> ResponsePayload<'static, Value>
where
	F: FnOnce(Arc<RpcContext>, OperationGuard) -> Fut + Send + 'static,
	Fut: Future<Output = ()> + Send + 'static,
{
	let mut response = json!({ "result": "started", "operationId": operation.id });
	if let Some(discarded) = discarded {
		response["discardedItems"] = discarded.into();
	}
	let (payload, sent) = ResponsePayload::success(response).notify_on_completion();
	tokio::spawn(async move {
		if sent.await.is_ok() {
			work(ctx, operation).await;
		}
	});
	payload
}

type Started = Result<ResponsePayload<'static, Value>, ErrorObjectOwned>;

fn body(ctx: &Arc<RpcContext>, params: &Params<'_>, extensions: &Extensions) -> Started {
	let mut args = Args::new(params);
	let Some((follow, hash)) = operation_target(ctx, &mut args, extensions)? else {
		return Ok(limit_reached());
	};
	let Some((operation, _)) = follow.start_operation(1) else { return Ok(limit_reached()) };
	Ok(started(ctx.clone(), operation, None, move |ctx, operation| async move {
		let id = operation.id.clone();
		let client = ctx.client.clone();
		let event = run_blocking(&ctx, move || match client.body(hash) {
			Ok(Some(body)) => {
				let value: Vec<String> = body.iter().map(|x| hex0x(&x.encode())).collect();
				json!({ "event": "operationBodyDone", "operationId": id, "value": value })
			},
			Ok(None) => json!({ "event": "operationInaccessible", "operationId": id }),
			Err(e) => {
				json!({ "event": "operationError", "operationId": id, "error": e.to_string() })
			},
		})
		.await;
		operation.send(event.unwrap_or_else(|e| operation.error(e)));
	}))
}

fn call(ctx: &Arc<RpcContext>, params: &Params<'_>, extensions: &Extensions) -> Started {
	let mut args = Args::new(params);
	let target = operation_target(ctx, &mut args, extensions)?;
	let function: Text<256> = args.required()?;
	let parameters: AnyHex = args.required()?;
	let Some((follow, hash)) = target else { return Ok(limit_reached()) };
	if !follow.with_runtime {
		return Err(error(
			-32802,
			"chainHead_v1_call needs a follow subscription with withRuntime: true",
		));
	}
	let Some((operation, _)) = follow.start_operation(1) else { return Ok(limit_reached()) };
	Ok(started(ctx.clone(), operation, None, move |ctx, operation| async move {
		let id = operation.id.clone();
		let client = ctx.client.clone();
		let event =
			run_blocking(&ctx, move || match client.call_at(hash, &function.0, &parameters.0) {
				Ok(output) => {
					json!({ "event": "operationCallDone", "operationId": id, "output": hex0x(&output) })
				},
				Err(e) => {
					json!({ "event": "operationError", "operationId": id, "error": e.to_string() })
				},
			})
			.await;
		operation.send(event.unwrap_or_else(|e| operation.error(e)));
	}))
}

/// The kinds of storage query.
#[derive(serde::Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "camelCase")]
enum QueryKind {
	Value,
	Hash,
	ClosestDescendantMerkleValue,
	DescendantsValues,
	DescendantsHashes,
}

#[derive(serde::Deserialize)]
struct StorageQuery {
	key: Hex<MAX_KEY_BYTES>,
	#[serde(rename = "type")]
	kind: QueryKind,
}

/// A `descendants*` query in progress: the next page starts after `after`.
#[derive(Debug)]
struct Walk {
	prefix: Vec<u8>,
	hashes: bool,
	after: Option<Vec<u8>>,
}

fn hash_of(value: &[u8]) -> String {
	hex0x(&sp_crypto_hashing::blake2_256(value))
}

/// The item a `value`, `hash` or `closestDescendantMerkleValue` query yields, if any, with
/// the length of its value's hex.
fn single_item<B: Backend<Hashing>>(
	state: &B,
	key: &[u8],
	kind: QueryKind,
) -> Result<Option<(Value, usize)>, String> {
	let item = |field: &str, v: String| (v.len(), json!({ "key": hex0x(key), field: v }));
	let found = match kind {
		QueryKind::Value => {
			state.storage(key).map_err(|e| e.to_string())?.map(|v| item("value", hex0x(&v)))
		},
		QueryKind::Hash => {
			state.storage(key).map_err(|e| e.to_string())?.map(|v| item("hash", hash_of(&v)))
		},
		QueryKind::ClosestDescendantMerkleValue => {
			state.closest_merkle_value(key).map_err(|e| e.to_string())?.map(|m| {
				let bytes = match m {
					sp_trie::MerkleValue::Node(node) => node,
					sp_trie::MerkleValue::Hash(hash) => hash.as_bytes().to_vec(),
				};
				item("closestDescendantMerkleValue", hex0x(&bytes))
			})
		},
		QueryKind::DescendantsValues | QueryKind::DescendantsHashes => None,
	};
	Ok(found.map(|(size, item)| (item, size)))
}

/// The next page of `walk`: at most `per_page` items, and whether more follow (`walk.after`
/// then names the page's last key). Reads only the keys of the page and one more.
fn walk_page<B: Backend<Hashing>>(
	state: &B,
	walk: &mut Walk,
	per_page: usize,
) -> Result<(Vec<Value>, bool), String> {
	let mut args = IterArgs::default();
	args.prefix = Some(&walk.prefix);
	args.start_at = walk.after.as_deref();
	args.start_at_exclusive = true;
	let mut keys = state.keys(args).map_err(|e| e.to_string())?;
	let mut items = Vec::new();
	let mut bytes = 0;
	let mut last = None;
	while items.len() < per_page && bytes < MAX_EVENT_BYTES {
		let Some(key) = keys.next() else { break };
		let key = key.map_err(|e| e.to_string())?;
		if let Some(value) = state.storage(&key).map_err(|e| e.to_string())? {
			let (field, v) =
				if walk.hashes { ("hash", hash_of(&value)) } else { ("value", hex0x(&value)) };
			bytes += v.len();
			items.push(json!({ "key": hex0x(&key), field: v }));
		}
		last = Some(key);
	}
	let more = last.is_some() && keys.next().is_some();
	if more {
		walk.after = last;
	}
	Ok((items, more))
}

async fn run_storage(
	ctx: Arc<RpcContext>,
	operation: OperationGuard,
	hash: Hash,
	queries: Vec<StorageQuery>,
) {
	let mut singles = Vec::new();
	let mut walks = VecDeque::new();
	for q in queries {
		match q.kind {
			QueryKind::DescendantsValues | QueryKind::DescendantsHashes => walks.push_back(Walk {
				prefix: q.key.0,
				hashes: q.kind == QueryKind::DescendantsHashes,
				after: None,
			}),
			kind => singles.push((q.key.0, kind)),
		}
	}
	// One event's worth of items at a time, so big values are never all in memory at once.
	let singles = Arc::new(singles);
	let mut next = 0;
	while next < singles.len() {
		if operation.stopped() {
			return;
		}
		let (client, queries) = (ctx.client.clone(), singles.clone());
		let read = run_blocking(&ctx, move || {
			let state = client.state_at(hash).map_err(|e| e.to_string())?;
			let (mut items, mut bytes) = (Vec::new(), 0);
			while next < queries.len() && items.len() < STORAGE_ITEMS_PER_EVENT {
				let (key, kind) = &queries[next];
				if let Some((item, size)) = single_item(&state, key, *kind)? {
					// A big value goes in an event of its own.
					if !items.is_empty() && bytes + size > MAX_EVENT_BYTES {
						break;
					}
					bytes += size;
					items.push(item);
				}
				next += 1;
			}
			Ok::<_, String>((items, next))
		})
		.await
		.map_err(|e| e.to_string())
		.and_then(|r| r);
		let items = match read {
			Ok((items, read_up_to)) => {
				next = read_up_to;
				items
			},
			Err(e) => {
				operation.send(operation.error(e));
				return;
			},
		};
		if !operation.send_items(items) {
			return;
		}
	}
	while let Some(walk) = walks.pop_front() {
		if operation.stopped() {
			return;
		}
		let client = ctx.client.clone();
		let page = run_blocking(&ctx, move || {
			let mut walk = walk;
			let page = client
				.state_at(hash)
				.map_err(|e| e.to_string())
				.and_then(|state| walk_page(&state, &mut walk, STORAGE_ITEMS_PER_EVENT));
			(walk, page)
		})
		.await;
		let (walk, (items, more)) = match page {
			Ok((walk, Ok(page))) => (walk, page),
			Ok((_, Err(e))) => {
				operation.send(operation.error(e));
				return;
			},
			Err(e) => {
				operation.send(operation.error(e));
				return;
			},
		};
		if !operation.send_items(items) {
			return;
		}
		if more {
			operation.operation.waiting.store(true, Ordering::SeqCst);
			if !operation.send(operation.event("operationWaitingForContinue"))
				|| !operation.operation.continued().await
			{
				return;
			}
			walks.push_back(walk);
		}
	}
	operation.send(operation.event("operationStorageDone"));
}

fn storage(ctx: &Arc<RpcContext>, params: &Params<'_>, extensions: &Extensions) -> Started {
	let mut args = Args::new(params);
	let target = operation_target(ctx, &mut args, extensions)?;
	// Only as many items as an operation can take are parsed; the rest are counted.
	let queries: Prefix<StorageQuery, MAX_OPERATIONS> = args.required()?;
	if args.optional::<serde::de::IgnoredAny>()?.is_some() {
		return Err(invalid_params("child trie queries are not supported yet"));
	}
	let Some((follow, hash)) = target else { return Ok(limit_reached()) };
	let Some((operation, granted)) = follow.start_operation(queries.items.len().max(1)) else {
		return Ok(limit_reached());
	};
	let mut items = queries.items;
	items.truncate(granted);
	let discarded = queries.total - items.len();
	Ok(started(ctx.clone(), operation, Some(discarded), move |ctx, operation| {
		run_storage(ctx, operation, hash, items)
	}))
}

pub(crate) fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	module.register_subscription(
		"chainHead_v1_follow",
		"chainHead_v1_followEvent",
		"chainHead_v1_unfollow",
		|params, pending, ctx, _| follow(params, pending, ctx),
	)?;
	register_blocking(
		module,
		"chainHead_v1_header",
		|params, ctx, extensions| -> Result<Option<String>, ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let Some((_, hash)) = operation_target(&ctx, &mut args, &extensions)? else {
				return Ok(None);
			};
			let header = ctx.client.header(hash).map_err(|e| error(-32603, e.to_string()))?;
			Ok(header.map(|h| hex0x(&h.encode())))
		},
	)?;
	// These only check their parameters and reserve slots: the work runs in a task.
	type Start = fn(&Arc<RpcContext>, &Params<'_>, &Extensions) -> Started;
	for (name, start) in [
		("chainHead_v1_body", body as Start),
		("chainHead_v1_call", call),
		("chainHead_v1_storage", storage),
	] {
		module.register_async_method(name, move |params, ctx, extensions| async move {
			start(&ctx, &params, &extensions).unwrap_or_else(ResponsePayload::error)
		})?;
	}
	module.register_method(
		"chainHead_v1_unpin",
		|params, ctx, extensions| -> Result<(), ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let id: Text<MAX_ID_BYTES> = args.required()?;
			let hashes = if args.next_is_list() {
				args.required::<List<Hash, MAX_LIST>>()?.0
			} else {
				vec![args.required::<Hash>()?]
			};
			if hashes.iter().collect::<HashSet<_>>().len() != hashes.len() {
				return Err(error(-32804, "Duplicate hashes"));
			}
			let Some(follow) = ctx.follows.get(&id.0, connection(extensions)) else {
				return Ok(());
			};
			if !follow.pins.lock().unpin(&hashes) {
				return Err(invalid_block());
			}
			Ok(())
		},
	)?;
	module.register_method(
		"chainHead_v1_continue",
		|params, ctx, extensions| -> Result<(), ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let id: Text<MAX_ID_BYTES> = args.required()?;
			let operation_id: Text<MAX_ID_BYTES> = args.required()?;
			let Some(follow) = ctx.follows.get(&id.0, connection(extensions)) else {
				return Ok(());
			};
			let Some(operation) = follow.operation(&operation_id.0) else { return Ok(()) };
			if !operation.waiting.swap(false, Ordering::SeqCst) {
				return Err(error(
					-32803,
					"Invalid operation id: the operation is not waiting to continue",
				));
			}
			operation.wake.notify_one();
			Ok(())
		},
	)?;
	module.register_method(
		"chainHead_v1_stopOperation",
		|params, ctx, extensions| -> Result<(), ErrorObjectOwned> {
			let mut args = Args::new(&params);
			let id: Text<MAX_ID_BYTES> = args.required()?;
			let operation_id: Text<MAX_ID_BYTES> = args.required()?;
			if let Some(operation) = ctx
				.follows
				.get(&id.0, connection(extensions))
				.and_then(|follow| follow.operation(&operation_id.0))
			{
				operation.stop();
			}
			Ok(())
		},
	)?;
	module.register_method(
		"chainSpec_v1_chainName",
		|_, ctx, _| -> Result<String, ErrorObjectOwned> { Ok(ctx.client.spec().name.clone()) },
	)?;
	module.register_method(
		"chainSpec_v1_genesisHash",
		|_, ctx, _| -> Result<Hash, ErrorObjectOwned> { Ok(ctx.client.info().genesis_hash) },
	)?;
	module
		.register_method("chainSpec_v1_properties", |_, ctx, _| -> Result<_, ErrorObjectOwned> {
			Ok(ctx.client.spec().properties())
		})?;
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_core::storage::{StateVersion, Storage};

	fn event(n: usize, bytes: usize) -> Value {
		json!({ "n": n, "pad": "x".repeat(bytes) })
	}

	#[test]
	fn queue_overflows_by_count_and_bytes_and_frees_its_events() {
		let queue = Queue::new(3, 1000);
		for n in 0..3 {
			assert!(queue.push(&event(n, 10)));
		}
		assert!(!queue.push(&event(3, 10)), "a fourth event overflows");
		assert_eq!(queue.pop(), Popped::Overflowed);
		assert!(queue.state.lock().events.is_empty(), "the queued events are freed");
		assert!(!queue.push(&event(4, 10)), "an overflowed queue takes nothing more");

		let queue = Queue::new(100, 1000);
		assert!(queue.push(&event(0, 5000)), "one event is always taken, however big");
		assert!(!queue.push(&event(1, 10)), "but nothing after it until it is read");
		let queue = Queue::new(100, 1000);
		assert!(queue.push(&event(0, 400)));
		assert!(matches!(queue.pop(), Popped::Event(_)));
		assert_eq!(queue.pop(), Popped::Empty);
		assert!(queue.push(&event(1, 400)) && queue.push(&event(2, 400)), "reading frees room");
		queue.close();
		assert!(!queue.push(&event(3, 1)));
	}

	#[test]
	fn pins_count_and_age() {
		let mut pins = Pins::default();
		for n in 0..MAX_PINNED_BLOCKS as u64 {
			assert!(pins.pin(Hash::from_low_u64_be(n)));
		}
		assert!(pins.pin(Hash::from_low_u64_be(0)), "pinning again adds nothing");
		assert!(!pins.pin(Hash::from_low_u64_be(u64::MAX)), "one over the limit");

		let (a, b) = (Hash::from_low_u64_be(1), Hash::from_low_u64_be(2));
		let mut pins = Pins::default();
		pins.pin(a);
		pins.pin(b);
		let start = Instant::now();
		assert!(!pins.stale(start + MAX_PINNED_DURATION * 10), "unfinalized blocks never age");
		pins.release([a], start);
		assert!(!pins.stale(start + MAX_PINNED_DURATION));
		assert!(pins.stale(start + MAX_PINNED_DURATION + Duration::from_secs(1)));
		assert!(!pins.unpin(&[a, Hash::zero()]), "all or nothing");
		assert!(pins.unpin(&[a]));
		assert!(!pins.stale(start + MAX_PINNED_DURATION * 10), "unpinned in time");
	}

	#[test]
	fn operations_take_at_most_sixteen_slots() {
		let follow = Arc::new(Follow::new(1, false));
		let (storage, granted) = follow.start_operation(10).unwrap();
		assert_eq!(granted, 10);
		let (_wide, granted) = follow.start_operation(20).unwrap();
		assert_eq!(granted, 6, "only the free slots");
		assert!(follow.start_operation(1).is_none(), "the 17th operation");
		drop(storage);
		assert_eq!(follow.start_operation(1).unwrap().1, 1, "a finished operation frees its slots");
	}

	#[tokio::test]
	async fn continue_and_stop_wake_a_waiting_operation() {
		let operation = Arc::new(Operation::default());
		operation.waiting.store(true, Ordering::SeqCst);
		let waiter = tokio::spawn({
			let operation = operation.clone();
			async move { operation.continued().await }
		});
		tokio::task::yield_now().await;
		assert!(operation.waiting.swap(false, Ordering::SeqCst));
		operation.wake.notify_one();
		assert!(waiter.await.unwrap(), "continued");
		operation.waiting.store(true, Ordering::SeqCst);
		operation.stop();
		assert!(!operation.continued().await, "stopped");
	}

	#[test]
	fn a_page_holds_at_most_a_mebibyte_unless_one_value_is_bigger() {
		let mut storage = Storage::default();
		for n in 0u8..4 {
			storage.top.insert(vec![n], vec![n; MAX_EVENT_BYTES / 3]);
		}
		storage.top.insert(vec![9], vec![9; MAX_EVENT_BYTES]);
		let state = sp_state_machine::InMemoryBackend::<Hashing>::from((storage, StateVersion::V1));
		let mut walk = Walk { prefix: vec![], hashes: false, after: None };
		let mut pages = Vec::new();
		loop {
			let (items, more) = walk_page(&state, &mut walk, 5).unwrap();
			pages.push(items.len());
			if !more {
				break;
			}
		}
		// Hex doubles the size: two thirds of a MiB each, so a page ends after two.
		assert_eq!(pages, vec![2, 2, 1]);
	}

	#[test]
	fn descendants_are_walked_a_page_at_a_time() {
		let mut storage = Storage::default();
		for n in 0u8..12 {
			storage.top.insert(vec![7, n], vec![n; 3]);
		}
		storage.top.insert(vec![8], vec![1]);
		let state = sp_state_machine::InMemoryBackend::<Hashing>::from((storage, StateVersion::V1));
		let mut walk = Walk { prefix: vec![7], hashes: false, after: None };
		let mut pages = Vec::new();
		loop {
			let (items, more) = walk_page(&state, &mut walk, 5).unwrap();
			pages.push(items);
			if !more {
				break;
			}
		}
		assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), vec![5, 5, 2]);
		assert_eq!(pages[1][0], json!({ "key": "0x0705", "value": "0x050505" }));
		// Exactly one page: no `more`, so no waiting for continue.
		let mut walk = Walk { prefix: vec![8], hashes: true, after: None };
		let (items, more) = walk_page(&state, &mut walk, 5).unwrap();
		assert_eq!((items.len(), more), (1, false));
		assert_eq!(items[0]["hash"], hash_of(&[1]));
		let (item, size) = single_item(&state, &[7, 3], QueryKind::Value).unwrap().unwrap();
		assert_eq!((item["value"].as_str(), size), (Some("0x030303"), 8));
		assert!(single_item(&state, &[9], QueryKind::Hash).unwrap().is_none());
	}
}
