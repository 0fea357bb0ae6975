//! The `neglist` command line: parses flags, sets up (configuration, rules,
//! triage), runs one command, and exits with the status the output
//! contract defines.

/// `eprintln!` that never panics: a closed or broken standard error must
/// not turn a verdict into a crash (the exit status still says it).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod check;
mod classify;
mod progress;
mod setup;
mod test;

use clap::{Parser, Subcommand, ValueEnum};
use neglist::diagnostic::SourceError;
use neglist::engine::Workload;
use neglist::parse::date::{Date, parse_date};
use neglist::report;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Up to this many files, the rules are compiled for a quick start rather
/// than for throughput (a pre-commit hook checks one or a few).
const FEW_FILES: usize = 32;

#[derive(Parser)]
#[command(
    name = "neglist",
    version,
    about = "Check Chinese enterprise registration filings against the Market Access Negative List and the virtual-currency rules, as of a date.",
    long_about = "Check Chinese enterprise registration filings (YAML) against the rules that govern market access: \
the Market Access Negative List, virtual-currency \"mining\" as an eliminated industry (发改运行〔2021〕1283号), \
and the virtual-currency business ban (银发〔2021〕237号, then 银发〔2026〕42号). Every answer is an answer for a date.\n\n\
Exit status: 0 no error findings; 1 error findings or an input that could not be read; 2 the tool could not run as asked.",
    after_help = "Examples:\n  neglist check examples/filings\n  neglist check --format json --as-of 2021-10-12 filings/\n  neglist explain NL0101\n  neglist rules --as-of 2026-11-28\n  neglist test --rules my-rules/\n  neglist check --format sarif filings/ > neglist.sarif\n  neglist check --write-baseline neglist-baseline.json filings/\n  neglist config\n\n\
Configuration: the nearest neglist.toml from the working directory up (see `neglist config`)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Add rule files (a `.rules` file or a directory of them). A file named
    /// like a built-in one (e.g. `mining.rules`) replaces it.
    #[arg(long = "rules", global = true, value_name = "FILE_OR_DIR")]
    pub rules: Vec<PathBuf>,

    /// Do not load the built-in rules.
    #[arg(long, global = true)]
    pub no_builtin_rules: bool,

    /// When to use colour in human output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Read this configuration file instead of the nearest `neglist.toml`
    /// (found by walking up from the working directory).
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Read no configuration file.
    #[arg(long, global = true)]
    pub no_config: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, Debug)]
