//! Transaction extensions that wrap another one and keep its face: SCI's pallets add behaviour
//! around a standard extension (`DeviceQuota` around fee payment, `RefundPaidAccess` around
//! weight reclaim) without changing what wallets encode and sign.
//! [`wrapped_extension!`](crate::wrapped_extension!) declares such a wrapper;
//! [`wrapped_extension_face!`](crate::wrapped_extension_face!), inside its `TransactionExtension`
//! impl, takes from the wrapped extension what clients see of it, and what it does for
//! extrinsics without a signer.

/// Declares `pub struct $name<T, S>(pub S, PhantomData<T>)`, a transaction extension wrapping
/// `S` (for runtime `T`), encoded as `S` and shown in the metadata as `S`'s type, with `From<S>`
/// and `Debug`. Its `TransactionExtension` impl takes the rest of `S`'s face from
/// [`wrapped_extension_face!`](crate::wrapped_extension_face!).
#[macro_export]
macro_rules! wrapped_extension {
	($(#[$attr:meta])* $name:ident) => {
		$(#[$attr])*
		#[derive(
			$crate::wrapped_extension::codec::Encode,
			$crate::wrapped_extension::codec::Decode,
			$crate::wrapped_extension::codec::DecodeWithMemTracking,
			Clone,
			PartialEq,
			Eq,
		)]
		#[codec(crate = $crate::wrapped_extension::codec)]
		pub struct $name<T, S>(pub S, core::marker::PhantomData<T>);

		impl<T, S> From<S> for $name<T, S> {
			fn from(inner: S) -> Self {
				Self(inner, core::marker::PhantomData)
			}
		}

		impl<T, S: core::fmt::Debug> core::fmt::Debug for $name<T, S> {
			fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
				write!(f, concat!(stringify!($name), "({:?})"), self.0)
			}
		}

		// Invisible in the metadata: clients see the wrapped extension's type, as they encode it.
		impl<T, S: $crate::wrapped_extension::scale_info::StaticTypeInfo>
			$crate::wrapped_extension::scale_info::TypeInfo for $name<T, S>
		{
			type Identity = S;
			fn type_info() -> $crate::wrapped_extension::scale_info::Type {
				S::type_info()
			}
		}
	};
}

/// Inside `impl TransactionExtension<$call> for Wrapper<T, S>` (a
/// [`wrapped_extension!`](crate::wrapped_extension!)): the wrapped extension `S`'s identifier,
/// implicit data and metadata, so that clients see `S`, and its handling of extrinsics without a
/// signer (inherents), which the wrapper leaves as is.
#[macro_export]
macro_rules! wrapped_extension_face {
	($call:ty) => {
		const IDENTIFIER: &'static str = S::IDENTIFIER;
		type Implicit = S::Implicit;

		fn implicit(
			&self,
		) -> Result<
			Self::Implicit,
			$crate::wrapped_extension::sp_runtime::transaction_validity::TransactionValidityError,
		> {
			self.0.implicit()
		}

		fn metadata() -> $crate::wrapped_extension::Vec<
			$crate::wrapped_extension::sp_runtime::traits::TransactionExtensionMetadata,
		> {
			S::metadata()
		}

		fn bare_validate(
			call: &$call,
			info: &$crate::wrapped_extension::sp_runtime::traits::DispatchInfoOf<$call>,
			len: usize,
		) -> $crate::wrapped_extension::sp_runtime::transaction_validity::TransactionValidity {
			S::bare_validate(call, info, len)
		}

		fn bare_validate_and_prepare(
			call: &$call,
			info: &$crate::wrapped_extension::sp_runtime::traits::DispatchInfoOf<$call>,
			len: usize,
		) -> Result<
			(),
			$crate::wrapped_extension::sp_runtime::transaction_validity::TransactionValidityError,
		> {
			S::bare_validate_and_prepare(call, info, len)
		}

		fn bare_post_dispatch(
			info: &$crate::wrapped_extension::sp_runtime::traits::DispatchInfoOf<$call>,
			post_info: &mut $crate::wrapped_extension::sp_runtime::traits::PostDispatchInfoOf<
				$call,
			>,
			len: usize,
			result: &$crate::wrapped_extension::sp_runtime::DispatchResult,
		) -> Result<
			(),
			$crate::wrapped_extension::sp_runtime::transaction_validity::TransactionValidityError,
		> {
			S::bare_post_dispatch(info, post_info, len, result)
		}
	};
}

// What the macros name, reachable from any crate that uses them.
#[doc(hidden)]
pub use {alloc::vec::Vec, codec, scale_info, sp_runtime};
