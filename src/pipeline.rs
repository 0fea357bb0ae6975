//! Checking files: read, decode, load, evaluate — one file at a time, in
//! parallel, results in a deterministic order.

use crate::config::PathMatcher;
use crate::engine::{Finding, RuleSet, evaluate};
use crate::filing::comments::{Directive, directives};
use crate::filing::{
    DEFAULT_MAX_FILE_BYTES, Encoding, Identity, Loaded, SourceFile, Syntax, decode_as, load_as,
};
use crate::parse::date::{AsOf, Date};
use crate::span::{Span, SpanCursor};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The day filings are judged on (None: today).
    pub as_of: Option<AsOf>,
    pub today: Date,
    pub max_file_bytes: usize,
    pub encoding: Encoding,
    /// Also say who each filing is and which licences its scope needs
    /// ([`FileReport::companies`], for the HTML report's company table):
    /// worked out here, on the checking threads, not again by the report.
    pub companies: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            as_of: None,
            today: Date::today(),
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            encoding: Encoding::Utf8,
            companies: false,
        }
    }
}

/// A finding placed in its file.
#[derive(Debug, Clone)]
pub struct PlacedFinding {
    pub finding: Finding,
    pub span: Span,
    pub matched: String,
    /// The filing's USCC and name, for the baseline (shared by all of one
    /// filing's findings); None for a filing with neither, and for
    /// diagnostics about waivers.
    pub identity: Option<Arc<Identity>>,
}

#[derive(Debug, Clone)]
pub struct UnreadableEntry {
    pub document: Option<usize>,
    pub message: String,
    pub span: Span,
}

/// A waiver comment placed in its file.
#[derive(Debug, Clone)]
pub struct PlacedDirective {
    pub document: usize,
    pub directive: Directive,
    /// The comment.
    pub span: Span,
    /// Each rule id it names.
    pub rule_spans: Vec<Span>,
}

/// Who waived a finding, and why.
#[derive(Debug, Clone)]
pub struct WaiverRef {
    /// `comment` (in the filing) or `file` (the central waivers file).
    pub kind: &'static str,
    pub reason: String,
    pub approver: Option<String>,
    pub expires: Option<Date>,
    /// `path:line:col` of the waiver.
    pub location: String,
}

/// A finding a waiver covers: not counted as a failure, still listed.
#[derive(Debug, Clone)]
pub struct Waived {
    pub located: PlacedFinding,
    pub by: WaiverRef,
}

/// What checking one file produced.
#[derive(Debug)]
pub struct FileReport {
    pub path: String,
    /// The file's path as the system names it (`path` is its lossy
    /// display), when the input is a file: a baseline names the file by
    /// these bytes, so that two names that display alike stay apart.
    pub os_path: Option<PathBuf>,
    /// A further part of a file already counted (a line of NDJSON input).
    pub part: bool,
    /// Where `source` starts in the input: its byte offset and the lines
    /// before it (0 for a file; an NDJSON line's place in the stream).
    pub base: usize,
    pub line_base: usize,
    /// The decoded text (absent if it could not be decoded).
    pub source: Option<Arc<SourceFile>>,
    pub filings: usize,
    pub findings: Vec<PlacedFinding>,
    pub unreadable: Vec<UnreadableEntry>,
    /// `# neglist:` comments (applied by `triage`).
    pub directives: Vec<PlacedDirective>,
    /// Findings taken out by waivers (filled by `triage`).
    pub waived: Vec<Waived>,
    /// Findings left out because the baseline has them (by `triage`).
    pub baselined: usize,
    /// With `--as-of filed`: the earliest and latest day its filings were
    /// judged on.
    pub judged_between: Option<(Date, Date)>,
    /// Each filing's identity and needed licences, when
    /// [`CheckOptions::companies`] asks for them.
    pub companies: Vec<Company>,
}

