//! Tests of `embedded`.

use super::*;

#[test]
fn says_what_to_install_when_postgres_or_postgis_is_missing() {
    let tmp = std::env::temp_dir().join(format!("arealbank-pg-{}", uuid::Uuid::new_v4()));
    let err =
        find_bindir_in(None, &tmp.join("lib"), &tmp.join("share")).expect_err("nothing installed");
    assert!(matches!(err, ClusterError::PostgresMissing));
    assert!(
        err.to_string()
            .contains("apt-get install postgresql-15 postgresql-15-postgis-3"),
        "{err}"
    );

    let bin = tmp.join("lib/15/bin");
    std::fs::create_dir_all(&bin).expect("dirs");
    for p in ["postgres", "initdb", "pg_ctl"] {
        std::fs::write(bin.join(p), "").expect("fake program");
    }
    let err = find_bindir_in(None, &tmp.join("lib"), &tmp.join("share")).expect_err("no PostGIS");
    assert!(matches!(err, ClusterError::PostgisMissing { .. }));
    assert!(err.to_string().contains("postgresql-15-postgis-3"), "{err}");

    std::fs::create_dir_all(tmp.join("share/15/extension")).expect("dirs");
    std::fs::write(tmp.join("share/15/extension/postgis.control"), "").expect("control");
    assert_eq!(
        find_bindir_in(None, &tmp.join("lib"), &tmp.join("share")).expect("found"),
        bin
    );
    assert!(find_bindir_in(Some(tmp.join("nowhere")), &tmp, &tmp).is_err());
    let _ = std::fs::remove_dir_all(tmp);
}
