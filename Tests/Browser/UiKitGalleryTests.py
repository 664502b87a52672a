"""The UI kit gallery under the extension CSP: no console errors, every control reachable by
keyboard, dialog focus trap, tabs and table by keyboard, and text contrast of at least 4.5:1."""
import pytest
from selenium.webdriver.common.keys import Keys

from support.contrast import ratio
from support.pages import contrast_failures, full_page_screenshot, install, keyboard_walk, press


def open_gallery(env, scheme="light"):
    env.browser.open(f"{env.servers.assets_origin}/sdk/ui-kit/gallery.html")
    env.browser.wait_for("return customElements.get('alga-table') && document.getElementById('invoices')"
                         ".shadowRoot.querySelectorAll('tbody tr').length === 6")
    if scheme == "dark":
        env.browser.driver.find_element("id", "theme-dark").click()
        env.browser.wait_for("return document.documentElement.dataset.algaScheme === 'dark'")


def deep(env, script):
    """Runs `script` with `find(selector, ...hosts)` to reach inside shadow roots."""
    return env.browser.js("const find = (...path) => { let node = document;"
                          " for (const s of path) node = (node.shadowRoot ?? node).querySelector(s); return node; };" + script)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def testRendersWithoutConsoleErrors_underTheExtensionCsp(env, scheme):
    open_gallery(env, scheme)
    env.browser.driver.find_element("id", "toast-success").click()
    env.browser.wait_for("return document.querySelector('alga-toast-region')")
    assert env.browser.log_messages() == []
    full_page_screenshot(env, f"ui-kit-gallery-{scheme}.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def testMeetsTextContrast_inBothThemes(env, scheme):
    open_gallery(env, scheme)
    for variant in ("info", "success", "warning", "danger"):
        env.browser.driver.find_element("id", f"toast-{variant}").click()
    # Measure the toasts once their entrance animation (opacity) has finished.
    env.browser.wait_for("return document.querySelector('alga-toast-region').shadowRoot.getAnimations()"
                         ".every((a) => a.playState === 'finished')")
    failures, count = contrast_failures(env.browser)
    assert count > 60, "the audit saw the gallery's text"
    assert failures == []
    # The same audit inside the open dialog (its text sits on the dialog surface, over the backdrop).
    env.browser.driver.find_element("id", "open-dialog").click()
    env.browser.wait_for("const d = document.getElementById('dialog'); return d.open &&"
                         " d.shadowRoot.getAnimations().every((a) => a.playState === 'finished')")
    install(env.browser)
    samples = env.browser.js("return __a11y.textSamples().filter((s) => s.name.includes('alga-dialog') || s.text.startsWith('They get'))")
    assert len(samples) >= 6
    assert [s["text"] for s in samples if ratio(s) < 4.5] == []


def testReachesEveryControl_byKeyboard(env):
    open_gallery(env)
    expected, reached = keyboard_walk(env.browser)
    names = {control["id"]: control["name"] for control in expected}
    missing = [names[i] for i in names if i not in reached]
    assert len(expected) >= 26
    assert missing == []
    # Tab order follows the page: the first control is the first theme button, then the first card's.
    assert names[reached[0]].startswith("button[Light]")


def testTrapsAndRestoresFocus_inDialog(env):
    open_gallery(env)
    env.browser.driver.find_element("id", "open-dialog").click()
    env.browser.wait_for("return document.getElementById('dialog').open")
    install(env.browser)
    first = env.browser.js("return __a11y.active()")
    assert first["name"].startswith("input") and "alga-input" in first["name"], "autofocus moved focus into the dialog"
    inside = set()
    for _ in range(14):
        press(env.browser, Keys.TAB)
        current = env.browser.js("const a = __a11y.active(); return a && a.name")
        inside.add(current)
    for _ in range(6):
        press(env.browser, Keys.SHIFT, Keys.TAB)
        inside.add(env.browser.js("const a = __a11y.active(); return a && a.name"))
    assert all(name and ("alga-dialog" in name or "dialog" in name) for name in inside), inside
    assert any("Close dialog" in name for name in inside) and any("Send invite" in name for name in inside)
    press(env.browser, Keys.ESCAPE)
    env.browser.wait_for("return !document.getElementById('dialog').open")
    assert env.browser.js("return __a11y.active().name").startswith("button[Invite teammate]"), "focus returned to the opener"


def testValidatesAndSends_whenDialogIsUsedByKeyboard(env):
    open_gallery(env)
    deep(env, "find('#open-dialog', 'button').focus()")
    press(env.browser, Keys.ENTER)
    env.browser.wait_for("return document.getElementById('dialog').open")
    press(env.browser, "Grace Hopper", Keys.TAB, "grace@", Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER)
    assert env.browser.js("return document.getElementById('invite-email').getAttribute('error')").startswith("Enter an email")
    assert env.browser.js("return document.getElementById('dialog').open") is True
    deep(env, "find('#invite-email', 'input').focus()")
    press(env.browser, "navy.mil", Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER)
    env.browser.wait_for("return !document.getElementById('dialog').open")
    toast = env.browser.wait_for("const r = document.querySelector('alga-toast-region');"
                                 " return r && r.shadowRoot.querySelector('li[role=status]').textContent")
    assert "grace@navy.mil" in toast


def testMovesBetweenTabs_withArrowKeys(env):
    open_gallery(env)
    deep(env, "find('alga-tabs', '[role=tab]').focus()")
    press(env.browser, Keys.ARROW_RIGHT)
    state = deep(env, "const tabs = find('alga-tabs'); const active = tabs.shadowRoot.activeElement;"
                      "return {selected: tabs.selectedIndex, focused: active.textContent, aria: active.getAttribute('aria-selected'),"
                      " panelHidden: [...tabs.shadowRoot.querySelectorAll('[role=tabpanel]')].map((p) => p.hidden)}")
    assert state == {"selected": 1, "focused": "Activity", "aria": "true", "panelHidden": [True, False, True]}
    press(env.browser, Keys.END)
    assert deep(env, "return find('alga-tabs').selectedIndex") == 2
    press(env.browser, Keys.ARROW_RIGHT)
    assert deep(env, "return find('alga-tabs').selectedIndex") == 0, "arrows wrap around"
    press(env.browser, Keys.TAB)
    assert deep(env, "return find('alga-tabs').shadowRoot.activeElement.getAttribute('role')") == "tabpanel"


def testSortsAndPages_byKeyboard(env):
    open_gallery(env)
    first_cells = "return [...find('#invoices').shadowRoot.querySelectorAll('tbody tr td:first-child')].map((c) => c.textContent)"
    deep(env, "find('#invoices').shadowRoot.querySelector('th[data-key=amount] button').focus()")
    press(env.browser, Keys.ENTER)
    assert deep(env, "return find('#invoices').shadowRoot.querySelector('th[data-key=amount]').getAttribute('aria-sort')") == "ascending"
    ascending = deep(env, "return [...find('#invoices').shadowRoot.querySelectorAll('tbody tr td:last-child')]"
                          ".map((c) => Number(c.textContent.replace(/[$,]/g, '')))")
    assert ascending == sorted(ascending)
    press(env.browser, Keys.ENTER)
    assert deep(env, "return find('#invoices').shadowRoot.querySelector('th[data-key=amount]').getAttribute('aria-sort')") == "descending"
    page_one = deep(env, first_cells)
    deep(env, "[...find('#invoices').shadowRoot.querySelectorAll('.page-button')].at(-1).focus()")
    for _ in range(3):
        press(env.browser, Keys.ENTER)
    pager = deep(env, "const t = find('#invoices'); return [t.page, t.shadowRoot.activeElement.textContent,"
                      " t.shadowRoot.querySelector('[aria-live]').textContent]")
    assert pager == [4, "Previous", "Showing 19–23 of 23"], "focus moved to Previous when Next was disabled"
    assert deep(env, first_cells) != page_one


def testDismissesToast_byKeyboard(env):
    open_gallery(env)
    deep(env, "find('#toast-danger', 'button').focus()")
    press(env.browser, Keys.ENTER)
    region = "document.querySelector('alga-toast-region').shadowRoot"
    assert env.browser.wait_for(f"return {region}.querySelector('li[role=alert]') && true")
    assert env.browser.js(f"return {region}.querySelector('ol').getAttribute('aria-live')") == "polite"
    env.browser.js(f"{region}.querySelector('li[role=alert] .dismiss').focus()")
    press(env.browser, Keys.ENTER)
    assert env.browser.js(f"return {region}.querySelectorAll('li').length") == 0


def testFollowsHostTheme_whenEmbedded(env):
    env.open_host(scheme="dark")
    env.browser.js("harness.setScheme('dark')")
    env.embed("main", page="sdk/ui-kit/gallery.html", title="UI kit gallery", theme="dark", limits={"maxHeight": 2400})
    with env.in_frame():
        env.browser.wait_for("return document.documentElement.dataset.algaScheme === 'dark'")
        assert env.browser.js("return document.getElementById('theme-switch').hidden") is True
        failures, count = contrast_failures(env.browser)
        assert count > 60 and failures == []
    env.browser.wait_for("return harness.embeds.main.stats().height > 1200", message="the gallery resized its frame")
    env.browser.driver.find_element("id", "theme-toggle").click()
    with env.in_frame():
        env.browser.wait_for("return document.documentElement.dataset.algaScheme === 'light'")
        failures, _ = contrast_failures(env.browser)
        assert failures == []
    env.browser.driver.find_element("id", "theme-toggle").click()
    with env.in_frame():
        env.browser.wait_for("return document.documentElement.dataset.algaScheme === 'dark'")
    full_page_screenshot(env, "ui-kit-gallery-embedded-dark.png")
    assert env.browser.log_messages() == []
