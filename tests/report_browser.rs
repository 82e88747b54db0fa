//! The HTML evidence report of `examples/`, opened in a real browser:
//! headless Chromium parses the page (`--dump-dom`) and takes a screenshot.
//!
//! Without Chromium the test is skipped and says so (on standard error and
//! as its only output), so that `cargo test` passes on a fresh machine with
//! Rust and nothing else; under `CI=true` Chromium is required and the test
//! fails, saying how to install it (`apt-get install -y chromium` on
//! Debian; `.ci/run` installs it).
//! Set `CLAUSELINT_CHROMIUM` to use another Chromium or Chrome binary, and
//! `CLAUSELINT_UPDATE_SCREENSHOT=1` to copy the screenshot to
//! docs/report-screenshot.png.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The longest a browser run may take before it is killed.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The statuses the examples are written to have, by clause rule.
const EXPECTED: [(&str, [(&str, &str); 4]); 3] = [
    (
        "examples/acme-cloud-privacy.md",
        [
            ("contact-point", "present"),
            ("retention", "present"),
            ("third-party-processors", "present"),
            ("minors", "present"),
        ],
    ),
    (
        "examples/bakery-loyalty-privacy.html",
        [
            ("contact-point", "present"),
            ("retention", "missing"),
            ("third-party-processors", "present"),
            ("minors", "missing"),
        ],
    ),
    (
        "examples/fitness-app-privacy.txt",
        [
            ("contact-point", "missing"),
            ("retention", "present"),
            ("third-party-processors", "missing"),
            ("minors", "present"),
        ],
    ),
];

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The Chromium binary; `None` when it is not installed, except in CI,
/// where its absence is a failure saying how to install it.
fn chromium() -> Option<PathBuf> {
    let found = match std::env::var_os("CLAUSELINT_CHROMIUM") {
        Some(path) => Some(PathBuf::from(path)).filter(|p| p.is_file()),
        None => ["chromium", "chromium-browser"].iter().find_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        }),
    };
    let install = "Install it with:  apt-get update && apt-get install -y chromium\n\
                   (or set CLAUSELINT_CHROMIUM to a Chromium or Chrome binary)";
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    match found {
        Some(path) => Some(path),
        None if in_ci => {
            panic!("this test needs headless Chromium, which is not installed.\n{install}")
        }
        None => {
            eprintln!(
                "SKIPPED html_report_in_headless_chromium: Chromium is not installed.\n{install}"
            );
            None
        }
    }
}

/// Runs Chromium headless on `page` with `args`; returns its standard
/// output. Killed (with the processes it started) after
/// [`BROWSER_TIMEOUT`].
fn run_chromium(profile: &Path, page: &Path, args: &[String]) -> String {
    let mut cmd = Command::new(chromium().expect("checked by the test first"));
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    // Its own process group, so a timeout ends its helpers too.
    .process_group(0);
    let mut child = cmd.spawn().expect("cannot start chromium");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = pipe.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within {BROWSER_TIMEOUT:?}: {}",
                stderr.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = stdout.join().unwrap();
    let err = stderr.join().unwrap();
    assert!(status.success(), "chromium failed ({status}):\n{err}");
    out
}

/// The report of `examples/` with the built-in rules.
fn report(dir: &Path, format: &str) -> PathBuf {
    let path = dir.join(format!("report.{format}"));
    let out = assert_cmd::Command::cargo_bin("clauselint")
        .unwrap()
        .current_dir(manifest())
        .args([
            "report",
            "--isolated",
            "--format",
            format,
            "examples/",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    // The examples miss clauses on purpose: exit code 1.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

/// Text as a DOM serializer writes it in an element.
fn dom_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\u{a0}', "&nbsp;")
}

/// The element that starts with `start`, up to the first `end` after it.
fn element<'a>(dom: &'a str, start: &str, end: &str) -> &'a str {
    let at = dom
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the DOM:\n{dom}"));
    let len = dom[at..].find(end).expect("unclosed element") + end.len();
    &dom[at..at + len]
}

