"""Secondary evidence: birth dates, countries, identifiers. Each returns a Reason or None.

These features only move a name score; they never create a hit on their own, except
an exact identifier (INN, IMO, BIC, passport...), which is decisive by itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from redline.match.config import MatchConfig
from redline.model import Identifier, Reason
from redline.text.identifiers import family, normalize


def birth_date_reason(query: str | None, listed: Iterable[str], cfg: MatchConfig) -> Reason | None:
    listed = [d for d in listed if d]
    if not query or not listed:
        return None
    ev = cfg.evidence
    q = query.strip()
    best: Reason | None = None
    for date in listed:
        if date == q or (len(date) == 10 and len(q) == 10 and date == q):
            return Reason("birth_date", ev["birth_date_exact"], f"birth date {q} agrees", q, date)
        if q[:4] == date[:4] and (len(date) == 4 or len(q) == 4):
            best = best or Reason(
                "birth_date", ev["birth_date_year"], f"birth year {q[:4]} agrees", q, date
            )
        elif len(q) == 10 and len(date) == 10 and q[:4] == date[:4] and q[5:7] == date[8:10] \
                and q[8:10] == date[5:7]:
            best = best or Reason(
                "birth_date", ev["birth_date_swapped"],
                f"birth date {q} agrees with {date} with day and month swapped", q, date,
            )
        elif q[:4] == date[:4] and best is None:
            best = Reason("birth_date", ev["birth_date_year"], f"birth year {q[:4]} agrees", q, date)
    if best:
        return best
    years = sorted({d[:4] for d in listed})
    return Reason(
        "birth_date", ev["birth_date_conflict"],
        f"birth date {q} conflicts with listed {', '.join(years)}", q, ", ".join(listed),
    )


def country_reason(query: Iterable[str], listed: Iterable[str], cfg: MatchConfig) -> Reason | None:
    q = {c.lower() for c in query if c}
    lst = {c.lower() for c in listed if c}
    if not q or not lst:
        return None
    common = q & lst
    if common:
        return Reason(
            "country", cfg.evidence["country_agree"],
            f"country {', '.join(sorted(common))} agrees", ",".join(sorted(q)), ",".join(sorted(lst)),
        )
    return Reason(
        "country", cfg.evidence["country_conflict"],
        f"query country {', '.join(sorted(q))} not among listed {', '.join(sorted(lst))}",
        ",".join(sorted(q)), ",".join(sorted(lst)),
    )


def identifier_reasons(
    query: Iterable[Identifier], listed: Iterable[tuple[str, str]], cfg: MatchConfig
) -> list[Reason]:
    listed_by_type: dict[str, set[str]] = {}
    for id_type, value in listed:
        listed_by_type.setdefault(family(id_type), set()).add(value)
    reasons = []
    for ident in query:
        value = normalize(ident.type, ident.value)
        values = listed_by_type.get(family(ident.type))
        if not values:
            continue
        if value in values or (ident.type == "bic" and value[:8] in {v[:8] for v in values}):
            reasons.append(Reason(
                "identifier", cfg.evidence["identifier_match"],
                f"{ident.type.upper()} {value} matches the listed entry", value, value,
            ))
        else:
            reasons.append(Reason(
                "identifier", cfg.evidence["identifier_conflict"],
                f"{ident.type.upper()} {value} differs from listed {', '.join(sorted(values))}",
                value, ", ".join(sorted(values)),
            ))
    return reasons
