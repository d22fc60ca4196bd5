//! Two-tier governance in the real runtime, from the local preset (no sudo) and with the
//! production periods: token-holder referenda pass or fail on approval and support, and enact
//! after the track's delay; the technical committee fast-tracks whitelisted calls and vetoes
//! referenda; parameter and membership changes take effect; no other origin gets through.
//!
//! Blocks are advanced by setting the block number and running the scheduler's
//! `on_initialize` (which carries referendum alarms and enactments); nothing else in a block
//! touches governance.

use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{
		fungible::Inspect, schedule::DispatchTime, Hooks, StorePreimage, UnfilteredDispatchable,
	},
};
use pallet_conviction_voting::{AccountVote, Conviction, Vote};
use pallet_governance::{tracks, Origin as Gov};
use pallet_referenda::{ReferendumIndex, ReferendumInfo, TracksInfo};
use sci_primitives::{time::DAYS, units::UNIT, AccountId, Balance, BlockNumber};
use sci_runtime::{
	configs::parameters::{
		dynamic_params::{
			carbon_credits, data_mining, device_identity, emission, energy_market, foundation,
		},
		RuntimeParameters,
	},
	genesis_presets, Balances, ConvictionVoting, OriginCaller, Preimage, Referenda, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, Scheduler, System, TechnicalCommittee,
};
use sci_runtime_test_utils::genesis_ext;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, One, Two};
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	DispatchError, Perbill, Permill,
};

type Tracks = <Runtime as pallet_referenda::Config>::Tracks;

fn account(key: Sr25519Keyring) -> AccountId {
	key.to_account_id()
}

fn signed(key: Sr25519Keyring) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(key))
}

/// The local preset's state at block 1.
fn local_ext() -> sp_io::TestExternalities {
	let mut ext = genesis_ext(genesis_presets::local_testnet_genesis());
	ext.execute_with(|| System::set_block_number(1));
	ext
}

fn now() -> BlockNumber {
	System::block_number()
}

/// Advances one block at a time until `done` holds, at most `limit` blocks; returns the events
/// of those blocks. Panics if `done` never holds.
fn run_until(limit: BlockNumber, mut done: impl FnMut() -> bool) -> Vec<RuntimeEvent> {
	let mut events = Vec::new();
	let end = now() + limit;
	while !done() {
		assert!(now() < end, "condition not reached within {limit} blocks (at block {})", now());
		let next = now() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
		if System::event_count() > 0 {
			events.extend(System::read_events_no_consensus().map(|r| r.event));
			System::reset_events();
		}
	}
	events
}

/// Advances `blocks` blocks.
fn run_for(blocks: BlockNumber) -> Vec<RuntimeEvent> {
	let end = now() + blocks;
	run_until(blocks, || now() >= end)
}

fn info(index: ReferendumIndex) -> pallet_referenda::ReferendumInfoOf<Runtime, ()> {
	pallet_referenda::ReferendumInfoFor::<Runtime>::get(index).expect("referendum exists")
}

fn is_approved(index: ReferendumIndex) -> bool {
	matches!(info(index), ReferendumInfo::Approved(..))
}

/// `who` submits `call` for `origin`'s track and places the decision deposit.
fn submit(who: Sr25519Keyring, origin: OriginCaller, call: RuntimeCall) -> ReferendumIndex {
	let index = pallet_referenda::ReferendumCount::<Runtime>::get();
	let proposal = Preimage::bound(call).unwrap();
	assert_ok!(Referenda::submit(signed(who), Box::new(origin), proposal, DispatchTime::After(0)));
	assert_ok!(Referenda::place_decision_deposit(signed(who), index));
	index
}

/// `who` votes with all its balance at conviction 1x.
fn vote(who: Sr25519Keyring, index: ReferendumIndex, aye: bool) {
	let balance = Balances::total_balance(&account(who));
	vote_with(who, index, aye, balance);
}

fn vote_with(who: Sr25519Keyring, index: ReferendumIndex, aye: bool, balance: Balance) {
	let vote = Vote { aye, conviction: Conviction::Locked1x };
	assert_ok!(ConvictionVoting::vote(signed(who), index, AccountVote::Standard { vote, balance }));
}

fn track_info(id: tracks::TrackId) -> pallet_referenda::TrackInfoOf<Runtime, ()> {
	Tracks::info(id).unwrap().into_owned()
}

fn parameters() -> OriginCaller {
	OriginCaller::Governance(Gov::Parameters)
}

