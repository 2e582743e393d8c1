"""explore.html: self-contained, escaped, deterministic; in headless Chromium a click on a map point lands on
its highlighted sentence, and the page makes no network request."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nlptools.cleaning import clean_document
from nlptools.digest import build_digest
from nlptools.document import Document
from nlptools.report.explore import article_map, explore_html
from nlptools.report.files import digest_trends, write_digest

HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quotes" <!--'
TRADE = [
    "Tariffs on steel imports were raised again by the trade ministry.",
    "Exporters said the new tariffs would hurt trade with their partners.",
    "The trade deal on imports and exports stalled over tariffs.",
]
WAR = [
    "Troops crossed the border near the northern town at dawn.",
    "Artillery fire was reported as troops advanced on the front line.",
    "The army said its troops and tanks held the border crossing.",
]


def _docs():
    # trade fades, war rises: January trade, February mixed, March war
    plan = [
        ("a1", "2024-01-04", TRADE, "Herald"),
        ("a2", "2024-01-18", TRADE[::-1], "Gazette"),
        ("a3", "2024-02-08", TRADE[:2] + WAR[:1], "Herald"),
        ("a4", "2024-02-22", WAR[:2] + TRADE[2:], "Gazette"),
        ("a5", "2024-03-07", WAR, "Herald"),
        ("a6", "2024-03-21", WAR[::-1], HOSTILE),
    ]
    docs = []
    for doc_id, date, sents, outlet in plan:
        title = HOSTILE if doc_id == "a4" else f"Report {doc_id}"
        text = "\n\n".join(sents)
        docs.append(clean_document(Document(doc_id, text, title=title, date=date, meta={"outlet": outlet})))
    return docs


@pytest.fixture(scope="module")
def digest():
    return build_digest(_docs(), lexicon=None, method="nmf", k=2, words=40, random_state=0)


@pytest.fixture(scope="module")
def page(digest) -> str:
    trends, sources = digest_trends(digest)
    assert trends is not None and sources is not None
    return explore_html(digest, trends=trends, sources=sources)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: dict[str, str] = {}
        self.text_of: dict[str, str] = {}
        self._open: list[str] = []
        self.scripts: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            assert a["id"] not in self.ids, f"duplicate id {a['id']}"
            self.ids[a["id"]] = tag
        if tag == "mark":
            self._open.append(a["id"])
            self.text_of[a["id"]] = ""
        if tag == "script":
            self._script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._open.pop()
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        for m in self._open:
            self.text_of[m] += data
        if self._script:
            self.scripts[-1] += data


def _parse(page: str) -> Tags:
    t = Tags()
    t.feed(page)
    t.close()
    return t


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="explore-data">(.*?)</script>', page, flags=re.S)
    return json.loads(m.group(1))


def test_no_external_reference(page: str) -> None:
    tags = _parse(page)
    assert not [t for t, _ in tags.tags if t in ("link", "iframe", "object", "embed", "img", "base")]
    for tag, attrs in tags.tags:
        for key in ("src", "href", "srcset", "action", "data", "poster", "xlink:href"):
            value = attrs.get(key)
            if value is not None:
                assert tag == "a" and key == "href" and value.startswith("#"), (tag, key, value)
    scripts = [a for t, a in tags.tags if t == "script"]
    assert len(scripts) == 2 and scripts[0] == {"type": "application/json", "id": "explore-data"} and scripts[1] == {}
    assert "@import" not in page and "url(" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, flags=re.I)
    assert "default-src 'none'" in page  # the browser refuses any request the page could still make


def test_hostile_strings_are_escaped(page: str, digest) -> None:
    assert HOSTILE not in page and "<script>alert" not in page and "<img" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as written
    tags = _parse(page)
    assert len([t for t, _ in tags.tags if t == "script"]) == 2
    data = _data(page)
    hostile = [p for p in data["points"] if p["id"] == "a4"][0]
    assert hostile["title"] == HOSTILE  # the JSON gives it back exactly
    assert [p for p in data["points"] if p["id"] == "a6"][0]["outlet"] == HOSTILE


def test_map_points_lead_to_their_marked_sentence(page: str, digest) -> None:
    tags = _parse(page)
    data = _data(page)
    points = [a for t, a in tags.tags if t == "a" and a.get("data-i") is not None]
    assert len(points) == len(digest.documents) == len(data["points"])
    for attrs in points:
        p = data["points"][int(attrs["data-i"])]
        anchor = attrs["href"].removeprefix("#")
        assert tags.ids[anchor] == "mark" and attrs["data-go"] == anchor
        text = digest.documents[p["id"]].text
        assert " ".join(tags.text_of[anchor].split()) == p["sentence"] and tags.text_of[anchor] in text
        assert anchor.startswith(f"x{[d.id for d in digest.theme_result.documents].index(p['id'])}-")
    # every citation (digest, rose and fell) points at a mark
    cites = [a["href"].removeprefix("#") for t, a in tags.tags if t == "a" and "cite" in (a.get("class") or "")]
    assert cites and all(tags.ids.get(c) == "mark" for c in cites)


def test_timeline_and_rise_are_on_the_page(page: str, digest) -> None:
    trends, _ = digest_trends(digest)
    assert trends.freq == "month" and [p.label for p in trends.periods] == ["2024-01", "2024-02", "2024-03"]
    assert "<h3>Rose and fell</h3>" in page and " rose: " in page and " fell: " in page
    assert page.count("<polyline") == 2  # one line a theme
    assert 'id="by-source"' in page


def test_deterministic_and_map_in_unit_square(digest, page: str) -> None:
    trends, sources = digest_trends(digest)
    assert explore_html(digest, trends=trends, sources=sources) == page
    xy = article_map(digest)
    assert xy.shape == (6, 2) and xy.min() >= 0 and xy.max() <= 1 + 1e-9


def test_write_digest_writes_the_page_and_over_time(digest, tmp_path: Path) -> None:
    written = write_digest(digest, tmp_path, html_page=True, explore_page=True)
    assert sorted(written) == ["digest.html", "digest.json", "digest.md", "explore.html"]
    data = json.loads(written["digest.json"].read_text(encoding="utf-8"))
    assert data["trends"]["freq"] == "month" and {s["source"] for s in data["sources"]["sources"]} >= {"Herald"}
    md = written["digest.md"].read_text(encoding="utf-8")
    assert "## Over time" in md and "## By source" in md
    again = write_digest(digest, tmp_path)  # no page asked: the old one goes with the set
    assert sorted(again) == ["digest.json", "digest.md"] and not (tmp_path / "explore.html").exists()


# --------------------------------------------------------------------------- in headless Chromium

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def _chromium(url: str, tmp: Path, name: str, *extra: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / ('profile-' + name)}", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def _page_requests(netlog: Path) -> list[str]:
    """URLs of the requests a page started (the browser's own background requests have no origin)."""
    log, _ = json.JSONDecoder().raw_decode(netlog.read_text(encoding="utf-8", errors="replace"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start and e["params"].get("initiator") != "not an origin" and "url" in e["params"]
    ]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install -y chromium)")
def test_in_headless_chromium(page: str, tmp_path: Path) -> None:
    from PIL import Image

    html_file = tmp_path / "explore.html"
    html_file.write_text(page, encoding="utf-8")
    url = html_file.resolve().as_uri()

    # a screenshot: a drawn page, with the map's coloured dots
    shot = tmp_path / "shot.png"
    _chromium(url, tmp_path, "shot", f"--screenshot={shot}", "--window-size=1200,1600")
    assert shot.is_file()
    with Image.open(shot) as img:
        colours = dict((c, n) for n, c in img.convert("RGB").getcolors(maxcolors=1 << 22))
    assert len(colours) > 200
    assert colours.get((31, 119, 180), 0) > 100 or colours.get((255, 127, 14), 0) > 100, "no theme-coloured dot"

    # a click on each map point lands on its sentence, highlighted, in its opened article; no network request
    data = _data(page)
    for i in (0, 3, 5):
        netlog = tmp_path / f"net-{i}.json"
        proc = _chromium(f"{url}#test-click-{i}", tmp_path, f"click-{i}", "--dump-dom", f"--log-net-log={netlog}")
        m = re.search(r'<output id="explore-status"[^>]*>(.*?)</output>', proc.stdout, flags=re.S)
        assert m and m.group(1), f"no status written: {proc.stderr[-1500:]}"
        import html as html_mod

        status = json.loads(html_mod.unescape(m.group(1)))
        assert status["tag"] == "mark" and status["highlighted"] and status["open"]
        assert " ".join(status["text"].split()) == data["points"][i]["sentence"]
        assert status["target"] == re.search(rf'data-go="([^"]+)" data-i="{i}"', page).group(1)
        assert status["resources"] == []
        assert _page_requests(netlog) == []

    # the check can fail: a page that loads something is caught
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    netlog = tmp_path / "net-leaky.json"
    _chromium(leaky.resolve().as_uri(), tmp_path, "leaky", "--dump-dom", f"--log-net-log={netlog}")
    assert any("127.0.0.1:9" in u for u in _page_requests(netlog))
