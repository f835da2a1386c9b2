"""Promotion criteria, compared with a direction: tightened, loosened, or changed sideways."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import EvidenceCriterion, Framework, ProcessStep, Promotion, RatingCriterion, RuleException
from .records import Change, Where


class PromotionComparison:
    """Part of Differ: ratings are placed on each side's own scale; competencies follow their renames."""

    old: Framework
    new: Framework
    competency_match: dict[str, str]
    record: Callable[..., Iterator[Change]]

    def promotion(self, old: Promotion | None, new: Promotion | None, where: Where, _name: str) -> Iterator[Change]:
        here = Where("promotion", where.path, new.source if new else where.source, dict(where.names))
        if old is None and new is not None:
            yield here.change("promotion-tightened", "promotion criteria were added", None, new.description)
        elif old is not None and new is None:
            yield here.change("promotion-loosened", "promotion criteria were removed", old.description, None)
        elif old is not None and new is not None:
            yield from self.record(old, new, here)

    def ratings(
        self, olds: tuple[RatingCriterion, ...], news: tuple[RatingCriterion, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        def key(rating: RatingCriterion) -> tuple[str | None, str | None]:
            return rating.competency_id, rating.category_id

        old_by = {
            (self.competency_match.get(r.competency_id, r.competency_id) if r.competency_id else None, r.category_id): r
            for r in olds
        }
        new_by = {key(r): r for r in news}
        for target, rating in new_by.items():
            if target not in old_by:
                yield where.named(criterion="rating", **_target_names(target)).change(
                    "promotion-tightened",
                    f"now requires at least `{rating.rating}` in {_target(target)}",
                    None,
                    rating.rating,
                )
            else:
                yield from self.rating(
                    old_by[target].rating,
                    rating.rating,
                    where.named(criterion="rating", target=_target(target), **_target_names(target)),
                    "rating",
                )
        for target, rating in old_by.items():
            if target not in new_by:
                yield where.named(criterion="rating", **_target_names(target)).change(
                    "promotion-loosened",
                    f"no longer requires a minimum rating in {_target(target)}",
                    rating.rating,
                    None,
                )
        kept_old, kept_new = [_target(t) for t in old_by if t in new_by], [_target(t) for t in new_by if t in old_by]
        if kept_old != kept_new:
            yield where.change("order-changed", "the order of the minimum ratings changed", kept_old, kept_new)

    def rating(self, old: str, new: str, where: Where, _name: str) -> Iterator[Change]:
        """An ordered scale is compared by order: the position of each value on its own scale."""
        if old == new:
            return  # the same value; a reordered scale has a record of its own
        competency = where.names.get("competency")
        before, after = scale_position(self.old, old, competency), scale_position(self.new, new, competency)
        target = where.names["target"]
        if after > before:
            yield where.change(
                "promotion-tightened", f"minimum rating in {target} raised from `{old}` to `{new}`", old, new
            )
        elif after < before:
            yield where.change(
                "promotion-loosened", f"minimum rating in {target} lowered from `{old}` to `{new}`", old, new
            )
        else:
            yield where.change(
                "promotion-changed",
                f"minimum rating in {target} changed from `{old}` to `{new}`, at the same place on the scale",
                old,
                new,
            )

    def exceptions(
        self, olds: tuple[RuleException, ...], news: tuple[RuleException, ...], where: Where, _name: str
    ) -> Iterator[Change]:
        if olds == news:
            return
        old_text, new_text = _exceptions_text(olds), _exceptions_text(news)
        yield where.change(
            "promotion-changed", "the reviewed exceptions declared on the route changed", old_text, new_text
        )

    def months(self, old: int | None, new: int | None, where: Where, _name: str) -> Iterator[Change]:
        if old == new:
            return
        where = where.named(criterion="months")
        if old is None:
            yield where.change(
                "promotion-tightened", f"time in role now at least {new} months (none was required)", old, new
            )
        elif new is None:
            yield where.change("promotion-loosened", f"time in role no longer required (was {old} months)", old, new)
        elif new > old:
            yield where.change("promotion-tightened", f"time in role raised from {old} to {new} months", old, new)
        else:
            yield where.change("promotion-loosened", f"time in role lowered from {old} to {new} months", old, new)

    def promotion_items(
        self,
        olds: tuple[EvidenceCriterion | ProcessStep, ...],
        news: tuple[EvidenceCriterion | ProcessStep, ...],
        where: Where,
        name: str,
    ) -> Iterator[Change]:
        noun = "evidence" if name == "evidence" else "process step"
        where = where.named(criterion=name)
        old_by, new_by = {i.id: i for i in olds}, {i.id: i for i in news}
        for item_id, item in new_by.items():
            if item_id not in old_by:
                yield where.named(id=item_id).change(
                    "promotion-tightened", f"new required {noun} `{item_id}`", None, item.description
                )
        for item_id, item in old_by.items():
            if item_id not in new_by:
                yield where.named(id=item_id).change(
                    "promotion-loosened", f"{noun} `{item_id}` is no longer required", item.description, None
                )
        kept_old, kept_new = [i for i in old_by if i in new_by], [i for i in new_by if i in old_by]
        if kept_old != kept_new:
            yield where.change("order-changed", f"the order of the {noun}s changed", kept_old, kept_new)
        for item_id in kept_new:
            yield from self.record(old_by[item_id], new_by[item_id], where.named(id=item_id))


def _target(key: tuple[str | None, str | None]) -> str:
    competency, category = key
    return f"`{competency}`" if competency else f"`{category}` (category)"


def _target_names(key: tuple[str | None, str | None]) -> dict[str, str]:
    competency, category = key
    return {"competency": competency} if competency else {"category": category or ""}


def scale_position(framework: Framework, value_id: str, competency_id: str | None = None) -> float:
    """Position on the competency's scale (the default one, for a category) as a fraction, so scales
    of different lengths still compare."""
    known = competency_id is not None and competency_id in framework.index["competency"]
    scale = framework.scale_of(competency_id) if known and competency_id else framework.scale
    scale = scale or next((s for s in framework.scales if value_id in s.value_ids), None)
    values = list(scale.value_ids) if scale else []
    return values.index(value_id) / max(len(values) - 1, 1) if value_id in values else 0.0


def _exceptions_text(exceptions: tuple[RuleException, ...]) -> str | None:
    if not exceptions:
        return None
    return "; ".join(f"{x.rule}: {x.reason} (reviewed by {x.reviewed_by} on {x.reviewed_on})" for x in exceptions)
