"""Drive the fixture request sequence over HTTP as the logged-in admin.

Usage: python drive.py BASE_URL content.json out.json
Each request is a separate GET, 300 ms after the previous response.
"""
import json
import socket
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

base, content_path, out_path = sys.argv[1:4]
content = json.load(open(content_path))

SEQUENCE = [
    ("site home page", "/"),
    ("listing page, first request (renditions created)", content["blog_url"]),
    ("listing page, second request (renditions exist)", content["blog_url"]),
    ("admin dashboard", "/admin/"),
    ("admin page explorer, home's children", f"/admin/pages/{content['home_id']}/"),
    ("admin images listing", "/admin/images/"),
    ("admin page edit view", f"/admin/pages/{content['edit_page_id']}/edit/"),
    ("admin users listing", "/admin/users/"),
    ("site search page", "/search/?query=article"),
]

# Wait for the port without sending an HTTP request.
u = urlparse(base)
for _ in range(200):
    try:
        socket.create_connection((u.hostname, u.port), timeout=0.2).close()
        break
    except OSError:
        time.sleep(0.1)

opener = urllib.request.build_opener()
opener.addheaders = [("Cookie", f"sessionid={content['session_key']}"), ("User-Agent", "querylens-fixture-driver")]
results = []
for label, path in SEQUENCE:
    time.sleep(0.3)
    t0 = time.time()
    try:
        resp = opener.open(base + path)
        status, body = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    results.append({"label": label, "url": path, "status": status, "bytes": len(body),
                    "seconds": round(time.time() - t0, 3)})
    print(status, path, len(body))
json.dump(results, open(out_path, "w"), indent=1)
