"""What every view of the site shares: URLs, names for people, generated-file records.

Views (render, ics, atom, opendata, search) meet only here, never in each other.
"""
