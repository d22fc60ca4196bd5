//! `sci-node`: see `sci_node::cli`.

sci_node::global_allocator!();

fn main() {
	// Runtime calls run wasmtime on the calling thread: give it a stack much larger than the
	// Wasm stack limit.
	let result = std::thread::Builder::new()
		.name("main".into())
		.stack_size(sci_node::executor::EXECUTOR_THREAD_STACK)
		.spawn(sci_node::cli::run)
		.expect("spawning the main thread")
		.join();
	match result {
		Ok(Ok(())) => {},
		Ok(Err(e)) => {
			eprintln!("Error: {e:#}");
			std::process::exit(1);
		},
		Err(_) => std::process::exit(101),
	}
}
