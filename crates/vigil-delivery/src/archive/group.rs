//! What every archive sink does first: turn a batch into one group of lines per hourly
//! blob, and cut a group into request-sized blocks.
//!
//! A record goes to container [`Category::container`](vigil_export::Category::container)
//! and blob [`vigil_export::record_blob_path`] (its tenant and the UTC hour of its event
//! time) as one [`vigil_export::blob_line`] (CRLF-terminated). Groups come out in the order
//! their first record has in the batch, and within a group the lines keep the batch order,
//! so a blob always grows in ingest order.

use std::collections::HashMap;
use std::ops::Range;

use bytes::Bytes;

use crate::Outgoing;
use crate::sink::SinkError;

/// The lines of one batch that go to one blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlobGroup {
    /// `insights-logs-<category lower case>`.
    pub(crate) container: String,
    /// `tenantId=<tid>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json`.
    pub(crate) blob: String,
    /// The records' lines, in batch order, each ending in CRLF.
    pub(crate) lines: Bytes,
    /// How many records `lines` holds.
    pub(crate) records: usize,
}

impl BlobGroup {
    /// `<container>/<blob>`: the object key of S3 and the relative path of a directory.
    pub(crate) fn key(&self) -> String {
        format!("{}/{}", self.container, self.blob)
    }
}

/// Groups `batch` by (container, blob). Fails only for a record without a blob (no
/// `tenantId` or no event time in its envelope — never the case for a stored record) or
/// with a blob name that is not a plain relative path.
pub(crate) fn group_batch(batch: &[Outgoing]) -> Result<Vec<BlobGroup>, SinkError> {
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut groups: Vec<(String, String, Vec<u8>, usize)> = Vec::new();
    for outgoing in batch {
        let Some(blob) = outgoing.record.blob_path(outgoing.tenant.as_str()) else {
            return Err(SinkError::Rejected(format!(
                "record {} of {} has no tenantId or event time, so it has no hourly blob",
                outgoing.seq, outgoing.category
            )));
        };
        check_blob_name(&blob)?;
        let container = outgoing.category.container();
        let slot = *index
            .entry((container.clone(), blob.clone()))
            .or_insert_with(|| {
                groups.push((container, blob, Vec::new(), 0));
                groups.len() - 1
            });
        if let Some((_, _, lines, records)) = groups.get_mut(slot) {
            outgoing.record.write_blob_line(lines);
            *records += 1;
        }
    }
    Ok(groups
        .into_iter()
        .map(|(container, blob, lines, records)| BlobGroup {
            container,
            blob,
            lines: Bytes::from(lines),
            records,
        })
        .collect())
}

/// A blob name must be a relative path of plain segments: no empty, `.` or `..` segment,
/// no backslash (it becomes a file path in the local-directory sink).
fn check_blob_name(blob: &str) -> Result<(), SinkError> {
    let plain = blob
        .split('/')
        .all(|segment| !matches!(segment, "" | "." | "..") && !segment.contains('\\'));
    if plain {
        Ok(())
    } else {
        Err(SinkError::Rejected(format!(
            "blob name {blob:?} is not a plain relative path"
        )))
    }
}

