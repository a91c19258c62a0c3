"""`redline eval`: measure recall and false alerts on a deck generated from the loaded lists."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from redline.evaluation import baseline
from redline.evaluation.deck import clean_population, cross_script, exact_names, placebos, positives
from redline.evaluation.report import markdown, plot_curve
from redline.evaluation.run import measure, run_deck
from redline.evaluation.script_blind import ScriptBlindMatcher
from redline.output import console, err_console


def evaluate(
    engine: Any, out: Path, per_class: int, clean: int, exact: int, baseline_cases: int,
    seed: int = 7,
) -> dict[str, Any]:
    matcher = engine.matcher()
    index = matcher.index
    deck = positives(index, per_class, seed) + clean_population(index, clean, seed) + placebos(clean // 10 or 1, seed)
    exact_deck = exact_names(index, exact or None, seed)
    progress = Progress("{task.description}", BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err_console)
    with progress:
        task = progress.add_task("deck", total=len(deck))
        outcomes = run_deck(matcher, deck, progress=lambda n: progress.update(task, completed=n))
        task = progress.add_task("exact names", total=len(exact_deck))
        exact_out = run_deck(matcher, exact_deck, progress=lambda n: progress.update(task, completed=n), limit=1000)
        arabic_deck = cross_script(index, per_class, seed)
        task = progress.add_task("Arabic letters → Latin", total=len(arabic_deck))
        arabic_out = run_deck(ScriptBlindMatcher(matcher, frozenset({"Arab"})), arabic_deck,
                              progress=lambda n: progress.update(task, completed=n))
        base_metrics = None
        pairs_per_s = 0.0
        if baseline_cases and baseline.available():
            rng = random.Random(seed)
            # by position: the clean population repeats common names ("Marques" several
            # times), and selecting equal cases would count every copy of a sampled one
            pos = [n for n, c in enumerate(deck) if c.label]
            neg = [n for n, c in enumerate(deck) if not c.label]
            chosen = rng.sample(pos, min(baseline_cases, len(pos))) + rng.sample(neg, min(baseline_cases, len(neg)))
            sample = [deck[n] for n in chosen]
            task = progress.add_task("logic-v2 baseline", total=len(sample))
            base_out, pairs_per_s = baseline.run_logic_v2(
                matcher, sample, progress=lambda n: progress.update(task, completed=n))
            base_metrics = measure(base_out, 0.7)
            ours_same = measure([outcomes[n] for n in chosen], matcher.cfg.threshold)
        else:
            ours_same = None
    metrics = measure(outcomes, matcher.cfg.threshold)
    exact_metrics = measure(exact_out, matcher.cfg.threshold)
    arabic_metrics = measure(arabic_out, matcher.cfg.threshold)
    extra = {
        "lists": ", ".join(sorted(engine.list_versions().values())),
        "deck": f"{sum(metrics.cases_by_class.values())} manipulated, {metrics.clean_cases} clean+placebo, seed {seed}",
        "exact gate": f"{exact_metrics.recall * 100:.3f} % of {len(exact_out)} listed names/aliases found as written",
        "Arabic letters → names listed only in Latin": (
            f"{arabic_metrics.recall * 100:.1f} % of {len(arabic_out)} people listed in both scripts, their "
            "Arabic-script names screened with every Arabic-script listed name hidden (not in the recall above)"
        ),
    }
    if base_metrics is not None and ours_same is not None:
        extra["logic-v2 (same sample, same candidates)"] = (
            f"recall {base_metrics.recall * 100:.2f} % / false alerts "
            f"{base_metrics.false_alert_rate * 100:.2f} % at 0.70 "
            f"vs redline {ours_same.recall * 100:.2f} % / {ours_same.false_alert_rate * 100:.2f} %; "
            f"logic-v2 {pairs_per_s:.0f} pairs/s"
        )
    out.mkdir(parents=True, exist_ok=True)
    curves = {"redline": metrics}
    if base_metrics is not None:
        curves["logic-v2"] = base_metrics
    plot_curve(out / "threshold_curve.png", curves, matcher.cfg.threshold)
    (out / "report.md").write_text(markdown(metrics, base_metrics, extra), "utf-8")
    return {"metrics": metrics, "exact": exact_metrics, "baseline": base_metrics, "extra": extra,
            "arabic_to_latin": arabic_metrics}


def register(app: typer.Typer, get_engine: Callable[[], Any]) -> None:
    @app.command("eval")
    def eval_command(
        out: Annotated[Path, typer.Option(help="Folder for report.md and the curve PNG.")] = Path("artifacts/eval"),
        per_class: Annotated[int, typer.Option(help="Variants per manipulation class.")] = 300,
        clean: Annotated[int, typer.Option(help="Clean (non-listed) names.")] = 5000,
        exact: Annotated[int, typer.Option(help="Listed names screened as written (0 = all).")] = 0,
        baseline_cases: Annotated[int, typer.Option(help="Cases scored by logic-v2 too (0 = skip).")] = 300,
        seed: int = 7,
    ) -> None:
        """Recall per manipulation class, false alerts, threshold curve, logic-v2 side by side."""
        result = evaluate(get_engine(), out, per_class, clean, exact, baseline_cases, seed)
        m = result["metrics"]
        console.print(f"recall {m.recall * 100:.2f} %  false alerts {m.false_alert_rate * 100:.2f} %  "
                      f"exact gate {result['exact'].recall * 100:.3f} %")
        for kind, value in m.recall_by_class.items():
            console.print(f"  {kind:15} {value * 100:6.2f} %  ({m.cases_by_class[kind]})")
        for key, value in result["extra"].items():
            console.print(f"{key}: {value}")
        console.print(f"report: {out / 'report.md'}")
