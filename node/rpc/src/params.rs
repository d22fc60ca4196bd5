//! Positional parameters parsed straight into bounded types.
//!
//! Each parameter is deserialized from the request's raw JSON into its final type, with no
//! `serde_json::Value` in between, and the bounds are checked while parsing: a list stops at
//! its limit before the next element is read, a string is measured before it is copied. A
//! request of many megabytes (the server takes up to its request-size limit) therefore costs
//! little more than the request itself, and an over-long list or id is refused with an
//! invalid-params error (-32602) that names the parameter and the limit.

use super::invalid_params;
use jsonrpsee::types::{ErrorObjectOwned, Params};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::{fmt, marker::PhantomData};

/// Most elements of a list parameter (`chain_getBlockHash` numbers, `state_queryStorageAt`,
/// `state_getReadProof` and `state_subscribeStorage` keys, `chainHead_v1_unpin` hashes).
pub(crate) const MAX_LIST: usize = 1024;
/// Most bytes of a storage key or prefix parameter.
pub(crate) const MAX_KEY_BYTES: usize = 2048;
/// Most bytes of an opaque id parameter (`followSubscription`, `operationId`).
pub(crate) const MAX_ID_BYTES: usize = 64;

/// The positional parameters of a call, parsed one at a time.
pub(crate) struct Args<'a> {
	/// The JSON not parsed yet, from the separator before the next parameter.
	rest: &'a str,
	/// The index of the next parameter.
	index: usize,
}

impl<'a> Args<'a> {
	/// The parameters of `params`; named (object) parameters are refused on first use.
	pub(crate) fn new(params: &'a Params<'a>) -> Self {
		Args { rest: params.as_str().unwrap_or("").trim_start(), index: 0 }
	}

	/// The raw JSON of the next parameter onwards, `None` at the end of the list.
	fn advance(&mut self) -> Result<Option<&'a str>, ErrorObjectOwned> {
		let rest = self.rest;
		match rest.as_bytes().first() {
			None | Some(b']') => Ok(None),
			Some(b'[') | Some(b',') => {
				let next = rest[1..].trim_start();
				Ok((!next.starts_with(']')).then_some(next))
			},
			Some(_) => Err(invalid_params("parameters must be a JSON array")),
		}
	}

	/// The next parameter, `None` when missing or `null`.
	pub(crate) fn optional<T: Deserialize<'a>>(&mut self) -> Result<Option<T>, ErrorObjectOwned> {
		let index = self.index;
		self.index += 1;
		let Some(json) = self.advance()? else {
			self.rest = "";
			return Ok(None);
		};
		let mut stream = serde_json::Deserializer::from_str(json).into_iter::<Option<T>>();
		match stream.next() {
			Some(Ok(value)) => {
				self.rest = json[stream.byte_offset()..].trim_start();
				Ok(value)
			},
			Some(Err(e)) => Err(invalid_params(format!("parameter {index}: {e}"))),
			None => Err(invalid_params(format!("parameter {index}: missing value"))),
		}
	}

	/// The next parameter, which must be present.
	pub(crate) fn required<T: Deserialize<'a>>(&mut self) -> Result<T, ErrorObjectOwned> {
		let index = self.index;
		self.optional()?.ok_or_else(|| invalid_params(format!("missing parameter {index}")))
	}

	/// Whether the next parameter is a JSON array (for parameters that take one value or a
	/// list of them).
	pub(crate) fn next_is_list(&self) -> bool {
		let rest = self.rest.get(1..).unwrap_or("").trim_start();
		matches!(self.rest.as_bytes().first(), Some(b'[') | Some(b',')) && rest.starts_with('[')
	}
}

/// A list of at most `N` elements; a longer one is refused as soon as element `N + 1` starts.
pub(crate) struct List<T, const N: usize>(pub(crate) Vec<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for List<T, N> {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		struct ListVisitor<T, const N: usize>(PhantomData<T>);
		impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for ListVisitor<T, N> {
			type Value = List<T, N>;
			fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				write!(f, "a list of at most {N} elements")
			}
			fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
				let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(N));
				while let Some(item) = seq.next_element()? {
					if items.len() == N {
						return Err(de::Error::custom(format!("more than {N} elements")));
					}
					items.push(item);
				}
				Ok(List(items))
			}
		}
		deserializer.deserialize_seq(ListVisitor(PhantomData))
	}
}

/// The first `N` elements of a list, and how many elements it has in all (the others are
/// skipped without being kept: `chainHead_v1_storage` reports them as `discardedItems`).
pub(crate) struct Prefix<T, const N: usize> {
	/// The first elements.
	pub(crate) items: Vec<T>,
	/// Every element, kept or not.
	pub(crate) total: usize,
}

impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for Prefix<T, N> {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		struct PrefixVisitor<T, const N: usize>(PhantomData<T>);
		impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for PrefixVisitor<T, N> {
			type Value = Prefix<T, N>;
			fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				f.write_str("a list")
			}
			fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
				let mut items = Vec::new();
				while items.len() < N {
					match seq.next_element()? {
						Some(item) => items.push(item),
						None => return Ok(Prefix { total: items.len(), items }),
					}
				}
				let mut total = items.len();
				while seq.next_element::<IgnoredAny>()?.is_some() {
					total += 1;
				}
				Ok(Prefix { items, total })
			}
		}
		deserializer.deserialize_seq(PrefixVisitor(PhantomData))
	}
}

/// A string of at most `N` bytes, measured before it is copied.
pub(crate) struct Text<const N: usize>(pub(crate) String);

