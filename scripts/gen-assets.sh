#!/usr/bin/env bash
# Regenerates assets/: the man pages and shell completions that every release archive
# carries (dist-workspace.toml `include`), from the clap definitions via the binary.
# tests/it/release.rs fails when the committed files differ from what this writes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${BARRAISER_BIN:-target/debug/barraiser}"
[[ -x "$bin" ]] || cargo build --quiet --locked
rm -rf assets/man assets/completions
mkdir -p assets/man assets/completions
"$bin" man --dir assets/man
"$bin" completions bash >assets/completions/barraiser.bash
"$bin" completions zsh >assets/completions/_barraiser
"$bin" completions fish >assets/completions/barraiser.fish
"$bin" completions powershell >assets/completions/_barraiser.ps1
"$bin" completions elvish >assets/completions/barraiser.elv
echo "wrote assets/man and assets/completions"
