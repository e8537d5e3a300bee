"""The plan, funding, registers and communications models; each area in its own module."""
