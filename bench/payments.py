"""Payment screening throughput: parse + territory/BIC/free-text rules, per message.

Targets: >= 500 messages/s on 2 cores and p99 <= 20 ms per message. ``--with-lists``
adds party screening (the name matcher over every list) and the search of free text for
listed names (the document screener, built once per process and timed apart). Uses the real sample messages
in ../shared/data/payments when present, plus generated MT103/pacs.008 variants with
Cyrillic names, territory addresses and free text, so the run never needs the network.

    .venv/bin/python bench/payments.py [--messages 3000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

from redline.messages.bic_index import BicIndex
from redline.model import Entity, Identifier, Name
from redline.screeners.payment import PaymentScreener

DATA = Path(os.environ.get("REDLINE_SHARED_DATA",
                           Path(__file__).resolve().parents[2] / "shared" / "data"))
TOWNS = ["LONDON", "SEVASTOPOL", "BERLIN", "МОСКВА", "HAVANA, ILLINOIS", "MELITOPOL", "PARIS",
         "TEHRAN", "12 CRIMEA STREET, TORONTO", "MIAMI, FLORIDA", "SINGAPORE", "DONETSK"]
NAMES = ["ООО РОМАШКА", "IVANOV IVAN", "ACME TRADING LTD", "GLOBAL SHIPPING SA", "ПЕТРОВ П.П."]
TEXTS = ["INV 123", "FREIGHT MV OCEAN STAR IMO 9321483 CRUDE OIL", "BALL BEARINGS ORDER 77",
         "SALARY", "ДОСТАВКА В СИМФЕРОПОЛЬ"]


def _mt(rng: random.Random, i: int) -> bytes:
    return (f"{{1:F01BARCGB22AXXX0000000000}}{{2:I103{rng.choice(['DEUTDEFF', 'SABRRUMM'])}XXXXN}}"
            f"{{4:\n:20:B{i}\n:23B:CRED\n:32A:240105EUR{i},\n:50F:/AT611904300234573201\n"
            f"1/{rng.choice(NAMES)}\n2/STREET {i}\n3/GB/{rng.choice(TOWNS)}\n:52A:BARCGB22\n"
            f":57A:{rng.choice(['SABRRUMM012', 'COBADEFF', 'BKCHCNBJ'])}\n:59:/DE89370400440532013000\n"
            f"{rng.choice(NAMES)}\n{rng.choice(TOWNS)}\n:70:{rng.choice(TEXTS)}\n:71A:SHA\n-}}"
            ).encode()


def _mx(rng: random.Random, i: int) -> bytes:
    return (f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>'
            f"<GrpHdr><MsgId>M{i}</MsgId></GrpHdr><CdtTrfTxInf><IntrBkSttlmAmt Ccy=\"EUR\">1"
            f"</IntrBkSttlmAmt><DbtrAgt><FinInstnId><BICFI>BARCGB22</BICFI></FinInstnId></DbtrAgt>"
            f"<Dbtr><Nm>{rng.choice(NAMES)}</Nm><PstlAdr><TwnNm>{rng.choice(TOWNS)}</TwnNm>"
            f"<Ctry>GB</Ctry></PstlAdr></Dbtr><Cdtr><Nm>{rng.choice(NAMES)}</Nm></Cdtr>"
            f"<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>"
            f"<RmtInf><Ustrd>{rng.choice(TEXTS)}</Ustrd></RmtInf></CdtTrfTxInf>"
            f"</FIToFICstmrCdtTrf></Document>").encode()


def corpus(count: int) -> list[tuple[str, bytes]]:
    rng = random.Random(7)
    real = []
    root = DATA / "payments"
    if root.is_dir():
        real = [(str(p), p.read_bytes()) for p in sorted(root.rglob("*"))
                if p.is_file() and p.suffix in (".xml", ".fin", ".rje")]
    out = list(real)
    while len(out) < count:
        i = len(out)
        out.append((f"gen{i}", _mt(rng, i) if i % 2 else _mx(rng, i)))
    return out[:count]


def _full_screener() -> PaymentScreener:
    """The real wiring: every list in ../shared/data, the party matcher and the BIC index."""
    import tempfile

    from redline.engine import Engine
    from redline.services import payment_screener
    from redline.updater import update_from_mirror

    os.environ["REDLINE_HOME"] = tempfile.mkdtemp(prefix="redline-bench-")
    engine = Engine()
    update_from_mirror(engine.store, DATA)
    engine.matcher()
    return payment_screener(engine)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--with-lists", action="store_true",
                        help="screen parties with the real matcher over every list in ../shared/data")
    args = parser.parse_args()
    if args.with_lists:
        screener = _full_screener()
    else:
        listed = [Entity(id=f"demo:{i}", list="demo", source_id=str(i), schema="Organization",
                         names=[Name(f"Bank {i}")], identifiers=[Identifier("bic", b)])
                  for i, b in enumerate(["SABRRUMM", "BKCHCNBJ300", "MELIIRTH"])]
        screener = PaymentScreener(lambda q: [], BicIndex(listed).lookup, list_versions={})
    messages = corpus(args.messages)
    if screener.find_mentions is not None:
        built = time.perf_counter()
        screener.find_mentions("warm up")  # the free-text automaton is built on first use
        print(f"document screener for free text built in {time.perf_counter() - built:.1f} s (once per process)")
    screener.screen_bytes(messages[0][1], messages[0][0])  # warm caches / YAML load
    timings, results = [], 0
    start = time.perf_counter()
    for source, data in messages:
        t0 = time.perf_counter()
        results += len(screener.screen_bytes(data, source))
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1] * 1000
    print(f"files: {len(messages)}  messages screened: {results}  seconds: {total:.2f}")
    print(f"throughput: {len(messages) / total:.0f} files/s (one core)")
    print(f"latency ms: median {statistics.median(timings) * 1000:.2f}  p99 {p99:.2f}  "
          f"max {timings[-1] * 1000:.2f}")
    scope = "with party screening over all lists" if args.with_lists else "party screening not included"
    print(f"targets: >= 500 messages/s on 2 cores, p99 <= 20 ms ({scope})")


if __name__ == "__main__":
    main()
