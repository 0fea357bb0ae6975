//! `neglist check`: walk → check (in parallel) → triage → report, streamed
//! file by file in path order.

use super::setup::{self, TriageFlags};
use super::{Cli, Command, EncodingArg, FEW_FILES, Format, InputFormat};
use neglist::config::Config;
use neglist::engine::{RuleSet, Workload};
use neglist::filing::Encoding;
use neglist::lang::Lang;
use neglist::parse::date::{AsOf, Date};
use neglist::pipeline::{
    CheckOptions, FileReport, Input, WalkOptions, check_each, check_each_serial, check_ndjson,
    walk_inputs_with,
};
use neglist::report::{self, Summary};
use neglist::rule::Catalog;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

/// The input `target` is, or lies in a walked directory as a filing, if it
/// is one: writing a baseline there would destroy a filing.
fn overwrites_an_input<'a>(
    target: &std::path::Path,
    inputs: &'a [std::path::PathBuf],
) -> Option<&'a std::path::Path> {
    // (A file not written yet is where its folder is.)
    let target = std::fs::canonicalize(target).ok().or_else(|| {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => std::path::Path::new("."),
        };
        Some(
            std::fs::canonicalize(parent)
                .ok()?
                .join(target.file_name()?),
        )
    })?;
    let is_yaml = neglist::pipeline::is_yaml(&target);
    inputs.iter().map(|p| p.as_path()).find(|p| {
        std::fs::canonicalize(p)
            .is_ok_and(|c| c == target || (is_yaml && c.is_dir() && target.starts_with(&c)))
    })
}

/// Why `target` must not be written over, if it must not: it is the
/// configuration, a rule file (or a `.rules` file in a rule directory) or
/// the waivers file. Output written over a settings file destroys the
/// settings and breaks the next run.
fn settings_target_problem(
    target: &std::path::Path,
    cli: &Cli,
    config: &Config,
    waivers: Option<&std::path::Path>,
) -> Option<String> {
    use std::path::Path;
    let canon = std::fs::canonicalize(target).ok();
    let same = |p: &Path| {
        canon
            .as_ref()
            .is_some_and(|c| std::fs::canonicalize(p).is_ok_and(|q| &q == c))
    };
    if target
        .file_name()
        .is_some_and(|n| n == neglist::config::FILE_NAME)
    {
        return Some(format!(
            "is named {}, the configuration file neglist reads",
            neglist::config::FILE_NAME
        ));
    }
    if let Some(src) = &config.source
        && same(Path::new(&src.path))
    {
        return Some(format!("is the configuration file {}", src.path));
    }
    for r in config.rules.iter().chain(&cli.rules) {
        let in_rule_dir = r.is_dir()
            && target.extension().is_some_and(|e| e == "rules")
            && std::fs::canonicalize(r).is_ok_and(|d| {
                let parent = match target.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => Path::new("."),
                };
                std::fs::canonicalize(parent).is_ok_and(|p| p == d)
            });
        if same(r) || in_rule_dir {
            return Some(format!("is the rule file {}", r.display()));
        }
    }
    if let Some(w) = waivers.map(Path::to_path_buf).or(config.waivers.clone())
        && same(&w)
    {
        return Some(format!("is the waivers file {}", w.display()));
    }
    None
}

/// Why `target` must not receive a baseline, if it must not: a settings
/// file (above), or any existing file that neglist did not write as a
/// baseline: only a missing file or a baseline is replaced. (A baseline is
/// recognised by the first bytes `to_json` writes: enough to tell it from
/// TOML, YAML or rules, and cheap on a large one.)
fn baseline_target_problem(
    target: &std::path::Path,
    cli: &Cli,
    config: &Config,
    waivers: Option<&std::path::Path>,
) -> Option<String> {
    if let Some(why) = settings_target_problem(target, cli, config, waivers) {
        return Some(why);
    }
    match std::fs::metadata(target) {
        Err(_) => return None,
        // (Never opened: a FIFO would block the run.)
        Ok(m) if !m.is_file() => return Some("is not a regular file".into()),
        Ok(_) => {}
    }
    use std::io::Read as _;
    let prefix = neglist::triage::baseline::FILE_PREFIX.as_bytes();
    let mut head = Vec::with_capacity(prefix.len());
    let read = std::fs::File::open(target)
        .and_then(|f| f.take(prefix.len() as u64).read_to_end(&mut head));
    if read.is_err() || head != prefix {
        return Some(
            "exists and is not a baseline neglist wrote; neglist replaces only its own baselines"
                .into(),
        );
    }
    None
}

