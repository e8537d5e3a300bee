"""The partnership plan and its money, the statutory registers (PSPOs, DHRs) and communications."""
