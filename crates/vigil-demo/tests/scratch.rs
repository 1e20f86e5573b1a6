#[test]
fn scratch() {
    let end = time::macros::datetime!(2026-11-20 00:00 UTC);
    for _ in 0..2 {
        let t0 = std::time::Instant::now();
        let d = vigil_demo::generate(&vigil_demo::DemoConfig::new(1, 30, end));
        println!("gen {:?} {}", t0.elapsed(), d.sign_ins.len());
        let t0 = std::time::Instant::now();
        drop(d);
        println!("drop {:?}", t0.elapsed());
    }
}
