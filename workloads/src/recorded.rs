//! The recorded branch-frequency format: hot-point hits per site per time bucket, as tidy
//! CSV (docs/recorded-format.md).
//!
//! ```text
//! site_id,kind,location,bucket_start_ns,bucket_ns,hits
//! 65812,loop,prog.lua:4,0,100000000,5600
//! ```
//!
//! One row per site and bucket with at least one hit; buckets not listed had none.
//! `site_id` is the site's virtual address in the recording VM (any integer works);
//! `kind` is `loop` or `call`; `location` is `chunk:line`. Rows are sorted by site, then
//! bucket.

use hotsim_policies::VTime;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// One row of a recording.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The site.
    pub site_id: u64,
    /// `loop` or `call`.
    pub kind: String,
    /// `chunk:line`.
    pub location: String,
    /// Start of the bucket, ns.
    pub bucket_start_ns: u64,
    /// Length of the bucket, ns.
    pub bucket_ns: u64,
    /// Hits of the site in the bucket.
    pub hits: u64,
}

/// A recording: each site's hits per bucket.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    /// Bucket length.
    pub bucket: VTime,
    /// Per site (by id): kind, location, and hits per bucket index.
    pub sites: BTreeMap<u64, RecordedSite>,
}

/// One site of a recording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordedSite {
    /// `loop` or `call`.
    pub kind: String,
    /// `chunk:line`.
    pub location: String,
    /// Hits per bucket index (only buckets with hits).
    pub hits: BTreeMap<u64, u64>,
}

/// A malformed recording.
#[derive(Debug, thiserror::Error)]
pub enum RecordedError {
    /// The file cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: std::io::Error,
    },
    /// A row does not parse; the message names line and field.
    #[error("{path}: {message}")]
    Csv {
        /// The file.
        path: String,
        /// What is wrong, and where.
        message: String,
    },
}

impl Recording {
    /// An empty recording with buckets of `bucket`.
    pub fn new(bucket: VTime) -> Recording {
        Recording {
            bucket,
            sites: BTreeMap::new(),
        }
    }

    /// Count `n` hits of a site at time `t`.
    pub fn hit(
        &mut self,
        site_id: u64,
        kind: &str,
        location: impl FnOnce() -> String,
        t: VTime,
        n: u64,
    ) {
        let b = t.as_ns() / self.bucket.as_ns();
        let s = self.sites.entry(site_id).or_insert_with(|| RecordedSite {
            kind: kind.to_string(),
            location: location(),
            hits: BTreeMap::new(),
        });
        *s.hits.entry(b).or_insert(0) += n;
    }

    /// Total hits of each site, by id.
    pub fn totals(&self) -> BTreeMap<u64, u64> {
        self.sites
            .iter()
            .map(|(id, s)| (*id, s.hits.values().sum()))
            .collect()
    }

    /// Write as CSV.
    pub fn write(&self, path: &Path) -> Result<(), RecordedError> {
        let shown = path.display().to_string();
        let io = |source| RecordedError::Io {
            path: shown.clone(),
            source,
        };
        crate::write_atomic_with(path, |out| {
            let mut w = csv::Writer::from_writer(out);
            for (id, s) in &self.sites {
                for (b, hits) in &s.hits {
                    w.serialize(Row {
                        site_id: *id,
                        kind: s.kind.clone(),
                        location: s.location.clone(),
                        bucket_start_ns: b * self.bucket.as_ns(),
                        bucket_ns: self.bucket.as_ns(),
                        hits: *hits,
                    })
                    .map_err(std::io::Error::other)?;
                }
            }
            w.flush()
        })
        .map_err(io)
    }

    /// Read a CSV recording.
    pub fn read(path: &Path) -> Result<Recording, RecordedError> {
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| RecordedError::Io {
            path: shown.clone(),
            source,
        })?;
        let mut r = csv::Reader::from_reader(file);
        let bad = |message: String| RecordedError::Csv {
            path: shown.clone(),
            message,
        };
        let mut rec: Option<Recording> = None;
        for (i, row) in r.deserialize::<Row>().enumerate() {
            let line = i + 2;
            let row = row.map_err(|e| {
                let what = match e.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => match err.field() {
                        Some(f) => format!("column {}: {}", f + 1, err.kind()),
                        None => err.kind().to_string(),
                    },
                    _ => e.to_string(),
                };
                bad(format!("line {line}: {what}"))
            })?;
            if row.bucket_ns == 0 {
                return Err(bad(format!(
                    "line {line}: column 5: bucket_ns must be at least 1"
                )));
            }
            if row.kind != "loop" && row.kind != "call" {
                return Err(bad(format!(
                    "line {line}: column 2: kind '{}' is not loop or call",
                    row.kind
                )));
            }
            let rec = rec.get_or_insert_with(|| Recording::new(VTime(row.bucket_ns)));
            if rec.bucket.as_ns() != row.bucket_ns {
                return Err(bad(format!(
                    "line {line}: column 5: every row must have the same bucket_ns"
                )));
            }
            if row.bucket_start_ns % row.bucket_ns != 0 {
                return Err(bad(format!(
                    "line {line}: column 4: bucket_start_ns is not a multiple of bucket_ns"
                )));
            }
            let site = rec
                .sites
                .entry(row.site_id)
                .or_insert_with(|| RecordedSite {
                    kind: row.kind.clone(),
                    location: row.location.clone(),
                    hits: BTreeMap::new(),
                });
            if site.kind != row.kind {
                return Err(bad(format!(
                    "line {line}: column 2: site {} changes kind",
                    row.site_id
                )));
            }
            *site
                .hits
                .entry(row.bucket_start_ns / row.bucket_ns)
                .or_insert(0) += row.hits;
        }
        rec.ok_or_else(|| bad("no rows".to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let mut r = Recording::new(VTime::from_ms(100));
        r.hit(0x1004, "loop", || "p.lua:3".into(), VTime::from_ms(50), 10);
        r.hit(0x1004, "loop", || "p.lua:3".into(), VTime::from_ms(250), 3);
        r.hit(0x2008, "call", || "p.lua:9".into(), VTime::from_ms(10), 1);
        let dir = std::env::temp_dir().join(format!("hotsim-rec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.csv");
        r.write(&path).unwrap();
        assert_eq!(Recording::read(&path).unwrap(), r);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("site_id,kind,location,bucket_start_ns,bucket_ns,hits\n4100,loop,p.lua:3,0,100000000,10\n"), "{text}");
    }

    #[test]
    fn corrupt_rows_name_line_and_column() {
        let dir = std::env::temp_dir().join(format!("hotsim-rec-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.csv");
        std::fs::write(&path, "site_id,kind,location,bucket_start_ns,bucket_ns,hits\n1,loop,a:1,0,100,5\n2,loop,a:2,0,100,lots\n").unwrap();
        let e = Recording::read(&path).unwrap_err().to_string();
        assert!(e.contains("bad.csv: line 3: column 6"), "{e}");
        std::fs::write(
            &path,
            "site_id,kind,location,bucket_start_ns,bucket_ns,hits\n1,jump,a:1,0,100,5\n",
        )
        .unwrap();
        let e = Recording::read(&path).unwrap_err().to_string();
        assert!(e.contains("line 2: column 2: kind 'jump'"), "{e}");
    }
}
