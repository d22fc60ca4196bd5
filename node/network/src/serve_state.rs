//! Answers to `state/2` requests: a block's state, in key order from where the requester
//! stopped, for state sync (warp sync downloads the warp block's state this way).
//!
//! As polkadot-sdk's `sc-network-sync` state request handler and `sc-client`'s
//! `read_proof_collection` / `storage_collection`:
//!
//! * `start` is empty (from the first key), one key of the main trie, or a child trie's
//!   `:child_storage:default:<name>` key then a key inside that child trie; entries start
//!   strictly after it.
//! * With `no_proof`, the response lists the key-value pairs, one [`KeyValueStateEntry`] for
//!   the main trie (always first, with an empty `state_root`) then one per child trie entered,
//!   with that child trie's root. When the main trie reaches a child trie's key (a root not
//!   seen before in this response), the pair is sent and the child trie follows in full before
//!   the main trie resumes. The pairs' keys and values count towards [`MAX_RESPONSE_BYTES`]; the
//!   pair that would exceed it ends the response (`complete` stays `false` on the trie being
//!   read), but every trie entered sends at least one pair.
//! * Otherwise the response is a compact proof (`sp_trie::CompactProof`, SCALE) of the same
//!   range against the block's state root: sp-state-machine's
//!   `prove_range_read_with_child_with_size`, which stops once the recorded nodes pass
//!   [`MAX_RESPONSE_BYTES`]. The requester checks it with
//!   `read_range_proof_check_with_child` and continues from the last key it holds.
//!
//! A response can exceed the limit by one value (`:code` is the usual one): polkadot-sdk
//! allows state responses up to its 16 MiB request-response limit for that reason.

use crate::{
	serve::ServeError,
	wire::{
		state::{decode_state_request, KeyValueStateEntry, StateEntry, StateResponse},
		WireError,
	},
};
use codec::Encode;
use prost::Message;
use sci_client_api::SyncedChain;
use sci_primitives::Hashing;
use sp_core::storage::{well_known_keys, ChildInfo, ChildType, PrefixedStorageKey};
use sp_state_machine::{Backend, IterArgs, TrieBackend, TrieBackendStorage};
use std::collections::HashSet;

/// Bytes of keys and values (or of proof nodes) after which a response ends, as
/// polkadot-sdk's `MAX_RESPONSE_BYTES`.
pub const MAX_RESPONSE_BYTES: usize = 2 * 1024 * 1024;

/// Keys in `start` at most: a child trie's key and a key inside it (sp-state-machine's
/// `MAX_NESTED_TRIE_DEPTH`).
const MAX_START_KEYS: usize = 2;

/// Answer a `state/2` request.
pub fn state(client: &dyn SyncedChain, request: &[u8]) -> Result<Vec<u8>, ServeError> {
	let request = decode_state_request(request)?;
	if request.start.len() > MAX_START_KEYS {
		return Err(ServeError::Malformed(WireError::TooManyItems {
			count: u32::try_from(request.start.len()).unwrap_or(u32::MAX),
			max: MAX_START_KEYS,
		}));
	}
	if client.header(request.block)?.is_none() {
		return Err(ServeError::UnknownBlock(request.block));
	}
	let state = client.state_at(request.block)?;
	let trie = state.uncached();
	let response = if request.no_proof {
		StateResponse {
			entries: entries(&trie, &request.start, MAX_RESPONSE_BYTES)?,
			proof: vec![],
		}
	} else {
		StateResponse {
			entries: vec![],
			proof: range_proof(&trie, &request.start, MAX_RESPONSE_BYTES)?,
		}
	};
	log::trace!(
		target: "sync",
		"state/2 for {:?} from {:?}: {} tries, {} proof bytes",
		request.block,
		request.start.iter().map(hex::encode).collect::<Vec<_>>(),
		response.entries.len(),
		response.proof.len(),
	);
	Ok(response.encode_to_vec())
}

fn state_error(error: impl std::fmt::Display) -> ServeError {
	ServeError::Proof(format!("state read: {error}"))
}

/// The default child trie a `:child_storage:default:<name>` key names.
fn child_info(storage_key: &[u8]) -> Result<ChildInfo, ServeError> {
	match ChildType::from_prefixed_key(PrefixedStorageKey::new_ref(&storage_key.to_vec())) {
		Some((ChildType::ParentKeyId, name)) => Ok(ChildInfo::new_default(name)),
		None => Err(ServeError::Proof(format!(
			"0x{} is not a default child trie's key",
			hex::encode(storage_key)
		))),
	}
}

