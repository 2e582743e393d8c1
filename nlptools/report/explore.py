"""``explore.html``: one self-contained, interactive page to explore a digest, offline.

What pyLDAvis and BERTopic's visualisations give, without their online
dependencies: a 2-D map of the articles coloured by their main theme (hover:
title and best sentence; click: the article's text opens at that sentence,
highlighted), the themes' sizes (click one to pick out its articles on the
map), the themes over time with what rose and fell, the shares by outlet,
the digest (every sentence links to its place), and the articles' text.

Self-contained: one template, vanilla JavaScript and CSS inline, no CDN, no
font, no image from anywhere; a Content-Security-Policy ``default-src
'none'`` makes the browser refuse any request the page might still make.
Every string from the input is escaped (:func:`html.escape`), and the data
the script reads is JSON inside ``<script type="application/json">`` with
every ``<`` written ``\\u003c``, so no text can close the tag. The page
works without JavaScript too: map points and citations are plain links to
the marked sentences.

The map is a deterministic projection: the first two principal components
(SVD) of the articles' embedding vectors (:func:`nlptools.embed.as_embedder`,
static vectors, offline), or of their theme weights when no embedder can be
loaded; signs fixed, coordinates rounded, so the same digest gives the same
page byte for byte.

Test hook: opening the page with ``#test-click-N`` clicks map point ``N`` on
load and writes what the browser then shows (the ``:target`` element, its
text, whether its article is open, the resources the page loaded) as JSON
into ``<output id="explore-status">``; headless Chromium's ``--dump-dom``
reads it (``tests/test_explore_page.py``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..digest import Digest, outlet_of
from ..errors import NlptoolsError

logger = logging.getLogger(__name__)

__all__ = ["EXPLORE_FILE", "article_map", "explore_html", "theme_colours"]

#: The file name :func:`~nlptools.report.write_digest` gives the page.
EXPLORE_FILE = "explore.html"

_TAB10 = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
_NO_THEME = "#b0b0b0"
_MAP_W, _MAP_H, _PAD = 640, 420, 18
_TL_W, _TL_H = 900, 260
_TIMELINE_THEMES = 8

_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:64rem;margin:1.5rem auto;padding:0 1rem;
line-height:1.45;color:#1d1d1f}
h1{font-size:1.7rem;margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#555;font-size:.92rem}.row{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
svg{background:#fcfcfd;border:1px solid #e4e4e8;border-radius:.4rem;max-width:100%;height:auto}
svg a circle{stroke:#fff;stroke-width:1.2;cursor:pointer}svg a:hover circle,svg a:focus circle{stroke:#000;stroke-width:2}
svg.picking a circle{opacity:.15}svg.picking a.picked circle{opacity:1}
#tip{flex:1;min-width:14rem;max-width:20rem;border:1px solid #ddd;border-radius:.4rem;padding:.5rem .7rem;
background:#fff;font-size:.9rem}#tip b{display:block;margin-bottom:.3rem}#tip .s{color:#333}
ul.bars{list-style:none;padding:0}ul.bars li{display:grid;grid-template-columns:16rem 1fr 9rem;gap:.6rem;
align-items:center;margin:.25rem 0}ul.bars button{all:unset;cursor:pointer;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap}ul.bars button:hover,ul.bars button[aria-pressed=true]{font-weight:700}
.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.4rem;vertical-align:-.05rem}
.bar{height:.8rem;border-radius:.2rem}.num{font-size:.85rem;color:#555}
ul.digest li,ul.moves li{margin:.35rem 0}a.cite{font-size:.85rem;color:#0a58ca;text-decoration:none;
overflow-wrap:anywhere}a.cite:hover{text-decoration:underline}
table{border-collapse:collapse;font-size:.9rem}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:left}
details.article{border:1px solid #ddd;border-radius:.4rem;padding:.4rem .8rem;margin:.6rem 0;background:#fafafa}
details.article summary{cursor:pointer;font-weight:600}details.article pre{white-space:pre-wrap;
font-family:inherit;margin:.4rem 0 0}mark{background:#fff3a3;padding:0 .1rem}
mark:target,mark.hit{background:#ffc94d;outline:2px solid #e0a800}
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("explore-data").textContent);
  var tip = document.getElementById("tip");
  function show(i) {
    var p = data.points[i];
    tip.querySelector("b").textContent = p.title;
    tip.querySelector(".w").textContent = [p.theme || "no theme", p.date, p.outlet].filter(Boolean).join(" · ");
    tip.querySelector(".s").textContent = p.sentence ? "\u201c" + p.sentence + "\u201d" : "";
  }
  function go(anchor) {
    var m = document.getElementById(anchor);
    if (!m) { return; }
    var d = m.closest("details");
    if (d) { d.open = true; }
    Array.prototype.forEach.call(document.querySelectorAll("mark.hit"), function (x) { x.classList.remove("hit"); });
    m.classList.add("hit");
    location.hash = anchor;
    m.scrollIntoView({block: "center"});
  }
  Array.prototype.forEach.call(document.querySelectorAll("a[data-go]"), function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); go(a.getAttribute("data-go")); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("#map a[data-i]"), function (a) {
    var i = +a.getAttribute("data-i");
    a.addEventListener("mouseenter", function () { show(i); });
    a.addEventListener("focus", function () { show(i); });
  });
  var svg = document.querySelector("#map svg");
  Array.prototype.forEach.call(document.querySelectorAll("ul.bars button"), function (b) {
    b.addEventListener("click", function () {
      var on = b.getAttribute("aria-pressed") !== "true";
      Array.prototype.forEach.call(document.querySelectorAll("ul.bars button"), function (x) {
        x.setAttribute("aria-pressed", "false");
      });
      b.setAttribute("aria-pressed", on ? "true" : "false");
      svg.classList.toggle("picking", on);
      Array.prototype.forEach.call(svg.querySelectorAll("a[data-i]"), function (a) {
        a.classList.toggle("picked", on && a.getAttribute("data-t") === b.getAttribute("data-t"));
      });
    });
  });
  var test = /^#test-click-(\d+)$/.exec(location.hash);
  if (test) {
    var point = document.querySelector('#map a[data-i="' + test[1] + '"]');
    if (point) { point.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true})); }
    var t = document.querySelector(":target");
    var status = document.getElementById("explore-status");
    status.textContent = JSON.stringify({
      point: +test[1],
      target: t ? t.id : null,
      tag: t ? t.tagName.toLowerCase() : null,
      text: t ? t.textContent : null,
      highlighted: t ? t.classList.contains("hit") : false,
      open: t && t.closest("details") ? t.closest("details").open : null,
      resources: performance.getEntriesByType("resource").map(function (r) { return r.name; })
    });
  }
})();
"""


