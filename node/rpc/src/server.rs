//! The HTTP and WebSocket server around the methods, as polkadot-sdk's `sc-rpc-server`: CORS,
//! Host filtering, `GET /health` and `GET /health/readiness`, request, response and
//! subscription limits, a rate limit per connection and the `substrate_rpc_*` metrics.
//!
//! Each accepted TCP connection gets its own service (as `sc-rpc-server`), so its HTTP
//! keep-alive requests or its WebSocket session share one rate limit, and the metrics know
//! which transport a call came over.

use crate::{
	metrics::RpcMetrics,
	middleware::{CallLayer, CallMetrics, RateLimiter, Transport},
	module, origin_matches, RpcContext, ServerLimits,
};
use futures::future::{BoxFuture, FutureExt};
use jsonrpsee::{
	core::{BoxError, EmptyServerParams},
	server::{
		http::response, serve_with_graceful_shutdown, stop_channel, ws, HttpBody, HttpResponse,
		RandomStringIdProvider, RpcServiceBuilder, Server, ServerHandle,
	},
	Methods,
};
use std::{
	collections::HashSet,
	net::SocketAddr,
	sync::Arc,
	task::{Context, Poll},
	time::Instant,
};
use tower::Service;

/// `--rpc-max-request-size` and `--rpc-max-response-size` are in MiB.
const MIB: u32 = 1024 * 1024;

/// Start serving on `addr`; returns the server's handle and the address it bound. Metrics are
/// recorded in `metrics` when given.
pub async fn start(
	addr: SocketAddr,
	limits: ServerLimits,
	ctx: Arc<RpcContext>,
	metrics: Option<RpcMetrics>,
) -> anyhow::Result<(ServerHandle, SocketAddr)> {
	let listener = tokio::net::TcpListener::bind(addr).await?;
	let local = listener.local_addr()?;
	let module = module(ctx)?;
	let known_methods: Arc<HashSet<&'static str>> = Arc::new(module.method_names().collect());
	let methods: Methods = module.into();
	// Browsers enforce CORS; a restricted list also means requests must name this machine
	// (DNS rebinding would otherwise let any web page reach a node on localhost).
	let hosts = limits.cors.is_some().then_some(LocalHosts { port: local.port() });
	let http_middleware = tower::ServiceBuilder::new()
		.layer(cors_layer(limits.cors))
		.layer(GateLayer { hosts, methods: methods.clone() });
	let builder = Server::builder()
		.max_connections(limits.max_connections)
		.max_request_body_size(limits.max_request_size_mib.saturating_mul(MIB))
		.max_response_body_size(limits.max_response_size_mib.saturating_mul(MIB))
		.max_subscriptions_per_connection(limits.max_subscriptions_per_connection)
		.set_message_buffer_capacity(limits.message_buffer_capacity)
		// String subscription ids, as polkadot-sdk (the new spec's `followSubscription`).
		.set_id_provider(RandomStringIdProvider::new(16))
		.set_http_middleware(http_middleware)
		.to_service_builder();
	let (stop_handle, server_handle) = stop_channel();
	let rate_limit = limits.rate_limit;
	tokio::spawn(async move {
		loop {
			let socket = tokio::select! {
				accepted = listener.accept() => match accepted {
					Ok((socket, _)) => socket,
					Err(e) => {
						log::debug!(target: "rpc", "accepting an RPC connection failed: {e}");
						// Out of file descriptors, say: do not spin until one is free.
						tokio::time::sleep(std::time::Duration::from_millis(10)).await;
						continue;
					},
				},
				_ = stop_handle.clone().shutdown() => break,
			};
			// As jsonrpsee's own server: small responses and notifications go out at once.
			if let Err(e) = socket.set_nodelay(true) {
				log::debug!(target: "rpc", "cannot set TCP_NODELAY on an RPC connection: {e}");
			}
			let limiter = rate_limit.map(|n| Arc::new(RateLimiter::per_minute(n)));
			let (builder, methods, stop) = (builder.clone(), methods.clone(), stop_handle.clone());
			let (metrics, known_methods) = (metrics.clone(), known_methods.clone());
			let service =
				tower::service_fn(move |request: http::Request<hyper::body::Incoming>| {
					let transport = if ws::is_upgrade_request(&request) {
						Transport::Ws
					} else {
						Transport::Http
					};
					let layer = CallLayer {
						metrics: metrics.clone().map(|metrics| CallMetrics {
							metrics,
							transport,
							known_methods: known_methods.clone(),
						}),
						rate_limit: limiter.clone(),
					};
					let mut service = builder
						.clone()
						// Nothing to count or limit (`--no-prometheus`, no rate limit): no layer.
						.set_rpc_middleware(
							RpcServiceBuilder::new().option_layer(
								(layer.metrics.is_some() || layer.rate_limit.is_some())
									.then_some(layer),
							),
						)
						.build(methods.clone(), stop.clone());
					let session = (transport == Transport::Ws)
						.then(|| metrics.clone().map(|m| (m, service.on_session_closed())))
						.flatten();
					async move {
						let response = service.call(request).await?;
						if let Some((metrics, closed)) = session {
							// Only an accepted upgrade opens a session.
							if response.status() == http::StatusCode::SWITCHING_PROTOCOLS {
								metrics.session_opened();
								let opened = Instant::now();
								tokio::spawn(async move {
									closed.await;
									metrics.session_closed(opened);
								});
							}
						}
						Ok::<_, BoxError>(response)
					}
				});
			tokio::spawn(serve_with_graceful_shutdown(
				socket,
				service,
				stop_handle.clone().shutdown(),
			));
		}
	});
	Ok((server_handle, local))
}

