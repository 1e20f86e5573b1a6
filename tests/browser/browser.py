"""Headless Chromium through ChromeDriver, set up the way this machine needs it (no network
beyond loopback, no sandbox as root, downloads into a known directory)."""

import os

from selenium import webdriver


def new_driver(out_dir, width=1280, height=900):
    """A Chrome WebDriver whose downloads go to OUT_DIR/downloads."""
    downloads = os.path.join(out_dir, "downloads")
    os.makedirs(downloads, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("VIGIL_TEST_CHROMIUM", "/usr/bin/chromium")
    for arg in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=en-US",
    ]:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = webdriver.ChromeService(
        executable_path=os.environ.get("VIGIL_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def severe_console_messages(driver):
    """The browser console's errors since the last call."""
    return [e.get("message", "") for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
