# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_barraiser_global_optspecs
    string join \n h/help V/version
end

function __fish_barraiser_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_barraiser_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_barraiser_using_subcommand
    set -l cmd (__fish_barraiser_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c barraiser -n "__fish_barraiser_needs_command" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_needs_command" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "check" -d 'Check change descriptions (by default, those changed since the merge base with the default branch)'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "ci" -d 'Gate a pull request in GitHub Actions: sticky comment, commit status, summary, annotations'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "review" -d 'Show a pull request\'s verdict with its bar-raiser approvals, recomputed live'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "approve" -d 'Approve a pull request as a bar raiser, bound to its change descriptions at head'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "request-changes" -d 'Request changes on a pull request as a bar raiser (a note is required)'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "queue" -d 'List open pull requests waiting for bar-raiser approval: the office-hours agenda'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "agenda" -d 'The office-hours agenda as one document for the meeting\'s notes (Markdown or HTML)'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "office-hours" -d 'Run office hours on a terminal: read each item in full, approve or request changes, then the minutes'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "rota" -d 'Who is on bar-raiser duty now and for the next shifts, with the office hours'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "minutes" -d 'Bar-raiser decisions recorded in a period, as Markdown'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "audit" -d 'Merged pull requests with change descriptions and their approvals at merge (CSV or JSON)'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "report" -d 'Per team and service, how its merged changes fared over a period, with charts'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "new" -d 'Write changes/SLUG.md from the template, ready to fill in'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "init" -d 'Write a starter `.barraiser.yaml` (and the GitHub workflow) into the repository'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "explain" -d 'Explain a rule: why it exists, what to write, and an example'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "schema" -d 'Print the JSON Schemas for the change front matter, the policy and checklists'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "man" -d 'Print the manual page (roff), generated from the command-line definitions'
complete -c barraiser -n "__fish_barraiser_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -l rev -d 'Read everything from this commit\'s tree instead of the working tree' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -l base -d 'With --head: check what BASE...HEAD changed, judged by the policy at BASE' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -l head -d 'With --base: the revision whose change descriptions are checked' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -l format -d 'Output format [default: human; github inside GitHub Actions when not a terminal]' -r -f -a "human\t'Diagnostics with snippets (the default on a terminal)'
json\t'Versioned JSON (docs/json.md)'
markdown\t'Markdown rendered from templates/'
github\t'GitHub Actions annotations'
sarif\t'SARIF 2.1.0'"
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -l central -d 'Read the central policy that .barraiser.yaml `extends` from FILE instead of through the GitHub API (which needs GH_TOKEN or GITHUB_TOKEN)' -r -F
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -l all -d 'Check every change description in the changes directory'
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand check" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand ci" -l bot-login -d 'The login the token comments as (e.g. `my-gate[bot]` for a GitHub App token); without it, `GET /user` tells, or, for an App token, the comment\'s app' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand ci" -l report -d 'How to report the gate: the `barraiser` commit status, or a `barraiser` check run (needs a GitHub App token with `checks: write`)' -r -f -a "status\t'The commit status `barraiser`'
check-run\t'A check run `barraiser`, made by the app whose token runs `ci`'"
complete -c barraiser -n "__fish_barraiser_using_subcommand ci" -l dry-run -d 'Print the comment, status and annotations instead of sending them'
complete -c barraiser -n "__fish_barraiser_using_subcommand ci" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand ci" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand review" -l repo -d 'The repository, owner/name' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand review" -l pr -d 'The pull request number' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand review" -l format -d 'Output format' -r -f -a "human\t'Diagnostics with snippets, and the approvals'
json\t'The versioned JSON report'
markdown\t'Markdown, as in the job summary'"
complete -c barraiser -n "__fish_barraiser_using_subcommand review" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand review" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand approve" -l repo -d 'The repository, owner/name' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand approve" -l pr -d 'The pull request number' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand approve" -l note -d 'A note for the author and the minutes' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand approve" -l expect-head -d 'Record nothing unless the pull request\'s head is still this commit (the `head` that `review` printed): approve exactly what was read' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand approve" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand approve" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand request-changes" -l repo -d 'The repository, owner/name' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand request-changes" -l pr -d 'The pull request number' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand request-changes" -l note -d 'What to change (required)' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand request-changes" -l expect-head -d 'Record nothing unless the pull request\'s head is still this commit (the `head` that `review` printed)' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand request-changes" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand request-changes" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand queue" -l repo -d 'A repository, owner/name; repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand queue" -l org -d 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand queue" -l format -d 'Output format' -r -f -a "table\t'Aligned columns for a terminal'
markdown\t'Markdown from templates/queue.md.j2, for meeting notes'
json\t'JSON: `{"version": 1, "items": [...]}`'"
complete -c barraiser -n "__fish_barraiser_using_subcommand queue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand queue" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand agenda" -l repo -d 'A repository, owner/name; repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand agenda" -l org -d 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand agenda" -l format -d 'Output format' -r -f -a "markdown\t'Markdown, to paste into a wiki page or a GitHub issue'
html\t'One self-contained HTML page (inline style, no script, nothing fetched)'"
complete -c barraiser -n "__fish_barraiser_using_subcommand agenda" -l tz -d 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand agenda" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand agenda" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand office-hours" -l repo -d 'A repository, owner/name; repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand office-hours" -l org -d 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand office-hours" -l tz -d 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand office-hours" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand office-hours" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand rota" -l weeks -d 'How many shifts after the current one to show' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand rota" -l central -d 'Read the central policy that .barraiser.yaml `extends` from FILE instead of through the GitHub API (which needs GH_TOKEN or GITHUB_TOKEN)' -r -F
complete -c barraiser -n "__fish_barraiser_using_subcommand rota" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand rota" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand minutes" -l repo -d 'A repository, owner/name; repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand minutes" -l org -d 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand minutes" -l since -d 'Start of the period: a date (2026-11-01) or an RFC 3339 time' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand minutes" -l until -d 'End of the period, inclusive for a date [default: now]' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand minutes" -l tz -d 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand minutes" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand minutes" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand audit" -l repo -d 'A repository, owner/name; repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand audit" -l org -d 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand audit" -l since -d 'Start of the period (by merge time): a date (2026-07-01) or an RFC 3339 time' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand audit" -l until -d 'End of the period, inclusive for a date [default: now]' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand audit" -l format -d 'Output format' -r -f -a "csv\t'One row per change description; columns in docs/approvals.md'
json\t'`{"version": 1, "since", "until", "pull_requests": [...]}`'"
complete -c barraiser -n "__fish_barraiser_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand audit" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand report" -l repo -d 'A repository, owner/name; repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand report" -l org -d 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand report" -l since -d 'Start of the period: a date (2026-11-01) or an RFC 3339 time' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand report" -l until -d 'End of the period, inclusive for a date [default: now]' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand report" -l format -d 'Output format' -r -f -a "markdown\t'Markdown with Mermaid charts, which GitHub renders'
html\t'One self-contained HTML page with inline SVG charts (no script, nothing fetched)'
json\t'Versioned JSON (docs/json.md)'"
complete -c barraiser -n "__fish_barraiser_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand report" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand new" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand new" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand init" -l action-ref -d 'The ref the workflow uses the barraiser action at: a release tag (the default, this version\'s) or a commit SHA, which cannot be moved' -r
complete -c barraiser -n "__fish_barraiser_using_subcommand init" -l mode -d 'How the gate is deployed: a `pull_request` workflow, a workflow an org ruleset requires from a central repository, or `pull_request_target` reporting through a GitHub App\'s check run (docs/ci.md, "Deployment modes")' -r -f -a "pull-request\t'A `pull_request` workflow in the repository; branch protection requires the `barraiser` status'
required-workflow\t'A workflow in a central repository that an org or repository ruleset requires at a pinned commit; the gate is the workflow\'s own result'
pull-request-target\t'`pull_request_target` with the released binary, reporting through a check run made with a GitHub App token held in an environment limited to the default branch'"
complete -c barraiser -n "__fish_barraiser_using_subcommand init" -l force -d 'Overwrite files that already exist'
complete -c barraiser -n "__fish_barraiser_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand init" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand explain" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand explain" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c barraiser -n "__fish_barraiser_using_subcommand schema" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand completions" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand completions" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand man" -l dir -d 'Write `barraiser.1` and one page per subcommand into DIR instead of printing' -r -F
complete -c barraiser -n "__fish_barraiser_using_subcommand man" -s h -l help -d 'Print help'
complete -c barraiser -n "__fish_barraiser_using_subcommand man" -s V -l version -d 'Print version'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "check" -d 'Check change descriptions (by default, those changed since the merge base with the default branch)'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "ci" -d 'Gate a pull request in GitHub Actions: sticky comment, commit status, summary, annotations'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "review" -d 'Show a pull request\'s verdict with its bar-raiser approvals, recomputed live'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "approve" -d 'Approve a pull request as a bar raiser, bound to its change descriptions at head'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "request-changes" -d 'Request changes on a pull request as a bar raiser (a note is required)'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "queue" -d 'List open pull requests waiting for bar-raiser approval: the office-hours agenda'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "agenda" -d 'The office-hours agenda as one document for the meeting\'s notes (Markdown or HTML)'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "office-hours" -d 'Run office hours on a terminal: read each item in full, approve or request changes, then the minutes'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "rota" -d 'Who is on bar-raiser duty now and for the next shifts, with the office hours'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "minutes" -d 'Bar-raiser decisions recorded in a period, as Markdown'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "audit" -d 'Merged pull requests with change descriptions and their approvals at merge (CSV or JSON)'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "report" -d 'Per team and service, how its merged changes fared over a period, with charts'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "new" -d 'Write changes/SLUG.md from the template, ready to fill in'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "init" -d 'Write a starter `.barraiser.yaml` (and the GitHub workflow) into the repository'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "explain" -d 'Explain a rule: why it exists, what to write, and an example'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "schema" -d 'Print the JSON Schemas for the change front matter, the policy and checklists'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "completions" -d 'Print shell completions'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "man" -d 'Print the manual page (roff), generated from the command-line definitions'
complete -c barraiser -n "__fish_barraiser_using_subcommand help; and not __fish_seen_subcommand_from check ci review approve request-changes queue agenda office-hours rota minutes audit report new init explain schema completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
