"""Ninja schemas of insights."""
