
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'barraiser' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'barraiser'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'barraiser' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check change descriptions (by default, those changed since the merge base with the default branch)')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'Gate a pull request in GitHub Actions: sticky comment, commit status, summary, annotations')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Show a pull request''s verdict with its bar-raiser approvals, recomputed live')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pull request as a bar raiser, bound to its change descriptions at head')
            [CompletionResult]::new('request-changes', 'request-changes', [CompletionResultType]::ParameterValue, 'Request changes on a pull request as a bar raiser (a note is required)')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'List open pull requests waiting for bar-raiser approval: the office-hours agenda')
            [CompletionResult]::new('agenda', 'agenda', [CompletionResultType]::ParameterValue, 'The office-hours agenda as one document for the meeting''s notes (Markdown or HTML)')
            [CompletionResult]::new('office-hours', 'office-hours', [CompletionResultType]::ParameterValue, 'Run office hours on a terminal: read each item in full, approve or request changes, then the minutes')
            [CompletionResult]::new('rota', 'rota', [CompletionResultType]::ParameterValue, 'Who is on bar-raiser duty now and for the next shifts, with the office hours')
            [CompletionResult]::new('minutes', 'minutes', [CompletionResultType]::ParameterValue, 'Bar-raiser decisions recorded in a period, as Markdown')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Merged pull requests with change descriptions and their approvals at merge (CSV or JSON)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Per team and service, how its merged changes fared over a period, with charts')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Write changes/SLUG.md from the template, ready to fill in')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starter `.barraiser.yaml` (and the GitHub workflow) into the repository')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a rule: why it exists, what to write, and an example')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schemas for the change front matter, the policy and checklists')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), generated from the command-line definitions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'barraiser;check' {
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Read everything from this commit''s tree instead of the working tree')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'With --head: check what BASE...HEAD changed, judged by the policy at BASE')
            [CompletionResult]::new('--head', '--head', [CompletionResultType]::ParameterName, 'With --base: the revision whose change descriptions are checked')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format [default: human; github inside GitHub Actions when not a terminal]')
            [CompletionResult]::new('--central', '--central', [CompletionResultType]::ParameterName, 'Read the central policy that .barraiser.yaml `extends` from FILE instead of through the GitHub API (which needs GH_TOKEN or GITHUB_TOKEN)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Check every change description in the changes directory')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;ci' {
            [CompletionResult]::new('--bot-login', '--bot-login', [CompletionResultType]::ParameterName, 'The login the token comments as (e.g. `my-gate[bot]` for a GitHub App token); without it, `GET /user` tells, or, for an App token, the comment''s app')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'How to report the gate: the `barraiser` commit status, or a `barraiser` check run (needs a GitHub App token with `checks: write`)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the comment, status and annotations instead of sending them')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;review' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The repository, owner/name')
            [CompletionResult]::new('--pr', '--pr', [CompletionResultType]::ParameterName, 'The pull request number')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;approve' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The repository, owner/name')
            [CompletionResult]::new('--pr', '--pr', [CompletionResultType]::ParameterName, 'The pull request number')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'A note for the author and the minutes')
            [CompletionResult]::new('--expect-head', '--expect-head', [CompletionResultType]::ParameterName, 'Record nothing unless the pull request''s head is still this commit (the `head` that `review` printed): approve exactly what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;request-changes' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'The repository, owner/name')
            [CompletionResult]::new('--pr', '--pr', [CompletionResultType]::ParameterName, 'The pull request number')
            [CompletionResult]::new('--note', '--note', [CompletionResultType]::ParameterName, 'What to change (required)')
            [CompletionResult]::new('--expect-head', '--expect-head', [CompletionResultType]::ParameterName, 'Record nothing unless the pull request''s head is still this commit (the `head` that `review` printed)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;queue' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'A repository, owner/name; repeat for several')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;agenda' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'A repository, owner/name; repeat for several')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;office-hours' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'A repository, owner/name; repeat for several')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;rota' {
            [CompletionResult]::new('--weeks', '--weeks', [CompletionResultType]::ParameterName, 'How many shifts after the current one to show')
            [CompletionResult]::new('--central', '--central', [CompletionResultType]::ParameterName, 'Read the central policy that .barraiser.yaml `extends` from FILE instead of through the GitHub API (which needs GH_TOKEN or GITHUB_TOKEN)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;minutes' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'A repository, owner/name; repeat for several')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start of the period: a date (2026-11-01) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End of the period, inclusive for a date [default: now]')
            [CompletionResult]::new('--tz', '--tz', [CompletionResultType]::ParameterName, 'Show times in this zone: an IANA name (Europe/London) or an offset (+02:00) [default: UTC]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;audit' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'A repository, owner/name; repeat for several')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start of the period (by merge time): a date (2026-07-01) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End of the period, inclusive for a date [default: now]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;report' {
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'A repository, owner/name; repeat for several')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Every repository of this organization that holds a .barraiser.yaml on its default branch (archived ones left out); repeat for several')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Start of the period: a date (2026-11-01) or an RFC 3339 time')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'End of the period, inclusive for a date [default: now]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;new' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;init' {
            [CompletionResult]::new('--action-ref', '--action-ref', [CompletionResultType]::ParameterName, 'The ref the workflow uses the barraiser action at: a release tag (the default, this version''s) or a commit SHA, which cannot be moved')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'How the gate is deployed: a `pull_request` workflow, a workflow an org ruleset requires from a central repository, or `pull_request_target` reporting through a GitHub App''s check run (docs/ci.md, "Deployment modes")')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite files that already exist')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;explain' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;schema' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write `barraiser.1` and one page per subcommand into DIR instead of printing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'barraiser;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Check change descriptions (by default, those changed since the merge base with the default branch)')
            [CompletionResult]::new('ci', 'ci', [CompletionResultType]::ParameterValue, 'Gate a pull request in GitHub Actions: sticky comment, commit status, summary, annotations')
            [CompletionResult]::new('review', 'review', [CompletionResultType]::ParameterValue, 'Show a pull request''s verdict with its bar-raiser approvals, recomputed live')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a pull request as a bar raiser, bound to its change descriptions at head')
            [CompletionResult]::new('request-changes', 'request-changes', [CompletionResultType]::ParameterValue, 'Request changes on a pull request as a bar raiser (a note is required)')
            [CompletionResult]::new('queue', 'queue', [CompletionResultType]::ParameterValue, 'List open pull requests waiting for bar-raiser approval: the office-hours agenda')
            [CompletionResult]::new('agenda', 'agenda', [CompletionResultType]::ParameterValue, 'The office-hours agenda as one document for the meeting''s notes (Markdown or HTML)')
            [CompletionResult]::new('office-hours', 'office-hours', [CompletionResultType]::ParameterValue, 'Run office hours on a terminal: read each item in full, approve or request changes, then the minutes')
            [CompletionResult]::new('rota', 'rota', [CompletionResultType]::ParameterValue, 'Who is on bar-raiser duty now and for the next shifts, with the office hours')
            [CompletionResult]::new('minutes', 'minutes', [CompletionResultType]::ParameterValue, 'Bar-raiser decisions recorded in a period, as Markdown')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Merged pull requests with change descriptions and their approvals at merge (CSV or JSON)')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Per team and service, how its merged changes fared over a period, with charts')
            [CompletionResult]::new('new', 'new', [CompletionResultType]::ParameterValue, 'Write changes/SLUG.md from the template, ready to fill in')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a starter `.barraiser.yaml` (and the GitHub workflow) into the repository')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain a rule: why it exists, what to write, and an example')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schemas for the change front matter, the policy and checklists')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff), generated from the command-line definitions')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'barraiser;help;check' {
            break
        }
        'barraiser;help;ci' {
            break
        }
        'barraiser;help;review' {
            break
        }
        'barraiser;help;approve' {
            break
        }
        'barraiser;help;request-changes' {
            break
        }
        'barraiser;help;queue' {
            break
        }
        'barraiser;help;agenda' {
            break
        }
        'barraiser;help;office-hours' {
            break
        }
        'barraiser;help;rota' {
            break
        }
        'barraiser;help;minutes' {
            break
        }
        'barraiser;help;audit' {
            break
        }
        'barraiser;help;report' {
            break
        }
        'barraiser;help;new' {
            break
        }
        'barraiser;help;init' {
            break
        }
        'barraiser;help;explain' {
            break
        }
        'barraiser;help;schema' {
            break
        }
        'barraiser;help;completions' {
            break
        }
        'barraiser;help;man' {
            break
        }
        'barraiser;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
