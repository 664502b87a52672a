"""The response headers of each test origin.

`assets_headers` is the contract for assets-svc (docs/iframe-sdk.md, "Headers of the assets
origin"): every response under /ext-ui/ carries exactly these, errors included.
"""


def assets_csp(frame_ancestors):
    """The extension UI's Content-Security-Policy (docs/iframe-sdk.md)."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'none'",
        "frame-ancestors " + " ".join(frame_ancestors),
        "object-src 'none'",
        "base-uri 'none'",
    ])


def assets_headers(frame_ancestors):
    return [
        ("Content-Security-Policy", assets_csp(frame_ancestors)),
        ("Access-Control-Allow-Origin", "*"),
        ("Cross-Origin-Resource-Policy", "cross-origin"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]


def host_headers(frame_origins):
    """A strict host page, as the admin console should be: the bridge needs no inline code either."""
    csp = "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "frame-src " + " ".join(frame_origins),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])
    return [
        ("Content-Security-Policy", csp),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]
