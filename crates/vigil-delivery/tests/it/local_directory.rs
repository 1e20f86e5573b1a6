//! `LocalDirectorySink` on a temporary directory: the layout, CRLF lines equal to what was
//! sent, and appends accumulating across deliveries and across sink instances.

use std::collections::BTreeMap;
use std::path::Path;

use vigil_delivery::archive::LocalDirectorySink;
use vigil_export::Category;
use vigil_tenancy::diagnostic_settings::LocalDirectoryDestination;

use crate::support::{batch, check_content, expected, two_tenants};

fn files(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(root, &path, out);
        } else {
            let key = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.insert(key, std::fs::read(&path).unwrap());
        }
    }
}

#[tokio::test]
async fn writes_hourly_files_and_appends() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("export");
    let destination = LocalDirectoryDestination {
        path: root.to_string_lossy().into_owned(),
    };
    let tenants = two_tenants();
    let first = batch(&tenants, 2, 0);
    let second = batch(&tenants, 1, 1);
    let mut sink = LocalDirectorySink::new(&destination).unwrap();
    assert_eq!(sink.root(), root);
    sink.deliver(&first).await.unwrap();
    sink.deliver(&[]).await.unwrap();
    // A new instance (a restart) appends to the same files.
    let mut restarted = LocalDirectorySink::new(&destination).unwrap();
    restarted.deliver(&second).await.unwrap();

    let mut found = BTreeMap::new();
    files(&root, &root, &mut found);
    let want = expected(&[&first, &second]);
    assert_eq!(found.len(), 2 * 2 * Category::ALL.len());
    assert_eq!(
        found.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    let example = format!(
        "insights-logs-auditlogs/tenantId={}/y=2026/m=03/d=01/h=10/m=00/PT1H.json",
        tenants[0]
    );
    assert!(found.contains_key(&example), "{example}");
    let sent: Vec<_> = first.iter().chain(&second).collect();
    for (key, content) in &found {
        check_content(key, content, &want[key], &sent);
    }
}

#[tokio::test]
async fn an_unwritable_directory_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"not a directory").unwrap();
    let mut sink = LocalDirectorySink::new(&LocalDirectoryDestination {
        path: blocker.join("export").to_string_lossy().into_owned(),
    })
    .unwrap();
    let err = sink
        .deliver(&batch(&two_tenants(), 1, 0))
        .await
        .unwrap_err();
    assert!(
        matches!(err, vigil_delivery::sink::SinkError::Rejected(_)),
        "{err:?}"
    );
}
