"""The stack configuration model: names, defaults and rules of every ``nordlayer-okta-sso:*`` key.

Field aliases are the camelCase keys users write in ``stacks/Pulumi.<stack>.yaml``; error paths use
them too, so a message points at the line to fix.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StrictBool,
    StrictStr,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from components.config import fields

__all__ = [
    "CONFIG_NAMESPACE",
    "DEFAULT_APP_LABEL",
    "DEFAULT_PORTAL_API_URL",
    "ORG_AUTHORIZATION_SERVER",
    "AssignmentMode",
    "ExistingApp",
    "OrganizationConfig",
    "StackConfig",
    "duplicate_identifier_problems",
]

CONFIG_NAMESPACE = "nordlayer-okta-sso"
DEFAULT_PORTAL_API_URL = "https://partner-api.nordlayer.com/msp/v1"
DEFAULT_APP_LABEL = "NordLayer"
ORG_AUTHORIZATION_SERVER = "org"

PartnerIdentifier = Annotated[StrictStr, AfterValidator(fields.check_partner_identifier)]
AppLabel = Annotated[StrictStr, AfterValidator(fields.check_app_label)]
GroupName = Annotated[StrictStr, AfterValidator(fields.check_group_name)]
ServerName = Annotated[StrictStr, AfterValidator(fields.check_authorization_server)]
OktaDomain = Annotated[StrictStr, AfterValidator(fields.check_okta_domain)]
PortalApiUrl = Annotated[StrictStr, AfterValidator(fields.check_portal_api_url)]


class AssignmentMode(StrEnum):
    """How the listed groups relate to groups assigned by other means (the Okta admin UI)."""

    AUTHORITATIVE = "authoritative"  # the list is the whole truth: other assignments are removed
    ADDITIVE = "additive"  # only the listed assignments are managed; others are left alone


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        # Only the camelCase keys users write: `partner_identifier` in a stack file is a typo to report.
        validate_by_name=False,
        validate_by_alias=True,
        extra="forbid",
        frozen=True,
        hide_input_in_errors=True,
    )


class ExistingApp(_Model):
    """An OIDC app made outside this stack (by hand, or by another team's tooling).

    The stack then manages only the portal half; the secret must be a secure config value.
    """

    client_id: Annotated[StrictStr, AfterValidator(fields.check_client_id)]
    client_secret: SecretStr

    @field_validator("client_secret")
    @classmethod
    def _secret_present(cls, secret: SecretStr) -> SecretStr:
        if not secret.get_secret_value().strip():
            raise ValueError("must not be empty")
        return secret


class OrganizationConfig(_Model):
    """One NordLayer organization whose portal gets Okta SSO."""

    partner_identifier: PartnerIdentifier
    app_label: AppLabel = DEFAULT_APP_LABEL
    groups: tuple[GroupName, ...] = ()
    authorization_server: ServerName = ORG_AUTHORIZATION_SERVER
    adopt_existing: StrictBool = False
    group_assignment_mode: AssignmentMode = AssignmentMode.AUTHORITATIVE
    existing_app: ExistingApp | None = None

    @field_validator("groups")
    @classmethod
    def _groups_unique(cls, groups: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({g for g in groups if groups.count(g) > 1})
        if repeated:
            raise ValueError(f"lists a group more than once: {', '.join(repr(g) for g in repeated)}")
        return groups

    @model_validator(mode="after")
    def _existing_app_has_no_groups(self) -> OrganizationConfig:
        if self.existing_app is not None and self.groups:
            raise ValueError(
                "groups: cannot be assigned to an existingApp (this stack does not manage that app); "
                "assign them in Okta or drop existingApp to let the stack create the app"
            )
        return self

    @property
    def uses_org_server(self) -> bool:
        return self.authorization_server == ORG_AUTHORIZATION_SERVER


class StackConfig(_Model):
    """Everything under the ``nordlayer-okta-sso`` config namespace."""

    organizations: list[OrganizationConfig] = Field(min_length=1)
    portal_api_url: PortalApiUrl = DEFAULT_PORTAL_API_URL
    portal_api_key: SecretStr | None = None
    okta_domain: OktaDomain | None = None

    @field_validator("portal_api_key")
    @classmethod
    def _key_shape(cls, key: SecretStr | None) -> SecretStr | None:
        if key is None:
            return None
        fields.check_api_key(key.get_secret_value())
        return key

    @model_validator(mode="after")
    def _identifiers_unique(self) -> StackConfig:
        problems = duplicate_identifier_problems([o.partner_identifier for o in self.organizations])
        if problems:
            raise ValueError("; ".join(problems))
        return self


def duplicate_identifier_problems(identifiers: list[object]) -> list[str]:
    """``organizations[i].partnerIdentifier: ...`` for every repeat, naming the first occurrence."""
    first_seen: dict[str, int] = {}
    problems: list[str] = []
    for index, identifier in enumerate(identifiers):
        if not isinstance(identifier, str):
            continue
        if identifier in first_seen:
            problems.append(
                f"organizations[{index}].partnerIdentifier: duplicate {identifier!r} "
                f"(already used by organizations[{first_seen[identifier]}])"
            )
        else:
            first_seen[identifier] = index
    return problems