/// Cuts `lines` into consecutive ranges of at most `max` bytes (`max` ≥ 1), ending each at
/// the last line end that fits, so readers see whole lines after each append; a single
/// line longer than `max` is cut wherever the limit falls. The ranges cover `lines`
/// exactly, in order; empty input gives no range.
pub(crate) fn split_blocks(lines: &[u8], max: usize) -> Vec<Range<usize>> {
    let max = max.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        let hard_end = start.saturating_add(max).min(lines.len());
        let end = if hard_end == lines.len() {
            hard_end
        } else {
            lines
                .get(start..hard_end)
                .and_then(|window| window.iter().rposition(|&b| b == b'\n'))
                .map_or(hard_end, |newline| start + newline + 1)
        };
        out.push(start..end);
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

    use serde_json::json;
    use vigil_export::Category;
    use vigil_store::TenantId;

    use vigil_export::ExportedRecord;

    use super::*;

    const T1: &str = "11111111-1111-1111-1111-111111111111";
    const T2: &str = "22222222-2222-2222-2222-222222222222";

    fn outgoing(category: Category, tenant: &str, seq: u64, time: &str) -> Outgoing {
        Outgoing {
            category,
            tenant: TenantId::parse(tenant).unwrap(),
            seq,
            record: ExportedRecord::from_azure_record(
                &json!({"time": time, "category": category.as_str(), "tenantId": tenant, "properties": {"seq": seq}}),
            ),
        }
    }

    #[test]
    fn groups_by_container_and_hour_keeping_batch_order() {
        let batch = [
            outgoing(Category::SignInLogs, T1, 1, "2026-03-01T10:59:59Z"),
            outgoing(Category::AuditLogs, T1, 2, "2026-03-01T10:00:00Z"),
            outgoing(Category::SignInLogs, T1, 3, "2026-03-01T11:00:00Z"),
            outgoing(Category::SignInLogs, T1, 4, "2026-03-01T10:30:00Z"),
            outgoing(Category::SignInLogs, T2, 5, "2026-03-01T10:30:00Z"),
        ];
        let groups = group_batch(&batch).unwrap();
        let summary: Vec<_> = groups
            .iter()
            .map(|g| (g.container.as_str(), g.blob.as_str(), g.records))
            .collect();
        let h = |tid: &str, hour: u8| {
            format!("tenantId={tid}/y=2026/m=03/d=01/h={hour}/m=00/PT1H.json")
        };
        assert_eq!(
            summary,
            [
                ("insights-logs-signinlogs", h(T1, 10).as_str(), 2),
                ("insights-logs-auditlogs", h(T1, 10).as_str(), 1),
                ("insights-logs-signinlogs", h(T1, 11).as_str(), 1),
                ("insights-logs-signinlogs", h(T2, 10).as_str(), 1),
            ]
        );
        let first = &groups[0];
        let expected: Vec<u8> = [&batch[0], &batch[3]]
            .iter()
            .flat_map(|o| {
                let mut line = Vec::new();
                o.record.write_blob_line(&mut line);
                line
            })
            .collect();
        assert_eq!(first.lines.as_ref(), expected.as_slice());
        assert!(first.lines.ends_with(b"\r\n"));
        assert_eq!(
            first.key(),
            format!("insights-logs-signinlogs/{}", h(T1, 10))
        );
        assert!(group_batch(&[]).unwrap().is_empty());
    }

    #[test]
    fn a_record_without_a_blob_is_refused_by_seq() {
        let mut bad = outgoing(Category::AuditLogs, T1, 42, "2026-03-01T10:00:00Z");
        bad.record =
            ExportedRecord::from_azure_record(&json!({"time": "not a time", "tenantId": T1}));
        let err = group_batch(&[bad]).unwrap_err();
        assert!(matches!(err, SinkError::Rejected(_)));
        assert!(err.to_string().contains("record 42 of AuditLogs"), "{err}");
    }

    #[test]
    fn blob_names_must_be_plain_relative_paths() {
        assert!(check_blob_name("tenantId=x/y=2026/PT1H.json").is_ok());
        for bad in ["/abs", "a//b", "a/./b", "a\\b", ""] {
            assert!(check_blob_name(bad).is_err(), "{bad:?}");
        }
    }

    fn pieces(lines: &[u8], max: usize) -> Vec<&[u8]> {
        split_blocks(lines, max)
            .into_iter()
            .map(|r| &lines[r])
            .collect()
    }

    #[test]
    fn blocks_end_at_line_ends() {
        let lines = b"aaa\r\nbb\r\ncccc\r\n";
        assert_eq!(pieces(lines, 100), [&lines[..]]);
        assert_eq!(pieces(lines, 9), [&b"aaa\r\nbb\r\n"[..], b"cccc\r\n"]);
        assert_eq!(pieces(lines, 8), [&b"aaa\r\n"[..], b"bb\r\n", b"cccc\r\n"]);
        assert_eq!(
            pieces(lines, 5),
            [&b"aaa\r\n"[..], b"bb\r\n", b"cccc\r", b"\n"]
        );
        assert!(split_blocks(b"", 10).is_empty());
        assert_eq!(pieces(b"abc", 0), [&b"a"[..], b"b", b"c"]);
    }

    #[test]
    fn four_mebibyte_blocks_cover_everything_in_order() {
        const MAX: usize = 4 * 1024 * 1024;
        // ~9.5 MiB of lines of varying length, one of them longer than a block.
        let mut lines = Vec::new();
        for i in 0..9_000usize {
            let len = if i == 4_500 {
                MAX + 10
            } else {
                1 + (i * 7919) % 1500
            };
            lines.extend(std::iter::repeat_n(b'x', len));
            lines.extend_from_slice(b"\r\n");
        }
        let ranges = split_blocks(&lines, MAX);
        assert!(ranges.len() >= 3, "{}", ranges.len());
        let mut next = 0;
        for range in &ranges {
            assert_eq!(range.start, next);
            assert!(range.len() <= MAX && !range.is_empty());
            next = range.end;
        }
        assert_eq!(next, lines.len());
        // Only the block that is cut inside the giant line does not end a line.
        let unaligned = ranges
            .iter()
            .filter(|r| !lines[(*r).clone()].ends_with(b"\n"))
            .count();
        assert_eq!(unaligned, 1);
    }
}
