"""Atom feeds of what changed (RFC 4287) and what each kommun, region and arena
follows. No mkdocs: the handbook (:mod:`samverkan.handbok.prenumeration`)
turns them into files and the plugin publishes those.

:mod:`.atom` writes a feed; :mod:`.poster` makes the entries of a document
from its version history; :mod:`.urval` says which documents and calendar
events belong to a kommun, a region or an arena.
"""
