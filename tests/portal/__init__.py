"""Tests of the portal half: contract, emulator, client, dynamic provider (also through the real host)."""
