//! Setting up a run: the configuration, the rules, and what triage needs.
//! A problem here is the tool not being able to run as asked: exit 2.

use super::{Cli, print_rule_errors};
use neglist::config::read::{MAX_BASELINE_BYTES, MAX_SETTINGS_BYTES, read_bounded};
use neglist::config::waivers::WaiverFile;
use neglist::config::{Config, Selector};
use neglist::dsl::{self, Catalog};
use neglist::parse::date::Date;
use neglist::triage::baseline::Baseline;
use neglist::triage::{Settings, Triage};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The configuration: `--config FILE`, else the nearest `neglist.toml`,
/// else defaults (with `--no-config`, always defaults).
pub fn config(cli: &Cli, color: bool) -> Result<Config, ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = match (&cli.config, cli.no_config) {
        (_, true) => None,
        (Some(p), _) => Some(p.clone()),
        (None, false) => Config::find(&cwd),
    };
    match path {
        None => Ok(Config::defaults(cwd)),
        Some(p) => Config::load(&p).map_err(|errors| {
            print_rule_errors(&errors, color);
            say!(
                "error: {} problem{} in {}; nothing was checked",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                p.display()
            );
            ExitCode::from(2)
        }),
    }
}

/// Reads the rule files: the built-in ones, then the configuration's,
/// then `--rules`. A file named like a built-in one replaces it.
fn rule_files(cli: &Cli, config: &Config) -> Result<Vec<(String, String)>, String> {
    let mut files: Vec<(String, String)> = if cli.no_builtin_rules {
        vec![]
    } else {
        dsl::builtin_files()
    };
    let mut user = vec![];
    for p in config.rules.iter().chain(&cli.rules) {
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
        let text = read_bounded(&p, MAX_SETTINGS_BYTES)
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

/// Loads and checks the rules (warnings are shown for user rule files only).
pub fn catalog(cli: &Cli, config: &Config, color: bool) -> Result<Catalog, ExitCode> {
    let files = rule_files(cli, config).map_err(|e| {
        say!("error: {e}");
        ExitCode::from(2)
    })?;
    let user_rules = !cli.rules.is_empty() || !config.rules.is_empty();
    if !user_rules && !cli.no_builtin_rules {
        // Checked when the binary was built.
        return Ok(dsl::builtin_catalog());
    }
    match dsl::load_rules(&files) {
        Ok((catalog, warnings)) => {
            if user_rules && !warnings.is_empty() {
                print_rule_errors(&warnings, color);
            }
            Ok(catalog)
        }
        Err(errors) => {
            print_rule_errors(&errors, color);
            say!(
                "error: {} problem{} in rule files; nothing was checked",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
            Err(ExitCode::from(2))
        }
    }
}

/// A path as a report shows it: relative to the working directory when it
/// is under it.
fn shown(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    neglist::config::relative_to(&cwd, p).unwrap_or_else(|| p.to_path_buf())
}

/// The flags that override the configuration's triage settings.
#[derive(Default)]
pub struct TriageFlags<'a> {
    /// `--select` (replaces `select`).
    pub select: Option<&'a [String]>,
    /// `--ignore` (added to `ignore`).
    pub ignore: &'a [String],
    /// `--waivers` (replaces `waivers`).
    pub waivers: Option<&'a Path>,
    pub baseline: Option<&'a Path>,
    pub record_baseline: bool,
}

/// Builds triage from the configuration and the flags.
pub fn triage(
    config: &Config,
    catalog: &Catalog,
    flags: &TriageFlags,
    today: Date,
    color: bool,
) -> Result<Triage, ExitCode> {
    let fail = |errors: Vec<dsl::RuleError>, what: &str| {
        print_rule_errors(&errors, color);
        say!(
            "error: {} problem{} in {what}; nothing was checked",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        ExitCode::from(2)
    };
    let mut settings = Settings::none(today);
    settings.root = config.root.clone();
    settings.select = match flags.select {
        Some(s) => Some(Selector::from_flag("--select", s)),
        None => config.select.clone(),
    };
    settings.ignore = config.ignore.clone();
    settings
        .ignore
        .extend(Selector::from_flag("--ignore", flags.ignore));
    settings.severity = config.severity.clone();
    if let Some(path) = flags
        .waivers
        .map(Path::to_path_buf)
        .or(config.waivers.clone())
    {
        // Globs in a waivers file are relative to the configuration's root.
        let file = WaiverFile::load(&shown(&path), &config.root)
            .map_err(|e| fail(e, &path.display().to_string()))?;
        settings.waivers = file.waivers;
    }
    if let Some(path) = flags.baseline {
        let text = read_bounded(path, MAX_BASELINE_BYTES).map_err(|e| {
            say!("error: cannot read the baseline {}: {e}", path.display());
            ExitCode::from(2)
        })?;
        settings.baseline = Some(Baseline::parse(&text).map_err(|e| {
            say!("error: {}: {e}", path.display());
            ExitCode::from(2)
        })?);
    }
    settings.record_baseline = flags.record_baseline;
    Triage::new(catalog, settings).map_err(|e| fail(e, "the rule selection"))
}
