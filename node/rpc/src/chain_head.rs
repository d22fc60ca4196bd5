//! The new JSON-RPC spec (paritytech/json-rpc-interface-spec): `chainHead_v1_*` and
//! `chainSpec_v1_*`.
//!
//! A follow subscription reports the finalized block, then every newer block (`newBlock`,
//! `bestBlockChanged`, `finalized`), and pins each reported block for this subscription until
//! the client unpins it. Operations (`body`, `call`, `storage`) return an operation id at once;
//! their results arrive later as events on the follow subscription, strictly after the
//! method's response has been sent.

use super::{arg, bytes_param, hex0x, positional, register_blocking, required, RpcContext};
use codec::Encode;
use jsonrpsee::{
	core::SubscriptionResult,
	types::{ErrorObjectOwned, Params},
	PendingSubscriptionSink, ResponsePayload, RpcModule, SubscriptionMessage,
};
use parking_lot::Mutex;
use sci_client_api::{ChainApi, ChainApiExt};
use sci_primitives::{BlockNumber, Hash};
use serde_json::{json, Value};
use sp_state_machine::{Backend, IterArgs};
use std::{
	collections::{HashMap, HashSet},
	sync::{
		atomic::{AtomicU64, Ordering},
		Arc,
	},
};
use tokio::sync::{broadcast::error::RecvError, mpsc};

/// Most blocks one subscription may keep pinned before it is stopped.
const MAX_PINNED: usize = 4096;
/// Most storage items sent in one `operationStorageItems` event.
const STORAGE_ITEMS_PER_EVENT: usize = 256;
/// Most simultaneous follow subscriptions per node.
const MAX_FOLLOWS: usize = 64;

/// One `chainHead_v1_follow` subscription, as the other methods see it.
struct Follow {
	with_runtime: bool,
	pinned: Mutex<HashSet<Hash>>,
	/// Operation events, forwarded to the client by the subscription's task.
	events: mpsc::UnboundedSender<Value>,
	next_operation: AtomicU64,
	/// Operations stopped by `chainHead_v1_stopOperation`.
	stopped: Mutex<HashSet<String>>,
}

/// Live follow subscriptions by id.
#[derive(Default)]
pub struct Follows(Mutex<HashMap<String, Arc<Follow>>>);

impl Follows {
	fn get(&self, id: &str) -> Option<Arc<Follow>> {
		self.0.lock().get(id).cloned()
	}
}

fn error(code: i32, message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(code, message.into(), None::<()>)
}

