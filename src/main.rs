use std::process::ExitCode;

fn main() -> ExitCode {
    needle::cli::main()
}