fn set_parameter(key_value: RuntimeParameters) -> RuntimeCall {
	RuntimeCall::Parameters(pallet_parameters::Call::set_parameter { key_value })
}

fn set_daily_quota(quota: u32) -> RuntimeCall {
	set_parameter(RuntimeParameters::DeviceIdentity(device_identity::Parameters::DailyQuota(
		device_identity::DailyQuota,
		Some(quota),
	)))
}

/// The quota the device-identity pallet applies.
fn daily_quota() -> u32 {
	sci_runtime::DeviceIdentity::daily_quota()
}

/// Dispatch results of the enactments of passed referenda among `events` (named scheduler
/// tasks; referendum alarms are anonymous).
fn dispatched(events: &[RuntimeEvent]) -> Vec<Result<(), DispatchError>> {
	events
		.iter()
		.filter_map(|e| match e {
			RuntimeEvent::Scheduler(pallet_scheduler::Event::Dispatched {
				id: Some(_),
				result,
				..
			}) => Some(*result),
			_ => None,
		})
		.collect()
}

#[test]
fn local_preset_has_no_sudo_and_a_committee() {
	local_ext().execute_with(|| {
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert_noop!(
			sci_runtime::Sudo::sudo(signed(Alice), Box::new(set_daily_quota(1))),
			pallet_sudo::Error::<Runtime>::RequireSudo
		);
		let mut committee = genesis_presets::committee();
		committee.sort();
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get(),
			committee
		);
		assert_eq!(<Tracks as TracksInfo<_, _>>::check_integrity(), Ok(()));
	});
}

#[test]
fn holders_pass_a_parameter_change_that_takes_effect_after_the_enactment_delay() {
	local_ext().execute_with(|| {
		let before = daily_quota();
		let index = submit(Alice, parameters(), set_daily_quota(before + 150));
		// //One and //Two (the team, vested) hold 30 % of the issuance; all vote aye.
		vote(One, index, true);
		vote(Two, index, true);
		let track = track_info(tracks::PARAMETERS);

		// Prepare, then confirm for the whole confirm period: approved no earlier.
		let submitted = now();
		run_until(track.prepare_period + track.confirm_period + 2, || is_approved(index));
		assert!(now() >= submitted + track.prepare_period + track.confirm_period);
		assert_eq!(daily_quota(), before, "nothing changes before enactment");

		// Enacted exactly after the track's minimum enactment period.
		let approved = now();
		run_for(track.min_enactment_period - 1);
		assert_eq!(daily_quota(), before);
		let events = run_for(1);
		assert_eq!(dispatched(&events), vec![Ok(())]);
		// The device-identity pallet reads the new quota (the `DeviceQuota` extension uses it).
		assert_eq!(daily_quota(), before + 150);
		assert_eq!(now(), approved + track.min_enactment_period);
	});
}

#[test]
fn a_referendum_short_of_support_is_rejected_and_never_enacted() {
	local_ext().execute_with(|| {
		let before = daily_quota();
		let index = submit(Alice, parameters(), set_daily_quota(0));
		// Alice alone: 0.1 % of the issuance, below the parameters track's 2 % floor.
		vote(Alice, index, true);
		let track = track_info(tracks::PARAMETERS);
		let events = run_until(track.prepare_period + track.decision_period + 2, || {
			matches!(info(index), ReferendumInfo::Rejected(..))
		});
		assert!(dispatched(&events).is_empty());
		assert_eq!(daily_quota(), before);
		// The decision deposit comes back after a rejection.
		assert_ok!(Referenda::refund_decision_deposit(signed(Bob), index));
	});
}

#[test]
fn a_referendum_short_of_approval_is_rejected() {
	local_ext().execute_with(|| {
		let before = daily_quota();
		let index = submit(Alice, parameters(), set_daily_quota(0));
		// Plenty of support, but //Two's nay outweighs //One's aye at the same conviction.
		vote(One, index, true);
		vote_with(Two, index, false, Balances::total_balance(&account(Two)));
		vote_with(Alice, index, false, 1_000 * UNIT);
		let track = track_info(tracks::PARAMETERS);
		run_until(track.prepare_period + track.decision_period + 2, || {
			matches!(info(index), ReferendumInfo::Rejected(..))
		});
		run_for(track.min_enactment_period + 1);
		assert_eq!(daily_quota(), before);
	});
}