/// Who a filing is, as written, and the 前置 and 许可 lines of its scope
/// by the catalogue (each once, in the scope's order).
#[derive(Debug, Clone)]
pub struct Company {
    pub document: usize,
    pub name: Option<String>,
    pub uscc: Option<String>,
    /// Declared, else the USCC's.
    pub region: Option<String>,
    pub licences: Vec<&'static crate::catalogue::Entry<'static>>,
}

impl Company {
    pub fn of(file: &SourceFile, f: &crate::filing::Filing) -> Company {
        use crate::catalogue::Class;
        let c = crate::classify::classifier();
        let mut licences: Vec<&'static crate::catalogue::Entry<'static>> = vec![];
        for m in crate::engine::eval::classify_items(f).iter().flatten() {
            let e = c.entry(m.entry);
            if matches!(e.class, Class::Prior | Class::Licensed)
                && !licences.iter().any(|o| o.code == e.code)
            {
                licences.push(e);
            }
        }
        Company {
            document: f.document,
            name: f.name.as_ref().map(|n| n.value.value.trim().to_string()),
            uscc: f
                .uscc
                .as_ref()
                .map(|u| file.src[crate::filing::value_range(&u.span, &file.src)].to_string()),
            region: f.region.as_ref().map(|r| r.value.clone()),
            licences,
        }
    }
}

impl FileReport {
    /// A report with nothing in it yet.
    pub fn empty(path: &str) -> FileReport {
        FileReport {
            path: path.to_string(),
            os_path: None,
            part: false,
            base: 0,
            line_base: 0,
            source: None,
            filings: 0,
            findings: vec![],
            unreadable: vec![],
            directives: vec![],
            waived: vec![],
            baselined: 0,
            judged_between: None,
            companies: vec![],
        }
    }

    /// The findings to report, each with its waiver if it has one: the
    /// findings, then (when `waived` is asked for) the waived ones.
    pub fn shown(
        &self,
        waived: bool,
    ) -> impl Iterator<Item = (&PlacedFinding, Option<&WaiverRef>)> {
        let w = self.waived.iter().filter(move |_| waived);
        self.findings
            .iter()
            .map(|f| (f, None))
            .chain(w.map(|w| (&w.located, Some(&w.by))))
    }

    /// A file that could not be read at all (fail closed: it is unreadable, not clean).
    pub fn failed(path: &str, message: String) -> FileReport {
        let mut r = FileReport::empty(path);
        r.unreadable.push(UnreadableEntry {
            document: None,
            message,
            span: no_span(),
        });
        r
    }
}

/// One input: a path found by the walk, or an error met while walking.
#[derive(Debug, Clone)]
pub enum Input {
    File { display: String, path: PathBuf },
    WalkError { display: String, message: String },
}

/// `.yaml` or `.yml`, in any case (`X.YAML` from a Windows tool is a
/// filing too: skipping it would check nothing and pass).
pub fn is_yaml(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Expands paths: files as given, directories walked for `*.yaml`/`*.yml`
/// as ripgrep walks them (hidden and git-ignored files are skipped unless
/// asked; following symlinks; loops and unreadable entries become errors),
/// in path order, lazily: a registry of a million files is never held in
/// memory as a list.
pub fn walk_inputs(paths: &[PathBuf]) -> impl Iterator<Item = Input> + Send + 'static {
    walk_inputs_with(paths, WalkOptions::default())
}

/// What a walk leaves out, and what it calls standard input.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Left out under the directories walked (a matched directory is not
    /// entered).
    pub exclude: Option<Arc<PathMatcher>>,
    /// Leave out paths given explicitly that `exclude` matches too — as
    /// pre-commit passes every file by name, its hook uses `--force-exclude`.
    pub force_exclude: bool,
    /// The name reports give standard input (`-`), and that `exclude` sees.
    pub stdin_name: Option<String>,
    /// Walk into hidden files and directories too (`--hidden`).
    pub hidden: bool,
    /// Walk into files that `.gitignore`, `.ignore`, `.git/info/exclude`
    /// or the global git excludes leave out too (`--no-ignore`).
    pub no_ignore: bool,
    /// Counts the filings a walk found under directories (not the paths
    /// named), so that, with [`unfiltered_filings`], a run can tell how
    /// many it skipped.
    pub found: Option<Arc<std::sync::atomic::AtomicUsize>>,
}