fn invalid_block() -> ErrorObjectOwned {
	error(-32801, "Invalid block hash: not reported by this subscription, or unpinned")
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

/// The task behind one follow subscription.
struct Follower {
	ctx: Arc<RpcContext>,
	follow: Arc<Follow>,
	/// Blocks reported and not yet finalized or pruned, with their numbers.
	unfinalized: HashMap<Hash, BlockNumber>,
	reported: HashSet<Hash>,
	finalized_number: BlockNumber,
}

impl Follower {
	fn pin(&mut self, hash: Hash) -> bool {
		let mut pinned = self.follow.pinned.lock();
		pinned.insert(hash);
		pinned.len() <= MAX_PINNED
	}

	/// `newBlock` events for `hash` and any unreported ancestors, oldest first.
	fn new_blocks(&mut self, hash: Hash) -> Result<Vec<Value>, String> {
		let client = self.ctx.client.clone();
		let mut chain = Vec::new();
		let mut cursor = hash;
		while !self.reported.contains(&cursor) {
			let header = client.expect_header(cursor).map_err(|e| e.to_string())?;
			if header.number <= self.finalized_number {
				return Err("block does not descend from the reported finalized block".into());
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
			self.reported.insert(hash);
			self.unfinalized.insert(hash, number);
			if !self.pin(hash) {
				return Err("too many pinned blocks".into());
			}
			events.push(json!({ "event": "newBlock", "blockHash": hash, "parentBlockHash": parent, "newRuntime": new_runtime }));
		}
		Ok(events)
	}

	/// The `finalized` event for a newly finalized block.
	fn finalized(&mut self, hash: Hash, number: BlockNumber) -> Result<Value, String> {
		let client = &self.ctx.client;
		let mut finalized = Vec::new();
		let mut cursor = hash;
		while finalized.len() < (number - self.finalized_number) as usize {
			finalized.push(cursor);
			cursor = client.expect_header(cursor).map_err(|e| e.to_string())?.parent_hash;
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
		self.finalized_number = number;
		Ok(
			json!({ "event": "finalized", "finalizedBlockHashes": finalized, "prunedBlockHashes": pruned }),
		)
	}
}

async fn follow(
	params: Params<'static>,
	pending: PendingSubscriptionSink,
	ctx: Arc<RpcContext>,
) -> SubscriptionResult {
	let with_runtime: bool = required(&positional(&params)?, 0)?;
	if ctx.follows.0.lock().len() >= MAX_FOLLOWS {
		pending
			.reject(error(-32800, "Maximum number of chainHead_v1_follow has been reached"))
			.await;
		return Ok(());
	}
	let mut imported = ctx.client.import_notifications();
	let mut finalized = ctx.client.finality_notifications();
	let sink = pending.accept().await?;
	let id = match sink.subscription_id() {
		jsonrpsee::types::SubscriptionId::Str(s) => s.to_string(),
		jsonrpsee::types::SubscriptionId::Num(n) => n.to_string(),
	};
	let (events, mut operation_events) = mpsc::unbounded_channel();
	let follow = Arc::new(Follow {
		with_runtime,
		pinned: Default::default(),
		events,
		next_operation: AtomicU64::new(0),
		stopped: Default::default(),
	});
	ctx.follows.0.lock().insert(id.clone(), follow.clone());

	let info = ctx.client.info();
	let mut follower = Follower {
		ctx: ctx.clone(),
		follow,
		unfinalized: HashMap::new(),
		reported: HashSet::from([info.finalized_hash]),
		finalized_number: info.finalized_number,
	};
	follower.pin(info.finalized_hash);
	let mut initialized =
		json!({ "event": "initialized", "finalizedBlockHashes": [info.finalized_hash] });
	if with_runtime {
		initialized["finalizedBlockRuntime"] = runtime_json(&*ctx.client, info.finalized_hash);
	}
	let result: Result<(), jsonrpsee::core::StringError> = async {
		sink.send(SubscriptionMessage::from_json(&initialized)?).await?;
		let mut pending_events = follower.new_blocks(info.best_hash)?;
		pending_events
			.push(json!({ "event": "bestBlockChanged", "bestBlockHash": info.best_hash }));
		loop {
			for event in pending_events.drain(..) {
				sink.send(SubscriptionMessage::from_json(&event)?).await?;
			}
			tokio::select! {
				_ = sink.closed() => return Ok(()),
				Some(event) = operation_events.recv() => pending_events.push(event),
				n = imported.recv() => match n {
					Ok(n) => {
						if follower.reported.contains(&n.hash) {
							continue;
						}
						pending_events.extend(follower.new_blocks(n.hash)?);
						if n.is_new_best {
							pending_events.push(json!({ "event": "bestBlockChanged", "bestBlockHash": n.hash }));
						}
					},
					Err(RecvError::Lagged(_)) => return Err("fell behind the chain".to_string().into()),
					Err(RecvError::Closed) => return Ok(()),
				},
				n = finalized.recv() => match n {
					Ok(n) if n.header.number > follower.finalized_number => {
						pending_events.extend(follower.new_blocks(n.hash)?);
						pending_events.push(follower.finalized(n.hash, n.header.number)?);
					},
					Ok(_) => {},
					Err(RecvError::Lagged(_)) => return Err("fell behind the chain".to_string().into()),
					Err(RecvError::Closed) => return Ok(()),
				},
			}
		}
	}
	.await;
	ctx.follows.0.lock().remove(&id);
	if let Err(reason) = &result {
		log::debug!(target: "rpc", "chainHead_v1_follow {id} stopped: {reason:?}");
		let _ = sink.send(SubscriptionMessage::from_json(&json!({ "event": "stop" }))?).await;
	}
	Ok(())
}

/// The follow subscription and pinned block an operation names.
fn operation_target(
	ctx: &RpcContext,
	values: &[Value],
) -> Result<Option<(Arc<Follow>, Hash)>, ErrorObjectOwned> {
	let id: String = required(values, 0)?;
	let hash: Hash = required(values, 1)?;
	let Some(follow) = ctx.follows.get(&id) else { return Ok(None) };
	if !follow.pinned.lock().contains(&hash) {
		return Err(invalid_block());
	}
	Ok(Some((follow, hash)))
}

/// Start an operation: answer `started` now, run `work` once the answer is out, and send the
/// events it returns unless the operation was stopped meanwhile.
fn start_operation(
	follow: Arc<Follow>,
	extra: Value,
	work: impl FnOnce(&str) -> Vec<Value> + Send + 'static,
) -> ResponsePayload<'static, Value> {
	let operation_id = follow.next_operation.fetch_add(1, Ordering::Relaxed).to_string();
	let mut response = json!({ "result": "started", "operationId": operation_id });
	if let (Value::Object(response), Value::Object(extra)) = (&mut response, extra) {
		response.extend(extra);
	}
	let (payload, sent) = ResponsePayload::success(response).notify_on_completion();
	tokio::spawn(async move {
		if sent.await.is_err() {
			return;
		}
		let id = operation_id.clone();
		let follow_ = follow.clone();
		let Ok(events) = tokio::task::spawn_blocking(move || work(&id)).await else { return };
		for event in events {
			if follow_.stopped.lock().remove(&operation_id) {
				return;
			}
			let _ = follow_.events.send(event);
		}
	});
	payload
}

fn limit_reached() -> ResponsePayload<'static, Value> {
	ResponsePayload::success(json!({ "result": "limitReached" }))
}

fn body(
	ctx: Arc<RpcContext>,
	values: &[Value],
) -> Result<ResponsePayload<'static, Value>, ErrorObjectOwned> {
	let Some((follow, hash)) = operation_target(&ctx, values)? else { return Ok(limit_reached()) };
	Ok(start_operation(follow, Value::Null, move |id| {
		vec![match ctx.client.body(hash) {
			Ok(Some(body)) => {
				let value: Vec<String> = body.iter().map(|x| hex0x(&x.encode())).collect();
				json!({ "event": "operationBodyDone", "operationId": id, "value": value })
			},
			Ok(None) => json!({ "event": "operationInaccessible", "operationId": id }),
			Err(e) => {
				json!({ "event": "operationError", "operationId": id, "error": e.to_string() })
			},
		}]
	}))
}

