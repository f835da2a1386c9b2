"""1EdTech CASE 1.1 package (`CFPackage`): the framework as an open competency-framework exchange document.

Items: competencies, behaviours (expectations), tracks and levels. Associations: behaviours are
children of their competency and related to the level that introduces them; levels are children
of their track and precede the next rank (a forked track's first level is preceded by the trunk
level it starts after); raised or replaced behaviours are replacedBy their successors, as the model
computed; peer levels are peers. One rubric per track: a criterion per competency, a criterion
level per rank. Language comes from the framework; an object's external id is its item's
alternativeLabel, and a UUID the source gives is its identifier. What CASE has no field for (the
rating scale, a level's rank, grade and job code, a track's kind, a competency's category id) goes
under the object's `extensions`. docs/case.md has the mapping; tests validate every package against
1EdTech's official CASE 1.1 JSON Schema.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..model import Expectation, Framework, Scale, Scope, SharedOrigin, Track
from . import Planned, RenderOptions, is_draft

CASE_VERSION = "1.1"


class CaseRenderer:
    name = "case"

    def plan(self, framework: Framework, track_ids: tuple[str, ...]) -> list[Planned]:
        return [Planned(f"case/{framework.id}.json", None)]

    def render(self, framework: Framework, planned: Planned, options: RenderOptions) -> bytes:
        package = case_package(framework, draft=is_draft(options))
        return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def case_package(framework: Framework, draft: bool = False) -> dict[str, Any]:
    """The package; a draft release (the publish gate did not pass) is adoptionStatus Draft."""
    package = _Package(framework).build()
    if draft:
        package["CFDocument"]["adoptionStatus"] = "Draft"
    return package


class _Package:
    def __init__(self, framework: Framework):
        self.framework = framework
        self.changed = f"{framework.timestamp_date}T00:00:00+00:00"
        self.namespace = uuid.UUID(framework.uuid_namespace)
        self.document = {"title": framework.name, "identifier": framework.uuid, "uri": _uri(framework.uuid)}
        self.items: list[dict[str, Any]] = []
        self.associations: list[dict[str, Any]] = []
        self.item_refs: dict[str, dict[str, Any]] = {}
        self.pending: list[tuple[str, str, str]] = []  # associations whose destination may not exist yet

    def build(self) -> dict[str, Any]:
        framework = self.framework
        for competency in framework.competencies:
            self._item(
                competency.uuid,
                competency.name,
                competency.description,
                "Competency",
                code=competency.id,
                external_id=competency.external_id,
                extensions={"category": competency.category_id, "scale": competency.scale_id},
            )
            self._associate("isChildOf", competency.uuid, self.document)
        for track in framework.tracks:
            self._item(
                track.uuid,
                track.name,
                track.description,
                "Career Track",
                code=track.id,
                external_id=track.external_id,
                extensions={
                    "kind": track.kind,
                    "jobFamily": track.job_family,
                    "jobFamilyGroup": track.job_family_group,
                },
            )
            self._associate("isChildOf", track.uuid, self.document)
            self._track_levels(track)
        for kind, origin, destination in self.pending:  # every item exists now, trunk levels of forks included
            self._associate(kind, origin, self.item_refs[destination])
        self._peers()
        package: dict[str, Any] = {
            "CFDocument": {
                **self.document,
                "caseVersion": CASE_VERSION,
                "creator": framework.organisation,
                "lastChangeDateTime": self.changed,
                "version": framework.version,
                "adoptionStatus": "Adopted",
                "statusStartDate": framework.effective_date,
                "language": framework.language,
                "description": framework.description or framework.name,
                "extensions": {
                    "frameworkId": framework.id,
                    "ratingScale": _scale(framework.scale),
                    "ratingScales": [_scale(s) for s in framework.scales],
                },
            },
            "CFItems": self.items,
            "CFAssociations": self.associations,
            "CFDefinitions": {
                "CFItemTypes": [
                    self._item_type(name) for name in ("Competency", "Behaviour", "Career Track", "Job Level")
                ]
            },
            "CFRubrics": [self._rubric(track) for track in framework.tracks],
        }
        for key in ("version", "statusStartDate"):  # both optional in CASE; an unversioned draft has neither
            if package["CFDocument"][key] is None:
                del package["CFDocument"][key]
        return package

    def _track_levels(self, track: Track) -> None:
        for level in track.levels:
            self._item(
                level.uuid,
                level.title,
                "\n\n".join(text for text in (level.summary, level.description) if text) or None,
                "Job Level",
                code=level.job_code or level.id,
                external_id=level.external_id,
                extensions={
                    "levelId": level.id,
                    "rank": level.rank,
                    "jobCode": level.job_code,
                    "grade": level.grade,
                    "managementLevel": level.management_level,
                    "scope": _scope(level.scope),
                },
            )
            self._associate("isChildOf", level.uuid, self.item_refs[track.uuid], sequence=level.rank)
            if level.follows is not None:
                self.pending.append(("precedes", self.framework.level(level.follows).uuid, level.uuid))
            for block in level.expectations:
                for expectation in block.new:
                    self._item(
                        expectation.uuid,
                        expectation.text,
                        _behaviour_notes(expectation),
                        "Behaviour",
                        code=expectation.id,
                        external_id=expectation.external_id,
                        extensions=_origin(expectation.shared),
                    )
                    self._associate(
                        "isChildOf",
                        expectation.uuid,
                        self.item_refs[self.framework.competency(block.competency_id).uuid],
                    )
                    self._associate("isRelatedTo", expectation.uuid, self.item_refs[level.uuid])
                    if expectation.raises:
                        self.pending.append(
                            ("replacedBy", self.framework.expectation(expectation.raises).uuid, expectation.uuid)
                        )
                for dropped in block.dropped:
                    if dropped.reason == "replaced":
                        self.pending.extend(
                            ("replacedBy", dropped.expectation.uuid, successor.uuid) for successor in dropped.by
                        )

    def _peers(self) -> None:
        seen = set()
        for track in self.framework.tracks:
            for level in track.levels:
                for peer_id in level.peers:
                    pair = tuple(sorted((level.id, peer_id)))
                    if pair not in seen:
                        seen.add(pair)
                        peer = self.framework.level(peer_id)
                        # the notes of the declared groups that hold both levels
                        notes = "\n\n".join(note for note in level.peer_notes if note in peer.peer_notes)
                        self._associate("isPeerOf", level.uuid, self.item_refs[peer.uuid], notes=notes)

    def _item(
        self,
        identifier: str,
        statement: str,
        notes: str | None,
        item_type: str,
        code: str,
        external_id: str | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        item = {
            "identifier": identifier,
            "uri": _uri(identifier),
            "fullStatement": statement,
            "humanCodingScheme": code,
            "CFItemType": item_type,
            "CFItemTypeURI": self._type_ref(item_type),
            "language": self.framework.language,
            "lastChangeDateTime": self.changed,
        }
        if notes:
            item["notes"] = notes
        if external_id:
            item["alternativeLabel"] = external_id
        if extensions:
            item["extensions"] = extensions
        self.items.append(item)
        self.item_refs[identifier] = {"title": statement[:200], "identifier": identifier, "uri": _uri(identifier)}

    def _associate(
        self,
        kind: str,
        origin: str,
        destination: dict[str, Any],
        sequence: int | None = None,
        notes: str = "",
    ) -> None:
        identifier = str(uuid.uuid5(self.namespace, f"case-association/{kind}/{origin}/{destination['identifier']}"))
        association: dict[str, Any] = {
            "identifier": identifier,
            "uri": _uri(identifier),
            "associationType": kind,
            "originNodeURI": self.item_refs[origin],
            "destinationNodeURI": destination,
            "lastChangeDateTime": self.changed,
        }
        if sequence is not None:
            association["sequenceNumber"] = sequence
        if notes:
            association["notes"] = notes
        self.associations.append(association)

    def _type_ref(self, name: str) -> dict[str, Any]:
        identifier = str(uuid.uuid5(self.namespace, f"case-item-type/{name}"))
        return {"title": name, "identifier": identifier, "uri": _uri(identifier)}

    def _item_type(self, name: str) -> dict[str, Any]:
        ref = self._type_ref(name)
        return {
            **ref,
            "description": name,
            "hierarchyCode": name.lower().replace(" ", "-"),
            "lastChangeDateTime": self.changed,
        }

    def _rubric(self, track: Track) -> dict[str, Any]:
        rubric_id = str(uuid.uuid5(self.namespace, f"case-rubric/{track.id}"))
        criteria = []
        for position, competency_id in enumerate(track.competency_ids, start=1):
            competency = self.framework.competency(competency_id)
            criterion_id = str(uuid.uuid5(self.namespace, f"case-criterion/{track.id}/{competency_id}"))
            levels = []
            for level in track.levels:
                block = level.expectations_for(competency_id)
                if not block.rated:
                    # on no scale there is no rating to wait for: the behaviours start later
                    text = "Not yet rated" if self.framework.scale_of(competency_id) else "Not yet expected"
                elif block.applicable:
                    text = " ".join(e.text for e in block.cumulative)
                else:
                    text = f"Not applicable: {block.not_applicable}"
                if block.expected:
                    text = f"Expected: {self.framework.rating_name(competency_id, block.expected)}. {text}".rstrip()
                level_id = str(
                    uuid.uuid5(self.namespace, f"case-criterion-level/{track.id}/{competency_id}/{level.id}")
                )
                levels.append(
                    {
                        "identifier": level_id,
                        "uri": _uri(level_id),
                        "description": text,
                        "quality": level.title,
                        "score": level.rank,
                        "position": level.rank,
                        "rubricCriterionId": criterion_id,
                        "lastChangeDateTime": self.changed,
                    }
                )
            category = (
                {"category": self.framework.category(competency.category_id).name} if competency.category_id else {}
            )
            criteria.append(
                {
                    "identifier": criterion_id,
                    "uri": _uri(criterion_id),
                    **category,
                    "description": competency.name,
                    "CFItemURI": self.item_refs[competency.uuid],
                    "position": position,
                    "rubricId": rubric_id,
                    "lastChangeDateTime": self.changed,
                    "CFRubricCriterionLevels": levels,
                }
            )
        rubric: dict[str, Any] = {
            "identifier": rubric_id,
            "uri": _uri(rubric_id),
            "title": f"{track.name} rubric",
            "description": track.description,
            "lastChangeDateTime": self.changed,
            "CFRubricCriteria": criteria,
        }
        if not rubric["description"]:  # format 2 leaves it out: CASE does not require one
            del rubric["description"]
        return rubric


def _behaviour_notes(expectation: Expectation) -> str | None:
    """CFItem notes: the behaviour's examples, then its links, one per line."""
    lines = [*expectation.examples, *(f"{link.title}: {link.url}" for link in expectation.links)]
    return "\n".join(lines) or None


def _origin(origin: SharedOrigin | None) -> dict[str, Any] | None:
    """The shared set a behaviour comes from; a track's own behaviour has no extensions."""
    if origin is None:
        return None
    return {"sharedSet": origin.set_id, "sharedSetName": origin.set_name, "overridden": origin.overridden}


def _scope(scope: Scope) -> dict[str, Any]:
    return {
        "summary": scope.summary or None,
        "breadth": scope.breadth,
        "breadthName": scope.breadth_name,
        "horizonMonths": scope.horizon_months,
        "directReportsMin": scope.direct_reports_min,
        "directReportsMax": scope.direct_reports_max,
        "directReportsNote": scope.direct_reports_note,
    }


def _scale(scale: Scale | None) -> dict[str, Any] | None:
    if scale is None:
        return None
    return {
        "id": scale.id,
        "name": scale.name,
        "description": scale.description,
        "ratedAgainst": scale.rated_against or None,
        "values": [{"id": v.id, "name": v.name, "description": v.description, "order": v.order} for v in scale.values],
    }


def _uri(identifier: str) -> str:
    return f"urn:uuid:{identifier}"
