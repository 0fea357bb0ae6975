//! The `neglist` binary: everything is in `cli`.

mod cli;

// A registry run allocates and frees small strings for every filing;
// mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    // Most runs are a hook's one or two files: transparent huge pages make
    // the allocator's first touches fault in 2 MB at a time, about a
    // millisecond of a 4 ms run. A batch run turns them back on
    // (`cli::check`), where they pay.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with these arguments only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    cli::run()
}
