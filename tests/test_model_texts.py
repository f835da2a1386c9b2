"""The model's one text walker (model/texts.py): every text of the source, each once."""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from ladder_compiler.i18n import source_strings
from ladder_compiler.lint import texts as lint_texts
from ladder_compiler.model.texts import PROSE, texts
from ladder_compiler.pipeline import read_framework
from ladder_compiler.source.schema_store import PRODUCT_BREADTHS

ROOT = Path(__file__).parent.parent
# Values that are codes, references, dates, paths or numbers, not text a reader sees.
NOT_TEXT = {
    "id", "starts_after", "previous_ids", "raises", "retires", "kind", "breadth", "category", "rating",
    "expected", "competency", "competencies", "job_code", "grade", "version", "effective_date", "approved_on",
    "uuid_namespace", "brand_colour", "logo", "templates", "from", "to", "levels", "language", "languages",
    "draft_languages", "job_family_group", "job_family", "page_size", "previous_release", "url", "uuid",
    "external_id", "include", "scale", "shared", "rule", "overrides", "value", "type",
}  # fmt: skip

BUILT_IN_BREADTHS = [name for _, name in PRODUCT_BREADTHS]


def plant(node: object, tokens: itertools.count[int], key: str | None = None) -> object:
    """The YAML with every text replaced by a unique token (a peer group's note and a shared set's
    description included: documents print them)."""
    if isinstance(node, dict):
        return {k: plant(v, tokens, k) for k, v in node.items()}
    if isinstance(node, list):
        return [plant(item, tokens, key) for item in node]
    if isinstance(node, str) and key not in NOT_TEXT:
        return f"Token{next(tokens):04d} text."
    return node


@pytest.mark.parametrize(
    ("project", "breadths"),
    [("ladders", []), ("tests/fixtures/shared", BUILT_IN_BREADTHS), ("tests/fixtures/scales", BUILT_IN_BREADTHS)],
)
def test_every_text_of_the_source_is_walked_once(tmp_path: Path, project: str, breadths: list[str]) -> None:
    target = tmp_path / "project"
    shutil.copytree(ROOT / project, target, ignore=shutil.ignore_patterns("locales"))
    tokens = itertools.count(1)
    for path in sorted(p for p in target.rglob("*.yaml") if ".releases" not in p.parts):  # an old version
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(plant(data, tokens), sort_keys=False, allow_unicode=True), encoding="utf-8")
    planted = {f"Token{n:04d} text." for n in range(1, next(tokens))}
    compiled = read_framework(target)
    assert compiled.framework is not None, compiled.problems

    walked = Counter(t.text for t in texts(compiled.framework))
    assert (
        set(walked) == planted | set(breadths)
    )  # a project that names no breadths has the format's    assert [text for text, times in walked.items() if times != 1] == []


def test_lint_reads_the_prose_and_i18n_every_text_of_the_walk() -> None:
    framework = read_framework(ROOT / "tests/fixtures/shared").framework
    assert framework is not None
    walked = texts(framework)
    assert [(s.key, s.text, s.source) for s in source_strings(framework)] == [(t.key, t.text, t.source) for t in walked]
    assert set(lint_texts(framework)) == {(t.source, t.what, t.text) for t in walked if t.kind in PROSE}
    assert {t.kind for t in walked if t.kind in PROSE} == {"summary", "scope", "behaviour", "promotion"}
