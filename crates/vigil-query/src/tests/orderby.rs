//! `$orderby`: only the kind's time property, ascending or descending, any case.

use vigil_model::LogKind;

use crate::{FilterError, SortOrder, parse_orderby};

#[test]
fn accepted_forms() {
    let cases = [
        ("createdDateTime", SortOrder::Desc),
        ("createdDateTime desc", SortOrder::Desc),
        ("createdDateTime DESC", SortOrder::Desc),
        ("createdDateTime asc", SortOrder::Asc),
        ("  CreatedDateTime   Asc ", SortOrder::Asc),
    ];
    for (text, order) in cases {
        assert_eq!(
            parse_orderby(text, LogKind::SignIn).unwrap(),
            order,
            "{text}"
        );
    }
    assert_eq!(
        parse_orderby("activityDateTime asc", LogKind::DirectoryAudit).unwrap(),
        SortOrder::Asc
    );
    assert_eq!(
        parse_orderby("activityDateTime", LogKind::Provisioning).unwrap(),
        SortOrder::Desc
    );
    assert_eq!(SortOrder::default(), SortOrder::Desc);
}

#[test]
fn refused_forms() {
    for text in [
        "",
        "id",
        "createdDateTime up",
        "createdDateTime asc, id",
        "createdDateTime asc desc",
        "activityDateTime",
    ] {
        let e = parse_orderby(text, LogKind::SignIn).unwrap_err();
        assert!(
            matches!(
                e,
                FilterError::OrderBy {
                    property: "createdDateTime",
                    ..
                }
            ),
            "{text}"
        );
    }
    assert_eq!(
        parse_orderby("userId desc", LogKind::SignIn)
            .unwrap_err()
            .message(),
        "Invalid orderby clause: only 'createdDateTime' can be ordered, optionally followed by asc or desc; got 'userId desc'"
    );
    assert!(parse_orderby("createdDateTime", LogKind::DirectoryAudit).is_err());
}