/// Like [`walk_inputs`], with what [`WalkOptions`] says.
pub fn walk_inputs_with(
    paths: &[PathBuf],
    opts: WalkOptions,
) -> impl Iterator<Item = Input> + Send + 'static {
    let kept = top_paths(paths);
    let stdin_name = opts.stdin_name.clone();
    let name = move |p: &Path| match &stdin_name {
        Some(n) if p == Path::new("-") => n.clone(),
        _ => p.to_string_lossy().into_owned(),
    };
    let kept: Vec<PathBuf> = kept
        .into_iter()
        .filter(|p| {
            !(opts.force_exclude
                && opts
                    .exclude
                    .as_ref()
                    .is_some_and(|ex| ex.matches(Path::new(&name(p)))))
        })
        .collect();
    kept.into_iter().flat_map(move |p| {
        let display = name(&p);
        walk_one(p, display, &opts)
    })
}

/// Top-level paths in the order their contents sort as strings; a path
/// inside another one given is walked once.
fn top_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut tops: Vec<(Vec<u8>, PathBuf)> = paths
        .iter()
        .map(|p| (sort_key(&p.to_string_lossy(), p.is_dir()), p.clone()))
        .collect();
    tops.sort();
    let mut kept: Vec<(Vec<u8>, PathBuf)> = vec![];
    for (k, p) in tops {
        let inside = kept
            .iter()
            .any(|(kk, _)| kk.ends_with(b"/") && k.starts_with(kk) || *kk == k);
        if !inside {
            kept.push((k, p));
        }
    }
    kept.into_iter().map(|(_, p)| p).collect()
}

/// How many `*.yaml`/`*.yml` files under the directories of `paths` a walk
/// that skips nothing (but `.git` and `exclude`) finds; 0 when `opts`
/// skip nothing either. Less `found` (what the walk with `opts` found),
/// it is how many that walk skipped as hidden or ignored. Walks the
/// directories once more, reading no file and in no order: it may run
/// beside the check.
pub fn unfiltered_filings(paths: &[PathBuf], opts: &WalkOptions) -> usize {
    if opts.hidden && opts.no_ignore {
        return 0;
    }
    let mut all = 0usize;
    for p in top_paths(paths) {
        if !p.is_dir() {
            continue;
        }
        let exclude = opts.exclude.clone();
        let walk = builder(&p, true, true)
            .filter_entry(move |e| {
                e.file_name() != ".git"
                    && exclude
                        .as_ref()
                        .is_none_or(|ex| !ex.matches_itself(e.path()))
            })
            .build();
        all += walk
            .filter_map(Result::ok)
            .filter(|e| {
                e.depth() > 0 && e.file_type().is_some_and(|t| t.is_file()) && is_yaml(e.path())
            })
            .count();
    }
    all
}

/// A name's bytes with `/` after a directory's, so that a depth-first walk
/// in this order lists paths in plain string order (`a.yaml` < `a/b.yaml`
/// < `a0.yaml`). An iterator: the walk compares with it without building
/// keys.
fn order_bytes(name: &[u8], is_dir: bool) -> impl Iterator<Item = u8> + '_ {
    name.iter().copied().chain(is_dir.then_some(b'/'))
}

/// Two entries of one directory in [`order_bytes`] order. The walk joins
/// each name onto the same path of their directory, so the paths compare
/// as the names do: no name is cut out of a path (a sort compares n log n
/// times). Whether an entry is a directory matters only when one name
/// begins the other (`a` and `a.yaml`), so only then is it looked up.
fn entry_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (x, y) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    if x.len() != y.len() && (x.starts_with(y) || y.starts_with(x)) {
        order_bytes(x, a.is_dir()).cmp(order_bytes(y, b.is_dir()))
    } else {
        x.cmp(y)
    }
}

fn sort_key(name: &str, is_dir: bool) -> Vec<u8> {
    order_bytes(name.trim_end_matches('/').as_bytes(), is_dir).collect()
}

