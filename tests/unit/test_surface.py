"""The documented surface matches the code: module ``__all__`` lists, Pulumi.yaml and the README.

The config model is the one source of truth for keys; these tests fail when Pulumi.yaml or the README
forget a key the model accepts, or when a module's public list names something that is not there.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

import components
from components.config import CONFIG_NAMESPACE, OrganizationConfig, StackConfig
from components.config.models import ExistingApp

REPO = Path(__file__).resolve().parents[2]
MODULES = sorted(
    info.name for info in pkgutil.walk_packages(components.__path__, "components.") if not info.ispkg
)


def aliases(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


@pytest.mark.parametrize("module_name", MODULES)
def test_every_module_declares_a_public_surface_that_exists(module_name: str) -> None:
    module = importlib.import_module(module_name)
    public = getattr(module, "__all__", None)
    assert public is not None, f"{module_name} has no __all__"
    missing = [name for name in public if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names what it does not define: {missing}"


def test_pulumi_yaml_declares_every_top_level_key() -> None:
    project = yaml.safe_load((REPO / "Pulumi.yaml").read_text(encoding="utf-8"))
    declared = {key.removeprefix(f"{CONFIG_NAMESPACE}:") for key in project["config"]}
    assert declared == aliases(StackConfig)
    assert project["stackConfigDir"] == "stacks"
    description = project["config"][f"{CONFIG_NAMESPACE}:organizations"]["description"]
    for key in aliases(OrganizationConfig):
        assert key in description, f"Pulumi.yaml's organizations description does not mention {key}"


def test_readme_documents_every_key() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for key in aliases(StackConfig) | aliases(OrganizationConfig) | aliases(ExistingApp):
        assert f"`{key}`" in readme or f"{{{key}" in readme or f"{key}}}" in readme, key