#[test]
fn an_upgrade_referendum_on_the_root_track_authorizes_the_code_hash() {
	local_ext().execute_with(|| {
		let code_hash = BlakeTwo256::hash(b"the next runtime");
		let authorize = RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash });
		// Only root may: the parameters track cannot authorize an upgrade.
		assert_eq!(
			authorize.clone().dispatch_bypass_filter(parameters().into()).map_err(|e| e.error),
			Err(DispatchError::BadOrigin)
		);
		let index = submit(Alice, OriginCaller::system(frame_system::RawOrigin::Root), authorize);
		vote(One, index, true);
		vote(Two, index, true);
		let track = track_info(tracks::ROOT);
		assert_eq!(track.decision_deposit, 100_000 * UNIT);
		// Root needs more support than 30 % at first: it passes once the curve falls below.
		let events = run_until(track.prepare_period + track.decision_period, || is_approved(index));
		let authorized = RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
			code_hash,
			check_version: true,
		});
		assert!(!events.contains(&authorized));
		let events = run_for(track.min_enactment_period);
		assert_eq!(dispatched(&events), vec![Ok(())]);
		assert!(events.contains(&authorized));
	});
}

/// The committee (Alice, Bob, Charlie) votes a motion; returns the events of its execution.
fn committee_motion(
	threshold: u32,
	call: RuntimeCall,
	ayes: &[Sr25519Keyring],
) -> Vec<RuntimeEvent> {
	let index = pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
	let hash = BlakeTwo256::hash_of(&call);
	let length = codec::Encode::encoded_size(&call) as u32;
	let weight = call.get_dispatch_info().call_weight;
	assert_ok!(TechnicalCommittee::propose(signed(ayes[0]), threshold, Box::new(call), length));
	if threshold > 1 {
		for who in ayes {
			assert_ok!(TechnicalCommittee::vote(signed(*who), hash, index, true));
		}
		assert_ok!(TechnicalCommittee::close(signed(ayes[0]), hash, index, weight, length));
	}
	let events = System::read_events_no_consensus().map(|r| r.event).collect();
	System::reset_events();
	events
}

/// The result of the committee motion's dispatch among `events`.
fn motion_result(events: &[RuntimeEvent]) -> Result<(), DispatchError> {
	events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::TechnicalCommittee(pallet_collective::Event::Executed {
				result, ..
			}) => Some(*result),
			_ => None,
		})
		.expect("the motion executed")
}

/// `Whitelist::dispatch_whitelisted_call_with_preimage(call)`.
fn dispatch_whitelisted(call: &RuntimeCall) -> RuntimeCall {
	RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
		call: Box::new(call.clone()),
	})
}

/// A motion of two thirds of the committee whitelisting `call`.
fn committee_whitelists(call: &RuntimeCall) {
	let whitelist = RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call {
		call_hash: BlakeTwo256::hash_of(call),
	});
	assert_eq!(motion_result(&committee_motion(2, whitelist, &[Alice, Bob])), Ok(()));
}

#[test]
fn the_committee_fast_tracks_a_whitelisted_call() {
	local_ext().execute_with(|| {
		let whitelisted = || OriginCaller::Governance(Gov::WhitelistedCaller);
		let track = track_info(tracks::WHITELISTED_CALLER);
		let limit = track.prepare_period + track.decision_period;

		// Committee first: it whitelists, then the fast-track referendum enacts the call as
		// root, far sooner than the parameters track could.
		let call = set_daily_quota(7);
		let start = now();
		committee_whitelists(&call);
		let index = submit(Alice, whitelisted(), dispatch_whitelisted(&call));
		vote(One, index, true);
		run_until(limit, || is_approved(index));
		let events = run_for(track.min_enactment_period);
		assert_eq!(dispatched(&events), vec![Ok(())]);
		assert_eq!(daily_quota(), 7);
		let parameters = track_info(tracks::PARAMETERS);
		assert!(
			now() - start
				< parameters.prepare_period
					+ parameters.confirm_period
					+ parameters.min_enactment_period
		);
		assert!(now() - start < DAYS);

		// Referendum first: the passed referendum defers the call until the committee vouches
		// for it; then anyone may dispatch it.
		let call = set_daily_quota(9);
		let index = submit(Alice, whitelisted(), dispatch_whitelisted(&call));
		vote(One, index, true);
		run_until(limit, || is_approved(index));
		let events = run_for(track.min_enactment_period);
		assert_eq!(dispatched(&events), vec![Ok(())]);
		let hash = BlakeTwo256::hash_of(&call);
		assert!(events.contains(&RuntimeEvent::Whitelist(
			pallet_whitelist::Event::DispatchDeferred { call_hash: hash }
		)));
		assert_eq!(daily_quota(), 7);
		assert_noop!(
			dispatch_whitelisted(&call).dispatch_bypass_filter(signed(Bob)).map_err(|e| e.error),
			pallet_whitelist::Error::<Runtime>::CallIsNotWhitelisted
		);
		// One member cannot whitelist: it takes two thirds of the committee.
		let whitelist =
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash: hash });
		assert_eq!(
			motion_result(&committee_motion(1, whitelist, &[Alice])),
			Err(DispatchError::BadOrigin)
		);
		committee_whitelists(&call);
		assert_ok!(dispatch_whitelisted(&call).dispatch_bypass_filter(signed(Bob)));
		assert_eq!(daily_quota(), 9);

		// The committee alone cannot enact: a whitelisted call no referendum passed is refused.
		let call = set_daily_quota(11);
		committee_whitelists(&call);
		assert_noop!(
			dispatch_whitelisted(&call).dispatch_bypass_filter(signed(Bob)).map_err(|e| e.error),
			pallet_whitelist::Error::<Runtime>::DeferredDispatchNotFound
		);
		assert_eq!(daily_quota(), 9);
	});
}