/// The walk of one directory, as ripgrep's: the `ignore` crate's walker,
/// with its standard filters (hidden files, `.gitignore` and `.ignore`
/// files, `.git/info/exclude`, the global excludes; `.gitignore` only
/// inside a git repository) unless `hidden` / `no_ignore` turn them off.
/// Unsorted: a walk that lists filings sorts (`sorted`), one that only
/// counts them need not.
fn builder(p: &Path, hidden: bool, no_ignore: bool) -> ignore::WalkBuilder {
    let mut b = ignore::WalkBuilder::new(p);
    // (Git's ignore rules only: a `.ignore` file, ripgrep's own, is not
    // git's, and a filer could plant one to hide a filing from a walk.)
    b.hidden(!hidden)
        .ignore(false)
        .git_ignore(!no_ignore)
        .git_global(!no_ignore)
        .git_exclude(!no_ignore)
        .parents(!no_ignore)
        .follow_links(true);
    b
}

/// [`builder`], listing each directory's entries in path order.
fn sorted(p: &Path, hidden: bool, no_ignore: bool) -> ignore::WalkBuilder {
    let mut b = builder(p, hidden, no_ignore);
    b.sort_by_file_path(entry_order);
    b
}

fn walk_one(
    p: PathBuf,
    display: String,
    opts: &WalkOptions,
) -> Box<dyn Iterator<Item = Input> + Send> {
    // A path named is always checked (hidden, ignored or not).
    if !p.is_dir() {
        return Box::new(std::iter::once(Input::File { display, path: p }));
    }
    let top = p.clone();
    let exclude = opts.exclude.clone();
    let found = opts.found.clone();
    let walk = sorted(&p, opts.hidden, opts.no_ignore)
        .filter_entry(move |e| {
            e.depth() == 0
                || exclude
                    .as_ref()
                    .is_none_or(|ex| !ex.matches_itself(e.path()))
        })
        .build();
    Box::new(walk.filter_map(move |entry| match entry {
        Ok(e) => {
            let t = e.file_type()?;
            if !is_yaml(e.path()) || t.is_dir() {
                return None;
            }
            if let Some(n) = &found {
                n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let display = e.path().to_string_lossy().into_owned();
            Some(if t.is_file() {
                Input::File {
                    display,
                    path: e.into_path(),
                }
            } else {
                // A FIFO, socket or device named like a filing (directly
                // or through a link) is reported, never opened and never
                // skipped in silence.
                Input::WalkError {
                    display,
                    message: format!("cannot read file: {}", not_regular(t)),
                }
            })
        }
        Err(err) => Some(walk_error(&top, err)),
    }))
}

/// An error met while walking, as an input that could not be read: a
/// symlink loop, an unreadable directory, a broken link.
fn walk_error(top: &Path, err: ignore::Error) -> Input {
    // The error's path and its cause, under the context `ignore` adds.
    let mut path: Option<PathBuf> = None;
    let mut e = &err;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.clone());
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err
            }
            _ => break,
        }
    }
    let message = match e {
        ignore::Error::Loop { child, .. } => {
            path.get_or_insert_with(|| child.clone());
            "symlink loop: this directory links back to one of its ancestors".to_string()
        }
        ignore::Error::Io(io) => {
            // (Without the walker's "IO error for operation on PATH" prefix:
            // the path is the report's.)
            let inner = io
                .get_ref()
                .and_then(|e| e.source())
                .and_then(|e| e.downcast_ref::<std::io::Error>())
                .unwrap_or(io);
            let why = inner.to_string();
            let broken = io.kind() == std::io::ErrorKind::NotFound
                && path
                    .as_deref()
                    .is_some_and(|p| p.symlink_metadata().is_ok_and(|m| m.is_symlink()));
            if broken {
                format!("broken symlink: what it points to cannot be read: {why}")
            } else {
                format!("cannot read while walking: {why}")
            }
        }
        other => format!("cannot read while walking: {other}"),
    };
    let display = path
        .as_deref()
        .unwrap_or(top)
        .to_string_lossy()
        .into_owned();
    Input::WalkError { display, message }
}

