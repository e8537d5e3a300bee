"""Intelligence pages, one module per page family."""
