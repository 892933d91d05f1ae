#![no_main]
use libfuzzer_sys::fuzz_target;
use needle::source::image::container::Format;

fuzz_target!(|data: &[u8]| needle::fuzzing::container(Format::Ewf, data));
