"""Business rules of the plan, funding, registers and communications."""
