"""Pages of the plan, funding, registers and communications (thin: rules live in services)."""
