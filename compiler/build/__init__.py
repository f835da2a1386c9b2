"""Build: plan the outputs, decide which are stale, render them, write them with their manifest."""
