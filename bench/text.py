"""Document screening throughput with every official list in ../shared/data loaded.

    python bench/text.py [--mb 5] [--every 2000] [--seed 7] [--home /tmp/rl]

Generates a multi-MB news-like text (English and Russian filler from Faker, with a
listed name — as the list writes it — dropped in every ``--every`` characters on
average), screens it on one core and prints characters/s, MB/s, spans checked,
mentions found and how many of the planted names were found. Also times filler-only
text (no planted names), the pure scanning cost, and counts false mentions in filler cut
into 5,000-character documents. ``--home`` reuses a REDLINE_HOME whose lists are loaded.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import fresh_home, peak_rss_mb, require_shared

from redline.engine import Engine
from redline.screeners.document import DocumentScreener
from redline.updater import update_from_mirror


def filler(seed: int, paragraphs: int = 1500) -> list[str]:
    from faker import Faker

    out = []
    for locale in ("en_US", "en_GB", "ru_RU"):
        fake = Faker(locale)
        fake.seed_instance(seed)
        out.extend(fake.paragraph(nb_sentences=6) for _ in range(paragraphs // 3))
    return out


def build_text(pool: list[str], names: list[str], size: int, every: int,
               rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    planted: list[tuple[int, int]] = []
    total = since = 0
    while total < size:
        para = rng.choice(pool)
        if names and since >= every:
            words = para.split(" ")
            cut = rng.randrange(len(words))
            name = rng.choice(names)
            head = " ".join(words[:cut]) + (" " if cut else "")
            para = head + name + ", " + " ".join(words[cut:])
            planted.append((total + len(head), total + len(head) + len(name)))
            since = 0
        parts.append(para)
        total += len(para) + 2
        since += len(para) + 2
    return "\n\n".join(parts), planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--every", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--home", type=Path, help="reuse a REDLINE_HOME loaded by an earlier run")
    args = parser.parse_args()
    if args.home:
        os.environ["REDLINE_HOME"] = str(args.home)
    else:
        fresh_home()
    engine = Engine()
    t = time.perf_counter()
    if not args.home:
        update_from_mirror(engine.store, require_shared())
    matcher = engine.matcher()
    print(f"lists loaded and indexed in {time.perf_counter() - t:.1f} s: {len(matcher.index):,} entities, "
          f"{len(matcher.index.names):,} name forms")
    t = time.perf_counter()
    screener = DocumentScreener(matcher)
    print(f"automaton: {screener.patterns.count:,} patterns built in {time.perf_counter() - t:.1f} s; "
          f"peak RSS {peak_rss_mb():,.0f} MB")
    rng = random.Random(args.seed)
    pool = filler(args.seed)
    listed = [e.value for e in matcher.index.names if e.kind == "primary" and len(e.value) < 60]
    names = rng.sample(listed, min(3000, len(listed)))
    size = int(args.mb * 1_000_000)
    for label, chosen in (("filler only", []), (f"a listed name every ~{args.every} chars", names)):
        text, planted = build_text(pool, chosen, size, args.every, rng)
        screener._cache.clear()
        t, cpu = time.perf_counter(), time.process_time()
        result = screener.screen_text(text)
        took, cpu = time.perf_counter() - t, time.process_time() - cpu
        mb = len(text.encode("utf-8")) / 1e6
        spans = sorted({(m.start, m.end) for m in result.mentions})
        hit = sum(1 for a, b in planted if any(s < b and e > a for s, e in spans))
        stray = sum(1 for s, e in spans if not any(s < b and e > a for a, b in planted))
        recall = f"{hit / len(planted):.1%}" if planted else "-"
        filler_kb = (len(text) - sum(b - a for a, b in planted)) / 1e5
        print(f"{label}: {len(text):,} chars ({mb:.1f} MB UTF-8) in {took:.2f} s (CPU {cpu:.2f} s) → "
              f"{len(text) / took:,.0f} chars/s, {mb / took:.1f} MB/s ({mb / cpu:.1f} MB/s of CPU); "
              f"spans checked {result.spans_checked:,}; planted {len(planted):,}, found {hit:,} ({recall}); "
              f"mention spans elsewhere {stray:,} ({stray / filler_kb:.2f} per 100 KB of filler)")
    short_documents(screener, pool, min(size, 1_000_000), rng)


def short_documents(screener: DocumentScreener, pool: list[str], size: int, rng: random.Random,
                    doc_chars: int = 5000) -> None:
    """False mentions in filler cut into news-sized documents: a long text gives each
    document-level signal (a word also written in lower case) more to go on, so the
    per-document rate is the one a user sees."""
    text, _ = build_text(pool, [], size, 0, rng)
    docs = [text[i : i + doc_chars] for i in range(0, len(text), doc_chars)]
    t = time.perf_counter()
    stray = sum(len({(m.start, m.end) for m in screener.screen_text(doc).mentions}) for doc in docs)
    took = time.perf_counter() - t
    print(f"filler as {len(docs):,} documents of {doc_chars:,} chars: {len(text) / took:,.0f} chars/s; "
          f"mention spans {stray:,} ({stray / (len(text) / 1e5):.2f} per 100 KB)")


if __name__ == "__main__":
    main()
