"""Tasking pages: groups, and meetings from agenda to actions."""