/// `auto`: with `--output FILE`, the format FILE's extension names (else
/// one line a finding); GitHub workflow commands under GitHub Actions (as
/// yamllint decides it), the graphical report on a terminal, else one line
/// a finding.
fn resolve(format: Format, output: Option<&std::path::Path>) -> Format {
    if format != Format::Auto {
        return format;
    }
    if let Some(file) = output.filter(|p| p.as_os_str() != "-") {
        let ext = file
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        return match ext.as_deref() {
            Some("json") => Format::Json,
            Some("ndjson" | "jsonl") => Format::Ndjson,
            Some("sarif") => Format::Sarif,
            Some("html" | "htm") => Format::Html,
            _ => Format::Concise,
        };
    }
    let actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
        && std::env::var_os("GITHUB_WORKFLOW").is_some();
    if actions {
        Format::Github
    } else if std::io::stdout().is_terminal() {
        Format::Human
    } else {
        Format::Concise
    }
}

/// Which rules a run used, in words: the built-in set and any rule files.
fn rule_files(cli: &Cli, config: &Config) -> Vec<String> {
    config
        .rules
        .iter()
        .chain(&cli.rules)
        .map(|p| p.display().to_string())
        .collect()
}

pub fn run(cli: &Cli, config: Config, catalog: Catalog, today: Date, ui: super::Ui) -> ExitCode {
    let Command::Check {
        paths,
        format,
        as_of,
        max_file_size,
        input_format,
        exit_zero,
        encoding,
        stdin_filename,
        statistics,
        quiet,
        select,
        ignore,
        force_exclude,
        hidden,
        no_ignore,
        show_waived,
        waivers,
        baseline,
        write_baseline,
        output,
    } = &cli.command
    else {
        unreachable!("check::run runs the check command");
    };
    let flags = TriageFlags {
        select: (!select.is_empty()).then_some(select.as_slice()),
        ignore,
        waivers: waivers.as_deref(),
        baseline: baseline.as_deref(),
        record_baseline: write_baseline.is_some(),
    };
    if let Some(target) = write_baseline
        && let Some(input) = overwrites_an_input(target, paths)
    {
        say!(
            "error: --write-baseline {} would overwrite the input {}; name a file that is not checked",
            target.display(),
            input.display()
        );
        return ExitCode::from(2);
    }
    if let Some(target) = write_baseline
        && let Some(why) = baseline_target_problem(target, cli, &config, waivers.as_deref())
    {
        say!(
            "error: --write-baseline {} {why}; nothing was checked and the file was left as it was",
            target.display()
        );
        return ExitCode::from(2);
    }
    if let Some(target) = output.as_deref().filter(|p| p.as_os_str() != "-") {
        let same = |other: Option<&std::path::Path>| {
            other.is_some_and(|o| {
                o == target
                    || std::fs::canonicalize(o)
                        .is_ok_and(|a| std::fs::canonicalize(target).is_ok_and(|b| a == b))
            })
        };
        let problem = if let Some(input) = overwrites_an_input(target, paths) {
            Some(msg::output_overwrites_input(target, input))
        } else if same(baseline.as_deref()) || same(write_baseline.as_deref()) {
            Some(msg::output_is_baseline(target))
        } else {
            settings_target_problem(target, cli, &config, waivers.as_deref())
                .map(|why| msg::output_is_settings(target, &why))
        };
        if let Some(message) = problem {
            say!("{message}");
            return ExitCode::from(2);
        }
    }
    let mut triage = match setup::triage(&config, &catalog, &flags, today, ui) {
        Ok(t) => t,
        Err(code) => return code,
    };
    // A configured as_of that judges filings by another day than today
    // says so on every run (rules in force since then would not apply).
    if as_of.is_none()
        && let (Some(day), Some(src)) = (config.as_of, &config.source)
    {
        match day {
            AsOf::Day(d) if d < today => match ui.lang {
                Lang::Zh => say!(
                    "警告：{} 中的 `as_of = {d}` 使每份申报按 {d} 而不是今天（{today}）的规定判断：此后施行的规则不适用",
                    src.path
                ),
                Lang::En => say!(
                    "warning: `as_of = {d}` in {} judges every filing as of {d}, not today ({today}): rules that came into force since then are not applied",
                    src.path
                ),
            },
            AsOf::Filed => match ui.lang {
                Lang::Zh => say!(
                    "警告：{} 中的 `as_of = \"filed\"` 使每份申报按其申报日期的规定判断：此后施行的规则不适用于它",
                    src.path
                ),
                Lang::En => say!(
                    "warning: `as_of = \"filed\"` in {} judges each filing as of its own filed_on: rules that came into force since then are not applied to it",
                    src.path
                ),
            },
            _ => {}
        }
    }
    let as_of = as_of.or(config.as_of);
    // Look at the first inputs: how many there are decides how much to
    // spend compiling the rules (the walk itself stays lazy).
    // `-` is reported under --stdin-filename, when given (and with
    // --force-exclude, left out when that name is excluded).
    let walk_opts = WalkOptions {
        exclude: config.exclude_matcher().map(Arc::new),
        force_exclude: *force_exclude,
        stdin_name: stdin_filename.clone(),
        hidden: *hidden,
        no_ignore: *no_ignore,
        found: Some(Arc::default()),
    };
    let mut walk: Box<dyn Iterator<Item = Input> + Send> = match input_format {
        InputFormat::Yaml => Box::new(walk_inputs_with(paths, walk_opts.clone())),
        InputFormat::Ndjson => Box::new(std::iter::empty()),
    };
    let first: Vec<Input> = walk.by_ref().take(FEW_FILES + 1).collect();
    let streamed = *input_format == InputFormat::Ndjson;
    let workload = if first.len() > FEW_FILES || streamed {
        Workload::Batch
    } else {
        Workload::Few
    };
    if workload == Workload::Batch {
        #[cfg(target_os = "linux")]
        // SAFETY: prctl with these arguments only clears a flag of this
        // process (set in main: huge pages are for batches).
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 0, 0, 0, 0);
        }
    }
    // How many filings a walk that skips nothing finds: for a batch,
    // counted beside the check (it reads no file; after it, it would leave
    // all but one core idle); for a hook's few files, after it (no thread
    // to start).
    let unfiltered =
        (*input_format == InputFormat::Yaml && workload == Workload::Batch).then(|| {
            let (paths, opts) = (paths.to_vec(), walk_opts.clone());
            std::thread::spawn(move || neglist::pipeline::unfiltered_filings(&paths, &opts))
        });
    // (The catalogue's index, built beside the rules' automaton: both take
    // milliseconds, and a hook's few files need the index only if a rule
    // reads items.)
    if workload == Workload::Batch
        && let Some(classes) = neglist::engine::compile::item_reads(&catalog)
    {
        std::thread::spawn(move || neglist::classify::classifier().prewarm(&classes));
    }
    let inputs = first.into_iter().chain(walk);
    let mut rules = match RuleSet::compile_for(catalog, workload) {
        Ok(r) => r,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for code in triage.opted_in() {
        rules.opt_in(code);
    }
    let opts = CheckOptions {
        encoding: match encoding {
            Some(EncodingArg::Utf8) => Encoding::Utf8,
            Some(EncodingArg::Gb18030) => Encoding::Gb18030,
            None => config.encoding.unwrap_or(Encoding::Utf8),
        },
        as_of,
        today,
        max_file_bytes: *max_file_size,
        // (The HTML report's company table.)
        companies: resolve(*format, output.as_deref()) == Format::Html,
    };
    // (Opened before checking: a FILE that cannot be written stops the run
    // before any work.)
    let (target, sink) = match super::output::Output::open(output.as_deref()) {
        Ok(o) => o,
        Err(message) => {
            say!("{message}");
            return ExitCode::from(2);
        }
    };
    // A report written to a file has colour only when asked for.
    let ui = super::Ui {
        color: ui.color && (target.path().is_none() || matches!(cli.color, super::Color::Always)),
        ..ui
    };
    let out = std::io::BufWriter::new(sink);
    let day = match as_of {
        Some(AsOf::Day(d)) => d,
        _ => today,
    };
    let as_of_note = match (as_of, ui.lang) {
        (Some(AsOf::Day(d)), Lang::Zh) => format!("按 {d} 的规定"),
        (Some(AsOf::Filed), Lang::Zh) => {
            format!("每份申报按其申报日期的规定，无申报日期的按今天 {today}")
        }
        (None, Lang::Zh) => format!("按今天 {today} 的规定"),
        (Some(AsOf::Day(d)), Lang::En) => format!("as of {d}"),
        (Some(AsOf::Filed), Lang::En) => {
            format!("each filing as of its own filed_on, else today {today}")
        }
        (None, Lang::En) => format!("as of today {today}"),
    };
    let mut reporter: Box<dyn report::Reporter + Send> = match resolve(*format, output.as_deref()) {
        // (With --format html, --statistics asks for the summary page.)
        f if *statistics && f != Format::Html => {
            Box::new(report::statistics::StatisticsReporter::new(out).lang(ui.lang))
        }
        Format::Github => Box::new(
            report::github::GithubReporter::new(out)
                .catalog(&rules.catalog)
                .show_waived(*show_waived)
                .lang(ui.lang),
        ),
        Format::Json => Box::new(report::json::JsonReporter::new(&rules.catalog, out, day)),
        Format::Ndjson => Box::new(report::json::NdjsonReporter::new(&rules.catalog, out, day)),
        Format::Html => Box::new(
            report::html::HtmlReporter::new(
                &rules.catalog,
                out,
                day,
                report::html::HtmlHeader {
                    version: format!("neglist {}", env!("CARGO_PKG_VERSION")),
                    as_of,
                    today,
                    builtin: !cli.no_builtin_rules,
                    rule_files: rule_files(cli, &config),
                },
            )
            .summary_only(*statistics)
            .lang(ui.lang),
        ),
        Format::Sarif => Box::new(report::sarif::SarifReporter::new(
            &rules.catalog,
            out,
            std::env::current_dir().unwrap_or_default(),
            *exit_zero,
        )),
        Format::Concise | Format::Auto => Box::new(
            report::concise::ConciseReporter::new(out, as_of_note, *quiet, *show_waived)
                .catalog(&rules.catalog)
                .lang(ui.lang),
        ),
        Format::Human => Box::new(
            report::human::HumanReporter::new(&rules.catalog, out, ui.style(), ui.lang, as_of_note)
                .quiet(*quiet)
                .show_waived(*show_waived),
        ),
    };
    let mut summary = Summary::default();
    // The first write error (a closed pipe, a full disk) stops the
    // output; checking still finishes so the exit status is right.
    let mut write_error: Option<std::io::Error> = None;
    let mut progress = super::progress::Progress::new(*quiet, target.path().is_some());
    // Filings piped in on stdin may come one at a time from a system that
    // waits for each answer: line-oriented reports are written as each
    // filing is checked, not when a buffer fills.
    let flush_each =
        *input_format == InputFormat::Ndjson && paths.iter().any(|p| p.as_os_str() == "-");
    let mut each = |mut r: FileReport| {
        triage.apply(&mut r);
        neglist::triage::fold::fold(&mut r.findings);
        summary.add(&r);
        progress.add(!r.part, r.filings, r.findings.len());
        if write_error.is_none()
            && let Err(e) = reporter
                .file(&r)
                .and_then(|()| if flush_each { reporter.flush() } else { Ok(()) })
        {
            write_error = Some(e);
        }
    };
    match input_format {
        InputFormat::Yaml if workload == Workload::Few => {
            check_each_serial(&rules, inputs, &opts, &mut each)
        }
        InputFormat::Yaml => check_each(&rules, inputs, &opts, &mut each),
        InputFormat::Ndjson => {
            for p in paths {
                let display = match stdin_filename {
                    Some(name) if p.as_os_str() == "-" => name.into(),
                    _ => p.to_string_lossy(),
                };
                if p.as_os_str() == "-" {
                    check_ndjson(&rules, &display, std::io::stdin(), &opts, &mut each);
                } else {
                    // (Each line's report names the file by its own bytes.)
                    let mut each = |mut r: FileReport| {
                        r.os_path = Some(p.clone());
                        each(r)
                    };
                    match neglist::pipeline::open_regular(p) {
                        Ok(f) => check_ndjson(&rules, &display, f, &opts, &mut each),
                        Err(e) => each(FileReport::failed(
                            &display,
                            format!("cannot read file: {e}"),
                        )),
                    }
                }
            }
        }
    }
    progress.finish();
    // How many filings the walk skipped as hidden or ignored: said in the
    // summary, so that a skipped filing is never mistaken for a clean one.
    if *input_format == InputFormat::Yaml {
        let found = walk_opts
            .found
            .as_ref()
            .map_or(0, |n| n.load(std::sync::atomic::Ordering::Relaxed));
        let all = match unfiltered {
            Some(counting) => counting
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => neglist::pipeline::unfiltered_filings(paths, &walk_opts),
        };
        summary.skipped = all.saturating_sub(found);
    }
    // An exclude that leaves out every input checks nothing and passes:
    // say so when the same walk without it finds something.
    if summary.files == 0
        && *input_format == InputFormat::Yaml
        && let (Some(src), false) = (&config.source, config.exclude.is_empty())
    {
        let unexcluded = WalkOptions {
            stdin_name: stdin_filename.clone(),
            hidden: *hidden,
            no_ignore: *no_ignore,
            ..WalkOptions::default()
        };
        if walk_inputs_with(paths, unexcluded).next().is_some() {
            match ui.lang {
                Lang::Zh => say!(
                    "警告：{} 中的 `exclude` 排除了命令行给出或其下找到的全部输入：未检查任何文件",
                    src.path
                ),
                Lang::En => say!(
                    "warning: `exclude` in {} leaves out every input named on the command line or found under it: nothing was checked",
                    src.path
                ),
            }
        }
    }
    if write_error.is_none()
        && let Err(e) = reporter.finish(&summary).and_then(|()| reporter.flush())
    {
        write_error = Some(e);
    }
    // (Dropping the reporter drops its writer: all bytes are in the file.)
    drop(reporter);
    if let (Some(path), Some(recorded)) = (write_baseline, triage.recorded()) {
        if let Err(e) = recorded.write_to(path) {
            say!("error: cannot write the baseline {}: {e}", path.display());
            return ExitCode::from(2);
        }
        match ui.lang {
            Lang::Zh => say!(
                "neglist：已将 {} 个问题记入 {}",
                recorded.len(),
                path.display()
            ),
            Lang::En => say!(
                "neglist: recorded {} finding{} in {}",
                recorded.len(),
                if recorded.len() == 1 { "" } else { "s" },
                path.display()
            ),
        }
    }
    if let Some(e) = &write_error {
        // (To a file: the temporary file goes, FILE is left as it was.)
        if let Some(message) = target.write_failed(e) {
            say!("{message}");
            return ExitCode::from(2);
        }
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            say!("error: cannot write the report: {e}");
            return ExitCode::from(2);
        }
    }
    if let Err(message) = target.commit() {
        say!("{message}");
        return ExitCode::from(2);
    }
    if *exit_zero {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(summary.exit_code() as u8)
    }
}

/// The text of `--output` messages (one place, for translation).
mod msg {
    use std::path::Path;
    pub fn output_overwrites_input(target: &Path, input: &Path) -> String {
        format!(
            "error: --output {} 会覆盖被检查的输入 {}；请另选文件（未做任何检查）",
            target.display(),
            input.display()
        )
    }
    pub fn output_is_baseline(target: &Path) -> String {
        format!(
            "error: --output {} 是基线文件；报告和基线请写入不同文件（未做任何检查）",
            target.display()
        )
    }
    pub fn output_is_settings(target: &Path, why: &str) -> String {
        format!(
            "error: --output {} 不能写：{why}（未做任何检查，文件未改动）",
            target.display()
        )
    }
}
