//! Limited-memory BFGS with a backtracking line search: the optimiser of the model's
//! regularised log-loss (smooth and convex, so it needs nothing cleverer). Every sum runs in a
//! fixed order on one thread, so the result is the same on every run.

/// Corrections kept.
const HISTORY: usize = 10;
/// Armijo's sufficient-decrease constant.
const ARMIJO: f64 = 1e-4;

/// When to stop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stop {
    pub max_iterations: usize,
    /// Largest gradient component, relative to max(1, |f|).
    pub gradient: f64,
}

/// The last `HISTORY` corrections: steps `s`, gradient changes `y`, and 1 / (s . y).
struct History {
    s: Vec<Vec<f64>>,
    y: Vec<Vec<f64>>,
    rho: Vec<f64>,
}

impl History {
    fn new() -> Self {
        History {
            s: Vec::with_capacity(HISTORY),
            y: Vec::with_capacity(HISTORY),
            rho: Vec::with_capacity(HISTORY),
        }
    }

    fn clear(&mut self) {
        self.s.clear();
        self.y.clear();
        self.rho.clear();
    }

    /// Keeps a correction when it carries curvature, dropping the oldest past `HISTORY`.
    fn push(&mut self, s: Vec<f64>, y: Vec<f64>) {
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&y, &y).max(f64::MIN_POSITIVE) {
            if self.s.len() == HISTORY {
                self.s.remove(0);
                self.y.remove(0);
                self.rho.remove(0);
            }
            self.s.push(s);
            self.y.push(y);
            self.rho.push(1.0 / sy);
        }
    }

    /// The two-loop recursion: `direction` = -H g.
    fn direction(&self, g: &[f64], direction: &mut [f64]) {
        let mut alpha = [0.0; HISTORY];
        direction.copy_from_slice(g);
        for k in (0..self.s.len()).rev() {
            alpha[k] = self.rho[k] * dot(&self.s[k], direction);
            axpy(-alpha[k], &self.y[k], direction);
        }
        let gamma = match (self.s.last(), self.y.last()) {
            (Some(s), Some(y)) => dot(s, y) / dot(y, y),
            _ => 1.0 / max_abs(g).max(1e-12).max(norm(g)),
        };
        for v in direction.iter_mut() {
            *v *= gamma;
        }
        for (k, a) in alpha.iter().enumerate().take(self.s.len()) {
            let beta = self.rho[k] * dot(&self.y[k], direction);
            axpy(a - beta, &self.s[k], direction);
        }
        for v in direction.iter_mut() {
            *v = -*v;
        }
    }
}

/// Minimises `f` from `x` (changed in place); `f` returns the value and writes the gradient.
/// Returns the value at the end and the iterations taken.
pub(crate) fn minimise(
    x: &mut [f64],
    stop: Stop,
    mut f: impl FnMut(&[f64], &mut [f64]) -> f64,
) -> (f64, usize) {
    let n = x.len();
    let mut g = vec![0.0; n];
    let mut value = f(x, &mut g);
    let mut history = History::new();
    let mut direction = vec![0.0; n];
    let mut trial = vec![0.0; n];
    let mut trial_g = vec![0.0; n];
    for iteration in 0..stop.max_iterations {
        if max_abs(&g) <= stop.gradient * value.abs().max(1.0) {
            return (value, iteration);
        }
        history.direction(&g, &mut direction);
        let mut slope = dot(&g, &direction);
        if slope >= 0.0 {
            // Not a descent direction (lost curvature): start again from the gradient.
            history.clear();
            for (d, gi) in direction.iter_mut().zip(&g) {
                *d = -gi;
            }
            slope = -dot(&g, &g);
        }
        // Backtracking: halve the step until the value falls enough.
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..60 {
            for i in 0..n {
                trial[i] = x[i] + step * direction[i];
            }
            let v = f(&trial, &mut trial_g);
            if v.is_finite() && v <= value + ARMIJO * step * slope {
                accepted = Some(v);
                break;
            }
            step *= 0.5;
        }
        let Some(new_value) = accepted else {
            return (value, iteration);
        };
        let s: Vec<f64> = (0..n).map(|i| trial[i] - x[i]).collect();
        let y: Vec<f64> = (0..n).map(|i| trial_g[i] - g[i]).collect();
        x.copy_from_slice(&trial);
        g.copy_from_slice(&trial_g);
        let improvement = value - new_value;
        value = new_value;
        history.push(s, y);
        if improvement <= 1e-13 * value.abs().max(1.0) {
            return (value, iteration + 1);
        }
    }
    (value, stop.max_iterations)
}

pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m, v| m.max(v.abs()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let mut x = vec![-1.2, 1.0];
        let (value, _) = minimise(
            &mut x,
            Stop {
                max_iterations: 500,
                gradient: 1e-10,
            },
            |x, g| {
                let (a, b) = (x[0], x[1]);
                g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
                g[1] = 200.0 * (b - a * a);
                (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
            },
        );
        assert!(value < 1e-12, "{value}");
        assert!(
            (x[0] - 1.0).abs() < 1e-5 && (x[1] - 1.0).abs() < 1e-5,
            "{x:?}"
        );
    }
}
