"""Create the fixture content through Wagtail's own API (no raw SQL).

Run from the project directory with DJANGO_SETTINGS_MODULE set; writes
content.json (page ids and the admin session key the driver uses).
"""
import io
import json
import os
import sys

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from PIL import Image as PILImage, ImageDraw  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402
from wagtail.models import Collection, Page  # noqa: E402

from home.models import ArticlePage, HomePage, ListingPage  # noqa: E402

User = get_user_model()
Image = get_image_model()

admin = User.objects.create_superuser("admin", "admin@example.com", "admin-pass", first_name="Ada", last_name="Admin")
editors = Group.objects.get(name="Editors")
moderators = Group.objects.get(name="Moderators")
for i, (first, last) in enumerate([("Eve", "Editor"), ("Max", "Moderator"), ("Ned", "Newsdesk"), ("Ola", "Owner"), ("Pia", "Proof")]):
    u = User.objects.create_user(f"{first.lower()}", f"{first.lower()}@example.com", "pass-12345", first_name=first, last_name=last)
    u.groups.add(editors if i % 2 == 0 else moderators)

# Collections: Root > Photos, Illustrations, Archive > Archive/2023
root_coll = Collection.get_first_root_node()
photos = root_coll.add_child(name="Photos")
illus = root_coll.add_child(name="Illustrations")
archive = root_coll.add_child(name="Archive")
archive23 = archive.add_child(name="Archive 2023")
collections = [photos, illus, archive, archive23]

# 20 small generated PNGs
palette = [(200, 60, 60), (60, 160, 90), (50, 90, 200), (220, 180, 40), (140, 70, 170)]
tagsets = [["landscape", "blue"], ["portrait"], ["city", "night"], ["abstract"], ["landscape", "green"]]
images = []
for n in range(20):
    w, h = 160 + 8 * n, 120 + 4 * n
    im = PILImage.new("RGB", (w, h), palette[n % 5])
    d = ImageDraw.Draw(im)
    d.rectangle([10, 10, w // 2, h // 2], fill=palette[(n + 2) % 5])
    d.text((12, h - 20), f"img {n + 1}", fill=(255, 255, 255))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    img = Image(
        title=f"Generated image {n + 1:02d}",
        file=ImageFile(buf, name=f"generated_{n + 1:02d}.png"),
        collection=collections[n % 4],
        uploaded_by_user=admin,
    )
    img.save()
    img.tags.add(*tagsets[n % 5])
    images.append(img)

home = HomePage.objects.get(depth=2)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision(user=admin).publish(user=admin)
    return page


topics = ["django", "wagtail", "postgres", "performance", "python", "design"]
blog = publish(home, ListingPage(title="Blog", slug="blog", intro="Articles with pictures.", owner=admin))
articles = []
for n in range(8):
    a = ArticlePage(
        title=f"Article {n + 1}: notes on {topics[n % 6]}",
        slug=f"article-{n + 1}",
        intro=f"Short introduction to article {n + 1} about {topics[n % 6]}.",
        body=f"Body text of article {n + 1}.\nIt mentions {topics[n % 6]} and {topics[(n + 1) % 6]}.",
        image=images[n],
        owner=admin,
    )
    a.tags.add(topics[n % 6], topics[(n + 2) % 6])
    articles.append(publish(blog, a))
archive_page = publish(blog, ListingPage(title="Archive 2024", slug="archive-2024", intro="Older articles.", owner=admin))
for n in range(3):
    a = ArticlePage(
        title=f"Archived article {n + 1}",
        slug=f"archived-{n + 1}",
        intro=f"Archived introduction {n + 1}.",
        body="Archived body.",
        image=images[10 + n],
        owner=admin,
    )
    a.tags.add("archive")
    publish(archive_page, a)
about = publish(home, ArticlePage(title="About us", slug="about", intro="Who we are.", body="About body.", image=images[15], owner=admin))
team = publish(about, ArticlePage(title="Team", slug="team", intro="The team.", body="Team body.", image=images[16], owner=admin))
publish(team, ArticlePage(title="Alumni", slug="alumni", intro="Former members.", body="Alumni body.", owner=admin))

# Two pages submitted to the default "Moderators approval" workflow.
for page in (articles[2], articles[5]):
    page = page.specific
    page.intro = page.intro + " (revised, awaiting moderation)"
    page.save_revision(user=admin)
    page.get_workflow().start(page, admin)

call_command("update_index", verbosity=0)

# A logged-in admin session for the driver (no login request in the logs).
s = SessionStore()
s[SESSION_KEY] = str(admin.pk)
s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
s[HASH_SESSION_KEY] = admin.get_session_auth_hash()
s.create()

out = {
    "home_id": home.id,
    "blog_id": blog.id,
    "blog_url": blog.url,
    "edit_page_id": articles[0].id,
    "session_key": s.session_key,
    "pages": Page.objects.count(),
    "images": Image.objects.count(),
}
json.dump(out, open(sys.argv[1] if len(sys.argv) > 1 else "content.json", "w"), indent=1)
print(out)
