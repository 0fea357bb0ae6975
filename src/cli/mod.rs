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
mod docs;
mod output;
mod progress;
mod setup;
mod test;

use clap::{Parser, Subcommand, ValueEnum};
use neglist::diagnostic::SourceError;
use neglist::engine::Workload;
use neglist::lang::Lang;
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
    after_help = "Examples:\n  neglist check examples/filings\n  neglist check --format json --as-of 2021-10-12 filings/\n  neglist explain NL0101\n  neglist explain 1283号\n  neglist rules --as-of 2026-11-28\n  neglist check -o report.html filings/\n  neglist test --rules my-rules/\n  neglist check --format sarif filings/ > neglist.sarif\n  neglist check --write-baseline neglist-baseline.json filings/\n  neglist config\n\n\
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

    /// Language of the reports' labels and messages: zh (default) or en.
    /// The filing's own text and the titles of the law stay as written.
    /// [default: NEGLIST_LANG, else `lang` in neglist.toml, else zh]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Lay the human report out for this many columns [default: the
    /// terminal's width; 100 when the output is not a terminal].
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,
}

/// How what is printed for a reader looks: colour, language, width.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    pub color: bool,
    pub lang: Lang,
    pub width: usize,
}

impl Ui {
    pub fn style(self) -> report::block::Style {
        report::block::Style {
            width: self.width,
            color: self.color,
        }
    }
}

/// The width to lay the human report out for: `--width`, else the
/// terminal's (standard output's, else standard error's), else 100.
fn width(flag: Option<u16>) -> usize {
    use terminal_size::{Width, terminal_size_of};
    let tty = terminal_size_of(std::io::stdout()).or_else(|| terminal_size_of(std::io::stderr()));
    let w = match (flag, tty) {
        (Some(w), _) => usize::from(w),
        (None, Some((Width(w), _))) => usize::from(w),
        (None, None) => report::block::DEFAULT_WIDTH,
    };
    w.max(report::block::MIN_WIDTH)
}

/// The language before the configuration is read: `--lang`, else
/// NEGLIST_LANG (a value that is not a language is an error), else None.
fn lang_before_config(cli: &Cli) -> Result<Option<Lang>, String> {
    if let Some(l) = cli.lang {
        return Ok(Some(l.into()));
    }
    match std::env::var(neglist::lang::ENV) {
        Ok(v) if !v.trim().is_empty() => Lang::parse(&v).map(Some).ok_or_else(|| {
            format!(
                "{}=`{v}` is not a language neglist speaks (use zh or en)",
                neglist::lang::ENV
            )
        }),
        _ => Ok(None),
    }
}

