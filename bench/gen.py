#!/usr/bin/env python3
"""Generates the benchmark repositories as a `git fast-import` stream.

    gen.py wide N   > stream   # one commit holding N change descriptions
    gen.py deep N   > stream   # N commits; a feature branch adds change descriptions

Pipe the stream into `git fast-import` in an empty repository. Everything is
seeded, so the same arguments give byte-identical repositories.

The change descriptions follow the shapes of the labelled corpus (good ones and
the typical failures: missing rollback, tribal knowledge, placeholders, console
clicks, personal paths, vague triggers), with varied services, risks, step
counts, commands and parameters, so every checklist rule and detector has work.
"""

import random
import sys

SERVICES = [
    "payments", "checkout", "search", "catalogue", "identity", "sessions", "media",
    "notifications", "analytics", "web", "billing", "ledger", "orders", "inventory",
    "shipping", "pricing", "fraud", "reviews", "recommendations", "gateway",
]
TYPES = ["deploy", "config", "migration", "data", "infrastructure", "feature-flag"]
STAGES = [["staging", "prod"], ["beta", "gamma", "prod"], ["beta", "gamma", "prod-onebox", "prod"]]
BAKES = ["15m", "30m", "1h", "2h", "90m"]
VERBS = ["Raise", "Lower", "Rotate", "Migrate", "Reindex", "Resize", "Enable", "Disable",
         "Backfill", "Drop", "Add", "Restart", "Promote", "Purge", "Split"]
OBJECTS = ["the worker pool", "the TLS certificate", "the ledger schema", "the search index",
           "the cache cluster", "the rate limiter", "the export bucket", "the settlement job",
           "the feature flag", "the replica set", "the connection pool", "the queue consumers"]
TOOLS = ["pipectl", "dbctl", "kubectl", "catctl", "storectl", "alarmctl", "psqlctl", "mediactl"]
SCRIPTS = ["migrate", "rotate-cert", "compact-manifest", "drain", "backfill", "warm-cache"]
METRICS = ["errors", "5xx-rate", "p99-latency", "replica-lag", "queue-depth", "write-errors"]
PEOPLE = ["Priya", "Marco", "Aisha", "Tom", "the DBA", "Kenji"]


def pick(r, seq):
    return seq[r.randrange(len(seq))]


def command(r, svc, params, flaw):
    tool = pick(r, TOOLS)
    if flaw == "personal-path":
        return f"~/bin/{pick(r, SCRIPTS)}.sh --service {svc}"
    if flaw == "placeholder":
        return f"kubectl -n {svc} delete pod <pod-name>"
    if r.random() < 0.3:
        script = pick(r, SCRIPTS)
        # Most scripts exist in the generated repository; some are missing on purpose.
        name = f"{script}-{svc}" if r.random() < 0.8 else f"missing-{script}"
        args = " ".join(f'--{k.lower()} "${k}"' for k in params)
        return f"./scripts/{name}.sh {args}".rstrip()
    if params and r.random() < 0.7:
        k = pick(r, list(params))
        return f'{tool} {pick(r, ["apply", "status", "promote", "wait"])} {svc} --target "${k}"'
    return f"{tool} {pick(r, ['status', 'promote', 'list', 'describe'])} {svc}-{r.randrange(100)}"


def step(r, n, svc, params, flaw):
    lines = []
    if flaw == "console":
        lines.append(f"{n}. Log into the cloud console and click \"Modify\" on the {svc} cluster.")
        lines.append("   Expect: the status changes to `modifying`.")
        return lines
    if flaw == "tribal":
        lines.append(f"{n}. Ask {pick(r, PEOPLE)} for the admin token, then run the usual cleanup, same as last time.")
        return lines
    if flaw == "tbd":
        lines.append(f"{n}. TBD: confirm with the {svc} team whether the consumers need a reset.")
        return lines
    lines.append(f"{n}. {pick(r, ['Run', 'Apply', 'Check', 'Promote', 'Confirm'])} {pick(r, OBJECTS)}:")
    lines.append("   ```sh")
    lines.append("   " + command(r, svc, params, flaw))
    lines.append("   ```")
    if flaw != "no-expect":
        lines.append(f"   Expect: `{pick(r, ['prod: succeeded', 'OK', 'applied', '0', 'lag: 0'])}`.")
    return lines


