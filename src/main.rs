//! The `neglist` command line: parses flags, calls the library, prints,
//! and exits with the status the output contract defines.

use clap::{Parser, Subcommand, ValueEnum};
use neglist::check::{
    CheckOptions, Input, check_each, check_each_serial, check_ndjson, collect_inputs, walk_inputs,
};
use neglist::dsl::{self, Catalog, RuleError};
use neglist::engine::{RuleSet, Workload};
use neglist::parse::date::{Date, parse_date};
use neglist::report::{self, Summary};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

// A registry run allocates and frees small strings for every filing;
// mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    after_help = "Examples:\n  neglist check examples/filings\n  neglist check --format json --as-of 2021-10-12 filings/\n  neglist explain NL0101\n  neglist rules --as-of 2026-11-28\n  neglist test --rules my-rules/"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Add rule files (a `.rules` file or a directory of them). A file named
    /// like a built-in one (e.g. `mining.rules`) replaces it.
    #[arg(long = "rules", global = true, value_name = "FILE_OR_DIR")]
    rules: Vec<PathBuf>,

    /// Do not load the built-in rules.
    #[arg(long, global = true)]
    no_builtin_rules: bool,

    /// When to use colour in human output.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// miette diagnostics with the offending words underlined
    Human,
    /// one JSON document (see docs/output.md)
    Json,
    /// one JSON object a line, written as files are checked
    Ndjson,
    /// GitHub Actions workflow commands (annotations)
    Github,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InputFormat {
    /// YAML files; directories are walked for *.yaml / *.yml
    Yaml,
    /// one JSON filing a line; `-` is standard input
    Ndjson,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExplainFormat {
    /// text for a reader
    Human,
    /// one JSON document
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    /// 中文
    Zh,
    /// English
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Check filings (files, or directories walked for *.yaml / *.yml).
    Check {
        /// Files or directories to check.
        #[arg(required = true, value_name = "PATHS")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Evaluate every filing as of this date (default: the filing's
        /// `filed_on`, else today). `2021-10-12` or `2021年10月12日`.
        #[arg(long, value_name = "DATE", value_parser = date_arg)]
        as_of: Option<Date>,
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
        #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
        encoding: EncodingArg,
        /// The name to report for a file read from stdin (`-`).
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,
        /// Print how many findings each rule had instead of the findings.
        #[arg(long)]
        statistics: bool,
        /// Human format: only the findings, no summary line.
        #[arg(long, short)]
        quiet: bool,
        /// Exit 0 even when there are error findings or unreadable inputs
        /// (for pipelines that read the report, e.g. a Hadoop Streaming
        /// mapper); the tool's own failures still exit 2.
        #[arg(long)]
        exit_zero: bool,
    },
    /// Explain a rule (by code `NL0101` or name `vc-mining-in-scope`), a
    /// loader diagnostic, or a source document (by number or id).
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

fn date_arg(s: &str) -> Result<Date, String> {
    parse_date(s).map_err(|_| {
        format!("`{s}` is not a date (use 2021-10-12 or 2021年10月12日, a day that exists)")
    })
}

fn print_rule_errors(errors: &[RuleError], color: bool) {
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
    eprint!("{out}");
}

/// Reads the rule files the flags ask for.
fn rule_files(cli: &Cli) -> Result<Vec<(String, String)>, String> {
    let mut files: Vec<(String, String)> = if cli.no_builtin_rules {
        vec![]
    } else {
        dsl::builtin_files()
    };
    let mut user = vec![];
    for p in &cli.rules {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("cannot read rule directory {}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|q| q.extension().is_some_and(|x| x == "rules"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!("no .rules files in {}", p.display()));
            }
            user.extend(found);
        } else {
            user.push(p.clone());
        }
    }
    for p in user {
        let text = std::fs::read_to_string(&p)
            .map_err(|e| format!("cannot read rule file {}: {e}", p.display()))?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.retain(|(path, _)| path != &format!("<builtin>/{name}"));
        files.push((p.display().to_string(), text));
    }
    Ok(files)
}

fn load_catalog(cli: &Cli, color: bool, show_warnings: bool) -> Result<Catalog, ExitCode> {
    let files = rule_files(cli).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    match dsl::load_rules(&files) {
        Ok((catalog, warnings)) => {
            if show_warnings && !warnings.is_empty() {
                print_rule_errors(&warnings, color);
            }
            Ok(catalog)
        }
        Err(errors) => {
            print_rule_errors(&errors, color);
            eprintln!(
                "error: {} problem{} in rule files; nothing was checked",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            Err(ExitCode::from(2))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    // NEGLIST_TODAY pins "today" for reproducible reports (and tests).
    let today = match std::env::var("NEGLIST_TODAY") {
        Ok(v) => match parse_date(&v) {
            Ok(d) => d,
            Err(_) => {
                eprintln!("error: NEGLIST_TODAY=`{v}` is not a date (use 2026-11-28)");
                return ExitCode::from(2);
            }
        },
        Err(_) => Date::today(),
    };
    let catalog = match load_catalog(&cli, color, !cli.rules.is_empty()) {
        Ok(c) => c,
        Err(code) => return code,
    };
    // Look at the first inputs: how many there are decides how much to
    // spend compiling the rules (the walk itself stays lazy).
    let mut walk: Box<dyn Iterator<Item = Input> + Send> = match &cli.command {
        Command::Check {
            paths,
            input_format: InputFormat::Yaml,
            ..
        } => Box::new(walk_inputs(paths)),
        _ => Box::new(std::iter::empty()),
    };
    let first: Vec<Input> = walk.by_ref().take(FEW_FILES + 1).collect();
    let streamed = matches!(
        &cli.command,
        Command::Check {
            input_format: InputFormat::Ndjson,
            ..
        }
    );
    let workload = if first.len() > FEW_FILES || streamed {
        Workload::Batch
    } else {
        Workload::Few
    };
    // `-` is reported under --stdin-filename, when given.
    let stdin_name = match &cli.command {
        Command::Check { stdin_filename, .. } => stdin_filename.clone(),
        _ => None,
    };
    let inputs = first
        .into_iter()
        .chain(walk)
        .map(move |i| match (i, &stdin_name) {
            (Input::File { display, path }, Some(name)) if display == "-" => Input::File {
                display: name.clone(),
                path,
            },
            (i, _) => i,
        });
    let rules = match RuleSet::compile_for(catalog, workload) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    match &cli.command {
        Command::Check {
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
        } => {
            let opts = CheckOptions {
                encoding: match encoding {
                    EncodingArg::Utf8 => neglist::filing::Encoding::Utf8,
                    EncodingArg::Gb18030 => neglist::filing::Encoding::Gb18030,
                },
                as_of: *as_of,
                today,
                max_file_bytes: *max_file_size,
            };
            // Workers write the report: release the main thread's lock.
            drop(stdout);
            let out = std::io::BufWriter::new(std::io::stdout());
            let day = as_of.unwrap_or(today);
            let mut reporter: Box<dyn report::Reporter + Send> = match format {
                _ if *statistics => Box::new(report::statistics::StatisticsReporter::new(out)),
                Format::Github => Box::new(report::github::GithubReporter::new(out)),
                Format::Json => Box::new(report::json::JsonReporter::new(&rules.catalog, out, day)),
                Format::Ndjson => {
                    Box::new(report::json::NdjsonReporter::new(&rules.catalog, out, day))
                }
                Format::Human => {
                    let note = match as_of {
                        Some(d) => format!("as of {d}"),
                        None => format!("each filing as of its filed_on, else today {today}"),
                    };
                    Box::new(
                        report::human::HumanReporter::new(&rules.catalog, out, color, note)
                            .quiet(*quiet),
                    )
                }
            };
            let mut summary = Summary::default();
            // The first write error (a closed pipe, a full disk) stops the
            // output; checking still finishes so the exit status is right.
            let mut write_error: Option<std::io::Error> = None;
            let mut each = |r: neglist::check::FileReport| {
                summary.add(&r);
                if write_error.is_none()
                    && let Err(e) = reporter.file(&r)
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
                            let stdin = std::io::stdin().lock();
                            check_ndjson(&rules, &display, stdin, &opts, &mut each);
                        } else {
                            match std::fs::File::open(p) {
                                Ok(f) => {
                                    let r = std::io::BufReader::new(f);
                                    check_ndjson(&rules, &display, r, &opts, &mut each);
                                }
                                Err(e) => each(neglist::check::FileReport::failed(
                                    &display,
                                    format!("cannot read file: {e}"),
                                )),
                            }
                        }
                    }
                }
            }
            if write_error.is_none()
                && let Err(e) = reporter.finish(&summary)
            {
                write_error = Some(e);
            }
            match write_error {
                Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    eprintln!("error: cannot write the report: {e}");
                    ExitCode::from(2)
                }
                _ if *exit_zero => ExitCode::SUCCESS,
                _ => ExitCode::from(summary.exit_code() as u8),
            }
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
            let out = match format {
                ExplainFormat::Json => report::explain::explain_json(&rules.catalog, id, day)
                    .map(|v| serde_json::to_string_pretty(&v).unwrap() + "\n"),
                ExplainFormat::Human => {
                    report::explain::explain_text(&rules.catalog, id, day, lang)
                }
            };
            match out {
                Some(t) => {
                    let _ = stdout.write_all(t.as_bytes());
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!(
                        "error: no rule, diagnostic code or source called `{id}`; `neglist rules` lists them"
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
                    eprintln!("error: cannot write the man page: {e}");
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
        Command::Test { paths } => {
            // (what, location, failure) for every inline example, then every case.
            let mut results: Vec<(String, String, Option<String>)> = vec![];
            for r in neglist::ruletest::run_examples(&rules) {
                let verdict = if r.deny { "deny" } else { "allow" };
                results.push((
                    format!("{} {} example {verdict} #{}", r.rule, r.rule_name, r.number),
                    r.location,
                    r.failure,
                ));
            }
            let examples = results.len();
            let case_paths: Vec<PathBuf> = if paths.is_empty() {
                let default = PathBuf::from("tests/rules");
                if default.is_dir() {
                    vec![default]
                } else {
                    vec![]
                }
            } else {
                paths.clone()
            };
            for input in collect_inputs(&case_paths) {
                let cases = match input {
                    neglist::check::Input::File { path, .. } => {
                        neglist::ruletest::run_case_file(&rules, &path)
                    }
                    neglist::check::Input::WalkError { display, message } => {
                        vec![neglist::ruletest::CaseResult {
                            location: display,
                            name: "(walk)".into(),
                            failure: Some(message),
                        }]
                    }
                };
                for c in cases {
                    results.push((format!("case {}", c.name), c.location, c.failure));
                }
            }
            let mut failed = 0;
            for (what, location, failure) in &results {
                match failure {
                    None => {
                        let _ = writeln!(stdout, "test {what} ... ok");
                    }
                    Some(why) => {
                        failed += 1;
                        let _ =
                            writeln!(stdout, "test {what} ... FAILED\n  --> {location}\n  {why}");
                    }
                }
            }
            let _ = writeln!(
                stdout,
                "\nrule tests: {} passed, {failed} failed ({examples} inline examples, {} cases)",
                results.len() - failed,
                results.len() - examples
            );
            if failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
