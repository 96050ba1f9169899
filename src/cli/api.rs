//! What the bar-raiser commands share: the caller's token, the API root, the
//! `--repo`, `--pr`, `--since` and `--until` arguments, dates, and the local clone
//! when there is one.

use anyhow::Context;
use barraiser::github::{Client, ClientConfig, GitHub, Repo, env};
use barraiser::parse::policy::POLICY_PATH;
use barraiser::pr::fan::Progress;
use barraiser::pr::{self, Judged, Listed, discover, queue};
use barraiser::read::Workspace;

/// `--repo` and `--pr`: one pull request.
#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The repository, owner/name.
    #[arg(long, value_name = "OWNER/NAME")]
    pub repo: String,
    /// The pull request number.
    #[arg(long, value_name = "N")]
    pub pr: u64,
}

/// `--repo` and `--org`, repeated: the repositories a command looks across.
#[derive(Debug, clap::Args)]
pub struct ReposArgs {
    /// A repository, owner/name; repeat for several.
    #[arg(
        long = "repo",
        value_name = "OWNER/NAME",
        required_unless_present = "orgs"
    )]
    pub repos: Vec<String>,
    /// Every repository of this organization that holds a .barraiser.yaml on its
    /// default branch (archived ones left out); repeat for several.
    #[arg(long = "org", value_name = "ORG")]
    pub orgs: Vec<String>,
}

/// The repositories a command looks across, and how to name them in a heading.
pub struct Scope {
    /// Each once, `--repo` first.
    pub repos: Vec<Repo>,
    /// The `--repo` names, then "ORG (N repositories)" per `--org`.
    pub labels: Vec<String>,
    /// Repositories of an organization whose policy could not be read (each warned).
    pub unreadable: usize,
}

impl ReposArgs {
    /// The repositories, `--org` discovered through `client`: several read at once, a
    /// progress bar on a terminal, a warning per repository whose policy cannot be read.
    pub fn resolve(&self, client: &Client) -> anyhow::Result<Scope> {
        let mut repos: Vec<Repo> = self
            .repos
            .iter()
            .map(|r| repo(r))
            .collect::<Result<_, _>>()?;
        let mut labels = self.repos.clone();
        let mut unreadable = 0;
        for org in &self.orgs {
            if org.is_empty() || !org.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                anyhow::bail!("--org expects an organization name, got {org:?}");
            }
        }
        if !self.orgs.is_empty() {
            let found = with_progress(|bar| discover::repositories(client, &self.orgs, bar))?;
            unreadable = found.skipped.len();
            let found = warn_skipped(found);
            for org in &self.orgs {
                let n = found
                    .iter()
                    .filter(|r| r.owner.eq_ignore_ascii_case(org))
                    .count();
                if n == 0 {
                    super::warn(&format!(
                        "no repository of {org} holds a {POLICY_PATH} on its default branch"
                    ));
                }
                labels.push(format!(
                    "{org} ({} with a policy)",
                    barraiser::render::count(n, "repository", "repositories")
                ));
            }
            repos.extend(found);
        }
        Ok(Scope {
            repos: discover::dedup(repos),
            labels,
            unreadable,
        })
    }
}

/// Runs `work` with a progress bar, cleared when it is done.
pub fn with_progress<T>(work: impl FnOnce(&Bar) -> T) -> T {
    let bar = Bar::new();
    let out = work(&bar);
    bar.done();
    out
}

/// A progress bar on stderr for long reads across repositories; draws nothing when
/// stderr is not a terminal.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    /// A bar with no stage yet.
    pub fn new() -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:>14} [{bar:30}] {pos}/{len} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        Self(bar)
    }

    /// Clears the bar.
    pub fn done(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn stage(&self, what: &str, total: usize) {
        self.0.set_message(what.to_owned());
        self.0.set_length(total as u64);
        self.0.set_position(0);
    }

    fn tick(&self) {
        self.0.inc(1);
    }
}

/// Warns about each pull request a listing left out, and gives what it found.
pub fn warn_skipped<T>(listed: Listed<T>) -> Vec<T> {
    for line in &listed.skipped {
        super::warn(line);
    }
    listed.items
}

/// Every pull request waiting across `scope`, judged (from the local clone when it has
/// the commits), under a progress bar; warns about each left out.
pub fn agenda(client: &Client, scope: &Scope) -> anyhow::Result<Vec<queue::Entry>> {
    let listed = with_progress(|bar| queue::agenda(client, &scope.repos, local().as_ref(), bar))?;
    Ok(warn_skipped(listed))
}

/// The pull requests merged in a period across a scope, read for `audit` or `report`.
pub struct Merged<T> {
    /// The repositories read, and how to name them.
    pub scope: Scope,
    /// What was read, in order.
    pub items: Vec<T>,
    /// One line per pull request left out (each warned).
    pub skipped: Vec<String>,
}

impl<T> Merged<T> {
    /// Whether nothing was left out: evidence or figures with a silent gap must say so.
    pub fn complete(&self) -> bool {
        self.skipped.is_empty() && self.scope.unreadable == 0
    }
}

/// How `audit` and `report` read the pull requests merged in a period.
pub type ReadMerged<T> = fn(
    &dyn GitHub,
    &[Repo],
    Option<&Workspace>,
    (jiff::Timestamp, jiff::Timestamp),
    &dyn Progress,
) -> Result<Listed<T>, pr::PullError>;

