"""freqtrade's hyperopt with several workers pickles the strategy class by value for them; before that it registers
the module of every base class up to ``IStrategy`` (``HyperOptimizer.hyperopt_pickle_magic``, freqtrade 2026.9).
A mixin based on ``object`` led that walk to ``builtins`` and the pickling failed ("excessively deep recursion");
``RampartGuard`` derives from ``IStrategy`` so the walk stops there. Run in freqtrade's own venv."""

from __future__ import annotations

import subprocess

import pytest

import freqtrade_harness as harness

SCRIPT = r'''
import subprocess, sys
import cloudpickle
from freqtrade.strategy import IStrategy
from rampart_client.freqtrade import RampartGuard

class MyStrategy(RampartGuard, IStrategy):
    timeframe = "5m"
    def populate_indicators(self, dataframe, metadata): return dataframe
    def populate_entry_trend(self, dataframe, metadata): return dataframe
    def populate_exit_trend(self, dataframe, metadata): return dataframe

def hyperopt_pickle_magic(bases):  # freqtrade 2026.9's, verbatim but for `self`
    for modules in bases:
        if modules.__name__ != "IStrategy":
            if mod := sys.modules.get(modules.__module__):
                cloudpickle.register_pickle_by_value(mod)
            hyperopt_pickle_magic(modules.__bases__)

hyperopt_pickle_magic(MyStrategy.__bases__)
data = cloudpickle.dumps(MyStrategy)
loaded = subprocess.run(
    [sys.executable, "-c", "import sys, cloudpickle; print(cloudpickle.loads(sys.stdin.buffer.read()).__mro__[1].__name__)"],
    input=data, capture_output=True, check=True,
)
print(loaded.stdout.decode().strip())
'''


def test_a_strategy_with_the_mixin_pickles_for_hyperopt_workers() -> None:
    python = harness.freqtrade_python()
    if python is None:
        pytest.skip("no freqtrade venv: Scripts/test-python makes .venv-freqtrade (or set RAMPART_FREQTRADE_PYTHON)")
    completed = subprocess.run([str(python), "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == "RampartGuard"
