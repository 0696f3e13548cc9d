"""Missionsguiden: grounded, cited answers and mission-design guidance."""

__version__ = "0.6.1"
