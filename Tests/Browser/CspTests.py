"""The extension UI's CSP (the headers assets-svc sends) blocks what an extension must not do:
direct calls to other origins, inline script and style, eval, form posts, foreign scripts and
images, and being framed by anyone but the host. Each refusal is read from the browser log,
and checked in the page and on the servers."""
import urllib.request

from support.headers import assets_headers


def run_probe(env):
    env.open_host()
    target = f"{env.servers.host_origin}/api/ext/com.acme.probe/direct"
    env.browser.js("harness.create('main', {page: 'ext/csp-probe.html?target=' + encodeURIComponent(arguments[0])})", target)
    with env.in_frame():
        env.browser.wait_for("return window.cspProbe && cspProbe.results.done")
        probe = env.browser.js("return window.cspProbe")
    # The uncaught eval runs in a later task; wait until the log shows it.
    log = env.browser.wait_for_log(lambda messages: any("Uncaught EvalError" in m for m in messages))
    return probe, log

def testBlocksForbiddenActions_andReportsThemInTheLog(env):
    probe, log = run_probe(env)
    results = probe["results"]
    assert results["inlineScript"] == "blocked"
    assert results["inlineStyle"] == "blocked"
    assert results["eval"] == "blocked: EvalError" and results["function"] == "blocked: EvalError"
    assert results["fetch"] == "blocked: TypeError"
    assert results["crossOriginScript"].startswith("blocked")
    assert results["imageLoaded"] == "blocked"
    assert results["beacon"] in ("queued", "blocked"), "sendBeacon only queues; CSP refuses the request"

    def logged(*parts):
        return any(all(part in message for part in parts) for message in log)

    assert logged("Executing inline script violates", "script-src 'self'"), log
    assert logged("Applying inline style violates", "style-src 'self'"), log
    assert logged("Uncaught EvalError: Evaluating a string as JavaScript violates", "script-src 'self'"), log
    assert logged("Connecting to 'http://127.0.0.1:", "/direct'", "violates", "connect-src 'self'"), log
    assert logged("Connecting to 'http://127.0.0.1:", "leak=beacon", "connect-src 'self'"), log
    assert logged("Blocked form submission", "sandboxed"), log
    assert logged("Loading the script", "script-src 'self'") or logged("Refused to load the script"), log
    assert logged("Loading the image", "img-src 'self'") or logged("Refused to load the image"), log
    directives = {v["directive"] for v in probe["violations"]}
    assert {"script-src", "connect-src", "img-src"} <= directives, directives
    # Nothing reached the host's origin: no fetch, beacon, image, script or form post.
    assert env.servers.gateway_calls() == []


def testRefusesFraming_whenAncestorIsNotTheHost(env):
    env.browser.open(f"{env.servers.evil_origin}/evil/attacker.html")
    env.browser.wait_for("return window.attack !== undefined")
    env.browser.js("attack.frame(arguments[0])", f"{env.servers.assets_origin}/ext/probe.html")
    messages = env.browser.wait_for_log(lambda messages: any("frame-ancestors" in m for m in messages))
    assert any("frame-ancestors" in m and f"frame-ancestors {env.servers.host_origin}" in m and "blocked" in m
               for m in messages), messages
    assert [r.path for r in env.servers.assets.recorded("/ext/")] == ["/ext/probe.html"], \
        "the page was refused: none of its scripts or styles were loaded"


def testSendsAssetsHeaders_onEveryResponse(env):
    expected = dict(assets_headers([env.servers.host_origin]))
    for path in ("/ext/probe.html", "/sdk/extension-iframe-sdk/src/index.js", "/ext/missing.html"):
        try:
            response = urllib.request.urlopen(f"http://127.0.0.1:{env.servers.assets.port}{path}", timeout=5)
        except urllib.error.HTTPError as error:
            response = error
        for name, value in expected.items():
            assert response.headers[name] == value, (path, name)
