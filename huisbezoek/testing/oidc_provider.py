"""A small OpenID Connect provider for tests: Microsoft Entra ID or Google Workspace as the app sees them.

An ``http.server`` on 127.0.0.1 in a thread, with the four endpoints single sign-on uses:

* ``/authorize``: checks the client, remembers the nonce and the PKCE challenge, and sends the
  browser back to ``redirect_uri`` with a one-time ``code`` and the ``state`` it was given;
* ``/token``: exchanges the code (client secret and PKCE verifier checked) for an access token
  and an ``id_token`` signed RS256 with a key made for this run;
* ``/jwks``: publishes that key's public half;
* ``/userinfo``: the claims of the person who "logged in" (``provider.person``).

The test says who logs in next by setting ``provider.person`` (a dict of claims: ``email``,
``email_verified``, ...) before following the redirect.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "huisbezoek-test-client"
CLIENT_SECRET = "test-secret-not-for-production"  # noqa: S105 - a fake provider's fake secret
KEY_ID = "test-key-1"


@dataclass
class Grant:
    claims: dict[str, Any]
    nonce: str | None
    challenge: str | None
    redirect_uri: str


@dataclass
class FakeProvider:
    """The provider's state: the signing key, codes handed out, tokens issued, and who logs in next."""

    base_url: str = ""
    person: dict[str, Any] = field(default_factory=dict)
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    grants: dict[str, Grant] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: int = 0

    def settings(self, **extra: Any) -> dict[str, Any]:
        """The OIDC_* settings that point the app at this provider (for ``override_settings``)."""
        return {
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.base_url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.base_url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.base_url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.base_url}/jwks",
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_PROVIDER_NAME": "Microsoft",
            **extra,
        }

    def jwks(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def id_token(self, claims: dict[str, Any], nonce: str | None) -> str:
        now = int(time.time())
        payload = {
            "iss": self.base_url,
            "aud": CLIENT_ID,
            "sub": hashlib.sha256(str(claims.get("email", "")).encode()).hexdigest(),
            "iat": now,
            "exp": now + 300,
            **claims,
        }
        if nonce is not None:
            payload["nonce"] = nonce
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": KEY_ID})


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).decode().rstrip("=")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet test output

    def _json(self, body: dict[str, Any], status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        provider = self.server.provider
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/authorize":
            if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                self._json({"error": "unauthorized_client"}, 400)
                return
            code = secrets.token_urlsafe(16)
            provider.grants[code] = Grant(
                claims=dict(provider.person),
                nonce=query.get("nonce"),
                challenge=query.get("code_challenge"),
                redirect_uri=query["redirect_uri"],
            )
            self.send_response(302)
            self.send_header(
                "Location", f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
            )
            self.end_headers()
        elif url.path == "/jwks":
            self._json(provider.jwks())
        elif url.path == "/userinfo":
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            claims = provider.tokens.get(token)
            if claims is None:
                self._json({"error": "invalid_token"}, 401)
                return
            self._json({"sub": hashlib.sha256(str(claims.get("email", "")).encode()).hexdigest(), **claims})
        else:
            self._json({"error": "not_found"}, 404)

    def do_POST(self) -> None:
        provider = self.server.provider
        if urlsplit(self.path).path != "/token":
            self._json({"error": "not_found"}, 404)
            return
        provider.token_requests += 1
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        grant = provider.grants.pop(form.get("code", ""), None)  # a code is used once
        if (
            grant is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant.redirect_uri
            or (grant.challenge is not None and _challenge(form.get("code_verifier", "")) != grant.challenge)
        ):
            self._json({"error": "invalid_grant"}, 400)
            return
        access_token = secrets.token_urlsafe(24)
        provider.tokens[access_token] = grant.claims
        self._json(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": provider.id_token(grant.claims, grant.nonce),
            }
        )


class _Server(ThreadingHTTPServer):
    provider: FakeProvider


@contextmanager
def running_provider() -> Iterator[FakeProvider]:
    """Start the provider on a free port of 127.0.0.1; stopped when the block ends."""
    server = _Server(("127.0.0.1", 0), _Handler)
    provider = FakeProvider(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    server.provider = provider
    thread = threading.Thread(target=server.serve_forever, name="fake-oidc-provider", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
