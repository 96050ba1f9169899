//! The `barraiser` command line: a thin layer over the library that parses
//! arguments, picks output formats and maps outcomes to exit codes.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
