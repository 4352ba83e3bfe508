"""Generate a corpus of news-like texts for benchmarks: deterministic, fast, shaped like real
wire copy (headlines, datelines such as `NAIROBI, Kenya (AP) _` or `МОСКВА, 29 дек — РИА
Новости.`, bylines, `date YYYY-MM-DD` headers), in English and Russian with inflected names
(Путин, Путина, Путину, Путиным), some files in cp1251, some with CRLF or a BOM, sizes
spread like news (most a few kB, a long tail), and a few annotation files.

    python scripts/make_corpus.py /tmp/corpus --texts 100000
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

EN_SUBJECTS = [
    "President Joe Biden", "Russian President Vladimir Putin", "Putin", "Biden", "The Kremlin",
    "The White House", "NATO officials", "Ukraine's foreign minister", "Police in Nairobi",
    "The central bank", "Health officials", "Protesters", "The European Union", "China",
    "Lawmakers", "The company", "Investors", "Dmitry Peskov", "Secretary of State Antony Blinken",
]  # fmt: skip
EN_VERBS = [
    "said on Tuesday that", "warned that", "announced that", "denied reports that",
    "told reporters that", "agreed that", "insisted that", "confirmed that", "hinted that",
]  # fmt: skip
EN_CLAUSES = [
    "talks with Russia would continue in January", "the meetings had been productive",
    "prices rose sharply in December", "the border would remain closed", "a meeting was planned",
    "sanctions would follow any invasion", "the vote was postponed", "troops were moving",
    "the economy grew faster than expected", "new meetings were scheduled in Geneva",
    "the talks ended without agreement", "inflation hit a record", "more rain is expected",
]  # fmt: skip
EN_TAILS = ["", " on Wednesday", " next week", ", officials said", " in Geneva", " in 2022"]
RU_SUBJECTS = [
    "Президент России Владимир Путин", "Путин", "Байден", "Кремль", "Пресс-секретарь Путина",
    "Дмитрий Песков", "Глава МИД", "Министерство обороны", "Центробанк", "Госдума",
    "Собеседник Путина", "Американская сторона", "Эксперты", "Правительство",
]  # fmt: skip
RU_VERBS = ["заявил, что", "сообщил, что", "отметил, что", "подчеркнул, что", "напомнил, что"]
RU_CLAUSES = [
    "встреча с Путиным состоится в январе", "переговоры продолжатся в Женеве",
    "Байден направил Путину письмо", "позиция Путина не изменилась", "цены выросли в декабре",
    "санкции будут введены", "решение примут на следующей неделе", "встречи прошли успешно",
    "разговор с Путиным был конструктивным", "инфляция ускорилась", "снег выпадет в Москве",
]  # fmt: skip
RU_TAILS = ["", " в среду", " на следующей неделе", ", сообщили в Кремле", " в 2022 году"]
EN_PLACES = ["NAIROBI, Kenya", "MOSCOW", "WASHINGTON", "GENEVA", "KYIV, Ukraine", "LONDON"]
RU_PLACES = ["МОСКВА", "ВАШИНГТОН", "ЖЕНЕВА", "КИЕВ", "САНКТ-ПЕТЕРБУРГ"]
RU_MONTHS = ["янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
AUTHORS = ["Jane Doe", "ANKASAM Ekip", "Ivan Petrov", "Maria Lopez"]
POOL = 4000  # sentences per language, composed once and reused


def _sentences(rng: random.Random, russian: bool) -> list[str]:
    subjects, verbs, clauses, tails = (
        (RU_SUBJECTS, RU_VERBS, RU_CLAUSES, RU_TAILS)
        if russian
        else (EN_SUBJECTS, EN_VERBS, EN_CLAUSES, EN_TAILS)
    )
    return [
        f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(clauses)}{rng.choice(tails)}."
        for _ in range(POOL)
    ]


def _size(rng: random.Random) -> int:
    """Characters of body: log-normal around 2,500 (real news), capped at 60,000."""
    return min(60_000, int(math.exp(rng.gauss(7.7, 0.6))))


def _article(rng: random.Random, russian: bool, pool: list[str], day: tuple[int, int, int]) -> str:
    year, month, date = day
    headline = rng.choice(pool)[:-1]
    if len(headline) > 90:
        headline = headline[:90].rsplit(" ", 1)[0]
    shape = rng.random()
    lines: list[str] = []
    if shape < 0.25:
        lines.append(f"date {year:04d}-{month:02d}-{date:02d}")
    if russian:
        lead = f"{rng.choice(RU_PLACES)}, {date} {RU_MONTHS[month - 1]} — РИА Новости. "
    elif shape < 0.5:
        lead = f"{rng.choice(EN_PLACES)} (AP) _ "
    else:
        lead = f"{rng.choice(EN_PLACES)}, {EN_MONTHS[month - 1]} {date} (Reuters) - "
    if shape < 0.15:  # a dateline on a line of its own, before the headline
        lines.append(lead.strip())
        lead = ""
    lines.append(headline)
    if rng.random() < 0.2:
        lines.append(("Автор: " if russian else "by ") + rng.choice(AUTHORS))
    lines.append("")
    # A run of the shared pool (sliced in one go: per-sentence choices cost a minute).
    count = max(2, _size(rng) // 70)
    first = rng.randrange(POOL)
    sentences = pool[first : first + min(count, POOL)]
    sentences[0] = lead + sentences[0]
    step = 2 + rng.randrange(4)
    lines.extend(" ".join(sentences[i : i + step]) + "\n" for i in range(0, len(sentences), step))
    return "\n".join(lines) + "\n"


def _annotation(rel: str, text: str, rng: random.Random) -> str:
    start = text.index("\n\n") + 2
    quote = text[start : start + 10]
    author = rng.choice(["alice", "bob"])
    return (
        f"document: {rel}\nsha256: generated\nannotations:\n- id: g1\n  tag: quote\n"
        f"  start: {start}\n  end: {start + len(quote)}\n  text: {json.dumps(quote)}\n"
        f"  author: {author}\n"
    )


def _write(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def make_part(root: Path, texts: range, seed: int) -> None:
    """Write the articles numbered ``texts`` (each from its own seeded generator, so parts
    made in parallel give the same corpus as one run)."""
    pools = {
        False: _sentences(random.Random(seed), False),
        True: _sentences(random.Random(seed), True),
    }
    corpus = str(root / "corpus")
    for n in texts:
        rng = random.Random(seed * 1_000_003 + n)
        russian = rng.random() < 0.45
        year, month = 2021 + n % 2, 1 + (n // 2) % 12
        date = 1 + rng.randrange(28)
        text = _article(rng, russian, pools[russian], (year, month, date))
        lang = "ru" if russian else "en"
        rel = f"{lang}/{year:04d}-{month:02d}/{year:04d}-{month:02d}-{date:02d}-{n:06d}.txt"
        shape = rng.random()
        if russian and shape < 0.05:
            data = text.encode("cp1251", "replace")
        elif shape < 0.15:
            data = text.replace("\n", "\r\n").encode("utf-8")
        elif shape < 0.17:
            data = b"\xef\xbb\xbf" + text.encode("utf-8")
        else:
            data = text.encode("utf-8")
        _write(f"{corpus}/{rel}", data)
        if n % 100 == 7 and shape >= 0.17:
            target = root / "annotations" / Path(rel).with_suffix(".yaml")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_annotation(rel, text, rng), encoding="utf-8")


def make_corpus(root: Path, texts: int, seed: int = 0, workers: int | None = None) -> None:
    """Write ``texts`` articles under ``root/corpus`` (and ``root/reader.yaml``)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "reader.yaml").write_text("languages: [en, ru]\n", encoding="utf-8")
    for lang in ("en", "ru"):
        for year in (2021, 2022):
            for month in range(1, 13):
                (root / "corpus" / lang / f"{year:04d}-{month:02d}").mkdir(
                    parents=True, exist_ok=True
                )
    workers = workers or os.cpu_count() or 1
    parts = [range(i, texts, workers) for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(make_part, [root] * workers, parts, [seed] * workers))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder to create (a project: corpus/ inside)")
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.root.exists() and any(args.root.iterdir()):
        print(f"{args.root}: exists and is not empty", file=sys.stderr)
        return 2
    started = time.perf_counter()
    make_corpus(args.root, args.texts, args.seed)
    print(f"{args.texts} texts in {time.perf_counter() - started:.1f} s under {args.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
