//! Comparing a results table with its re-run (`hotsim verify`): rows are matched by their
//! key columns and each changed row is reported once, with the columns that differ.

use std::collections::BTreeMap;

/// Key columns of the tables `hotsim verify` compares: runs.csv rows are cells
/// (workload, policy, params, seed); summary.csv rows are a group's metric.
pub fn key_columns(file: &str) -> usize {
    match file {
        "runs.csv" | "summary.csv" => 4,
        _ => 1,
    }
}

/// How two versions of a table differ, one line per row: a changed row with each column
/// that differs (`name old -> new`), or a row found in only one of them. With
/// `rerun_subset`, the re-run holds only some rows (a sample), and rows missing from it
/// are not differences.
pub fn diff_table(
    file: &str,
    old: &str,
    new: &str,
    rerun_subset: bool,
) -> Result<Vec<String>, csv::Error> {
    let keys = key_columns(file);
    let (old_header, old_rows) = rows(old, keys)?;
    let (new_header, new_rows) = rows(new, keys)?;
    let mut out = Vec::new();
    if old_header != new_header {
        out.push(format!(
            "{file}: columns differ: {} -> {}",
            old_header.join(","),
            new_header.join(",")
        ));
        return Ok(out);
    }
    let name = |key: &[String]| {
        let parts: Vec<String> = key
            .iter()
            .zip(&old_header)
            .filter(|(v, _)| !v.is_empty())
            .map(|(v, h)| format!("{h}={v}"))
            .collect();
        parts.join(" ")
    };
    for (key, old_row) in &old_rows {
        match new_rows.get(key) {
            Some(new_row) => {
                let changes: Vec<String> = old_header
                    .iter()
                    .zip(old_row.iter().zip(new_row))
                    .filter(|(_, (a, b))| a != b)
                    .map(|(h, (a, b))| format!("{h} {a} -> {b}"))
                    .collect();
                if !changes.is_empty() {
                    out.push(format!("{file}: {}: {}", name(key), changes.join(", ")));
                }
            }
            None if !rerun_subset => out.push(format!("{file}: {}: not in the re-run", name(key))),
            None => {}
        }
    }
    for key in new_rows.keys().filter(|k| !old_rows.contains_key(*k)) {
        out.push(format!("{file}: {}: only in the re-run", name(key)));
    }
    Ok(out)
}

/// A key row: its key columns, then the whole row.
type Rows = BTreeMap<Vec<String>, Vec<String>>;

/// The header and the rows of a CSV table, by their first `keys` columns.
fn rows(text: &str, keys: usize) -> Result<(Vec<String>, Rows), csv::Error> {
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = r.headers()?.iter().map(str::to_string).collect();
    let mut rows = BTreeMap::new();
    for rec in r.records() {
        let rec: Vec<String> = rec?.iter().map(str::to_string).collect();
        rows.insert(rec[..keys.min(rec.len())].to_vec(), rec);
    }
    Ok((header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str =
        "workload,policy,params,seed,traces,late\nw,cumulative,,1,5,2\nw,cumulative,,2,6,3\n";

    #[test]
    fn a_changed_row_is_one_line_naming_the_columns() {
        let new = OLD.replace(",1,5,2", ",1,7,4");
        let d = diff_table("runs.csv", OLD, &new, false).unwrap();
        assert_eq!(
            d,
            ["runs.csv: workload=w policy=cumulative seed=1: traces 5 -> 7, late 2 -> 4"]
        );
    }

    #[test]
    fn rows_on_one_side_only_are_named() {
        let new = OLD.replace("w,cumulative,,2,6,3\n", "w,cumulative,,3,6,3\n");
        let d = diff_table("runs.csv", OLD, &new, false).unwrap();
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].ends_with("seed=2: not in the re-run"));
        assert!(d[1].ends_with("seed=3: only in the re-run"));
        // A sample re-run omits rows without that being a difference.
        let sample = "workload,policy,params,seed,traces,late\nw,cumulative,,2,6,3\n";
        assert!(
            diff_table("runs.csv", OLD, sample, true)
                .unwrap()
                .is_empty()
        );
    }
}
