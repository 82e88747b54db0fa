//! `clauselint server`: a language server over stdio. It lints each open
//! Markdown, HTML or text policy with the configuration found from the
//! file's own folder, and publishes the findings as diagnostics (debounced
//! while typing), with quick fixes that add suppression directives, the
//! rule's explanation on hover, and a code lens summarising the verdicts.
//!
//! One thread does the work: a lint of a large policy takes milliseconds,
//! so requests are answered in order, each against the latest text.

mod actions;
mod diagnostics;
mod documents;
mod hover;
mod lens;
mod positions;
mod setups;

use std::any::Any;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionParams, CodeLensParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, Hover,
    HoverContents, HoverParams, MarkupContent, MarkupKind, MessageType, PublishDiagnosticsParams,
    Url,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use documents::{OpenDoc, Outcome};
use setups::{Setups, is_config_file};

/// How long a burst of changes must pause before the text is linted:
/// linting every keystroke would only produce diagnostics the next
/// keystroke makes stale.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Why the server stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("protocol error: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("the client closed the connection before `shutdown`")]
    Disconnected,
    #[error("`exit` without `shutdown` first")]
    ExitWithoutShutdown,
    #[error("cannot join the I/O threads: {0}")]
    Io(#[from] std::io::Error),
}

/// Runs the server on stdin and stdout until the client says `exit`.
pub fn run() -> Result<(), ServerError> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection.initialize_start()?;
    let options = Options::from_initialize(&params);
    connection.initialize_finish(id, initialize_result())?;
    let mut server = Server::new(connection, options);
    let result = server.main_loop();
    drop(server);
    io_threads.join()?;
    result
}

fn initialize_result() -> Value {
    use lsp_types::{
        CodeActionProviderCapability, CodeLensOptions, HoverProviderCapability, ServerCapabilities,
        TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
        TextDocumentSyncSaveOptions,
    };
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        ..ServerCapabilities::default()
    };
    serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "clauselint", "version": env!("CARGO_PKG_VERSION") },
    })
}

/// What the client asked for at `initialize`.
struct Options {
    debounce: Duration,
    /// The client can watch files for the server: configuration files
    /// changed outside the editor are then seen.
    watch_files: bool,
}

impl Options {
    /// Read leniently: an option of the wrong type is ignored, never fatal.
    fn from_initialize(params: &Value) -> Self {
        let debounce = (params.pointer("/initializationOptions/debounceMs"))
            .and_then(Value::as_u64)
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
        let watch_files = (params
            .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
        Self {
            debounce,
            watch_files,
        }
    }
}

struct Server {
    connection: Connection,
    options: Options,
    docs: HashMap<Url, OpenDoc>,
    setups: Setups,
    next_request: i32,
}

/// What the main loop does after a message.
enum Flow {
    Continue,
    Stop(Result<(), ServerError>),
}

impl Server {
    fn new(connection: Connection, options: Options) -> Self {
        Self {
            connection,
            options,
            docs: HashMap::new(),
            setups: Setups::default(),
            next_request: 0,
        }
    }

