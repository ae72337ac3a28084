"""Local stand-ins for the two SaaS APIs this project talks to (portal and Okta).

They exist because neither API is reachable here: tests and the sandbox stack run against them over
real HTTP on loopback.
"""