/// `None` allows every origin.
fn cors_layer(allowed: Option<Vec<String>>) -> tower_http::cors::CorsLayer {
	use tower_http::cors::{AllowOrigin, Any, CorsLayer};
	match allowed {
		None => CorsLayer::permissive(),
		Some(allowed) => CorsLayer::new().allow_methods(Any).allow_headers(Any).allow_origin(
			AllowOrigin::predicate(move |origin, _| {
				origin
					.to_str()
					.is_ok_and(|o| allowed.iter().any(|pattern| origin_matches(pattern, o)))
			}),
		),
	}
}

/// The hosts a request may name when CORS is restricted: `localhost`, `127.0.0.1` or `[::1]`,
/// without a port or with the one the server listens on (polkadot-sdk's list).
#[derive(Clone, Copy, Debug)]
struct LocalHosts {
	port: u16,
}

impl LocalHosts {
	/// Whether `authority` (`host` or `host:port`, as in a `Host` header) is allowed.
	fn allows(&self, authority: &str) -> bool {
		let (host, port) = match authority.strip_prefix('[') {
			// `[v6]` or `[v6]:port`.
			Some(rest) => match rest.split_once(']') {
				Some((v6, port)) => (format!("[{v6}]"), port),
				None => return false,
			},
			None => {
				let (host, port) =
					authority.split_at(authority.find(':').unwrap_or(authority.len()));
				(host.to_string(), port)
			},
		};
		let port_ok = match port.strip_prefix(':') {
			Some(digits) => {
				!digits.is_empty()
					&& digits.bytes().all(|b| b.is_ascii_digit())
					&& digits.parse::<u16>() == Ok(self.port)
			},
			None => port.is_empty(),
		};
		port_ok && ["localhost", "127.0.0.1", "[::1]"].iter().any(|h| h.eq_ignore_ascii_case(&host))
	}

	/// Whether every authority the request names (its `Host` header and, in absolute form or
	/// HTTP/2, its URI) is allowed; a request naming none is not.
	fn allow_request<B>(&self, request: &http::Request<B>) -> bool {
		let header = request.headers().get(http::header::HOST).map(|h| h.to_str().ok());
		let uri = request.uri().authority().map(|a| a.as_str());
		if header.is_none() && uri.is_none() {
			return false;
		}
		header.is_none_or(|h| h.is_some_and(|h| self.allows(h)))
			&& uri.is_none_or(|a| self.allows(a))
	}
}

/// Host filtering and the health endpoints, inside the CORS layer (so browsers may read the
/// health endpoints from allowed origins).
#[derive(Clone)]
struct GateLayer {
	/// `None`: any host (CORS allows every origin).
	hosts: Option<LocalHosts>,
	/// For `system_health`.
	methods: Methods,
}

impl<S> tower::Layer<S> for GateLayer {
	type Service = Gate<S>;

	fn layer(&self, inner: S) -> Gate<S> {
		Gate { inner, layer: self.clone() }
	}
}

/// [`GateLayer`] around the service `S`.
#[derive(Clone)]
struct Gate<S> {
	inner: S,
	layer: GateLayer,
}

/// Which health endpoint a request asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HealthRoute {
	/// `GET /health`: `system_health` as JSON.
	Health,
	/// `GET /health/readiness`: 200 when ready for requests, else 500.
	Readiness,
}

fn health_route<B>(request: &http::Request<B>) -> Option<HealthRoute> {
	if request.method() != http::Method::GET {
		return None;
	}
	match request.uri().path() {
		"/health" => Some(HealthRoute::Health),
		"/health/readiness" => Some(HealthRoute::Readiness),
		_ => None,
	}
}

