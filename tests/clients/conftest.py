"""Shared fixtures: msgraph-sdk GraphServiceClients pointed at the Vigil server under test.

The SDK authenticates the way it does against Graph: a kiota `AccessTokenProvider` handing
out a bearer token, wrapped in `BaseBearerTokenAuthenticationProvider`. The tokens come from
`vigil token` (see scripts/sdk-tests.sh):

- `VIGIL_TOKEN`: the demo tenant's administrator (Global Administrator, Attribute Log Reader);
- `VIGIL_TOKEN_NO_ROLE`: a user of the demo tenant without any directory role.
"""
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


def token(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: run the tests through scripts/sdk-tests.sh")
    return value


def make_client(bearer: str) -> GraphServiceClient:
    host = urlparse(VIGIL_URL).hostname or "127.0.0.1"
    auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(bearer, host))
    adapter = GraphRequestAdapter(auth)
    adapter.base_url = f"{VIGIL_URL}/v1.0"
    return GraphServiceClient(request_adapter=adapter)


@pytest.fixture
def vigil_url() -> str:
    return VIGIL_URL


@pytest.fixture
def admin_token() -> str:
    return token("VIGIL_TOKEN")


@pytest.fixture
def client(admin_token) -> GraphServiceClient:
    return make_client(admin_token)


@pytest.fixture
def no_role_client() -> GraphServiceClient:
    return make_client(token("VIGIL_TOKEN_NO_ROLE"))


@pytest.fixture
def anonymous_client() -> GraphServiceClient:
    # An empty token makes the provider send no Authorization header at all.
    return make_client("")