/// All inputs at once (for small jobs, such as rule test files).
pub fn collect_inputs(paths: &[PathBuf]) -> Vec<Input> {
    walk_inputs(paths).collect()
}

fn no_span() -> Span {
    Span {
        offset: 0,
        length: 0,
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
    }
}

/// Checks one file's bytes.
pub fn check_source(
    rules: &RuleSet,
    path: String,
    bytes: Vec<u8>,
    opts: &CheckOptions,
) -> FileReport {
    check_text(rules, path, bytes, opts, Syntax::Yaml)
}

/// Checks bytes written in `syntax` (YAML files, or one NDJSON line).
fn check_text(
    rules: &RuleSet,
    path: String,
    bytes: Vec<u8>,
    opts: &CheckOptions,
    syntax: Syntax,
) -> FileReport {
    let mut report = FileReport::empty(&path);
    if bytes.len() > opts.max_file_bytes {
        report.unreadable.push(UnreadableEntry {
            document: None,
            message: format!(
                "file is over the {}-byte limit for one filing file (raise it with --max-file-size)",
                opts.max_file_bytes
            ),
            span: no_span(),
        });
        return report;
    }
    let (text, disk_offsets) = match decode_as(bytes, opts.encoding) {
        Ok(d) => (d.text, d.disk_offsets),
        Err(e) => {
            report.unreadable.push(UnreadableEntry {
                document: None,
                message: e.message,
                span: Span {
                    offset: e.offset,
                    length: 1,
                    ..no_span()
                },
            });
            return report;
        }
    };
    let file = Arc::new(SourceFile::of(path, text, syntax));
    let mut cursor = SpanCursor::new(&file.lines, &file.src);
    // Lines and columns come from the text; offsets are the file's own
    // bytes, which differ from the text's when it was not UTF-8 on disk.
    let mut span = |start: usize, end: usize| {
        let mut s = cursor.span(start, end);
        if let Some(map) = &disk_offsets {
            let at = |i: usize| map[i.min(map.len() - 1)] as usize;
            s.offset = at(start);
            s.length = at(end) - at(start);
        }
        s
    };
    // Where each document starts, to place waiver comments in one.
    let mut doc_starts: Vec<(usize, usize)> = vec![];
    for doc in load_as(&file, syntax) {
        match doc {
            Loaded::Filing(f) => {
                doc_starts.push((f.span.start, f.document));
                report.filings += 1;
                let as_of = match opts.as_of {
                    Some(AsOf::Day(d)) => d,
                    Some(AsOf::Filed) => f.filed_on.as_ref().map_or(opts.today, |d| d.value),
                    None => opts.today,
                };
                if opts.as_of == Some(AsOf::Filed) {
                    let (a, b) = report.judged_between.unwrap_or((as_of, as_of));
                    report.judged_between = Some((a.min(as_of), b.max(as_of)));
                }
                if opts.companies {
                    report.companies.push(Company::of(&file, &f));
                }
                let identity = f.baseline_identity(&file.src).map(Arc::new);
                let found = evaluate(rules, &file, &f, as_of, None);
                // (Exactly: a file of 500 000 findings must not hold a
                // vector grown to twice that.)
                report.findings.reserve_exact(found.len());
                for finding in found {
                    let r = finding.range.clone();
                    report.findings.push(PlacedFinding {
                        span: span(r.start, r.end),
                        matched: file.src[r].to_string(),
                        finding,
                        identity: identity.clone(),
                    });
                }
            }
            Loaded::Unreadable(u) => report.unreadable.push(UnreadableEntry {
                document: u.document,
                message: u.message,
                span: span(u.span.start, u.span.end),
            }),
        }
    }
    // (JSON has no comments: an NDJSON line carries no waiver.)
    let directives = match syntax {
        Syntax::Yaml => directives(&file),
        Syntax::Json => vec![],
    };
    for d in directives {
        let at = d.covers.start;
        let document = doc_starts
            .iter()
            .rev()
            .find(|(start, _)| *start <= at)
            .or(doc_starts.first())
            .map_or(0, |(_, doc)| *doc);
        report.directives.push(PlacedDirective {
            document,
            span: span(d.span.start, d.span.end),
            rule_spans: d.rules.iter().map(|(_, r)| span(r.start, r.end)).collect(),
            directive: d,
        });
    }
    report.source = Some(file);
    report
}