/// Reads with `read` the pull requests merged in `period` across `repos`, under a
/// progress bar and from the local clone when there is one; warns about each left out.
pub fn merged<T>(
    repos: &ReposArgs,
    period: (jiff::Timestamp, jiff::Timestamp),
    read: ReadMerged<T>,
) -> anyhow::Result<Merged<T>> {
    let client = client()?;
    let scope = repos.resolve(&client)?;
    let listed = with_progress(|bar| read(&client, &scope.repos, local().as_ref(), period, bar))?;
    for line in &listed.skipped {
        super::warn(line);
    }
    Ok(Merged {
        scope,
        items: listed.items,
        skipped: listed.skipped,
    })
}

/// `--since` and `--until`: a period.
#[derive(Debug, clap::Args)]
pub struct PeriodArgs {
    /// Start of the period: a date (2026-11-01) or an RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    pub since: String,
    /// End of the period, inclusive for a date [default: now].
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl PeriodArgs {
    /// The period; `--until` defaults to now and must come after `--since`.
    pub fn period(&self) -> anyhow::Result<(jiff::Timestamp, jiff::Timestamp)> {
        period(&self.since, self.until.as_deref())
    }
}

/// A client acting as the caller: `GITHUB_TOKEN`, else `GH_TOKEN`.
pub fn client() -> anyhow::Result<Client> {
    let token = env::token(&env::process)
        .context("set GITHUB_TOKEN or GH_TOKEN to your own GitHub token (for example `export GH_TOKEN=$(gh auth token)`)")?;
    let api_url = env::api_url(&env::process)?;
    Client::new(token, ClientConfig::new(api_url)).context("cannot set up the GitHub client")
}

/// Reads pull request `number` of `repo` and judges it, from the local clone when it
/// has the commits.
pub fn judge_pull(client: &Client, repo: &Repo, number: u64) -> anyhow::Result<Judged> {
    let pull = client
        .get_pull(repo, number)
        .with_context(|| format!("cannot read {repo}#{number}"))?;
    let local = local();
    pr::judge(client, repo, pull, local.as_ref())
        .with_context(|| format!("cannot judge {repo}#{number}"))
}

/// Parses `--repo owner/name`.
pub fn repo(text: &str) -> anyhow::Result<Repo> {
    Repo::parse(text).with_context(|| format!("--repo expects owner/name, got {text:?}"))
}

/// The repository around the current directory, used when it has the commits a
/// pull request needs; otherwise everything is read through the API.
pub fn local() -> Option<Workspace> {
    let cwd = std::env::current_dir().ok()?;
    Workspace::discover(&cwd).ok().filter(Workspace::is_git)
}

/// Parses `--since` / `--until`: a date (`2026-11-01`, the start of that day in UTC)
/// or an RFC 3339 time. With `end_of_day`, a bare date means the end of that day.
pub fn date(text: &str, end_of_day: bool) -> anyhow::Result<jiff::Timestamp> {
    let text = text.trim();
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let day: jiff::civil::Date = text.parse().with_context(|| {
        format!("{text:?} is not a date (2026-11-01) or an RFC 3339 time (2026-11-01T09:00:00Z)")
    })?;
    let day = if end_of_day {
        day.tomorrow().context("date out of range")?
    } else {
        day
    };
    Ok(day
        .to_zoned(jiff::tz::TimeZone::UTC)
        .context("date out of range")?
        .timestamp())
}

/// The `--since` / `--until` period; `--until` defaults to now and must come after `--since`.
pub fn period(
    since: &str,
    until: Option<&str>,
) -> anyhow::Result<(jiff::Timestamp, jiff::Timestamp)> {
    let since = date(since, false)?;
    let until = match until {
        Some(text) => date(text, true)?,
        None => jiff::Timestamp::now(),
    };
    if until <= since {
        anyhow::bail!("--until must be after --since");
    }
    Ok((since, until))
}

/// `--tz`: the zone times are shown in.
#[derive(Debug, clap::Args)]
pub struct TzArgs {
    /// Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC].
    #[arg(long, value_name = "ZONE")]
    pub tz: Option<String>,
}

impl TzArgs {
    /// The zone; UTC when none was given.
    pub fn zone(&self) -> anyhow::Result<jiff::tz::TimeZone> {
        match self.tz.as_deref().map(str::trim) {
            None | Some("") => Ok(jiff::tz::TimeZone::UTC),
            Some(text) => zone(text),
        }
    }
}

/// Parses `--tz`: `UTC`, `Europe/London`, `+02:00`, `-0530` or `+2`.
pub fn zone(text: &str) -> anyhow::Result<jiff::tz::TimeZone> {
    if text.eq_ignore_ascii_case("utc") || text == "Z" {
        return Ok(jiff::tz::TimeZone::UTC);
    }
    if let Some((sign, rest)) = text
        .strip_prefix('+')
        .map(|r| (1, r))
        .or_else(|| text.strip_prefix('-').map(|r| (-1, r)))
    {
        let digits: String = rest.chars().filter(|c| *c != ':').collect();
        let (h, m) = match digits.len() {
            1 | 2 => (digits.as_str(), "0"),
            4 => digits.split_at(2),
            _ => ("", ""),
        };
        if let (Ok(h), Ok(m)) = (h.parse::<i32>(), m.parse::<i32>())
            && h <= 14
            && m < 60
            && let Ok(offset) = jiff::tz::Offset::from_seconds(sign * (h * 3600 + m * 60))
        {
            return Ok(jiff::tz::TimeZone::fixed(offset));
        }
        anyhow::bail!("--tz {text:?} is not an offset like +02:00 or -05:30");
    }
    jiff::tz::TimeZone::get(text).with_context(|| {
        format!("--tz {text:?} is not a time zone: use an IANA name (Europe/London) or an offset (+02:00)")
    })
}
