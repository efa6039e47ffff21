"""Reads of insights: each a fixed number of queries, whatever the size of the organization."""
