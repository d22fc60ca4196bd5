//! The node's storage: ParityDB columns for blocks, chain pointers and trie nodes ([`db`]),
//! and the state backend the runtime reads and writes through ([`state`]).

pub mod db;
pub mod state;
