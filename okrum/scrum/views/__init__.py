"""HTML handlers of Scrum, one module per topic; okrum/scrum/urls.py routes to them."""

from __future__ import annotations