impl<'de, const N: usize> Deserialize<'de> for Text<N> {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		struct TextVisitor<const N: usize>;
		impl<const N: usize> Visitor<'_> for TextVisitor<N> {
			type Value = Text<N>;
			fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				write!(f, "a string of at most {N} bytes")
			}
			fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
				if s.len() > N {
					return Err(E::custom(format!("longer than {N} bytes")));
				}
				Ok(Text(s.to_string()))
			}
		}
		deserializer.deserialize_str(TextVisitor)
	}
}

/// Bytes given as a `0x…` hex string of at most `N` bytes (checked before decoding).
pub(crate) struct Hex<const N: usize>(pub(crate) Vec<u8>);

/// Hex of any length: the server's request-size limit bounds it.
pub(crate) type AnyHex = Hex<{ usize::MAX }>;

impl<'de, const N: usize> Deserialize<'de> for Hex<N> {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		struct HexVisitor<const N: usize>;
		impl<const N: usize> Visitor<'_> for HexVisitor<N> {
			type Value = Hex<N>;
			fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				f.write_str("a 0x-prefixed hex string")
			}
			fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
				let digits = s.strip_prefix("0x").unwrap_or(s);
				if digits.len() / 2 > N {
					return Err(E::custom(format!("longer than {N} bytes")));
				}
				hex::decode(digits).map(Hex).map_err(|e| E::custom(format!("invalid hex: {e}")))
			}
		}
		deserializer.deserialize_str(HexVisitor)
	}
}

/// A block number given as a JSON number or a hex string (`"0x1a"`).
pub(crate) struct NumberOrHex(pub(crate) u32);

impl<'de> Deserialize<'de> for NumberOrHex {
	fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
		struct NumberVisitor;
		impl Visitor<'_> for NumberVisitor {
			type Value = NumberOrHex;
			fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				f.write_str("a block number (a number or a hex string)")
			}
			fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
				u32::try_from(n)
					.map(NumberOrHex)
					.map_err(|_| E::custom(format!("invalid block number {n}")))
			}
			fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
				Err(E::custom(format!("invalid block number {n}")))
			}
			fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
				let digits = s.strip_prefix("0x").unwrap_or(s);
				// A u32 has at most 8 hex digits; longer strings are not copied into the error.
				if digits.len() > 8 {
					return Err(E::custom("invalid block number: more than 8 hex digits"));
				}
				u32::from_str_radix(digits, 16)
					.map(NumberOrHex)
					.map_err(|_| E::custom(format!("invalid block number {s:?}")))
			}
		}
		deserializer.deserialize_any(NumberVisitor)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn args(json: &'static str) -> Args<'static> {
		let params: &'static Params<'static> = Box::leak(Box::new(Params::new(Some(json))));
		Args::new(params)
	}

	#[test]
	fn positional_values_in_order() {
		let mut a = args(r#"[ "0x0102", null , 7 ]"#);
		assert_eq!(a.required::<Hex<2>>().unwrap().0, vec![1, 2]);
		assert!(a.optional::<u32>().unwrap().is_none());
		assert_eq!(a.required::<u32>().unwrap(), 7);
		assert!(a.optional::<u32>().unwrap().is_none(), "past the end");
		assert!(args("[]").optional::<u32>().unwrap().is_none());
		assert!(Args::new(&Params::new(None)).optional::<u32>().unwrap().is_none());
		assert!(args("[]").required::<u32>().is_err());
		assert!(args(r#"{"a": 1}"#).optional::<u32>().is_err(), "named parameters");
	}

	#[test]
	fn lists_are_refused_past_their_limit() {
		assert_eq!(args("[[1,2,3]]").required::<List<u32, 3>>().unwrap().0, vec![1, 2, 3]);
		let error = args("[[1,2,3,4]]").required::<List<u32, 3>>().err().unwrap();
		assert_eq!(error.code(), -32602);
		assert!(error.message().contains("more than 3 elements"), "{error:?}");
		let mut a = args("[[1], 5]");
		assert!(a.next_is_list());
		a.required::<List<u32, 3>>().unwrap();
		assert!(!a.next_is_list());
	}

	#[test]
	fn prefix_keeps_the_first_and_counts_all() {
		let p = args(r#"[[1, 2, 3, {"x": [4]}, "y"]]"#).required::<Prefix<u32, 2>>().unwrap();
		assert_eq!((p.items, p.total), (vec![1, 2], 5));
		let p = args("[[1]]").required::<Prefix<u32, 2>>().unwrap();
		assert_eq!((p.items, p.total), (vec![1], 1));
	}

	#[test]
	fn strings_and_hex_are_measured() {
		assert_eq!(args(r#"["abc"]"#).required::<Text<3>>().unwrap().0, "abc");
		let long = format!(r#"["{}"]"#, "a".repeat(1000));
		let long: &'static str = Box::leak(long.into_boxed_str());
		assert!(args(long).required::<Text<64>>().err().unwrap().message().contains("64 bytes"));
		assert!(args(r#"["0x010203"]"#).required::<Hex<2>>().is_err());
		assert!(args(r#"["0xzz"]"#).required::<Hex<2>>().is_err());
		assert_eq!(args(r#"["0x"]"#).required::<Hex<2>>().unwrap().0, Vec::<u8>::new());
	}

	#[test]
	fn block_numbers() {
		assert_eq!(args("[26]").required::<NumberOrHex>().unwrap().0, 26);
		assert_eq!(args(r#"["0x1a"]"#).required::<NumberOrHex>().unwrap().0, 26);
		assert!(args("[-1]").required::<NumberOrHex>().is_err());
		assert!(args("[4294967296]").required::<NumberOrHex>().is_err());
		assert!(args(r#"["0x123456789"]"#).required::<NumberOrHex>().is_err());
		assert!(args(r#"[{"x": 1}]"#).required::<NumberOrHex>().is_err());
	}
}
