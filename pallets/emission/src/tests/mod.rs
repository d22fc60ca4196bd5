//! Unit tests in the mock runtime (`HalvingInterval = 10`, pool 20,000, `R0 = 1,000`).

use crate::{mock::*, *};
use codec::{Decode, DecodeAll, Encode, MaxEncodedLen};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Balanced, Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
		Hooks, OnUnbalanced, VestingSchedule,
	},
};
use sp_runtime::{DispatchError, Perbill, TokenError};

mod fees;
mod genesis;
mod halving;
mod invariants;
mod reward_shares_codec;
mod reward_split;
mod treasury_burn;

fn free(who: AccountId) -> Balance {
	Balances::free_balance(who)
}

fn issuance() -> Balance {
	<Balances as Inspect<AccountId>>::total_issuance()
}

fn shares(author: u32, data_mining: u32, treasury: u32) -> RewardShares {
	RewardShares {
		author: Perbill::from_percent(author),
		data_mining: Perbill::from_percent(data_mining),
		treasury: Perbill::from_percent(treasury),
	}
}
