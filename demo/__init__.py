"""The Sông Lô demo data (``manage.py seed_demo``): not product code.

The top of the import layers: it builds its story through every app, services included.
"""
