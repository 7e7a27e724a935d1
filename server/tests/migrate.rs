//! `campaign-server migrate`: a SQLite campaign's rows arrive in PostgreSQL
//! whole, in order, once. Needs `CK_TEST_POSTGRES` (as `cargo xtask test`
//! sets it); without it there is no PostgreSQL to migrate into.

mod support;

use std::process::Command;

use campaign_core::envelope::uuid_v4;
use campaign_core::{Envelope, Event};
use campaign_server::store::{Store, SubmissionRules};
use serde_json::json;

fn envelope(seed: u8, visitor: &str) -> Envelope {
    serde_json::from_value(json!({
        "id": uuid_v4([seed; 16]),
        "campaign_id": "cmb-city-community",
        "page_id": "finance-survey",
        "page_kind": "survey",
        "visitor_id": visitor,
        "client_ts": 1_779_282_840_000i64 + i64::from(seed),
        "payload": { "answers": { "note": { "text": format!("第 {seed} 条 'quoted' \"text\"") } } }
    }))
    .unwrap()
}

fn migrate(from: &std::path::Path, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_campaign-server"))
        .arg("migrate")
        .arg("--from")
        .arg(from)
        .args(["--to", to])
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_campaign_moves_into_postgres_whole_and_in_order() {
    let Some(admin) = support::postgres() else {
        eprintln!("migrate: needs PostgreSQL (CK_TEST_POSTGRES, as `cargo xtask test` sets it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("running.sqlite");
    let sqlite = Store::open(&file).unwrap();
    sqlite
        .import_reward_codes("jd-coupons".into(), vec!["A-1".into(), "A-2".into()])
        .await
        .unwrap();
    let rules = SubmissionRules {
        reward_pool: Some("jd-coupons".into()),
        ..SubmissionRules::default()
    };
    for seed in 1..=3u8 {
        sqlite
            .insert_submission(
                envelope(seed, &format!("visitor-m{seed}")),
                1_000 + i64::from(seed),
                rules.clone(),
            )
            .await
            .unwrap();
    }
    let event: Event = serde_json::from_value(json!({
        "id": uuid_v4([9; 16]), "campaign_id": "cmb-city-community", "page_id": "finance-survey",
        "visitor_id": "visitor-m1", "name": "page_view", "client_ts": 1
    }))
    .unwrap();
    sqlite.insert_events(vec![event], 2_000).await.unwrap();
    drop(sqlite);

    let target = support::database(&admin, &dir.path().join("target"));
    let output = migrate(&file, &target);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        report.contains("submissions") && report.contains("3 rows"),
        "{report}"
    );

    let (sqlite, postgres) = (
        Store::open(&file).unwrap(),
        Store::connect_postgres(&target, 2).await.unwrap(),
    );
    let (before, after) = (
        sqlite.submissions(None, None, 100).await.unwrap(),
        postgres.submissions(None, None, 100).await.unwrap(),
    );
    assert_eq!(
        after.rows, before.rows,
        "the same results, in the same order"
    );
    assert_eq!(after.rows.len(), 3);
    assert_eq!(
        postgres
            .reward_codes_left("jd-coupons".into())
            .await
            .unwrap(),
        0
    );
    assert_eq!(postgres.count_events("page_view".into()).await.unwrap(), 1);
    // The first two got the codes in order, the third found the pool empty,
    // and a replay in PostgreSQL answers as SQLite did.
    let replay = postgres
        .insert_submission(envelope(1, "visitor-m1"), 9_999, rules.clone())
        .await
        .unwrap();
    assert_eq!(
        replay,
        campaign_server::store::Stored::Duplicate(Some(campaign_server::store::Reward::Code(
            "A-1".into()
        )))
    );

    let again = migrate(&file, &target);
    assert!(
        !again.status.success(),
        "a second copy into the same database is refused"
    );
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("already holds rows"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
