"""Every string the code translates is in hallclient_en.ts, finished, under the context Qt looks it
up in at run time; so a new untranslated string, or a tr() call lupdate cannot see, fails here."""

from __future__ import annotations

import ast
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from hallclient.i18n_build import SOURCE_PATHS, ts_files, update_sources

# Receivers whose translate(context, text) is the static QCoreApplication.translate.
APPLICATION_CLASSES = {"QCoreApplication", "QGuiApplication", "QApplication"}


@dataclass(frozen=True)
class Call:
    where: str  # path:line
    context: str | None  # None: Qt's context cannot be known from the code
    source: str | None  # None: not a literal
    problem: str = ""


def python_files(paths: tuple[Path, ...] | list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def translation_calls(path: Path) -> list[Call]:
    """tr() and QCoreApplication.translate() calls with the (context, text) Qt uses at run time:
    ``self.tr`` looks up under the class it is written in, ``translate`` under its first argument."""
    calls: list[Call] = []

    def visit(node: ast.AST, cls: str | None, in_fstring: bool) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.JoinedStr):
            in_fstring = True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            where = f"{path}:{node.lineno}"
            receiver = node.func.value
            first = node.args[0] if node.args else None
            fstring = "lupdate does not look inside f-strings" if in_fstring else ""
            if node.func.attr == "tr":
                if not (isinstance(receiver, ast.Name) and receiver.id == "self"):
                    problem = (
                        f"{ast.unparse(receiver)}.tr(): lupdate files it under {ast.unparse(receiver)!r}"
                    )
                    calls.append(Call(where, None, _literal(first), problem))
                elif cls is None:
                    calls.append(Call(where, None, _literal(first), "self.tr() outside a class"))
                else:
                    problem = fstring or ("" if _literal(first) is not None else "text is not a literal")
                    calls.append(Call(where, cls, _literal(first), problem))
            elif (
                node.func.attr == "translate"
                and isinstance(receiver, ast.Name)
                and receiver.id in APPLICATION_CLASSES
            ):
                context, source = _literal(first), _literal(node.args[1] if len(node.args) > 1 else None)
                problem = fstring or ("" if context and source else "context or text is not a literal")
                calls.append(Call(where, context, source, problem))
        for child in ast.iter_child_nodes(node):
            visit(child, cls, in_fstring)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), None, False)
    return calls


def read_entries(ts: Path) -> dict[tuple[str, str], bool]:
    """(context, source) -> finished (not marked unfinished and every form filled in)."""
    entries = {}
    for context in ET.parse(ts).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [] if translation is None else [f.text or "" for f in translation.iter("numerusform")]
            if translation is not None and not forms:
                forms = [translation.text or ""]
            finished = (
                translation is not None and not translation.get("type") and all(f.strip() for f in forms)
            )
            entries[(context.findtext("name") or "", message.findtext("source") or "")] = finished
    return entries


def scan_with_lupdate(sources: list[Path], workdir: Path) -> dict[str, dict[tuple[str, str], bool]]:
    """lupdate run over ``sources`` into copies of the shipped .ts files; language -> entries."""
    for ts in ts_files():
        shutil.copy(ts, workdir / ts.name)
    update_sources(workdir, sources=sources, quiet=True)
    return {ts.stem.removeprefix("hallclient_"): read_entries(ts) for ts in ts_files(workdir)}


def untranslatable_calls(sources: list[Path], seen_by_lupdate: set[tuple[str, str]]) -> list[str]:
    """Calls Qt would look up under a context/text that lupdate did not collect."""
    wrong = []
    for path in python_files(sources):
        for call in translation_calls(path):
            if call.problem:
                wrong.append(f"{call.where}: {call.problem} ({call.source!r})")
            elif (call.context, call.source) not in seen_by_lupdate:
                wrong.append(f"{call.where}: lupdate did not collect {call.source!r} under {call.context!r}")
    return wrong


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[tuple[str, str], bool]]:
    return scan_with_lupdate(list(SOURCE_PATHS), tmp_path_factory.mktemp("ts"))


def test_every_string_in_the_code_is_translated_to_english(scanned) -> None:  # type: ignore[no-untyped-def]
    shipped = read_entries(next(ts for ts in ts_files() if ts.stem == "hallclient_en"))
    missing = [
        f"{context}: {source}"
        for (context, source), finished in scanned["en"].items()
        if not finished or not shipped.get((context, source), False)
    ]
    assert not missing, (
        "not translated in hallclient_en.ts (run `python -m hallclient.i18n_build --update`, then "
        "translate):\n" + "\n".join(missing)
    )


def test_every_tr_call_is_seen_by_lupdate_under_its_run_time_context(scanned) -> None:  # type: ignore[no-untyped-def]
    wrong = untranslatable_calls(list(SOURCE_PATHS), set(scanned["en"]))
    assert not wrong, (
        "use self.tr('literal') outside f-strings or QCoreApplication.translate('Context', 'literal'):\n"
        + "\n".join(wrong)
    )


def test_the_checks_catch_each_pattern_lupdate_misfiles(tmp_path: Path) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "sample.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtWidgets import QWidget\n"
        "\n"
        "def _t(text):\n"
        "    return QCoreApplication.translate('Sample', text)\n"
        "\n"
        "class Sample(QWidget):\n"
        "    def show(self, other):\n"
        "        self.tr('好的')\n"
        "        QCoreApplication.translate('Elsewhere', '也好')\n"
        "        other.tr('别人的')\n"
        "        f\"<b>{self.tr('粗体')}</b>\"\n"
        "        _t('包装')\n",
        encoding="utf-8",
    )
    work = tmp_path / "ts"
    work.mkdir()
    entries = scan_with_lupdate([code], work)["en"]
    # The two well-formed calls are collected, new and so unfinished: the first test would name them.
    assert entries[("Sample", "好的")] is False
    assert entries[("Elsewhere", "也好")] is False
    assert ("Sample", "粗体") not in entries
    problems = untranslatable_calls([code], set(entries))
    assert [p.split(": ", 1)[1] for p in problems] == [
        "context or text is not a literal (None)",
        "other.tr(): lupdate files it under 'other' ('别人的')",
        "lupdate does not look inside f-strings ('粗体')",
    ]
