"""Theme tokens: the initial theme and live updates arrive as --alga-* custom properties."""
import pytest

from support.browser import ScriptError

READ = ("const root = document.documentElement; const style = getComputedStyle(root);"
        "return {bg: style.getPropertyValue('--alga-color-bg').trim(), scheme: root.dataset.algaScheme,"
        " body: getComputedStyle(document.body).backgroundColor, themes: probe.events.theme.length}")


def read(env):
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        return env.browser.js(READ)


def testAppliesInitialTheme_whenConnecting(env):
    env.open_host()
    env.embed("main", theme="light")
    state = read(env)
    assert state == {"bg": "#f5f7fa", "scheme": "light", "body": "rgb(245, 247, 250)", "themes": 0}


def testUpdatesThemeLive_whenHostSwitchesScheme(env):
    env.open_host()
    env.embed("main", theme="light")
    env.browser.driver.find_element("id", "theme-toggle").click()
    with env.in_frame():
        env.browser.wait_for("return probe.events.theme.length === 1")
        state = env.browser.js(READ)
    assert state == {"bg": "#0e1318", "scheme": "dark", "body": "rgb(14, 19, 24)", "themes": 1}
    assert env.browser.errors() == [], "no CSP violation from applying tokens"


def testDropsTokens_whenNewThemeOmitsThem(env):
    env.open_host()
    env.embed("main", theme="light")
    env.browser.js("harness.embeds.main.setTheme({scheme: 'dark', tokens: {'color-text': '#ffffff'}})")
    with env.in_frame():
        env.browser.wait_for("return probe.events.theme.length === 1")
        values = env.browser.js("const s = getComputedStyle(document.documentElement);"
                                "return [s.getPropertyValue('--alga-color-bg'), s.getPropertyValue('--alga-color-text')]")
    assert values == ["", "#ffffff"]


@pytest.mark.parametrize("theme", [
    {"scheme": "sepia", "tokens": {}},
    {"scheme": "dark", "tokens": {"color-bg": "red; background: url(x)"}},
    {"scheme": "dark", "tokens": {"Color Bg": "red"}},
    {"scheme": "dark", "tokens": {}, "extra": 1},
])
def testRefusesTheme_whenInvalid(env, theme):
    env.open_host()
    env.embed("main")
    with pytest.raises(ScriptError):
        env.browser.js_async("harness.embeds.main.setTheme(arguments[0])", theme)
    assert read(env)["themes"] == 0
