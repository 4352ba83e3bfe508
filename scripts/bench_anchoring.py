"""Re-anchoring speed: 1,000 annotations on a ~100,000-character article after an edit
(goal ≤ 100 ms). The article is the Russian seed repeated 30 times: every passage occurs
30 times, the hardest case for telling places apart (without the old text every moved
annotation is ambiguous and orphaned: the rule, not a failure)."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from reader.core.annotations.anchoring import AnchoringReport, reanchor
from reader.core.annotations.format import Annotation, AnnotationFile
from reader.core.text.document import sha256_of

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "corpus" / "ru" / "2021-12-29-baiden-putin-vstrecha.txt"
GOAL_MS = 100.0
RUNS = 7


def _annotations(text: str, count: int = 1000) -> AnnotationFile:
    rng = random.Random(0)
    annotations = []
    for i in range(count):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randrange(5, 200)
        annotations.append(Annotation(f"a{i:05d}", "claim", start, end, text[start:end]))
    return AnnotationFile("ru/big.txt", sha256_of(text), "ru").with_annotations(annotations)


def _median_ms(func: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _edits(text: str) -> dict[str, str]:
    middle = len(text) // 2
    paragraph = text.index("\n\n", middle)
    next_paragraph = text.index("\n\n", paragraph + 2)
    return {
        "insertion near the start": "Обновлено: исправлена опечатка.\n\n" + text,
        "insertion in the middle": text[:middle] + " (уточнение редакции) " + text[middle:],
        "paragraph deleted + typo fixed": (text[:paragraph] + text[next_paragraph:]).replace(
            "встретиться", "встретится", 1
        ),
        "LF -> CRLF": text.replace("\n", "\r\n"),
    }


def main() -> None:
    lf = SEED.read_text(encoding="utf-8") * 30
    crlf = lf.replace("\n", "\r\n")
    print(
        f"1,000 annotations on a {len(lf):,}-character article (one article 30 times); "
        f"median of {RUNS} runs"
    )
    worst = 0.0
    cases = [(lf, name, new) for name, new in _edits(lf).items()]
    cases.append((crlf, "CRLF -> LF", lf))
    for text, name, new in cases:
        afile = _annotations(text)
        for label, old in (("", None), (", old text known", text)):
            report: AnchoringReport = reanchor(afile, new, old)[1]
            ms = _median_ms(lambda afile=afile, new=new, old=old: reanchor(afile, new, old))
            worst = max(worst, ms)
            print(f"  {name + label:<48} {ms:7.1f} ms   {report.summary()}")
    verdict = "met" if worst <= GOAL_MS else "MISSED"
    print(f"slowest {worst:.1f} ms; goal ≤ {GOAL_MS:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
