"""py-substrate-interface against a dev node: metadata, a balance, a signed transfer
followed to finalization, and new heads."""
import os
import pathlib
import socket
import subprocess
import tempfile
import time

import pytest
from substrateinterface import Keypair, SubstrateInterface

TARGET = os.environ.get("CARGO_TARGET_DIR", str(pathlib.Path.home() / ".cache/sci-target"))
NODE = os.environ.get("SCI_NODE_BIN", os.path.join(TARGET, "release/sci-node"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def substrate():
    rpc, prometheus = free_port(), free_port()
    log = tempfile.NamedTemporaryFile(prefix="sci-python-", suffix=".log", delete=False)
    node = subprocess.Popen(
        [NODE, "--dev", "--tmp", "--rpc-port", str(rpc), "--prometheus-port", str(prometheus),
         "--listen-addr", "/ip4/127.0.0.1/tcp/0"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                client = SubstrateInterface(url=f"ws://127.0.0.1:{rpc}")
                break
            except Exception:
                if time.time() > deadline or node.poll() is not None:
                    raise
                time.sleep(0.2)
        yield client
        client.close()
    finally:
        node.terminate()
        node.wait(timeout=20)


def test_chain_and_metadata(substrate):
    assert substrate.chain == "Development"
    substrate.init_runtime()
    assert substrate.runtime_version >= 100
    assert substrate.token_symbol == "SCI"
    assert substrate.token_decimals == 12
    assert substrate.get_metadata_call_function("Balances", "transfer_keep_alive") is not None


def test_transfer_is_finalized_and_credited(substrate):
    alice = Keypair.create_from_uri("//Alice")
    recipient = Keypair.create_from_uri(f"//Python{time.time_ns()}")
    alice_before = substrate.query("System", "Account", [alice.ss58_address])["data"]["free"].value
    assert alice_before > 0
    amount = 7_000_000_000_000
    call = substrate.compose_call("Balances", "transfer_keep_alive", {"dest": recipient.ss58_address, "value": amount})
    extrinsic = substrate.create_signed_extrinsic(call=call, keypair=alice)
    receipt = substrate.submit_extrinsic(extrinsic, wait_for_finalization=True)
    assert receipt.is_success, receipt.error_message
    block = receipt.block_hash
    credited = substrate.query("System", "Account", [recipient.ss58_address], block_hash=block)["data"]["free"].value
    assert credited == amount


def test_new_heads_advance(substrate):
    seen = []

    def handler(header, _update_nr, _subscription_id):
        seen.append(header["header"]["number"])
        if len(seen) == 3:
            return seen

    substrate.subscribe_block_headers(handler)
    assert seen[0] < seen[1] < seen[2]
