"""Reviewing a mission draft against the ways missions fail."""

from .criteria import CRITERIA, Finding, Review, judge, review, review_json
from .parts import Parts, read

__all__ = ["CRITERIA", "Finding", "Parts", "Review", "judge", "read", "review", "review_json"]
