#![no_main]
use libfuzzer_sys::fuzz_target;
use needle::source::archive::Kind;

fuzz_target!(|data: &[u8]| needle::fuzzing::archive(Kind::Tar, data));
