//! Defects 10 and 12: split and Helm exports of long names, no partial output on failure, no
//! stale files of deleted objects, and no stale temporaries of killed runs.

use std::path::Path;

use super::temp_folder;
use crate::support::cli::{kubedraft, stderr};

fn config_map(name: &str) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: shop\ndata:\n  a: b\n---\n"
    )
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_yaml(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml"))
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `check` accepts a 243-character dotted name; `--split` and the Helm export failed on it (the
/// file name passed 255 bytes) and left partial output.
#[test]
fn long_names_get_file_names_that_fit() {
    let folder = temp_folder("long-names");
    let long = format!("{}.{}.{}", "a".repeat(80), "b".repeat(80), "c".repeat(81));
    assert_eq!(long.len(), 243);
    let other = format!("{}.{}.{}", "a".repeat(80), "b".repeat(80), "d".repeat(81));
    let input = folder.join("in.yaml");
    std::fs::write(&input, config_map(&long) + &config_map(&other)).unwrap();
    let output = kubedraft(&["check", text(&input)]);
    assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));

    let split = folder.join("split");
    let output = kubedraft(&["export", text(&input), "--split", "--out", text(&split)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let names = names_in(&split);
    let yaml: Vec<&String> = names.iter().filter(|n| is_yaml(n)).collect();
    assert_eq!(yaml.len(), 3, "{names:?}"); // the namespace and the two ConfigMaps
    for name in &yaml {
        assert!(name.len() <= 255, "{name}");
    }
    // The long names start alike; their files differ, and each holds its object.
    let contents: Vec<String> = yaml
        .iter()
        .map(|n| std::fs::read_to_string(split.join(n)).unwrap())
        .collect();
    assert!(contents.iter().any(|c| c.contains(&long)));
    assert!(contents.iter().any(|c| c.contains(&other)));

    // The same export again writes the same file names.
    let output = kubedraft(&["export", text(&input), "--split", "--out", text(&split)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(names_in(&split), names);

    let charts = folder.join("charts");
    let output = kubedraft(&[
        "export",
        text(&input),
        "--format",
        "helm",
        "--chart-name",
        "shop",
        "--out",
        text(&charts),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let templates = names_in(&charts.join("shop/templates"));
    assert!(templates.iter().all(|n| n.len() <= 255), "{templates:?}");
    assert_eq!(templates.iter().filter(|n| is_yaml(n)).count(), 3);
}

/// A failure on the way leaves the target as it was and nothing half-written.
#[test]
fn a_failed_folder_export_leaves_no_partial_output() {
    let folder = temp_folder("no-partial");
    let input = folder.join("in.yaml");
    std::fs::write(&input, config_map("a") + &config_map("b")).unwrap();
    let split = folder.join("split");
    // A folder where the second ConfigMap's file goes stops the export.
    std::fs::create_dir_all(split.join("003-configmap-shop-b.yaml/inside")).unwrap();
    let output = kubedraft(&["export", text(&input), "--split", "--out", text(&split)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        names_in(&split),
        vec!["003-configmap-shop-b.yaml".to_owned()]
    );
    assert_eq!(
        names_in(&folder),
        vec!["in.yaml".to_owned(), "split".to_owned()]
    );

    // A file the file system refuses (a name over 255 bytes) fails before anything is written.
    let target = folder.join("tree");
    let long = format!("{}.yaml", "x".repeat(300));
    let result =
        kubedraft::io::write_tree(&target, [("ok.yaml", "a: 1\n"), (long.as_str(), "b\n")]);
    assert!(result.is_err());
    assert!(!target.exists(), "a partial folder was left");
    assert_eq!(
        names_in(&folder),
        vec!["in.yaml".to_owned(), "split".to_owned()]
    );
}

/// `--split` into a folder kept the files of objects deleted since (so `kubectl apply -f` made
/// them again); now the files the last split export wrote and this one does not are removed,
/// and the user's own files stay.
#[test]
fn a_split_export_removes_the_files_of_deleted_objects_only() {
    let folder = temp_folder("stale-split");
    let input = folder.join("in.yaml");
    let split = folder.join("split");
    std::fs::create_dir_all(&split).unwrap();
    std::fs::write(split.join("notes.yaml"), "mine\n").unwrap();
    std::fs::write(split.join("009-configmap-shop-mine.yaml"), "mine\n").unwrap();
    std::fs::write(&input, config_map("a") + &config_map("b")).unwrap();
    let output = kubedraft(&["export", text(&input), "--split", "--out", text(&split)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(split.join("003-configmap-shop-b.yaml").exists());
    std::fs::write(&input, config_map("a")).unwrap();
    let output = kubedraft(&["export", text(&input), "--split", "--out", text(&split)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        names_in(&split),
        vec![
            "001-namespace-shop.yaml",
            "002-configmap-shop-a.yaml",
            "009-configmap-shop-mine.yaml",
            "kubedraft-split.txt",
            "notes.yaml",
        ]
    );
}

/// A pid no process can have (Linux's `pid_max` is at most 2^22).
const DEAD_PID: u32 = 4_194_999;

/// Kill -9 during an export left `.NAME.PID.tmp` files beside the target; the next write to the
/// target removes those of processes that are gone, and keeps those of running ones.
#[test]
fn the_next_write_removes_stale_temporaries_of_killed_runs() {
    let folder = temp_folder("stale-temp");
    let input = folder.join("in.yaml");
    std::fs::write(&input, config_map("a")).unwrap();
    let dead_file = folder.join(format!(".out.yaml.{DEAD_PID}.tmp"));
    let live_file = folder.join(format!(".out.yaml.{}.tmp", std::process::id()));
    let dead_folder = folder.join(format!(".split.{DEAD_PID}.tmp"));
    let other = folder.join(format!(".other.yaml.{DEAD_PID}.tmp"));
    for file in [&dead_file, &live_file, &other] {
        std::fs::write(file, "partial").unwrap();
    }
    std::fs::create_dir_all(dead_folder.join("sub")).unwrap();
    std::fs::write(dead_folder.join("001-x.yaml"), "partial").unwrap();
    let out = folder.join("out.yaml");
    let output = kubedraft(&["export", text(&input), "--out", text(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!dead_file.exists(), "stale temporary kept");
    assert!(
        live_file.exists(),
        "a running process's temporary was removed"
    );
    assert!(other.exists(), "a temporary of another target was removed");
    let split = folder.join("split");
    let output = kubedraft(&["export", text(&input), "--split", "--out", text(&split)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!dead_folder.exists(), "stale temporary folder kept");
    // An existing folder is staged inside itself; a killed run's staging there goes too.
    let inside = split.join(format!(".kubedraft-export.{DEAD_PID}.tmp"));
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::write(inside.join("002-configmap-shop-a.yaml"), "partial").unwrap();
    let output = kubedraft(&["export", text(&input), "--split", "--out", text(&split)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!inside.exists(), "stale staging folder kept");
    assert!(
        names_in(&split).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        names_in(&split)
    );
}

/// A folder export killed while it moved its staged files in is finished by the next write when
/// its staging folder was marked complete (the new export, removals included), and undone when it
/// was not (the old export): never a mix of the two.
#[test]
fn an_interrupted_folder_export_is_finished_or_undone() {
    let folder = temp_folder("interrupted");
    let write = |relative: &str, text: &str| {
        let path = folder.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // The old export, and a run that was killed after moving `001` in: `002` is still staged,
    // `003` (an object deleted since) is still to be removed.
    write("001-a.yaml", "new a\n");
    write("002-b.yaml", "old b\n");
    write("003-c.yaml", "old c\n");
    write("notes.txt", "mine\n");
    let staging = format!(".kubedraft-export.{DEAD_PID}.tmp");
    write(&format!("{staging}/002-b.yaml"), "new b\n");
    write(&format!("{staging}/sub/004-d.yaml"), "new d\n");
    write(
        &format!("{staging}/.kubedraft-committed"),
        &format!("003-c.yaml\n../in-{DEAD_PID}.yaml\n"),
    );
    let outside = folder.parent().unwrap().join(format!("in-{DEAD_PID}.yaml"));
    std::fs::write(&outside, "outside\n").unwrap();
    kubedraft::io::finish_interrupted(&folder).unwrap();
    assert_eq!(
        names_in(&folder),
        ["001-a.yaml", "002-b.yaml", "notes.txt", "sub"]
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("002-b.yaml")).unwrap(),
        "new b\n"
    );
    assert_eq!(
        std::fs::read_to_string(folder.join("sub/004-d.yaml")).unwrap(),
        "new d\n"
    );
    // A removal that names a path out of the folder is not followed.
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "outside\n");
    let _ = std::fs::remove_file(&outside);

    // A run killed before it marked its staging complete leaves the folder as it was; so does
    // one killed while it wrote its mark (CI, stop 22: an empty mark published the new files and
    // kept every stale one), since the mark is only there once whole.
    for draft_mark in [None, Some("002-b")] {
        write(&format!("{staging}/001-a.yaml"), "half\n");
        if let Some(list) = draft_mark {
            write(&format!("{staging}/.kubedraft-committed.draft"), list);
        }
        kubedraft::io::finish_interrupted(&folder).unwrap();
        assert_eq!(
            names_in(&folder),
            ["001-a.yaml", "002-b.yaml", "notes.txt", "sub"],
            "draft mark: {draft_mark:?}"
        );
        assert_eq!(
            std::fs::read_to_string(folder.join("001-a.yaml")).unwrap(),
            "new a\n"
        );
    }

    // A running process's staging is left alone, marked or not.
    let live = format!(".kubedraft-export.{}.tmp", std::process::id());
    write(&format!("{live}/001-a.yaml"), "in progress\n");
    write(&format!("{live}/.kubedraft-committed"), "");
    kubedraft::io::finish_interrupted(&folder).unwrap();
    assert_eq!(
        std::fs::read_to_string(folder.join("001-a.yaml")).unwrap(),
        "new a\n"
    );
    assert!(folder.join(&live).is_dir());
    let _ = std::fs::remove_dir_all(&folder);
}
