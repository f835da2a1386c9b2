"""`ladder lint`: rubric quality rules, one module per rule."""
