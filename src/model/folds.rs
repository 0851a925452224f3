//! Folds for cross-validation grouped by source: documents of one group never straddle the
//! fitted and the judged part. Groups go, largest first (ties by name), to the fold holding
//! the fewest documents so far, as scikit-learn's `GroupKFold` does: the folds are the same on
//! every run and every machine.

/// The fold (0..k) of each item, from its group name. Fewer groups than `k` give fewer
/// non-empty folds.
pub(crate) fn grouped_folds(groups: &[&str], k: usize) -> Vec<usize> {
    let k = k.max(1);
    let mut sizes: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for g in groups {
        *sizes.entry(g).or_default() += 1;
    }
    let mut order: Vec<(&str, usize)> = sizes.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut load = vec![0usize; k];
    let mut fold_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (group, size) in order {
        let fold = (0..k).min_by_key(|f| (load[*f], *f)).unwrap_or(0);
        load[fold] += size;
        fold_of.insert(group, fold);
    }
    groups
        .iter()
        .map(|g| fold_of.get(g).copied().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_stay_together_and_folds_are_balanced() {
        let groups = ["a", "a", "a", "b", "b", "c", "d", "e", "e", "f"];
        let folds = grouped_folds(&groups, 3);
        for (i, g) in groups.iter().enumerate() {
            for (j, h) in groups.iter().enumerate() {
                if g == h {
                    assert_eq!(folds[i], folds[j]);
                }
            }
        }
        let mut load = [0; 3];
        for f in &folds {
            load[*f] += 1;
        }
        assert!(load.iter().all(|n| (3..=4).contains(n)), "{load:?}");
        assert_eq!(folds, grouped_folds(&groups, 3));
    }
}