fn call(
	ctx: Arc<RpcContext>,
	values: &[Value],
) -> Result<ResponsePayload<'static, Value>, ErrorObjectOwned> {
	let Some((follow, hash)) = operation_target(&ctx, values)? else { return Ok(limit_reached()) };
	if !follow.with_runtime {
		return Err(error(
			-32802,
			"chainHead_v1_call needs a follow subscription with withRuntime: true",
		));
	}
	let function: String = required(values, 2)?;
	let parameters = bytes_param(&required::<String>(values, 3)?)?;
	Ok(start_operation(follow, Value::Null, move |id| {
		vec![match ctx.client.call_at(hash, &function, &parameters) {
			Ok(output) => {
				json!({ "event": "operationCallDone", "operationId": id, "output": hex0x(&output) })
			},
			Err(e) => {
				json!({ "event": "operationError", "operationId": id, "error": e.to_string() })
			},
		}]
	}))
}

#[derive(serde::Deserialize)]
struct StorageQuery {
	key: String,
	#[serde(rename = "type")]
	kind: String,
}

/// The items one storage query yields.
fn storage_items(
	state: &sci_client_api::StateBackend,
	query: &StorageQuery,
) -> Result<Vec<Value>, String> {
	let key = hex::decode(query.key.trim_start_matches("0x")).map_err(|e| e.to_string())?;
	let value = |k: &[u8]| state.storage(k);
	let item = |k: &[u8], field: &str, v: String| json!({ "key": hex0x(k), field: v });
	let hash_of = |v: &[u8]| hex0x(&sp_crypto_hashing::blake2_256(v));
	Ok(match query.kind.as_str() {
		"value" => value(&key)?.map(|v| item(&key, "value", hex0x(&v))).into_iter().collect(),
		"hash" => value(&key)?.map(|v| item(&key, "hash", hash_of(&v))).into_iter().collect(),
		"closestDescendantMerkleValue" => state
			.closest_merkle_value(&key)?
			.map(|m| {
				let bytes = match m {
					sp_trie::MerkleValue::Node(node) => node,
					sp_trie::MerkleValue::Hash(hash) => hash.as_bytes().to_vec(),
				};
				item(&key, "closestDescendantMerkleValue", hex0x(&bytes))
			})
			.into_iter()
			.collect(),
		kind @ ("descendantsValues" | "descendantsHashes") => {
			let mut args = IterArgs::default();
			args.prefix = Some(&key);
			let mut items = Vec::new();
			for pair in state.pairs(args)? {
				let (k, v) = pair?;
				items.push(if kind == "descendantsValues" {
					item(&k, "value", hex0x(&v))
				} else {
					item(&k, "hash", hash_of(&v))
				});
			}
			items
		},
		other => return Err(format!("unknown storage query type `{other}`")),
	})
}

