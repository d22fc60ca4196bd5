//! The JSON-RPC middleware every call passes (single calls and each call of a batch): the
//! per-connection rate limit (`--rpc-rate-limit`) and the `substrate_rpc_calls_*` metrics.

use crate::metrics::RpcMetrics;
use futures::future::{BoxFuture, FutureExt};
use jsonrpsee::{
	server::middleware::rpc::RpcServiceT,
	types::{ErrorObject, Request},
	MethodResponse,
};
use parking_lot::Mutex;
use std::{
	collections::HashSet,
	num::NonZeroU32,
	sync::Arc,
	time::{Duration, Instant},
};

/// polkadot-sdk's error code for a call refused by the rate limit.
pub const RATE_LIMITED_CODE: i32 = -32999;

/// At most `per_minute` calls per minute, as governor's quota for polkadot-sdk (the generic
/// cell rate algorithm): a client may burst the whole minute's quota, then gets one call
/// every `60 s / per_minute`. Exact in integer time, so no rounding lets a call through.
pub(crate) struct RateLimiter {
	per_minute: NonZeroU32,
	/// `60 s / per_minute`: the time one call takes to come back.
	interval: Duration,
	/// When the bucket is next full again (the theoretical arrival time).
	full_at: Mutex<Instant>,
}

impl RateLimiter {
	/// A full bucket of `per_minute` calls.
	pub(crate) fn per_minute(per_minute: NonZeroU32) -> Self {
		let interval = Duration::from_secs(60) / per_minute.get();
		Self { per_minute, interval, full_at: Mutex::new(Instant::now()) }
	}

	/// Take a call at `now`; `false` when the quota is used up.
	pub(crate) fn try_take(&self, now: Instant) -> bool {
		let mut full_at = self.full_at.lock();
		let Some(next) = (*full_at).max(now).checked_add(self.interval) else { return false };
		// The calls taken and not yet back, this one included, fit in the quota.
		if next.saturating_duration_since(now) <= self.interval * self.per_minute.get() {
			*full_at = next;
			true
		} else {
			false
		}
	}
}

/// Which transport a connection's calls arrive over (the `protocol` label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transport {
	/// Plain HTTP POST requests.
	Http,
	/// A WebSocket session.
	Ws,
}

impl Transport {
	fn label(self) -> &'static str {
		match self {
			Transport::Http => "http",
			Transport::Ws => "ws",
		}
	}
}

/// Metrics of one connection: the shared metrics, the transport and the method names that get
/// their own label (any other name is counted as `unknown`, so a client sending random method
/// names cannot grow the number of series without bound).
#[derive(Clone)]
pub(crate) struct CallMetrics {
	pub(crate) metrics: RpcMetrics,
	pub(crate) transport: Transport,
	pub(crate) known_methods: Arc<HashSet<&'static str>>,
}

impl CallMetrics {
	fn method_label(&self, name: &str) -> &'static str {
		self.known_methods.get(name).copied().unwrap_or("unknown")
	}
}

/// The middleware of one connection; [`tower::Layer`] over jsonrpsee's call service.
#[derive(Clone)]
pub(crate) struct CallLayer {
	pub(crate) metrics: Option<CallMetrics>,
	/// Shared by every request of the TCP connection (HTTP keep-alive requests or a WebSocket).
	pub(crate) rate_limit: Option<Arc<RateLimiter>>,
}

impl<S> tower::Layer<S> for CallLayer {
	type Service = Calls<S>;

	fn layer(&self, inner: S) -> Calls<S> {
		Calls { inner, layer: self.clone() }
	}
}

/// [`CallLayer`] around the service `S`.
#[derive(Clone)]
pub(crate) struct Calls<S> {
	inner: S,
	layer: CallLayer,
}

fn rate_limited(limiter: &RateLimiter) -> ErrorObject<'static> {
	ErrorObject::owned(
		RATE_LIMITED_CODE,
		"RPC rate limit exceeded",
		Some(format!(
			"{} calls per minute per connection; one more every {} ms",
			limiter.per_minute,
			limiter.interval.as_millis()
		)),
	)
}

impl<'a, S> RpcServiceT<'a> for Calls<S>
where
	S: RpcServiceT<'a> + Send + Sync + Clone + 'static,
{
	type Future = BoxFuture<'a, MethodResponse>;

	fn call(&self, request: Request<'a>) -> Self::Future {
		let started = Instant::now();
		let metrics = self.layer.metrics.clone();
		let method = metrics.as_ref().map_or("", |m| m.method_label(request.method_name()));
		if let Some(m) = &metrics {
			m.metrics.on_call(m.transport.label(), method);
		}
		let record = move |response: &MethodResponse, limited: bool| {
			if let Some(m) = &metrics {
				m.metrics.on_response(m.transport.label(), method, response, limited, started);
			}
		};
		if let Some(limiter) = &self.layer.rate_limit {
			if !limiter.try_take(started) {
				let response = MethodResponse::error(request.id, rate_limited(limiter));
				record(&response, true);
				return futures::future::ready(response).boxed();
			}
		}
		let inner = self.inner.clone();
		async move {
			let response = inner.call(request).await;
			record(&response, false);
			response
		}
		.boxed()
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn rate_limiter_allows_the_quota_then_refills_evenly() {
		let limiter = RateLimiter::per_minute(NonZeroU32::new(6).expect("not zero"));
		let start = *limiter.full_at.lock();
		assert!((0..6).all(|_| limiter.try_take(start)), "the whole minute's quota at once");
		assert!(!limiter.try_take(start), "the seventh call within the minute");
		// One call comes back every 10 s.
		assert!(!limiter.try_take(start + Duration::from_secs(9)));
		assert!(limiter.try_take(start + Duration::from_secs(10)));
		assert!(!limiter.try_take(start + Duration::from_secs(10)));
		// A long pause refills the bucket to the quota, no further.
		let later = start + Duration::from_secs(3600);
		assert!((0..6).all(|_| limiter.try_take(later)));
		assert!(!limiter.try_take(later));
	}

	#[test]
	fn rate_limiter_ignores_time_going_backwards() {
		let limiter = RateLimiter::per_minute(NonZeroU32::new(1).expect("not zero"));
		let start = *limiter.full_at.lock();
		assert!(limiter.try_take(start + Duration::from_secs(5)));
		// An earlier instant (another thread's) neither refills nor panics.
		assert!(!limiter.try_take(start));
		assert!(!limiter.try_take(start + Duration::from_secs(30)));
		assert!(limiter.try_take(start + Duration::from_secs(65)));
		assert!(!limiter.try_take(start + Duration::from_secs(65)));
	}
}
