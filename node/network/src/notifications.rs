//! Substrate's notification substreams over raw libp2p streams.
//!
//! A link on one protocol is one substream per direction. The opener sends its handshake, the
//! acceptor answers with its own, and from then on only the opener sends: length-prefixed
//! notifications. Each substream runs in its own task; the network worker decides which
//! handshakes to accept and owns the per-peer state. Every wait on a peer is bounded in time
//! and every frame in size, and the channels between tasks and the worker are bounded.

use crate::framing::{read_frame, write_frame};
use futures::{AsyncReadExt, AsyncWriteExt, StreamExt};
use libp2p::{PeerId, StreamProtocol};
use std::{
	sync::atomic::{AtomicU64, Ordering},
	time::Duration,
};
use tokio::sync::{mpsc, oneshot};

/// How long the remote has to open a substream and send its handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one notification may take to write: a peer that reads slower is dropped from the
/// link rather than holding its messages in memory.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest handshake accepted (a block-announces handshake is 69 bytes).
const MAX_HANDSHAKE: usize = 1024;
/// Notifications waiting to be written to one peer on one protocol.
pub const OUTBOUND_QUEUE: usize = 1024;

/// The notification protocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Proto {
	/// Block announcements.
	BlockAnnounces,
	/// Transactions.
	Transactions,
	/// GRANDPA gossip.
	Grandpa,
}

impl Proto {
	/// All of them.
	pub const ALL: [Proto; 3] = [Proto::BlockAnnounces, Proto::Transactions, Proto::Grandpa];

	/// Largest notification accepted, as polkadot-sdk bounds them.
	pub fn max_notification(self) -> usize {
		match self {
			Proto::BlockAnnounces | Proto::Grandpa => 1024 * 1024,
			Proto::Transactions => 16 * 1024 * 1024,
		}
	}
}

/// Identifies one substream, so that the close of a replaced substream is not taken for the
/// close of its replacement.
pub type SubstreamId = u64;

fn next_id() -> SubstreamId {
	static NEXT: AtomicU64 = AtomicU64::new(0);
	NEXT.fetch_add(1, Ordering::Relaxed)
}

/// What the substream tasks tell the worker.
#[derive(Debug)]
pub enum Event {
	/// A peer opened a substream with this handshake. Answer with our handshake to accept it,
	/// or drop `verdict` to refuse.
	InboundOpen {
		/// The peer.
		peer: PeerId,
		/// The protocol.
		proto: Proto,
		/// The substream.
		id: SubstreamId,
		/// The peer's handshake.
		handshake: Vec<u8>,
		/// Our answer.
		verdict: oneshot::Sender<Vec<u8>>,
	},
	/// A notification on an accepted inbound substream.
	Notification {
		/// The peer.
		peer: PeerId,
		/// The protocol.
		proto: Proto,
		/// The bytes.
		data: Vec<u8>,
	},
	/// An accepted inbound substream ended (closed, reset, or sent a frame over the limit).
	InboundClosed {
		/// The peer.
		peer: PeerId,
		/// The protocol.
		proto: Proto,
		/// The substream.
		id: SubstreamId,
	},
	/// Our substream is open: the peer answered with `handshake`; notifications sent to
	/// `sender` are written to it.
	OutboundOpen {
		/// The peer.
		peer: PeerId,
		/// The protocol.
		proto: Proto,
		/// The substream.
		id: SubstreamId,
		/// The peer's handshake.
		handshake: Vec<u8>,
		/// Where to queue notifications for the peer.
		sender: mpsc::Sender<Vec<u8>>,
	},
	/// Our substream could not be opened, or ended.
	OutboundClosed {
		/// The peer.
		peer: PeerId,
		/// The protocol.
		proto: Proto,
		/// The substream.
		id: SubstreamId,
	},
}

