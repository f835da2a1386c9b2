"""HRIS import profiles: the HRIS export reshaped into the files one HR system imports.

    profile (declarative YAML, checked) → records (export + `ladder diff` since a release)
    → rows (expressions per column) → CSV or JSON bytes → written atomically

Shipped profiles live in profiles/; an organisation copies one into its project and points
`ladder build --format hris:path/to/profile.yaml` at it.
"""
