use crate::{migrations::v1::MigrateV0ToV1, mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	weights::constants::RocksDbWeight,
};
use sp_runtime::DispatchError;

/// Run `test` in the mock runtime, then check the pallet's invariants.
fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Template::do_try_state().expect("invariants hold");
	});
}

#[test]
fn genesis_sets_entries_count_and_storage_version() {
	test(|| {
		assert_eq!(Something::<Test>::get(ALICE), Some(7));
		assert_eq!(Count::<Test>::get(), 1);
		assert_eq!(Template::on_chain_storage_version(), STORAGE_VERSION);
	});
}

#[test]
fn store_adds_an_entry_and_replacing_it_does_not_count_twice() {
	test(|| {
		assert_ok!(Template::store(RuntimeOrigin::signed(BOB), 42));
		assert_eq!(Something::<Test>::get(BOB), Some(42));
		assert_eq!(Count::<Test>::get(), 2);
		System::assert_last_event(Event::Stored { who: BOB, value: 42 }.into());

		assert_ok!(Template::store(RuntimeOrigin::signed(BOB), 43));
		assert_eq!(Something::<Test>::get(BOB), Some(43));
		assert_eq!(Count::<Test>::get(), 2);
	});
}

#[test]
fn store_stops_at_the_cap_but_still_replaces() {
	test(|| {
		assert_ok!(Template::store(RuntimeOrigin::signed(BOB), 1));
		assert_ok!(Template::store(RuntimeOrigin::signed(CHARLIE), 2));
		assert_eq!(Count::<Test>::get(), MAX_ENTRIES);

		assert_noop!(
			Template::store(RuntimeOrigin::signed(DAVE), 3),
			Error::<Test>::TooManyEntries
		);
		// An account that already keeps a number may replace it at the cap.
		assert_ok!(Template::store(RuntimeOrigin::signed(ALICE), 8));
		// Removing an entry makes room again.
		assert_ok!(Template::force_remove(RuntimeOrigin::root(), BOB));
		assert_ok!(Template::store(RuntimeOrigin::signed(DAVE), 3));
		assert_eq!(Count::<Test>::get(), MAX_ENTRIES);
	});
}

#[test]
fn increment_adds_one() {
	test(|| {
		assert_ok!(Template::increment(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Something::<Test>::get(ALICE), Some(8));
		System::assert_last_event(Event::Incremented { who: ALICE, value: 8 }.into());
	});
}

#[test]
fn increment_needs_a_number() {
	test(|| {
		assert_noop!(Template::increment(RuntimeOrigin::signed(BOB)), Error::<Test>::NoValue);
	});
}

#[test]
fn increment_refuses_to_overflow() {
	test(|| {
		assert_ok!(Template::store(RuntimeOrigin::signed(ALICE), u32::MAX - 1));
		assert_ok!(Template::increment(RuntimeOrigin::signed(ALICE)));
		assert_eq!(Something::<Test>::get(ALICE), Some(u32::MAX));
		assert_noop!(Template::increment(RuntimeOrigin::signed(ALICE)), Error::<Test>::Overflow);
	});
}

#[test]
fn force_remove_frees_the_entry() {
	test(|| {
		assert_ok!(Template::force_remove(RuntimeOrigin::root(), ALICE));
		assert_eq!(Something::<Test>::get(ALICE), None);
		assert_eq!(Count::<Test>::get(), 0);
		System::assert_last_event(Event::Removed { who: ALICE }.into());
		assert_noop!(Template::force_remove(RuntimeOrigin::root(), ALICE), Error::<Test>::NoValue);
	});
}

#[test]
fn every_call_checks_its_origin() {
	test(|| {
		assert_noop!(Template::store(RuntimeOrigin::none(), 1), DispatchError::BadOrigin);
		assert_noop!(Template::store(RuntimeOrigin::root(), 1), DispatchError::BadOrigin);
		assert_noop!(Template::increment(RuntimeOrigin::none()), DispatchError::BadOrigin);
		assert_noop!(
			Template::force_remove(RuntimeOrigin::signed(ALICE), ALICE),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn try_state_catches_a_wrong_count() {
	new_test_ext().execute_with(|| {
		Count::<Test>::put(2);
		assert!(Template::do_try_state().is_err());
	});
}

/// Make the state look like version 0: entries, no `Count`, storage version 0.
fn version_0_state() {
	Something::<Test>::insert(BOB, 5);
	Count::<Test>::kill();
	StorageVersion::new(0).put::<Template>();
}

#[test]
fn migration_counts_the_entries_once() {
	test(|| {
		version_0_state();
		let weight = MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Count::<Test>::get(), 2);
		assert_eq!(Template::on_chain_storage_version(), 1);
		// Two entries and the version read; the count and the version written.
		assert_eq!(weight, RocksDbWeight::get().reads_writes(3, 2));

		// Already at version 1: a second run only reads the version.
		Something::<Test>::insert(CHARLIE, 6);
		let weight = MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(weight, RocksDbWeight::get().reads(1));
		assert_eq!(Count::<Test>::get(), 2, "skipped: the raw insert is not counted");
		Count::<Test>::put(3);
		assert_ok!(Template::do_try_state());
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn migration_passes_its_try_runtime_checks() {
	test(|| {
		version_0_state();
		assert_ok!(MigrateV0ToV1::<Test>::try_on_runtime_upgrade(true));
		assert_eq!(Count::<Test>::get(), 2);
	});
}