/// What a file that is not a regular file is, for the message that refuses it.
fn not_regular(kind: std::fs::FileType) -> String {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            "a FIFO (named pipe)"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_char_device() {
            "a character device"
        } else if kind.is_block_device() {
            "a block device"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = kind;
        "not a regular file"
    };
    format!("it is {what}; filings are read from regular files only")
}

/// Opens a file to read filings from: only a regular file (through links),
/// and without blocking, so a FIFO put in its place cannot hang the run.
/// One open and one fstat on the common path; the file's type is looked up
/// by name only when the open fails (a socket cannot be opened at all).
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    open_regular_sized(path).map(|(file, _)| file)
}

/// `open_regular`, with the file's size from the same fstat.
fn open_regular_sized(path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let refuse = |kind| std::io::Error::new(std::io::ErrorKind::InvalidInput, not_regular(kind));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) => {
            return Err(match std::fs::metadata(path) {
                Ok(m) if !m.is_file() && !m.is_dir() => refuse(m.file_type()),
                _ => e,
            });
        }
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refuse(meta.file_type()));
    }
    Ok((file, meta.len()))
}

/// Reads a file, or standard input for `-`, refusing more than `max` bytes
/// without reading them all.
fn read_input(path: &Path, max: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = vec![];
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take((max as u64).saturating_add(1))
            .read_to_end(&mut bytes)?;
    } else {
        let (file, size) = open_regular_sized(path)?;
        // The size lets one read fetch the whole file (and an oversized one
        // is refused by the caller without being read whole).
        bytes.reserve_exact((size as usize).min(max).saturating_add(1));
        file.take((max as u64).saturating_add(1))
            .read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

fn check_input(rules: &RuleSet, input: &Input, opts: &CheckOptions) -> FileReport {
    match input {
        Input::File { display, path } => {
            let mut r = match read_input(path, opts.max_file_bytes) {
                Ok(bytes) => check_source(rules, display.clone(), bytes, opts),
                Err(e) => FileReport::failed(display, format!("cannot read file: {e}")),
            };
            if path != Path::new("-") {
                r.os_path = Some(path.clone());
            }
            r
        }
        Input::WalkError { display, message } => FileReport::failed(display, message.clone()),
    }
}

/// Checks every input in parallel; reports come back in input order.
pub fn check_inputs(rules: &RuleSet, inputs: &[Input], opts: &CheckOptions) -> Vec<FileReport> {
    inputs
        .par_iter()
        .map(|input| check_input(rules, input, opts))
        .collect()
}

/// Checks a few inputs one after the other on this thread: no thread pool
/// to start, for a pre-commit hook's one or two files.
pub fn check_each_serial<I, F>(rules: &RuleSet, inputs: I, opts: &CheckOptions, mut each: F)
where
    I: Iterator<Item = Input>,
    F: FnMut(FileReport),
{
    for input in inputs {
        each(check_input(rules, &input, opts));
    }
}

/// How many files are checked together: enough to keep every core busy,
/// few enough that memory stays bounded by the work in flight.
const CHUNK: usize = 256;
/// And how many bytes of files at most (at least one file): 256 files of
/// 9 MB each in flight held 2.75 GB.
const CHUNK_BYTES: u64 = 32 << 20;

/// Checks inputs as they come and hands each report to `each`, in input
/// order, then drops it. A walker thread lists files while the workers
/// check the previous chunk and `each` writes the one before that, so
/// memory holds a few chunks, whatever the number of files.
pub fn check_each<I, F>(rules: &RuleSet, inputs: I, opts: &CheckOptions, mut each: F)
where
    I: Iterator<Item = Input> + Send,
    F: FnMut(FileReport) + Send,
{
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Input>>(4);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut inputs = inputs;
            loop {
                let mut chunk: Vec<Input> = vec![];
                let mut bytes = 0u64;
                while chunk.len() < CHUNK && bytes < CHUNK_BYTES {
                    let Some(input) = inputs.next() else { break };
                    if let Input::File { path, .. } = &input {
                        bytes += std::fs::metadata(path).map_or(0, |m| m.len());
                    }
                    chunk.push(input);
                }
                if chunk.is_empty() || tx.send(chunk).is_err() {
                    break;
                }
            }
        });
        let mut pending: Vec<FileReport> = vec![];
        for chunk in rx {
            let (done, ()) = rayon::join(
                || check_inputs(rules, &chunk, opts),
                || pending.drain(..).for_each(&mut each),
            );
            pending = done;
        }
        pending.into_iter().for_each(&mut each);
    });
}

