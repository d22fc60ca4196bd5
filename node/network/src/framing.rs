//! Unsigned-varint length-prefixed frames, the framing of every Substrate request, response,
//! handshake and notification. A frame's length is checked against its limit before any of it
//! is buffered.

use futures::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use std::io;

/// Read one frame of at most `limit` bytes. `Ok(None)` at a clean end of stream.
pub async fn read_frame<T: AsyncRead + Unpin>(
	io: &mut T,
	limit: usize,
) -> io::Result<Option<Vec<u8>>> {
	let len = match unsigned_varint::aio::read_usize(&mut *io).await {
		Ok(len) => len,
		Err(unsigned_varint::io::ReadError::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
			return Ok(None)
		},
		Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string())),
	};
	if len > limit {
		return Err(io::Error::new(
			io::ErrorKind::InvalidData,
			format!("frame of {len} bytes exceeds the limit of {limit}"),
		));
	}
	let mut buf = vec![0u8; len];
	io.read_exact(&mut buf).await?;
	Ok(Some(buf))
}

/// Write one frame (not flushed).
pub async fn write_frame<T: AsyncWrite + Unpin>(io: &mut T, data: &[u8]) -> io::Result<()> {
	let mut len = unsigned_varint::encode::usize_buffer();
	io.write_all(unsigned_varint::encode::usize(data.len(), &mut len)).await?;
	io.write_all(data).await
}

#[cfg(test)]
mod tests {
	use super::*;
	use futures::io::Cursor;

	#[test]
	fn frames_round_trip_and_respect_limits() {
		futures::executor::block_on(async {
			let mut buf = Cursor::new(Vec::new());
			write_frame(&mut buf, &[7u8; 300]).await.unwrap();
			write_frame(&mut buf, b"").await.unwrap();
			let bytes = buf.into_inner();
			// 300 is 0xac 0x02 as an unsigned varint.
			assert_eq!(&bytes[..2], &[0xac, 0x02]);
			let mut reader = Cursor::new(bytes.clone());
			assert_eq!(read_frame(&mut reader, 300).await.unwrap(), Some(vec![7u8; 300]));
			assert_eq!(read_frame(&mut reader, 300).await.unwrap(), Some(vec![]));
			assert_eq!(read_frame(&mut reader, 300).await.unwrap(), None);
			// Over the limit: refused before the body is read.
			assert!(read_frame(&mut Cursor::new(bytes), 299).await.is_err());
			// A length that claims more than is sent.
			assert!(read_frame(&mut Cursor::new(vec![0x05, 1, 2]), 10).await.is_err());
			// A varint that never ends.
			assert!(read_frame(&mut Cursor::new(vec![0xff; 12]), 10).await.is_err());
		});
	}
}
