"""The HTML digest report on the seeds: self-contained, every citation lands on its highlighted source
sentence, figures embedded, files written atomically; and a screenshot in headless Chromium."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nlptools.cleaning import clean_corpus
from nlptools.corpus import Corpus
from nlptools.digest import build_digest
from nlptools.errors import OutputError, ParameterError
from nlptools.outputs import dumps_json
from nlptools.report import digest_figures, digest_html, markdown_table, marked_text_html, write_digest

TARGET_COLOUR = (255, 201, 77)  # mark:target background (#ffc94d) in the report's CSS
FIRST_CATEGORY_COLOUR = (31, 119, 180)  # tab10 blue: the first bar colour of the top-terms figure


class Page(HTMLParser):
    """What a browser would see: tags with attributes, element ids, link targets, text of each <mark>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: dict[str, str] = {}
        self.marks: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []  # (href, text of the <li> holding it)
        self.headings: list[str] = []
        self._mark: str | None = None
        self._li: list[str] | None = None
        self._h2: list[str] | None = None
        self._hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            assert a["id"] not in self.ids, f"duplicate id {a['id']!r}"
            self.ids[a["id"]] = tag
        if tag == "mark":
            self._mark = a.get("id")
            if self._mark:
                self.marks[self._mark] = ""
        elif tag == "li":
            self._li, self._hrefs = [], []
        elif tag == "a" and self._li is not None and a.get("href"):
            self._hrefs.append(a["href"])
        elif tag == "h2":
            self._h2 = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._mark = None
        elif tag == "li" and self._li is not None:
            text = "".join(self._li)
            self.links.extend((h, text) for h in self._hrefs)
            self._li = None
        elif tag == "h2" and self._h2 is not None:
            self.headings.append("".join(self._h2))
            self._h2 = None

    def handle_data(self, data: str) -> None:
        if self._mark:
            self.marks[self._mark] += data
        if self._li is not None:
            self._li.append(data)
        if self._h2 is not None:
            self._h2.append(data)


@pytest.fixture(scope="module")
def digest(seeds_dir: Path):
    docs = list(clean_corpus(Corpus.from_path(seeds_dir)))
    return build_digest(docs, lexicon=seeds_dir / "themes.toml", k=6, words=80, random_state=0)


@pytest.fixture(scope="module")
def figures(digest) -> dict[str, bytes]:
    return digest_figures(digest)


@pytest.fixture(scope="module")
def page_html(digest, figures) -> str:
    return digest_html(digest, figures=figures)


@pytest.fixture(scope="module")
def page(page_html: str) -> Page:
    parser = Page()
    parser.feed(page_html)
    parser.close()
    return parser


# --------------------------------------------------------------------------- content


def test_page_is_self_contained(page: Page, page_html: str) -> None:
    refs = [
        (tag, key, value)
        for tag, attrs in page.tags
        for key, value in attrs.items()
        if key in ("src", "href", "srcset", "data", "action", "poster") and value
    ]
    assert refs
    for tag, key, value in refs:
        if tag == "img":
            assert key == "src" and value.startswith("data:image/png;base64,"), (tag, key, value[:60])
        else:
            assert tag == "a" and key == "href" and value.startswith("#"), (tag, key, value)
    assert not [t for t, a in page.tags if t in ("script", "link", "iframe", "object", "embed")]
    assert "@import" not in page_html and not re.search(r"url\(", page_html)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page_html, flags=re.I)


def test_every_digest_sentence_links_to_its_highlighted_source(digest, page: Page) -> None:
    sentences = [s for t in digest.themes for s in t.sentences]
    assert len(sentences) >= 6
    links = dict(page.links)
    assert len(page.links) == len(sentences), "one citation link per digest sentence"
    for s in sentences:
        source = digest.documents[s.document].text
        href = next((h for h, text in page.links if text.startswith(" ".join(s.text.split()))), None)
        assert href is not None, f"no list item for {s.text[:60]!r}"
        anchor = href.removeprefix("#")
        assert page.ids.get(anchor) == "mark", f"{href}: no <mark> with that id"
        assert page.marks[anchor] == source[s.start : s.end], f"{href}: highlighted text is not source[start:end]"
        assert f"[{s.start}–{s.end}]" in links[href]
    # every highlighted mark is cited by some link (no orphan highlights)
    assert set(page.marks) == {h.removeprefix("#") for h, _ in page.links}


def test_page_shows_every_theme_and_every_source(digest, page: Page) -> None:
    for theme in digest.themes:
        assert any(h.startswith(theme.name) for h in page.headings), theme.name
    assert "Figures" in page.headings and "Sources" in page.headings
    articles = [a for t, a in page.tags if t == "article"]
    assert len(articles) == len(digest.documents)


