//! Prometheus metrics with polkadot-sdk's names, served by `substrate-prometheus-endpoint`
//! (what Zombienet and Substrate dashboards read).

use substrate_prometheus_endpoint::{
	exponential_buckets, register, Gauge, GaugeVec, Histogram, HistogramOpts, Opts,
	PrometheusError, Registry, U64,
};

/// The node's metrics.
#[derive(Clone)]
pub struct Metrics {
	/// The registry every metric is in.
	pub registry: Registry,
	/// `substrate_block_height{status="best"|"finalized"|"sync_target"}`.
	pub block_height: GaugeVec<U64>,
	/// `substrate_ready_transactions_number`.
	pub ready_transactions: Gauge<U64>,
	/// The network's.
	pub network: sci_network::NetworkMetrics,
	/// `substrate_finality_grandpa_round`.
	pub grandpa_round: Gauge<U64>,
	/// `substrate_proposer_block_constructed`: seconds to build a block.
	pub block_constructed: Histogram,
	/// `substrate_proposer_number_of_transactions`: transactions in the last authored block.
	pub block_transactions: Gauge<U64>,
	/// `substrate_state_cache_bytes`: memory the shared trie cache holds.
	pub state_cache: Gauge<U64>,
}

impl Metrics {
	/// Register every metric in a new registry; every series carries `chain="<chain_id>"`.
	/// `roles` is the node's role bits as its block-announce handshake gives them (1 full,
	/// 4 authority), which `substrate_node_roles` reports.
	pub fn new(node_name: &str, chain_id: &str, roles: u8) -> Result<Self, PrometheusError> {
		let labels = std::collections::HashMap::from([("chain".to_string(), chain_id.to_string())]);
		let registry = Registry::new_custom(Some("substrate".into()), Some(labels))?;
		register(Gauge::<U64>::new("node_roles", "The roles the node is running as")?, &registry)?
			.set(roles.into());
		let start_time = register(
			Gauge::<U64>::new(
				"process_start_time_seconds",
				"Number of seconds between the UNIX epoch and the moment the process started",
			)?,
			&registry,
		)?;
		start_time.set(sci_client::consensus::unix_millis() / 1000);
		let build_info = register(
			GaugeVec::<U64>::new(
				Opts::new(
					"build_info",
					"A metric with a constant '1' value labeled by name, version",
				),
				&["name", "version"],
			)?,
			&registry,
		)?;
		build_info.with_label_values(&[node_name, env!("CARGO_PKG_VERSION")]).set(1);
		let seconds = |name: &str, help: &str| -> Result<Histogram, PrometheusError> {
			register(
				Histogram::with_opts(
					HistogramOpts::new(name, help).buckets(exponential_buckets(0.001, 2.0, 14)?),
				)?,
				&registry,
			)
		};
		Ok(Self {
			block_height: register(
				GaugeVec::new(
					Opts::new("block_height", "Block height info of the chain"),
					&["status"],
				)?,
				&registry,
			)?,
			ready_transactions: register(
				Gauge::new(
					"ready_transactions_number",
					"Number of transactions in the ready queue",
				)?,
				&registry,
			)?,
			network: sci_network::NetworkMetrics::register(&registry)?,
			grandpa_round: register(
				Gauge::new("finality_grandpa_round", "Highest completed GRANDPA round.")?,
				&registry,
			)?,
			block_constructed: seconds(
				"proposer_block_constructed",
				"Histogram of time taken to construct new block",
			)?,
			block_transactions: register(
				Gauge::new(
					"proposer_number_of_transactions",
					"Number of transactions included in block",
				)?,
				&registry,
			)?,
			state_cache: register(
				Gauge::new("state_cache_bytes", "State cache size in bytes")?,
				&registry,
			)?,
			registry,
		})
	}

	/// Record the chain's best and finalized heights.
	pub fn set_heights(&self, best: u32, finalized: u32) {
		self.block_height.with_label_values(&["best"]).set(best.into());
		self.block_height.with_label_values(&["finalized"]).set(finalized.into());
	}
}
