"""BaseSkill for Skillware skills run inside a skillbox sandbox.

Written for skillbox; it offers the interface Skillware skills rely on (a manifest property, execute or
aexecute, credential, validate_params, load_manifest_from_dir) and nothing that reaches outside the sandbox.
"""

import asyncio
import json
import os
from abc import ABC, abstractmethod
from typing import Any, Dict, Optional

# Set by skillbox's runner: the bundle directory and its manifest.yaml, already parsed and checked by skillbox.
BUNDLE_DIR: Optional[str] = None
BUNDLE_MANIFEST: Optional[Dict[str, Any]] = None


class SkillwareParamValidationError(ValueError):
    """The params do not match the manifest's parameters schema."""


class BaseSkill(ABC):
    """What every Skillware skill extends: a manifest and an execute(params) that returns a dict."""

    def __init__(self, config: Optional[Dict[str, Any]] = None):
        self.config = dict(config or {})

    def credential(self, key: str) -> Optional[str]:
        """A configured value, else the environment's. skillbox passes no secrets in either: expect None."""
        for value in (self.config.get(key), os.environ.get(key)):
            if value is not None and str(value).strip():
                return str(value).strip()
        return None

    @property
    @abstractmethod
    def manifest(self) -> Dict[str, Any]:
        """The skill's metadata: name, version, description, parameters, ..."""

    def execute(self, params: Dict[str, Any]) -> Any:
        """Runs the skill; a skill that implements only aexecute() is run through it."""
        if type(self).aexecute is not BaseSkill.aexecute:
            return asyncio.run(self.aexecute(params))
        raise NotImplementedError(f"{type(self).__name__} implements neither execute() nor aexecute()")

    async def aexecute(self, params: Dict[str, Any]) -> Any:
        """The asynchronous entry point; by default execute() on a worker thread."""
        return await asyncio.to_thread(self.execute, params)

    def validate_params(self, params: Dict[str, Any]) -> bool:
        """skillbox has validated the params against manifest.yaml's parameters before the sandbox started."""
        if not isinstance(params, dict):
            raise SkillwareParamValidationError(f"params must be a JSON object, got {type(params).__name__}")
        return True

    @staticmethod
    def load_manifest_from_dir(directory: str) -> Dict[str, Any]:
        """The manifest.yaml of a skill directory; the skill's own is the copy skillbox read and checked."""
        if BUNDLE_DIR is not None and os.path.realpath(directory) == os.path.realpath(BUNDLE_DIR):
            return json.loads(json.dumps(BUNDLE_MANIFEST))
        try:
            import yaml  # only for manifests of other directories, which skillbox did not read
        except ImportError as e:
            raise ImportError(f"reading {directory}/manifest.yaml needs PyYAML, which this sandbox lacks") from e
        with open(os.path.join(directory, "manifest.yaml"), encoding="utf-8") as f:
            return yaml.safe_load(f)
