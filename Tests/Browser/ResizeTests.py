"""Auto-resize: the SDK reports the document height; the host sizes the iframe within its bounds."""


def height(env):
    return env.browser.js("return harness.embeds.main.iframe.getBoundingClientRect().height")


def grow(env, name):
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        env.browser.js("probe.setHeight(arguments[0])", name)


def testFollowsContentHeight_whenContentGrowsAndShrinks(env):
    env.open_host()
    env.embed("main")
    small = env.browser.wait_for("return harness.events.main.resizes.at(-1)")
    grow(env, "900")
    tall = env.browser.wait_for("const h = harness.events.main.resizes.at(-1); return h > 900 && h")
    assert tall == small + 900
    env.browser.wait_for("return harness.embeds.main.iframe.getBoundingClientRect().height === arguments[0]", tall)
    grow(env, "0")
    env.browser.wait_for("return harness.events.main.resizes.at(-1) === arguments[0]", small)
    assert height(env) == small


def testClampsHeight_whenContentIsOutsideHostBounds(env):
    env.open_host()
    env.embed("main", limits={"minHeight": 300, "maxHeight": 1500})
    env.browser.wait_for("return harness.embeds.main.iframe.getBoundingClientRect().height === 300")
    grow(env, "10000")
    env.browser.wait_for("return harness.events.main.resizes.at(-1) === 1500")
    assert height(env) == 1500
    assert env.stats()["height"] == 1500


def testThrottlesReports_whenHeightChangesEveryFrame(env):
    env.open_host()
    env.embed("main")
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        env.browser.js_async("const sizes = ['50', '600', '900']; for (let i = 0; i < 60; i += 1) {"
                             " probe.setHeight(sizes[i % 3]); await new Promise((r) => requestAnimationFrame(r)); }"
                             " probe.setHeight('600')")
        final = env.browser.js("return Math.ceil(document.documentElement.getBoundingClientRect().height)")
    env.browser.wait_for("return harness.events.main.resizes.at(-1) === arguments[0]", final,
                         message="the last height reached the host")
    env.browser.js_async("await new Promise((r) => setTimeout(r, 500))")
    resizes = env.events()["resizes"]
    assert resizes[-1] == final
    assert len(resizes) <= 12, f"{len(resizes)} reports for 60 frames of changes"
    assert env.stats()["violationTotal"] == 0
