//! Only tests live here: `tests/transfer.rs` drives a dev node with subxt.
