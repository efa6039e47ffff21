"""HTML pages of insights: the home, the dashboard, charts and reports."""