/// Reads one line of at most `max` bytes into `buf` (without its line
/// break). Returns None at the end of input, else whether the line fitted
/// (a longer one is skipped to its end, never held whole) and how many
/// bytes it took in the stream, line break included.
fn read_line_limited(
    r: &mut impl std::io::BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<(bool, usize)>> {
    buf.clear();
    let mut consumed = 0;
    let mut fits = true;
    loop {
        let chunk = r.fill_buf()?;
        if chunk.is_empty() {
            return Ok((consumed > 0).then_some((fits, consumed)));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        if fits && buf.len() + take <= max {
            buf.extend_from_slice(&chunk[..take]);
        } else {
            fits = false;
            buf.clear();
        }
        let used = take + usize::from(done);
        r.consume(used);
        consumed += used;
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Some((fits, consumed)));
        }
    }
}

/// Checks NDJSON input — one filing a line, as a JSON object with the keys
/// of the filing format — streaming, in the way `check_each` checks files:
/// a reader thread cuts the stream into chunks of lines while the workers
/// check the previous chunk and `each` writes the one before that, so
/// reading, checking and writing overlap, reports come out in input order,
/// and memory holds a few chunks however long the stream. A chunk also
/// ends where the input has nothing more buffered, and reports are written
/// as soon as nothing newer is waiting: lines arriving slowly (a
/// registration system writing one filing at a time) are answered as they
/// come, not when a chunk fills. Each line is a document of `path`
/// (`document` = line number − 1) and spans point into the stream.
pub fn check_ndjson<R, F>(rules: &RuleSet, path: &str, input: R, opts: &CheckOptions, mut each: F)
where
    R: std::io::Read + Send,
    F: FnMut(FileReport) + Send,
{
    let mut reader = std::io::BufReader::with_capacity(1 << 20, input);
    // The file itself, counted once.
    each(FileReport::empty(path));
    // (line index, byte offset of the line, its bytes or None if too long)
    type Line = (usize, usize, Option<Vec<u8>>);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Line>, String>>(4);
    let max = opts.max_file_bytes;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut line_no = 0usize;
            let mut offset = 0usize;
            let mut buf = vec![];
            loop {
                let mut chunk: Vec<Line> = vec![];
                let mut bytes = 0usize;
                let mut ended = false;
                while chunk.len() < CHUNK * 4 && bytes < CHUNK_BYTES as usize {
                    let before = offset;
                    match read_line_limited(&mut reader, &mut buf, max) {
                        Ok(None) => {
                            ended = true;
                            break;
                        }
                        Ok(Some((fits, used))) => {
                            offset += used;
                            line_no += 1;
                            if fits && buf.iter().all(u8::is_ascii_whitespace) {
                                continue;
                            }
                            bytes += buf.len();
                            chunk.push((line_no - 1, before, fits.then(|| buf.clone())));
                            if reader.buffer().is_empty() {
                                // The next read may wait: hand over what
                                // there is.
                                break;
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Ok(chunk));
                            let _ = tx.send(Err(format!("cannot read input: {e}")));
                            return;
                        }
                    }
                }
                if (!chunk.is_empty() && tx.send(Ok(chunk)).is_err()) || ended {
                    return;
                }
            }
        });
        let mut pending: Vec<FileReport> = vec![];
        loop {
            let chunk = match rx.try_recv() {
                Ok(chunk) => chunk,
                Err(std::sync::mpsc::TryRecvError::Empty) => {
                    // Nothing newer yet: write what is done, then wait.
                    pending.drain(..).for_each(&mut each);
                    match rx.recv() {
                        Ok(chunk) => chunk,
                        Err(_) => break,
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
            };
            match chunk {
                Ok(lines) => {
                    let (done, ()) = rayon::join(
                        || {
                            lines
                                .into_par_iter()
                                .map(|(n, at, bytes)| ndjson_line(rules, path, n, at, bytes, opts))
                                .collect()
                        },
                        || pending.drain(..).for_each(&mut each),
                    );
                    pending = done;
                }
                Err(message) => {
                    pending.drain(..).for_each(&mut each);
                    let mut r = FileReport::failed(path, message);
                    r.part = true;
                    each(r);
                }
            }
        }
        pending.into_iter().for_each(&mut each);
    });
}

