"""Missionsguiden: grounded, cited answers and mission-design guidance."""

__version__ = "0.8.0"
