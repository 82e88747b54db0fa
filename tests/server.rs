//! `clauselint server` end to end: the binary as a child process, spoken
//! to in JSON-RPC with Content-Length framing, as an editor would.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// A hung server fails the test instead of hanging CI.
const TIMEOUT: Duration = Duration::from_secs(10);

const CONFIG: &str =
    "[[documents]]\nfiles = [\"policy*.md\"]\nkind = \"privacy-notice\"\nlanguage = \"en\"\n";

/// A policy missing its contact point, retention, recipients, children's
/// clause and date, with a placeholder address after Japanese text and an
/// emoji on the same line.
const POLICY: &str = "# Privacy Policy

This policy explains how Acme Ltd collects and uses personal data when you use the Acme app.

## What we collect

We collect your name, your email address and the photos you upload. 個人情報 😀 Questions? Email [email protected] for help.

## How we use it

We use your data to provide the service and to improve it.
";

/// The same policy with every clause, the placeholder replaced.
const COMPLETE: &str = "# Privacy Policy

Last updated: 3 March 2026.

This policy explains how Acme Ltd collects and uses personal data when you use the Acme app.

## What we collect

We collect your name, your email address and the photos you upload. 個人情報 😀 Questions? Email privacy@acme.test for help.

## How we use it

We use your data to provide the service and to improve it.

## Who receives it

We share personal data with our hosting provider and our payment processor, who process it on our behalf.

## How long we keep it

We keep your account data until you delete your account, and invoices for 10 years.

## Children

The app is not directed to children under 16, and we do not knowingly collect their data.

## Contact us

If you have questions about this policy, email privacy@acme.test.
";

struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    /// Starts the server and does the `initialize` handshake.
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clauselint"))
            .arg("server")
            .current_dir(dir)
            // The date rule compares with today: a fixed today.
            .env("CLAUSELINT_TODAY", "2026-04-01")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut server = Self {
            child,
            stdin,
            messages,
            next_id: 0,
        };
        let init = server.request(
            "initialize",
            json!({
                "processId": null, "rootUri": null, "capabilities": {},
                "initializationOptions": { "debounceMs": 50 },
            }),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "clauselint");
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: &Value) {
        self.stdin.write_all(&frame(message)).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its response (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.next(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `wanted` accepts; others are skipped.
    fn next(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no answer from the server in time"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Value {
        let message = self.next(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"].clone()
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
    }

    fn change_message(uri: &str, version: i32, text: &str) -> Value {
        json!({
            "jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            },
        })
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.send(&Self::change_message(uri, version, text));
    }

    /// `shutdown`, `exit`, and the process must end with 0.
    fn stop(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // A failed test must not leave the server running.
        let _ = self.child.kill();
    }
}

fn frame(message: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(message).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri_of(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn codes(published: &Value) -> Vec<String> {
    let diagnostics = published["diagnostics"].as_array().unwrap();
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn diagnostic<'a>(published: &'a Value, code: &str) -> &'a Value {
    (published["diagnostics"].as_array().unwrap().iter())
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} diagnostic in {published}"))
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({
        "start": { "line": start.0, "character": start.1 },
        "end": { "line": end.0, "character": end.1 },
    })
}

fn workspace() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("clauselint.toml"), CONFIG).unwrap();
    let uri = uri_of(&dir.path().join("policy.md"));
    (dir, uri)
}

#[test]
fn diagnostics_follow_the_text_with_utf16_positions() {
    let (dir, uri) = workspace();
    let mut server = Server::start(dir.path());
    server.open(&uri, "markdown", POLICY);
    let published = server.diagnostics(&uri);
    assert_eq!(published["version"], 1);
    assert_eq!(
        codes(&published),
        [
            "contact-point",
            "retention",
            "third-party-processors",
            "minors",
            "last-updated",
            "contact-point-placeholder",
        ]
    );
    // A missing clause is placed on the title, "Privacy Policy".
    let missing = diagnostic(&published, "retention");
    assert_eq!(missing["range"], range((0, 2), (0, 16)));
    assert_eq!(missing["severity"], 1);
    assert_eq!(missing["source"], "clauselint");
    // "[email protected]" after 個人情報 (4 units) and 😀 (2 units, 1 char):
    // character 93, where counting characters would say 92.
    let placeholder = diagnostic(&published, "contact-point-placeholder");
    assert_eq!(placeholder["range"], range((6, 93), (6, 110)));
    assert_eq!(placeholder["severity"], 2);

    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 6, "character": 100 } }),
    );
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("(`contact-point-placeholder`)"), "{text}");
    assert!(text.contains("**How to fix**"), "{text}");
    assert_eq!(hover["result"]["range"], range((6, 93), (6, 110)));
    let nothing = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 10, "character": 3 } }),
    );
    assert_eq!(nothing["result"], Value::Null);

    let lens = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let title = lens["result"][0]["command"]["title"].as_str().unwrap();
    assert!(title.starts_with("clauselint: 0/5 clauses"), "{title}");
    assert!(title.contains("✗ retention missing"), "{title}");

    // Two changes in one burst: only the last text is linted.
    let mut burst = Vec::new();
    burst.extend(frame(&Server::change_message(&uri, 2, "# Privacy\n")));
    burst.extend(frame(&Server::change_message(&uri, 3, COMPLETE)));
    server.stdin.write_all(&burst).unwrap();
    server.stdin.flush().unwrap();
    let published = server.diagnostics(&uri);
    assert_eq!(published["version"], 3);
    assert_eq!(codes(&published), Vec::<String>::new());
    let lens = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let title = lens["result"][0]["command"]["title"].as_str().unwrap();
    assert!(
        title.starts_with("clauselint: 5/5 clauses · ✓ contact-point"),
        "{title}"
    );

    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(server.diagnostics(&uri)["diagnostics"], json!([]));
    server.stop();
}