    fn main_loop(&mut self) -> Result<(), ServerError> {
        if self.options.watch_files {
            self.watch_config_files();
        }
        loop {
            self.lint_due();
            let message = match self.next_due() {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(message) => message,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => {
                            return Err(ServerError::Disconnected);
                        }
                    }
                }
                None => match self.connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Err(ServerError::Disconnected),
                },
            };
            if let Flow::Stop(result) = self.handle_guarded(message) {
                return result;
            }
        }
    }

    /// Handles a message; a panic (a bug) is logged and answered as an
    /// internal error instead of ending the server.
    fn handle_guarded(&mut self, message: Message) -> Flow {
        let id = match &message {
            Message::Request(request) => Some(request.id.clone()),
            _ => None,
        };
        match catch_unwind(AssertUnwindSafe(|| self.handle(message))) {
            Ok(flow) => flow,
            Err(panic) => {
                let text = format!("internal error (a bug): {}", panic_message(&panic));
                self.log(MessageType::ERROR, &text);
                if let Some(id) = id {
                    self.respond(Response::new_err(id, ErrorCode::InternalError as i32, text));
                }
                Flow::Continue
            }
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => self.on_request(request),
            Message::Notification(notification) => self.on_notification(notification),
            // Answers to our own requests (registerCapability): nothing to do.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn on_request(&mut self, request: Request) -> Flow {
        match self.connection.handle_shutdown(&request) {
            Ok(true) => return Flow::Stop(Ok(())),
            Ok(false) => {}
            Err(e) => return Flow::Stop(Err(e.into())),
        }
        let id = request.id.clone();
        let result = match request.method.as_str() {
            req::HoverRequest::METHOD => params(request).map(|p| json(self.hover(p))),
            req::CodeActionRequest::METHOD => params(request).map(|p| json(self.code_actions(p))),
            req::CodeLensRequest::METHOD => params(request).map(|p| json(self.code_lenses(p))),
            method => Err((
                ErrorCode::MethodNotFound,
                format!("unsupported request: {method}"),
            )),
        };
        self.respond(match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        });
        Flow::Continue
    }

    fn on_notification(&mut self, notification: Notification) -> Flow {
        let method = notification.method.clone();
        let handled = match method.as_str() {
            note::DidOpenTextDocument::METHOD => params(notification).map(|p| self.did_open(p)),
            note::DidChangeTextDocument::METHOD => params(notification).map(|p| self.did_change(p)),
            note::DidSaveTextDocument::METHOD => params(notification).map(|p| self.did_save(p)),
            note::DidCloseTextDocument::METHOD => params(notification).map(|p| self.did_close(p)),
            note::DidChangeWatchedFiles::METHOD => {
                params(notification).map(|p| self.watched_files_changed(p))
            }
            note::Exit::METHOD => return Flow::Stop(Err(ServerError::ExitWithoutShutdown)),
            // Anything else ($/cancelRequest, initialized, ...) needs nothing.
            _ => Ok(()),
        };
        if let Err((_, message)) = handled {
            self.log(MessageType::WARNING, &format!("{method}: {message}"));
        }
        Flow::Continue
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let item = p.text_document;
        let uri = item.uri.clone();
        let opened = OpenDoc::open(
            item.uri,
            &item.language_id,
            item.version,
            item.text,
            &mut self.setups,
        );
        let Some(doc) = opened else {
            self.log(
                MessageType::INFO,
                &format!("{uri}: not a local file; not checked"),
            );
            return;
        };
        let path = doc.path.clone();
        self.docs.insert(uri.clone(), doc);
        if is_config_file(&path) {
            self.config_changed(&path);
        } else {
            self.lint_and_publish(&uri);
        }
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let due = Instant::now() + self.options.debounce;
        let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
            return;
        };
        // Full sync: the last change holds the whole text.
        if let Some(change) = p.content_changes.into_iter().last() {
            doc.text = change.text;
            doc.version = p.text_document.version;
            doc.unreadable = None;
            doc.due = Some(due);
        }
    }

    fn did_save(&mut self, p: DidSaveTextDocumentParams) {
        if let Ok(path) = p.text_document.uri.to_file_path()
            && is_config_file(&path)
        {
            self.config_changed(&path);
        }
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        if let Some(doc) = self.docs.remove(&uri)
            && is_config_file(&doc.path)
        {
            // The file on disk is in force again.
            self.config_changed(&doc.path);
        }
        self.publish(uri, Vec::new(), None);
    }

    fn watched_files_changed(&mut self, p: DidChangeWatchedFilesParams) {
        let changed: Vec<PathBuf> = (p.changes.into_iter())
            .filter_map(|change| change.uri.to_file_path().ok())
            .filter(|path| is_config_file(path))
            .collect();
        for path in changed {
            self.config_changed(&path);
        }
    }

    /// A configuration file changed (in the editor or on disk): every
    /// setup is rebuilt, its own problems are published on it, and every
    /// open policy is linted again.
    fn config_changed(&mut self, path: &Path) {
        let overlay = (self.docs.values())
            .find(|d| d.path == path)
            .map(|d| d.text.clone());
        self.setups.set_overlay(path, overlay);
        if let Some(doc) = self.docs.values_mut().find(|d| d.path == path) {
            doc.due = None;
        }
        self.publish_config_problems(path);
        let policies: Vec<Url> = (self.docs.values())
            .filter(|d| !is_config_file(&d.path))
            .map(|d| d.uri.clone())
            .collect();
        for uri in policies {
            self.lint_and_publish(&uri);
        }
    }

    fn publish_config_problems(&mut self, path: &Path) {
        let Ok(uri) = Url::from_file_path(path) else {
            return;
        };
        let dir = path.parent().unwrap_or(path);
        let setup = if path.is_file() || self.docs.contains_key(&uri) {
            Some(self.setups.for_config(Some(path), dir))
        } else {
            None // deleted and not open: nothing to say about it
        };
        let problem = setup.as_deref().and_then(|s| s.as_ref().err());
        let diagnostics = problem.map(diagnostics::for_config).unwrap_or_default();
        if let Some(problem) = problem {
            let text = diagnostics::config_message(problem);
            self.log(MessageType::ERROR, &text);
            if !self.docs.contains_key(&uri) {
                // Not open: a diagnostic on it might never be seen.
                self.notify::<note::ShowMessage>(lsp_types::ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("clauselint: {text}"),
                });
            }
        }
        self.publish(uri, diagnostics, None);
    }

    /// The earliest time a changed document is due to be linted.
    fn next_due(&self) -> Option<Instant> {
        self.docs.values().filter_map(|d| d.due).min()
    }

    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = (self.docs.values())
            .filter(|d| d.due.is_some_and(|due| due <= now))
            .map(|d| d.uri.clone())
            .collect();
        for uri in due {
            self.flush(&uri);
        }
    }

    /// Lints a document now if a change is waiting, so that an answer to a
    /// request is about the text the client has.
    fn flush(&mut self, uri: &Url) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        if doc.due.is_none() {
            return;
        }
        if is_config_file(&doc.path) {
            let path = doc.path.clone();
            self.config_changed(&path);
        } else {
            self.lint_and_publish(uri);
        }
    }

    fn lint_and_publish(&mut self, uri: &Url) {
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        doc.lint(&mut self.setups);
        let published = diagnostics::for_document(doc);
        let version = doc.version;
        if let Some(Outcome::Panicked(message)) = doc.analysis.as_ref().map(|a| &a.outcome) {
            let text = format!("{}: internal error (a bug): {message}", doc.path.display());
            self.log(MessageType::ERROR, &text);
        }
        self.publish(uri.clone(), published, Some(version));
    }

    fn hover(&mut self, p: HoverParams) -> Option<Hover> {
        let uri = p.text_document_position_params.text_document.uri;
        self.flush(&uri);
        let doc = self.docs.get(&uri)?;
        let (linted, rules) = doc.linted()?;
        let positions = positions::Positions::new(&doc.text);
        let at = positions.offset(p.text_document_position_params.position);
        let found = documents::findings_in(linted, at..at);
        let (_, range) = found.first()?;
        let mut rule_ids: Vec<usize> = found.iter().map(|(f, _)| f.rule).collect();
        rule_ids.dedup();
        let text: Vec<String> = (rule_ids.iter())
            .map(|&rule| hover::explain(&rules.rules[rule]))
            .collect();
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text.join("\n\n---\n\n"),
            }),
            range: Some(positions.range(range.clone())),
        })
    }

    fn code_actions(&mut self, p: CodeActionParams) -> Option<lsp_types::CodeActionResponse> {
        let uri = p.text_document.uri;
        // A client asking only for other kinds (refactorings, source
        // actions) gets none of our quick fixes.
        if let Some(only) = &p.context.only
            && !only.iter().any(|k| k.as_str().starts_with("quickfix"))
        {
            return Some(Vec::new());
        }
        self.flush(&uri);
        let doc = self.docs.get(&uri)?;
        let (linted, rules) = doc.linted()?;
        let positions = positions::Positions::new(&doc.text);
        let range = positions.offset(p.range.start)..positions.offset(p.range.end);
        let found = documents::findings_in(linted, range);
        Some(actions::quick_fixes(
            &uri,
            &doc.text,
            &linted.doc,
            rules,
            &found,
        ))
    }

    fn code_lenses(&mut self, p: CodeLensParams) -> Option<Vec<lsp_types::CodeLens>> {
        let uri = p.text_document.uri;
        self.flush(&uri);
        let doc = self.docs.get(&uri)?;
        if let Some((linted, rules)) = doc.linted() {
            return Some(vec![lens::summary(linted, rules)]);
        }
        let (_, _, why) = diagnostics::not_checked(doc.analysis.as_ref()?)?;
        Some(vec![lens::titled(format!("clauselint: {why}"))])
    }

    /// Asks the client to tell us about configuration files changed
    /// outside the editor (created, edited by git, deleted).
    fn watch_config_files(&mut self) {
        use lsp_types::{
            DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, Registration,
            RegistrationParams,
        };
        let watchers = (crate::config::CONFIG_NAMES.iter())
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "clauselint-config-files".to_owned(),
                method: note::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let id = RequestId::from(format!("clauselint-{}", self.next_request));
        let request = Request::new(id, req::RegisterCapability::METHOD.to_owned(), params);
        self.send(Message::Request(request));
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify::<note::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    fn log(&self, typ: MessageType, message: &str) {
        self.notify::<note::LogMessage>(lsp_types::LogMessageParams {
            typ,
            message: message.to_owned(),
        });
    }

    fn notify<N: note::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_owned(),
            params,
        )));
    }

    fn respond(&self, response: Response) {
        self.send(Message::Response(response));
    }

    /// Sends a message; if the client is gone the main loop finds out on
    /// its next receive, so a failed send needs no handling here.
    fn send(&self, message: Message) {
        let _ = self.connection.sender.send(message);
    }
}

/// A result as JSON; serialising the protocol's own types cannot fail.
fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The parameters of a request or notification, or why they are invalid.
fn params<P: DeserializeOwned>(message: impl Into<Message>) -> Result<P, (ErrorCode, String)> {
    let value = match message.into() {
        Message::Request(r) => r.params,
        Message::Notification(n) => n.params,
        Message::Response(_) => Value::Null,
    };
    serde_json::from_value(value)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

/// The message a panic was raised with.
pub(crate) fn panic_message(panic: &Box<dyn Any + Send>) -> String {
    (panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}
