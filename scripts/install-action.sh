#!/usr/bin/env bash
# Installs the barraiser binary for the barraiser GitHub Action (action.yml).
#
# It downloads the release archive for this runner's OS and architecture, checks its
# sha256 against action/checksums.txt, which is committed in the action itself (never a
# checksum file fetched from where the archive came from), caches the binary in the
# runner's tool cache and puts it on PATH. When the action is used at a commit whose
# version has no recorded release, it builds from source instead and says so.
#
# Environment (the action sets these; tests/it/install_action.rs sets them too):
#   BARRAISER_VERSION      version to install ("0.2.0" or "v0.2.0"); empty: the action's own
#   ACTION_PATH            the action's checkout (default: this script's repository)
#   ACTION_REPOSITORY      owner/name the releases are published under
#   BARRAISER_RELEASES_URL base URL of release downloads (default: GitHub's, for ACTION_REPOSITORY)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_PATH: from the runner
#
# Written for bash 3.2, the bash of macOS runners.
set -euo pipefail

fail() {
  echo "::error title=barraiser install::$*" >&2
  echo "error: $*" >&2
  exit 1
}

action_path="${ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
checksums="$action_path/action/checksums.txt"
[[ -f "$checksums" ]] || fail "$checksums is missing; the action checkout is incomplete"

# The target triple and archive format dist publishes for this runner.
os="${RUNNER_OS:-$(uname -s)}"
arch="${RUNNER_ARCH:-$(uname -m)}"
case "$arch" in
  X64 | x86_64 | amd64) arch=X64 ;;
  ARM64 | arm64 | aarch64) arch=ARM64 ;;
esac
ext=""
case "$os/$arch" in
  Linux/X64) target=x86_64-unknown-linux-musl suffix=.tar.xz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl suffix=.tar.xz ;;
  macOS/X64 | Darwin/X64) target=x86_64-apple-darwin suffix=.tar.xz ;;
  macOS/ARM64 | Darwin/ARM64) target=aarch64-apple-darwin suffix=.tar.xz ;;
  # Windows on Arm runs x64 binaries under emulation; no arm64 build is published.
  Windows/X64 | Windows/ARM64) target=x86_64-pc-windows-msvc suffix=.zip ext=.exe ;;
  *) fail "no barraiser release is built for $os/$arch" ;;
esac
asset="barraiser-$target$suffix"

# The version: the input, else the one this checkout of the action is at.
own_version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1)
requested="${BARRAISER_VERSION:-}"
version="${requested#v}"
[[ -n "$version" ]] || version="$own_version"
[[ -n "$version" ]] || fail "cannot tell which version to install: no version input and no version in $action_path/Cargo.toml"
case "$version" in
  *[!0-9A-Za-z.+-]*) fail "\`$requested\` is not a version" ;;
esac

# `<sha256>  v<version>/<asset>` lines, as scripts/record-checksums.sh writes them.
expected=$(awk -v want="v$version/$asset" '$1 !~ /^#/ && $2 == want { print $1; exit }' "$checksums")
known=$(awk '$1 !~ /^#/ && NF == 2 { split($2, p, "/"); print p[1] }' "$checksums" | sort -u | tr '\n' ' ')

bin_dir_for() { echo "$RUNNER_TOOL_CACHE/barraiser/$1/$2"; }
: "${RUNNER_TOOL_CACHE:=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/tool-cache}"
: "${RUNNER_TEMP:=${TMPDIR:-/tmp}}"

publish() {
  # $1: directory holding the binary.
  if [[ -n "${GITHUB_PATH:-}" ]]; then
    echo "$1" >>"$GITHUB_PATH"
  fi
  echo "barraiser: $("$1/barraiser$ext" --version) at $1/barraiser$ext"
}

if [[ -z "$expected" ]]; then
  if [[ -n "$requested" ]]; then
    fail "barraiser $requested is not a release this action knows: action/checksums.txt has no checksum for v$version/$asset (known: ${known:-none}). Use one of those, or leave \`version\` empty."
  fi
  # Used at a commit with no recorded release (a branch, or a commit between releases).
  dir=$(bin_dir_for "$version-source" "$arch")
  if [[ -x "$dir/barraiser$ext" && -f "$dir.complete" ]]; then
    echo "barraiser: using the build from source cached in $dir"
    publish "$dir"
    exit 0
  fi
  echo "::notice title=barraiser::barraiser $version has no release recorded in this action (it is used at a commit with no release), so it is built from source with cargo; this takes a few minutes. Use the action at a release tag for a verified binary."
  command -v cargo >/dev/null || fail "building barraiser from source needs cargo, which is not installed on this runner"
  root="$RUNNER_TEMP/barraiser-build.$$"
  cargo install --locked --quiet --path "$action_path" --root "$root"
  mkdir -p "$dir"
  cp "$root/bin/barraiser$ext" "$dir/"
  touch "$dir.complete"
  publish "$dir"
  exit 0
fi

dir=$(bin_dir_for "$version" "$arch")
if [[ -x "$dir/barraiser$ext" && -f "$dir.complete" ]]; then
  echo "barraiser: using $asset $version from the tool cache"
  publish "$dir"
  exit 0
fi

repository="${ACTION_REPOSITORY:-}"
[[ -n "$repository" ]] || repository=$(sed -n 's#^repository = "https://github.com/\(.*\)"$#\1#p' "$action_path/Cargo.toml" | head -n 1)
base="${BARRAISER_RELEASES_URL:-https://github.com/$repository/releases/download}"
url="${base%/}/v$version/$asset"
# What the log and errors show: never credentials (`https://user:token@host/`) or a query.
shown_url=$(printf '%s' "$url" | sed -E 's#^([A-Za-z][A-Za-z0-9+.-]*://)?[^/]*@#\1***@#; s#[?\#].*$##')

work=$(mktemp -d "$RUNNER_TEMP/barraiser-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "barraiser: downloading $shown_url"
curl --fail --location --silent --show-error --retry 3 --connect-timeout 10 --max-time 120 \
  --output "$work/$asset" "$url" || fail "cannot download $shown_url"

if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$work/$asset" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$work/$asset" | awk '{ print $1 }')
fi
if [[ "$actual" != "$expected" ]]; then
  fail "checksum mismatch for $asset $version: action/checksums.txt has $expected, the download has $actual. Refusing to install it."
fi
echo "barraiser: sha256 $actual matches action/checksums.txt"

mkdir -p "$work/x"
case "$suffix" in
  .tar.xz) tar -xJf "$work/$asset" -C "$work/x" ;;
  .zip)
    if command -v unzip >/dev/null; then
      unzip -q "$work/$asset" -d "$work/x"
    else
      powershell -NoProfile -Command "Expand-Archive -LiteralPath '$work/$asset' -DestinationPath '$work/x'"
    fi
    ;;
esac
found=$(find "$work/x" -type f -name "barraiser$ext" | head -n 1)
[[ -n "$found" ]] || fail "$asset holds no barraiser$ext"
mkdir -p "$dir"
cp "$found" "$dir/barraiser$ext"
chmod +x "$dir/barraiser$ext"
touch "$dir.complete"
publish "$dir"
