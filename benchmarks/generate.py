"""Generate a synthetic but valid ladder project of a given size, deterministic by seed.

python3 benchmarks/generate.py OUT_DIR --tracks 40 --levels 8 --competencies 15 --seed 1
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

VERBS = [
    "Sets",
    "Runs",
    "Decides",
    "Reviews",
    "Writes",
    "Leads",
    "Aligns",
    "Measures",
    "Coaches",
    "Plans",
    "Ships",
    "Reports",
]
OBJECTS = [
    "the roadmap",
    "the quarterly plan",
    "release scope",
    "the KPI dashboard",
    "hiring decisions",
    "the budget split",
    "dependency maps",
    "launch reviews",
    "team rituals",
    "the investment review",
    "customer research",
    "pricing experiments",
]
SCOPES = [
    "for one team",
    "across two teams",
    "for the product area",
    "across the domain",
    "for the portfolio",
    "with finance and design",
]
BREADTHS = ["feature", "product", "product-area", "domain", "multi-domain", "portfolio", "organisation"]


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(SCOPES)}"
        f" and records the decision within {rng.randint(1, 9)} days."
    )


def generate(out: Path, tracks: int, levels: int, competencies: int, seed: int) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tracks").mkdir(exist_ok=True)
    scale = [
        {"id": v, "name": v.title(), "description": f"Shows the behaviours at the {v} bar."}
        for v in ("developing", "proficient", "advanced", "exemplary")
    ]
    categories = [
        {"id": f"cat-{i}", "name": f"Category {i}", "description": f"Competencies of group {i}."} for i in range(1, 5)
    ]
    library = [
        {"id": f"comp-{i:02d}", "name": f"Competency {i}", "category": f"cat-{i % 4 + 1}", "description": sentence(rng)}
        for i in range(1, competencies + 1)
    ]
    _write(
        out / "framework.yaml",
        {
            "framework": {
                "id": "synthetic",
                "name": "Synthetic Framework",
                "organisation": "Benchmark Org",
                "version": "1.0.0",
                "effective_date": "2026-01-01",
                "scale": {"id": "proficiency", "name": "Proficiency", "values": scale},
                "categories": categories,
            }
        },
    )
    _write(out / "competencies.yaml", {"competencies": library})
    for t in range(1, tracks + 1):
        _write(out / "tracks" / f"track-{t:02d}.yaml", {"tracks": [_track(rng, t, levels, [c["id"] for c in library])]})
    peers = [
        {"levels": [f"t{t:02d}-l{r}", f"t{t + 1:02d}-l{r}"]} for t in range(1, tracks, 2) for r in range(1, levels + 1)
    ]
    _write(out / "career-paths.yaml", {"career_paths": {"peers": peers}} if peers else {"career_paths": {}})


def _track(rng: random.Random, number: int, levels: int, competencies: list[str]) -> dict:
    track = {
        "id": f"track-{number:02d}",
        "name": f"Track {number}",
        "kind": rng.choice(["management", "individual-contributor"]),
        "description": sentence(rng),
        "hris": {"job_family_group": "Synthetic"},
        "competencies": competencies,
        "levels": [],
    }
    for rank in range(1, levels + 1):
        level = {
            "id": f"t{number:02d}-l{rank}",
            "title": f"Track {number} Level {rank}",
            "rank": rank,
            "summary": sentence(rng),
            "hris": {"job_code": f"T{number:02d}-L{rank}"},
            "scope": {
                "summary": sentence(rng),
                "breadth": BREADTHS[min(rank - 1, len(BREADTHS) - 1)],
                "horizon_months": 3 * rank,
            },
            "expectations": {
                c: {"behaviours": [sentence(rng), sentence(rng)], "evidence": [sentence(rng)]} for c in competencies
            },
        }
        if rank > 1:
            level["promotion"] = {
                "description": sentence(rng),
                "min_months_in_role": 6 * rank,
                "min_ratings": [
                    {"category": "cat-1", "rating": "proficient"},
                    {"competency": competencies[0], "rating": "advanced"},
                ],
                "evidence": [{"id": "evidence-a", "description": sentence(rng)}],
                "process": [{"id": "sponsor", "kind": "sponsorship", "description": sentence(rng)}],
            }
        track["levels"].append(level)
    return track


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=120), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tracks", type=int, default=40)
    parser.add_argument("--levels", type=int, default=8)
    parser.add_argument("--competencies", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.tracks, args.levels, args.competencies, args.seed)


if __name__ == "__main__":
    main()
