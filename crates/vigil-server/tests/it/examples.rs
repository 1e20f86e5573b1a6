//! Every example URL of the Graph reference, against the records of Microsoft's own examples
//! (plus a few demo-style records so filters have something to tell apart).

use serde_json::{Value, json};

use crate::harness::{TENANT, TestServer, at_minute, directory_audit, sign_in};

/// v1.0 signin-list Example 1 (Microsoft's trailing comma removed).
fn doc_sign_in() -> Value {
    json!({
        "id": "66ea54eb-6301-4ee5-be62-ff5a759b0100",
        "createdDateTime": "2020-03-13T19:15:41.6195833Z",
        "userDisplayName": "Test Contoso",
        "userPrincipalName": "testaccount1@contoso.com",
        "userId": "26be570a-ae82-4189-b4e2-a37c6808512d",
        "appId": "de8bc8b5-d9f9-48b1-a8ad-b748da725064",
        "appDisplayName": "Graph explorer",
        "ipAddress": "131.107.159.37",
        "clientAppUsed": "Browser",
        "correlationId": "d79f5bee-5860-4832-928f-3133e22ae912",
        "conditionalAccessStatus": "notApplied",
        "isInteractive": true,
        "riskDetail": "none",
        "riskLevelAggregated": "none",
        "riskLevelDuringSignIn": "none",
        "riskState": "none",
        "riskEventTypes": [],
        "resourceDisplayName": "Microsoft Graph",
        "resourceId": "00000003-0000-0000-c000-000000000000",
        "status": {"errorCode": 0, "failureReason": null, "additionalDetails": null},
        "deviceDetail": {"deviceId": "", "displayName": null, "operatingSystem": "Windows 10", "browser": "Edge 80.0.361", "isCompliant": null, "isManaged": null, "trustType": null},
        "location": {"city": "Redmond", "state": "Washington", "countryOrRegion": "US", "geoCoordinates": {"altitude": null, "latitude": 47.68050003051758, "longitude": -122.12094116210938}},
        "appliedConditionalAccessPolicies": [
            {"id": "de7e60eb-ed89-4d73-8205-2227def6b7c9", "displayName": "SharePoint limited access for guest workers", "enforcedGrantControls": [], "enforcedSessionControls": [], "result": "notEnabled"},
            {"id": "6701123a-b4c6-48af-8565-565c8bf7cabc", "displayName": "Medium signin risk block", "enforcedGrantControls": [], "enforcedSessionControls": [], "result": "notEnabled"}
        ]
    })
}

/// v1.0 directoryaudit-list Example 1 (with Microsoft's capital `Type`).
fn doc_directory_audit() -> Value {
    json!({
        "id": "id",
        "category": "UserManagement",
        "correlationId": "da159bfb-54fa-4092-8a38-6e1fa7870e30",
        "result": "success",
        "resultReason": "Successfully added member to group",
        "activityDisplayName": "Add member to group",
        "activityDateTime": "2018-01-09T21:20:02.7215374Z",
        "loggedByService": "Core Directory",
        "initiatedBy": {"user": {"id": "728309ae-1a37-4937-9afe-e35d964db09b", "displayName": "Audry Oliver", "userPrincipalName": "bob@wingtiptoysonline.com", "ipAddress": "127.0.0.1"}, "app": null},
        "targetResources": [
            {"id": "ef7e527d-6c92-4234-8c6d-cf6fdfb57f95", "displayName": "Example.com", "Type": "Group", "modifiedProperties": [{"displayName": "Action Client Name", "oldValue": null, "newValue": "DirectorySync"}], "groupType": "unifiedGroups"},
            {"id": "1f0e98f5-3161-4c6b-9b50-d488572f2bb7", "displayName": null, "Type": "User", "modifiedProperties": [], "userPrincipalName": "bob@contoso.com"}
        ],
        "additionalDetails": [{"key": "Additional Detail Name", "value": "Additional Detail Value"}]
    })
}

fn provisioning(id: &str, at: &str, status: &str) -> Value {
    json!({
        "id": id,
        "activityDateTime": at,
        "tenantId": TENANT,
        "jobId": "aws.4f1c2d3e5a6b4c7d8e9f0a1b2c3d4e5f.1",
        "cycleId": "0a7b0f7b-1c1e-4b5e-9b7f-3e6c1f0a2b3c",
        "changeId": "5e0d3c1a-7b2f-4e6d-8c9a-1b2c3d4e5f60",
        "durationInMilliseconds": 812,
        "provisioningAction": "create",
        "provisioningStatusInfo": {"status": status, "errorInformation": null},
        "sourceSystem": {"id": "e1c2", "displayName": "Azure Active Directory", "details": {}},
        "targetSystem": {"id": "a3b4", "displayName": "Amazon Web Services (AWS)", "details": {"ApplicationId": "8ad8d6b2"}},
        "sourceIdentity": {"id": "u-1", "displayName": "Adele Vance", "identityType": "User", "details": {}},
        "targetIdentity": {"id": "t-1", "displayName": "adele.vance", "identityType": "User", "details": {}},
        "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatorType": "system"},
        "servicePrincipal": {"id": "sp-1", "displayName": "AWS IAM Identity Center"},
        "modifiedProperties": [],
        "provisioningSteps": []
    })
}

