//! Temporary.
#[test]
fn peek() {
    let d = vigil_demo::generate(&vigil_demo::DemoConfig::new(1, 30, time::macros::datetime!(2026-11-20 00:00 UTC)));
    let find = |f: &dyn Fn(&serde_json::Value) -> bool| d.sign_ins.iter().find(|s| f(s)).cloned();
    let picks = [
        find(&|s| s["signInEventTypes"][0] == "nonInteractiveUser" && s["status"]["errorCode"] == 0),
        find(&|s| s["signInEventTypes"][0] == "servicePrincipal"),
        find(&|s| s["signInEventTypes"][0] == "managedIdentity"),
        find(&|s| s["userType"] == "guest"),
        find(&|s| s["clientAppUsed"] == "IMAP4"),
        find(&|s| s["riskEventTypes_v2"][0] == "unlikelyTravel"),
        find(&|s| s["authenticationRequirement"] == "multiFactorAuthentication" && s["authenticationDetails"][1]["authenticationMethod"] == "Text message"),
        find(&|s| s["status"]["errorCode"] == 50074),
    ];
    for p in picks.into_iter().flatten() {
        let mut p = p;
        p.as_object_mut().unwrap().retain(|_, v| !v.is_null());
        println!("{}\n", serde_json::to_string(&p).unwrap());
    }
    let prov = d.provisioning.iter().find(|p| p["provisioningStatusInfo"]["status"] == "failure").unwrap();
    println!("{}\n", serde_json::to_string(prov).unwrap());
    let pim = d.directory_audits.iter().find(|p| p["loggedByService"] == "Privileged Identity Management").unwrap();
    println!("{}\n", serde_json::to_string(pim).unwrap());
}
