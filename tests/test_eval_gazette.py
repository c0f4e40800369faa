"""The gazette evaluation (bench/eval_gazette.py) holds its floors on a sample of
../shared/scale/gazette: every fourth text in name order (all kinds are among them: Luật,
Nghị định, Nghị quyết, Thông tư, Văn bản hợp nhất …). The whole folder is scored by the bench."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Floors slightly below what the sample reached when this test was written (README, "Evaluation").
PRINTED_FLOORS = {"symbol": 0.98, "type": 0.97, "year": 0.98}  # over texts that print their own number
ALL_FLOORS = {"symbol": 0.95, "type": 0.95, "year": 0.95}  # over every text, page images included


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_gazette", ROOT / "bench" / "eval_gazette.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_gazette"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sample(shared_dir) -> tuple[Path, list[str]]:
    folder = shared_dir / "scale" / "gazette"
    if not folder.is_dir():
        pytest.skip(f"{folder} not found")
    return folder, [p.stem for p in sorted(folder.glob("*.txt"))][::4]


@pytest.fixture(scope="module")
def score(sample):
    return _load_eval().evaluate(*sample)


def test_the_sample_holds_every_kind_of_text(sample, score):
    kinds = {_load_eval().gold({"slug": name})["type"] for name in sample[1]}
    assert {"Văn bản hợp nhất", "Thông tư", "Nghị định", "Nghị quyết"} <= kinds
    assert score.documents == len(sample[1]) >= 50 and not score.unread


@pytest.mark.parametrize("field", sorted(PRINTED_FLOORS))
def test_own_instrument_floors(score, field):
    assert score.accuracy_where_printed(field) >= PRINTED_FLOORS[field], dict(score.misses)
    assert score.accuracy(field) >= ALL_FLOORS[field], dict(score.misses)
