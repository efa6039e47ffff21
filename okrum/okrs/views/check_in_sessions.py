"""HTML pages of the check-in session and the check-ins a member owes."""

from __future__ import annotations
