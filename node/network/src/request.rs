//! Substrate's request-response framing for libp2p's request-response behaviour: one request
//! and one response per substream, each a length-prefixed frame with per-protocol limits.

use crate::framing::{read_frame, write_frame};
use futures::{AsyncRead, AsyncWrite, AsyncWriteExt};
use libp2p::StreamProtocol;
use std::io;

/// Raw request and response bytes, bounded per protocol.
#[derive(Clone, Copy, Debug)]
pub struct BytesCodec {
	/// Largest request accepted or sent.
	pub max_request: usize,
	/// Largest response accepted or sent.
	pub max_response: usize,
}

fn required<T>(frame: Option<T>) -> io::Result<T> {
	frame.ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "stream ended early"))
}

impl libp2p::request_response::Codec for BytesCodec {
	type Protocol = StreamProtocol;
	type Request = Vec<u8>;
	type Response = Vec<u8>;

	async fn read_request<T: AsyncRead + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
	) -> io::Result<Vec<u8>> {
		required(read_frame(io, self.max_request).await?)
	}

	async fn read_response<T: AsyncRead + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
	) -> io::Result<Vec<u8>> {
		required(read_frame(io, self.max_response).await?)
	}

	async fn write_request<T: AsyncWrite + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
		request: Vec<u8>,
	) -> io::Result<()> {
		write_frame(io, &request).await?;
		io.close().await
	}

	async fn write_response<T: AsyncWrite + Unpin + Send>(
		&mut self,
		_: &StreamProtocol,
		io: &mut T,
		response: Vec<u8>,
	) -> io::Result<()> {
		if response.len() > self.max_response {
			return Err(io::Error::new(io::ErrorKind::InvalidInput, "response too large"));
		}
		write_frame(io, &response).await?;
		io.close().await
	}
}