def theme_colours(names: Sequence[str]) -> dict[str, str]:
    """One colour a theme, in the themes' order (tab10, repeated past ten)."""
    return {name: _TAB10[i % len(_TAB10)] for i, name in enumerate(names)}


def _pca2(X: np.ndarray) -> np.ndarray:
    """First two principal components, signs fixed (largest-magnitude coordinate positive), scaled to [0, 1]."""
    n = X.shape[0]
    if n == 0:
        return np.zeros((0, 2))
    Xc = X - X.mean(axis=0, keepdims=True)
    if n < 2 or not np.any(Xc):
        return np.full((n, 2), 0.5)
    U, S, _ = np.linalg.svd(Xc, full_matrices=False)
    Y = U[:, :2] * S[:2]
    if Y.shape[1] < 2:
        Y = np.hstack([Y, np.zeros((n, 1))])
    for j in range(2):
        if Y[np.argmax(np.abs(Y[:, j])), j] < 0:
            Y[:, j] = -Y[:, j]
    lo, span = Y.min(axis=0), (Y.max(axis=0) - Y.min(axis=0)).max()
    if span <= 1e-12:
        return np.full((n, 2), 0.5)
    # one scale for both axes (distances keep their meaning), centred in the unit square
    Y = (Y - lo) / span
    return Y + (1.0 - Y.max(axis=0)) / 2


def article_map(digest: Digest, *, embedder: Any = None) -> np.ndarray:
    """2-D positions in [0, 1] of the digest's articles (the theme result's order).

    The first two principal components of the articles' embedding vectors
    (their clean text through :func:`nlptools.embed.as_embedder`), or of
    their theme weights when no embedder can be loaded. Deterministic.
    """
    result = digest.theme_result
    docs = [digest.documents[d.id] for d in result.documents]
    try:
        from ..embed import as_embedder

        X = np.asarray(as_embedder(embedder).encode([d.clean_text() or d.text for d in docs]), dtype=np.float64)
    except (NlptoolsError, ImportError, OSError) as exc:
        logger.warning("explore map: no embedding vectors (%s); placing articles by their theme weights", exc)
        names = [t.name for t in result.themes]
        X = np.array([[d.weights.get(n, 0.0) for n in names] for d in result.documents], dtype=np.float64)
    return _pca2(X.reshape(len(docs), -1))


