"""The one place where an ``openai.OpenAI`` client is built.

The SDK fills in whatever it is not given from the host's environment: ``OPENAI_API_KEY``,
``OPENAI_BASE_URL``, ``OPENAI_ORG_ID``, ``OPENAI_PROJECT_ID``, ``OPENAI_ADMIN_KEY``, ``OPENAI_WEBHOOK_SECRET``
and extra headers from ``OPENAI_CUSTOM_HEADERS``. On a shared host that would mean a learner's key could be
sent to a URL the host's environment points to, or the owner's organization, project or headers could be sent
along with a learner's request to the learner's own server. So the key and the base URL are always passed
explicitly, and every value the SDK took from the environment is cleared again.

The client also never follows redirects: a server (or anything in between) cannot send a request that
carries a learner's key on to another host or into the host's private network. A custom server's client
is given the ``Pin`` of its checked addresses (``core.llm.servers.check_server``): it connects only there,
so a second DNS lookup cannot lead it elsewhere (``core.llm.pinning``).

The key goes into the ``Authorization`` header, which carries ASCII only: ``core.text.clean_key`` removes the
invisible characters a copied key often brings along (a zero-width space, a line break) and refuses any other
non-ASCII character with a message (``llm.err_key_chars``) before a request is built; the SDK would otherwise
fail deep inside the request with ``UnicodeEncodeError``.
"""

from __future__ import annotations

import openai

from core import text
from core.llm.pinning import Pin, pinned_http_client


def make_client(
    *, api_key: str, base_url: str, timeout_s: float, max_retries: int, pin: Pin | None = None
) -> openai.OpenAI:
    """A client for one run (close it afterwards); nothing comes from environment variables. With ``pin``
    it connects only to the pinned addresses of the URL's host and port."""
    if not api_key:
        raise ValueError("api_key must be given explicitly")
    api_key = text.clean_key(api_key)
    if not api_key:
        raise ValueError("api_key must be given explicitly")
    if not base_url:
        raise ValueError("base_url must be given explicitly")
    client = openai.OpenAI(
        api_key=api_key,
        base_url=base_url,
        timeout=timeout_s,
        max_retries=max_retries,
        http_client=(
            pinned_http_client(pin, timeout_s=timeout_s)
            if pin is not None
            else openai.DefaultHttpxClient(follow_redirects=False, timeout=timeout_s)
        ),
    )
    # Values the SDK reads from the environment when they are not given (None means "not given" to it).
    client.organization = None
    client.project = None
    client.admin_api_key = None
    client.webhook_secret = None
    client._custom_headers = {}  # OPENAI_CUSTOM_HEADERS
    client._ambient_authorizations = frozenset()
    return client
