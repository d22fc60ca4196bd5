//! The network's Prometheus metrics, with polkadot-sdk's names (registered without the
//! `substrate_` prefix, which the node's registry adds).

use substrate_prometheus_endpoint::{
	exponential_buckets, register, Counter, Gauge, Histogram, HistogramOpts, PrometheusError,
	Registry, U64,
};

/// What the network reports.
#[derive(Clone)]
pub struct NetworkMetrics {
	/// `substrate_sub_libp2p_peers_count`.
	pub peers: Gauge<U64>,
	/// `substrate_sub_libp2p_is_major_syncing`: 1 while the node is catching up.
	pub is_major_syncing: Gauge<U64>,
	/// `substrate_block_verification_and_import_time`: seconds to check, execute and store a
	/// block from a peer.
	pub import_time: Histogram,
	/// `substrate_sync_peers`: full peers the node syncs with.
	pub sync_peers: Gauge<U64>,
	/// `substrate_sync_queued_blocks`: blocks from peers waiting for import.
	pub sync_queued_blocks: Gauge<U64>,
	/// `substrate_sync_propagated_transactions`: transactions sent to at least one peer.
	pub sync_propagated_transactions: Counter<U64>,
}

impl NetworkMetrics {
	/// Register the metrics in `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			peers: register(
				Gauge::new("sub_libp2p_peers_count", "Number of connected peers")?,
				registry,
			)?,
			is_major_syncing: register(
				Gauge::new(
					"sub_libp2p_is_major_syncing",
					"Whether the node is doing a major sync or not.",
				)?,
				registry,
			)?,
			import_time: register(
				Histogram::with_opts(
					HistogramOpts::new(
						"block_verification_and_import_time",
						"Time taken to verify and import blocks",
					)
					.buckets(exponential_buckets(0.001, 2.0, 14)?),
				)?,
				registry,
			)?,
			sync_peers: register(
				Gauge::new("sync_peers", "Number of peers we sync with")?,
				registry,
			)?,
			sync_queued_blocks: register(
				Gauge::new("sync_queued_blocks", "Number of blocks in import queue")?,
				registry,
			)?,
			sync_propagated_transactions: register(
				Counter::new(
					"sync_propagated_transactions",
					"Number of transactions propagated to at least one peer",
				)?,
				registry,
			)?,
		})
	}
}
