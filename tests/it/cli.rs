//! Command-line cases as trycmd files in `tests/cmd/`: arguments, exit code,
//! stdout and stderr. Regenerate expected output with `TRYCMD=overwrite`.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .register_bin(
            "barraiser",
            std::path::Path::new(env!("CARGO_BIN_EXE_barraiser")),
        )
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.md");
}
