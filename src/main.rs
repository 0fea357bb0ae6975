//! The `neglist` binary: everything is in `cli`.

mod cli;

// A registry run allocates and frees small strings for every filing;
// mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
