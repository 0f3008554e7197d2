//! Fitting measurements: non-negative least squares for the interpreter's costs, robust
//! lines for trace costs, and the order statistics that pick a run.

use super::programs::KEYS;

/// Least squares with relative errors and a lower bound per key, by projected coordinate
/// descent on the normal equations (deterministic; the design is well conditioned: each
/// program leans on one or two keys). Keys no program exercises come out as `None`.
pub(super) fn solve(rows: &[(Vec<f64>, f64)], lower: &[f64]) -> Vec<Option<f64>> {
    let k = KEYS.len();
    let mut a = vec![vec![0.0; k]; k];
    let mut b = vec![0.0; k];
    for (x, y) in rows {
        let w = 1.0 / (y * y).max(1e-6);
        for i in 0..k {
            b[i] += w * x[i] * y;
            for j in 0..k {
                a[i][j] += w * x[i] * x[j];
            }
        }
    }
    let mut c = lower.to_vec();
    for _ in 0..20_000 {
        for i in 0..k {
            if a[i][i] <= 0.0 {
                continue;
            }
            let rest: f64 = (0..k).filter(|&j| j != i).map(|j| a[i][j] * c[j]).sum();
            c[i] = ((b[i] - rest) / a[i][i]).max(lower[i]);
        }
    }
    (0..k).map(|i| (a[i][i] > 0.0).then_some(c[i])).collect()
}

/// Keys charged per bytecode executed; every one costs at least a dispatch.
pub(super) fn per_bytecode(key: &str) -> bool {
    !matches!(key, "native_per_byte" | "io_per_byte")
}

/// The interpreter fit in two steps. An additive model lets a cheap bytecode whose work
/// overlaps its neighbours' come out at zero, which no bytecode costs: each one is at
/// least a dispatch. So the first, unbounded fit gives the register move's cost (the
/// dispatch and little else, pinned by the move programs), and the second fit bounds
/// every other per-bytecode cost below by it.
pub(super) fn solve_interpreter(rows: &[(Vec<f64>, f64)]) -> Vec<Option<f64>> {
    let free = solve(rows, &vec![0.0; KEYS.len()]);
    let dispatch = KEYS
        .iter()
        .position(|k| *k == "move_op")
        .and_then(|i| free[i])
        .unwrap_or(0.0);
    let lower: Vec<f64> = KEYS
        .iter()
        .map(|k| if per_bytecode(k) { dispatch } else { 0.0 })
        .collect();
    solve(rows, &lower)
}

/// Median of a non-empty list.
pub(super) fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub(super) fn pick(xs: &[f64], which: usize) -> f64 {
    match which {
        0 => xs.iter().copied().fold(f64::INFINITY, f64::min),
        1 => median(xs),
        _ => xs.iter().copied().fold(0.0, f64::max),
    }
}

/// A line through `(x, y)` points, `(intercept, slope)`, robust to outliers (a compile
/// interrupted by the OS, a run that shared its core): Theil and Sen's estimator, the
/// median of the slopes between all pairs of points, with the median intercept.
pub(super) fn line(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    let mut slopes = Vec::new();
    for (i, p) in points.iter().enumerate() {
        for q in &points[i + 1..] {
            if q.0 != p.0 {
                slopes.push((q.1 - p.1) / (q.0 - p.0));
            }
        }
    }
    if slopes.is_empty() {
        return None;
    }
    let slope = median(&slopes);
    let intercepts: Vec<f64> = points.iter().map(|p| p.1 - slope * p.0).collect();
    Some((median(&intercepts), slope))
}
