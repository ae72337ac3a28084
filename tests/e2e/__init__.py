"""End-to-end tests: the real Pulumi engine and CLI against the portal and Okta emulators (marker ``e2e``)."""
