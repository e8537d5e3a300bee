"""Writes for cases, one module per concern; every service takes the actor as `by` and writes the
timeline entry and audit event in the same transaction as the change."""
