"""Write the evaluation as a Markdown report and a threshold-curve PNG."""

from __future__ import annotations

from pathlib import Path

from redline.evaluation.run import Metrics


def plot_curve(path: Path, curves: dict[str, Metrics], threshold: float) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for label, metrics in curves.items():
        ts = [c[0] for c in metrics.curve]
        ax1.plot(ts, [c[1] * 100 for c in metrics.curve], label=f"{label} recall")
        ax2.plot(ts, [c[2] * 100 for c in metrics.curve], label=f"{label} false alerts")
    for ax, title in ((ax1, "recall on manipulated listed names (%)"),
                      (ax2, "false alerts on clean names (%)")):
        ax.axvline(threshold, color="grey", linestyle="--", linewidth=1)
        ax.set_xlabel("threshold")
        ax.set_title(title)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(metrics: Metrics, baseline: Metrics | None, extra: dict[str, str]) -> str:
    lines = ["# redline matcher evaluation", ""]
    for key, value in extra.items():
        lines.append(f"- {key}: {value}")
    lines += ["", f"## At the default threshold {metrics.threshold:.2f}", ""]
    header = "| class | cases | redline recall |" + (" logic-v2 recall |" if baseline else "")
    lines += [header, "|---|---|---|" + ("---|" if baseline else "")]
    for kind, recall in metrics.recall_by_class.items():
        row = f"| {kind} | {metrics.cases_by_class[kind]} | {recall * 100:.2f} % |"
        if baseline:
            row += f" {baseline.recall_by_class.get(kind, 0) * 100:.2f} % |"
        lines.append(row)
    row = f"| **overall** | {sum(metrics.cases_by_class.values())} | **{metrics.recall * 100:.2f} %** |"
    if baseline:
        row += f" {baseline.recall * 100:.2f} % |"
    lines.append(row)
    fa = f"| **false alerts (clean+placebo)** | {metrics.clean_cases} | **{metrics.false_alert_rate * 100:.2f} %** |"
    if baseline:
        fa += f" {baseline.false_alert_rate * 100:.2f} % (at 0.70) |"
    lines += [fa, "", "## Threshold curve", "", "| threshold | recall | false alerts |", "|---|---|---|"]
    for t, r, f in metrics.curve[::5]:
        lines.append(f"| {t:.2f} | {r * 100:.2f} % | {f * 100:.2f} % |")
    lines += ["", "## Precision per score band", "", "| band | hits | precision |", "|---|---|---|"]
    for band, total, precision in metrics.bands:
        lines.append(f"| {band} | {total} | {precision * 100:.1f} % |")
    lines += ["", f"Query latency over the deck: p50 {metrics.p50_ms:.2f} ms, p99 {metrics.p99_ms:.2f} ms.", ""]
    if metrics.misses:
        lines += ["## Sample misses", ""]
        for o in metrics.misses[:25]:
            lines.append(
                f"- [{o.case.kind}] `{o.case.query}` ← `{o.case.source}` ({o.case.label}, score {o.label_score:.2f})"
            )
    if metrics.false_alerts:
        lines += ["", "## Sample false alerts", ""]
        for o in metrics.false_alerts[:25]:
            lines.append(f"- `{o.case.query}` ({o.case.kind}) → {o.candidates[:1]} score {o.top_score:.2f}")
    return "\n".join(lines) + "\n"