/// A child trie being read: its info, its key in the main trie and its root.
type OpenChild = (ChildInfo, Vec<u8>, Vec<u8>);

/// Where a request resumes: the child trie it is inside (if any) and the key to start after.
fn resume_point<S: TrieBackendStorage<Hashing>>(
	trie: &TrieBackend<S, Hashing>,
	start: &[Vec<u8>],
) -> Result<(Option<OpenChild>, Option<Vec<u8>>), ServeError> {
	match start {
		[] => Ok((None, None)),
		[key] => Ok((None, Some(key.clone()))),
		[storage_key, key] => {
			let info = child_info(storage_key)?;
			let root = trie.storage(storage_key).map_err(state_error)?.ok_or_else(|| {
				ServeError::Proof(format!(
					"no child trie at 0x{} to resume in",
					hex::encode(storage_key)
				))
			})?;
			Ok((Some((info, storage_key.clone(), root)), Some(key.clone())))
		},
		_ => Err(ServeError::Malformed(WireError::TooManyItems {
			count: u32::try_from(start.len()).unwrap_or(u32::MAX),
			max: MAX_START_KEYS,
		})),
	}
}

/// The key-value pairs after `start`, up to `limit` bytes of keys and values (polkadot-sdk's
/// `storage_collection`).
pub(crate) fn entries<S: TrieBackendStorage<Hashing>>(
	trie: &TrieBackend<S, Hashing>,
	start: &[Vec<u8>],
	limit: usize,
) -> Result<Vec<KeyValueStateEntry>, ServeError> {
	let (mut child, mut after) = resume_point(trie, start)?;
	let mut seen_roots: HashSet<Vec<u8>> = child.iter().map(|(_, _, root)| root.clone()).collect();
	let mut top = KeyValueStateEntry::default();
	let mut children = Vec::new();
	let mut size = 0;
	loop {
		let mut pairs = Vec::new();
		let mut complete = true;
		let mut enter = None;
		let mut args = IterArgs::default();
		args.child_info = child.as_ref().map(|(info, _, _)| info.clone());
		args.start_at = after.as_deref();
		args.start_at_exclusive = true;
		for pair in trie.pairs(args).map_err(state_error)? {
			let (key, value) = pair.map_err(state_error)?;
			let len = key.len() + value.len();
			if size + len > limit && !pairs.is_empty() {
				complete = false;
				break;
			}
			size += len;
			let new_child = child.is_none()
				&& well_known_keys::is_child_storage_key(&key)
				&& seen_roots.insert(value.clone());
			if new_child {
				enter = Some((key.clone(), value.clone()));
			}
			pairs.push(StateEntry { key, value });
			if enter.is_some() {
				break;
			}
		}
		match (enter, child.take()) {
			(Some((storage_key, root)), _) => {
				top.entries.extend(pairs);
				child = Some((child_info(&storage_key)?, storage_key, root));
				after = None;
			},
			(None, Some((_, storage_key, root))) => {
				children.push(KeyValueStateEntry { state_root: root, entries: pairs, complete });
				if !complete {
					break;
				}
				after = Some(storage_key);
			},
			(None, None) => {
				top.entries.extend(pairs);
				top.complete = complete;
				break;
			},
		}
	}
	let mut all = Vec::with_capacity(children.len() + 1);
	all.push(top);
	all.extend(children);
	Ok(all)
}

