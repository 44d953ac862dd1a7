//! The rules give exactly what their earlier, quadratic form gives ([`super::reference`]):
//! the same flags with the same reasons, evidence and fingerprints, in the same order, on
//! random organisations, flat ones included.

use super::compute;
use super::reference;
use crate::domain::insight::rules::Rules;
use crate::domain::insight::testing::{Mutator, today};
use proptest::prelude::*;

fn same_as_reference(seed: u64, people: usize, changes: usize, flat: bool) {
    let org = Mutator::new(seed).organisation(people, changes, flat);
    let rules = Rules::default();
    let ours = compute(&org, &rules, today());
    let theirs = reference::compute(&org, &rules, today());
    if let Some(difference) = reference::first_difference(&ours, &theirs) {
        panic!("seed {seed}: {difference}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_flags_are_those_of_the_reference(seed in any::<u64>(), flat in any::<bool>()) {
        same_as_reference(seed, 120, 400, flat);
    }
}

#[test]
fn a_flat_team_with_leavers_and_referrals_gives_the_reference_flags() {
    same_as_reference(7, 600, 3000, true);
}

/// The random organisations raise every kind of flag, quiet ones and several of one kind about
/// one subject among them, so the comparisons above cover every rule.
#[test]
fn the_random_organisations_raise_every_kind_of_flag() {
    use super::FlagKind;
    let mut kinds = std::collections::BTreeSet::new();
    let (mut quiet, mut ties) = (0, 0);
    for seed in 0..4 {
        let org = Mutator::new(seed).organisation(120, 400, seed % 2 == 0);
        let flags = compute(&org, &Rules::default(), today());
        kinds.extend(flags.iter().map(|f| f.kind));
        quiet += flags.iter().filter(|f| f.quiet.is_some()).count();
        ties += flags
            .windows(2)
            .filter(|w| (&w[0].subject, w[0].kind) == (&w[1].subject, w[1].kind))
            .count();
    }
    let missing: Vec<FlagKind> = [
        FlagKind::LeavingStage,
        FlagKind::EngagementDrop,
        FlagKind::PerformanceSwing,
        FlagKind::MoreLeave,
        FlagKind::NoOneOnOne,
        FlagKind::OverdueActions,
        FlagKind::PipCheckInOverdue,
        FlagKind::PipEndingUnmet,
        FlagKind::KeyPersonNoSuccessor,
        FlagKind::ThinBench,
        FlagKind::RiskySuccessor,
        FlagKind::PayBelowMarket,
        FlagKind::PointsPastThreshold,
        FlagKind::LeftRecently,
        FlagKind::ManagerLeft,
        FlagKind::ReferralDependency,
        FlagKind::StayInterviewDue,
        FlagKind::HandoverOverdue,
        FlagKind::AccessNotRevoked,
        FlagKind::Manual,
    ]
    .into_iter()
    .filter(|k| !kinds.contains(k))
    .collect();
    assert!(missing.is_empty(), "never raised: {missing:?}");
    assert!(quiet > 0 && ties > 0, "{quiet} quiet, {ties} ties");
}
