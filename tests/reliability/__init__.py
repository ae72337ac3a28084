"""Reliability tests: fault matrix, partial failure, interrupted runs, concurrency, secrets, properties."""
