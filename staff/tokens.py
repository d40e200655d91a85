"""The secret of an invitation link: 256 random bits; only its SHA-256 hash is stored."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits, 43 characters in the link
TOKEN_MAX_LENGTH = 100  # anything longer in a link is not one of ours


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