fn storage(
	ctx: Arc<RpcContext>,
	values: &[Value],
) -> Result<ResponsePayload<'static, Value>, ErrorObjectOwned> {
	let Some((follow, hash)) = operation_target(&ctx, values)? else { return Ok(limit_reached()) };
	let queries: Vec<StorageQuery> = required(values, 2)?;
	if arg::<String>(values, 3)?.is_some() {
		return Err(super::invalid_params("child trie queries are not supported yet"));
	}
	for q in &queries {
		bytes_param(&q.key)?;
	}
	Ok(start_operation(follow, json!({ "discardedItems": 0 }), move |id| {
		let state = match ctx.client.state_at(hash) {
			Ok(state) => state,
			Err(e) => {
				return vec![
					json!({ "event": "operationError", "operationId": id, "error": e.to_string() }),
				]
			},
		};
		let mut items = Vec::new();
		for query in &queries {
			match storage_items(&state, query) {
				Ok(found) => items.extend(found),
				Err(e) => {
					return vec![
						json!({ "event": "operationError", "operationId": id, "error": e }),
					]
				},
			}
		}
		let mut events: Vec<Value> = items
			.chunks(STORAGE_ITEMS_PER_EVENT)
			.map(
				|chunk| json!({ "event": "operationStorageItems", "operationId": id, "items": chunk }),
			)
			.collect();
		events.push(json!({ "event": "operationStorageDone", "operationId": id }));
		events
	}))
}

pub(crate) fn register(module: &mut RpcModule<RpcContext>) -> anyhow::Result<()> {
	module.register_subscription(
		"chainHead_v1_follow",
		"chainHead_v1_followEvent",
		"chainHead_v1_unfollow",
		|params, pending, ctx, _| follow(params, pending, ctx),
	)?;
	module.register_method(
		"chainHead_v1_header",
		|params, ctx, _| -> Result<Option<String>, ErrorObjectOwned> {
			let values = positional(&params)?;
			let Some((_, hash)) = operation_target(ctx, &values)? else { return Ok(None) };
			let header = ctx.client.header(hash).map_err(|e| error(-32603, e.to_string()))?;
			Ok(header.map(|h| hex0x(&h.encode())))
		},
	)?;
	type Operation =
		fn(Arc<RpcContext>, &[Value]) -> Result<ResponsePayload<'static, Value>, ErrorObjectOwned>;
	for (name, operation) in [
		("chainHead_v1_body", body as Operation),
		("chainHead_v1_call", call),
		("chainHead_v1_storage", storage),
	] {
		register_blocking(module, name, move |params, ctx, _| {
			positional(&params)
				.and_then(|values| operation(ctx, &values))
				.unwrap_or_else(ResponsePayload::error)
		})?;
	}
	module.register_method(
		"chainHead_v1_unpin",
		|params, ctx, _| -> Result<(), ErrorObjectOwned> {
			let values = positional(&params)?;
			let id: String = required(&values, 0)?;
			let hashes: Vec<Hash> = match values.get(1) {
				Some(Value::Array(_)) => required(&values, 1)?,
				_ => vec![required(&values, 1)?],
			};
			if hashes.iter().collect::<HashSet<_>>().len() != hashes.len() {
				return Err(error(-32804, "Duplicate hashes"));
			}
			let Some(follow) = ctx.follows.get(&id) else { return Ok(()) };
			let mut pinned = follow.pinned.lock();
			if !hashes.iter().all(|h| pinned.contains(h)) {
				return Err(invalid_block());
			}
			for h in &hashes {
				pinned.remove(h);
			}
			Ok(())
		},
	)?;
	// Storage results are sent whole, so there is never anything to continue.
	module.register_method(
		"chainHead_v1_continue",
		|params, ctx, _| -> Result<(), ErrorObjectOwned> {
			let values = positional(&params)?;
			let _: String = required(&values, 1)?;
			match ctx.follows.get(&required::<String>(&values, 0)?) {
				Some(_) => {
					Err(error(-32803, "Invalid operation id: no operation is waiting to continue"))
				},
				None => Ok(()),
			}
		},
	)?;
	module.register_method(
		"chainHead_v1_stopOperation",
		|params, ctx, _| -> Result<(), ErrorObjectOwned> {
			let values = positional(&params)?;
			let operation: String = required(&values, 1)?;
			if let Some(follow) = ctx.follows.get(&required::<String>(&values, 0)?) {
				follow.stopped.lock().insert(operation);
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
