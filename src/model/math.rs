//! `exp` and `ln` made of plain IEEE-754 additions, multiplications and divisions, so that
//! training gives the same bits on every machine: the standard library calls the platform's
//! libm, whose last bit differs between versions.

// ln 2 = LN2_HI + LN2_LO, the high part with its low 32 bits zero (fdlibm's split), so that
// k * LN2_HI is exact for the k met here.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const LN2: f64 = std::f64::consts::LN_2;

/// e^x, within a few units in the last place.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    // x = k ln 2 + r, |r| <= ln 2 / 2, with ln 2 split in two so that r is exact.
    let k = (x / LN2).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series of e^r to r^13: the first left-out term is below 2^-53 for |r| <= 0.35.
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=13 {
        term = term * r / f64::from(n);
        sum += term;
    }
    scale_by_power_of_two(sum, k as i32)
}

/// `x * 2^k` for the k that `exp` meets, in two steps where one would leave the normal range.
fn scale_by_power_of_two(x: f64, k: i32) -> f64 {
    let half = k / 2;
    x * power_of_two(half) * power_of_two(k - half)
}

fn power_of_two(k: i32) -> f64 {
    // Every k here is within [-539, 512]: its power is a normal number.
    f64::from_bits(((1023 + i64::from(k)) as u64) << 52)
}

/// Natural logarithm; NaN below zero, -inf at zero.
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)); subnormals are scaled up first.
    let (mut m, mut e) = (x, 0i64);
    if m < f64::MIN_POSITIVE {
        m *= power_of_two(54);
        e -= 54;
    }
    let bits = m.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m >= std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172: odd powers to s^25.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut power = s;
    let mut sum = 0.0;
    for n in 0..13 {
        sum += power / f64::from(2 * n + 1);
        power *= s2;
    }
    e as f64 * LN2_HI + (2.0 * sum + e as f64 * LN2_LO)
}

/// ln(1 + n) of a count.
pub(crate) fn ln_1p_count(n: u32) -> f64 {
    ln_of_count(n.saturating_add(1))
}

/// ln n of a count (n >= 1), from a table for the small counts met in nearly every text.
pub(crate) fn ln_of_count(n: u32) -> f64 {
    const TABLE: usize = 1024;
    static LN: std::sync::OnceLock<Vec<f64>> = std::sync::OnceLock::new();
    let table = LN.get_or_init(|| (0..TABLE).map(|k| ln(k as f64)).collect());
    match table.get(n as usize) {
        Some(v) => *v,
        None => ln(f64::from(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(f64::MIN_POSITIVE)
    }

    #[test]
    fn edges() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(800.0), f64::INFINITY);
        assert_eq!(exp(-800.0), 0.0);
        assert!(ln(-1.0).is_nan());
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(close(
            ln(f64::MIN_POSITIVE / 8.0),
            (f64::MIN_POSITIVE / 8.0).ln()
        ));
        assert!(close(exp(-744.0), (-744.0f64).exp()) || exp(-744.0) < 1e-300);
    }

    proptest! {
        #[test]
        fn exp_agrees_with_libm(x in -700.0f64..700.0) {
            prop_assert!(close(exp(x), x.exp()), "{} {} {}", x, exp(x), x.exp());
        }

        #[test]
        fn ln_agrees_with_libm(x in 1e-300f64..1e300) {
            let (ours, theirs) = (ln(x), x.ln());
            prop_assert!((ours - theirs).abs() <= 4.0 * f64::EPSILON * theirs.abs().max(1.0));
        }
    }
}
