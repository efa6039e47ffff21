"""HTML handlers of OKRs, one module per topic; okrum/okrs/urls.py routes to them."""

from __future__ import annotations
