"""The JSON shapes of Okta objects other than apps: how they are stored and how they are presented.

Stored objects never hold ``_links`` or anything else derived from the org URL; ``present_*`` adds
those per request, so the same state answers correctly whichever host name a client used.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from emulators.okta.ids import (
    AUTH_SERVER_PREFIX,
    GROUP_PREFIX,
    POLICY_PREFIX,
    new_id,
    timestamp,
)

__all__ = [
    "Json",
    "new_access_policy",
    "new_admin_user",
    "new_auth_server",
    "new_group",
    "org_info",
    "present_assignment",
    "present_auth_server",
    "present_group",
    "present_policy",
    "present_user",
    "wellknown_org",
]

Json = dict[str, Any]

KEY_ROTATION_DAYS = 90
DEFAULT_LOGO = "https://ok12static.oktacdn.com/assets/img/logos/groups/okta-medium.png"


def new_group(name: str, description: str = "", group_type: str = "OKTA_GROUP") -> Json:
    now = timestamp()
    return {
        "id": new_id(GROUP_PREFIX),
        "created": now,
        "lastUpdated": now,
        "lastMembershipUpdated": now,
        "objectClass": ["okta:user_group"],
        "type": group_type,
        "profile": {"name": name, "description": description or None},
    }


def present_group(group: Json, base: str) -> Json:
    out = copy.deepcopy(group)
    href = f"{base}/api/v1/groups/{group['id']}"
    out["_links"] = {
        "logo": [
            {"name": "medium", "href": DEFAULT_LOGO, "type": "image/png"},
            {"name": "large", "href": DEFAULT_LOGO.replace("medium", "large"), "type": "image/png"},
        ],
        "users": {"href": f"{href}/users"},
        "apps": {"href": f"{href}/apps"},
    }
    return out


def new_auth_server(
    name: str, description: str = "", audiences: list[str] | None = None, server_id: str | None = None
) -> Json:
    now = datetime.now(UTC)
    sid = server_id or new_id(AUTH_SERVER_PREFIX)
    return {
        "id": sid,
        "name": name,
        "description": description or f"{name} authorization server",
        "audiences": list(audiences or [f"api://{name}"]),
        "issuerMode": "ORG_URL",
        "status": "ACTIVE",
        "created": timestamp(now),
        "lastUpdated": timestamp(now),
        "credentials": {
            "signing": {
                "rotationMode": "AUTO",
                "lastRotated": timestamp(now),
                "nextRotation": timestamp(now + timedelta(days=KEY_ROTATION_DAYS)),
                "kid": new_id("kid"),
            }
        },
    }


def present_auth_server(server: Json, base: str) -> Json:
    out = copy.deepcopy(server)
    href = f"{base}/api/v1/authorizationServers/{server['id']}"
    out["issuer"] = f"{base}/oauth2/{server['id']}"
    out["_links"] = {
        "self": {"href": href, "hints": {"allow": ["GET", "DELETE", "PUT"]}},
        "scopes": {"href": f"{href}/scopes", "hints": {"allow": ["GET"]}},
        "claims": {"href": f"{href}/claims", "hints": {"allow": ["GET"]}},
        "policies": {"href": f"{href}/policies", "hints": {"allow": ["GET"]}},
        "metadata": [
            {
                "name": "oauth-authorization-server",
                "href": f"{base}/oauth2/{server['id']}/.well-known/oauth-authorization-server",
                "hints": {"allow": ["GET"]},
            },
            {
                "name": "openid-configuration",
                "href": f"{base}/oauth2/{server['id']}/.well-known/openid-configuration",
                "hints": {"allow": ["GET"]},
            },
        ],
        "deactivate": {"href": f"{href}/lifecycle/deactivate", "hints": {"allow": ["POST"]}},
    }
    return out


def new_access_policy(name: str = "Default Policy", *, system: bool = True) -> Json:
    now = timestamp()
    return {
        "id": new_id(POLICY_PREFIX),
        "status": "ACTIVE",
        "name": name,
        "description": "The default app sign-on policy" if system else "",
        "priority": 1,
        "system": system,
        "conditions": None,
        "created": now,
        "lastUpdated": now,
        "type": "ACCESS_POLICY",
    }


def present_policy(policy: Json, base: str) -> Json:
    out = copy.deepcopy(policy)
    href = f"{base}/api/v1/policies/{policy['id']}"
    out["_links"] = {
        "self": {"href": href, "hints": {"allow": ["GET", "PUT"]}},
        "rules": {"href": f"{href}/rules", "hints": {"allow": ["GET", "POST"]}},
        "mappings": {"href": f"{href}/mappings", "hints": {"allow": ["GET", "POST"]}},
    }
    return out


def present_assignment(app_id: str, assignment: Json, base: str) -> Json:
    out = copy.deepcopy(assignment)
    out["_links"] = {
        "app": {"href": f"{base}/api/v1/apps/{app_id}"},
        "group": {"href": f"{base}/api/v1/groups/{assignment['id']}"},
    }
    return out


def new_admin_user(user_id: str, login: str) -> Json:
    now = timestamp()
    return {
        "id": user_id,
        "status": "ACTIVE",
        "created": now,
        "activated": now,
        "statusChanged": now,
        "lastLogin": now,
        "lastUpdated": now,
        "passwordChanged": now,
        "type": {"id": "oty" + user_id[3:]},
        "profile": {
            "firstName": "Emulator",
            "lastName": "Admin",
            "mobilePhone": None,
            "secondEmail": None,
            "login": login,
            "email": login,
        },
        "credentials": {
            "password": {},
            "emails": [{"value": login, "status": "VERIFIED", "type": "PRIMARY"}],
            "provider": {"type": "OKTA", "name": "OKTA"},
        },
    }


def present_user(user: Json, base: str) -> Json:
    out = copy.deepcopy(user)
    out["_links"] = {"self": {"href": f"{base}/api/v1/users/{user['id']}"}}
    return out


def wellknown_org(org_id: str, pipeline: str, base: str) -> Json:
    return {
        "id": org_id,
        "pipeline": pipeline,
        "settings": {"analyticsCollectionEnabled": False, "bugReportingEnabled": True, "omEnabled": False},
        "_links": {"organization": {"href": base}},
    }


def org_info(org_id: str, created: str, base: str) -> Json:
    host = base.split("://", 1)[-1].split(":", 1)[0]
    subdomain = host.split(".", 1)[0] if not host.replace(".", "").isdigit() else "emulator"
    return {
        "id": org_id,
        "companyName": "Okta Emulator",
        "website": base,
        "status": "ACTIVE",
        "subdomain": subdomain,
        "expiresAt": None,
        "created": created,
        "lastUpdated": created,
        "endUserSupportHelpURL": None,
        "supportPhoneNumber": None,
        "_links": {
            "self": {"href": f"{base}/api/v1/org"},
            "contacts": {"href": f"{base}/api/v1/org/contacts"},
        },
    }
