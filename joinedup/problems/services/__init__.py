"""Writes for problem solving. Each takes the actor as `by=` and records the change in one transaction."""
