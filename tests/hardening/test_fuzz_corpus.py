"""Replay the atheris corpus (seeds and crash regressions) through the same fuzz targets.

Why: coverage-guided fuzzing runs outside the test suite (bench/fuzz/fuzz_targets.py,
minutes per target); whatever it once found must stay fixed on every test run, without
atheris installed. Each file under tests/hardening/corpus/<target>/ is fed to that target,
which may only fail with the error the parser documents.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"


def _load_targets() -> ModuleType:
    spec = importlib.util.spec_from_file_location("redline_fuzz_targets", ROOT / "bench" / "fuzz" / "fuzz_targets.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


FUZZ = _load_targets()
TARGETS: dict[str, Callable[[bytes], None]] = FUZZ.targets()
CASES = sorted((d.name, f) for d in CORPUS.iterdir() if d.is_dir() for f in d.iterdir() if f.is_file())

#: Crashes atheris found whose fix is in src/ (not yet made). strict=True: once fixed, the test
#: XPASSes and fails, so the entry is removed here and the file stays as a plain regression case.
#: Crashes the fuzzer found that are not fixed yet (none: the EU FSF attribute/child clash
#: and the OFAC Advanced 90-digit year were fixed; their inputs stay in the corpus).
KNOWN_BUGS: dict[str, tuple[type[BaseException], str]] = {}


def _param(target: str, path: Path) -> object:
    key = f"{target}/{path.name}"
    marks = []
    if key in KNOWN_BUGS:
        raises, reason = KNOWN_BUGS[key]
        marks.append(pytest.mark.xfail(raises=raises, strict=True, reason=reason))
    return pytest.param(target, path, id=key, marks=marks)


def test_every_target_has_a_corpus_folder() -> None:
    """A new parser or list format gets seeds, so the fuzzer does not start from nothing."""
    missing = sorted(name for name in TARGETS if not (CORPUS / name).is_dir() or not any((CORPUS / name).iterdir()))
    assert not missing, f"no corpus for {missing}"


def test_every_corpus_folder_names_a_target() -> None:
    assert {d.name for d in CORPUS.iterdir() if d.is_dir()} <= set(TARGETS)


def test_known_bugs_name_existing_files() -> None:
    assert all((CORPUS / key).is_file() for key in KNOWN_BUGS)


@pytest.mark.parametrize(("target", "path"), [_param(t, p) for t, p in CASES])
def test_corpus_file_replays_cleanly(target: str, path: Path) -> None:
    TARGETS[target](path.read_bytes())