fn ndjson_line(
    rules: &RuleSet,
    path: &str,
    n: usize,
    at: usize,
    bytes: Option<Vec<u8>>,
    opts: &CheckOptions,
) -> FileReport {
    let Some(bytes) = bytes else {
        let mut r = FileReport::failed(
            path,
            format!(
                "line {} is over the {}-byte limit for one filing",
                n + 1,
                opts.max_file_bytes
            ),
        );
        r.part = true;
        r.unreadable[0].document = Some(n);
        r.unreadable[0].span.line = n + 1;
        r.unreadable[0].span.end_line = n + 1;
        r.unreadable[0].span.offset = at;
        return r;
    };
    let mut r = check_text(rules, path.to_string(), bytes, opts, Syntax::Json);
    r.part = true;
    r.base = at;
    r.line_base = n;
    // One line, one filing: its document number is its line's, and its
    // positions are the stream's.
    let shift = |s: &mut Span| {
        s.offset += at;
        s.line += n;
        s.end_line += n;
    };
    for f in &mut r.findings {
        f.finding.document = n;
        shift(&mut f.span);
    }
    for u in &mut r.unreadable {
        u.document = Some(n);
        shift(&mut u.span);
    }
    for c in &mut r.companies {
        c.document = n;
    }
    for d in &mut r.directives {
        d.document = n;
        shift(&mut d.span);
        d.rule_spans.iter_mut().for_each(shift);
    }
    if r.filings > 1 {
        r.unreadable.push(UnreadableEntry {
            document: Some(n),
            message: "an NDJSON line must hold exactly one filing".into(),
            span: Span {
                offset: at,
                line: n + 1,
                end_line: n + 1,
                ..no_span()
            },
        });
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_are_ordered_as_their_names_with_a_slash_after_a_directory_s() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a",
            "a.yaml",
            "a0.yaml",
            "ab",
            "b.yml",
            "公司.yaml",
            "a-",
            "a~",
        ];
        for (i, n) in names.iter().enumerate() {
            let p = dir.path().join(n);
            // (Every other name a directory, `a` among them.)
            if i % 2 == 0 {
                std::fs::create_dir(&p).unwrap();
            } else {
                std::fs::write(&p, "").unwrap();
            }
        }
        for x in names {
            for y in names {
                let (a, b) = (dir.path().join(x), dir.path().join(y));
                let want = order_bytes(x.as_bytes(), a.is_dir())
                    .cmp(order_bytes(y.as_bytes(), b.is_dir()));
                assert_eq!(entry_order(&a, &b), want, "{x} {y}");
            }
        }
        // (`a/` sorts after `a.yaml` and `a-`, before `a0.yaml`.)
        let a = dir.path().join("a");
        assert!(entry_order(&a, &dir.path().join("a.yaml")).is_gt());
        assert!(entry_order(&a, &dir.path().join("a0.yaml")).is_lt());
    }
}