class _Places:
    """The marked places of each article: every cited span gets one ``<mark id>``; overlapping ones share it."""

    def __init__(self, order: dict[str, int]) -> None:
        self.order = order
        self.spans: dict[str, set[tuple[int, int]]] = {}
        self._resolved: dict[str, list[tuple[int, int, str]]] | None = None

    def add(self, doc: str, start: int, end: int) -> None:
        self.spans.setdefault(doc, set()).add((start, end))

    def _resolve(self) -> dict[str, list[tuple[int, int, str]]]:
        if self._resolved is None:
            self._resolved = {}
            for doc, spans in self.spans.items():
                kept: list[tuple[int, int, str]] = []
                for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
                    if kept and start < kept[-1][1]:
                        continue
                    kept.append((start, end, f"x{self.order[doc]}-{start}"))
                self._resolved[doc] = kept
        return self._resolved

    def anchor(self, doc: str, start: int, end: int) -> str:
        """The id of the mark holding (or overlapping) ``doc[start:end]``."""
        for a, b, anchor in self._resolve().get(doc, []):
            if a <= start < b or (start <= a < end):
                return anchor
        raise KeyError((doc, start, end))

    def marked(self, doc: str, text: str) -> str:
        out, pos = [], 0
        for a, b, anchor in self._resolve().get(doc, []):
            out += [html.escape(text[pos:a]), f'<mark id="{anchor}">{html.escape(text[a:b])}</mark>']
            pos = b
        out.append(html.escape(text[pos:]))
        return "".join(out)


def _best_sentence(doc_themes: Any) -> tuple[str | None, Any]:
    """An article's main theme and its best sentence of that theme (else its first non-heading sentence)."""
    weights = doc_themes.weights
    main = max(weights, key=lambda n: (weights[n], n)) if weights and max(weights.values()) > 0 else None
    body = [s for s in doc_themes.sentences if not s.heading]
    own = [s for s in body if s.theme == main and main is not None]
    if own:
        return main, max(own, key=lambda s: (s.weight, -s.index))
    return main, (body[0] if body else (doc_themes.sentences[0] if doc_themes.sentences else None))


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _cite(anchor: str, label: str) -> str:
    return f'<a class="cite" href="#{anchor}" data-go="{anchor}">{label}</a>'


def _map_svg(points: list[dict[str, Any]], xy: np.ndarray) -> str:
    parts = [
        f'<svg viewBox="0 0 {_MAP_W} {_MAP_H}" width="{_MAP_W}" height="{_MAP_H}" role="img" '
        'aria-label="Map of the articles, coloured by main theme">'
    ]
    r = 7 if len(points) <= 200 else 4 if len(points) <= 2000 else 2.5
    for i, (p, (x, y)) in enumerate(zip(points, xy, strict=True)):
        cx = _PAD + x * (_MAP_W - 2 * _PAD)
        cy = _MAP_H - _PAD - y * (_MAP_H - 2 * _PAD)
        anchor = p["anchor"]
        href = f' href="#{anchor}" data-go="{anchor}"' if anchor else ""
        parts.append(
            f'<a{href} data-i="{i}" data-t="{p["t"]}"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r}" '
            f'fill="{p["colour"]}"><title>{_esc(p["title"])}</title></circle></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _timeline_svg(trends: Any, colours: dict[str, str]) -> str:
    """Theme shares per period (lines), articles per period (grey bars), one hover title a point."""
    periods = trends.periods
    names = list(trends.themes[:_TIMELINE_THEMES])
    left, right, top, bottom = 44, 40, 12, 40
    w, h = _TL_W - left - right, _TL_H - top - bottom
    peak = max((pt.share for n in names for pt in trends.points[n]), default=0.0)
    ymax = max(math.ceil(peak * 4 - 1e-9) / 4, 0.25)  # the axis ends at the next quarter above the highest share
    first, last = periods[0].start, periods[-1].start
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return left + (w / 2 if last == first else (day - first).days / span * w)

    most = max(len(p.ids) for p in periods)
    bar = max(min(w / max(len(periods), 1) * 0.6, 40), 3)
    parts = [
        f'<svg viewBox="0 0 {_TL_W} {_TL_H}" width="{_TL_W}" height="{_TL_H}" role="img" '
        f'aria-label="Theme shares per {_esc(trends.freq)}">'
    ]
    for tick in np.linspace(0.0, ymax, 5):
        y = top + h - tick / ymax * h
        parts.append(
            f'<line x1="{left}" x2="{left + w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#666">{tick:.2f}</text>'
        )
    for p in periods:
        x, bh = x_of(p.start), len(p.ids) / most * h * 0.35
        parts.append(
            f'<rect x="{x - bar / 2:.1f}" y="{top + h - bh:.1f}" width="{bar:.1f}" height="{bh:.1f}" fill="#e6e6e6">'
            f"<title>{_esc(p.label)}: {len(p.ids)} articles</title></rect>"
            f'<text x="{x:.1f}" y="{top + h + 16}" font-size="11" text-anchor="middle" fill="#444">'
            f"{_esc(p.label)}</text>"
        )
    for name in names:
        pts = [
            (x_of(p.start), top + h - pt.share / ymax * h, p, pt)
            for p, pt in zip(periods, trends.points[name], strict=True)
        ]
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in pts)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colours[name]}" stroke-width="2"/>')
        for x, y, p, pt in pts:
            ids = ", ".join(pt.ids[:12]) + (" …" if pt.count > 12 else "")
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colours[name]}"><title>{_esc(name)}, '
                f"{_esc(p.label)}: share {pt.share:.2f}; {pt.count} of {len(p.ids)} articles: {_esc(ids)}"
                "</title></circle>"
            )
    parts.append(
        f'<text x="{left}" y="{_TL_H - 6}" font-size="11" fill="#666">share of the articles\' theme weight per '
        f"{_esc(trends.freq)}; grey: articles per {_esc(trends.freq)}</text></svg>"
    )
    return "".join(parts)


