"""nordlayer-okta-sso: Okta single sign-on for the NordLayer portal, declared per organization.

Data flow: ``__main__`` reads stack config -> ``components.config`` validates it -> one
``components.okta_portal_sso.OktaPortalSso`` per organization declares the Okta app and hands the
five derived values to ``components.portal`` (dynamic provider -> portal client -> portal API).
"""
