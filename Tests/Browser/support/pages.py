"""Page-level helpers shared by the UI suites: keyboard walks, contrast audits, full-page screenshots."""
import os

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from .contrast import ratio

A11Y = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "a11y.js"), encoding="utf-8").read()


def install(browser):
    browser.js(A11Y)


def press(browser, *keys):
    chain = ActionChains(browser.driver)
    for key in keys:
        chain.send_keys(key)
    chain.perform()


def keyboard_walk(browser, extra=10):
    """Tabs through the page from the top; returns (expected controls, ids reached in order)."""
    install(browser)
    expected = browser.js("return __a11y.controls()")
    browser.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    reached = []
    for _ in range(len(expected) + extra):
        press(browser, Keys.TAB)
        current = browser.js("return __a11y.active()")
        if current:
            reached.append(current["id"])
    return expected, reached


def contrast_failures(browser, minimum=4.5):
    """Text samples whose contrast is below `minimum`, as readable strings; and the sample count."""
    install(browser)
    samples = browser.js("return __a11y.textSamples()")
    failures = []
    for sample in samples:
        value = ratio(sample)
        if value < minimum:
            failures.append(f"{value:.2f}:1 {sample['name']} '{sample['text']}' color={sample['color']} layers={sample['layers']}")
    return failures, len(samples)


def full_page_screenshot(env, name, width=1280):
    """Resizes the window to the document height, saves a screenshot, restores the size."""
    browser = env.browser
    height = browser.js("return Math.ceil(document.documentElement.scrollHeight)")
    browser.driver.set_window_size(width, min(max(height, 600), 6000) + 90)
    try:
        browser.js("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return env.screenshot(name)
    finally:
        browser.driver.set_window_size(1280, 900)