#[test]
fn the_committee_vetoes_a_referendum() {
	local_ext().execute_with(|| {
		let before = daily_quota();
		let index = submit(Alice, parameters(), set_daily_quota(0));
		vote(One, index, true);
		let cancel = RuntimeCall::Referenda(pallet_referenda::Call::cancel { index });
		// Neither a token holder nor a single member may cancel.
		assert_noop!(Referenda::cancel(signed(Bob), index), DispatchError::BadOrigin);
		assert_eq!(
			motion_result(&committee_motion(1, cancel.clone(), &[Bob])),
			Err(DispatchError::BadOrigin)
		);
		// Two thirds of the committee may.
		assert_eq!(motion_result(&committee_motion(2, cancel, &[Bob, Charlie])), Ok(()));
		assert!(matches!(info(index), ReferendumInfo::Cancelled(..)));
		run_for(track_info(tracks::PARAMETERS).decision_period);
		assert_eq!(daily_quota(), before);
		// A veto is not a punishment: both deposits come back.
		assert_ok!(Referenda::refund_submission_deposit(signed(Alice), index));
		assert_ok!(Referenda::refund_decision_deposit(signed(Alice), index));
	});
}

#[test]
fn a_membership_referendum_changes_the_committee() {
	local_ext().execute_with(|| {
		let dave = Sr25519Keyring::Dave.to_account_id();
		let add = RuntimeCall::TechnicalMembership(pallet_membership::Call::add_member {
			who: dave.clone().into(),
		});
		// The parameters track may not touch the committee.
		assert_eq!(
			add.clone().dispatch_bypass_filter(parameters().into()).map_err(|e| e.error),
			Err(DispatchError::BadOrigin)
		);
		let index = submit(Alice, OriginCaller::Governance(Gov::CommitteeMembership), add);
		vote(One, index, true);
		vote(Two, index, true);
		let track = track_info(tracks::COMMITTEE_MEMBERSHIP);
		run_until(track.prepare_period + track.decision_period, || is_approved(index));
		run_for(track.min_enactment_period);
		assert!(pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get()
			.contains(&dave));
	});
}

