//! Fuzz target `check`: the body is `kubedraft::fuzz_targets::check`; a broken invariant is a crash.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = kubedraft::fuzz_targets::check(data) {
        panic!("{violation}");
    }
});