fn csa_audit(id: &str, at: &str) -> Value {
    json!({
        "id": id,
        "activityDateTime": at,
        "activityDisplayName": "Update attribute values assigned to a user",
        "category": "AttributeManagement",
        "correlationId": "1f0e98f5-3161-4c6b-9b50-d488572f2bb7",
        "loggedByService": "Core Directory",
        "operationType": "Update",
        "result": "success",
        "resultReason": "",
        "userAgent": "Mozilla/5.0",
        "initiatedBy": {"user": {"id": "728309ae-1a37-4937-9afe-e35d964db09b", "displayName": "Audry Oliver", "userPrincipalName": "audry@contoso.com", "ipAddress": "127.0.0.1"}, "app": null},
        "targetResources": [{"id": "1f0e98f5-3161-4c6b-9b50-d488572f2bb7", "displayName": "Adele Vance", "type": "User", "userPrincipalName": "adele@contoso.com", "modifiedProperties": [{"displayName": "Engineering_CostCenter", "oldValue": "[]", "newValue": "[\"1001\"]"}], "groupType": null}],
        "additionalDetails": []
    })
}

async fn seeded() -> TestServer {
    let server = TestServer::start().await;
    // The documentation's examples are dated 2024: keep every log for a century so the
    // retention floor does not hide them.
    let tenant = vigil_store::TenantId::parse(crate::harness::TENANT).unwrap();
    for kind in vigil_model::LogKind::ALL {
        server
            .control
            .set_retention_override(&tenant, kind, Some(36_500))
            .unwrap();
    }
    let mut sign_ins = vec![doc_sign_in()];
    sign_ins.push(sign_in(
        "azure-portal",
        "2024-07-03T10:00:00Z",
        "ann@contoso.com",
        "interactiveUser",
        0,
    ));
    sign_ins.last_mut().unwrap()["appDisplayName"] = json!("Azure Portal");
    sign_ins.push(sign_in(
        "sp-signin",
        "2026-10-05T10:30:00Z",
        "",
        "servicePrincipal",
        0,
    ));
    sign_ins.last_mut().unwrap()["servicePrincipalId"] =
        json!("00000000-0000-0000-0000-000000000000");
    sign_ins.last_mut().unwrap()["resourceServicePrincipalId"] =
        json!("00000000-0000-0000-0000-000000000000");
    sign_ins.push(sign_in(
        "ni-arm",
        "2026-10-05T10:40:00Z",
        "bob@contoso.com",
        "nonInteractiveUser",
        0,
    ));
    sign_ins.last_mut().unwrap()["resourceDisplayName"] = json!("Azure Resource Manager");
    sign_ins.last_mut().unwrap()["tokenProtectionStatusDetails"] =
        json!({"signInSessionStatus": "bound", "signInSessionStatusCode": 1003});
    sign_ins.push(sign_in(
        "ca-fail",
        &at_minute(5),
        "carl@contoso.com",
        "interactiveUser",
        53003,
    ));
    sign_ins.last_mut().unwrap()["conditionalAccessStatus"] = json!("failure");
    sign_ins.last_mut().unwrap()["appDisplayName"] = json!("Outlook Mobile");
    for (kind, records) in [
        ("signIns", sign_ins),
        (
            "directoryAudits",
            vec![
                doc_directory_audit(),
                directory_audit(
                    "Directory_x_GXP3K_1",
                    &at_minute(1),
                    "Update user",
                    "00000000-0000-0000-0000-000000000000",
                ),
            ],
        ),
        (
            "provisioning",
            vec![
                provisioning(
                    "74c3b0ae-9cc5-850e-e0a5-7r6a4231de87",
                    &at_minute(2),
                    "success",
                ),
                provisioning("p-2", &at_minute(3), "failure"),
            ],
        ),
        (
            "customSecurityAttributeAudits",
            vec![
                csa_audit(
                    "Directory_46ef8262-896f-4a39-9666-db82e22e778b_GXP3K_386490241",
                    &at_minute(4),
                ),
                csa_audit("csa-2", &at_minute(1)),
            ],
        ),
    ] {
        let (status, body) = server.ingest(TENANT, kind, &records).await;
        assert_eq!(status, 200, "{kind}: {body}");
    }
    server
}

