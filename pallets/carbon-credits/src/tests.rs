//! Unit tests of the carbon ledger on the mock runtime. Every test ends by checking the
//! pallet's invariants.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use sci_primitives::energy::{EnergyType, OnGreenDelivery};
use sp_runtime::{DispatchError, DispatchResult};

fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		CarbonCredits::do_try_state().expect("invariants hold");
	});
}

fn text(s: &str) -> TextOf<Test> {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

/// The verifier's project 0 and a batch of `amount` kg from 2025 to `to`; returns the batch.
fn issued(amount: u64, to: AccountId) -> BatchId {
	if !Projects::<Test>::contains_key(0) {
		assert_ok!(CarbonCredits::register_project(
			RuntimeOrigin::signed(VERIFIER),
			text("wind farm north")
		));
	}
	let batch = NextBatch::<Test>::get();
	assert_ok!(CarbonCredits::issue_batch(RuntimeOrigin::signed(VERIFIER), 0, 2025, amount, to));
	batch
}

fn retire(who: AccountId, batch: BatchId, amount: u64, period: PeriodIndex) -> DispatchResult {
	CarbonCredits::retire(
		RuntimeOrigin::signed(who),
		batch,
		amount,
		period,
		text("city hall"),
		text("EU"),
		text("2025 operations"),
	)
}

#[test]
fn meters_record_footprints_per_period() {
	run(|| {
		assert_noop!(
			CarbonCredits::record_footprint(RuntimeOrigin::signed(ALICE), 10, 5),
			Error::<Test>::NotAMeter
		);
		assert_ok!(CarbonCredits::record_footprint(RuntimeOrigin::signed(METER), 100, 40));
		assert_ok!(CarbonCredits::record_footprint(RuntimeOrigin::signed(METER), 50, 20));
		System::assert_last_event(
			Event::FootprintRecorded {
				account: ALICE,
				meter: 0,
				period: 0,
				energy_kwh: 50,
				emissions_kg: 20,
			}
			.into(),
		);
		assert_eq!(
			Footprints::<Test>::get(ALICE, 0),
			Footprint { energy_kwh: 150, emissions_kg: 60 }
		);
		System::set_block_number(PERIOD);
		assert_ok!(CarbonCredits::record_footprint(RuntimeOrigin::signed(METER), 1, 1));
		assert_eq!(Footprints::<Test>::get(ALICE, 1).emissions_kg, 1);
		revoke_device(0);
		assert_noop!(
			CarbonCredits::record_footprint(RuntimeOrigin::signed(METER), 1, 1),
			Error::<Test>::NotAMeter
		);
	});
}

#[test]
fn only_accredited_verifiers_issue_and_serials_follow_on() {
	run(|| {
		assert_noop!(
			CarbonCredits::register_project(RuntimeOrigin::signed(ALICE), text("fake")),
			Error::<Test>::NotVerifier
		);
		assert_noop!(
			CarbonCredits::set_verifier(RuntimeOrigin::signed(ALICE), ALICE, true),
			DispatchError::BadOrigin
		);
		let first = issued(1_000, ALICE);
		let second = issued(500, BOB);
		assert_eq!((first, second), (1, 2), "batch 0 is the green points");
		assert_eq!(Batches::<Test>::get(second).unwrap().first_serial, 1_000);
		System::assert_last_event(
			Event::BatchIssued {
				batch: second,
				project: 0,
				vintage: 2025,
				first_serial: 1_000,
				amount: 500,
				to: BOB,
			}
			.into(),
		);
		// Another verifier cannot issue for this project; a withdrawn one cannot issue at all.
		assert_ok!(CarbonCredits::set_verifier(RuntimeOrigin::root(), BOB, true));
		assert_noop!(
			CarbonCredits::issue_batch(RuntimeOrigin::signed(BOB), 0, 2025, 1, BOB),
			Error::<Test>::NotProjectVerifier
		);
		assert_noop!(
			CarbonCredits::issue_batch(RuntimeOrigin::signed(VERIFIER), 9, 2025, 1, BOB),
			Error::<Test>::UnknownProject
		);
		assert_noop!(
			CarbonCredits::issue_batch(RuntimeOrigin::signed(VERIFIER), 0, 2025, 0, BOB),
			Error::<Test>::ZeroAmount
		);
		assert_ok!(CarbonCredits::set_verifier(RuntimeOrigin::root(), VERIFIER, false));
		assert_noop!(
			CarbonCredits::issue_batch(RuntimeOrigin::signed(VERIFIER), 0, 2025, 1, BOB),
			Error::<Test>::NotVerifier
		);
	});
}

#[test]
fn credits_transfer_within_balance() {
	run(|| {
		let batch = issued(1_000, ALICE);
		assert_ok!(CarbonCredits::transfer(RuntimeOrigin::signed(ALICE), batch, BOB, 400));
		assert_eq!(Credits::<Test>::get(batch, ALICE), 600);
		assert_eq!(Credits::<Test>::get(batch, BOB), 400);
		assert_noop!(
			CarbonCredits::transfer(RuntimeOrigin::signed(BOB), batch, ALICE, 401),
			Error::<Test>::InsufficientCredits
		);
		assert_noop!(
			CarbonCredits::transfer(RuntimeOrigin::signed(BOB), 7, ALICE, 1),
			Error::<Test>::UnknownBatch
		);
	});
}

#[test]
fn retirement_burns_once_and_is_recorded() {
	run(|| {
		let batch = issued(100, ALICE);
		assert_ok!(retire(ALICE, batch, 60, 0));
		System::assert_last_event(
			Event::Retired { retirement: 0, account: ALICE, batch, amount: 60, period: 0 }.into(),
		);
		let record = Retirements::<Test>::get(0).unwrap();
		assert_eq!((record.beneficiary, record.jurisdiction), (text("city hall"), text("EU")));
		assert_eq!(Batches::<Test>::get(batch).unwrap().retired, 60);
		assert_eq!(RetiredFor::<Test>::get(ALICE, 0), 60);
		// The retired credits are gone: they cannot be retired again.
		assert_noop!(retire(ALICE, batch, 41, 0), Error::<Test>::InsufficientCredits);
		assert_ok!(retire(ALICE, batch, 40, 0));
		assert_noop!(retire(ALICE, batch, 1, 0), Error::<Test>::InsufficientCredits);
		assert_noop!(retire(BOB, batch, 1, 0), Error::<Test>::InsufficientCredits);
		assert_noop!(retire(ALICE, batch, 0, 0), Error::<Test>::ZeroAmount);
		assert_noop!(retire(ALICE, batch, 1, 1), Error::<Test>::FuturePeriod);
	});
}

#[test]
fn a_certificate_needs_covered_emissions() {
	run(|| {
		assert_noop!(
			CarbonCredits::claim_certificate(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NoFootprint
		);
		assert_ok!(CarbonCredits::record_footprint(RuntimeOrigin::signed(METER), 100, 50));
		let batch = issued(100, ALICE);
		assert_ok!(retire(ALICE, batch, 49, 0));
		assert_noop!(
			CarbonCredits::claim_certificate(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::NotCovered
		);
		assert_ok!(retire(ALICE, batch, 1, 0));
		assert_ok!(CarbonCredits::claim_certificate(RuntimeOrigin::signed(ALICE), 0));
		System::assert_last_event(Event::CertificateIssued { account: ALICE, period: 0 }.into());
		assert_eq!(
			Certificates::<Test>::get(ALICE, 0),
			Some(NeutralityCertificate { emissions_kg: 50, retired_kg: 50, issued_at: 1 })
		);
		assert_noop!(
			CarbonCredits::claim_certificate(RuntimeOrigin::signed(ALICE), 0),
			Error::<Test>::AlreadyCertified
		);
		// Credits retired for another period do not count.
		System::set_block_number(PERIOD);
		assert_ok!(CarbonCredits::record_footprint(RuntimeOrigin::signed(METER), 1, 10));
		assert_ok!(retire(ALICE, batch, 50, 0));
		assert_noop!(
			CarbonCredits::claim_certificate(RuntimeOrigin::signed(ALICE), 1),
			Error::<Test>::NotCovered
		);
	});
}

#[test]
fn green_energy_earns_retirable_points() {
	run(|| {
		// 25 kWh of solar at 500 g/kWh: 12.5 kg, rounded down.
		CarbonCredits::on_green_delivery(&BOB, EnergyType::Solar, 25);
		System::assert_last_event(
			Event::PointsAwarded { buyer: BOB, energy: EnergyType::Solar, kwh: 25, points: 12 }
				.into(),
		);
		assert_eq!(Credits::<Test>::get(GREEN_POINTS, BOB), 12);
		assert_eq!(Batches::<Test>::get(GREEN_POINTS).unwrap().issued, 12);
		// Hydrogen's and wind's factors are 0: no points.
		CarbonCredits::on_green_delivery(&BOB, EnergyType::Hydrogen, 1_000);
		CarbonCredits::on_green_delivery(&BOB, EnergyType::Wind, 1_000);
		assert_eq!(Credits::<Test>::get(GREEN_POINTS, BOB), 12);
		// Governance gives wind 300 g/kWh: it counts from the next delivery, and solar's stays.
		GreenFactors::set(sci_primitives::energy::GreenFactors { wind: 300, ..FACTORS });
		CarbonCredits::on_green_delivery(&BOB, EnergyType::Wind, 10);
		assert_eq!(Credits::<Test>::get(GREEN_POINTS, BOB), 15);
		CarbonCredits::on_green_delivery(&BOB, EnergyType::Solar, 2);
		assert_eq!(Credits::<Test>::get(GREEN_POINTS, BOB), 16);
		assert_ok!(retire(BOB, GREEN_POINTS, 16, 0));
		assert_eq!(Batches::<Test>::get(GREEN_POINTS).unwrap().retired, 16);
	});
}
