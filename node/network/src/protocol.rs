//! What nodes say to each other: the request-response sync protocol (status and block ranges)
//! and the gossip topics, all SCALE-encoded and named after the chain's genesis hash so that
//! nodes of different chains never mix.

use codec::{Decode, Encode};
use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use libp2p::{gossipsub::IdentTopic, StreamProtocol};
use sci_primitives::{opaque::Block, BlockNumber, Hash};
use sp_runtime::Justifications;
use std::io;

/// Most blocks one sync response carries.
pub const MAX_BLOCKS_PER_RESPONSE: u32 = 128;
/// Largest sync response: a few full blocks (a block is at most 5 MiB).
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// Largest sync request.
const MAX_REQUEST_BYTES: usize = 1024;
/// Largest gossip message: one full block.
pub const MAX_GOSSIP_BYTES: usize = 6 * 1024 * 1024;

/// A node's view of its chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Status {
	/// The genesis hash: peers of other chains are dropped.
	pub genesis: Hash,
	/// The best block's number.
	pub best_number: BlockNumber,
	/// The best block.
	pub best_hash: Hash,
	/// The finalized block's number.
	pub finalized_number: BlockNumber,
	/// The finalized block.
	pub finalized_hash: Hash,
	/// The node authors blocks.
	pub authority: bool,
}

/// A sync request.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Request {
	/// The peer's [`Status`].
	Status,
	/// Canonical blocks from height `from` upwards, at most `max`.
	Blocks {
		/// The first height.
		from: BlockNumber,
		/// Most blocks.
		max: u32,
	},
}

/// A block with the proofs of its finality.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct SyncedBlock {
	/// The block.
	pub block: Block,
	/// Its justifications, if any.
	pub justifications: Option<Justifications>,
}

/// A sync response.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Response {
	/// The responder's chain pointers.
	Status(Status),
	/// Blocks, ascending.
	Blocks(Vec<SyncedBlock>),
	/// The request could not be served (e.g. a database error); the reason is for the log.
	Refused(String),
}

/// The protocol names and gossip topics of one chain.
#[derive(Clone, Debug)]
pub struct ProtocolNames {
	/// The sync request-response protocol.
	pub sync: StreamProtocol,
	/// The Kademlia protocol.
	pub kademlia: StreamProtocol,
	/// Block announcements.
	pub blocks: IdentTopic,
	/// Transactions.
	pub transactions: IdentTopic,
	/// GRANDPA votes and commits.
	pub grandpa: IdentTopic,
}

impl ProtocolNames {
	/// Names for the chain with `genesis`.
	pub fn new(genesis: &Hash) -> Self {
		let prefix = format!("/sci/{}", hex::encode(&genesis.as_bytes()[..8]));
		let protocol = |name: &str| {
			StreamProtocol::try_from_owned(format!("{prefix}/{name}"))
				.expect("starts with a slash; qed")
		};
		Self {
			sync: protocol("sync/1"),
			kademlia: protocol("kad/1"),
			blocks: IdentTopic::new(format!("{prefix}/blocks/1")),
			transactions: IdentTopic::new(format!("{prefix}/transactions/1")),
			grandpa: IdentTopic::new(format!("{prefix}/grandpa/1")),
		}
	}
}

/// Length-prefixed SCALE messages on a request-response stream.
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncCodec;

async fn read_message<T: AsyncRead + Unpin + Send, M: Decode>(
	io: &mut T,
	limit: usize,
) -> io::Result<M> {
	let mut len = [0u8; 4];
	io.read_exact(&mut len).await?;
	let len = u32::from_le_bytes(len) as usize;
	if len > limit {
		return Err(io::Error::new(
			io::ErrorKind::InvalidData,
			format!("message of {len} bytes exceeds the limit of {limit}"),
		));
	}
	let mut buf = vec![0u8; len];
	io.read_exact(&mut buf).await?;
	M::decode(&mut &buf[..]).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

async fn write_message<T: AsyncWrite + Unpin + Send, M: Encode>(
	io: &mut T,
	message: &M,
	limit: usize,
) -> io::Result<()> {
	let bytes = message.encode();
	if bytes.len() > limit {
		return Err(io::Error::new(io::ErrorKind::InvalidInput, "message too large"));
	}
	io.write_all(&(bytes.len() as u32).to_le_bytes()).await?;
	io.write_all(&bytes).await?;
	io.close().await
}

impl libp2p::request_response::Codec for SyncCodec {
	type Protocol = StreamProtocol;
	type Request = Request;
	type Response = Response;

	async fn read_request<T: AsyncRead + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
	) -> io::Result<Request> {
		read_message(io, MAX_REQUEST_BYTES).await
	}

	async fn read_response<T: AsyncRead + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
	) -> io::Result<Response> {
		read_message(io, MAX_RESPONSE_BYTES).await
	}

	async fn write_request<T: AsyncWrite + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
		request: Request,
	) -> io::Result<()> {
		write_message(io, &request, MAX_REQUEST_BYTES).await
	}

	async fn write_response<T: AsyncWrite + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
		response: Response,
	) -> io::Result<()> {
		write_message(io, &response, MAX_RESPONSE_BYTES).await
	}
}