pub enum Format {
    /// `github` under GitHub Actions, `human` on a terminal, else `concise`
    Auto,
    /// miette diagnostics with the offending words underlined
    Human,
    /// one line a finding: `path:line:col: severity[RULE] message`
    Concise,
    /// one JSON document (see docs/output.md)
    Json,
    /// one JSON object a line, written as files are checked
    Ndjson,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// one self-contained HTML page: totals, a verdict a company, charts, filterable findings
    Html,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum InputFormat {
    /// YAML files; directories are walked for *.yaml / *.yml
    Yaml,
    /// one JSON filing a line; `-` is standard input
    Ndjson,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ClassifyFormat {
    /// a table a filing
    Human,
    /// one JSON document (an array of filings)
    Json,
    /// one JSON object a filing, a line each
    Ndjson,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExplainFormat {
    /// text for a reader
    Human,
    /// one JSON document
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check filings (files, or directories walked for *.yaml / *.yml).
    Check {
        /// Files or directories to check.
        #[arg(required = true, value_name = "PATHS")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Auto)]
        format: Format,
        /// Judge every filing as of this date (default: `as_of` in
        /// neglist.toml, else today); a filing made before a rule came into
        /// force is reported as an existing registration to rectify.
        /// `filed`: each filing as of its own `filed_on` (a historical audit:
        /// should it have been accepted then?). `2021-10-12`, `2021年10月12日`
        /// or `filed`.
        #[arg(long, value_name = "DATE|filed", value_parser = as_of_arg)]
        as_of: Option<neglist::parse::date::AsOf>,
        /// Refuse files (or NDJSON lines) larger than this many bytes
        /// (reported as unreadable).
        #[arg(long, value_name = "BYTES", default_value_t = neglist::filing::DEFAULT_MAX_FILE_BYTES)]
        max_file_size: usize,
        /// How PATHS are written: YAML filing files (and directories of
        /// them), or NDJSON — one filing a line as a JSON object, e.g. a
        /// registry export piped in with `-`.
        #[arg(long, value_enum, default_value_t = InputFormat::Yaml)]
        input_format: InputFormat,
        /// The files' encoding: `utf-8`, or `gb18030` to also read GBK/GB18030
        /// exports (files that are valid UTF-8 are still read as UTF-8;
        /// offsets then count the file's own bytes).
        /// [default: `encoding` in neglist.toml, else utf-8]
        #[arg(long, value_enum)]
        encoding: Option<EncodingArg>,
        /// The name to report for a file read from stdin (`-`).
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,
        /// Print how many findings each rule had instead of the findings.
        /// With `--format html`: the summary page (companies, verdicts and
        /// totals, no finding rows), for a whole registry.
        #[arg(long)]
        statistics: bool,
        /// Human and concise formats: only the findings, no summary line.
        /// (No format shows the progress line of a long run with it.)
        #[arg(long, short)]
        quiet: bool,
        /// Exit 0 even when there are error findings or unreadable inputs
        /// (for pipelines that read the report, e.g. a Hadoop Streaming
        /// mapper); the tool's own failures still exit 2.
        #[arg(long)]
        exit_zero: bool,
        /// Run only these rules: codes (NL0101), code prefixes (NL01), rule
        /// names, categories (prohibited, license-required, risk, data) or
        /// ALL; comma-separated. Replaces `select` in neglist.toml.
        #[arg(long, value_name = "RULES")]
        select: Vec<String>,
        /// Leave out these rules (same forms as --select); added to
        /// `ignore` in neglist.toml.
        #[arg(long, value_name = "RULES")]
        ignore: Vec<String>,
        /// Apply the configuration's `exclude` globs to files named on the
        /// command line too (pre-commit names every file it passes).
        #[arg(long)]
        force_exclude: bool,
        /// Also show waived findings, each with its waiver.
        #[arg(long)]
        show_waived: bool,
        /// The central waivers file (default: `waivers` in neglist.toml).
        #[arg(long, value_name = "FILE")]
        waivers: Option<PathBuf>,
        /// Report only findings that this baseline (written by
        /// --write-baseline) does not have.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Record every finding of this run in a baseline file, and report
        /// none of them (what a run with --baseline FILE would report).
        #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
        write_baseline: Option<PathBuf>,
    },
    /// Print the effective configuration (neglist.toml and defaults) as TOML.
    Config,
    /// Classify each business-scope item by the official catalogue
    /// (经营范围规范目录): entry code, class (前置 / 许可 / 备案 / 一般, or
    /// 非规范 with the nearest entries), the licence or filing it needs, its
    /// negative-list measure and GB/T 4754 classes.
    Classify {
        /// Filing files, directories of them, or `-` for standard input.
        #[arg(value_name = "PATHS")]
        paths: Vec<PathBuf>,
        /// A business scope to classify, written here
        /// (`--scope "一般项目：软件开发；许可项目：餐饮服务"`).
        #[arg(long, value_name = "TEXT")]
        scope: Option<String>,
        #[arg(long, value_enum, default_value_t = ClassifyFormat::Human)]
        format: ClassifyFormat,
        /// How PATHS are written: YAML filings, or NDJSON (one JSON filing
        /// a line, e.g. a registry export).
        #[arg(long, value_enum, default_value_t = InputFormat::Yaml)]
        input_format: InputFormat,
    },
    /// Explain a rule (by code `NL0101` or name `vc-mining-in-scope`), a
    /// loader diagnostic, a source document (by number or id), or a
    /// business-scope catalogue entry (by code `H2002`).
    Explain {
        id: String,
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
        /// Language of the explanation (legal titles and quotes stay Chinese).
        #[arg(long, value_enum, default_value_t = LangArg::Zh)]
        lang: LangArg,
        /// Say what applies on this date (default: today).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
    },
    /// List the rules (only those in force on a date, with --as-of).
    Rules {
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
        /// Print every term the rules look for, one a line (e.g. for
        /// `rg -F -f`), instead of the table.
        #[arg(long)]
        terms: bool,
    },
    /// Print a JSON Schema of the filing format (both key spellings), for
    /// editors with a YAML language server.
    Schema,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
    /// Run every rule's inline examples (`example deny` / `example allow`)
    /// and rule test cases (YAML files; default: tests/rules/ if it exists).
    Test {
        /// Rule test case files, or directories of them (*.yaml, *.yml).
        #[arg(value_name = "PATHS")]
        paths: Vec<PathBuf>,
    },
}

fn as_of_arg(s: &str) -> Result<neglist::parse::date::AsOf, String> {
    neglist::parse::date::parse_as_of(s).ok_or_else(|| {
        format!(
            "`{s}` is neither a date (2021-10-12 or 2021年10月12日, a day that exists) nor `filed`"
        )
    })
}

fn date_arg(s: &str) -> Result<Date, String> {
    parse_date(s).map_err(|_| {
        format!("`{s}` is not a date (use 2021-10-12 or 2021年10月12日, a day that exists)")
    })
}

/// Prints diagnostics about rule, configuration or waiver files.
pub fn print_rule_errors(errors: &[SourceError], color: bool) {
    let h = report::human::handler(color);
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!(
            "{}: {}\n",
            e.location(),
            if e.warning { "warning" } else { "error" }
        ));
        let _ = h.render_report(&mut out, e);
        out.push('\n');
    }
    let _ = std::io::stderr().write_all(out.as_bytes());
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    // NEGLIST_TODAY pins "today" for reproducible reports (and tests), for
    // every command; else today is the day in China (UTC+8).
    let today = match std::env::var("NEGLIST_TODAY") {
        Ok(v) => match parse_date(&v) {
            Ok(d) => d,
            Err(_) => {
                say!("error: NEGLIST_TODAY=`{v}` is not a date (use 2026-11-28)");
                return ExitCode::from(2);
            }
        },
        Err(_) => Date::today(),
    };
    let config = match setup::config(&cli, color) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let catalog = match setup::catalog(&cli, &config, color) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Command::Check { .. } = &cli.command {
        return check::run(&cli, config, catalog, today, color);
    }
    if let Command::Classify {
        paths,
        scope,
        format,
        input_format,
    } = &cli.command
    {
        if paths.is_empty() && scope.is_none() {
            say!("error: give filings to classify, `-` for standard input, or --scope TEXT");
            return ExitCode::from(2);
        }
        return classify::run(
            paths,
            scope.as_deref(),
            *format,
            *input_format == InputFormat::Ndjson,
        );
    }
    let rules = match neglist::engine::RuleSet::compile_for(catalog, Workload::Few) {
        Ok(r) => r,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    match &cli.command {
        Command::Check { .. } => unreachable!("handled above"),
        Command::Config => {
            // The selectors and the waivers file are checked as a run would.
            let flags = setup::TriageFlags::default();
            if let Err(code) = setup::triage(&config, &rules.catalog, &flags, today, color) {
                return code;
            }
            let _ = stdout.write_all(config.to_toml().as_bytes());
            ExitCode::SUCCESS
        }
        Command::Explain {
            id,
            format,
            lang,
            as_of,
        } => {
            let day = as_of.unwrap_or(today);
            let lang = match lang {
                LangArg::Zh => report::explain::Lang::Zh,
                LangArg::En => report::explain::Lang::En,
            };
            // (A catalogue code, `H2002`, when no rule or source is called so.)
            let code = id.trim().to_uppercase();
            let out = match format {
                ExplainFormat::Json => report::explain::explain_json(&rules.catalog, id, day)
                    .or_else(|| report::classify::entry_explain_json(&code))
                    .map(|v| serde_json::to_string_pretty(&v).unwrap() + "\n"),
                ExplainFormat::Human => {
                    report::explain::explain_text(&rules.catalog, id, day, lang)
                        .or_else(|| report::classify::entry_text(&code))
                }
            };
            match out {
                Some(t) => {
                    let _ = stdout.write_all(t.as_bytes());
                    ExitCode::SUCCESS
                }
                None => {
                    say!(
                        "error: no rule, diagnostic code, source or catalogue entry called `{id}`; `neglist rules` lists the rules, `neglist classify --scope TEXT` finds entries"
                    );
                    ExitCode::from(2)
                }
            }
        }
        Command::Schema => {
            let schema = neglist::filing::schema::filing_schema();
            let _ = writeln!(stdout, "{}", serde_json::to_string_pretty(&schema).unwrap());
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            // (Into a buffer: clap_complete panics on a write error, such
            // as a closed pipe.)
            let mut buf = vec![];
            clap_complete::generate(*shell, &mut Cli::command(), "neglist", &mut buf);
            let _ = stdout.write_all(&buf);
            ExitCode::SUCCESS
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut buf = vec![];
            match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                Ok(()) => {
                    let _ = stdout.write_all(&buf);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    say!("error: cannot write the man page: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Rules { as_of, terms } => {
            let text = if *terms {
                report::explain::terms_list(&rules.catalog, *as_of)
            } else {
                report::explain::rules_table(&rules.catalog, *as_of)
            };
            let _ = stdout.write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Command::Test { paths } => test::run(&rules, paths, today, &mut stdout),
        Command::Classify { .. } => unreachable!("handled before the rules are loaded"),
    }
}
