"""Issue 13, target 1: the gate and its peer measured in alternating blocks, so both sample the same seconds.

Run by Scripts/bench-peers with INTERLEAVE=1, or by hand from the package root:

    python3 Benchmarks/Peers/interleave.py --peer "/work/.venv-nautilus/bin/python Benchmarks/Peers/nautilus_risk_engine.py" \\
        --gate .build/release/GateVersusPeer [--calls 1000000]

Both programs take `--interleave` and answer `timed K`, `untimed K` and `report` on their standard input (see each
one's `interleave` mode). This driver sends the 20,000 individually timed calls as 20 blocks of 1,000 and the untimed
calls as 20 chunks, each block and chunk to one side and then the other (the side that goes first alternates), and
prints each side's PEER= line and the ratio. On this shared VM a side's speed moves between a fast and a slow level
from one minute to the next; run one after the other, the two sides can land on different levels and one round's
ratio is off by up to 2x. Alternating blocks spreads both sides' samples over the same time.
"""

import argparse
import re
import shlex
import subprocess
import sys

TIMED_BLOCKS = 20
TIMED_BLOCK = 1_000
UNTIMED_CHUNKS = 20


class Side:
    """One program in `--interleave` mode, driven over its standard input and output."""

    def __init__(self, name, command):
        self.name = name
        self.process = subprocess.Popen(
            shlex.split(command) + ["--interleave"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.expect("ready")

    def expect(self, word):
        line = self.process.stdout.readline().strip()
        if line != word:
            sys.exit(f"error: {self.name} answered {line!r} where {word!r} was expected")

    def send(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        self.expect("ok")

    def report(self):
        self.process.stdin.write("report\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline().strip()
        self.process.wait()
        if not line.startswith("PEER="):
            sys.exit(f"error: {self.name} reported {line!r}")
        return line


def field(name, line):
    match = re.search(rf"\b{name}=([0-9.]+)", line)
    if not match:
        sys.exit(f"error: no {name}= in {line!r}")
    return float(match.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", required=True, help="the peer's command (without --interleave)")
    parser.add_argument("--gate", required=True, help="the gate harness's command (without --interleave)")
    parser.add_argument("--calls", type=int, default=1_000_000, help="untimed calls per side (default 1,000,000)")
    arguments = parser.parse_args()
    if arguments.calls < UNTIMED_CHUNKS:
        sys.exit(f"error: --calls must be at least {UNTIMED_CHUNKS}")

    peer = Side("the peer", arguments.peer)
    gate = Side("the gate", arguments.gate)
    sides = [peer, gate]
    for block in range(TIMED_BLOCKS):
        for side in sides if block % 2 == 0 else reversed(sides):
            side.send(f"timed {TIMED_BLOCK}")
    chunk = arguments.calls // UNTIMED_CHUNKS
    for index in range(UNTIMED_CHUNKS):
        for side in sides if index % 2 == 0 else reversed(sides):
            side.send(f"untimed {chunk}")
    peer_line, gate_line = peer.report(), gate.report()
    print(peer_line)
    print(gate_line)
    p50 = field("p50_us", peer_line) / field("p50_us", gate_line)
    rate = field("decisions_per_s", gate_line) / field("decisions_per_s", peer_line)
    print(f"RATIO gate/nautilus p50={p50:.1f}x decisions_per_s={rate:.1f}x (target >= 50x on both, interleaved)")


if __name__ == "__main__":
    main()
