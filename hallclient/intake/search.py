"""Item search for intake: by name, 事项编码, department, pinyin initials or full pinyin.

``CatalogIndex`` is built once per catalog; everything a keystroke needs (normalised names, codes
without hyphens, pinyin initials and full pinyin with their syllable boundaries) is computed then
and laid out as one long string per field, so that a keystroke is a few ``str.find`` scans that
touch only the entries that match, not a Python loop over all 1,300 items.

Polyphones (多音字): pypinyin reads each name in context (银行 → yinhang); for characters it
still finds several readings of, each other reading is added as a variant with that one
character changed, so a clerk typing the "other" reading of one character still finds the item
without the variants multiplying.

Ranking, best first (``SearchHit.rank``):

0. the exact 事项编码 (hyphens optional) or the exact name;
1. a 事项编码 prefix ("SCJG-00", "scjg00");
2. a name prefix;   3. a name substring;
4. an alias (搜索别名, "开饭店") containing the query;
5. a pinyin-initials or full-pinyin prefix of the name ("yyzz…", "yingye…");
6. pinyin initials or full pinyin inside the name (full pinyin only from a syllable start);
7. pinyin of an alias;
8. the department's name or code.

Within a rank: earlier match position, then shorter name (code matches: catalog order), then
catalog order.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from pypinyin import Style, pinyin

from hallclient.domain.catalog import Catalog

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DROP_RE = re.compile(r"[\s'’·]+")
_MAX_VARIANTS = 12
_SHORT_PREFIX_SIZES = (2, 3)


class HitKind(enum.StrEnum):
    ITEM = "item"
    BUNDLE = "bundle"


class MatchField(enum.StrEnum):
    CODE = "code"
    NAME = "name"
    ALIAS = "alias"
    INITIALS = "initials"
    PINYIN = "pinyin"
    DEPARTMENT = "department"


@dataclass(frozen=True)
class SearchHit:
    kind: HitKind
    code: str
    name: str
    department_code: str | None
    department_name: str
    matched: MatchField
    rank: int
    # Character span of the match in ``name`` for highlighting; None when matched elsewhere.
    highlight: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Spelling:
    """One pinyin spelling of a text: letters plus, per letter, the source character index."""

    text: str
    source: tuple[int, ...]
    starts: frozenset[int]  # positions where a syllable (or a non-Han run) begins


@dataclass(frozen=True)
class _Phonetic:
    initials: tuple[_Spelling, ...]
    full: tuple[_Spelling, ...]


def normalise_query(text: str) -> str:
    """Full-width to half-width, lower case, no spaces or syllable apostrophes."""
    return _DROP_RE.sub("", unicodedata.normalize("NFKC", text)).lower()


def _normalise_with_source(text: str) -> tuple[str, tuple[int, ...]]:
    chars: list[str] = []
    source: list[int] = []
    for index, char in enumerate(text):
        for piece in _DROP_RE.sub("", unicodedata.normalize("NFKC", char)).lower():
            chars.append(piece)
            source.append(index)
    return "".join(chars), tuple(source)


def _readings(text: str) -> list[tuple[int, list[str]]]:
    """(source index, readings) per Han character and per ASCII letter/digit run of ``text``."""
    out: list[tuple[int, list[str]]] = []
    han_positions = [i for i, ch in enumerate(text) if _HAN_RE.match(ch)]
    han_readings = (
        pinyin("".join(text[i] for i in han_positions), style=Style.NORMAL, heteronym=True, errors="ignore")
        if han_positions
        else []
    )
    # pypinyin reads the Han characters as a phrase; other characters are kept out of its input
    # so that each reading lines up with exactly one character.
    if len(han_readings) != len(han_positions):
        han_readings = [pinyin(text[i], style=Style.NORMAL, heteronym=True)[0] for i in han_positions]
    readings_at = dict(zip(han_positions, han_readings, strict=True))
    index = 0
    while index < len(text):
        if index in readings_at:
            unique = list(dict.fromkeys(r for r in readings_at[index] if r.isascii() and r.isalpha()))
            if unique:
                out.append((index, unique))
            index += 1
            continue
        normal = unicodedata.normalize("NFKC", text[index]).lower()
        if normal.isascii() and normal.isalnum():
            start = index
            run = []
            while index < len(text):
                piece = unicodedata.normalize("NFKC", text[index]).lower()
                if not (piece.isascii() and piece.isalnum()):
                    break
                run.append(piece)
                index += 1
            out.append((start, ["".join(run)]))
            continue
        index += 1
    return out


def _spell(units: Sequence[tuple[int, str]], *, initials: bool) -> _Spelling:
    text: list[str] = []
    source: list[int] = []
    starts: set[int] = set()
    for char_index, reading in units:
        piece = reading[0] if initials and reading.isalpha() else reading
        starts.add(len(text))
        text.extend(piece)
        source.extend([char_index] * len(piece))
    return _Spelling("".join(text), tuple(source), frozenset(starts))


def _phonetic(text: str) -> _Phonetic:
    readings = _readings(text)
    primary = [(i, options[0]) for i, options in readings]
    variants = [primary]
    for position, (i, options) in enumerate(readings):
        for other in options[1:]:
            if len(variants) >= _MAX_VARIANTS:
                break
            variant = list(primary)
            variant[position] = (i, other)
            variants.append(variant)
    initials = {s.text: s for s in (_spell(v, initials=True) for v in variants)}
    full = {s.text: s for s in (_spell(v, initials=False) for v in variants)}
    return _Phonetic(tuple(initials.values()), tuple(full.values()))


class _Column:
    """The values of one field of every entry, joined into one string so ``str.find`` scans them all.

    An entry may own several values (aliases, pinyin variants); a match never spans two values
    because the separator cannot occur in a normalised query.
    """

    _SEP = "\x00"

    def __init__(self, values: Sequence[tuple[int, str]]) -> None:
        parts: list[str] = []
        starts: list[int] = []
        offset = 1
        for _, value in values:
            starts.append(offset)
            parts.append(value)
            offset += len(value) + 1
        self.text = self._SEP + self._SEP.join(parts) + self._SEP
        self.starts = starts
        self.owners = [owner for owner, _ in values]

    def find(self, query: str) -> Iterator[tuple[int, int]]:
        """(value number, offset inside the value) of every occurrence, left to right."""
        text, starts = self.text, self.starts
        position = text.find(query)
        while position >= 0:
            value = bisect_right(starts, position) - 1
            yield value, position - starts[value]
            position = text.find(query, position + 1)

    def prefixed(self, query: str) -> Iterator[int]:
        """Value numbers whose value starts with ``query``."""
        text, starts = self.text, self.starts
        needle = self._SEP + query
        position = text.find(needle)
        while position >= 0:
            yield bisect_right(starts, position + 1) - 1
            position = text.find(needle, position + 1)


@dataclass(frozen=True)
class _Target:
    kind: HitKind
    code: str
    name: str
    department_code: str | None
    department_name: str
    aliases: Sequence[str]


class CatalogIndex:
    """Search over one catalog's items and 一件事 bundles; build once, search per keystroke."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        targets = [
            _Target(HitKind.BUNDLE, b.code, b.name, None, "一件事", b.aliases) for b in catalog.bundles
        ] + [
            _Target(
                HitKind.ITEM,
                item.code,
                item.name,
                item.department_code,
                catalog.department(item.department_code).name,
                item.aliases,
            )
            for item in catalog.items
        ]
        self._targets = tuple(targets)
        self._by_code = {t.code.upper(): n for n, t in enumerate(targets)}
        self._by_compact_code = {t.code.upper().replace("-", ""): n for n, t in enumerate(targets)}
        names = [_normalise_with_source(t.name) for t in targets]
        self._name_sources = [source for _, source in names]
        self._name_lengths = [len(text) for text, _ in names]
        self._names = _Column([(n, text) for n, (text, _) in enumerate(names)])
        self._codes = _Column([(n, t.code.upper()) for n, t in enumerate(targets)])
        self._compact_codes = _Column([(n, t.code.upper().replace("-", "")) for n, t in enumerate(targets)])
        self._aliases = _Column([(n, normalise_query(a)) for n, t in enumerate(targets) for a in t.aliases])
        self._departments = _Column(
            [
                (n, normalise_query(t.department_name + (t.department_code or "")))
                for n, t in enumerate(targets)
            ]
        )
        name_phonetics = [(n, _phonetic(t.name)) for n, t in enumerate(targets)]
        alias_phonetics = [(n, _phonetic(a)) for n, t in enumerate(targets) for a in t.aliases]
        self._name_initials, self._name_initial_spellings = self._spelling_column(name_phonetics)
        self._name_full, self._name_full_spellings = self._spelling_column(name_phonetics, full=True)
        self._name_syllables, self._name_syllable_starts = self._syllable_column(name_phonetics)
        self._name_short_prefixes = self._short_prefixes(self._name_syllables, self._name_syllable_starts)
        self._alias_initials, _ = self._spelling_column(alias_phonetics)
        self._alias_syllables, _ = self._syllable_column(alias_phonetics)

    @staticmethod
    def _spelling_column(
        phonetics: Sequence[tuple[int, _Phonetic]], *, full: bool = False
    ) -> tuple[_Column, list[_Spelling]]:
        pairs = [
            (owner, spelling)
            for owner, phonetic in phonetics
            for spelling in (phonetic.full if full else phonetic.initials)
        ]
        return _Column([(owner, s.text) for owner, s in pairs]), [s for _, s in pairs]

    @staticmethod
    def _syllable_column(
        phonetics: Sequence[tuple[int, _Phonetic]],
    ) -> tuple[_Column, list[tuple[_Spelling, int]]]:
        """Full pinyin from every syllable start on, so that a prefix scan finds exactly the
        matches that begin at a syllable ("zhu" in "zhufang", never "ng" inside "fang").
        Polyphone variants share most suffixes; each entry keeps one copy of each."""
        seen: set[tuple[int, str]] = set()
        values: list[tuple[int, str]] = []
        origins: list[tuple[_Spelling, int]] = []
        for owner, phonetic in phonetics:
            for spelling in phonetic.full:
                for start in sorted(spelling.starts):
                    suffix = spelling.text[start:]
                    if (owner, suffix) not in seen:
                        seen.add((owner, suffix))
                        values.append((owner, suffix))
                        origins.append((spelling, start))
        return _Column(values), origins

    @staticmethod
    def _short_prefixes(
        column: _Column, origins: Sequence[tuple[_Spelling, int]]
    ) -> dict[str, tuple[tuple[int, int, tuple[int, int]], ...]]:
        """For two- and three-letter queries, which match thousands of syllables: every entry
        once, with its earliest syllable-start match and the characters to highlight."""
        found: dict[str, dict[int, tuple[int, tuple[int, int]]]] = {}
        for value, owner in enumerate(column.owners):
            spelling, start = origins[value]
            for size in _SHORT_PREFIX_SIZES:
                if start + size > len(spelling.text):
                    break
                owners = found.setdefault(spelling.text[start : start + size], {})
                if owner not in owners or start < owners[owner][0]:
                    span = (spelling.source[start], spelling.source[start + size - 1] + 1)
                    owners[owner] = (start, span)
        return {
            prefix: tuple((owner, start, span) for owner, (start, span) in owners.items())
            for prefix, owners in found.items()
        }

    def __len__(self) -> int:
        return len(self._targets)

    def search(self, query: str, *, limit: int = 30) -> tuple[SearchHit, ...]:
        """The best ``limit`` hits for what the clerk typed so far; empty query, no hits."""
        text = normalise_query(query)
        if not text or limit <= 0:
            return ()
        # target number -> (rank, position, field, highlight)
        best: dict[int, tuple[int, int, MatchField, tuple[int, int] | None]] = {}

        def offer(
            target: int, rank: int, position: int, field: MatchField, highlight: tuple[int, int] | None = None
        ) -> None:
            seen = best.get(target)
            if seen is None or (rank, position) < seen[:2]:
                best[target] = (rank, position, field, highlight)

        upper = text.upper()
        compact = upper.replace("-", "")
        exact = self._by_code.get(upper, self._by_compact_code.get(compact))
        if exact is not None:
            offer(exact, 0, 0, MatchField.CODE)
        for value, position in self._names.find(text):
            owner = self._names.owners[value]
            if position == 0 and len(text) == self._name_lengths[owner]:
                rank = 0
            else:
                rank = 2 if position == 0 else 3
            offer(
                owner,
                rank,
                position,
                MatchField.NAME,
                self._span(self._name_sources[owner], position, len(text)),
            )
        for value in self._codes.prefixed(upper):
            offer(self._codes.owners[value], 1, 0, MatchField.CODE)
        if compact:
            for value in self._compact_codes.prefixed(compact):
                offer(self._compact_codes.owners[value], 1, 0, MatchField.CODE)
        for value, position in self._aliases.find(text):
            offer(self._aliases.owners[value], 4, position, MatchField.ALIAS)
        # Tiers are scanned best first; once the better tiers fill the page the rest cannot
        # change it, which keeps one- and two-letter queries (thousands of matches) fast.
        phonetic = text.isascii() and text.isalnum()
        tiers = (
            (lambda: self._offer_phonetic_prefix(text, offer)) if phonetic else None,
            (lambda: self._offer_phonetic_inside(text, offer)) if phonetic else None,
            (lambda: self._offer_alias_phonetic(text, offer)) if phonetic else None,
            lambda: self._offer_departments(text, offer),
        )
        for tier in tiers:
            if len(best) >= limit:
                break
            if tier is not None:
                tier()

        def order(target: int) -> tuple[int, int, int, int]:
            rank, position, field, _ = best[target]
            length = 0 if field is MatchField.CODE else self._name_lengths[target]
            return rank, position, length, target

        chosen = sorted(best, key=order)[:limit]
        return tuple(self._hit(target, *best[target]) for target in chosen)

    def _offer_phonetic_prefix(self, text: str, offer: _Offer) -> None:
        size = len(text)
        for value in self._name_initials.prefixed(text):
            spelling = self._name_initial_spellings[value]
            span = (spelling.source[0], spelling.source[size - 1] + 1)
            offer(self._name_initials.owners[value], 5, 0, MatchField.INITIALS, span)
        if size > 1:
            for value in self._name_full.prefixed(text):
                spelling = self._name_full_spellings[value]
                span = (spelling.source[0], spelling.source[size - 1] + 1)
                offer(self._name_full.owners[value], 5, 0, MatchField.PINYIN, span)

    def _offer_phonetic_inside(self, text: str, offer: _Offer) -> None:
        size = len(text)
        for value, position in self._name_initials.find(text):
            spelling = self._name_initial_spellings[value]
            span = (spelling.source[position], spelling.source[position + size - 1] + 1)
            offer(
                self._name_initials.owners[value],
                5 if position == 0 else 6,
                position,
                MatchField.INITIALS,
                span,
            )
        # One letter typed: a syllable-start match of full pinyin is exactly an initials match.
        if size in _SHORT_PREFIX_SIZES:
            for owner, start, span in self._name_short_prefixes.get(text, ()):
                offer(owner, 5 if start == 0 else 6, start, MatchField.PINYIN, span)
        elif size > 1:
            for value in self._name_syllables.prefixed(text):
                spelling, start = self._name_syllable_starts[value]
                span = (spelling.source[start], spelling.source[start + size - 1] + 1)
                offer(
                    self._name_syllables.owners[value], 5 if start == 0 else 6, start, MatchField.PINYIN, span
                )

    def _offer_alias_phonetic(self, text: str, offer: _Offer) -> None:
        for value, position in self._alias_initials.find(text):
            offer(self._alias_initials.owners[value], 7, position, MatchField.INITIALS)
        if len(text) > 1:
            for value in self._alias_syllables.prefixed(text):
                offer(self._alias_syllables.owners[value], 7, 0, MatchField.PINYIN)

    def _offer_departments(self, text: str, offer: _Offer) -> None:
        for value, position in self._departments.find(text):
            offer(self._departments.owners[value], 8, position, MatchField.DEPARTMENT)

    def _hit(
        self, target: int, rank: int, _position: int, field: MatchField, highlight: tuple[int, int] | None
    ) -> SearchHit:
        found = self._targets[target]
        return SearchHit(
            kind=found.kind,
            code=found.code,
            name=found.name,
            department_code=found.department_code,
            department_name=found.department_name,
            matched=field,
            rank=rank,
            highlight=highlight,
        )

    @staticmethod
    def _span(source: tuple[int, ...], start: int, length: int) -> tuple[int, int]:
        return source[start], source[start + length - 1] + 1


class _Offer(Protocol):
    def __call__(
        self,
        target: int,
        rank: int,
        position: int,
        field: MatchField,
        highlight: tuple[int, int] | None = None,
    ) -> None: ...
