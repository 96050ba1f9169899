//! Who wrote what an approval covers: an approval does not count from anyone who
//! authored or committed a commit of the pull request that changes a bound file, or
//! who is named in such a commit's `Co-authored-by` trailer. Gathered in
//! [`crate::pr`] (from the pull request's commits), judged in [`super::approvals`].

use std::fmt;

use crate::short;

/// How someone took part in a commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The commit's author.
    Author,
    /// The commit's committer (GitHub's `web-flow` never counts).
    Committer,
    /// A `Co-authored-by` trailer of the commit.
    CoAuthor,
}

impl Role {
    /// The verb the reason uses: "authored", "committed", "co-authored".
    fn verb(self) -> &'static str {
        match self {
            Role::Author => "authored",
            Role::Committer => "committed",
            Role::CoAuthor => "co-authored",
        }
    }
}

/// What a contributor's commit is known to change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Touch {
    /// It changes this bound file.
    File(String),
    /// Its files could not be compared, so it is taken to change a bound file: why.
    Unknown(String),
}

/// One login that took part in a commit changing a bound file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Contribution {
    /// The GitHub login.
    pub login: String,
    /// How.
    pub role: Role,
    /// The commit.
    pub commit: String,
    /// What of the bound files it changes.
    pub touch: Touch,
}

impl fmt::Display for Contribution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} commit {}", self.role.verb(), short(&self.commit))?;
        if self.role == Role::CoAuthor {
            f.write_str(" (its Co-authored-by trailer)")?;
        }
        match &self.touch {
            Touch::File(path) => write!(f, ", which changes {path}"),
            Touch::Unknown(why) => write!(
                f,
                ", whose files could not be compared, so it counts as changing an approved file ({why})"
            ),
        }
    }
}

/// A person in a commit changing a bound file who could not be mapped to a login.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Unmapped {
    /// How they took part.
    pub role: Role,
    /// The commit.
    pub commit: String,
    /// `Name <email>`, as the commit gives it.
    pub identity: String,
}

impl fmt::Display for Unmapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = match self.role {
            Role::Author => "The author",
            Role::Committer => "The committer",
            Role::CoAuthor => "The co-author",
        };
        write!(
            f,
            "{who} `{}` of commit {} has no GitHub account barraiser can tell, so it excludes \
             no approver; name co-authors by their `ID+login@users.noreply.github.com` address.",
            self.identity,
            short(&self.commit)
        )
    }
}

/// Who wrote what the approvals cover.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authorship {
    /// Each login's part in commits that change bound files, first per login and role.
    pub contributions: Vec<Contribution>,
    /// Identities in such commits that could not be mapped to a login.
    pub unmapped: Vec<Unmapped>,
}

impl Authorship {
    /// The first contribution of `login`, if they wrote any of it.
    pub fn of(&self, login: &str) -> Option<&Contribution> {
        self.contributions
            .iter()
            .find(|c| c.login.eq_ignore_ascii_case(login))
    }
}
