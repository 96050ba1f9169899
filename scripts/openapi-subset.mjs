#!/usr/bin/env node
// Regenerates tests/openapi/github-subset.json: the operations barraiser sends to GitHub,
// with every component they reference, cut from GitHub's published OpenAPI description.
//
//   node scripts/openapi-subset.mjs                      # fetches @octokit/openapi with npm
//   node scripts/openapi-subset.mjs path/to/api.github.com.json
//
// Add an operation to OPERATIONS when the client starts sending a new request; the
// contract test in tests/github.rs rejects any request not described here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

// Pinned so the subset only changes when someone bumps it on purpose.
const PACKAGE = "@octokit/openapi@23.0.2";

const OPERATIONS = [
  ["get", "/user"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["delete", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["post", "/repos/{owner}/{repo}/check-runs"],
  ["post", "/repos/{owner}/{repo}/statuses/{sha}"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"],
  ["post", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"],
  ["get", "/repos/{owner}/{repo}/pulls"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}/files"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}/commits"],
  ["get", "/repos/{owner}/{repo}/contents/{path}"],
  ["get", "/orgs/{org}/teams/{team_slug}/members"],
  ["get", "/orgs/{org}/repos"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"],
  ["post", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"],
];

function loadDescription() {
  if (process.argv[2]) return JSON.parse(readFileSync(process.argv[2], "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "openapi-"));
  try {
    const tgz = execFileSync("npm", ["pack", PACKAGE, "--silent"], { cwd: dir, encoding: "utf8" })
      .trim()
      .split("\n")
      .pop();
    execFileSync("tar", ["xzf", tgz], { cwd: dir });
    return JSON.parse(readFileSync(join(dir, "package/generated/api.github.com.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Walks any JSON value and yields every local "$ref" target.
function* refsIn(value) {
  if (Array.isArray(value)) {
    for (const v of value) yield* refsIn(v);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/")) yield v;
      else yield* refsIn(v);
    }
  }
}

function resolvePointer(doc, ref) {
  return ref
    .slice(2)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => node?.[key], doc);
}

function setPointer(doc, ref, value) {
  const keys = ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = doc;
  for (const key of keys.slice(0, -1)) node = node[key] ??= {};
  node[keys[keys.length - 1]] = value;
}

const full = loadDescription();
const subset = {
  openapi: full.openapi,
  info: { ...full.info, description: `Subset of ${PACKAGE} used by barraiser's contract test.` },
  servers: full.servers,
  paths: {},
  components: {},
};

for (const [method, path] of OPERATIONS) {
  const op = full.paths?.[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the description`);
  subset.paths[path] ??= {};
  subset.paths[path][method] = op;
}

// Copy referenced components until no new reference appears.
const pending = [...refsIn(subset.paths)];
const seen = new Set();
while (pending.length) {
  const ref = pending.pop();
  if (seen.has(ref)) continue;
  seen.add(ref);
  const target = resolvePointer(full, ref);
  if (target === undefined) throw new Error(`dangling reference ${ref}`);
  setPointer(subset, ref, target);
  pending.push(...refsIn(target));
}

// Sorted keys keep regenerations diff-friendly.
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  }
  return value;
}

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "tests", "openapi", "github-subset.json");
writeFileSync(out, JSON.stringify(sorted(subset), null, 1) + "\n");
console.log(`wrote ${out}: ${OPERATIONS.length} operations, ${seen.size} components`);
