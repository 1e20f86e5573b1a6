"""Drives the portal in headless Chromium the way an admin uses it, and checks what it sees.

    python portal_walk.py BASE_URL OUT_DIR

BASE_URL is a `vigil serve --demo` server; screenshots and downloads go to OUT_DIR. The
Chromium and ChromeDriver binaries come from VIGIL_TEST_CHROMIUM / VIGIL_TEST_CHROMEDRIVER
(default /usr/bin/chromium and /usr/bin/chromedriver). Exits non-zero with a message on the
first failed check; prints one line per step.
"""

import csv
import glob
import json
import os
import sys
import time

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import new_driver, severe_console_messages  # noqa: E402

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
DOWNLOADS = os.path.join(OUT, "downloads")
TIMEOUT = 30


def step(message):
    print(f"step: {message}", flush=True)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


d = new_driver(OUT)
wait = WebDriverWait(d, TIMEOUT)
console_errors = []


def collect_console():
    console_errors.extend(severe_console_messages(d))


def shot(name):
    path = os.path.join(OUT, f"{name}.png")
    d.save_screenshot(path)
    print(f"screenshot: {path}", flush=True)


def heading(text):
    wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "main h1"), text))


def rows():
    return d.find_elements(By.CSS_SELECTOR, "main .table-wrap table.grid tbody tr")


def headers():
    return [th.text.strip() for th in d.find_elements(By.CSS_SELECTOR, "main .table-wrap table.grid thead th")]


def wait_rows(minimum=1):
    wait.until(lambda _: len(rows()) >= minimum and "Loading" not in status_text())
    return rows()


def status_text():
    found = d.find_elements(By.CSS_SELECTOR, "main .table-wrap .list-status")
    return found[0].text if found else ""


def column(name):
    index = headers().index(name)
    return [r.find_elements(By.TAG_NAME, "td")[index].text for r in rows()]


def nav(label):
    d.find_element(By.LINK_TEXT, label).click()


def sign_in(role, pick=None):
    d.get(f"{BASE}/")
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.sign-in select[name=person]")))
    person = Select(d.find_element(By.NAME, "person"))
    if pick:
        person.select_by_index(pick(person.options))
    Select(d.find_element(By.NAME, "role")).select_by_value(role)
    chosen = person.first_selected_option.text
    d.find_element(By.CSS_SELECTOR, "form.sign-in button[type=submit]").click()
    return chosen


def open_log_and_details(label, name):
    nav(label)
    heading(label)
    Select(d.find_element(By.CSS_SELECTOR, ".filter-bar select[aria-label=Date]")).select_by_value("30d")
    wait_rows()
    rows()[0].click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    dialog.find_elements(By.CSS_SELECTOR, "[role=tab]")[1].click()
    if name:
        shot(name)
    dialog.send_keys(Keys.ESCAPE)
    wait.until(lambda _: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))


