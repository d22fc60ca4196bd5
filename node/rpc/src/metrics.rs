//! `substrate_rpc_*` Prometheus metrics, with polkadot-sdk's names, labels and buckets
//! (`sc-rpc-server`): calls started and finished and their time per method and protocol, and
//! WebSocket sessions.
//!
//! The metrics are registered without the `substrate_` prefix, which the node's registry adds
//! to every name (`Registry::new_custom(Some("substrate"))`).

use jsonrpsee::MethodResponse;
use std::time::Instant;
use substrate_prometheus_endpoint::{
	register, Counter, CounterVec, HistogramOpts, HistogramVec, Opts, PrometheusError, Registry,
	U64,
};

/// Call time buckets in microseconds (polkadot-sdk's).
const CALL_BUCKETS: [f64; 11] = [
	5.0,
	25.0,
	100.0,
	500.0,
	1_000.0,
	2_500.0,
	10_000.0,
	25_000.0,
	100_000.0,
	1_000_000.0,
	10_000_000.0,
];

/// The RPC server's metrics; cheap to clone (the handles are shared).
#[derive(Clone)]
pub struct RpcMetrics {
	calls_time: HistogramVec,
	calls_started: CounterVec<U64>,
	calls_finished: CounterVec<U64>,
	sessions_opened: Counter<U64>,
	sessions_closed: Counter<U64>,
	sessions_time: HistogramVec,
}

/// `"true"` or `"false"`, as polkadot-sdk's labels spell them.
fn flag(value: bool) -> &'static str {
	if value {
		"true"
	} else {
		"false"
	}
}

impl RpcMetrics {
	/// Register the metrics in `registry` (whose prefix makes them `substrate_rpc_*`).
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		let histogram = |name: &str, help: &str, labels: &[&str]| {
			register(
				HistogramVec::new(
					HistogramOpts::new(name, help).buckets(CALL_BUCKETS.to_vec()),
					labels,
				)?,
				registry,
			)
		};
		Ok(Self {
			calls_time: histogram(
				"rpc_calls_time",
				"Total time [μs] of processed RPC calls",
				&["protocol", "method", "is_rate_limited"],
			)?,
			calls_started: register(
				CounterVec::new(
					Opts::new(
						"rpc_calls_started",
						"Number of received RPC calls (unique un-batched requests)",
					),
					&["protocol", "method"],
				)?,
				registry,
			)?,
			calls_finished: register(
				CounterVec::new(
					Opts::new(
						"rpc_calls_finished",
						"Number of processed RPC calls (unique un-batched requests)",
					),
					&["protocol", "method", "is_error", "is_rate_limited"],
				)?,
				registry,
			)?,
			sessions_opened: register(
				Counter::new("rpc_sessions_opened", "Number of persistent RPC sessions opened")?,
				registry,
			)?,
			sessions_closed: register(
				Counter::new("rpc_sessions_closed", "Number of persistent RPC sessions closed")?,
				registry,
			)?,
			sessions_time: histogram(
				"rpc_sessions_time",
				"Total time [s] for each websocket session",
				&["protocol"],
			)?,
		})
	}

	/// A call of `method` arrived over `protocol`.
	pub(crate) fn on_call(&self, protocol: &str, method: &str) {
		self.calls_started.with_label_values(&[protocol, method]).inc();
	}

	/// The call of `method` that arrived at `started` was answered with `response`.
	pub(crate) fn on_response(
		&self,
		protocol: &str,
		method: &str,
		response: &MethodResponse,
		rate_limited: bool,
		started: Instant,
	) {
		let micros = started.elapsed().as_micros();
		self.calls_time
			.with_label_values(&[protocol, method, flag(rate_limited)])
			.observe(micros as f64);
		self.calls_finished
			.with_label_values(&[
				protocol,
				method,
				flag(!response.is_success()),
				flag(rate_limited),
			])
			.inc();
	}

	/// A WebSocket session opened.
	pub(crate) fn session_opened(&self) {
		self.sessions_opened.inc();
	}

	/// The WebSocket session opened at `opened` closed.
	pub(crate) fn session_closed(&self, opened: Instant) {
		self.sessions_closed.inc();
		self.sessions_time.with_label_values(&["ws"]).observe(opened.elapsed().as_secs_f64());
	}
}
