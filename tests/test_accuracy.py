"""The extraction accuracy report stays high (bench/accuracy.py over bench/accuracy_cases.yaml)."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "realworld"


def load_report():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "bench" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/realworld is not there")
def test_recall_and_precision_over_at_least_thirty_documents(capsys):
    totals = load_report().run()
    assert totals["documents"] >= 30
    assert totals["precision"] >= 0.98, capsys.readouterr().out
    assert totals["recall"] >= 0.97, capsys.readouterr().out
