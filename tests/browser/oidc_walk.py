"""Signs in to the portal through a real OpenID Connect provider (authorization code +
PKCE) in headless Chromium, then reads a log with the token the provider issued.

    python oidc_walk.py BASE_URL OUT_DIR

The server must run with --portal-issuer pointing at tests/browser/oidc_provider.mjs and trust
that issuer for the tenant. Exits non-zero on the first failed check.
"""

import os
import sys

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import new_driver, severe_console_messages  # noqa: E402

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(OUT, exist_ok=True)
d = new_driver(OUT)
wait = WebDriverWait(d, 30)
try:
    d.get(f"{BASE}/portal/logs/audit")
    wait.until(EC.url_contains("/portal/sign-in"))
    button = wait.until(EC.element_to_be_clickable((By.XPATH, "//button[contains(., 'Sign in with your organization')]")))
    button.click()
    login = wait.until(EC.presence_of_element_located((By.NAME, "login")))
    # The provider requires PKCE (S256) from this public client, so getting past here and
    # through the token exchange proves the portal sent a challenge and its verifier.
    login.send_keys("admin-ada")
    d.find_element(By.NAME, "password").send_keys("any")
    d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(EC.url_contains(f"{BASE}/portal/logs/audit"))
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), "Audit logs"))
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "main table.grid tbody tr"))
    who = d.find_element(By.CSS_SELECTOR, "#account .who").text
    assert "admin-ada" in who and "Reports Reader" in who, f"signed in as {who}"
    d.save_screenshot(os.path.join(OUT, "oidc-signed-in.png"))
    # The provider's own development login page fetches web fonts and a favicon it cannot
    # reach here; only the portal's console matters.
    errors = [m for m in severe_console_messages(d) if m.startswith(BASE) or not m.startswith("http")]
    assert not errors, f"console errors: {errors}"
    print("ok: oidc sign-in passed", flush=True)
except (AssertionError, WebDriverException) as failure:
    d.save_screenshot(os.path.join(OUT, "oidc-failure.png"))
    message = str(failure).split("Stacktrace:")[0].strip()
    print(f"FAILED at {d.current_url}: {type(failure).__name__}: {message}", flush=True)
    sys.exit(1)
finally:
    d.quit()
