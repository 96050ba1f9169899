//! One `check` run: choose the snapshots for the mode, load the bar (policy,
//! checklists, templates) and the changes, evaluate, and build the report.

mod parallel;

use std::path::{Path, PathBuf};

mod range;

pub use range::check_changed;

use crate::decide::{ChangeReport, InputError, Report};
use crate::evaluate::Engine;
use crate::parse::change::{Risk, parse_change_owned};
use crate::parse::checklist::{self, ALWAYS, EMBEDDED};
use crate::parse::policy::{Central, CentralSource, ConfigError, POLICY_PATH, Policy};
use crate::read::{Entry, Files, ReadError, Source, Workspace};

/// Where repository checklists and template overrides live.
pub const CHECKLIST_DIR: &str = ".barraiser/checklists";
/// Where template overrides live.
pub const TEMPLATE_DIR: &str = ".barraiser/templates";

/// Which change descriptions to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// These files or directories (relative to the current directory).
    Paths(Vec<PathBuf>),
    /// Every change description in the changes directory.
    All,
    /// Those that differ from the merge base with the default branch (or in `--base..--head`).
    Changed,
}

/// A `check` request, as the command line describes it.
#[derive(Clone, Debug)]
pub struct Request {
    /// Which changes.
    pub selection: Selection,
    /// Read from this commit instead of the working tree.
    pub rev: Option<String>,
    /// Check what `base...head` changed, with the bar read from `base`.
    pub range: Option<(String, String)>,
    /// Judge time rules at this instant; None keeps the time of the commit read
    /// (or of the working tree), for reproducible local runs.
    pub at: Option<jiff::Timestamp>,
}

/// Why a run could not produce a report at all.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// Reading the repository failed.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The policy, a checklist or a template is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The request does not make sense here.
    #[error("{0}")]
    Usage(String),
}

/// What a run decided, and what it read to decide it.
pub struct Outcome {
    /// The report to render.
    pub report: Report,
    /// The policy that judged it.
    pub policy: Policy,
    /// Template overrides from the repository (name, source).
    pub templates: Vec<(String, String)>,
    /// Every path the range changed, deleted ones included, with how (range mode only).
    pub touched: Vec<crate::read::Touched>,
    /// Changed paths that are the policy or a checklist (range mode only).
    pub bar_changed: Vec<String>,
}

fn text_of(snapshot: &dyn Source, path: &str) -> Result<Option<String>, ConfigError> {
    match snapshot.read(path) {
        Ok(Some(Entry::Text { text, .. })) => Ok(Some(text)),
        Ok(Some(Entry::Rejected { reason, .. })) => Err(ConfigError::new(
            path,
            Default::default(),
            format!("{path} {reason}"),
        )),
        Ok(None) => Ok(None),
        Err(e) => Err(ConfigError::new(path, Default::default(), e.to_string())),
    }
}

/// The bar a change is judged by: the policy and compiled checklists at a snapshot.
pub struct Bar {
    /// The policy.
    pub policy: Policy,
    /// Compiled checklists.
    pub engine: Engine,
    /// Template overrides (name, source).
    pub templates: Vec<(String, String)>,
}

/// Reads the policy at `snapshot`, over the central policy it extends (read through `central`).
pub fn load_policy(
    snapshot: &dyn Source,
    central: &dyn CentralSource,
) -> Result<Policy, CheckError> {
    Ok(match text_of(snapshot, POLICY_PATH)? {
        Some(text) => Policy::load(POLICY_PATH, &text, central)?,
        None => Policy::embedded()?,
    })
}

