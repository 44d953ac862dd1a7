//! `crewdeck flags`, `coverage` and `points` on the demo organisation, as a user runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_crewdeck");

fn run(db: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CREWDECK_DB")
        // No user rules file from the machine running the tests.
        .env(
            "XDG_CONFIG_HOME",
            db.parent().unwrap_or(Path::new("/nonexistent")),
        )
        .output()
        .expect("run crewdeck");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn ok(db: &Path, args: &[&str]) -> String {
    let (status, stdout, stderr) = run(db, args);
    assert_eq!(status, 0, "crewdeck {args:?} failed: {stderr}");
    stdout
}

fn demo(dir: &tempfile::TempDir) -> PathBuf {
    let db = dir.path().join("demo.redb");
    ok(&db, &["init", "--demo"]);
    db
}

#[test]
fn the_demo_raises_many_kinds_of_flag_each_with_reason_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["flags", "--format", "json"])).unwrap();
    let flags = json.as_array().unwrap();
    let mut kinds: Vec<&str> = flags.iter().filter_map(|f| f["kind"].as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert!(kinds.len() >= 8, "only {} kinds: {kinds:?}", kinds.len());
    for flag in flags {
        for field in ["kind", "severity", "subject", "reason", "evidence"] {
            assert!(!flag[field].is_null(), "{field} missing in {flag}");
        }
        assert!(
            !flag["reason"].as_str().unwrap_or_default().is_empty(),
            "{flag}"
        );
        assert!(!flag["evidence"].as_array().unwrap().is_empty(), "{flag}");
    }
}

#[test]
fn flags_for_one_team_and_an_unknown_team() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let all = ok(&db, &["flags", "--format", "csv"]).lines().count();
    let product = ok(&db, &["flags", "--team", "product", "--format", "csv"]);
    assert!(product.lines().count() < all);
    assert!(product.contains("Priya Nair"), "{product}");
    let (status, _, stderr) = run(&db, &["flags", "--team", "Marketing"]);
    assert_ne!(status, 0);
    assert!(
        stderr.contains("no team called \"Marketing\"") && stderr.contains("Product"),
        "{stderr}"
    );
}

#[test]
fn coverage_names_positions_without_successor_and_the_organisation_figure() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let table = ok(&db, &["coverage"]);
    assert!(table.contains("No successor: Head of Data & AI"), "{table}");
    // Mobile Tech Lead is vacant: a ready successor does not make it covered.
    assert!(table.contains("Organisation: 50% coverage"), "{table}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["coverage", "--format", "json"])).unwrap();
    assert_eq!(json["organisation"]["coverage_pct"], 50.0);
    assert!(
        json["teams"]["Leadership"]["positions"]
            .as_u64()
            .is_some_and(|n| n > 0)
    );
    assert!(json["positions"].as_array().is_some_and(|p| p.len() >= 6));
}

#[test]
fn coverage_if_a_ready_successor_leaves_drops() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    // 李伟 (E006) is the ready-now successor for VP Engineering.
    let json: serde_json::Value = serde_json::from_str(&ok(
        &db,
        &["coverage", "--if-leaves", "E006", "--format", "json"],
    ))
    .unwrap();
    let before = json["what_if"]["before"]["coverage_pct"].as_f64().unwrap();
    let after = json["what_if"]["after"]["coverage_pct"].as_f64().unwrap();
    assert!(after < before, "{before} → {after}");
    let (status, _, stderr) = run(&db, &["coverage", "--if-leaves", "E999"]);
    assert_ne!(status, 0);
    assert!(stderr.contains("E999"), "{stderr}");
}

#[test]
fn points_show_zhang_jian_second_with_his_date_for_5000() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&db, &["points", "--format", "json"])).unwrap();
    let zhang = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "张建")
        .expect("张建 in the ranking");
    assert_eq!(zhang["rank"], 2);
    assert_eq!(zhang["points"], 4300);
    assert_eq!(zhang["threshold"], 5000);
    assert_eq!(zhang["eta"]["state"], "on");
    let table = ok(&db, &["points", "--team", "Product"]);
    let line = table.lines().find(|l| l.contains("张建")).unwrap();
    assert!(
        line.contains("4300") && line.contains("5000") && line.contains("20"),
        "{line}"
    );
}

#[test]
fn a_rules_file_changes_the_result_and_a_misspelled_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(&dir);
    let count = |rules: Option<&Path>| {
        let mut args = vec!["flags", "--format", "json"];
        if let Some(rules) = rules {
            args.extend(["--rules", rules.to_str().unwrap()]);
        }
        let json: serde_json::Value = serde_json::from_str(&ok(&db, &args)).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "pay_below_market")
            .count()
    };
    let lenient = dir.path().join("lenient.toml");
    std::fs::write(&lenient, "[flags]\npay_target_percentile_key = 50\n").unwrap();
    assert!(
        count(None) > count(Some(&lenient)),
        "a lower target flags fewer people"
    );

    let typo = dir.path().join("typo.toml");
    std::fs::write(&typo, "[flags]\npay_target_percentil_key = 50\n").unwrap();
    let (status, _, stderr) = run(&db, &["flags", "--rules", typo.to_str().unwrap()]);
    assert_ne!(status, 0);
    assert!(
        stderr.contains("typo.toml") && stderr.contains("`pay_target_percentil_key`"),
        "{stderr}"
    );

    // The user's rules file in the config directory is read too.
    let config = dir.path().join("crewdeck");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::copy(&lenient, config.join("rules.toml")).unwrap();
    assert_eq!(count(None), count(Some(&lenient)));
}