/// Accept inbound substreams of `proto` for as long as the worker listens.
pub async fn accept(
	mut incoming: libp2p_stream::IncomingStreams,
	proto: Proto,
	events: mpsc::Sender<Event>,
) {
	while let Some((peer, stream)) = incoming.next().await {
		tokio::spawn(inbound(peer, proto, stream, events.clone()));
	}
}

async fn inbound(
	peer: PeerId,
	proto: Proto,
	mut stream: libp2p::Stream,
	events: mpsc::Sender<Event>,
) {
	let id = next_id();
	let handshake =
		match tokio::time::timeout(HANDSHAKE_TIMEOUT, read_frame(&mut stream, MAX_HANDSHAKE)).await
		{
			Ok(Ok(Some(handshake))) => handshake,
			_ => return,
		};
	let (verdict, answer) = oneshot::channel();
	if events.send(Event::InboundOpen { peer, proto, id, handshake, verdict }).await.is_err() {
		return;
	}
	let Ok(ours) = answer.await else { return };
	let accepted = async {
		write_frame(&mut stream, &ours).await?;
		stream.flush().await
	};
	if tokio::time::timeout(HANDSHAKE_TIMEOUT, accepted).await.is_ok_and(|r| r.is_ok()) {
		// The worker's channel is bounded: a peer that sends faster than the worker handles
		// waits here, and its substream's flow control stops it.
		while let Ok(Some(data)) = read_frame(&mut stream, proto.max_notification()).await {
			if events.send(Event::Notification { peer, proto, data }).await.is_err() {
				return;
			}
		}
	}
	let _ = events.send(Event::InboundClosed { peer, proto, id }).await;
}

/// Open our substream of `proto` to `peer` with `handshake`, then write what the worker queues
/// until either side closes it.
pub async fn outbound(
	mut control: libp2p_stream::Control,
	peer: PeerId,
	proto: Proto,
	name: StreamProtocol,
	handshake: Vec<u8>,
	events: mpsc::Sender<Event>,
) {
	let id = next_id();
	let opened = async {
		let mut stream = control.open_stream(peer, name).await.map_err(|e| e.to_string())?;
		write_frame(&mut stream, &handshake).await.map_err(|e| e.to_string())?;
		stream.flush().await.map_err(|e| e.to_string())?;
		match read_frame(&mut stream, MAX_HANDSHAKE).await {
			Ok(Some(theirs)) => Ok((stream, theirs)),
			Ok(None) => Err("refused".to_string()),
			Err(e) => Err(e.to_string()),
		}
	};
	let (stream, theirs) = match tokio::time::timeout(HANDSHAKE_TIMEOUT, opened).await {
		Ok(Ok(opened)) => opened,
		Ok(Err(e)) => {
			log::trace!(target: "sync", "{proto:?} substream to {peer} not opened: {e}");
			let _ = events.send(Event::OutboundClosed { peer, proto, id }).await;
			return;
		},
		Err(_) => {
			log::trace!(target: "sync", "{proto:?} substream to {peer}: handshake timed out");
			let _ = events.send(Event::OutboundClosed { peer, proto, id }).await;
			return;
		},
	};
	let (sender, mut queue) = mpsc::channel(OUTBOUND_QUEUE);
	if events
		.send(Event::OutboundOpen { peer, proto, id, handshake: theirs, sender })
		.await
		.is_err()
	{
		return;
	}
	let (mut reader, mut writer) = stream.split();
	let mut probe = [0u8; 1];
	loop {
		tokio::select! {
			message = queue.recv() => {
				// The worker dropped the link.
				let Some(message) = message else { break };
				let written = async {
					write_frame(&mut writer, &message).await?;
					writer.flush().await
				};
				if !matches!(tokio::time::timeout(WRITE_TIMEOUT, written).await, Ok(Ok(()))) {
					break;
				}
			},
			// The acceptor never writes after its handshake: anything read, or the end of the
			// stream, closes the link.
			_ = reader.read(&mut probe) => break,
		}
	}
	let _ = writer.close().await;
	let _ = events.send(Event::OutboundClosed { peer, proto, id }).await;
}
