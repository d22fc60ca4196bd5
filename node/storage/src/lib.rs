//! The node's storage: ParityDB columns for blocks, chain pointers and trie nodes ([`db`]),
//! what of them the node deletes as finality moves ([`pruning`]), and the state backend the
//! runtime reads and writes through ([`state`]).

pub mod db;
pub mod pruning;
pub mod state;