/// "N problems in X; nothing was checked", the last line after the
/// diagnostics of a file that stops the run.
pub fn nothing_checked(lang: Lang, n: usize, place: &str) -> String {
    match lang {
        Lang::Zh => format!("错误：{place} 中有 {n} 个问题；未检查任何文件"),
        Lang::En => format!(
            "error: {n} problem{} in {place}; nothing was checked",
            if n == 1 { "" } else { "s" }
        ),
    }
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
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

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RulesFormat {
    /// aligned columns
    Table,
    /// one JSON array
    Json,
}

#[derive(Clone, Copy, ValueEnum, Debug)]
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
        /// Walk into hidden files and directories too (`.github/`,
        /// `.pre-commit-config.yaml` are skipped by default; paths named are
        /// always checked).
        #[arg(long)]
        hidden: bool,
        /// Walk into files that `.gitignore`, `.ignore` or git's excludes
        /// leave out too.
        #[arg(long)]
        no_ignore: bool,
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
        /// Write the report to FILE instead of standard output. FILE is
        /// replaced only when the report is complete (written to a
        /// temporary file beside it, then renamed), so a failed run leaves
        /// the old FILE as it was. The exit status is the same as without
        /// it. With `--format auto`, FILE's extension picks the format
        /// (.json, .ndjson/.jsonl, .sarif, .html/.htm; else concise).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
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
        /// Write to FILE instead of standard output (replaced atomically,
        /// only when complete).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Explain a rule, a loader diagnostic, a source document, or a
    /// business-scope catalogue entry.
    #[command(
        long_about = "Explain a rule, a loader diagnostic, a source document, or a business-scope catalogue entry.\n\n\
ID may be:\n  \
a rule's code or name          NL0101, nl0101, vc-mining-in-scope\n  \
a loader diagnostic            NL0001, unknown-key\n  \
a document's full number       发改运行〔2021〕1283号 (or [2021], (2021))\n  \
a short document number        1283号, 1283, 42号, 银发42号, 〔2021〕237号\n  \
a source id                    ndrc-2021-1283\n  \
a catalogue entry code         H2002, h2002, \"H 2002\"\n\n\
Case, spaces and full-width letters or digits do not matter. A document's \
explanation lists every rule that cites it. A short number that several \
documents share is not guessed: the documents are listed and the exit status \
is 2, as for a name that matches nothing (with the nearest names).",
        after_help = "Examples:\n  neglist explain NL0101\n  neglist explain 1283号\n  neglist explain h2002\n  neglist explain --format json 42号"
    )]
    Explain {
        /// A rule code or name, loader code, document number (full or
        /// short), source id, or catalogue code.
        #[arg(value_name = "ID")]
        id: String,
        #[arg(long, value_enum, default_value_t = ExplainFormat::Human)]
        format: ExplainFormat,
        /// Say what applies on this date (default: today).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
        /// Write to FILE instead of standard output (replaced atomically,
        /// only when complete).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List the rules and the loader's diagnostic codes, in code order.
    #[command(
        after_help = "Examples:\n  neglist rules\n  neglist rules --as-of 2021-10-12\n  neglist rules --format json | jq -r '.[] | select(.severity == \"error\") | .code'\n  neglist rules --terms > terms.txt"
    )]
    Rules {
        /// Only the rules in force on this date (`2021-10-12` or
        /// `2021年10月12日`).
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
        /// `table`: aligned columns for a reader. `json`: one array, an
        /// object a rule (code, name, title, category, severity, default,
        /// periods, sources; see docs/output.md), for scripts.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
        /// Print every term the rules look for, one a line (e.g. for
        /// `rg -F -f`), instead of the table.
        #[arg(long, conflicts_with = "format")]
        terms: bool,
        /// Write to FILE instead of standard output (replaced atomically,
        /// only when complete).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a JSON Schema of the filing format (both key spellings), for
    /// editors with a YAML language server.
    Schema {
        /// Write to FILE instead of standard output (replaced atomically,
        /// only when complete).
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print a shell completion script, or write it into a directory.
    #[command(
        after_help = "Examples:\n  neglist completions bash --dir ~/.local/share/bash-completion/completions\n  neglist completions zsh --dir ~/.zfunc\n  neglist completions fish --dir ~/.config/fish/completions\n  neglist completions bash > neglist.bash"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
        /// Write the script into DIR (created if missing) under the name
        /// the shell looks for: `neglist` (bash), `_neglist` (zsh),
        /// `neglist.fish`, `neglist.elv`, `_neglist.ps1`.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Print a man page (roff), or write all of them into a directory.
    #[command(
        long_about = "Print a man page (roff): neglist(1), or a subcommand's page such as neglist-check(1). \
With --dir, write every page (neglist.1 and neglist-check.1, neglist-explain.1, …) into a directory, \
creating it if missing; neglist(1) names each of them.",
        after_help = "Examples:\n  neglist man --dir ~/.local/share/man/man1\n  neglist man check | man -l -"
    )]
    Man {
        /// The subcommand whose page to print (default: the main page).
        #[arg(value_name = "COMMAND")]
        command: Option<String>,
        /// Write every page into DIR (created if missing), instead of one
        /// page to standard output.
        #[arg(long, value_name = "DIR", conflicts_with = "command")]
        dir: Option<PathBuf>,
    },
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
pub fn print_rule_errors(errors: &[SourceError], ui: Ui) {
    let mut out = String::new();
    for e in errors {
        out.push_str(&report::human::source_error(e, ui.style(), ui.lang));
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
    // Generated documentation needs neither settings nor rules (and must
    // work where a broken neglist.toml would stop everything else).
    match &cli.command {
        Command::Completions { shell, dir } => return docs::completions(*shell, dir.as_deref()),
        Command::Man { command, dir } => return docs::man(command.as_deref(), dir.as_deref()),
        _ => {}
    }
    let chosen = match lang_before_config(&cli) {
        Ok(l) => l,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut ui = Ui {
        color,
        lang: chosen.unwrap_or_default(),
        width: width(cli.width),
    };
    let config = match setup::config(&cli, ui) {
        Ok(c) => c,
        Err(code) => return code,
    };
    // The flag and the environment before the configuration's setting.
    ui.lang = chosen.or(config.lang).unwrap_or_default();
    let catalog = match setup::catalog(&cli, &config, ui) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Command::Check { .. } = &cli.command {
        return check::run(&cli, config, catalog, today, ui);
    }
    if let Command::Classify {
        paths,
        scope,
        format,
        input_format,
        output,
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
            output.as_deref(),
            ui.lang,
        );
    }
    let rules = match neglist::engine::RuleSet::compile_for(catalog, Workload::Few) {
        Ok(r) => r,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match &cli.command {
        Command::Check { .. } => unreachable!("handled above"),
        Command::Config => {
            // The selectors and the waivers file are checked as a run would.
            let flags = setup::TriageFlags::default();
            if let Err(code) = setup::triage(&config, &rules.catalog, &flags, today, ui) {
                return code;
            }
            write_out(None, config.to_toml().as_bytes())
        }
        Command::Explain {
            id,
            format,
            as_of,
            output,
        } => {
            let day = as_of.unwrap_or(today);
            let lang = ui.lang;
            match report::explain::resolve(&rules.catalog, id) {
                Ok(target) => {
                    let text = match format {
                        ExplainFormat::Json => {
                            let v = report::explain::target_json(&rules.catalog, &target, day);
                            serde_json::to_string_pretty(&v).unwrap() + "\n"
                        }
                        ExplainFormat::Human => {
                            report::explain::target_text(&rules.catalog, &target, day, lang)
                        }
                    };
                    write_out(output.as_deref(), text.as_bytes())
                }
                Err(why) => {
                    let text = report::explain::unresolved_text(id, &why, &rules.catalog, lang);
                    let _ = std::io::stderr().write_all(text.as_bytes());
                    ExitCode::from(2)
                }
            }
        }
        Command::Schema { output } => {
            let schema = neglist::filing::schema::filing_schema();
            let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
            write_out(output.as_deref(), text.as_bytes())
        }
        Command::Rules {
            as_of,
            format,
            terms,
            output,
        } => {
            let lang = ui.lang;
            let text = if *terms {
                report::explain::terms_list(&rules.catalog, *as_of)
            } else if *format == RulesFormat::Json {
                let v = report::explain::rules_json(&rules.catalog, *as_of);
                serde_json::to_string_pretty(&v).unwrap() + "\n"
            } else {
                report::explain::rules_table(&rules.catalog, *as_of, lang)
            };
            write_out(output.as_deref(), text.as_bytes())
        }
        Command::Test { paths } => test::run(&rules, paths, today, &mut std::io::stdout().lock()),
        Command::Classify { .. } => unreachable!("handled before the rules are loaded"),
        Command::Completions { .. } | Command::Man { .. } => {
            unreachable!("handled before the settings are read")
        }
    }
}

/// Writes a command's whole output (see `output::put`): exit 0, or 2 when
/// FILE could not be written.
fn write_out(file: Option<&std::path::Path>, bytes: &[u8]) -> ExitCode {
    match output::put(file, bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            say!("{message}");
            ExitCode::from(2)
        }
    }
}
