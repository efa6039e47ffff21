"""JSON handlers of insights: onboarding, the dashboard, chart series, reports, forecasts."""