/// Loads the policy (over any central policy it extends, read through `central`),
/// checklists and templates from `snapshot`, judging time at `now`.
pub fn load_bar(
    snapshot: &dyn Source,
    now: jiff::Timestamp,
    central: &dyn CentralSource,
) -> Result<Bar, CheckError> {
    let policy = load_policy(snapshot, central)?;
    let repo_lists: Vec<(String, String)> = snapshot
        .list_dir(CHECKLIST_DIR, ".yaml")?
        .into_iter()
        .map(|e| match e {
            Entry::Text { path, text, .. } => Ok((path, text)),
            Entry::Rejected { path, reason } => Err(ConfigError::new(
                &path,
                Default::default(),
                format!("{path} {reason}"),
            )),
        })
        .collect::<Result<_, _>>()?;
    let stem = |path: &str| {
        path.rsplit('/')
            .next()
            .unwrap_or(path)
            .trim_end_matches(".yaml")
            .to_string()
    };
    if let Some(central) = &policy.central {
        refuse_replaced(&policy, central, &repo_lists, &stem)?;
    }
    let mut wanted: Vec<(String, crate::Pos)> = vec![(ALWAYS.to_string(), crate::Pos::default())];
    wanted.extend(policy.checklists.iter().cloned());
    // Repository checklists not named in the policy extend the bar.
    for (path, _) in &repo_lists {
        if !wanted.iter().any(|(w, _)| *w == stem(path) || w == path) {
            wanted.push((path.clone(), crate::Pos::default()));
        }
    }
    let mut files = Vec::new();
    for (name, at) in wanted {
        let (path, text) = if name.contains('/')
            || name.ends_with(".yaml")
            || name.ends_with(".yml")
        {
            match repo_lists.iter().find(|(p, _)| *p == name) {
                Some(found) => found.clone(),
                None => match text_of(snapshot, &name)? {
                    Some(text) => (name.clone(), text),
                    None => {
                        return Err(ConfigError::new(
                            &policy.source,
                            at,
                            format!("checklist file `{name}` does not exist"),
                        )
                        .into());
                    }
                },
            }
        } else if let Some(found) = repo_lists.iter().find(|(p, _)| stem(p) == name) {
            found.clone()
        } else if let Some((_, path, text)) = EMBEDDED.iter().find(|(n, _, _)| *n == name) {
            ((*path).to_string(), (*text).to_string())
        } else {
            let known: Vec<&str> = EMBEDDED.iter().map(|(n, _, _)| *n).collect();
            return Err(ConfigError::new(
                &policy.source,
                at,
                format!("unknown checklist `{name}`: use one of {} or a path like {CHECKLIST_DIR}/NAME.yaml", known.join(", ")),
            )
            .into());
        };
        let parsed = checklist::parse_checklist(&path, &text)?;
        files.push((path, parsed));
    }
    let mut policy = policy;
    policy.body.reading = crate::parse::reading::Reading::compile(
        files
            .iter()
            .filter_map(|(path, f)| f.reading.as_ref().map(|r| (path.as_str(), r))),
    )?
    .into();
    let engine = Engine::new(&policy, files, now)?;
    let templates = snapshot
        .list_dir(TEMPLATE_DIR, ".j2")?
        .into_iter()
        .filter_map(|e| match e {
            Entry::Text { path, text, .. } => {
                Some((path.rsplit('/').next().unwrap_or(&path).to_string(), text))
            }
            Entry::Rejected { .. } => None,
        })
        .collect();
    Ok(Bar {
        policy,
        engine,
        templates,
    })
}

