//! Output helpers shared by the admin commands: aligned text tables, time stamps, JSON.

use std::io::Write;

use serde_json::Value;
use time::OffsetDateTime;

/// Renders rows under headers, columns padded to their widest cell, two spaces apart;
/// every line ends in a newline and has no trailing spaces.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(width) = widths.get_mut(i) {
                *width = (*width).max(cell.chars().count());
            }
        }
    }
    let mut out = String::new();
    let header_row: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    for row in std::iter::once(&header_row).chain(rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            let width = widths.get(i).copied().unwrap_or(0);
            line.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(cell.chars().count()),
            ));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A time for tables: UTC to the second, `2026-01-31T09:15:00Z`.
pub fn short_time(at: OffsetDateTime) -> String {
    format!("{}Z", vigil_model::datetime::format_error_date(at))
}

/// A time for JSON output: Graph's format.
pub fn json_time(at: OffsetDateTime) -> Value {
    Value::String(vigil_model::datetime::format_datetime(at))
}

/// Writes text to stdout.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Writes pretty JSON and a newline to stdout.
pub fn print_json(value: &Value) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)
}

#[cfg(test)]
mod tests {
    use super::table;

    #[test]
    fn tables_align_columns() {
        let rows = vec![
            vec!["a".to_owned(), "longer".to_owned()],
            vec!["bbbb".to_owned(), String::new()],
        ];
        assert_eq!(
            table(&["ID", "NAME"], &rows),
            "ID    NAME\na     longer\nbbbb\n"
        );
    }
}