/// Every call reserved to governance, with the origin kinds that may dispatch it.
fn governance_calls() -> Vec<(RuntimeCall, &'static [Gov])> {
	let alice = account(Alice);
	let budgets: &[Gov] = &[Gov::FoundationBudgets];
	let params: &[Gov] = &[Gov::Parameters];
	let membership: &[Gov] = &[Gov::CommitteeMembership];
	vec![
		(
			set_parameter(RuntimeParameters::Emission(emission::Parameters::FeeBurnShare(
				emission::FeeBurnShare,
				Some(Perbill::from_percent(30)),
			))),
			params,
		),
		(
			set_parameter(RuntimeParameters::Emission(emission::Parameters::RewardShares(
				emission::RewardShares,
				None,
			))),
			params,
		),
		(
			set_parameter(RuntimeParameters::Foundation(foundation::Parameters::BurnShare(
				foundation::BurnShare,
				Some(Permill::from_percent(10)),
			))),
			budgets,
		),
		(
			set_parameter(RuntimeParameters::DataMining(data_mining::Parameters::EpochShare(
				data_mining::EpochShare,
				Some(Perbill::from_percent(10)),
			))),
			params,
		),
		(
			set_parameter(RuntimeParameters::EnergyMarket(energy_market::Parameters::MarketFee(
				energy_market::MarketFee,
				Some(Permill::from_percent(2)),
			))),
			params,
		),
		(
			set_parameter(RuntimeParameters::CarbonCredits(
				carbon_credits::Parameters::GreenFactors(carbon_credits::GreenFactors, None),
			)),
			params,
		),
		(RuntimeCall::Emission(pallet_emission::Call::burn { amount: UNIT }), params),
		(
			RuntimeCall::Foundation(pallet_foundation::Call::set_budget {
				quarter: 0,
				category: pallet_foundation::Category::Development,
				amount: UNIT,
			}),
			budgets,
		),
		(
			RuntimeCall::Foundation(pallet_foundation::Call::set_signatories {
				signatories: vec![alice.clone()],
				threshold: 1,
			}),
			budgets,
		),
		(set_daily_quota(1), params),
		(
			RuntimeCall::DataMining(pallet_data_mining::Call::set_attester {
				who: alice.clone(),
				attester: true,
			}),
			params,
		),
		(
			RuntimeCall::DataMining(pallet_data_mining::Call::set_schedule {
				schedule: genesis_presets::mining_schedule(),
			}),
			params,
		),
		(
			RuntimeCall::EnergyMarket(pallet_energy_market::Call::set_parameters {
				parameters: genesis_presets::market_parameters(),
			}),
			params,
		),
		(
			RuntimeCall::CarbonCredits(pallet_carbon_credits::Call::set_verifier {
				who: alice.clone(),
				verifier: true,
			}),
			params,
		),
		(
			RuntimeCall::TechnicalMembership(pallet_membership::Call::add_member {
				who: Sr25519Keyring::Dave.to_account_id().into(),
			}),
			membership,
		),
		(
			RuntimeCall::System(frame_system::Call::authorize_upgrade {
				code_hash: BlakeTwo256::hash(b"code"),
			}),
			&[],
		),
		(RuntimeCall::Referenda(pallet_referenda::Call::kill { index: 0 }), &[]),
		(
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call {
				call_hash: BlakeTwo256::hash(b"call"),
			}),
			&[],
		),
	]
}

#[test]
fn only_the_right_governance_origin_gets_through() {
	local_ext().execute_with(|| {
		let all = [
			Gov::Parameters,
			Gov::FoundationBudgets,
			Gov::CommitteeMembership,
			Gov::WhitelistedCaller,
		];
		for (call, allowed) in governance_calls() {
			// A token holder, a committee member, or no origin at all: refused.
			for origin in [signed(Alice), signed(One), RuntimeOrigin::none()] {
				let result = call.clone().dispatch_bypass_filter(origin);
				assert_eq!(result.map_err(|e| e.error), Err(DispatchError::BadOrigin), "{call:?}");
			}
			// Every governance origin but the call's own: refused.
			for origin in all.iter().filter(|o| !allowed.contains(o)) {
				let result = call
					.clone()
					.dispatch_bypass_filter(OriginCaller::Governance(origin.clone()).into());
				assert_eq!(
					result.map_err(|e| e.error),
					Err(DispatchError::BadOrigin),
					"{call:?} as {origin:?}"
				);
			}
			// The call's own origin gets past the origin check (whatever the call then says).
			for origin in allowed {
				let result = call
					.clone()
					.dispatch_bypass_filter(OriginCaller::Governance(origin.clone()).into());
				assert_ne!(
					result.map_err(|e| e.error),
					Err(DispatchError::BadOrigin),
					"{call:?} as {origin:?}"
				);
			}
		}
		// A registry role is for governance or a senior admin; the local preset has none.
		assert!(sci_runtime::DeviceIdentity::set_role(
			signed(Alice),
			account(Bob),
			pallet_device_identity::Role::SeniorAdmin
		)
		.is_err());
		// Referenda need an origin with a track.
		assert_noop!(
			Referenda::submit(
				signed(Alice),
				Box::new(OriginCaller::system(frame_system::RawOrigin::Signed(account(Alice)))),
				Preimage::bound(set_daily_quota(1)).unwrap(),
				DispatchTime::After(0)
			),
			pallet_referenda::Error::<Runtime>::NoTrack
		);
	});
}
