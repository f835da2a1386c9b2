"""Outputs are written to temporary files as they are rendered and renamed into place together."""

from __future__ import annotations

from pathlib import Path

import pytest

from ladder_compiler.write import Staging, remove_stale_temporaries


def temporaries(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*.tmp"))


def test_each_output_is_on_disk_as_soon_as_it_is_staged_and_in_place_only_after_commit(tmp_path: Path) -> None:
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "a.md").write_bytes(b"old a")
    with Staging(tmp_path) as staged:
        staged.add("md/a.md", b"new a")
        staged.add("json/b.json", b"{}")
        assert [p.read_bytes() for p in temporaries(tmp_path)] == [b"{}", b"new a"]
        assert (tmp_path / "md" / "a.md").read_bytes() == b"old a" and not (tmp_path / "json" / "b.json").exists()
        assert staged.size == {"md/a.md": 5, "json/b.json": 2}
        staged.commit()
    assert (tmp_path / "md" / "a.md").read_bytes() == b"new a" and (tmp_path / "json" / "b.json").read_bytes() == b"{}"
    assert temporaries(tmp_path) == []


def test_a_failure_before_commit_removes_every_temporary_and_keeps_the_old_outputs(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"old a")
    with pytest.raises(RuntimeError, match="render failed"):
        with Staging(tmp_path) as staged:
            staged.add("a.md", b"new a")
            staged.add("b.md", b"new b")
            raise RuntimeError("render failed")
    assert (tmp_path / "a.md").read_bytes() == b"old a" and not (tmp_path / "b.md").exists()
    assert temporaries(tmp_path) == []


def test_a_killed_builds_staged_files_are_found_by_the_next_build(tmp_path: Path) -> None:
    staged = Staging(tmp_path)
    staged.add("html/a.html", b"<p>")  # never committed nor discarded: the process died here
    left = temporaries(tmp_path)
    assert len(left) == 1 and left[0].parent == tmp_path / "html"
    assert remove_stale_temporaries(tmp_path) == left
    assert temporaries(tmp_path) == []


def test_an_output_staged_in_pieces_is_hashed_and_sized_as_its_bytes(tmp_path: Path) -> None:
    import hashlib

    pieces = [b"{\n", b'  "a": 1', b"\n}\n"]
    with Staging(tmp_path) as staged:
        staged.add("json/a.json", iter(pieces))
        staged.commit()
    assert (tmp_path / "json" / "a.json").read_bytes() == b"".join(pieces)
    assert staged.sha256 == {"json/a.json": hashlib.sha256(b"".join(pieces)).hexdigest()}
    assert staged.size == {"json/a.json": len(b"".join(pieces))}


def test_a_piece_that_fails_removes_the_half_written_temporary(tmp_path: Path) -> None:
    def pieces():
        yield b"first half"
        raise ValueError("renderer broke")

    (tmp_path / "a.json").write_bytes(b"old")
    with pytest.raises(ValueError, match="renderer broke"), Staging(tmp_path) as staged:
        staged.add("a.json", pieces())
    assert (tmp_path / "a.json").read_bytes() == b"old"
    assert temporaries(tmp_path) == []
