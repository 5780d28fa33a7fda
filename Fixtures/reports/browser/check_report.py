"""Opens a QueryLens HTML report in headless Chromium (Debian's chromium and chromium-driver,
driven by Selenium) and prints, as JSON, what a reader sees: every finding's box, the bars of
each waterfall that are painted, any element the report must never contain (img, script,
iframe), and whether an alert was raised. Saves a screenshot of the whole page.

Usage: check_report.py REPORT.html SCREENSHOT.png
Exit 3 when Chromium, its driver or Selenium is missing (the Swift test skips with a message).
"""
import json
import os
import shutil
import sys

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager try to download a driver

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
except ImportError:
    print("selenium is not installed", file=sys.stderr)
    sys.exit(3)


def main(report, screenshot):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver") or "/usr/lib/chromium/chromedriver"
    if not browser or not os.path.exists(driver_path):
        print("chromium or chromedriver not installed", file=sys.stderr)
        return 3
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        driver.get("file://" + os.path.abspath(report))
        try:
            driver.switch_to.alert
            alerted = True
        except NoAlertPresentException:
            alerted = False

        def visible(element):
            size = element.size
            return element.is_displayed() and size["width"] > 0 and size["height"] > 0

        findings = []
        for article in driver.find_elements(By.CSS_SELECTOR, "article.finding"):
            bars = article.find_elements(By.CSS_SELECTOR, "figure.waterfall rect.bar")
            findings.append({
                "id": article.get_attribute("id"),
                "visible": visible(article),
                "title": article.find_element(By.TAG_NAME, "h3").text,
                "waterfall_visible": all(visible(svg) for svg in article.find_elements(By.CSS_SELECTOR, "figure.waterfall svg")),
                "bars": len(bars),
                "loop_bars_painted": sum(1 for bar in bars if "loop" in bar.get_attribute("class") and visible(bar)),
            })
        listed = [link.get_attribute("href").split("#")[-1] for link in driver.find_elements(By.CSS_SELECTOR, "#findings a")]
        forbidden = sum(len(driver.find_elements(By.TAG_NAME, tag)) for tag in ("img", "script", "iframe", "object", "embed"))
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(max(height, 1000), 16000))
        driver.save_screenshot(screenshot)
        print(json.dumps({
            "title": driver.title,
            "alerted": alerted,
            "forbidden_elements": forbidden,
            "listed": listed,
            "findings": findings,
            "text": driver.find_element(By.TAG_NAME, "body").text,
        }))
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