#[test]
fn html_report_in_headless_chromium() {
    // Skip, or in CI fail, first and clearly when it is not installed.
    if chromium().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = report(dir.path(), "html");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(report(dir.path(), "json")).unwrap())
            .unwrap();
    let profile = dir.path().join("profile");

    let dom = run_chromium(&profile, &page, &["--dump-dom".to_owned()]);
    assert!(dom.contains("<table class=\"matrix\""), "{dom}");

    // One row per document and one cell per clause rule, each with the
    // status the JSON report gives; the examples' expected statuses.
    let rules: Vec<&str> = (json["rules"].as_array().unwrap().iter())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for rule in &rules {
        assert!(dom.contains(&format!("<th scope=\"col\" data-rule=\"{rule}\">")));
    }
    let documents = json["documents"].as_array().unwrap();
    assert_eq!(documents.len(), EXPECTED.len());
    for (n, (doc, (path, expected))) in documents.iter().zip(EXPECTED).enumerate() {
        let n = n + 1;
        assert_eq!(doc["path"], path);
        let row = element(
            &dom,
            &format!("<tr class=\"doc\" data-path=\"{path}\">"),
            "</tr>",
        );
        assert_eq!(
            row.matches("<td class=\"cell ").count(),
            rules.len(),
            "{row}"
        );
        // The examples are written to have these statuses.
        for (rule, status) in expected {
            assert_eq!(doc["clauses"][rule]["status"], status, "{path} {rule}");
        }
        // Every cell shows the status the JSON report gives, and links to
        // its evidence: the deciding text highlighted, or the rule's help
        // for a missing clause.
        for rule in &rules {
            let clause = &doc["clauses"][rule];
            let status = clause["status"].as_str().unwrap();
            assert!(
                row.contains(&format!(
                    "<td class=\"cell {status}\" data-rule=\"{rule}\"><a href=\"#ev-{n}-{rule}\">"
                )),
                "{path}: {rule} should be {status}:\n{row}"
            );
            let evidence = element(
                &dom,
                &format!("<div class=\"clause {status}\" id=\"ev-{n}-{rule}\">"),
                "\n</div>",
            );
            match status {
                "present" | "deficient" => {
                    let decisive = &clause["evidence"][0];
                    let text = decisive["text"].as_str().unwrap();
                    assert!(
                        evidence.contains(&format!("<mark>{}</mark>", dom_text(text))),
                        "{path} {rule}: no <mark> of {text:?}:\n{evidence}"
                    );
                    let place = format!("{path}:{}:{}", decisive["line"], decisive["column"]);
                    assert!(evidence.contains(&place), "{place}:\n{evidence}");
                }
                "missing" => {
                    assert!(evidence.contains("<p class=\"message\">"), "{evidence}");
                    // The built-in clause rules all say what to add.
                    let builtin = expected.iter().any(|(id, _)| id == rule);
                    assert!(
                        !builtin || evidence.contains("<strong>What to add:</strong>"),
                        "{evidence}"
                    );
                }
                _ => {}
            }
        }
    }
    // One <mark> per present or deficient clause, whatever the rules.
    let with_evidence = (documents.iter())
        .flat_map(|doc| doc["clauses"].as_object().unwrap().values())
        .filter(|clause| ["present", "deficient"].contains(&clause["status"].as_str().unwrap()))
        .count();
    assert_eq!(dom.matches("<mark>").count(), with_evidence);

    // A screenshot: a real PNG of the window's size.
    let shot = dir.path().join("shot.png");
    run_chromium(
        &profile,
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1000".to_owned(),
        ],
    );
    let png = std::fs::read(&shot).expect("chromium wrote no screenshot");
    assert!(png.len() > 10_000, "screenshot of {} bytes", png.len());
    assert_eq!(&png[..8], PNG_SIGNATURE);
    assert_eq!(&png[12..16], b"IHDR");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 1000));
    if std::env::var_os("CLAUSELINT_UPDATE_SCREENSHOT").is_some() {
        std::fs::copy(&shot, manifest().join("docs/report-screenshot.png")).unwrap();
    }
}
