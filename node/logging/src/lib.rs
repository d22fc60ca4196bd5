//! Node logging: `env_logger` with `-l`/`RUST_LOG`-style directives, and a capture of the error
//! lines logged meanwhile, for commands that report them (the runtime logs why a try-runtime
//! check failed; the error it returns only says that one did).

use log::{Level, LevelFilter, Log, Metadata, Record};
use std::sync::Mutex;

/// Error lines logged since [`ErrorCapture::start`], if a capture is running.
static CAPTURED: Mutex<Option<Vec<String>>> = Mutex::new(None);

struct Logger {
	inner: env_logger::Logger,
}

impl Log for Logger {
	fn enabled(&self, metadata: &Metadata<'_>) -> bool {
		self.inner.enabled(metadata) || metadata.level() == Level::Error
	}

	fn log(&self, record: &Record<'_>) {
		if record.level() == Level::Error {
			if let Some(lines) = CAPTURED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
				lines.push(record.args().to_string());
			}
		}
		self.inner.log(record);
	}

	fn flush(&self) {
		self.inner.flush();
	}
}

/// How log lines look.
#[derive(Clone, Copy, Debug, Default)]
pub struct Format {
	/// Each line also names its target (module) and thread (`--detailed-log-output`).
	pub detailed: bool,
	/// Never colour (`--disable-log-color`); otherwise colour only on a terminal.
	pub no_color: bool,
}

/// Log to stderr at `info` and as `directives` (e.g. `runtime=debug`) say. Errors always reach
/// a running [`ErrorCapture`], even when the directives hide them. A second call does nothing.
pub fn init(directives: &[String]) {
	init_with(directives, Format::default())
}

/// [`init`], formatting lines as `format` says.
pub fn init_with(directives: &[String], format: Format) {
	let filter = if directives.is_empty() { "info".to_string() } else { directives.join(",") };
	let mut builder = env_logger::Builder::new();
	builder.parse_filters("info").parse_filters(&filter).format_timestamp_millis();
	if format.no_color {
		builder.write_style(env_logger::WriteStyle::Never);
	}
	if format.detailed {
		builder.format(|buf, record| {
			use std::io::Write;
			let thread = std::thread::current();
			writeln!(
				buf,
				"{} {} {} {} {}",
				buf.timestamp_millis(),
				record.level(),
				thread.name().unwrap_or("-"),
				record.target(),
				record.args()
			)
		});
	}
	let inner = builder.build();
	let max = inner.filter().max(LevelFilter::Error);
	if log::set_boxed_logger(Box::new(Logger { inner })).is_ok() {
		log::set_max_level(max);
	}
}

/// Collects the error lines logged (by the node or the runtime) while it runs.
pub struct ErrorCapture(());

impl ErrorCapture {
	/// Start collecting; one capture at a time.
	pub fn start() -> Self {
		*CAPTURED.lock().unwrap_or_else(|e| e.into_inner()) = Some(Vec::new());
		Self(())
	}

	/// Stop and return what was collected.
	pub fn finish(self) -> Vec<String> {
		CAPTURED.lock().unwrap_or_else(|e| e.into_inner()).take().unwrap_or_default()
	}
}

impl Drop for ErrorCapture {
	fn drop(&mut self) {
		CAPTURED.lock().unwrap_or_else(|e| e.into_inner()).take();
	}
}
