"""The analyst's toolkit as plain functions over NumPy arrays: no database, no Django.

Pages, commands and publications call these with points and counts they have selected; keeping
the statistics free of the ORM makes them testable against hand-worked examples and fast.
"""
