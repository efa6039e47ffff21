"""HTML pages of retrospectives, one module per topic; okrum/retros/urls.py routes to them."""

from __future__ import annotations
