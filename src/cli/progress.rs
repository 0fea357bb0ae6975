//! The progress line of a long `check`: files and filings done, the rate,
//! findings so far, on stderr, drawn by indicatif. It appears only when a
//! run is still going after about a second, and only where someone is
//! watching: stderr a terminal, stdout not the same terminal (the report
//! goes to a file or a pipe; a report streaming onto the terminal shows
//! progress by itself), not under CI, not with `--quiet`. It is cleared at
//! the end, so nothing of it stays in the terminal's scrollback.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

/// How long a run goes before the line appears.
const DELAY: Duration = Duration::from_secs(1);
/// How often the counts are handed to indicatif (which also limits its own
/// redraws): a million small files must not each format a message.
const EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    last: Instant,
    shown: bool,
    files: u64,
    filings: u64,
    findings: u64,
}

impl Progress {
    /// A progress line if this run should have one (see the module notes;
    /// `to_file`: the report goes to `--output FILE`, not to stdout).
    pub fn new(quiet: bool, to_file: bool) -> Progress {
        let wanted = !quiet
            && std::io::stderr().is_terminal()
            && (to_file || !std::io::stdout().is_terminal())
            && std::env::var_os("CI").is_none()
            && std::env::var_os("NEGLIST_NO_PROGRESS").is_none();
        let bar = wanted.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{spinner} neglist: {msg} [{elapsed}]")
                    .expect("a fixed template")
                    .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "),
            );
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            started: now,
            last: now,
            shown: false,
            files: 0,
            filings: 0,
            findings: 0,
        }
    }

    /// Counts one more report (a file, or an NDJSON line).
    pub fn add(&mut self, new_file: bool, filings: usize, findings: usize) {
        let Some(bar) = &self.bar else { return };
        self.files += u64::from(new_file);
        self.filings += filings as u64;
        self.findings += findings as u64;
        let now = Instant::now();
        if now.duration_since(self.last) < EVERY {
            return;
        }
        self.last = now;
        let elapsed = now.duration_since(self.started);
        if !self.shown {
            if elapsed < DELAY {
                return;
            }
            self.shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(EVERY);
        }
        let rate = self.filings as f64 / elapsed.as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{} file{}, {} filing{} ({:.0}/s), {} finding{} so far",
            self.files,
            plural(self.files),
            self.filings,
            plural(self.filings),
            rate,
            self.findings,
            plural(self.findings),
        ));
    }

    /// Clears the line (before the summary is written).
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}
