//! Unit tests of data mining on the mock runtime, with payouts computed by hand. Every test ends
//! by checking the pallet's invariants.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold, BoundedVec};
use sp_core::H256;
use sp_runtime::{DispatchError, DispatchResult, Perbill, Percent};

mod challenges;
mod epochs_and_claims;
mod maths;
mod protocol_parameters;
mod reports;
mod schedules;
mod scoring_codec;

/// Run `test` on a fresh chain, then check the invariants.
fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		DataMining::do_try_state().expect("invariants hold");
	});
}

/// 300 units at full quality, bandwidth and privacy: factor 1.0, score 300 · 10^9.
fn full(units: u64) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(1),
		units,
		quality: Percent::from_percent(100),
		bandwidth: 100,
		privacy: PrivacyLevel::ZeroKnowledge,
	}
}

/// Factor 0.5 · 80 % + 0.3 · 50 % + 0.2 · 50 % = 0.65.
fn middling(units: u64) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(2),
		units,
		quality: Percent::from_percent(80),
		bandwidth: 50,
		privacy: PrivacyLevel::Aggregated,
	}
}

/// Factor 0.3: no quality, no privacy, bandwidth above the reference (capped at 100 %).
fn bandwidth_only(units: u64) -> Contribution {
	Contribution {
		commitment: H256::repeat_byte(3),
		units,
		quality: Percent::from_percent(0),
		bandwidth: 250,
		privacy: PrivacyLevel::Raw,
	}
}

fn report(account: AccountId, contribution: Contribution) -> DispatchResult {
	DataMining::submit_report(RuntimeOrigin::signed(account), contribution)
}

/// Devices 0, 1, 2 report 300 full, 100 middling and 100 bandwidth-only units in epoch 0:
/// 500 units (50 % utilisation, 60 % payout), scores 300, 65 and 30 (·10^9).
fn three_reports() {
	assert_ok!(report(DEVICE_0, full(300)));
	assert_ok!(report(DEVICE_1, middling(100)));
	assert_ok!(report(DEVICE_2, bandwidth_only(100)));
}

fn held(who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::DataMining(HoldReason::ReportDeposit), &who)
}

fn claimed(epoch: EpochIndex, device: DeviceId, owner: AccountId) -> Balance {
	let before = Balances::free_balance(owner);
	assert_ok!(DataMining::claim(RuntimeOrigin::signed(owner), epoch, device));
	Balances::free_balance(owner) - before
}
