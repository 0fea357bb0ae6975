//! The packaging files agree with each other: licence, versions, the two
//! hook manifests and the README's pre-commit snippet. (Building and
//! installing the wheels and the .deb is `.ci/dist`'s, run by `.ci/run`.)

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn toml_file(path: &str) -> toml::Table {
    read(path).parse().unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The hooks of a `.pre-commit-hooks.yaml`: everything from the first hook
/// on (the header comment differs between the two files).
fn hooks(path: &str) -> String {
    let text = read(path);
    let start = text.find("- id: neglist\n").expect("a hook `neglist`");
    text[start..].to_string()
}

/// The settings of hook `id` in a hooks file or config: `key: value` lines
/// of its block, comments dropped.
fn hook_settings(text: &str, id: &str) -> Vec<(String, String)> {
    let mut lines = text
        .lines()
        .skip_while(|l| l.trim() != format!("- id: {id}"));
    let first = lines.next().expect("the hook");
    let indent = first.len() - first.trim_start().len();
    lines
        .take_while(|l| {
            let t = l.trim_start();
            t.is_empty()
                || t.starts_with('#')
                || (l.len() - t.len() > indent && !t.starts_with("- "))
        })
        .filter(|l| !l.trim().is_empty() && !l.trim().starts_with('#'))
        .filter_map(|l| l.trim().split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn setting<'a>(settings: &'a [(String, String)], key: &str) -> Option<&'a str> {
    settings
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn version() -> String {
    toml_file("Cargo.toml")["package"]["version"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn dual_licence_is_declared_everywhere() {
    let mit = read("LICENSE-MIT");
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    assert!(apache.contains("END OF TERMS AND CONDITIONS"));
    let cargo = toml_file("Cargo.toml");
    assert_eq!(
        cargo["package"]["license"].as_str(),
        Some("MIT OR Apache-2.0")
    );
    let text = toml_file("crates/neglist-text/Cargo.toml");
    assert_eq!(
        text["package"]["license"].as_str(),
        Some("MIT OR Apache-2.0")
    );
    let py = toml_file("pyproject.toml");
    assert_eq!(py["project"]["license"].as_str(), Some("MIT OR Apache-2.0"));
    let files: Vec<&str> = py["project"]["license-files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(files, ["LICENSE-MIT", "LICENSE-APACHE"]);
    // The catalogue is not ours to license: the README says so.
    let readme = read("README.md");
    assert!(readme.contains("LICENSE-MIT") && readme.contains("catalogue/"));
}

#[test]
fn wheel_is_the_binary_at_cargo_version() {
    let py = toml_file("pyproject.toml");
    assert_eq!(
        py["build-system"]["build-backend"].as_str(),
        Some("maturin")
    );
    assert_eq!(py["tool"]["maturin"]["bindings"].as_str(), Some("bin"));
    assert_eq!(py["project"]["name"].as_str(), Some("neglist"));
    // The version comes from Cargo.toml, never written twice.
    assert!(py["project"].get("version").is_none());
    assert_eq!(py["project"]["dynamic"][0].as_str(), Some("version"));
}

#[test]
fn deb_assets_are_what_dist_generates() {
    let cargo = toml_file("Cargo.toml");
    let deb = &cargo["package"]["metadata"]["deb"];
    let assets: Vec<&str> = deb["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap())
        .collect();
    let dist = read(".ci/dist");
    for generated in assets.iter().filter(|a| a.starts_with("target/dist/")) {
        // (The man pages, every one, are written into their folder.)
        let made = if generated.ends_with("/*.1") {
            let dir = generated.trim_end_matches("/*.1");
            dist.contains(&format!("man --dir \"$ROOT/{dir}\""))
        } else {
            let file = generated.rsplit('/').next().unwrap();
            dist.contains(&format!("/{file}\""))
        };
        assert!(made, ".ci/dist does not generate {generated}");
    }
    for committed in assets.iter().filter(|a| !a.starts_with("target/")) {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(committed)
                .exists(),
            "{committed}"
        );
    }
    assert!(assets.contains(&"target/release/neglist"));
    assert!(deb["depends"].as_str().unwrap().contains("libc6 (>= 2.17)"));
    // CI runs the distribution checks.
    assert!(read(".ci/run").contains("bash .ci/dist"));
}

#[test]
fn hook_repository_installs_the_wheel_of_this_version() {
    let v = version();
    let mirror = toml_file("pre-commit/pyproject.toml");
    assert_eq!(mirror["project"]["version"].as_str(), Some(v.as_str()));
    let deps: Vec<&str> = mirror["project"]["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(deps, [format!("neglist=={v}")]);
    // The same hooks in both manifests, installed as a Python package.
    assert_eq!(
        hooks(".pre-commit-hooks.yaml"),
        hooks("pre-commit/.pre-commit-hooks.yaml")
    );
    let manifest = hooks(".pre-commit-hooks.yaml");
    for id in ["neglist", "neglist-test"] {
        assert_eq!(
            setting(&hook_settings(&manifest, id), "language"),
            Some("python"),
            "{id}"
        );
    }
    let neglist = hook_settings(&manifest, "neglist");
    assert_eq!(setting(&neglist, "verbose"), Some("true"));
    assert_eq!(
        setting(&neglist, "entry"),
        Some("neglist check --force-exclude --")
    );
}

/// The manual's snippet (docs/integrations.md; run with the real framework
/// by `.ci/dist`) is the shipped hook as a `repo: local` hook on the wheel
/// of this version.
#[test]
fn readme_pre_commit_snippet_is_the_shipped_hook() {
    let readme = read("docs/integrations.md");
    let start = readme
        .find("<!-- snippet: pre-commit-config -->")
        .expect("the snippet");
    let body = &readme[start..];
    let body = &body[body.find("```yaml\n").unwrap() + 8..];
    let snippet = &body[..body.find("```\n").unwrap()];
    assert!(!snippet.contains("OWNER"), "{snippet}");
    assert!(snippet.contains("- repo: local\n"), "{snippet}");
    let mine = hook_settings(snippet, "neglist");
    let shipped = hook_settings(&hooks(".pre-commit-hooks.yaml"), "neglist");
    for key in ["entry", "language", "types", "require_serial", "verbose"] {
        assert!(setting(&shipped, key).is_some(), "{key}");
        assert_eq!(setting(&mine, key), setting(&shipped, key), "{key}");
    }
    assert_eq!(
        setting(&mine, "additional_dependencies"),
        Some(format!("[neglist=={}]", version()).as_str())
    );
}
