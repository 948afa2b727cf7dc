"""The Rasa project itself: `rasa data validate` and the test stories (with prediction errors failing),
against the model `make test` trained."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RASA = ROOT / ".venv" / "bin" / "rasa"
MODEL = ROOT / "models" / "reiswijzer.tar.gz"


def rasa(*args, tmp_path=None):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    return subprocess.run([str(RASA), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)


def test_rasa_data_validate_finds_no_errors():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "No story structure conflicts found" in result.stdout + result.stderr


def test_rasa_test_stories_pass_without_prediction_errors(tmp_path):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make test`, which trains it first")
    result = rasa("test", "core", "--stories", "tests/stories", "--model", str(MODEL), "--out", str(tmp_path),
                  "--fail-on-prediction-errors")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()