/// The SCALE-encoded compact proof of the pairs after `start`, up to about `limit` bytes of
/// trie nodes (polkadot-sdk's `read_proof_collection`).
pub(crate) fn range_proof<S: TrieBackendStorage<Hashing>>(
	trie: &TrieBackend<S, Hashing>,
	start: &[Vec<u8>],
	limit: usize,
) -> Result<Vec<u8>, ServeError> {
	// Checked here so that a bad start is reported as such, not as a failed proof.
	resume_point(trie, start)?;
	let (proof, _count) =
		sp_state_machine::prove_range_read_with_child_with_size_on_trie_backend(trie, limit, start)
			.map_err(|e| ServeError::Proof(e.to_string()))?;
	let compact = proof
		.into_compact_proof::<Hashing>(*trie.root())
		.map_err(|e| ServeError::Proof(e.to_string()))?;
	Ok(compact.encode())
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::wire::state::StateRequest;
	use sci_primitives::Hash;
	use sp_core::storage::{Storage, StorageChild};
	use sp_state_machine::{InMemoryBackend, KeyValueStates};
	use sp_trie::CompactProof;
	use std::collections::{BTreeMap, HashMap};

	/// Every pair of a state: the main trie (with the child tries' roots) and each child trie.
	type Contents = BTreeMap<Option<Vec<u8>>, BTreeMap<Vec<u8>, Vec<u8>>>;

	/// 300 keys in the main trie around two child tries of 120 and 3 keys, and a third child
	/// trie with the same contents (so the same root) as the second.
	pub(crate) fn test_state() -> InMemoryBackend<Hashing> {
		let mut top = BTreeMap::new();
		for i in 0..300u32 {
			top.insert(sp_crypto_hashing::twox_128(&i.to_le_bytes()).to_vec(), vec![i as u8; 40]);
		}
		top.insert(b":code".to_vec(), vec![7; 5000]);
		top.insert(b"zzz-after-children".to_vec(), vec![1]);
		let child = |name: &[u8], keys: u32| StorageChild {
			data: (0..keys).map(|i| (i.to_be_bytes().to_vec(), vec![name[0]; 33])).collect(),
			child_info: ChildInfo::new_default(name),
		};
		let mut children_default = std::collections::HashMap::new();
		for (name, keys) in [(&b"alpha"[..], 120), (b"beta", 3), (b"gamma", 3)] {
			let child = child(name, keys);
			children_default.insert(child.child_info.storage_key().to_vec(), child);
		}
		// `gamma` has `beta`'s contents, so the same root.
		children_default.get_mut(&b"gamma"[..]).unwrap().data =
			children_default[&b"beta"[..]].data.clone();
		InMemoryBackend::from((
			Storage { top, children_default },
			sp_core::storage::StateVersion::V1,
		))
	}

	fn contents(trie: &InMemoryBackend<Hashing>) -> Contents {
		let mut all = Contents::new();
		for pair in trie.pairs(Default::default()).unwrap() {
			let (key, value) = pair.unwrap();
			if well_known_keys::is_child_storage_key(&key) {
				let info = child_info(&key).unwrap();
				let mut args = IterArgs::default();
				args.child_info = Some(info);
				let child = trie.pairs(args).unwrap().map(Result::unwrap).collect();
				all.insert(Some(key.clone()), child);
			}
			all.entry(None).or_default().insert(key, value);
		}
		all
	}

	/// Downloads the whole state with raw pairs, `limit` bytes at a time, continuing as a
	/// requester does: inside the child trie left incomplete, else after the main trie's last
	/// key. Child tries are told apart by their roots, as polkadot-sdk's state sync does.
	fn download_entries(trie: &InMemoryBackend<Hashing>, limit: usize) -> (Contents, usize) {
		let mut got = Contents::new();
		let mut child_keys: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
		let mut start: Vec<Vec<u8>> = Vec::new();
		for responses in 1..10_000 {
			let response = entries(trie, &start, limit).unwrap();
			assert!(response[0].state_root.is_empty(), "the main trie comes first");
			for entry in &response[0].entries {
				if well_known_keys::is_child_storage_key(&entry.key) {
					child_keys.entry(entry.value.clone()).or_insert_with(|| entry.key.clone());
				}
				got.entry(None).or_default().insert(entry.key.clone(), entry.value.clone());
			}
			for level in &response[1..] {
				let key = child_keys[&level.state_root].clone();
				let pairs = got.entry(Some(key)).or_default();
				pairs.extend(level.entries.iter().map(|e| (e.key.clone(), e.value.clone())));
			}
			let last = response.last().unwrap();
			start = if response.len() > 1 && !last.complete {
				vec![child_keys[&last.state_root].clone(), last.entries.last().unwrap().key.clone()]
			} else if response[0].complete {
				return (got, responses);
			} else {
				vec![got[&None].keys().last().unwrap().clone()]
			};
		}
		panic!("no progress")
	}

	#[test]
	fn entries_cover_the_state_in_one_response_or_many() {
		let trie = test_state();
		let expected = contents(&trie);
		// Children: `alpha` and `beta`, and `gamma` (the same root as `beta`) as a plain pair.
		assert_eq!(expected.len(), 4);
		let (got, responses) = download_entries(&trie, MAX_RESPONSE_BYTES);
		assert_eq!(responses, 1);
		let mut without_gamma = expected.clone();
		without_gamma
			.remove(&Some(ChildInfo::new_default(b"gamma").prefixed_storage_key().into_inner()));
		assert_eq!(got, without_gamma, "a child trie whose root was sent is not sent again");

		for limit in [1, 100, 1000, 4000] {
			let (got, responses) = download_entries(&trie, limit);
			assert!(responses > 1);
			let got_children: Vec<_> = got.keys().cloned().collect();
			for key in got_children {
				assert_eq!(got[&key], expected[&key], "limit {limit}");
			}
			assert_eq!(got[&None], expected[&None]);
		}
	}

	#[test]
	fn one_response_ends_at_the_limit_but_sends_a_pair() {
		let trie = test_state();
		let response = entries(&trie, &[], 1).unwrap();
		assert_eq!(response.len(), 1);
		assert_eq!(response[0].entries.len(), 1);
		assert!(!response[0].complete);
		// `:code` (5000 bytes) alone is over a 1000-byte limit, and still sent.
		let response = entries(&trie, &[b":child_storage:default:gamma".to_vec()], 1000).unwrap();
		assert_eq!(response[0].entries[0].key, b":code".to_vec());
		assert_eq!(response[0].entries.len(), 1);
	}

	#[test]
	fn resuming_inside_a_child_trie() {
		let trie = test_state();
		let alpha = ChildInfo::new_default(b"alpha").prefixed_storage_key().into_inner();
		let start = vec![alpha.clone(), 100u32.to_be_bytes().to_vec()];
		let response = entries(&trie, &start, MAX_RESPONSE_BYTES).unwrap();
		assert!(response[0].entries[0].key > alpha, "the main trie resumes after the child");
		assert_eq!(response[1].entries.len(), 19, "keys 101..=119 of alpha");
		assert!(response[1].complete);
		assert!(response[0].complete);

		let bad = [b":child_storage:default:nope".to_vec(), vec![]];
		assert!(matches!(entries(&trie, &bad, 100), Err(ServeError::Proof(_))));
		assert!(matches!(range_proof(&trie, &bad, 100), Err(ServeError::Proof(_))));
		let not_child = [b"plain".to_vec(), vec![]];
		assert!(matches!(entries(&trie, &not_child, 100), Err(ServeError::Proof(_))));
		let three = [vec![], vec![], vec![]];
		assert!(matches!(entries(&trie, &three, 100), Err(ServeError::Malformed(_))));
	}

	/// Downloads the whole state with proofs, as polkadot-sdk's state sync does: check each
	/// proof against the root, keep what it proves and continue from the last key of the trie
	/// the check stopped in.
	fn download_proofs(trie: &InMemoryBackend<Hashing>, limit: usize) -> (Contents, usize) {
		let root = *trie.root();
		let mut got = Contents::new();
		let mut child_keys: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
		let mut start: Vec<Vec<u8>> = Vec::new();
		for responses in 1..10_000 {
			let encoded = range_proof(trie, &start, limit).unwrap();
			let compact = <CompactProof as codec::Decode>::decode(&mut &encoded[..]).unwrap();
			let (proof, checked_root) = compact.to_storage_proof::<Hashing>(&root).unwrap();
			assert_eq!(checked_root, root);
			let (values, depth): (KeyValueStates, usize) =
				sp_state_machine::read_range_proof_check_with_child::<Hashing>(root, proof, &start)
					.unwrap();
			for (key, value) in &values.0[0].key_values {
				if well_known_keys::is_child_storage_key(key) {
					child_keys.entry(value.clone()).or_insert_with(|| key.clone());
				}
				got.entry(None).or_default().insert(key.clone(), value.clone());
			}
			for level in &values.0[1..] {
				let key = child_keys[&level.state_root].clone();
				got.entry(Some(key)).or_default().extend(level.key_values.iter().cloned());
			}
			let top_last = values.0[0].key_values.last().map(|(k, _)| k.clone());
			start = match depth {
				0 => return (got, responses),
				1 => vec![top_last.unwrap_or_else(|| start[0].clone())],
				_ => {
					let child = values.0.last().unwrap().key_values.last().unwrap().0.clone();
					vec![top_last.unwrap_or_else(|| start[0].clone()), child]
				},
			};
		}
		panic!("no progress")
	}

	#[test]
	fn proofs_cover_the_state_and_check_against_the_root() {
		let trie = test_state();
		let expected = contents(&trie);
		for limit in [MAX_RESPONSE_BYTES, 2000, 200] {
			let (got, responses) = download_proofs(&trie, limit);
			assert_eq!(responses == 1, limit == MAX_RESPONSE_BYTES, "limit {limit}");
			assert_eq!(got[&None], expected[&None], "limit {limit}");
			for (key, pairs) in &got {
				assert_eq!(pairs, &expected[key], "limit {limit}");
			}
		}
	}

	/// A proof does not check against another root.
	#[test]
	fn a_proof_is_bound_to_its_root() {
		let trie = test_state();
		let encoded = range_proof(&trie, &[], MAX_RESPONSE_BYTES).unwrap();
		let compact = <CompactProof as codec::Decode>::decode(&mut &encoded[..]).unwrap();
		assert!(compact.to_storage_proof::<Hashing>(&Hash::repeat_byte(1)).is_err());
	}

	mod with_a_client {
		use super::*;
		use sci_client::Client;

		fn client() -> (tempfile::TempDir, std::sync::Arc<Client>) {
			let dir = tempfile::tempdir().unwrap();
			let executor = sci_executor::WasmExecutor::new().unwrap();
			let spec = sci_chain_spec::ChainSpec::load("dev", &executor).unwrap();
			let db = sci_storage::db::Db::open(dir.path()).unwrap();
			(dir, Client::open(db, spec, executor).unwrap())
		}

		fn request(block: Hash, start: Vec<Vec<u8>>, no_proof: bool) -> Vec<u8> {
			StateRequest { block: block.as_bytes().to_vec(), start, no_proof }.encode_to_vec()
		}

		#[test]
		fn serves_the_genesis_state_and_refuses_unknown_blocks() {
			let (_dir, client) = client();
			let genesis = client.info().genesis_hash;
			let root = client.expect_header(genesis).unwrap().state_root;
			let chain: &dyn SyncedChain = &*client;

			// Raw pairs: the dev genesis (with its runtime) fits in one or two responses.
			let mut start = Vec::new();
			let mut pairs = BTreeMap::new();
			loop {
				let bytes = state(chain, &request(genesis, start.clone(), true)).unwrap();
				let response = StateResponse::decode(&bytes[..]).unwrap();
				assert!(response.proof.is_empty());
				assert_eq!(response.entries.len(), 1, "no child tries in the dev genesis");
				let top = &response.entries[0];
				pairs.extend(top.entries.iter().map(|e| (e.key.clone(), e.value.clone())));
				if top.complete {
					break;
				}
				start = vec![top.entries.last().unwrap().key.clone()];
			}
			let all: BTreeMap<_, _> = client
				.state_at(genesis)
				.unwrap()
				.uncached()
				.pairs(Default::default())
				.unwrap()
				.map(Result::unwrap)
				.collect();
			assert_eq!(pairs, all);
			assert!(pairs.contains_key(well_known_keys::CODE));

			// A proof of the first range checks against the header's state root.
			let bytes = state(chain, &request(genesis, vec![], false)).unwrap();
			let response = StateResponse::decode(&bytes[..]).unwrap();
			assert!(response.entries.is_empty());
			let compact =
				<CompactProof as codec::Decode>::decode(&mut &response.proof[..]).unwrap();
			let (proof, _) = compact.to_storage_proof::<Hashing>(&root).unwrap();
			let (values, _) =
				sp_state_machine::read_range_proof_check_with_child::<Hashing>(root, proof, &[])
					.unwrap();
			assert!(!values.0[0].key_values.is_empty());

			let unknown = Hash::repeat_byte(0xee);
			assert!(matches!(
				state(chain, &request(unknown, vec![], false)),
				Err(ServeError::UnknownBlock(h)) if h == unknown
			));
			assert!(matches!(state(chain, &[0x0a, 1, 0]), Err(ServeError::Malformed(_))));
			let four = vec![vec![]; 3];
			assert!(state(chain, &request(genesis, four, true)).unwrap_err().is_malformed());
		}
	}
}
