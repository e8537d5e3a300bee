"""Writes for tasking, one module per concern; every service takes the actor as `by` and writes its
audit event in the same transaction as the change."""