#[test]
fn a_deficient_clause_points_at_its_evidence() {
    let (dir, uri) = workspace();
    let mut server = Server::start(dir.path());
    let vague = COMPLETE.replace(
        "We keep your account data until you delete your account, and invoices for 10 years.",
        "We keep your data as long as necessary. Your photos are retained for as long as needed.",
    );
    server.open(&uri, "markdown", &vague);
    let published = server.diagnostics(&uri);
    assert_eq!(codes(&published), ["retention-vague"]);
    let finding = diagnostic(&published, "retention-vague");
    assert_eq!(finding["range"], range((20, 0), (20, 39)));
    let related = finding["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 1, "{related:?}");
    assert_eq!(related[0]["location"]["uri"], uri.as_str());
    assert_eq!(related[0]["location"]["range"], range((20, 40), (20, 87)));
    let message = related[0]["message"].as_str().unwrap();
    assert!(message.contains("Your photos are retained"), "{message}");
    server.stop();
}

#[test]
fn a_quick_fix_inserts_a_directive_that_suppresses_the_finding() {
    let (dir, uri) = workspace();
    let mut server = Server::start(dir.path());
    server.open(&uri, "markdown", POLICY);
    server.diagnostics(&uri);
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((6, 95), (6, 95)),
            "context": { "diagnostics": [] },
        }),
    );
    let actions = response["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    let edits = action["edit"]["changes"][uri.as_str()].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["range"], range((6, 0), (6, 0)));
    let inserted = edits[0]["newText"].as_str().unwrap();
    assert_eq!(
        inserted,
        "<!-- clauselint-disable-next-line contact-point-placeholder -- TODO: say why this is accepted -->\n"
    );
    // Applied, the directive suppresses the finding and is itself valid.
    let mut lines: Vec<&str> = POLICY.split_inclusive('\n').collect();
    lines.insert(6, inserted);
    server.change(&uri, 2, &lines.concat());
    let published = server.diagnostics(&uri);
    let codes = codes(&published);
    assert!(
        !codes.contains(&"contact-point-placeholder".to_owned()),
        "{codes:?}"
    );
    assert!(
        !codes.iter().any(|c| c.ends_with("-suppression")),
        "{codes:?}"
    );
    assert!(codes.contains(&"retention".to_owned()), "{codes:?}");

    // A missing clause is accepted for the whole file.
    let response = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((0, 4), (0, 4)),
            "context": { "diagnostics": [] },
        }),
    );
    let titles: Vec<&str> = (response["result"].as_array().unwrap().iter())
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Accept `retention` in this file (clauselint-disable-file)"),
        "{titles:?}"
    );
    server.stop();
}

