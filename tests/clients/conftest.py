"""Shared fixtures: a msgraph-sdk GraphServiceClient pointed at the Vigil server under test."""
import os
from typing import Any, Optional
from urllib.parse import urlparse

import pytest
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from msgraph import GraphRequestAdapter, GraphServiceClient

VIGIL_URL = os.environ.get("VIGIL_URL", "http://127.0.0.1:8080")


class StaticTokenProvider(AccessTokenProvider):
    """Hands the SDK a fixed bearer token for the Vigil host only."""

    def __init__(self, token: str, host: str):
        self._token = token
        self._validator = AllowedHostsValidator([host])

    async def get_authorization_token(
        self, uri: str, additional_authentication_context: Optional[dict[str, Any]] = None
    ) -> str:
        return self._token if self._validator.is_url_host_valid(uri) else ""

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return self._validator


@pytest.fixture
def vigil_url() -> str:
    return VIGIL_URL


@pytest.fixture
def client() -> GraphServiceClient:
    host = urlparse(VIGIL_URL).hostname or "127.0.0.1"
    auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(os.environ.get("VIGIL_TOKEN", "demo"), host))
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = f"{VIGIL_URL}/v1.0"
    return GraphServiceClient(request_adapter=adapter)