fn ids(page: &Value) -> Vec<String> {
    page["value"]
        .as_array()
        .unwrap_or_else(|| panic!("no value: {page}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn ok(server: &TestServer, path: &str) -> Value {
    let (status, _, body) = server.get(path).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

#[tokio::test]
async fn sign_in_examples() {
    let server = seeded().await;
    let all = ok(&server, "/v1.0/auditLogs/signIns").await;
    assert_eq!(
        ids(&all),
        vec![
            "ca-fail",
            "azure-portal",
            "66ea54eb-6301-4ee5-be62-ff5a759b0100"
        ]
    );
    let doc = &all["value"][2];
    assert_eq!(
        doc["createdDateTime"], "2020-03-13T19:15:41.6195833Z",
        "timestamps keep their precision"
    );
    assert_eq!(
        doc["location"]["geoCoordinates"]["latitude"],
        47.68050003051758
    );
    assert_eq!(
        doc["appliedConditionalAccessPolicies"][1]["displayName"],
        "Medium signin risk block"
    );
    assert_eq!(
        doc["status"],
        json!({"errorCode": 0, "failureReason": null, "additionalDetails": null})
    );

    let graph = ok(
        &server,
        "/v1.0/auditLogs/signIns?&$filter=startsWith(appDisplayName,'Graph')&$top=10",
    )
    .await;
    assert_eq!(
        ids(&graph),
        vec!["66ea54eb-6301-4ee5-be62-ff5a759b0100"],
        "case-insensitive startswith"
    );
    let one = ok(
        &server,
        "/v1.0/auditLogs/signIns/66ea54eb-6301-4ee5-be62-ff5a759b0100",
    )
    .await;
    assert_eq!(one["userDisplayName"], "Test Contoso");
    let window = ok(&server, "/v1.0/auditLogs/signIns?$filter=createdDateTime%20ge%202024-07-01T00:00:00Z%20and%20createdDateTime%20le%202024-07-14T23:59:59Z").await;
    assert_eq!(ids(&window), vec!["azure-portal"]);
    let beta = ok(&server, "/beta/auditLogs/signIns").await;
    assert_eq!(ids(&beta).len(), 3);
    let azure = ok(
        &server,
        "/beta/auditLogs/signins?&$filter=startsWith(appDisplayName,'Azure')&top=10",
    )
    .await;
    assert_eq!(ids(&azure), vec!["azure-portal"]);
    let non_interactive = ok(&server, "/beta/auditLogs/signins?&$filter=(signInEventTypes/any(t:%20t%20ne%20'interactiveUser'))&$orderBy=createdDateTime%20DESC&$top=10").await;
    assert_eq!(ids(&non_interactive), vec!["ni-arm", "sp-signin"]);
    let sp = ok(&server, "/beta/auditLogs/signIns?$filter=signInEventTypes/any(t:%20t%20eq%20'servicePrincipal')%20and%20servicePrincipalId%20eq%20'00000000-0000-0000-0000-000000000000'").await;
    assert_eq!(ids(&sp), vec!["sp-signin"]);
    let resource_sp = ok(&server, "/beta/auditLogs/signIns?$filter=signInEventTypes/any(t:%20t%20eq%20'servicePrincipal')%20and%20resourceServicePrincipalId%20eq%20'00000000-0000-0000-0000-000000000000'").await;
    assert_eq!(ids(&resource_sp), vec!["sp-signin"]);
    let hour = server
        .http
        .get(server.url("/beta/auditLogs/signIns?$filter=createdDateTime%20ge%202026-10-05T10:00:00Z%20and%20createdDateTime%20lt%202026-10-05T11:00:00Z%20and%20signInEventTypes/any(t:%20t%20eq%20'nonInteractiveUser')"))
        .header("Prefer", "include-unknown-enum-members")
        .bearer_auth(&server.token)
        .send()
        .await
        .unwrap();
    assert_eq!(hour.status().as_u16(), 200);
    assert_eq!(ids(&hour.json::<Value>().await.unwrap()), vec!["ni-arm"]);
    let token = ok(&server, "/beta/auditLogs/signIns?$filter=(signInEventTypes/any(t:%20t%20eq%20'nonInteractiveUser')%20and%20resourceDisplayName%20eq%20'Azure%20Resource%20Manager'%20and%20(tokenProtectionStatusDetails/signInSessionStatusCode%20eq%201003%20or%20tokenProtectionStatusDetails/signInSessionStatusCode%20eq%201004%20or%20tokenProtectionStatusDetails/signInSessionStatus%20eq%20'bound'))").await;
    assert_eq!(ids(&token), vec!["ni-arm"]);
    let failure = ok(
        &server,
        "/v1.0/auditLogs/signIns?filter=conditionalAccessStatus%20eq%20'failure'",
    )
    .await;
    assert_eq!(ids(&failure), vec!["ca-fail"]);
    let app = ok(&server, "/v1.0/auditLogs/signIns?filter=(createdDateTime%20ge%202024-01-13T14:13:32Z%20and%20createdDateTime%20le%202021-01-14T17:43:26Z)%20and%20appId%20eq%20'APP%20ID'").await;
    assert!(ids(&app).is_empty(), "an empty window matches nothing");
    let (status, _, body) = server
        .get("/v1.0/auditLogs/signIns$filter=conditionalAccessStatus%20eq%20'failure'")
        .await;
    assert_eq!(
        status, 404,
        "the doc's missing '?' names no resource: {body}"
    );
    server.stop().await;
}

#[tokio::test]
async fn directory_audit_examples() {
    let server = seeded().await;
    let all = ok(&server, "/v1.0/auditLogs/directoryAudits").await;
    assert!(
        all["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/v1.0/$metadata#auditLogs/directoryAudits")
    );
    assert_eq!(ids(&all), vec!["Directory_x_GXP3K_1", "id"]);
    let doc = &all["value"][1];
    assert_eq!(
        doc["targetResources"][0]["type"], "Group",
        "Microsoft's `Type` is served as `type`"
    );
    assert_eq!(
        doc["targetResources"][0]["modifiedProperties"][0]["newValue"],
        "DirectorySync"
    );
    assert_eq!(doc["initiatedBy"]["app"], Value::Null);
    let by_user = ok(&server, "/v1.0/auditLogs/directoryAudits?$filter=initiatedBy/user/id%20eq%20'00000000-0000-0000-0000-000000000000'").await;
    assert_eq!(ids(&by_user), vec!["Directory_x_GXP3K_1"]);
    let one = ok(&server, "/v1.0/auditLogs/directoryAudits/id").await;
    assert_eq!(one["activityDisplayName"], "Add member to group");
    let before = ok(
        &server,
        "/v1.0/auditLogs/directoryAudits?&$filter=activityDateTime%20le%202018-01-24",
    )
    .await;
    assert_eq!(ids(&before), vec!["id"]);
    let top = ok(&server, "/v1.0/auditLogs/directoryAudits?$top=1").await;
    assert_eq!(ids(&top).len(), 1);
    assert!(top["@odata.nextLink"].is_string());
    let (status, _, _) = server
        .get("/v1.0/auditLogs/directoryAudits?$skiptoken=01fa0e77c60c2d3d63226c8e3294c860__1")
        .await;
    assert_eq!(status, 400, "a token Vigil did not issue is refused");
    let selected = ok(
        &server,
        "/v1.0/auditLogs/directoryAudits?$select=activityDateTime,activityDisplayName",
    )
    .await;
    let first = selected["value"][0].as_object().unwrap();
    // Properties keep the resource's order, whatever the order in $select.
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        vec!["activityDisplayName", "activityDateTime"]
    );
    server.stop().await;
}

#[tokio::test]
async fn provisioning_and_custom_security_attribute_examples() {
    let server = seeded().await;
    let all = ok(&server, "/v1.0/auditLogs/provisioning").await;
    assert_eq!(
        ids(&all),
        vec!["p-2", "74c3b0ae-9cc5-850e-e0a5-7r6a4231de87"]
    );
    let by_id = ok(
        &server,
        "/v1.0/auditLogs/provisioning?$filter=id%20eq%20'74c3b0ae-9cc5-850e-e0a5-7r6a4231de87'",
    )
    .await;
    assert_eq!(ids(&by_id), vec!["74c3b0ae-9cc5-850e-e0a5-7r6a4231de87"]);
    let top = ok(&server, "/v1.0/auditLogs/provisioning?$top=20").await;
    assert_eq!(ids(&top).len(), 2);
    let failed = ok(
        &server,
        "/v1.0/auditLogs/provisioning?$filter=provisioningStatusInfo/status%20eq%20'failure'",
    )
    .await;
    assert_eq!(ids(&failed), vec!["p-2"]);
    let contains = ok(
        &server,
        "/beta/auditLogs/provisioning?$filter=contains(targetSystem/displayName,'AWS')",
    )
    .await;
    assert_eq!(ids(&contains).len(), 2);

    let csa = ok(
        &server,
        "/beta/auditLogs/customSecurityAttributeAudits?$top=1",
    )
    .await;
    assert_eq!(
        ids(&csa),
        vec!["Directory_46ef8262-896f-4a39-9666-db82e22e778b_GXP3K_386490241"]
    );
    assert!(csa["@odata.nextLink"].is_string());
    let one = ok(&server, "/beta/auditLogs/customSecurityAttributeAudits/Directory_46ef8262-896f-4a39-9666-db82e22e778b_GXP3K_386490241").await;
    assert!(
        one["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/beta/$metadata#auditLogs/customSecurityAttributeAudits/$entity")
    );
    assert_eq!(one["category"], "AttributeManagement");
    server.stop().await;
}
