"""Source stage: read a ladder project and check it, before anything is built from it.

`load` turns YAML files into documents that remember where every value came from (strictly,
within size and nesting limits); `gitsource` reads the same files from a git revision;
`validate` checks them against the JSON Schema in `schema_store`, then `semantic` checks what
a schema cannot (references, ranks, coverage). Everything here returns located Problems.
"""
