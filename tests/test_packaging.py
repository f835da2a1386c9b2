"""Every Python package under compiler/ ships: an editable install would hide a missing one."""

from __future__ import annotations

import configparser

from conftest import REPO


def test_every_package_directory_is_listed_in_setup_cfg() -> None:
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    mapping = dict(line.split(" = ") for line in config["options"]["package_dir"].strip().splitlines())
    found = {
        "ladder_compiler"
        + ("." + ".".join(p.parent.relative_to(REPO / "compiler").parts) if p.parent != REPO / "compiler" else "")
        for p in (REPO / "compiler").rglob("__init__.py")
    }
    assert found <= listed, f"add to setup.cfg packages and package_dir: {sorted(found - listed)}"
    for package in found:
        assert mapping[package] == "compiler" + package[len("ladder_compiler") :].replace(".", "/"), package