#[test]
fn a_broken_configuration_is_reported_on_it_and_fixing_it_relints() {
    let (dir, uri) = workspace();
    let toml = dir.path().join("clauselint.toml");
    let toml_uri = uri_of(&toml);
    let mut server = Server::start(dir.path());
    server.open(&uri, "markdown", POLICY);
    assert!(codes(&server.diagnostics(&uri)).contains(&"retention".to_owned()));

    // Typed, not saved: the editor's text is what counts.
    let broken = format!("selct = [\"retention\"]\n{CONFIG}");
    server.open(&toml_uri, "toml", &broken);
    let on_toml = server.diagnostics(&toml_uri);
    assert_eq!(codes(&on_toml), ["configuration"]);
    assert_eq!(on_toml["diagnostics"][0]["range"], range((0, 0), (0, 5)));
    let on_policy = server.diagnostics(&uri);
    assert_eq!(codes(&on_policy), ["configuration"]);
    let message = on_policy["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("clauselint.toml is broken"), "{message}");
    assert_eq!(on_policy["diagnostics"][0]["range"], range((0, 0), (0, 16)));

    let fixed = format!("ignore = [\"retention\"]\n{CONFIG}");
    server.change(&toml_uri, 2, &fixed);
    assert_eq!(server.diagnostics(&toml_uri)["diagnostics"], json!([]));
    let now = codes(&server.diagnostics(&uri));
    assert!(now.contains(&"contact-point".to_owned()), "{now:?}");
    assert!(!now.contains(&"retention".to_owned()), "{now:?}");

    // Closed unsaved: the file on disk is in force again.
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": toml_uri } }),
    );
    assert_eq!(server.diagnostics(&toml_uri)["diagnostics"], json!([]));
    assert!(codes(&server.diagnostics(&uri)).contains(&"retention".to_owned()));
    // Deleted outside the editor: the defaults apply, the policy is still
    // linted (its title and English text make it judged without help).
    std::fs::remove_file(&toml).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": toml_uri, "type": 3 }] }),
    );
    assert_eq!(server.diagnostics(&toml_uri)["diagnostics"], json!([]));
    let now = codes(&server.diagnostics(&uri));
    assert!(now.contains(&"retention".to_owned()), "{now:?}");
    server.stop();
}

#[test]
fn unreadable_or_unjudged_input_is_said_and_never_ends_the_server() {
    let (dir, uri) = workspace();
    let mut server = Server::start(dir.path());
    // Opened without its text: read from disk, where it is binary.
    let binary = dir.path().join("policy-binary.md");
    std::fs::write(&binary, b"\x00\x01\x02\x03\x00\x00\x05").unwrap();
    let binary_uri = uri_of(&binary);
    server.open(&binary_uri, "markdown", "");
    let published = server.diagnostics(&binary_uri);
    assert_eq!(codes(&published), ["decode"]);
    assert_eq!(published["diagnostics"][0]["severity"], 1);
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );

    // A new, empty buffer.
    let empty_uri = uri_of(&dir.path().join("policy-new.md"));
    server.open(&empty_uri, "markdown", "");
    assert_eq!(codes(&server.diagnostics(&empty_uri)), ["empty"]);

    // Terms of use are not judged, and the editor is told so.
    let terms_uri = uri_of(&dir.path().join("terms.md"));
    let terms = "# Terms of Service\n\nThese terms govern your use of the Acme app. By using the app you agree to these terms. We may suspend your account if you break them.\n";
    server.open(&terms_uri, "markdown", terms);
    let published = server.diagnostics(&terms_uri);
    assert_eq!(codes(&published), ["not-judged"]);
    assert_eq!(published["diagnostics"][0]["severity"], 3);
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("not judged:"), "{message}");

    // Garbage parameters and unknown methods get errors, not a crash.
    server.notify("textDocument/didOpen", json!({ "textDocument": 42 }));
    let unknown = server.request("textDocument/rename", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let invalid = server.request("textDocument/hover", json!({ "position": "here" }));
    assert_eq!(invalid["error"]["code"], -32602);
    // A position far outside the text is clamped.
    server.open(&uri, "markdown", POLICY);
    server.diagnostics(&uri);
    let far = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": range((999, 999), (9999, 0)),
            "context": { "diagnostics": [] },
        }),
    );
    assert_eq!(far["result"], json!([]));
    server.stop();
}
