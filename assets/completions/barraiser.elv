
use builtin;
use str;

set edit:completion:arg-completer[barraiser] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'barraiser'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'barraiser'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Check change descriptions (by default, those changed since the merge base with the default branch)'
            cand ci 'Gate a pull request in GitHub Actions: sticky comment, commit status, summary, annotations'
            cand review 'Show a pull request''s verdict with its bar-raiser approvals, recomputed live'
            cand approve 'Approve a pull request as a bar raiser, bound to its change descriptions at head'
            cand request-changes 'Request changes on a pull request as a bar raiser (a note is required)'
            cand queue 'List open pull requests waiting for bar-raiser approval: the office-hours agenda'
            cand agenda 'The office-hours agenda as one document for the meeting''s notes (Markdown or HTML)'
            cand office-hours 'Run office hours on a terminal: read each item in full, approve or request changes, then the minutes'
            cand rota 'Who is on bar-raiser duty now and for the next shifts, with the office hours'
            cand minutes 'Bar-raiser decisions recorded in a period, as Markdown'
            cand audit 'Merged pull requests with change descriptions and their approvals at merge (CSV or JSON)'
            cand report 'Per team and service, how its merged changes fared over a period, with charts'
            cand new 'Write changes/SLUG.md from the template, ready to fill in'
            cand init 'Write a starter `.barraiser.yaml` (and the GitHub workflow) into the repository'
            cand explain 'Explain a rule: why it exists, what to write, and an example'
            cand schema 'Print the JSON Schemas for the change front matter, the policy and checklists'
            cand completions 'Print shell completions'
            cand man 'Print the manual page (roff), generated from the command-line definitions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'barraiser;check'= {
            cand --rev 'Read everything from this commit''s tree instead of the working tree'
            cand --base 'With --head: check what BASE...HEAD changed, judged by the policy at BASE'
            cand --head 'With --base: the revision whose change descriptions are checked'
            cand --format 'Output format [default: human; github inside GitHub Actions when not a terminal]'
            cand --central 'Read the central policy that .barraiser.yaml `extends` from FILE instead of through the GitHub API (which needs GH_TOKEN or GITHUB_TOKEN)'
            cand --all 'Check every change description in the changes directory'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;ci'= {
            cand --bot-login 'The login the token comments as (e.g. `my-gate[bot]` for a GitHub App token); without it, `GET /user` tells, or, for an App token, the comment''s app'
            cand --report 'How to report the gate: the `barraiser` commit status, or a `barraiser` check run (needs a GitHub App token with `checks: write`)'
            cand --dry-run 'Print the comment, status and annotations instead of sending them'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;review'= {
            cand --repo 'The repository, owner/name'
            cand --pr 'The pull request number'
            cand --format 'Output format'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;approve'= {
            cand --repo 'The repository, owner/name'
            cand --pr 'The pull request number'
            cand --note 'A note for the author and the minutes'
            cand --expect-head 'Record nothing unless the pull request''s head is still this commit (the `head` that `review` printed): approve exactly what was read'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;request-changes'= {
            cand --repo 'The repository, owner/name'
            cand --pr 'The pull request number'
            cand --note 'What to change (required)'
            cand --expect-head 'Record nothing unless the pull request''s head is still this commit (the `head` that `review` printed)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;queue'= {
            cand --repo 'A repository, owner/name; repeat for several'
            cand --org 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several'
            cand --format 'Output format'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;agenda'= {
            cand --repo 'A repository, owner/name; repeat for several'
            cand --org 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several'
            cand --format 'Output format'
            cand --tz 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;office-hours'= {
            cand --repo 'A repository, owner/name; repeat for several'
            cand --org 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several'
            cand --tz 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;rota'= {
            cand --weeks 'How many shifts after the current one to show'
            cand --central 'Read the central policy that .barraiser.yaml `extends` from FILE instead of through the GitHub API (which needs GH_TOKEN or GITHUB_TOKEN)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;minutes'= {
            cand --repo 'A repository, owner/name; repeat for several'
            cand --org 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several'
            cand --since 'Start of the period: a date (2026-11-01) or an RFC 3339 time'
            cand --until 'End of the period, inclusive for a date [default: now]'
            cand --tz 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;audit'= {
            cand --repo 'A repository, owner/name; repeat for several'
            cand --org 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several'
            cand --since 'Start of the period (by merge time): a date (2026-07-01) or an RFC 3339 time'
            cand --until 'End of the period, inclusive for a date [default: now]'
            cand --format 'Output format'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;report'= {
            cand --repo 'A repository, owner/name; repeat for several'
            cand --org 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several'
            cand --since 'Start of the period: a date (2026-11-01) or an RFC 3339 time'
            cand --until 'End of the period, inclusive for a date [default: now]'
            cand --format 'Output format'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;new'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;init'= {
            cand --action-ref 'The ref the workflow uses the barraiser action at: a release tag (the default, this version''s) or a commit SHA, which cannot be moved'
            cand --mode 'How the gate is deployed: a `pull_request` workflow, a workflow an org ruleset requires from a central repository, or `pull_request_target` reporting through a GitHub App''s check run (docs/ci.md, "Deployment modes")'
            cand --force 'Overwrite files that already exist'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;explain'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;schema'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;completions'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;man'= {
            cand --dir 'Write `barraiser.1` and one page per subcommand into DIR instead of printing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'barraiser;help'= {
            cand check 'Check change descriptions (by default, those changed since the merge base with the default branch)'
            cand ci 'Gate a pull request in GitHub Actions: sticky comment, commit status, summary, annotations'
            cand review 'Show a pull request''s verdict with its bar-raiser approvals, recomputed live'
            cand approve 'Approve a pull request as a bar raiser, bound to its change descriptions at head'
            cand request-changes 'Request changes on a pull request as a bar raiser (a note is required)'
            cand queue 'List open pull requests waiting for bar-raiser approval: the office-hours agenda'
            cand agenda 'The office-hours agenda as one document for the meeting''s notes (Markdown or HTML)'
            cand office-hours 'Run office hours on a terminal: read each item in full, approve or request changes, then the minutes'
            cand rota 'Who is on bar-raiser duty now and for the next shifts, with the office hours'
            cand minutes 'Bar-raiser decisions recorded in a period, as Markdown'
            cand audit 'Merged pull requests with change descriptions and their approvals at merge (CSV or JSON)'
            cand report 'Per team and service, how its merged changes fared over a period, with charts'
            cand new 'Write changes/SLUG.md from the template, ready to fill in'
            cand init 'Write a starter `.barraiser.yaml` (and the GitHub workflow) into the repository'
            cand explain 'Explain a rule: why it exists, what to write, and an example'
            cand schema 'Print the JSON Schemas for the change front matter, the policy and checklists'
            cand completions 'Print shell completions'
            cand man 'Print the manual page (roff), generated from the command-line definitions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'barraiser;help;check'= {
        }
        &'barraiser;help;ci'= {
        }
        &'barraiser;help;review'= {
        }
        &'barraiser;help;approve'= {
        }
        &'barraiser;help;request-changes'= {
        }
        &'barraiser;help;queue'= {
        }
        &'barraiser;help;agenda'= {
        }
        &'barraiser;help;office-hours'= {
        }
        &'barraiser;help;rota'= {
        }
        &'barraiser;help;minutes'= {
        }
        &'barraiser;help;audit'= {
        }
        &'barraiser;help;report'= {
        }
        &'barraiser;help;new'= {
        }
        &'barraiser;help;init'= {
        }
        &'barraiser;help;explain'= {
        }
        &'barraiser;help;schema'= {
        }
        &'barraiser;help;completions'= {
        }
        &'barraiser;help;man'= {
        }
        &'barraiser;help;help'= {
        }
    ]
    $completions[$command]
}
