"""ladder: compile declarative YAML career ladders into rubrics and HRIS exports."""

__version__ = "0.1.0"
