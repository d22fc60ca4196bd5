//! The Substrate JSON-RPC server (HTTP and WebSocket on one port), with polkadot-sdk's method
//! names, aliases and result shapes.
//!
//! Error codes are polkadot-sdk's (`author_*` 1001–1018, state and chain client errors 4003).
//! Handlers read the chain through `sci_client_api::ChainApi`. Methods that block (runtime
//! calls, database reads) run on tokio's blocking pool once one of [`BLOCKING_PER_CORE`]
//! permits per core is free ([`register_blocking`]); until then a request waits as a future,
//! so a burst of submissions does not become hundreds of threads contending for locks.

mod author;
mod chain;
mod chain_head;
mod metrics;
mod middleware;
mod params;
mod server;
mod state;
mod system;
mod transaction;
mod watch;

use jsonrpsee::{
	core::server::{IntoResponse, ResponsePayload},
	types::{ErrorCode, ErrorObject, ErrorObjectOwned, Params},
	Extensions, RpcModule,
};
use sci_client_api::{ChainApi, ClientError};
use sci_pool::TransactionPool;
use sci_primitives::Hash;
use std::sync::Arc;

/// What the RPC handlers share.
pub struct RpcContext {
	/// The chain.
	pub client: Arc<dyn ChainApi>,
	/// The transaction pool.
	pub pool: Arc<TransactionPool>,
	/// Keys for `author_insertKey`, `author_rotateKeys` and friends.
	pub keystore: Arc<sc_keystore::LocalKeystore>,
	/// Refuse unsafe methods (RPC exposed beyond localhost).
	pub deny_unsafe: bool,
	/// `system_localPeerId`: the libp2p peer id of the node key.
	pub peer_id: String,
	/// Live `chainHead_v1_follow` subscriptions.
	pub follows: chain_head::Follows,
	/// `system_name`.
	pub node_name: String,
	/// Whether this node authors blocks (`system_nodeRoles`).
	pub is_authority: bool,
	/// Peers and sync state for `system_health`, `system_peers`, `system_syncState`.
	pub network: sci_network::NetworkHandle,
	/// Methods that block (runtime calls, database reads) running at once: see
	/// [`register_blocking`].
	pub blocking: Arc<tokio::sync::Semaphore>,
}

/// Blocking methods that may run at once, per core: enough to keep the cores busy (a method
/// also decodes, encodes and waits for the database), few enough that a burst does not become
/// hundreds of threads.
const BLOCKING_PER_CORE: usize = 2;

/// The permits of [`RpcContext::blocking`]: [`BLOCKING_PER_CORE`] per core.
pub fn blocking_permits() -> Arc<tokio::sync::Semaphore> {
	let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
	Arc::new(tokio::sync::Semaphore::new(cores * BLOCKING_PER_CORE))
}

impl RpcContext {
	/// `at`, or the best block.
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}

	/// Fail an unsafe method when unsafe methods are not served (polkadot-sdk's error).
	fn check_unsafe(&self) -> Result<(), ErrorObjectOwned> {
		if self.deny_unsafe {
			return Err(ErrorObjectOwned::owned(
				-32601,
				"RPC call is unsafe to be called externally",
				None::<()>,
			));
		}
		Ok(())
	}
}

/// polkadot-sdk's code for a client error on the `state_*` and `chain_*` methods.
const CLIENT_ERROR: i32 = 4003;

fn client_error(e: ClientError) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(CLIENT_ERROR, e.to_string(), None::<()>)
}

fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(
		jsonrpsee::types::error::INVALID_PARAMS_CODE,
		message.into(),
		None::<()>,
	)
}

/// The positional parameters of a call (none when absent).
fn positional(params: &Params<'_>) -> Result<Vec<serde_json::Value>, ErrorObjectOwned> {
	match params.as_str() {
		None => Ok(Vec::new()),
		Some(_) => params.parse().map_err(|e| invalid_params(e.to_string())),
	}
}

/// Positional parameter `index`, `None` when missing or `null`.
fn arg<T: serde::de::DeserializeOwned>(
	values: &[serde_json::Value],
	index: usize,
) -> Result<Option<T>, ErrorObjectOwned> {
	match values.get(index) {
		None | Some(serde_json::Value::Null) => Ok(None),
		Some(v) => serde_json::from_value(v.clone())
			.map(Some)
			.map_err(|e| invalid_params(format!("parameter {index}: {e}"))),
	}
}

/// Positional parameter `index`, which must be present.
fn required<T: serde::de::DeserializeOwned>(
	values: &[serde_json::Value],
	index: usize,
) -> Result<T, ErrorObjectOwned> {
	arg(values, index)?.ok_or_else(|| invalid_params(format!("missing parameter {index}")))
}

/// Hex-decoded bytes from a `0x…` string.
fn bytes_param(value: &str) -> Result<Vec<u8>, ErrorObjectOwned> {
	hex::decode(value.trim_start_matches("0x"))
		.map_err(|e| invalid_params(format!("invalid hex: {e}")))
}

