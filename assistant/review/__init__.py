"""Reviewing a mission draft against the ways missions fail."""

from .criteria import CRITERIA, Finding, Review, review, review_json
from .parts import Parts, read

__all__ = ["CRITERIA", "Finding", "Parts", "Review", "read", "review", "review_json"]
