#!/usr/bin/env bash
# Records a published release's archive checksums in action/checksums.txt, after checking
# each archive's GitHub artifact attestation (build provenance from release.yml).
# Usage: scripts/record-checksums.sh 0.2.0   (needs `gh`, logged in)
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1#v}"
[[ -n "$version" ]] || { echo "usage: $0 VERSION" >&2; exit 2; }
repo=$(sed -n 's#^repository = "https://github.com/\(.*\)"$#\1#p' Cargo.toml | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gh release download "v$version" --repo "$repo" --dir "$work" \
  --pattern 'barraiser-*.tar.xz' --pattern 'barraiser-*.zip'
for archive in "$work"/barraiser-*; do
  gh attestation verify "$archive" --repo "$repo" >/dev/null
  name=$(basename "$archive")
  if grep -q "  v$version/$name\$" action/checksums.txt; then
    echo "already recorded: v$version/$name" >&2
    continue
  fi
  echo "$(sha256sum "$archive" | awk '{ print $1 }')  v$version/$name" >>action/checksums.txt
done
echo "recorded v$version in action/checksums.txt; commit it (see docs/release.md)"
