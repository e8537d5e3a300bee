"""Case pages: the case file and its people (casework), and one module for each further part of the work."""
