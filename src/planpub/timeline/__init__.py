"""Timelines of plan tasks ("Thời gian thực hiện"): verbatim wording plus normalised fields.

:func:`parse_timeline` reads the Vietnamese wording of a plan; :func:`resolve_timeline` is what
the plan loader calls (the wording, optionally with the author's overrides). Modules, each
importing only those before it: ``vocabulary`` (kinds, labels, the model), ``grammar`` (the
regexes), ``parser`` (reading a wording), ``overrides`` (the author's fields).
"""

from planpub.timeline.overrides import resolve_timeline
from planpub.timeline.parser import parse_timeline
from planpub.timeline.vocabulary import KIND_LABELS, Timeline, TimelineError, TimelineKind

__all__ = [
    "KIND_LABELS",
    "Timeline",
    "TimelineError",
    "TimelineKind",
    "parse_timeline",
    "resolve_timeline",
]
