"""The incident store: police.uk and partner records, and the imports that brought them."""
