use std::collections::BTreeMap;
#[test]
fn scratch() {
    let end = time::macros::datetime!(2026-11-20 00:00 UTC);
    let t0 = std::time::Instant::now();
    let d = vigil_demo::generate(&vigil_demo::DemoConfig::new(1, 30, end));
    println!("gen {:?}", t0.elapsed());
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut codes: BTreeMap<(String, i64), usize> = BTreeMap::new();
    let mut clients: BTreeMap<String, usize> = BTreeMap::new();
    let mut bytes = 0usize;
    for s in &d.sign_ins {
        let k = s["signInEventTypes"][0].as_str().unwrap().to_string();
        *kinds.entry(k.clone()).or_default() += 1;
        *codes.entry((k, s["status"]["errorCode"].as_i64().unwrap())).or_default() += 1;
        *clients.entry(s["clientAppUsed"].as_str().unwrap().to_string()).or_default() += 1;
        bytes += serde_json::to_string(s).unwrap().len();
    }
    println!("{kinds:?}\n{codes:#?}\n{clients:#?}\navg bytes {}", bytes / d.sign_ins.len());
    println!("{}", serde_json::to_string_pretty(&d.sign_ins[d.sign_ins.len()/2]).unwrap());
}
