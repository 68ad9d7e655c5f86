//! Fuzz target `design`: the body is `kubedraft::fuzz_targets::design`; a broken invariant is a crash.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = kubedraft::fuzz_targets::design(data) {
        panic!("{violation}");
    }
});
