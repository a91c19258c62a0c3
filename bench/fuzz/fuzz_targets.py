"""Coverage-guided fuzz targets (atheris / libFuzzer) for every parser that reads hostile input.

Why: the hypothesis properties in tests/hardening sample inputs blindly; libFuzzer keeps
the inputs that reach new branches of redline's own code, so it finds the odd header
or half-closed element that a random generator never builds. The contract under test
is SECURITY.md's: a parser may only fail with the error it documents (MessageError,
SourceError, QueryError); anything else is a crash and gets kept as a regression file.

Run one target::

    python bench/fuzz/fuzz_targets.py mt -max_total_time=60
    python bench/fuzz/fuzz_targets.py reader-ofac_sdn-ofac_xml -runs=100000
    python bench/fuzz/fuzz_targets.py --list

Without a corpus argument the run starts from the seeds in tests/hardening/corpus/<target>/
and writes newly found inputs to a temporary folder (the checked-in corpus stays small);
crashing inputs land in ``-artifact_prefix`` (default: bench/fuzz/crashes/<target>-).
The replay test (tests/hardening/test_fuzz_corpus.py) imports TARGETS from here without
atheris, so the corpus is checked on every test run.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from redline.errors import MessageError, QueryError, SourceError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "hardening" / "corpus"
SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Aircraft")

_TMP = Path(tempfile.mkdtemp(prefix="redline-fuzz-"))


def _mt(data: bytes) -> None:
    from redline.messages.mt import parse_mt

    with contextlib.suppress(MessageError):
        parse_mt(data, "fuzz.fin")


def _iso20022(data: bytes) -> None:
    from redline.messages.iso20022 import parse_iso20022

    with contextlib.suppress(MessageError):
        parse_iso20022(data, "fuzz.xml")


def _names(data: bytes) -> None:
    """First byte picks the schema (person and company paths differ); the rest is the name."""
    from redline.text.names import prepare

    schema = SCHEMAS[data[0] % len(SCHEMAS)] if data else "LegalEntity"
    text = data[1:].decode("utf-8", "replace")
    try:
        forms = prepare(text, schema)
    except QueryError:
        return
    for form in forms:
        if not all(isinstance(t, str) and t for t in form.tokens):
            raise AssertionError(f"empty or non-text token from {text!r}: {form.tokens!r}")


def _hs(data: bytes) -> None:
    from redline.goods.hs import normalize

    text = data.decode("utf-8", "replace")
    try:
        code = normalize(text)
    except QueryError:
        return
    if not (code.digits.isascii() and code.digits.isdigit() and len(code.digits) in (2, 4, 6, 8, 10)):
        raise AssertionError(f"normalize({text!r}) accepted {code.digits!r}")


def file_name(pattern: str) -> str:
    """A file name the format's main-file glob accepts ("*.csv*" -> "fuzz.csv", "dpl*.txt" -> "dplfuzz.txt")."""
    return pattern.rstrip("*").replace("*", "fuzz")


def _reader(fmt: object) -> Callable[[bytes], None]:
    from redline.sources.base import ListFormat

    assert isinstance(fmt, ListFormat)
    folder = _TMP / f"{fmt.list_name}-{fmt.format}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(fmt.main_file)

    def target(data: bytes) -> None:
        path.write_bytes(data)
        try:
            for _ in fmt.read(path, {}):
                pass
        except SourceError:
            pass

    target.__doc__ = f"{fmt.list_name} {fmt.format} reader on a file named {path.name}"
    return target


def _build_targets() -> dict[str, Callable[[bytes], None]]:
    from redline.sources.registry import all_formats

    targets: dict[str, Callable[[bytes], None]] = {"mt": _mt, "iso20022": _iso20022, "names": _names, "hs": _hs}
    for fmt in all_formats():
        targets[f"reader-{fmt.list_name}-{fmt.format}"] = _reader(fmt)
    return targets


def targets() -> dict[str, Callable[[bytes], None]]:
    """Every target by name; built lazily so importing this module stays cheap."""
    global _TARGETS
    if _TARGETS is None:
        _TARGETS = _build_targets()
    return _TARGETS


_TARGETS: dict[str, Callable[[bytes], None]] | None = None


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] in ("-h", "--help", "--list"):
        print("usage: fuzz_targets.py TARGET [libFuzzer options] [corpus dirs]\ntargets:")
        for name in targets():
            print(f"  {name}")
        return 0 if len(argv) >= 2 else 2
    import atheris

    name, rest = argv[1], argv[2:]
    # instrument redline only: the stdlib and lxml internals are not what we test
    with atheris.instrument_imports(include=["redline"]):
        import redline.goods.hs
        import redline.messages.iso20022
        import redline.messages.mt
        import redline.sources.registry
        import redline.text.names  # noqa: F401
        all_targets = targets()
    if name not in all_targets:
        print(f"unknown target {name!r}; try --list", file=sys.stderr)
        return 2
    options = [a for a in rest if a.startswith("-")]
    dirs = [a for a in rest if not a.startswith("-")]
    if not dirs:
        work = Path(tempfile.mkdtemp(prefix=f"redline-fuzz-{name}-"))
        dirs = [str(work)] + ([str(CORPUS / name)] if (CORPUS / name).is_dir() else [])
    if not any(a.startswith("-artifact_prefix=") for a in options):
        crashes = Path(__file__).resolve().parent / "crashes"
        crashes.mkdir(exist_ok=True)
        options.append(f"-artifact_prefix={crashes}/{name}-")
    if not any(a.startswith("-timeout=") for a in options):
        options.append("-timeout=10")  # a hang is a bug too
    if not any(a.startswith("-rss_limit_mb=") for a in options):
        options.append("-rss_limit_mb=2048")
    atheris.Setup([argv[0], *options, *dirs], all_targets[name])
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
