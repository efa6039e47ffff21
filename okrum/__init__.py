"""Okrum: steer with OKRs and deliver with Scrum, in one place."""
