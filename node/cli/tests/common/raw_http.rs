//! Plain HTTP to a node (raw requests, to see exactly what the server answers) and its
//! Prometheus endpoint.

use super::*;
use std::io::{Read, Write};

/// An HTTP/1.1 request to `port` naming `host`; returns the status, the lower-cased headers and
/// the body.
pub(crate) fn http(
	port: u16,
	method: &str,
	path: &str,
	host: &str,
	extra: &[&str],
	body: &[u8],
) -> Http {
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
	stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
	let extra: String = extra.iter().map(|h| format!("{h}\r\n")).collect();
	let head = format!(
		"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n",
		body.len()
	);
	stream.write_all(head.as_bytes()).unwrap();
	// The server may answer (413) before reading a large body: a failed write is fine then.
	let _ = stream.write_all(body);
	let mut response = Vec::new();
	let _ = stream.read_to_end(&mut response);
	let response = String::from_utf8_lossy(&response).into_owned();
	let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
	let (head, body) = response.split_once("\r\n\r\n").unwrap_or_default();
	Http { status, head: head.to_ascii_lowercase(), body: body.to_string() }
}

pub(crate) struct Http {
	pub status: u16,
	pub head: String,
	pub body: String,
}

/// The address the node's Prometheus endpoint bound, from its log.
pub(crate) async fn prometheus_addr(node: &Node) -> String {
	let marker = "Prometheus exporter started at ";
	let mut addr = String::new();
	wait_until(Duration::from_secs(30), "the Prometheus endpoint", || {
		let log = node.log_text();
		let found = log.split_once(marker).and_then(|(_, rest)| rest.split_whitespace().next());
		addr = found.unwrap_or_default().to_string();
		let ready = !addr.is_empty();
		async move { ready }
	})
	.await;
	addr
}

/// The sum of the samples of `name` whose labels include every one of `labels`.
pub(crate) fn sample(metrics: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
	let samples: Vec<f64> = metrics
		.lines()
		.filter(|line| {
			line.starts_with(&format!("{name}{{")) || line.starts_with(&format!("{name} "))
		})
		.filter(|line| labels.iter().all(|(k, v)| line.contains(&format!("{k}=\"{v}\""))))
		.filter_map(|line| line.rsplit(' ').next()?.parse().ok())
		.collect();
	(!samples.is_empty()).then(|| samples.iter().sum())
}

/// The node's metrics, scraped from the Prometheus endpoint at `addr` (`127.0.0.1:<port>`).
pub(crate) fn scrape(addr: &str) -> String {
	let port: u16 = addr.rsplit(':').next().unwrap().parse().unwrap();
	let answer = http(port, "GET", "/metrics", addr, &[], b"");
	assert_eq!(answer.status, 200);
	answer.body
}
