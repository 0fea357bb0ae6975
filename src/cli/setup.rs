//! Setting up a run: the configuration, the rules, and what triage needs.
//! A problem here is the tool not being able to run as asked: exit 2.

use super::{Cli, print_rule_errors};
use neglist::config::read::{MAX_BASELINE_BYTES, MAX_SETTINGS_BYTES, read_bounded};
use neglist::config::waivers::WaiverFile;
use neglist::config::{Config, Selector};
use neglist::dsl;
use neglist::lang::Lang;
use neglist::parse::date::Date;
use neglist::rule::{Catalog, Severity};
use neglist::triage::baseline::Baseline;
use neglist::triage::{Settings, Triage};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The configuration: `--config FILE`, else the nearest `neglist.toml`,
/// else defaults (with `--no-config`, always defaults).
pub fn config(cli: &Cli, ui: super::Ui) -> Result<Config, ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = match (&cli.config, cli.no_config) {
        (_, true) => None,
        (Some(p), _) => Some(p.clone()),
        (None, false) => Config::find(&cwd),
    };
    match path {
        None => Ok(Config::defaults(cwd)),
        Some(p) => Config::load(&p).map_err(|errors| {
            print_rule_errors(&errors, ui);
            say!(
                "{}",
                super::nothing_checked(ui.lang, errors.len(), &p.display().to_string())
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
pub fn catalog(cli: &Cli, config: &Config, ui: super::Ui) -> Result<Catalog, ExitCode> {
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
                print_rule_errors(&warnings, ui);
            }
            Ok(catalog)
        }
        Err(errors) => {
            print_rule_errors(&errors, ui);
            let place = ui.lang.pick("规则文件", "rule files");
            say!("{}", super::nothing_checked(ui.lang, errors.len(), place));
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
    ui: super::Ui,
) -> Result<Triage, ExitCode> {
    let fail = |errors: Vec<neglist::diagnostic::SourceError>, what: &str| {
        print_rule_errors(&errors, ui);
        let place = neglist::config::localize(what, ui.lang);
        say!("{}", super::nothing_checked(ui.lang, errors.len(), &place));
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
    settings.inline_waivers = config.inline_waivers;
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
    let triage = Triage::new(catalog, settings).map_err(|e| fail(e, "the rule selection"))?;
    warn_weakened(config, catalog, &triage, today, ui);
    Ok(triage)
}

/// Says on stderr, on every run, which settings of the configuration file
/// turn prohibited rules off or report them below their severity: such a
/// file passes prohibited business in silence otherwise (hostile 2026-12
/// row 17). Each setting is judged alone and named only if, alone, it
/// weakens a rule that the whole run weakens too (a flag may restore it).
fn warn_weakened(config: &Config, catalog: &Catalog, run: &Triage, today: Date, ui: super::Ui) {
    let Some(src) = &config.source else { return };
    let (off, lowered) = run.prohibited_weakened(catalog);
    if off.is_empty() && lowered.is_empty() {
        return;
    }
    let list = |codes: &[&String]| {
        let shown: Vec<&str> = codes.iter().take(6).map(|c| c.as_str()).collect();
        let more = codes.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    let alone = |f: &dyn Fn(&mut Settings)| {
        let mut s = Settings::none(today);
        f(&mut s);
        Triage::new(catalog, s)
            .map(|t| t.prohibited_weakened(catalog))
            .ok()
    };
    for (setting, solo) in [
        ("select", alone(&|s| s.select = config.select.clone())),
        ("ignore", alone(&|s| s.ignore = config.ignore.clone())),
    ] {
        let Some((solo_off, _)) = solo else { continue };
        let hit: Vec<&String> = solo_off.iter().filter(|c| off.contains(c)).collect();
        if !hit.is_empty() {
            match ui.lang {
                Lang::Zh => say!(
                    "警告：{} 中的 `{setting}` 关闭了 {} 条禁止类规则（{}）：它们发现的禁止业务不会报告",
                    src.path,
                    hit.len(),
                    list(&hit)
                ),
                Lang::En => say!(
                    "warning: `{setting}` in {} turns off {} prohibited rule{} ({}): prohibited business they find is not reported",
                    src.path,
                    hit.len(),
                    if hit.len() == 1 { "" } else { "s" },
                    list(&hit)
                ),
            }
        }
    }
    if let Some((_, solo_low)) = alone(&|s| s.severity = config.severity.clone()) {
        let hit: Vec<&(String, Severity)> = solo_low
            .iter()
            .filter(|c| lowered.iter().any(|l| l.0 == c.0))
            .collect();
        if !hit.is_empty() {
            let codes: Vec<&String> = hit.iter().map(|(c, _)| c).collect();
            let to = if hit.iter().all(|(_, s)| *s == Severity::Note) {
                "note"
            } else if hit.iter().all(|(_, s)| *s == Severity::Warning) {
                "warning"
            } else {
                "warning or note"
            };
            match ui.lang {
                Lang::Zh => say!(
                    "警告：{} 中的 `[severity]` 把 {} 条禁止类规则（{}）降为{}：其问题不再使检查失败",
                    src.path,
                    hit.len(),
                    list(&codes),
                    match to {
                        "note" => "提示",
                        "warning" => "警告",
                        _ => "警告或提示",
                    }
                ),
                Lang::En => say!(
                    "warning: `[severity]` in {} lowers {} prohibited rule{} ({}) to {to}: their findings no longer fail the run",
                    src.path,
                    hit.len(),
                    if hit.len() == 1 { "" } else { "s" },
                    list(&codes)
                ),
            }
        }
    }
}
