//! Regression tests for the defects an outsider found by testing kubedraft as a black box
//! (issue 15), each naming the defect it guards, and for the points 2-4: bounded input
//! (`size`, `app_ui`), files that survive crashes (`crash`, `app_ui`) and paths (`paths`).

mod app_ui;
mod crash;
mod export;
mod files;
mod fuzz_regressions;
mod input;
mod limits;
mod output;
mod paths;
mod size;

use std::path::PathBuf;

/// A fresh, empty folder for one test.
pub fn temp_folder(name: &str) -> PathBuf {
    let folder =
        std::env::temp_dir().join(format!("kubedraft-hardening-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("temp folder");
    folder
}
