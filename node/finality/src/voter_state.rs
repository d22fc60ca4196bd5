//! What the voter must remember across a crash: the last round it completed and its own votes
//! in the rounds after it. Both are on disk (written, fsynced and renamed into place) before a
//! vote leaves the node, so a validator killed right after voting repeats the same votes when it
//! restarts instead of casting different ones (an equivocation). The database's commits are
//! queued to a background writer, so they cannot give that guarantee.

use super::{OwnVotes, VoterProgress};
use codec::{Decode, DecodeAll, Encode};
use sp_consensus_grandpa::SetId;
use std::{
	fs::{self, File},
	io::{self, Write},
	path::{Path, PathBuf},
};

/// The file name under the directory given to [`VoterStateFile::open`].
const FILE_NAME: &str = "voter-state";

/// The voter's state within one authority set.
#[derive(Clone, Debug, Default, Encode, Decode)]
pub struct VoterState {
	/// The last completed round, if any.
	pub progress: Option<VoterProgress>,
	/// Our votes in the open rounds.
	pub own: Option<OwnVotes>,
}

impl VoterState {
	/// The parts that belong to `set_id` (a state of an older set is of no use to its voter).
	pub fn for_set(self, set_id: SetId) -> Self {
		Self {
			progress: self.progress.filter(|p| p.set_id == set_id),
			own: self.own.filter(|o| o.set_id == set_id),
		}
	}
}

/// Why the voter state could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum VoterStateError {
	/// The file system refused.
	#[error("GRANDPA voter state {path}: {source}")]
	Io {
		/// The file.
		path: PathBuf,
		/// The error.
		source: io::Error,
	},
	/// The file does not decode: the voter cannot know what it voted, so it must not vote.
	#[error(
		"GRANDPA voter state {path} is corrupt ({error}); move it away only if this validator \
		 has not voted in the last few rounds, or it may equivocate"
	)]
	Corrupt {
		/// The file.
		path: PathBuf,
		/// The decoding error.
		error: codec::Error,
	},
}

/// The file holding the [`VoterState`].
#[derive(Clone, Debug)]
pub struct VoterStateFile {
	dir: PathBuf,
}

impl VoterStateFile {
	/// The state kept in `dir` (created if missing).
	pub fn open(dir: &Path) -> Result<Self, VoterStateError> {
		fs::create_dir_all(dir)
			.map_err(|source| VoterStateError::Io { path: dir.into(), source })?;
		Ok(Self { dir: dir.into() })
	}

	fn path(&self) -> PathBuf {
		self.dir.join(FILE_NAME)
	}

	/// The stored state; the default one if nothing was stored yet.
	pub fn load(&self) -> Result<VoterState, VoterStateError> {
		let path = self.path();
		let bytes = match fs::read(&path) {
			Ok(bytes) => bytes,
			Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(VoterState::default()),
			Err(source) => return Err(VoterStateError::Io { path, source }),
		};
		VoterState::decode_all(&mut &bytes[..])
			.map_err(|error| VoterStateError::Corrupt { path, error })
	}

	/// Replace the stored state; on return it survives a crash or a power cut.
	pub fn save(&self, state: &VoterState) -> Result<(), VoterStateError> {
		let path = self.path();
		let tmp = path.with_extension("tmp");
		let io = |path: &Path| {
			let path = path.to_path_buf();
			move |source| VoterStateError::Io { path, source }
		};
		let mut file = File::create(&tmp).map_err(io(&tmp))?;
		file.write_all(&state.encode()).map_err(io(&tmp))?;
		file.sync_all().map_err(io(&tmp))?;
		fs::rename(&tmp, &path).map_err(io(&path))?;
		// The rename itself is only durable once the directory is.
		File::open(&self.dir).and_then(|dir| dir.sync_all()).map_err(io(&self.dir))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::router::SignedVote;
	use finality_grandpa::{Message, Prevote};
	use sp_consensus_grandpa::AuthorityId;
	use sp_core::{ed25519, ByteArray};

	fn state(set_id: SetId, round: u64) -> VoterState {
		let vote = SignedVote {
			message: Message::Prevote(Prevote { target_hash: [7; 32].into(), target_number: 9 }),
			signature: ed25519::Signature::from_raw([1; 64]).into(),
			id: AuthorityId::from_slice(&[2; 32]).unwrap(),
		};
		VoterState {
			progress: Some(VoterProgress {
				set_id,
				round,
				base: ([3; 32].into(), 4),
				votes: vec![vote.clone()],
			}),
			own: Some(OwnVotes { set_id, votes: [(round + 1, vec![vote])].into() }),
		}
	}

	#[test]
	fn saved_state_loads_back_and_replaces_the_previous_one() {
		let dir = tempfile::tempdir().unwrap();
		let file = VoterStateFile::open(&dir.path().join("grandpa")).unwrap();
		assert!(file.load().unwrap().progress.is_none(), "nothing stored yet");
		file.save(&state(1, 10)).unwrap();
		file.save(&state(1, 11)).unwrap();
		let loaded = file.load().unwrap();
		assert_eq!(loaded.progress.as_ref().unwrap().round, 11);
		assert_eq!(loaded.own.as_ref().unwrap().votes.keys().collect::<Vec<_>>(), vec![&12]);
		assert_eq!(loaded.encode(), state(1, 11).encode());
		assert!(!dir.path().join("grandpa").join("voter-state.tmp").exists());
	}

	#[test]
	fn a_state_of_another_set_is_dropped() {
		let loaded = state(1, 10).for_set(2);
		assert!(loaded.progress.is_none() && loaded.own.is_none());
		let kept = state(2, 10).for_set(2);
		assert!(kept.progress.is_some() && kept.own.is_some());
	}

	#[test]
	fn a_corrupt_file_is_an_error_not_an_empty_state() {
		let dir = tempfile::tempdir().unwrap();
		let file = VoterStateFile::open(dir.path()).unwrap();
		file.save(&state(1, 10)).unwrap();
		let bytes = fs::read(dir.path().join(FILE_NAME)).unwrap();
		fs::write(dir.path().join(FILE_NAME), &bytes[..bytes.len() / 2]).unwrap();
		assert!(matches!(file.load(), Err(VoterStateError::Corrupt { .. })));
	}
}
