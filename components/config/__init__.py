"""Stack configuration: the user interface of this project, validated before any resource exists."""

from components.config.loader import load_stack_config, read_pulumi_config
from components.config.models import (
    CONFIG_NAMESPACE,
    DEFAULT_PORTAL_API_URL,
    AssignmentMode,
    OrganizationConfig,
    StackConfig,
)

__all__ = [
    "CONFIG_NAMESPACE",
    "DEFAULT_PORTAL_API_URL",
    "AssignmentMode",
    "OrganizationConfig",
    "StackConfig",
    "load_stack_config",
    "read_pulumi_config",
]