def change(r, i):
    svc = pick(r, SERVICES)
    risk = pick(r, ["low", "medium", "medium", "high"])
    kind = pick(r, TYPES)
    flaw = pick(r, [None] * 6 + ["missing-rollback", "tribal", "tbd", "placeholder", "console",
                               "personal-path", "no-expect", "vague-trigger", "undeclared"])
    nparams = r.randrange(0, 4)
    params = {f"{pick(r, ['CLUSTER', 'INDEX', 'BUCKET', 'POOL', 'REGION', 'VERSION'])}{j}":
              f"{svc}-{r.randrange(1000)}" for j in range(nparams)}
    day = 1 + r.randrange(28)
    hour = r.randrange(20)
    front = [
        "---",
        f"title: {pick(r, VERBS)} {pick(r, OBJECTS)} for {svc} ({i})",
        f"service: {svc}",
        f'owner: "@acme/{svc}-oncall"',
        f"risk: {risk}",
        f"type: {kind}",
    ]
    if risk != "low" or r.random() < 0.5:
        front += ["window:",
                  f"  start: 2026-12-{day:02d}T{hour:02d}:00:00Z",
                  f"  end: 2026-12-{day:02d}T{hour + 2:02d}:00:00Z"]
    if risk != "low" or r.random() < 0.3:
        alarms = [f"{svc}-{pick(r, METRICS)}" for _ in range(1 + r.randrange(2))]
        front += ["pipeline:", f"  name: {svc}-release", f"  stages: [{', '.join(pick(r, STAGES))}]",
                  f"  bake_time: {pick(r, BAKES)}", f"  alarms: [{', '.join(alarms)}]"]
    front += ["automation:",
              f"  executed_by: {'manual' if flaw == 'console' else pick(r, ['pipeline', 'pipeline', 'script'])}"]
    if flaw != "missing-rollback" and (risk != "low" or r.random() < 0.4):
        trigger = ("if things look bad" if flaw == "vague-trigger"
                   else f"{svc}-{pick(r, METRICS)} above {r.randrange(1, 5)}% for {r.randrange(2, 10)} minutes")
        front += ["rollback:", f'  trigger: "{trigger}"',
                  f"  estimated_minutes: {pick(r, [10, 15, 20, 30, 45, 60])}",
                  f"  tested_on: 2026-{r.randrange(8, 12):02d}-{1 + r.randrange(28):02d}"]
    if params:
        front.append("parameters:")
        front += [f"  {k}: {v}" for k, v in params.items()]
    if flaw == "undeclared":
        params = dict(params, UNDECLARED="x")
    if r.random() < 0.3:
        front += ["links:", f"  dashboard: https://grafana.acme.example/d/{svc}"]
    front.append("---")

    body = ["", "## Summary",
            f"{pick(r, VERBS)} {pick(r, OBJECTS)} so that {svc} keeps up with peak traffic.",
            "The previous attempt was rolled back cleanly; this one adds a bake stage.", "",
            "## Steps"]
    nsteps = 1 + r.randrange(5)
    bad = r.randrange(nsteps)
    for n in range(1, nsteps + 1):
        body += step(r, n, svc, params, flaw if n - 1 == bad else None)
    body += ["", "## Verification"]
    for n in range(1, 2 + r.randrange(2)):
        body += step(r, n, svc, params, None)
    if flaw != "missing-rollback" and (risk != "low" or r.random() < 0.6):
        body += ["", "## Rollback"]
        for n in range(1, 2 + r.randrange(3)):
            body += step(r, n, svc, params, None)
    return "\n".join(front + body) + "\n"


class Stream:
    def __init__(self, out):
        self.out = out
        self.mark = 0

    def data(self, text):
        raw = text.encode()
        self.out.write(b"data %d\n" % len(raw))
        self.out.write(raw)
        self.out.write(b"\n")

    def commit(self, ref, when, message, files, parent=None):
        self.mark += 1
        self.out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        self.out.write(b"committer Bench <bench@example.com> %d +0000\n" % when)
        self.data(message)
        if parent:
            self.out.write(b"from %s\n" % parent.encode())
        for path, text in files:
            self.out.write(b"M 100644 inline %s\n" % path.encode())
            self.data(text)
        self.out.write(b"\n")
        return self.mark


def support_files(r):
    """Scripts the change descriptions call, and some ordinary source files."""
    files = []
    for svc in SERVICES:
        for script in SCRIPTS:
            files.append((f"scripts/{script}-{svc}.sh", f"#!/bin/sh\n# {script} for {svc}\nexit 0\n"))
        for n in range(20):
            files.append((f"src/{svc}/module{n}.rs", f"// {svc} module {n}\npub fn f{n}() -> u32 {{ {n} }}\n"))
        files.append((f"deploy/{svc}/values.yaml", f"replicas: {1 + r.randrange(9)}\n"))
    return files


# Commit times: the bar judges dates (windows, tested_on) at the committer time.
WIDE_AT = 1795132800  # 2026-11-20T00:00:00Z
START = 1789171200  # 2026-09-12T00:00:00Z; a minute a commit, the deep history ends near 2026-11-20


def wide(n):
    r = random.Random(6)
    s = Stream(sys.stdout.buffer)
    files = support_files(r)
    files += [(f"changes/{i:05d}-{pick(r, SERVICES)}.md", change(r, i)) for i in range(n)]
    s.commit("refs/heads/main", WIDE_AT, f"{n} change descriptions\n", files)


def deep(n, tail=3):
    r = random.Random(6)
    s = Stream(sys.stdout.buffer)
    base = support_files(r)
    base += [(f"changes/old-{i:04d}.md", change(r, i)) for i in range(300)]
    s.commit("refs/heads/main", START, "initial\n", base)
    sources = [p for p, _ in base if p.startswith("src/")]
    trunk = n - 1 - tail - 7
    for c in range(trunk):
        path = pick(r, sources)
        s.commit("refs/heads/main", START + 60 * c, f"edit {path} ({c})\n",
                 [(path, f"// revision {c}\npub fn f() -> u32 {{ {c} }}\n")])
    fork = s.mark
    # The pull request: a deploy change and the change descriptions for it.
    for t in range(tail):
        svc = pick(r, SERVICES)
        files = [(f"changes/pr-{t}-{svc}.md", change(r, 100000 + t))]
        if t == 0:
            files.append((f"deploy/{svc}/values.yaml", "replicas: 12\n"))
        s.commit("refs/heads/feature", START + 60 * (trunk + t), f"feature {t}\n", files,
                 parent=f":{fork}" if t == 0 else None)
    # Main moves on meanwhile, so the merge base is not either tip.
    for c in range(7):
        path = pick(r, sources)
        s.commit("refs/heads/main", START + 60 * (trunk + tail + c), f"later {c}\n",
                 [(path, f"// later {c}\n")])


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("wide", "deep"):
        sys.exit(__doc__)
    {"wide": wide, "deep": deep}[sys.argv[1]](int(sys.argv[2]))


if __name__ == "__main__":
    main()
