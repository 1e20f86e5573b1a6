//! Prints how long `vigil_demo::generate` takes and what it produced:
//! `cargo run -p vigil-demo --release --example timing -- [days] [seed]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let days: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(30);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let end = time::macros::datetime!(2026-11-20 00:00 UTC);
    let started = std::time::Instant::now();
    let data = vigil_demo::generate(&vigil_demo::DemoConfig::new(seed, days, end));
    println!(
        "{days} days, seed {seed}: {:?}; {} sign-ins, {} directory audits, {} provisioning, {} attribute audits",
        started.elapsed(),
        data.sign_ins.len(),
        data.directory_audits.len(),
        data.provisioning.len(),
        data.custom_security_attribute_audits.len()
    );
}
