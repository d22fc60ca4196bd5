//! Why the pool refused a transaction, with polkadot-sdk's author RPC error codes.

use sci_client_api::ClientError;
use sp_runtime::transaction_validity::{TransactionPriority, TransactionValidityError};

/// Why a transaction was not accepted. The codes are polkadot-sdk's author RPC error codes.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
	/// The bytes are not an extrinsic.
	#[error("Extrinsic has invalid format: {0}")]
	BadFormat(String),
	/// The runtime refused the transaction.
	#[error("Invalid Transaction: {0:?}")]
	Invalid(TransactionValidityError),
	/// The pool threw this transaction out a short while ago (invalid, evicted or removed by
	/// the operator) and refuses it unvalidated until the ban ends.
	#[error("Transaction is temporarily banned")]
	TemporarilyBanned,
	/// The pool already holds it.
	#[error("Transaction Already Imported")]
	AlreadyImported,
	/// A transaction with the same tag and at least this priority is held.
	#[error("Priority is too low: ({old} vs {new})")]
	TooLowPriority {
		/// The held transaction's priority.
		old: TransactionPriority,
		/// This transaction's priority.
		new: TransactionPriority,
	},
	/// The pool is full of transactions at least as good as this one.
	#[error("Immediately Dropped: the pool is full")]
	ImmediatelyDropped,
	/// Its signer already has as many transactions in the pool as one signer may.
	#[error("Immediately Dropped: the sender has {0} transactions in the pool, the most allowed")]
	SenderLimit(usize),
	/// The runtime's validity names no tag it provides.
	#[error("Transaction does not provide any tags, so the pool can't identify it")]
	NoTagsProvided,
	/// The chain could not be read to validate it.
	#[error(transparent)]
	Client(#[from] ClientError),
}

impl PoolError {
	/// Whether the bytes were not a transaction at all (not merely invalid now).
	pub fn is_malformed(&self) -> bool {
		matches!(self, PoolError::BadFormat(_))
	}

	/// Whether a peer that relayed the transaction is to blame: no honest node relays bytes
	/// that are no transaction, a bad signature, or a call nobody may make, whereas a stale,
	/// known or unaffordable one may just have crossed a block on the way.
	pub fn is_peer_fault(&self) -> bool {
		use sp_runtime::transaction_validity::InvalidTransaction as Invalid;
		match self {
			PoolError::BadFormat(_) | PoolError::NoTagsProvided => true,
			PoolError::Invalid(TransactionValidityError::Invalid(invalid)) => matches!(
				invalid,
				Invalid::BadProof
					| Invalid::BadSigner
					| Invalid::Call | Invalid::BadMandatory
					| Invalid::MandatoryValidation
			),
			_ => false,
		}
	}

	/// polkadot-sdk's JSON-RPC error code for this error.
	pub fn code(&self) -> i32 {
		match self {
			PoolError::BadFormat(_) => 1001,
			PoolError::Invalid(_) => 1010,
			PoolError::Client(_) => 1011,
			PoolError::TemporarilyBanned => 1012,
			PoolError::AlreadyImported => 1013,
			PoolError::TooLowPriority { .. } => 1014,
			PoolError::ImmediatelyDropped | PoolError::SenderLimit(_) => 1016,
			PoolError::NoTagsProvided => 1018,
		}
	}
}