def api(path):
    """GET path in the page with the session's token; returns the JSON."""
    return d.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const token = JSON.parse(sessionStorage.getItem('vigil.session')).accessToken;
        fetch(arguments[0], {headers: {authorization: 'Bearer ' + token}})
          .then((r) => r.json()).then(done, (e) => done({error: String(e)}));
        """, path)


try:
    d.set_script_timeout(TIMEOUT)
    step("sign in as a Global Administrator of the demo tenant")
    d.get(f"{BASE}/")
    wait.until(EC.url_contains("/portal/sign-in"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.sign-in")))
    shot("01-sign-in")
    sign_in("Global Administrator")
    heading("Overview")
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, ".tile-value"))
    shot("02-overview")

    step("sign-in logs: default columns, two filters")
    nav("Sign-in logs")
    heading("Sign-in logs")
    wait_rows()
    check(headers() == ["Date", "User", "Application", "Status", "Risk state", "MFA requirement"],
          f"default sign-in columns: {headers()}")
    Select(d.find_element(By.CSS_SELECTOR, ".filter-bar select[aria-label=Date]")).select_by_value("7d")
    wait_rows()
    d.find_element(By.XPATH, "//button[contains(., 'Add filters')]").click()
    d.find_element(By.CSS_SELECTOR, ".menu button[data-filter=status]").click()
    Select(d.find_element(By.CSS_SELECTOR, ".chip[data-filter=status] select")).select_by_value("failure")
    wait.until(lambda _: "f_status=failure" in d.current_url)
    wait.until(lambda _: rows() and all(s == "Failure" for s in column("Status")))
    d.find_element(By.XPATH, "//button[contains(., 'Add filters')]").click()
    d.find_element(By.CSS_SELECTOR, ".menu button[data-filter=clientApp]").click()
    Select(d.find_element(By.CSS_SELECTOR, ".chip[data-filter=clientApp] select")).select_by_value("Browser")
    wait.until(lambda _: "f_clientApp=Browser" in d.current_url)
    wait_rows()
    check(all(s == "Failure" for s in column("Status")), "status filter kept")

    step("columns: add client app and IP address, remove risk state")
    d.find_element(By.XPATH, "//button[normalize-space()='Columns']").click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    for path in ["clientAppUsed", "ipAddress", "riskState"]:
        dialog.find_element(By.CSS_SELECTOR, f"label[data-path='{path}'] input").click()
    dialog.find_element(By.XPATH, ".//button[normalize-space()='Save']").click()
    wait.until(lambda _: "Client app used" in headers())
    check("Risk state" not in headers() and "IP address" in headers(), f"columns now {headers()}")
    check(all(v == "Browser" for v in column("Client app used")), "client app filter holds")
    check("cols=" in d.current_url, "columns are in the URL")
    shot("03-sign-ins-filtered")

    step("details: authentication details and Conditional Access tabs")
    rows()[0].click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    check("Request ID" in dialog.text, "basic info shows the request ID")
    dialog.find_element(By.XPATH, ".//button[@role='tab' and normalize-space()='Authentication details']").click()
    wait.until(lambda _: "Authentication method" in dialog.text or "No authentication details" in dialog.text)
    dialog.find_element(By.XPATH, ".//button[@role='tab' and normalize-space()='Conditional Access']").click()
    wait.until(lambda _: "Policy" in dialog.find_element(By.CSS_SELECTOR, "[role=tabpanel]").text
               or "No conditional access" in dialog.text)
    check("dtab=ca" in d.current_url, "the open tab is in the URL")
    shot("04-sign-in-details")
    dialog.send_keys(Keys.ESCAPE)
    wait.until(lambda _: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))

    step("related activity: one click from a sign-in to everything sharing its IDs")
    rows()[0].click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    correlation = dialog.find_element(By.XPATH, ".//dt[normalize-space()='Correlation ID']/following-sibling::dd[1]").text
    dialog.find_element(By.PARTIAL_LINK_TEXT, "correlation or request ID").click()
    heading("Related activity")
    wait.until(lambda _: len(d.find_elements(By.CSS_SELECTOR, "main section.card")) == 3)
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "main section.card:first-of-type table.grid tbody tr"))
    check(correlation in d.current_url, "the related view is keyed by the correlation ID")
    d.back()
    heading("Sign-in logs")
    # Back restores the list and the details that were open (their id is in the URL).
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    dialog.send_keys(Keys.ESCAPE)
    wait.until(lambda _: not d.find_elements(By.CSS_SELECTOR, "dialog[open]"))
    wait_rows()

    step("download the filtered list as CSV and compare with the API")
    list_url = d.find_element(By.CSS_SELECTOR, "main .table-wrap").get_attribute("data-list-url")
    d.find_element(By.XPATH, "//button[normalize-space()='Download']").click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    dialog.find_element(By.XPATH, ".//button[normalize-space()='Download']").click()
    wait.until(lambda _: [f for f in glob.glob(os.path.join(DOWNLOADS, "*.csv"))])
    time.sleep(1)
    path = sorted(glob.glob(os.path.join(DOWNLOADS, "*.csv")))[-1]
    with open(path, newline="", encoding="utf-8-sig") as f:
        table = list(csv.reader(f))
    header, body = table[0], table[1:]
    check(header[:5] == ["createdDateTime", "userDisplayName", "appDisplayName", "status/errorCode",
                         "authenticationRequirement"]
          and sorted(header[5:]) == ["clientAppUsed", "ipAddress"], f"CSV header {header}")
    code_at, client_at = header.index("status/errorCode"), header.index("clientAppUsed")
    counted = api(list_url.replace("$top=50", "$top=1") + "&$count=true")
    check(len(body) == counted.get("@odata.count"), f"CSV rows {len(body)} vs API count {counted.get('@odata.count')}")
    check(len(body) > 0, "the CSV has rows")
    check(all(r[code_at] != "0" and r[client_at] == "Browser" for r in body), "CSV rows match the filters")
    dialog.send_keys(Keys.ESCAPE)
    print(f"csv: {len(body)} rows", flush=True)

    step("the other sign-in tabs, reached with the keyboard first")
    d.get(f"{BASE}/portal/logs/sign-ins?range=7d")
    wait_rows()
    d.find_element(By.CSS_SELECTOR, "[role=tab][aria-selected=true]").send_keys(Keys.ARROW_RIGHT)
    wait.until(lambda _: "tab=noninteractive" in d.current_url)
    wait.until(lambda _: d.switch_to.active_element.get_attribute("data-tab") == "noninteractive")
    d.switch_to.active_element.send_keys(Keys.END)
    wait.until(lambda _: "tab=managedidentity" in d.current_url)
    for tab in ["noninteractive", "serviceprincipal", "managedidentity"]:
        d.get(f"{BASE}/portal/logs/sign-ins?tab={tab}&range=7d")
        wait_rows()
    shot("05-managed-identity-sign-ins")

    step("audit and provisioning logs")
    for label, name in [("Audit logs", "06-audit-logs"), ("Provisioning logs", "07-provisioning-logs")]:
        open_log_and_details(label, name)

    step("custom security attribute audit logs need an attribute role, as in Entra")
    links = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#nav a")]
    check("Custom security attribute audit logs" not in links, f"Global Administrator offered {links}")
    d.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    sign_in("Attribute Log Reader")
    heading("Overview")
    links = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#nav a")]
    check("Custom security attribute audit logs" in links and "Audit logs" not in links,
          f"Attribute Log Reader offered {links}")
    open_log_and_details("Custom security attribute audit logs", None)
    d.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    sign_in("Global Administrator")
    heading("Overview")

    step("usage & insights: charts, focus on one app, a day's sign-ins")
    nav("Usage & insights")
    heading("Usage & insights")
    wait.until(lambda _: len(d.find_elements(By.CSS_SELECTOR, ".chart-card canvas")) >= 3)
    wait.until(lambda _: d.execute_script(
        "return [...document.querySelectorAll('.chart-card')].every((c) => c.chart)"))
    time.sleep(0.5)
    shot("08-usage-and-insights")
    focus = Select(d.find_element(By.XPATH, "//label[normalize-space()='Application']/following-sibling::select"))
    wait.until(lambda _: len(focus.options) > 1)
    focus.select_by_index(1)
    wait.until(lambda _: "app=" in d.current_url)
    wait.until(lambda _: "sign-ins per day" in d.find_element(By.CSS_SELECTOR, ".chart-card h2").text)
    d.find_element(By.CSS_SELECTOR, ".chart-data summary").click()
    days = d.find_elements(By.CSS_SELECTOR, ".chart-data button.link-button")
    days[-2].click()
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, ".bucket-slot table.grid tbody tr")
               or "No records" in d.find_element(By.CSS_SELECTOR, ".bucket-slot").text)

    step("users and enterprise applications")
    nav("Users")
    heading("Users")
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "main table.grid tbody tr a"))
    d.find_element(By.CSS_SELECTOR, "main table.grid tbody tr a").click()
    wait_rows()
    d.find_element(By.XPATH, "//button[@role='tab' and normalize-space()='Audit activity']").click()
    wait.until(lambda _: "view=audit" in d.current_url)
    nav("Enterprise applications")
    heading("Enterprise applications")
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "main table.grid tbody tr a"))
    d.find_element(By.CSS_SELECTOR, "main table.grid tbody tr a").click()
    wait_rows()
    d.find_element(By.XPATH, "//button[@role='tab' and normalize-space()='Usage']").click()
    wait.until(lambda _: d.execute_script("const c = document.querySelector('.chart-card'); return Boolean(c && c.chart)"))

    step("diagnostic settings: create, see health, delete")
    nav("Diagnostic settings")
    heading("Diagnostic settings")
    d.find_element(By.XPATH, "//button[contains(., 'Add diagnostic setting')]").click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    dialog.find_element(By.XPATH, ".//label[normalize-space()='Diagnostic setting name']/following-sibling::input").send_keys("archive")
    Select(dialog.find_element(By.XPATH, ".//label[normalize-space()='Kind']/following-sibling::select")).select_by_value("localDirectory")
    dialog.find_element(By.XPATH, ".//label[normalize-space()='Path']/following-sibling::input").send_keys(os.path.join(OUT, "archive"))
    dialog.find_element(By.XPATH, ".//button[normalize-space()='Save']").click()
    wait.until(lambda _: d.find_elements(By.CSS_SELECTOR, "tr[data-setting=archive]"))
    wait.until(lambda _: "Healthy" in d.find_element(By.CSS_SELECTOR, "tr[data-setting=archive]").text)
    shot("12-diagnostic-settings")
    d.find_element(By.CSS_SELECTOR, "tr[data-setting=archive] button.danger").click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    dialog.find_element(By.XPATH, ".//button[normalize-space()='Delete']").click()
    wait.until(lambda _: not d.find_elements(By.CSS_SELECTOR, "tr[data-setting=archive]"))

    step("identity protection overview")
    nav("Identity Protection")
    heading("Identity Protection")
    wait.until(lambda _: d.execute_script("const c = document.querySelector('.chart-card'); return Boolean(c && c.chart)"))
    time.sleep(0.5)
    shot("09-identity-protection")

    step("my sign-ins as a user without an admin role, and 'this wasn't me'")
    d.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    person = sign_in("", pick=lambda options: max(i for i, o in enumerate(options) if "(" not in o.text))
    heading("My sign-ins")
    links = [a.text for a in d.find_elements(By.CSS_SELECTOR, "#nav a")]
    check(links == ["My sign-ins"], f"a user without a role sees only My sign-ins: {links}")
    wait_rows()
    oid = d.execute_script("return JSON.parse(atob(JSON.parse(sessionStorage.getItem('vigil.session')).accessToken.split('.')[1].replace(/-/g,'+').replace(/_/g,'/'))).oid")
    everything = api("/beta/auditLogs/signIns?$top=1000&$filter=" +
                     "signInEventTypes/any(t:t eq 'interactiveUser' or t eq 'nonInteractiveUser')")
    check(everything.get("value") and all(s["userId"] == oid for s in everything["value"]),
          "the API gives a user without a role only their own sign-ins")
    buttons = "//button[normalize-space()=\"This wasn't me\"]"
    target = next(i for i, r in enumerate(rows()) if r.find_elements(By.XPATH, "." + buttons))
    rows()[target].find_element(By.XPATH, "." + buttons).click()
    dialog = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
    dialog.find_element(By.XPATH, ".//button[contains(., \"this wasn't me\")]").click()
    wait.until(lambda _: rows()[target].find_elements(By.CSS_SELECTOR, ".badge"))
    shot("10-my-sign-ins")
    d.refresh()
    wait_rows()
    wait.until(lambda _: rows()[target].find_elements(By.CSS_SELECTOR, ".badge"))

    step("the report is a directory audit an administrator sees")
    d.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    sign_in("Security Reader")
    heading("Overview")
    d.get(f"{BASE}/portal/logs/audit?range=24h&f_activity=User%20reported")
    wait_rows()
    check(all("User reported unfamiliar sign-in" == a for a in column("Activity")), "report audited")

    step("narrow window")
    d.set_window_size(420, 860)
    d.get(f"{BASE}/portal/logs/sign-ins")
    wait_rows()
    toggle = d.find_element(By.ID, "nav-toggle")
    check(toggle.is_displayed(), "the menu button shows on a narrow window")
    toggle.click()
    wait.until(lambda _: d.find_element(By.LINK_TEXT, "Audit logs").is_displayed())
    shot("11-narrow")
    d.set_window_size(1280, 900)

    collect_console()
    check(not console_errors, f"console errors: {json.dumps(console_errors, indent=1)}")
    print("ok: portal walk passed", flush=True)
except (AssertionError, WebDriverException, StopIteration) as failure:
    collect_console()
    shot("failure")
    message = str(failure).split("Stacktrace:")[0].strip()
    print(f"FAILED at {d.current_url}: {type(failure).__name__}: {message}", flush=True)
    for message in console_errors:
        print(f"console: {message}", flush=True)
    sys.exit(1)
finally:
    d.quit()