/// `system_health`'s result.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Health {
	peers: usize,
	is_syncing: bool,
	should_have_peers: bool,
}

impl Health {
	/// Not syncing and, if it should have peers, having some.
	fn is_ready(&self) -> bool {
		!self.is_syncing && (self.peers > 0 || !self.should_have_peers)
	}
}

fn status_response(status: http::StatusCode) -> HttpResponse {
	let mut response = HttpResponse::new(HttpBody::empty());
	*response.status_mut() = status;
	response
}

async fn health_response(methods: Methods, route: HealthRoute) -> HttpResponse {
	let health = match methods.call::<_, Health>("system_health", EmptyServerParams::new()).await {
		Ok(health) => health,
		Err(e) => {
			log::error!(target: "rpc", "system_health failed: {e}");
			return response::internal_error();
		},
	};
	match route {
		HealthRoute::Health => match serde_json::to_string(&health) {
			Ok(json) => response::ok_response(json),
			Err(_) => response::internal_error(),
		},
		HealthRoute::Readiness if health.is_ready() => status_response(http::StatusCode::OK),
		HealthRoute::Readiness => status_response(http::StatusCode::INTERNAL_SERVER_ERROR),
	}
}

impl<S, B> Service<http::Request<B>> for Gate<S>
where
	S: Service<http::Request<B>, Response = HttpResponse, Error = BoxError>,
	S::Future: Send + 'static,
{
	type Response = HttpResponse;
	type Error = BoxError;
	type Future = BoxFuture<'static, Result<HttpResponse, BoxError>>;

	fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
		self.inner.poll_ready(cx)
	}

	fn call(&mut self, request: http::Request<B>) -> Self::Future {
		if let Some(hosts) = &self.layer.hosts {
			if !hosts.allow_request(&request) {
				log::debug!(target: "rpc", "refused a request for host {:?}", request.headers().get(http::header::HOST));
				return futures::future::ready(Ok(response::host_not_allowed())).boxed();
			}
		}
		match health_route(&request) {
			Some(route) => health_response(self.layer.methods.clone(), route).map(Ok).boxed(),
			None => self.inner.call(request).boxed(),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn local_hosts_with_or_without_the_listening_port() {
		let hosts = LocalHosts { port: 9944 };
		for allowed in [
			"localhost",
			"localhost:9944",
			"LOCALHOST:9944",
			"127.0.0.1",
			"127.0.0.1:9944",
			"[::1]",
			"[::1]:9944",
		] {
			assert!(hosts.allows(allowed), "{allowed}");
		}
		for refused in [
			"attacker.example",
			"attacker.example:9944",
			"localhost:9945",
			"127.0.0.1:80",
			"localhost:",
			"localhost:+9944",
			"localhost:09944x",
			"localhost.attacker.example",
			"localhost.attacker.example:9944",
			"127.0.0.1.nip.io:9944",
			"127.0.0.2:9944",
			"[::1",
			"[::1]9944",
			"[::2]:9944",
			"::1",
			"0.0.0.0:9944",
			"",
			"localhost:99440",
		] {
			assert!(!hosts.allows(refused), "{refused}");
		}
	}

	#[test]
	fn every_authority_a_request_names_must_be_local() {
		let hosts = LocalHosts { port: 9944 };
		let request = |uri: &str, host: Option<&str>| {
			let mut builder = http::Request::builder().uri(uri);
			if let Some(host) = host {
				builder = builder.header(http::header::HOST, host);
			}
			builder.body(()).expect("a valid request")
		};
		assert!(hosts.allow_request(&request("/", Some("localhost:9944"))));
		assert!(!hosts.allow_request(&request("/", Some("attacker.example"))));
		assert!(!hosts.allow_request(&request("/", None)), "no host at all");
		assert!(hosts.allow_request(&request("http://127.0.0.1:9944/", None)));
		assert!(!hosts.allow_request(&request("http://attacker.example/", Some("localhost"))));
		assert!(!hosts.allow_request(&request("http://localhost/", Some("attacker.example"))));
		let mut binary = request("/", None);
		binary.headers_mut().insert(
			http::header::HOST,
			http::HeaderValue::from_bytes(b"local\xffhost").expect("opaque bytes are valid"),
		);
		assert!(!hosts.allow_request(&binary), "a Host that is not text");
	}

	#[test]
	fn readiness_needs_peers_only_when_it_should_have_them() {
		let health =
			|peers, is_syncing, should_have_peers| Health { peers, is_syncing, should_have_peers };
		assert!(health(0, false, false).is_ready());
		assert!(health(3, false, true).is_ready());
		assert!(!health(0, false, true).is_ready());
		assert!(!health(3, true, true).is_ready());
		assert!(!health(0, true, false).is_ready());
	}
}