def test_figures_are_embedded_as_the_png_that_digest_figures_draws(page: Page, figures) -> None:
    from PIL import Image

    assert set(figures) == {"top_terms", "theme_weights"}
    images = [a for t, a in page.tags if t == "img"]
    assert len(images) == len(figures)
    embedded = [base64.b64decode(a["src"].split(",", 1)[1]) for a in images]
    assert embedded == list(figures.values())
    for data, attrs in zip(embedded, images):
        assert attrs.get("alt")
        with Image.open(io.BytesIO(data)) as img:
            assert img.format == "PNG" and img.size[0] >= 400 and img.size[1] >= 200
            assert len(img.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 100


def test_report_is_deterministic(digest, figures, page_html: str) -> None:
    assert digest_figures(digest) == figures
    assert digest_html(digest, figures=figures) == page_html


# --------------------------------------------------------------------------- files


def test_write_digest_writes_the_rendered_files(digest, page_html: str, tmp_path: Path) -> None:
    written = write_digest(digest, tmp_path / "out", html_page=True)
    assert sorted(written) == ["digest.html", "digest.json", "digest.md"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["digest.html", "digest.json", "digest.md"]
    assert written["digest.json"].read_text(encoding="utf-8") == dumps_json(digest.to_dict())
    assert written["digest.md"].read_text(encoding="utf-8") == digest.to_markdown()
    assert written["digest.html"].read_text(encoding="utf-8") == page_html
    again = write_digest(digest, tmp_path / "again")
    assert sorted(again) == ["digest.json", "digest.md"], "no HTML unless asked for"


def test_write_digest_renders_everything_before_writing(
    digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nlptools.report.files as report

    def broken(*args, **kwargs):
        raise ParameterError("figures: cannot draw")

    monkeypatch.setattr(report, "digest_html", broken)
    with pytest.raises(ParameterError):
        write_digest(digest, tmp_path / "out", html_page=True)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_write_digest_never_leaves_a_half_written_file(digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nlptools.outputs as outputs

    out = tmp_path / "out"
    out.mkdir()
    (out / "digest.html").write_text("the previous report", encoding="utf-8")
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith("digest.html"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(OutputError, match="digest.html"):
        write_digest(digest, out, html_page=True)
    assert (out / "digest.html").read_text(encoding="utf-8") == "the previous report"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")], "temporary files left behind"


# --------------------------------------------------------------------------- helpers for notebooks


def test_markdown_table() -> None:
    table = markdown_table([{"method": "lead", "rouge1": 0.5}, {"method": "a|b\nc"}], floatfmt="{:.2f}")
    assert table.splitlines() == ["| method | rouge1 |", "|---|---|", "| lead | 0.50 |", "| a\\|b c |  |"]
    assert markdown_table([{"x": "y" * 50}], width=10).splitlines()[2] == "| " + "y" * 9 + "\u2026 |"
    with pytest.raises(ParameterError):
        markdown_table([])


def test_marked_text_html() -> None:
    text = "by Jane <Roe>\nKim met Putin."
    out = marked_text_html(text, [(0, 13, "byline"), (5, 8, "overlap"), (14, 17, "name")])
    assert out.count("<mark") == 2  # the overlapping span is skipped
    assert "by Jane &lt;Roe&gt;</mark>" in out and ">byline</sup>" in out and "line-through" in out
    assert "line-through" not in marked_text_html(text, [(0, 2, "x")], strike=False)
    plain = re.sub(r"<sup[^>]*>.*?</sup>|<[^>]+>", "", marked_text_html(text, [(0, 13, "byline")], start=0, end=20))
    assert plain == "by Jane &lt;Roe&gt;\nKim me"
    with pytest.raises(ParameterError):
        marked_text_html(text, [], start=5, end=100)


# --------------------------------------------------------------------------- in a browser

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def screenshot(html_file: Path, out: Path, *, fragment: str = "", height: int = 2000) -> Path:
    """Render ``html_file`` in headless Chromium (fresh profile) and save a 1280-pixel-wide screenshot."""
    profile = out.parent / f"profile-{out.stem}"
    cmd = [
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--screenshot={out}",
        f"--window-size=1280,{height}",
        html_file.resolve().as_uri() + fragment,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert out.is_file(), f"chromium wrote no screenshot (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return out


def pixels(path: Path):
    from PIL import Image

    with Image.open(path) as img:
        rgb = img.convert("RGB")
    return rgb, rgb.getcolors(maxcolors=1 << 22) or []


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get install -y chromium)")
def test_report_in_headless_chromium(page_html: str, tmp_path: Path) -> None:
    html_file = tmp_path / "digest.html"
    html_file.write_text(page_html, encoding="utf-8")

    # as it opens: the title, the themes and their digests; nothing spills past the text column
    top = screenshot(html_file, tmp_path / "top.png")
    img, colours = pixels(top)
    assert img.size == (1280, 2000) and top.stat().st_size > 50_000
    assert len(colours) > 300, f"only {len(colours)} colours: a blank or unstyled page"
    assert max(c for c, _ in colours) < 0.95 * 1280 * 2000, "almost a single colour"
    dark = [(x, y) for y in range(0, 2000, 2) for x in range(0, 1280, 2) if sum(img.getpixel((x, y))) < 200]
    assert dark and min(y for _, y in dark) < 120, "no text at the top of the page"
    # the text column is 62rem wide and centred: past x = 1150 the page must stay blank
    spill = [(x, y) for y in range(0, 2000, 2) for x in range(1150, 1280, 2) if sum(img.getpixel((x, y))) < 740]
    assert not spill, f"content spills into the right margin, e.g. at {spill[:3]} (an overflowing line)"

    # following a citation: the browser scrolls to the source and highlights the cited sentence
    anchor = re.search(r'<a class="cite" href="(#[^"]+)"', page_html).group(1)
    cited = screenshot(html_file, tmp_path / "cited.png", fragment=anchor, height=9000)
    img, colours = pixels(cited)
    target = dict((c, n) for n, c in colours).get(TARGET_COLOUR, 0)
    assert target > 2000, f"the cited sentence is not highlighted as :target ({target} pixels)"

    # the figures: real pictures, drawn in the page
    figs = screenshot(html_file, tmp_path / "figures.png", fragment="#figures", height=9000)
    img, colours = pixels(figs)
    assert dict((c, n) for n, c in colours).get(FIRST_CATEGORY_COLOUR, 0) > 2000, "no top-terms bars visible"