/// Under a central policy, a repository checklist may not replace one the central
/// policy names (that would loosen it), and the central policy names only embedded
/// checklists (a path would be read from each team's repository, not the central one).
fn refuse_replaced(
    policy: &Policy,
    central: &Central,
    repo_lists: &[(String, String)],
    stem: &dyn Fn(&str) -> String,
) -> Result<(), ConfigError> {
    for name in &central.checklists {
        if !EMBEDDED.iter().any(|(n, _, _)| n == name) {
            return Err(ConfigError::new(
                &central.label,
                crate::Pos::default(),
                format!(
                    "checklist `{name}`: a central policy may name only embedded checklists ({})",
                    EMBEDDED
                        .iter()
                        .map(|(n, _, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if let Some((path, _)) = repo_lists.iter().find(|(p, _)| stem(p) == *name) {
            return Err(ConfigError::new(
                path,
                crate::Pos::default(),
                format!(
                    "{path} would replace the checklist `{name}` that the central policy {} requires ({} extends it); a repository that extends it may only add checklists under other names",
                    central.label, policy.source
                ),
            ));
        }
    }
    Ok(())
}

/// Checks already-read entries against the bar. Unreadable entries become input errors.
///
/// Many entries are checked on worker threads (see `parallel.rs`); the result is the
/// same, in the same order, as checking them one by one.
pub fn check_entries(
    bar: &Bar,
    entries: Vec<Entry>,
    files: &dyn Files,
) -> (Vec<ChangeReport>, Vec<InputError>) {
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for checked in parallel::check_all(bar, entries, files) {
        match checked {
            Ok(report) => reports.push(report),
            Err(error) => errors.push(error),
        }
    }
    (reports, errors)
}

/// Checks one entry: a report, or the input error that stopped it being read.
fn check_one(
    bar: &Bar,
    evaluator: &crate::evaluate::Evaluator<'_>,
    entry: Entry,
    files: &dyn Files,
) -> Result<ChangeReport, InputError> {
    match entry {
        Entry::Rejected { path, reason } => Err(InputError {
            message: format!("{path} {reason}"),
            path,
            line: 0,
            column: 0,
        }),
        Entry::Text { path, text, blob } => {
            match parse_change_owned(&path, &blob, text, &bar.policy.body) {
                Ok(change) => {
                    let floor = bar.engine.floor(&change);
                    let crate::evaluate::Checked {
                        findings,
                        change,
                        waived,
                    } = evaluator.check(change, files);
                    let declared = change.risk();
                    let raised = floor.filter(|f| f.risk > declared.unwrap_or(Risk::High));
                    Ok(ChangeReport {
                        title: change.title(),
                        risk: declared,
                        waived,
                        raised_to: raised.as_ref().map(|f| f.risk),
                        raised_by: raised.map(|f| {
                            format!(
                                "risk raised to {} by {} (declared {})",
                                f.risk.as_str(),
                                f.by,
                                declared.map_or("nothing valid", Risk::as_str)
                            )
                        }),
                        service: change.field("service"),
                        owner: change.field("owner"),
                        window_start: change
                            .field("window.start")
                            .and_then(|s| s.trim().parse().ok()),
                        blob: change.blob.clone(),
                        findings,
                        outline: outline(&change),
                        source: change.source,
                        path,
                    })
                }
                Err(e) => {
                    let pos = e.pos();
                    Err(InputError {
                        path,
                        line: pos.line,
                        column: pos.column,
                        message: e.to_string(),
                    })
                }
            }
        }
    }
}

/// Where the parser found the steps and expectations of `change`, by line.
fn outline(change: &crate::parse::change::Change) -> crate::decide::Outline {
    let mut outline = crate::decide::Outline::default();
    for section in &change.sections {
        for step in &section.steps {
            outline
                .steps
                .push((change.pos(step.offset).line, step.number));
            for at in &step.expected_at {
                outline.expectations.push(change.pos(*at).line);
            }
        }
    }
    outline
}

/// Resolves command-line paths to repository-relative paths.
fn relative_paths(
    ws: &Workspace,
    cwd: &Path,
    paths: &[PathBuf],
) -> Result<Vec<String>, CheckError> {
    let root = ws
        .root()
        .canonicalize()
        .unwrap_or_else(|_| ws.root().to_path_buf());
    paths
        .iter()
        .map(|p| {
            let joined = if p.is_absolute() {
                p.clone()
            } else {
                cwd.join(p)
            };
            let lexical = crate::read::normalize(&joined.to_string_lossy().replace('\\', "/"))
                .or_else(|| Some(joined.to_string_lossy().to_string()));
            let absolute = PathBuf::from(format!(
                "/{}",
                lexical.unwrap_or_default().trim_start_matches('/')
            ));
            let rel = absolute.strip_prefix(&root).map_err(|_| {
                CheckError::Usage(format!(
                    "{} is outside the repository at {}",
                    p.display(),
                    root.display()
                ))
            })?;
            Ok(rel.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

fn read_paths(snapshot: &dyn Source, paths: &[String]) -> Result<Vec<Entry>, CheckError> {
    let mut entries = Vec::new();
    for path in paths {
        match snapshot.read(path)? {
            Some(Entry::Rejected {
                reason: crate::read::Rejection::Directory,
                ..
            }) => {
                entries.extend(snapshot.list_dir(path, ".md")?);
            }
            Some(entry) => entries.push(entry),
            None if path.is_empty() => entries.extend(snapshot.list_dir("", ".md")?),
            // The diff shows a name that is not UTF-8 lossily, so it cannot be read back:
            // an input error that names the file, not an abort of the whole run.
            None if path.contains(char::REPLACEMENT_CHARACTER) => entries.push(Entry::Rejected {
                path: path.clone(),
                reason: crate::read::Rejection::NonUtf8Name,
            }),
            None => {
                return Err(CheckError::Usage(format!(
                    "{path}: no such file at {}",
                    snapshot.label()
                )));
            }
        }
    }
    Ok(entries)
}

/// Runs a check in `ws`, with relative paths resolved against `cwd`.
/// The central policy, if the policy extends one, is read through `central`.
pub fn check(
    ws: &Workspace,
    request: &Request,
    cwd: &Path,
    central: &dyn CentralSource,
) -> Result<Outcome, CheckError> {
    let worktree = ws.worktree();
    let (bar_source, head) = match (&request.range, &request.rev) {
        (Some(_), Some(_)) => {
            return Err(CheckError::Usage(
                "use either --rev or --base/--head, not both".into(),
            ));
        }
        (Some((base, head)), None) => (Some(ws.at_rev(base)?), ws.at_rev(head)?),
        (None, Some(rev)) => (None, ws.at_rev(rev)?),
        (None, None) => (None, worktree),
    };
    if let (Some(base), Some((base_rev, head_rev)), Selection::Changed) =
        (&bar_source, &request.range, &request.selection)
    {
        // What a pull request changed: the three-dot diff, as GitHub shows it.
        let merge_base = ws.merge_base(base_rev, head_rev)?;
        let touched = ws.touched(&merge_base, &head, "")?;
        return check_changed(base, &head, touched, request.at, central);
    }
    let now = request.at.unwrap_or_else(|| head.time());
    let bar = load_bar(bar_source.as_ref().unwrap_or(&head), now, central)?;
    let entries = match &request.selection {
        Selection::Paths(paths) => read_paths(&head, &relative_paths(ws, cwd, paths)?)?,
        Selection::All => head.list_dir(&bar.policy.changes_dir, ".md")?,
        Selection::Changed => {
            if !ws.is_git() {
                return Err(CheckError::Usage(
                    "not in a git repository: pass the change descriptions to check, or run inside a repository".into(),
                ));
            }
            let default = ws.default_branch(bar.policy.default_branch.as_deref())?;
            let head_rev = request.rev.clone().unwrap_or_else(|| "HEAD".into());
            let merge_base = ws.merge_base(&default, &head_rev)?;
            let changes: Vec<String> = ws
                .changed_paths(&merge_base, &head, &bar.policy.changes_dir)?
                .into_iter()
                .filter(|p| bar.policy.is_change_path(p))
                .collect();
            read_paths(&head, &changes)?
        }
    };
    let (reports, errors) = check_entries(&bar, entries, &head);
    Ok(Outcome {
        report: Report::from_changes(reports, errors),
        policy: bar.policy,
        templates: bar.templates,
        touched: Vec::new(),
        bar_changed: Vec::new(),
    })
}
