"""The HRIS export contract: schema-valid, stable ids, faithful promotion criteria, CSV and CASE."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from ladder_compiler.pipeline import read_framework
from ladder_compiler.render.export import framework_export
from ladder_compiler.render.hris_json import validate_export

from conftest import LADDERS, MINI, invoke


def export_of(path: Path) -> dict:
    compiled = read_framework(path)
    assert compiled.ok, compiled.problems
    return framework_export(compiled.framework)


@pytest.fixture
def built(runner, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = invoke(runner, "build", LADDERS, "--out", out, "--format", "json,csv,case")
    assert result.exit_code == 0, result.output
    return out


def test_every_json_file_validates_against_the_export_schema(built: Path) -> None:
    files = sorted((built / "json").glob("*.json"))
    assert [f.name for f in files] == [
        "framework.json",
        "group-product-manager.json",
        "portfolio-product-manager.json",
        "product-manager.json",
    ]
    for path in files:
        data = json.loads(path.read_text())
        assert validate_export(data) == [], path
        assert data["$schema"] == "https://ladder-compiler.github.io/ladder-compiler/schemas/hris-export.v2.schema.json"


def _without_v2_additions(node, v2_schema: dict, v1_schema: dict, parent: str = ""):
    """The export as a v1 consumer reads it: keys v1 does not know are dropped."""
    if isinstance(node, list):
        return [_without_v2_additions(item, v2_schema, v1_schema, parent) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        # `translations` is in both contracts, alike: its own `language` key is not v2's addition
        key: value if key == "translations" else _without_v2_additions(value, v2_schema, v1_schema, key)
        for key, value in node.items()
        if key not in V2_ONLY_KEYS and (parent, key) not in V2_ONLY_PLACES
    }


V2_ONLY_KEYS = {
    "language",
    "external_id",
    "rated_against",
    "starts_after",
    "trunk",
    "follows",
    "levelling_grade",
    "breadth_name",
    "implied",
    "criteria",
    "expected_rating",
    "expected_rating_order",
    "progression",
    "dropped",
    "examples",
    "links",
    "levelling_guide",
    "shared",
    "rating_scales",
    "scale",
    "expected_rating_name",
    "rating_name",
    "breadths",
    "roles",
    "choosing",
    "exceptions",
    "rated",
    "peer_notes",
    "shared_sets",
}
# Keys v2 added under one parent only (v1 has a key of the same name elsewhere).
V2_ONLY_PLACES = {("framework", "description"), ("rating_scale", "description"), ("direct_reports", "description")}


@pytest.mark.parametrize("project", [LADDERS / ".releases" / "1.0.0", MINI], ids=["release-1.0.0", "mini"])
def test_v2_export_only_adds_to_v1_for_a_format_1_ladder(project: Path) -> None:
    """The contract moved to v2 beside v1 by adding fields: for a format 1 project (the released
    1.0.0 ladders; the shipped ladders now use format 2), dropping v2's new keys leaves a document
    that v1 accepts, value for value."""
    from ladder_compiler.source.schema_store import validator

    v2 = json.loads((Path(__file__).parent.parent / "schemas" / "hris-export.v2.schema.json").read_text())
    v1 = json.loads((Path(__file__).parent.parent / "schemas" / "hris-export.v1.schema.json").read_text())
    data = export_of(project)
    as_v1 = {**_without_v2_additions(data, v2, v1), "$schema": v1["$id"], "schema_version": "1.0.0"}
    assert [e.message for e in validator("hris-export.v1.schema.json").iter_errors(as_v1)] == []


def test_schema_rejects_what_the_contract_forbids() -> None:
    data = export_of(MINI)
    data["job_families"][0]["job_profiles"][0]["surprise"] = 1
    del data["framework"]["source_hash"]
    errors = validate_export(data)
    assert any("surprise" in e for e in errors) and any("source_hash" in e for e in errors)


def test_job_architecture_fields(built: Path) -> None:
    data = json.loads((built / "json" / "group-product-manager.json").read_text())
    family = data["job_families"][0]
    assert (family["id"], family["kind"], family["job_family_group"]) == (
        "group-product-manager",
        "management",
        "Product Management",
    )
    gpm = next(p for p in family["job_profiles"] if p["id"] == "gpm")
    assert (gpm["job_code"], gpm["management_level"], gpm["rank"]) == ("PM-M3", "Manager", 3)
    assert gpm["scope"]["direct_reports"] == {"min": 2, "max": 5, "description": "Product managers"}
    assert {"id": "ppm", "type": "level", "track": "portfolio-product-manager", "kind": "lateral"}.items() <= next(
        m for m in gpm["leads_to"] if m["id"] == "ppm"
    ).items()
    assert gpm["peers"] == [{"id": "ppm", "track": "portfolio-product-manager"}]


def test_cumulative_and_new_expectations(built: Path) -> None:
    data = json.loads((built / "json" / "group-product-manager.json").read_text())
    profiles = {p["id"]: p for p in data["job_families"][0]["job_profiles"]}
    strategy = next(c for c in profiles["gpm"]["competencies"] if c["id"] == "product-strategy")
    assert strategy["new"] == ["gpm-domain-strategy"]
    assert [e["id"] for e in strategy["cumulative"]] == ["gpm-domain-strategy"]  # raised the Lead PM's strategy
    senior = next(c for c in profiles["senior-gpm"]["competencies"] if c["id"] == "product-strategy")
    # the Senior GPM's strategy raises the GPM's, so only it is listed
    assert [(e["id"], e["introduced_at"]) for e in senior["cumulative"]] == [("sgpm-initiative-goals", "senior-gpm")]
    roadmap = next(c for c in profiles["senior-gpm"]["competencies"] if c["id"] == "roadmap-alignment")
    assert [(e["id"], e["introduced_at"]) for e in roadmap["cumulative"]] == [
        ("gpm-group-roadmap", "gpm"),
        ("sgpm-multi-squad-plan", "senior-gpm"),
    ]


def test_ids_and_uuids_are_unique(built: Path) -> None:
    data = json.loads((built / "json" / "framework.json").read_text())
    pairs: set[tuple[str, str]] = set()  # (uuid, id): an expectation repeats in every cumulative list

    def walk(node) -> None:
        if isinstance(node, dict):
            if "uuid" in node:
                pairs.add((node["uuid"], node["id"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    assert len({uuid for uuid, _ in pairs}) == len(pairs) > 100  # one UUID per object, never shared
    profiles = [p for f in data["job_families"] for p in f["job_profiles"]]
    expectation_ids = {e["id"] for p in profiles for c in p["competencies"] for e in c["cumulative"]}
    new_ids = [i for p in profiles for c in p["competencies"] for i in c["new"]]
    assert len(new_ids) == len(set(new_ids)) and set(new_ids) == expectation_ids
    assert len({p["job_code"] for p in profiles}) == len(profiles)


def test_renaming_a_title_keeps_id_and_uuid(mini: Path) -> None:
    before = export_of(mini)
    tracks = mini / "tracks.yaml"
    tracks.write_text(tracks.read_text().replace("title: Senior Manager", "title: Group Lead"))
    after = export_of(mini)
    old = before["job_families"][0]["job_profiles"][1]
    new = after["job_families"][0]["job_profiles"][1]
    assert (new["title"], new["id"], new["uuid"]) == ("Group Lead", old["id"], old["uuid"])


def test_promotion_criteria_round_trip_from_source() -> None:
    source = yaml.safe_load((LADDERS / "tracks" / "portfolio-product-manager.yaml").read_text())
    data = export_of(LADDERS)
    profiles = {p["id"]: p for f in data["job_families"] for p in f["job_profiles"]}
    scale = [v["id"] for v in data["rating_scale"]["values"]]
    for level in source["tracks"][0]["levels"]:
        exported = profiles[level["id"]]["promotion"]
        if "promotion" not in level:
            assert exported is None
            continue
        written = level["promotion"]
        assert exported["description"] == written["description"]
        assert exported["min_months_in_role"] == written.get("min_months_in_role")
        assert [(r["competency"], r["category"], r["rating"]) for r in exported["min_ratings"]] == [
            (r.get("competency"), r.get("category"), r["rating"]) for r in written["min_ratings"]
        ]
        assert all(r["rating_order"] == scale.index(r["rating"]) for r in exported["min_ratings"])
        assert [(e["id"], e["description"]) for e in exported["evidence"]] == [
            (e["id"], e["description"]) for e in written["evidence"]
        ]
        assert [(p["id"], p["kind"]) for p in exported["process"]] == [(p["id"], p["kind"]) for p in written["process"]]


def test_csv_parses_back_to_the_model_counts(built: Path) -> None:
    framework = read_framework(LADDERS).framework

    def rows(name: str) -> list[dict]:
        raw = (built / "csv" / name).read_bytes()
        assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
        return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))

    profiles = rows("job-profiles.csv")
    assert len(profiles) == sum(len(t.levels) for t in framework.tracks)
    assert len(rows("competencies.csv")) == len(framework.competencies)
    expectations = rows("expectations.csv")
    assert len(expectations) == sum(
        len(b.cumulative) for t in framework.tracks for lv in t.levels for b in lv.expectations
    )
    assert sum(r["new_at_level"] == "true" for r in expectations) == sum(
        len(b.new) for t in framework.tracks for lv in t.levels for b in lv.expectations
    )
    assert list(profiles[0])[:4] == ["job_profile_id", "job_profile_uuid", "job_code", "title"]


def test_csv_guards_against_formula_injection(mini: Path, runner, tmp_path: Path) -> None:
    competencies = mini / "competencies.yaml"
    competencies.write_text(
        competencies.read_text().replace("description: Sets direction.", 'description: "=HYPERLINK(\\"http://x\\")"')
    )
    invoke(runner, "build", mini, "--out", tmp_path / "out", "--format", "csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "csv" / "competencies.csv").read_text(), newline="")))
    assert rows[1][rows[0].index("description")] == '\'=HYPERLINK("http://x")'


def test_case_package_structure(built: Path) -> None:
    package = json.loads((built / "case" / "product-management.json").read_text())
    assert set(package) == {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"}
    assert package["CFDocument"]["lastChangeDateTime"] == "2027-01-01T00:00:00+00:00"  # the effective date
    identifiers = (
        [package["CFDocument"]["identifier"]]
        + [i["identifier"] for i in package["CFItems"]]
        + [a["identifier"] for a in package["CFAssociations"]]
    )
    assert len(identifiers) == len(set(identifiers))
    nodes = {package["CFDocument"]["identifier"]} | {i["identifier"] for i in package["CFItems"]}
    for association in package["CFAssociations"]:
        assert (
            association["originNodeURI"]["identifier"] in nodes
            and association["destinationNodeURI"]["identifier"] in nodes
        )
    types = {i["CFItemType"] for i in package["CFItems"]}
    assert types == {"Competency", "Behaviour", "Career Track", "Job Level"}
    shapes = [
        (r["title"], len(r["CFRubricCriteria"]), len(r["CFRubricCriteria"][0]["CFRubricCriterionLevels"]))
        for r in package["CFRubrics"]
    ]  # competencies × levels of each track, the Senior PM trunk first
    assert shapes == [
        ("Product Manager rubric", 8, 1),
        ("Group Product Manager rubric", 13, 4),
        ("Portfolio Product Manager rubric", 15, 4),
    ]


def test_exports_are_deterministic(runner, tmp_path: Path) -> None:
    for name in ("a", "b"):
        invoke(runner, "build", LADDERS, "--out", tmp_path / name, "--format", "json,csv,case")
    for path in (tmp_path / "a").rglob("*.*"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


@pytest.mark.parametrize(
    "data",
    [
        {"a": [1, 2, {"b": None, "c": True}], "d": 'Ünïcödé \u2028 "quoted" \\ tab\t', "e": [], "f": {}},
        {"big": 2**70, "neg": -(2**65)},
    ],
    ids=["mixed", "huge-integers"],
)
def test_fast_json_writes_the_standard_library_bytes(data: dict) -> None:
    from ladder_compiler.render.json_bytes import pretty_json, standard_json

    assert pretty_json(data) == standard_json(data)


def test_fast_json_writes_the_shipped_export_byte_for_byte() -> None:
    from ladder_compiler.render.json_bytes import pretty_json, standard_json

    data = framework_export(read_framework(LADDERS).framework)
    assert pretty_json(data) == standard_json(data)


@pytest.mark.parametrize("project", [LADDERS, MINI, LADDERS.parent / "examples" / "engineering"], ids=lambda p: p.name)
def test_the_export_written_in_pieces_is_the_whole_export_byte_for_byte(project: Path) -> None:
    from ladder_compiler.render import RenderOptions
    from ladder_compiler.render.hris_json import JsonRenderer
    from ladder_compiler.render.json_bytes import pretty_json

    framework = read_framework(project).framework
    renderer = JsonRenderer()
    for planned in renderer.plan(framework, tuple(t.id for t in framework.tracks)):
        pieces = list(renderer.render_chunks(framework, planned, RenderOptions()))
        whole = framework_export(framework, (planned.track_id,) if planned.track_id else None)
        assert b"".join(pieces) == pretty_json(whole)
        families = len(whole["job_families"])
        assert len(pieces) == families + 3  # head, one piece per family, the list's end, the tail


def test_an_export_without_job_families_keeps_its_empty_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from ladder_compiler.render import Planned, RenderOptions
    from ladder_compiler.render.hris_json import JsonRenderer
    from ladder_compiler.render.json_bytes import pretty_json

    framework = read_framework(MINI).framework
    written = JsonRenderer().render(framework, Planned("json/none.json", "no-such-track"), RenderOptions())
    expected = framework_export(framework, ("no-such-track",))
    assert expected["job_families"] == []
    assert written == pretty_json(expected)
    assert b'\n  "job_families": [],\n' in written


def test_an_invalid_job_family_fails_the_build_and_keeps_the_previous_export(
    mini: Path, runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ladder_compiler.render import hris_json

    out = tmp_path / "out"
    invoke(runner, "build", mini, "--out", out, "--format", "json")
    before = (out / "json" / "framework.json").read_bytes()
    (mini / "framework.yaml").write_text((mini / "framework.yaml").read_text() + "\n# edited\n")
    monkeypatch.setattr(
        hris_json, "validate_family", lambda family, index: [f"job_families/{index}/id: broken"] if index == 1 else []
    )
    result = invoke(runner, "build", mini, "--out", out, "--format", "json")
    assert result.exit_code == 1, result.output
    assert "cannot render json/framework.json: ExportInvalid: json/framework.json does not match" in result.output
    assert "job_families/1/id: broken" in result.output
    assert (out / "json" / "framework.json").read_bytes() == before
    assert sorted(p.name for p in out.rglob("*.tmp")) == []
