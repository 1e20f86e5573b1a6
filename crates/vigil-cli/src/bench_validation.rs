//! The single-thread cost of validating one record, both ways, in the same run: the one-pass
//! path ingest takes and the serde reference it falls back to. Part of `vigil bench`.

use std::time::{Duration, Instant};

use vigil_model::LogKind;
use vigil_model::validate::{one_pass, validate_json_reference};

/// What [`validation_costs`] measured.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ValidationCost {
    pub records: usize,
    /// Records the one-pass path accepted (the rest would fall back to the reference).
    pub one_pass_taken: usize,
    /// µs per record through `one_pass`.
    pub one_pass_us: f64,
    /// µs per record through `validate_json_reference`.
    pub reference_us: f64,
}

impl ValidationCost {
    /// One Markdown paragraph.
    pub(crate) fn markdown(&self) -> String {
        format!(
            "Validating one sign-in into its canonical form, single thread, {} records: one-pass \
             {:.1} µs, serde reference (typed parse and re-serialisation) {:.1} µs — {:.1}× \
             cheaper; {} of {} records took the one-pass path.\n",
            self.records,
            self.one_pass_us,
            self.reference_us,
            self.reference_us / self.one_pass_us.max(f64::MIN_POSITIVE),
            self.one_pass_taken,
            self.records,
        )
    }
}

/// Times both paths over (up to) the first 20,000 of `lines`, alternating three rounds each
/// and keeping each path's best round, so that a busy moment on the machine hurts neither.
pub(crate) fn validation_costs(lines: &[Vec<u8>]) -> ValidationCost {
    let sample = &lines[..lines.len().min(20_000)];
    let per = |d: Duration| d.as_secs_f64() * 1e6 / sample.len().max(1) as f64;
    let (mut best_one, mut best_reference) = (f64::MAX, f64::MAX);
    let mut taken = 0;
    for _ in 0..3 {
        let began = Instant::now();
        taken = sample
            .iter()
            .filter(|line| std::hint::black_box(one_pass(LogKind::SignIn, line)).is_some())
            .count();
        best_one = best_one.min(per(began.elapsed()));
        let began = Instant::now();
        for line in sample {
            let _ = std::hint::black_box(validate_json_reference(LogKind::SignIn, line));
        }
        best_reference = best_reference.min(per(began.elapsed()));
    }
    ValidationCost {
        records: sample.len(),
        one_pass_taken: taken,
        one_pass_us: best_one,
        reference_us: best_reference,
    }
}
