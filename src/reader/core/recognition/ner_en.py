"""English entities by rules: capitalised runs, split on titles and roles, typed by word lists.

1. Tokens are grouped into runs of capitalised words (``of``/``the``/``de``… may
   join them; a lower-case organisation head such as ``alliance`` may end them).
2. Each run is read left to right: known phrases (the registry's aliases, the
   gazetteer's places and organisations, "LONDON" as London) first; a run ending in
   an organisation head ("Foreign Ministry") is an ORG, with its country adjective;
   titles and roles ("President", "Secretary of State") are dropped and split the
   run, and a name after a role is a PER; a known given name starts a PER.
3. Document-level consistency: a surname seen in a full name ("Joe Biden") links
   later mentions ("Biden") to it; a string typed once keeps its type; unknown
   all-capital words are ORGs; an unknown name before "said" or after "met" or a
   lower-case role ("foreign minister Lavrov") is a PER.
   Sentence-initial words and heading lines count only when they start a known
   phrase or are seen capitalised mid-sentence elsewhere; after an unknown one
   ("Goldman Sachs") the rest of its run is dropped too, unless it is known on its own.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from reader.core.recognition.gazetteer import Gazetteer, gazetteer
from reader.core.recognition.registry import EntityRegistry

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}[A-Z]?|[^\W\d_][\w]*(?:[.’'&-][^\W_]\w*)*")
_POSSESSIVE = re.compile(r"[’']s$")
_CONNECTORS = frozenset({"of", "the", "de", "da", "van", "von", "bin", "al", "la", "del", "du"})
_NEVER = frozenset({"I", "I’m", "I'm", "I’ve", "I've", "I’ll", "I'll", "I’d", "I'd", "OK", "A"})
_SENTENCE_PUNCT = frozenset('.!?…:;•*·–—-"“”«»(')
_ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|(?:[A-Z]\.){2,}[A-Z]?)$")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_REPORTING_VERBS = (
    r"said|says|noted|added|told|stressed|explained|wrote|urged|warned|asked|argued|insisted|"
    r"promised|called|criticised|criticized|denied|repeated|recalled|tweeted|replied|admitted"
)
_SAID_AFTER = re.compile(rf"^,?\s+(?:{_REPORTING_VERBS}|who)\b")
# After a sentence-initial unknown name, a verb that tells a person: reporting verbs,
# auxiliaries and modals ("Guterres will visit", "Gundogan had given").
_PERSON_VERB_AFTER = re.compile(
    rf"^\s+(?:(?:{_REPORTING_VERBS})\b|(?:will|would|has|had|was|is|could|should|can|must|"
    r"might|met|visited|spoke|resigned|won|lost)\s)"
)
# Organisations without a head word, told by their context.
_ORG_AFTER = re.compile(
    r"^(?:[’']s)?\s+(?:shares|stock|Inc\b|Corp\b|plc\b|Ltd\b|said it\b|said its\b)|"
    # "a Boeing spokesman", "Nvidia chief executive" (not "Putin's spokesman": a possessive)
    r"^\s+(?:spokes(?:man|woman|person)|chief executive|CEO|executives|employees|workers|"
    r"shareholders|board)\b|"
    r"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:company|group|firm|bank|lender|insurer|"
    r"carrier|airline|exchange|maker|chipmaker|carmaker|automaker|retailer|broadcaster|"
    r"agency|network|platform|app|party|club|team|charity|union|giant|conglomerate|fund)\b"
)
_ORG_BEFORE = re.compile(
    r"\b(?i:shares in|shares of|stake in|analysts at|economists at|strategists at|workers at|"
    r"staff at|employees at|executives at|rivals?|chipmakers?|carmakers?|automakers?|lenders?|"
    r"insurers?|banks|companies|firms|broadcasters?|exchanges?|retailers?|airlines?|"
    r"platforms?|apps?|clubs?|miners?)\s+$"
)
_LOC_AFTER = re.compile(
    r"^\s+(?:province|region|state|county|district|port|crossing|airport|river|valley|island|"
    r"peninsula|oblast|governorate|prefecture)\b"
)
_PLURAL_NOUN = re.compile(r"(?:ers|ists|ians|ants|ents|ors|ials|ives|ies)$")
_AND = re.compile(r"\s+and\s+")
_AND_AFTER = re.compile(r"^\s+and\s+[A-Z]")
# A descriptor before a name opening a sentence: "Billionaire Elon Musk said".
_DESCRIPTOR = re.compile(r"(?:aire|er|ist|ian|or|ant|ent|star|chief)$")
_PAST_VERB_AFTER = re.compile(r"^\s+[a-z]+ed\b")
_LOC_BEFORE = re.compile(r"\b(?:in|near|outside|across|into|towards)\s+$")
# Last words that make an unknown run of capitalised words an organisation, not a person.
_ORG_TAILS = _word_set(
    "Sachs Stanley Fargo Suisse Mills Energy Motors Airlines Airways Holdings Capital Partners "
    "Consult Golf Tour International Media News Technologies Systems Pharmaceuticals Electric "
    "Petroleum Oil Gas Steel Chemical Insurance Securities Investments Ventures Labs "
    "Studios Records Entertainment Communications Telecom Networks Express Mobile Software "
    "Robotics Aerospace Industries Foods Brands Stores Markets Forum Command Exchange Motor "
    "Health Pharma Bancorp Financial Trust Logistics Shipping Mining Resources Solutions Reserve "
    "Authority Railways Broadcasting Network Watch"
)
# Places without a list: by their first or last word ("Camp David", "Khalifa Stadium").
_LOC_FIRSTS = _word_set("Camp Mount Lake Cape Fort Port Gulf Bay Sea Strait Isle")
_LOC_TAILS = _word_set(
    "Stadium Arena Airport Square Park Bridge Street Avenue Island Islands Mountains Sea Ocean "
    "Gulf Bay Lake River Valley Desert Strait Canal Peninsula Hall Plaza Dam Base Crossing"
)
# Named events and storms are not entities ("World Cup", "Hurricane Idalia").
_EVENT_FIRSTS = _word_set("Hurricane Typhoon Storm Cyclone Operation Tropical")
_EVENT_TAILS = _word_set(
    "Cup Olympics Games Championship Championships Summit Festival Awards Prize Week War Open "
    "Expo Marathon Grand"
)
_CAMEL_CASE = re.compile(r"^[A-Z]*[a-z]+[A-Z]|^[A-Z]{2,}[a-z]")
# A wire dateline: "FRANKFURT, March 15 (Reuters) -", "HUALIEN, Taiwan, April 10 -".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+)*)"
    r"(?=(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)?,\s+(?:[A-Z][a-z]{2,8}\.?\s+\d|\d))",
    re.M,
)
# Before a name: meeting and talking verbs, lower-case roles ("met Lavrov", "minister Lavrov").
_PERSON_BEFORE = re.compile(
    r"\b(?:(?:met|meets|meet|meeting|spoke|speaks|talked|talks|conversation|call)\s+(?:with|to)|"
    r"met|meets|phoned|telephoned|counterpart|minister|secretary|spokesman|spokeswoman|"
    r"spokesperson|ambassador|envoy|adviser|advisor|aide|chancellor|premier|senator)\s+$"
)
# Words that open sentences: after one of these, the rest of a capitalised run is read.
_OPENER_WORDS = (
    "the a an this that these those there here it its he she they we you his her their our "
    "my your who what when where why how which whose while whether if unless although though "
    "because since as after before until till once so but and or nor yet for with without "
    "within from into to in on at by of about above below across against among amid around "
    "between beyond during despite except over through throughout toward towards under unlike "
    "like upon via also even only just still then thus however meanwhile moreover furthermore "
    "nevertheless instead otherwise indeed today yesterday tomorrow tonight now later earlier "
    "recently currently previously last next first finally eventually both either neither each "
    "every all any some many most much more few several no not other another such according "
    "asked speaking following ahead perhaps yes well do does did is are was were has have had "
    "will would can could should may might must let please thanks dear"
)
_OPENERS = frozenset(_OPENER_WORDS.split())
_MAX_PER_TOKENS = 4
_ABBREVIATIONS = frozenset(
    {"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Adm", "Capt", "Sgt", "Sen", "Rep"}
    | {"Gov", "St", "Jr", "Sr", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec"}
)


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    initial: bool  # sentence-initial or on a heading line


@dataclass(slots=True)
class Mention:
    """A typed span before document-level linking (``type`` "?" is still unknown)."""

    start: int
    end: int
    type: str
    text: str
    value: str
    initial: bool = False  # starts a sentence: capitalised anyway, weaker evidence


# Arabic name particles joined to a capitalised name ("al-Burhan", "bin-Salman").
_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|bin|ibn|abu)-[A-Z]")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or _NAME_PARTICLE.match(word) is not None


def _heading_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of short lines without final punctuation: headings, captions, debris."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        words = body.split()
        if body and len(words) <= 8 and body[-1] not in '.!?…"”»,;' and "  " not in body:
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    saw_newline = False
    while i >= 0 and (text[i].isspace() or text[i] in "\"“”«»('‘’•*·"):
        saw_newline = saw_newline or text[i] in "\n\r"
        if text[i] in "\"“«('‘•*·" and not text[i].isspace():
            return True
        i -= 1
    if i >= 0 and text[i] == "." and not saw_newline:
        before = re.search(r"(\w+)\.$", text[max(0, i - 6) : i + 1])
        if before and (before.group(1) in _ABBREVIATIONS or len(before.group(1)) == 1):
            return False  # "Mr. Smith", "John F. Kennedy", "U.S. officials"
    return i < 0 or saw_newline or text[i] in _SENTENCE_PUNCT


def _tokens(text: str) -> list[_Token]:
    headings = _heading_lines(text)
    out = []
    h = 0
    for m in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", m.group(0))
        while h < len(headings) and headings[h][1] <= m.start():
            h += 1
        in_heading = h < len(headings) and headings[h][0] <= m.start()
        initial = in_heading or _sentence_initial(text, m.start())
        end = m.start() + len(word)
        if text.startswith(".", end) and word in _ABBREVIATIONS:
            word, end = word + ".", end + 1
        out.append(_Token(m.start(), end, word, initial))
        if end < m.end():  # a possessive ends the run: mark it with a non-capital token
            out.append(_Token(end, m.end(), "’s", False))
    return out


# White space that ends a line or separates records (str.isspace() counts them as spaces).
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def _joined(text: str, last: _Token, tok: _Token) -> bool:
    """True if ``tok`` follows ``last`` after plain spaces (no newline, no possessive)."""
    gap = text[last.end : tok.start]
    return gap != "" and gap.isspace() and not any(ch in _BREAKS for ch in gap)


def _runs(text: str, tokens: list[_Token], gaz: Gazetteer) -> list[list[_Token]]:
    """Groups of capitalised tokens separated by single spaces, joined by connectors."""
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    pending: list[_Token] = []
    for tok in tokens:
        last = (pending or current)[-1] if current else None
        if last is None or not _joined(text, last, tok):
            if current:
                runs.append(current)
            current, pending = [], []
        if _is_cap(tok.text) and tok.text not in _NEVER:
            current.extend(pending)
            current.append(tok)
            pending = []
        elif current and tok.text in _CONNECTORS:
            pending.append(tok)
        else:
            if current and not pending and tok.text.capitalize() in gaz.org_heads:
                current.append(tok)
            if current:
                runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


class _RunReader:
    """Reads one run left to right into mentions."""

    def __init__(
        self,
        gaz: Gazetteer,
        registry: EntityRegistry | None,
        seen_mid: set[str],
        seen_lower: set[str],
        mid_starts: set[str],
        text: str,
    ):
        self.gaz = gaz
        self.text = text
        self.registry = registry
        self.seen_mid = seen_mid  # capitalised words seen mid-sentence
        self.seen_lower = seen_lower  # words seen in lower case
        self.mid_starts = mid_starts  # words that start a capitalised run mid-sentence
        self.max_role = max((len(r) for r in gaz.role_phrases), default=0)

    def role_phrase_end(self, run: list[_Token], i: int) -> int | None:
        """End index of a role of several words ("Secretary of State") starting at ``i``."""
        for j in range(min(len(run), i + self.max_role), i + 1, -1):
            if tuple(t.text for t in run[i:j]) in self.gaz.role_phrases:
                return j
        return None

    def known_phrase(self, run: list[_Token], i: int) -> tuple[int, str, str] | None:
        """Longest known phrase starting at token ``i``: (end index, type, canonical)."""
        limit = min(len(run), i + self.gaz.max_phrase_tokens)
        for j in range(limit, i, -1):
            phrase = " ".join(t.text for t in run[i:j])
            if self.registry is not None:
                entry = self.registry.lookup(phrase)
                if entry is not None:
                    return j, entry.type, entry.name
            if phrase in self.gaz.organisations:
                return j, "ORG", self.gaz.organisations[phrase]
            if phrase in self.gaz.places and not (j - i == 1 and self._name_then_cap(run, i)):
                return j, "LOC", self.gaz.places[phrase]
            if len(phrase) > 3 and phrase.isupper() and phrase.title() in self.gaz.places:
                return j, "LOC", self.gaz.places[phrase.title()]  # a dateline: "LONDON, Feb 9"
        return None

    def _name_then_cap(self, run: list[_Token], i: int) -> bool:
        """A given name followed by another capitalised word (Geneva Smith): a person."""
        nxt = run[i + 1] if i + 1 < len(run) else None
        return (
            run[i].text in self.gaz.given_names
            and nxt is not None
            and _is_cap(nxt.text)
            and nxt.text not in self.gaz.roles
        )

    def org_head_end(self, run: list[_Token], i: int) -> int | None:
        """End index of an ORG that starts at ``i`` and ends on a head word, if any."""
        for j in range(i, len(run)):
            word = run[j].text
            if word.capitalize() in self.gaz.org_heads:
                end = j + 1
                # "Ministry of Foreign Affairs": the of-phrase belongs to the organisation.
                while end < len(run) and (run[end].text in _CONNECTORS or _is_cap(run[end].text)):
                    if run[end].text in self.gaz.given_names:
                        break
                    end += 1
                while run[end - 1].text in _CONNECTORS:
                    end -= 1
                return end if j > i or word[0].isupper() else None
            if word in self.gaz.given_names or (j > i and word in _CONNECTORS):
                return None
        return None

    def _skip_initial(self, run: list[_Token], i: int) -> int:
        """Where to go on after an unknown sentence-initial word at ``i``.

        After a function word ("When Putin met…") the rest of the run is read. Any other
        word may begin a name the rules do not know ("Goldman Sachs", "Hong Kong"): its
        tail is skipped too unless it starts with a word known on its own.
        """
        if self._common(run[i].text):
            return i + 1
        end = i + 1
        while end < len(run) and self._plain(run[end]) and not self._tail_known(run, end):
            end += 1
        return end

    def _common(self, word: str) -> bool:
        """A function word or a word seen in lower case: not part of a name."""
        return word.lower() in _OPENERS or word.lower() in self.seen_lower

    def _tail_known(self, run: list[_Token], i: int) -> bool:
        word = run[i].text
        g = self.gaz
        return (
            word in self.mid_starts
            or word in g.given_names
            or word in g.demonyms
            or self.known_phrase(run, i) is not None
        )

    def read(self, run: list[_Token]) -> list[Mention]:
        out: list[Mention] = []
        i = 0
        after_role = False
        while i < len(run):
            tok = run[i]
            if tok.text in _CONNECTORS:
                after_role = after_role and tok.text not in ("of",)
                i += 1
                continue
            role_end = self.role_phrase_end(run, i)
            if role_end is not None:
                i, after_role = role_end, True
                continue
            known = self.known_phrase(run, i)
            head_end = self.org_head_end(run, i)
            # An unknown sentence-initial word: skipped, unless it starts a known phrase or
            # an organisation ("Deutsche Bank"; not "The ... Ministry", not "Police").
            if (
                tok.initial
                and known is None
                and not self._known_word(tok.text)
                and (head_end is None or self._common(tok.text) or tok.text in self.gaz.org_heads)
            ):
                end = self._skip_initial(run, i)
                if self._name_before_verb(run, i, end):
                    first = i + 1 if end - i == 3 and _DESCRIPTOR.search(tok.text) else i
                    out.append(self._mention(run, first, end, "?", None, initial=first == i))
                i = end
                continue
            if head_end is not None and (known is None or head_end > known[0]):
                out.append(self._mention(run, i, head_end, "ORG", None))
                i, after_role = head_end, False
                continue
            if known is not None:
                end, type_, canonical = known
                out.append(self._mention(run, i, end, type_, canonical))
                i, after_role = end, False
                continue
            if tok.text in self.gaz.roles or tok.text in self.gaz.demonyms:
                after_role = tok.text in self.gaz.roles or after_role
                i += 1
                continue
            if after_role or tok.text in self.gaz.given_names:
                end = self._person_end(run, i)
                if end - i > 1 or after_role or tok.text not in self.gaz.places:
                    out.append(self._mention(run, i, end, "PER", None))
                    i, after_role = end, False
                    continue
            end = i + 1
            while end < len(run) and self._plain(run[end]) and not self.known_phrase(run, end):
                end += 1
            end = self._of_phrase_end(run, i, end)
            out.append(self._mention(run, i, end, "?", None))
            i = end
        return out

    def _known_word(self, word: str) -> bool:
        """Whether a sentence-initial word may start an entity."""
        g = self.gaz
        return (
            word in self.seen_mid
            or word in g.given_names
            or word in g.roles
            or word in g.demonyms
            or word in g.places
            or word in g.organisations
            or (self.registry is not None and self.registry.lookup(word) is not None)
        )

    def _plain(self, tok: _Token) -> bool:
        g = self.gaz
        return _is_cap(tok.text) and not (
            tok.text in g.roles or tok.text in g.demonyms or tok.text.capitalize() in g.org_heads
        )

    def _person_end(self, run: list[_Token], i: int) -> int:
        end = i + 1
        while end < len(run) and end - i < _MAX_PER_TOKENS and self._plain(run[end]):
            if self.known_phrase(run, end) is not None and run[end].text not in self.seen_mid:
                break
            end += 1
        return end

    def _of_phrase_end(self, run: list[_Token], i: int, end: int) -> int:
        """A place's of-phrase joins it ("Cape of Good Hope", "Great Hall of the People")."""
        if run[i].text not in _LOC_FIRSTS and run[end - 1].text not in _LOC_TAILS:
            return end
        j = end
        while j < len(run) and run[j].text in _CONNECTORS:
            j += 1
        if j == end or j == len(run):
            return end
        stop = j
        while stop < len(run) and self._plain(run[stop]):
            stop += 1
        return stop if stop > j else end

    def _name_before_verb(self, run: list[_Token], i: int, end: int) -> bool:
        """An unknown sentence-initial run that ends the run right before a verb telling a
        person or an organisation ("Erdogan repeated", "Binance pulled out", "Tesla shares"),
        or an acronym."""
        if end != len(run) or end - i > 3 or self._common(run[i].text):
            return False
        if end - i == 1 and len(run[i].text) > 2 and _ACRONYM.match(run[i].text):
            return True  # "UEFA, the governing body, agreed"
        if end - i == 1 and _PLURAL_NOUN.search(run[i].text):
            return False  # "Golfers reacted", "Officials said"
        after = self.text[run[-1].end : run[-1].end + 60]
        return bool(
            _SAID_AFTER.match(after)
            or _PERSON_VERB_AFTER.match(after)
            or _ORG_AFTER.match(after)
            or _PAST_VERB_AFTER.match(after)
            or _AND_AFTER.match(after)
        )

    @staticmethod
    def _mention(
        run: list[_Token],
        i: int,
        j: int,
        type_: str,
        canonical: str | None,
        *,
        initial: bool = False,
    ) -> Mention:
        start, end = run[i].start, run[j - 1].end
        text = " ".join(t.text for t in run[i:j])
        return Mention(start, end, type_, text, canonical or text, initial)


