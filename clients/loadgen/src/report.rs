//! Figures of a load run.

use std::time::Duration;

/// The `q`-quantile (0..=1) of sorted `values` (nearest rank).
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
	if sorted.is_empty() {
		return Duration::ZERO;
	}
	let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
	sorted[rank - 1]
}

/// "p50 … p90 … p99 … max" of sorted `values` in milliseconds.
pub fn percentiles(values: &[Duration]) -> String {
	let ms = |d: Duration| d.as_secs_f64() * 1e3;
	format!(
		"p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms (n = {})",
		ms(quantile(values, 0.5)),
		ms(quantile(values, 0.9)),
		ms(quantile(values, 0.99)),
		ms(values.last().copied().unwrap_or_default()),
		values.len()
	)
}

/// Busy and total CPU time of the whole machine (all cores), from `/proc/stat`, in ticks.
pub fn cpu_ticks() -> Option<(u64, u64)> {
	let stat = std::fs::read_to_string("/proc/stat").ok()?;
	let fields: Vec<u64> =
		stat.lines().next()?.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
	// user nice system idle iowait irq softirq steal …
	let idle = fields.get(3)? + fields.get(4).copied().unwrap_or(0);
	let total: u64 = fields.iter().take(8).sum();
	Some((total - idle, total))
}

/// Busy share of the machine's CPU between two `cpu_ticks` readings.
pub fn cpu_busy(before: Option<(u64, u64)>, after: Option<(u64, u64)>) -> Option<f64> {
	let ((b0, t0), (b1, t1)) = (before?, after?);
	(t1 > t0).then(|| (b1 - b0) as f64 / (t1 - t0) as f64)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn nearest_rank_quantiles() {
		let values: Vec<_> = (1..=100).map(Duration::from_millis).collect();
		assert_eq!(quantile(&values, 0.5), Duration::from_millis(50));
		assert_eq!(quantile(&values, 0.99), Duration::from_millis(99));
		assert_eq!(quantile(&values, 1.0), Duration::from_millis(100));
		assert_eq!(quantile(&values[..1], 0.9), Duration::from_millis(1));
		assert_eq!(quantile(&[], 0.5), Duration::ZERO);
	}

	#[test]
	fn cpu_busy_is_a_share() {
		assert_eq!(cpu_busy(Some((10, 100)), Some((60, 200))), Some(0.5));
		assert_eq!(cpu_busy(Some((10, 100)), Some((10, 100))), None);
		assert_eq!(cpu_busy(None, Some((1, 2))), None);
	}
}