/// `0x…` string of bytes.
fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// Register `method`, whose work blocks (a runtime call, database reads), to run on tokio's
/// blocking pool once one of the context's `blocking` permits is free. jsonrpsee's own blocking
/// methods take a thread per request at once: a burst of submissions (512 in flight in the load
/// test) became hundreds of threads contending for the blocking pool's lock and the executor's
/// call slots, about a seventh of the node's samples spent spinning and yielding. Waiting for a
/// permit is a future, not a thread.
fn register_blocking<R, F>(
	module: &mut RpcModule<RpcContext>,
	name: &'static str,
	method: F,
) -> anyhow::Result<()>
where
	R: IntoResponse + 'static,
	R::Output: Send + Sync + 'static,
	F: Fn(Params<'static>, Arc<RpcContext>, Extensions) -> R + Clone + Send + Sync + 'static,
{
	module.register_async_method(name, move |params, ctx, extensions| {
		let method = method.clone();
		async move {
			// The semaphore is never closed, so the permit always comes.
			let permit = ctx.blocking.clone().acquire_owned().await;
			tokio::task::spawn_blocking(move || {
				let _permit = permit;
				method(params, ctx, extensions).into_response()
			})
			.await
			.unwrap_or_else(|e| {
				log::error!(target: "rpc", "{name} failed: {e}");
				ResponsePayload::error(ErrorObject::from(ErrorCode::InternalError))
			})
		}
	})?;
	Ok(())
}

/// Run `work`, which blocks (database reads, runtime calls), on tokio's blocking pool once one
/// of the context's `blocking` permits is free: what [`register_blocking`] does for a method,
/// for the work of subscription and operation tasks.
async fn run_blocking<R: Send + 'static>(
	ctx: &RpcContext,
	work: impl FnOnce() -> R + Send + 'static,
) -> Result<R, tokio::task::JoinError> {
	// The semaphore is never closed, so the permit always comes.
	let permit = ctx.blocking.clone().acquire_owned().await;
	tokio::task::spawn_blocking(move || {
		let _permit = permit;
		work()
	})
	.await
}

/// All methods, plus `rpc_methods` listing them.
pub fn module(ctx: Arc<RpcContext>) -> anyhow::Result<RpcModule<RpcContext>> {
	let mut module = RpcModule::from_arc(ctx);
	system::register(&mut module)?;
	chain::register(&mut module)?;
	state::register(&mut module)?;
	author::register(&mut module)?;
	author::register_keys(&mut module)?;
	chain_head::register(&mut module)?;
	transaction::register(&mut module)?;
	let mut names: Vec<String> = module.method_names().map(str::to_string).collect();
	names.push("rpc_methods".into());
	names.sort();
	module
		.register_method("rpc_methods", move |_, _, _| serde_json::json!({ "methods": names }))?;
	Ok(module)
}

/// Origins browsers may call the RPC from when `--rpc-cors` is not given (polkadot-sdk's).
pub const DEFAULT_CORS: &[&str] = &[
	"http://localhost:*",
	"http://127.0.0.1:*",
	"https://localhost:*",
	"https://127.0.0.1:*",
	"https://polkadot.js.org",
];

pub use metrics::RpcMetrics;
pub use middleware::RATE_LIMITED_CODE;
pub use server::start;

/// `--rpc-max-request-size`'s default, MiB (polkadot-sdk's).
pub const DEFAULT_MAX_REQUEST_SIZE_MIB: u32 = 15;
/// `--rpc-max-response-size`'s default, MiB (polkadot-sdk's).
pub const DEFAULT_MAX_RESPONSE_SIZE_MIB: u32 = 15;
/// `--rpc-max-subscriptions-per-connection`'s default (polkadot-sdk's).
pub const DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION: u32 = 1024;
/// `--rpc-message-buffer-capacity-per-connection`'s default (polkadot-sdk's): once this many
/// messages wait to be sent on a connection, the server reads no more of its requests, so a
/// client that does not read cannot make the node hold its requests.
pub const DEFAULT_MESSAGE_BUFFER_CAPACITY: u32 = 64;

/// Server settings from the command line.
#[derive(Clone, Debug)]
pub struct ServerLimits {
	/// Most simultaneous connections.
	pub max_connections: u32,
	/// Allowed browser origins (`*` as a port matches any port); `None` allows all. A list
	/// also restricts the `Host` a request may name to this machine.
	pub cors: Option<Vec<String>>,
	/// Larger requests are refused (HTTP 413, or the WebSocket closed), MiB.
	pub max_request_size_mib: u32,
	/// Larger responses are replaced by a JSON-RPC error (-32008), MiB.
	pub max_response_size_mib: u32,
	/// Subscriptions one connection may hold; more are refused (-32006).
	pub max_subscriptions_per_connection: u32,
	/// Messages waiting to be sent on one connection before its requests stop being read.
	pub message_buffer_capacity: u32,
	/// Calls per minute one connection may make; more are refused (-32999). `None`: no limit.
	pub rate_limit: Option<std::num::NonZeroU32>,
}

/// Whether `origin` matches `pattern` (`scheme://host:port`, the port may be `*`).
fn origin_matches(pattern: &str, origin: &str) -> bool {
	match pattern.strip_suffix(":*") {
		Some(prefix) => {
			origin == prefix
				|| origin.strip_prefix(prefix).is_some_and(|rest| {
					rest.strip_prefix(':').is_some_and(|port| {
						!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
					})
				})
		},
		None => origin == pattern,
	}
}

#[cfg(test)]
mod tests {
	use super::origin_matches;

	#[test]
	fn cors_patterns() {
		assert!(origin_matches("http://localhost:*", "http://localhost:3000"));
		assert!(origin_matches("http://localhost:*", "http://localhost"));
		assert!(!origin_matches("http://localhost:*", "http://localhost.evil.com"));
		assert!(!origin_matches("http://localhost:*", "http://localhost:"));
		assert!(!origin_matches("http://localhost:*", "https://localhost:3000"));
		assert!(origin_matches("https://polkadot.js.org", "https://polkadot.js.org"));
		assert!(!origin_matches("https://polkadot.js.org", "https://polkadot.js.org.evil.com"));
	}
}
