//! The configuration and rules for each open file, found from the file's own
//! folder (as `clauselint check` run there would), compiled once per
//! configuration file and kept until a configuration file changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::cli::ConfigArgs;
use crate::commands::{Setup, setup_with};
use crate::config::{CONFIG_NAMES, Config, find_nearest};
use crate::error::{ConfigError, RuleFileError, SetupError};

/// Why no rules could be set up for a file: the configuration file (or a
/// rule file it names) is broken.
#[derive(Debug)]
pub(crate) struct SetupProblem {
    /// The configuration file in force, if any.
    pub config: Option<PathBuf>,
    /// The configuration's text as it was read (an open buffer's, or the
    /// file's), for placing the errors in it.
    pub text: String,
    pub errors: Vec<SetupError>,
}

impl SetupProblem {
    /// Every error in a line, for a message or a diagnostic elsewhere.
    pub(crate) fn summary(&self) -> String {
        let errors: Vec<String> = self.errors.iter().map(|e| e.to_string()).collect();
        errors.join("; ")
    }
}

pub(crate) type SetupResult = Rc<Result<Setup, SetupProblem>>;

/// Setups by configuration file (`None`: none found, the defaults).
#[derive(Default)]
pub(crate) struct Setups {
    by_config: HashMap<Option<PathBuf>, SetupResult>,
    /// The text of configuration files open in the editor, which wins
    /// over the file on disk: a change is seen while it is typed.
    overlays: HashMap<PathBuf, String>,
}

impl Setups {
    /// The setup for the file at `path`.
    pub(crate) fn for_file(&mut self, path: &Path) -> SetupResult {
        let dir = path.parent().unwrap_or(path);
        let config = find_nearest(dir);
        self.for_config(config.as_deref(), dir)
    }

    /// The setup of configuration file `config` (`None`: the defaults),
    /// compiled on first use.
    pub(crate) fn for_config(&mut self, config: Option<&Path>, dir: &Path) -> SetupResult {
        let key = config.map(Path::to_path_buf);
        if let Some(found) = self.by_config.get(&key) {
            return Rc::clone(found);
        }
        let text = config.map(|path| self.text_of(path)).unwrap_or_default();
        let loaded = Rc::new(load(config, &text, dir));
        self.by_config.insert(key, Rc::clone(&loaded));
        loaded
    }

    /// Sets (or with `None` drops) the editor's text of a configuration
    /// file, and forgets every setup: a new file may also change which
    /// configuration is nearest to a folder.
    pub(crate) fn set_overlay(&mut self, path: &Path, text: Option<String>) {
        match text {
            Some(text) => self.overlays.insert(path.to_path_buf(), text),
            None => self.overlays.remove(path),
        };
        self.invalidate();
    }

    pub(crate) fn invalidate(&mut self) {
        self.by_config.clear();
    }

    fn text_of(&self, path: &Path) -> String {
        match self.overlays.get(path) {
            Some(text) => text.clone(),
            // An unreadable file is reported by `load`.
            None => std::fs::read_to_string(path).unwrap_or_default(),
        }
    }
}

/// Whether `path` names a configuration file.
pub(crate) fn is_config_file(path: &Path) -> bool {
    (path.file_name().and_then(|n| n.to_str())).is_some_and(|n| CONFIG_NAMES.contains(&n))
}

fn load(config: Option<&Path>, text: &str, dir: &Path) -> Result<Setup, SetupProblem> {
    let problem = |errors| SetupProblem {
        config: config.map(Path::to_path_buf),
        text: text.to_owned(),
        errors,
    };
    let loaded = match config {
        Some(path) if path.is_file() => Config::from_text(path, text.to_owned(), dir),
        Some(path) => Err(ConfigError::plain(format!(
            "{}: cannot read configuration file",
            path.display()
        ))),
        None => Config::discover(dir, None, true),
    };
    let config = loaded.map_err(|e| problem(vec![e.into()]))?;
    // A panic while compiling rules (a bug) must not take the editor's
    // server down with it.
    let args = ConfigArgs::default();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| setup_with(config, &args)))
        .unwrap_or_else(|panic| {
            Err(vec![
                RuleFileError::plain(format!(
                    "internal error while compiling the rules: {}",
                    super::panic_message(&panic)
                ))
                .into(),
            ])
        })
        .map_err(problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_configuration_is_a_problem_and_an_open_fix_is_seen_before_saving() {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("clauselint.toml");
        std::fs::write(&toml, "selct = [\"retention\"]\n").unwrap();
        let policy = dir.path().join("policy.md");
        let mut setups = Setups::default();
        let broken = setups.for_file(&policy);
        let problem = broken.as_ref().as_ref().err().unwrap();
        assert_eq!(problem.config.as_deref(), Some(toml.as_path()));
        assert!(problem.summary().contains("selct"), "{}", problem.summary());
        // The same setup is kept until something changes.
        assert!(Rc::ptr_eq(&broken, &setups.for_file(&policy)));
        setups.set_overlay(&toml, Some("select = [\"retention\"]\n".into()));
        let fixed = setups.for_file(&policy);
        let setup = fixed.as_ref().as_ref().unwrap();
        let ids: Vec<&str> = (setup.engine.rules().rules.iter())
            .map(|r| r.id.as_str())
            .filter(|id| !crate::engine::checks::is_builtin_check(id))
            .collect();
        assert_eq!(ids, ["retention"]);
    }

    #[test]
    fn config_files_are_known_by_name() {
        assert!(is_config_file(Path::new("/a/clauselint.toml")));
        assert!(is_config_file(Path::new("/a/.clauselint.toml")));
        assert!(!is_config_file(Path::new("/a/policy.md")));
    }
}
