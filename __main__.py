"""nordlayer-okta-sso: Okta SSO for every organization of the stack; see README.md."""

from components.program import main

main()