def _link(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Document-level consistency: surnames link to full names; one string, one type."""
    full_names: dict[str, str] = {}
    typed: dict[str, tuple[str, str]] = {}
    for m in mentions:
        if m.type == "PER" and " " in m.text:
            full_names.setdefault(m.text.split()[-1], m.value)
            full_names.setdefault(m.text, m.value)
        if m.type != "?":
            typed.setdefault(m.text, (m.type, m.value))
    for m in mentions:
        if m.type == "PER" and m.text in full_names:
            m.value = full_names[m.text]
        if m.type == "?":
            if m.text in full_names:
                m.type, m.value = "PER", full_names[m.text]
            elif m.text in typed:
                m.type, m.value = typed[m.text]
            else:
                m.type = _type_by_context(text, m, gaz) or "?"
    # Coordination: "Swati Dhingra and Silvana Tenreyro voted" — an unknown run takes the
    # type of the name it is joined to by "and".
    for m, nxt in itertools.pairwise(mentions):
        if m.type == "?" and nxt.type in ("PER", "ORG") and _AND.fullmatch(text, m.end, nxt.start):
            m.type = nxt.type
    return [m for m in mentions if m.type != "?"]


def _type_by_context(text: str, m: Mention, gaz: Gazetteer) -> str | None:
    """The type of an unknown capitalised run from its shape and its neighbours, if any."""
    words = m.text.split()
    if len(words) == 1 and m.text.removesuffix("s") in gaz.demonyms:
        return None  # "the Russians will do the same"
    after = text[m.end : m.end + 60]
    before = text[max(0, m.start - 40) : m.start]
    if words[0] in _EVENT_FIRSTS or words[-1] in _EVENT_TAILS:
        return None
    if words[0] in _LOC_FIRSTS or words[-1] in _LOC_TAILS:
        return "LOC"
    if _ACRONYM.match(m.text) or any(_CAMEL_CASE.match(w) for w in words):
        return "ORG"
    if words[-1] in _ORG_TAILS or _ORG_AFTER.match(after) or _ORG_BEFORE.search(before):
        return "ORG"
    if len(words) <= 2 and (_LOC_AFTER.match(after) or _LOC_BEFORE.search(before)):
        return "LOC"
    if len(words) > 3:
        return None
    if _SAID_AFTER.match(after) or _PERSON_BEFORE.search(before) or _PERSON_VERB_AFTER.match(after):
        return "PER"
    if m.initial and _PAST_VERB_AFTER.match(after):
        return "PER"  # "Haaland trained normally": surnames open news sentences more than firms
    # Two or three unknown capitalised words in mid-sentence: a person's name, the most
    # frequent kind of name in news that no list holds ("Ritsu Doan", "Keir Starmer").
    return "PER" if len(words) > 1 and not m.initial else None


def recognise_english(text: str, registry: EntityRegistry | None = None) -> list[Mention]:
    """PER, ORG and LOC mentions of an English text, sorted by position."""
    gaz = gazetteer()
    tokens = _tokens(text)
    seen_mid = {t.text for t in tokens if not t.initial and _is_cap(t.text)}
    seen_lower = {t.text for t in tokens if t.text.islower()}
    runs = _runs(text, tokens, gaz)
    mid_starts = {run[0].text for run in runs if not run[0].initial}
    reader = _RunReader(gaz, registry, seen_mid, seen_lower, mid_starts, text)
    mentions: list[Mention] = []
    for run in runs:
        mentions.extend(reader.read(run))
    mentions = _with_datelines(text, mentions, gaz)
    return _link(text, mentions, gaz)


def _with_datelines(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """``mentions`` with an all-capital place opening a line before a date ("FRANKFURT,
    March 15", "HUALIEN, Taiwan, April 10") as a LOC, in place of any other reading of
    those capitals (an acronym's ORG); a known place keeps its own canonical name."""
    out = list(mentions)
    for m in _DATELINE.finditer(text):
        place = m.group("place")
        if len(place) < 3 or place in gaz.organisations:
            continue
        overlapping = [x for x in out if x.start < m.end() and m.start() < x.end]
        if any(x.type == "LOC" for x in overlapping):
            continue
        out = [x for x in out if x not in overlapping]
        out.append(Mention(m.start(), m.end(), "LOC", place, place.title()))
    return sorted(out, key=lambda x: x.start)