def explore_html(
    digest: Digest,
    *,
    trends: Any = None,
    sources: Any = None,
    coords: np.ndarray | None = None,
    embedder: Any = None,
) -> str:
    """The interactive page of a digest (see the module docstring).

    Parameters
    ----------
    digest : Digest
    trends : ThemeTrends, optional
        Theme shares over time (:func:`nlptools.themes.trends.theme_trends`); without it, the page says so.
    sources : ThemeSources, optional
        Theme shares by outlet (:func:`nlptools.themes.trends.theme_sources`).
    coords : ndarray of shape (n_articles, 2), optional
        Map positions in [0, 1] (default: :func:`article_map`).
    embedder : Embedder, optional
        For :func:`article_map`.
    """
    result = digest.theme_result
    names = [t.name for t in result.themes]
    colours = theme_colours(names)
    order = {d.id: i for i, d in enumerate(result.documents)}
    places = _Places(order)
    xy = article_map(digest, embedder=embedder) if coords is None else np.asarray(coords, dtype=float)

    picks = []
    for d in result.documents:
        main, best = _best_sentence(d)
        if best is not None:
            places.add(d.id, best.start, best.end)
        picks.append((d, main, best))
    for theme in digest.themes:
        for s in theme.sentences:
            places.add(s.document, s.start, s.end)
    moves = [c for c in (trends.changes if trends is not None else ()) if c.direction != "steady"]
    for c in moves:
        for ev in c.evidence:
            places.add(ev.document, ev.start, ev.end)

    points = []
    for d, main, best in picks:
        doc = digest.documents[d.id]
        points.append(
            {
                "id": d.id,
                "title": digest.title_of(d.id),
                "date": doc.date,
                "outlet": outlet_of(doc),
                "theme": main,
                "t": names.index(main) if main is not None else -1,
                "colour": colours.get(main, _NO_THEME) if main is not None else _NO_THEME,
                "sentence": " ".join(doc.text[best.start : best.end].split()) if best is not None else "",
                "anchor": places.anchor(d.id, best.start, best.end) if best is not None else None,
            }
        )

    settings = digest.settings
    n = len(points)
    main_counts = {name: sum(1 for p in points if p["theme"] == name) for name in names}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>nlptools: explore the digest</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Explore the digest</h1>",
        f'<p class="meta">{n} articles · {len(names)} themes by <code>{_esc(settings.get("method"))}</code> · digests by '
        f"<code>{_esc(settings.get('summarizer'))}</code>. Works offline: nothing on this page comes from the network.</p>",
        '<section id="map"><h2>Map of the articles</h2>',
        '<p class="meta">Each dot is an article, coloured by its main theme; nearby articles read alike '
        "(the first two principal components of their embedding vectors). Hover for the title and the article's "
        "best sentence of its theme; click to read it in place.</p>",
        '<div class="row">',
        _map_svg(points, xy),
        '<div id="tip" aria-live="polite"><b>Hover a dot</b><div class="w meta"></div><div class="s"></div></div>',
        "</div></section>",
        '<section id="themes"><h2>Themes</h2><p class="meta">Share of the words; articles whose main theme it is. '
        'Click a theme to pick out its articles on the map.</p><ul class="bars">',
    ]
    top = max((t.weight for t in result.themes), default=0.0) or 1.0
    for i, t in enumerate(result.themes):
        c = colours[t.name]
        parts.append(
            f'<li><button type="button" data-t="{i}" aria-pressed="false" title="{_esc(t.name)}">'
            f'<span class="sw" style="background:{c}"></span>{_esc(t.name)}</button>'
            f'<span class="bar" style="width:{t.weight / top * 100:.1f}%;background:{c}"></span>'
            f'<span class="num">{t.weight:.0%} · {main_counts[t.name]} '
            f"article{'' if main_counts[t.name] == 1 else 's'}</span></li>"
        )
    parts.append("</ul></section>")

    parts.append('<section id="timeline"><h2>Over time</h2>')
    if trends is None:
        parts.append('<p class="meta">Fewer than two articles carry a date: no timeline.</p>')
    else:
        dated = sum(len(p.ids) for p in trends.periods)
        parts.append(
            f'<p class="meta">{dated} dated articles by {_esc(trends.freq)}'
            + (f"; {len(trends.undated)} undated left out" if trends.undated else "")
            + ". Hover a point for its share and the articles behind it.</p>"
        )
        parts.append(_timeline_svg(trends, colours))
        if trends.before is not None and trends.after is not None and trends.changes:
            parts.append(
                f'<h3>Rose and fell</h3><p class="meta">{_esc(trends.before.start)}..{_esc(trends.before.end)} '
                f"({len(trends.before.ids)} articles) against {_esc(trends.after.start)}..{_esc(trends.after.end)} "
                f"({len(trends.after.ids)} articles).</p>"
            )
            if not moves:
                parts.append(f"<p>No theme's share changed by {trends.min_change:.2f} or more.</p>")
            parts.append('<ul class="moves">')
            for c in moves:
                items = "".join(
                    f"<li>{_esc(' '.join(ev.text.split()))} "
                    + _cite(places.anchor(ev.document, ev.start, ev.end), f"— {_esc(digest.title_of(ev.document))}")
                    + "</li>"
                    for ev in c.evidence
                )
                parts.append(
                    f'<li><span class="sw" style="background:{colours[c.name]}"></span><b>{_esc(c.name)}</b> '
                    f"{c.direction}: {c.before:.2f} → {c.after:.2f}<ul>{items}</ul></li>"
                )
            parts.append("</ul>")
    parts.append("</section>")

    if sources is not None:
        shown = names[:_TIMELINE_THEMES]
        parts.append(
            f'<section id="by-source"><h2>By {_esc(sources.field)}</h2><table><tr><th>{_esc(sources.field)}</th>'
            "<th>articles</th>" + "".join(f"<th>{_esc(x)}</th>" for x in shown) + "</tr>"
        )
        for row in sources.sources:
            cells = "".join(f"<td>{row.points[x].share:.2f}</td>" for x in shown)
            parts.append(f"<tr><td>{_esc(row.source)}</td><td>{len(row.ids)}</td>{cells}</tr>")
        parts.append("</table></section>")

    parts.append('<section id="digest"><h2>Digest</h2>')
    for theme in digest.themes:
        parts.append(
            f'<h3><span class="sw" style="background:{colours.get(theme.name, _NO_THEME)}"></span>'
            f"{_esc(theme.name)}</h3>"
        )
        if not theme.sentences:
            parts.append("<p><em>No sentence of this theme is left after removing repeats.</em></p>")
            continue
        parts.append('<ul class="digest">')
        for sent in theme.sentences:
            label = f"— {_esc(digest.title_of(sent.document))} [{sent.start}–{sent.end}]"
            parts.append(
                f"<li>{_esc(' '.join(sent.text.split()))} "
                + _cite(places.anchor(sent.document, sent.start, sent.end), label)
                + "</li>"
            )
        parts.append("</ul>")
    parts.append("</section>")

    parts.append('<section id="articles"><h2>Articles</h2>')
    for i, d in enumerate(result.documents):
        doc = digest.documents[d.id]
        where = ", ".join(_esc(x) for x in (d.id, doc.date, outlet_of(doc)) if x)
        parts.append(
            f'<details class="article" id="doc-{i}"><summary>{_esc(digest.title_of(d.id))} '
            f'<span class="meta">({where})</span></summary><pre>{places.marked(d.id, doc.text)}</pre></details>'
        )
    parts.append("</section>")

    data = {"points": [{k: p[k] for k in ("id", "title", "date", "outlet", "theme", "sentence")} for p in points]}
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    parts += [
        '<output id="explore-status" hidden></output>',
        f'<script type="application/json" id="explore-data">{payload}</script>',
        f"<script>{_JS}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
