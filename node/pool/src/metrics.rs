//! The pool's Prometheus metrics, with polkadot-sdk's names (registered without the
//! `substrate_` prefix, which the node's registry adds).

use substrate_prometheus_endpoint::{register, Counter, PrometheusError, Registry, U64};

/// Validations by the runtime, counted as polkadot-sdk's pool counts them.
#[derive(Clone)]
pub struct PoolMetrics {
	/// `substrate_sub_txpool_validations_scheduled`.
	pub validations_scheduled: Counter<U64>,
	/// `substrate_sub_txpool_validations_finished`.
	pub validations_finished: Counter<U64>,
}

impl PoolMetrics {
	/// Register the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			validations_scheduled: register(
				Counter::new(
					"sub_txpool_validations_scheduled",
					"Total number of transactions scheduled for validation",
				)?,
				registry,
			)?,
			validations_finished: register(
				Counter::new(
					"sub_txpool_validations_finished",
					"Total number of transactions that finished validation",
				)?,
				registry,
			)?,
		})
	}
}
