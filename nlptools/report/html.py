"""HTML renderers: the self-contained digest page and marked source text.

Every untrusted string (titles, ids, sentences, theme names) is escaped.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Mapping

from ..digest import Digest
from ..errors import ParameterError
from .figures import digest_figures

__all__ = ["digest_html", "marked_text_html"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#1d1d1f}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.meta{color:#555;font-size:.95rem}.terms{color:#444}.kind{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;
background:#eef;border-radius:.3rem;padding:.1rem .4rem;margin-left:.4rem;vertical-align:middle}
ul.digest li{margin:.45rem 0}a.cite{font-size:.85rem;color:#0a58ca;text-decoration:none;overflow-wrap:anywhere}
a.cite:hover{text-decoration:underline}figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #eee}
article.source{border:1px solid #ddd;border-radius:.4rem;padding:.6rem 1rem;margin:1rem 0;background:#fafafa}
article.source pre{white-space:pre-wrap;font-family:inherit;margin:0}mark{background:#fff3a3;padding:0 .1rem}
mark:target{background:#ffc94d;outline:2px solid #e0a800}details summary{cursor:pointer;font-weight:600}
table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #eee;text-align:left}
"""


def _anchor(doc_id: str, start: int) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in doc_id)
    return f"src-{safe}-{start}"


def _highlighted_source(text: str, spans: list[tuple[int, int, str]]) -> str:
    """The source text as HTML with each ``(start, end, title)`` span marked and anchored."""
    out: list[str] = []
    pos = 0
    for start, end, anchor in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<mark id="{anchor}">{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def digest_html(digest: Digest, *, figures: Mapping[str, bytes] | None = None) -> str:
    """One self-contained HTML page for a digest.

    Parameters
    ----------
    digest : Digest
    figures : mapping of str to PNG bytes, optional
        Figures to embed (default: :func:`digest_figures`).
    """
    if figures is None:
        figures = digest_figures(digest)
    s = digest.settings
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>nlptools digest</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Digest</h1>",
        f'<p class="meta">{digest.n_articles} articles · themes by <code>{html.escape(str(s.get("method")))}</code> '
        f"(k = {digest.theme_result.k}) · digests by <code>{html.escape(str(s.get('summarizer')))}</code>, "
        f"about {html.escape(str(s.get('words')))} words a theme. Each sentence links to its place in its article.</p>",
    ]
    cited: dict[str, list[tuple[int, int, str]]] = {}
    for theme in digest.themes:
        kind = "named" if theme.seeded else "discovered"
        parts.append(f'<h2>{html.escape(theme.name)}<span class="kind">{kind}</span></h2>')
        parts.append(f'<p class="terms">Top terms: {html.escape(", ".join(theme.terms[:10]))}</p>')
        if theme.documents:
            docs = "; ".join(f"{html.escape(digest.title_of(d))} ({w:.2f})" for d, w in theme.documents)
            parts.append(f'<p class="meta">Articles: {docs}</p>')
        if not theme.sentences:
            parts.append("<p><em>No sentence of this theme is left after removing repeats.</em></p>")
            continue
        parts.append('<ul class="digest">')
        for sent in theme.sentences:
            anchor = _anchor(sent.document, sent.start)
            cited.setdefault(sent.document, []).append((sent.start, sent.end, anchor))
            parts.append(
                f"<li>{html.escape(' '.join(sent.text.split()))} "
                f'<a class="cite" href="#{anchor}">— {html.escape(digest.title_of(sent.document))} '
                f"[{sent.start}–{sent.end}]</a></li>"
            )
        parts.append("</ul>")
    if figures:
        parts.append('<h2 id="figures">Figures</h2>')
        captions = {"top_terms": "Top terms per theme", "theme_weights": "Theme weights per article"}
        for name, png in figures.items():
            data = base64.b64encode(png).decode("ascii")
            cap = html.escape(captions.get(name, name.replace("_", " ")))
            parts.append(
                f'<figure><img alt="{cap}" src="data:image/png;base64,{data}"><figcaption>{cap}</figcaption></figure>'
            )
    parts.append('<h2 id="sources">Sources</h2>')
    for doc_id, doc in digest.documents.items():
        spans = cited.get(doc_id, [])
        title = html.escape(digest.title_of(doc_id))
        opened = " open" if spans else ""
        parts.append(
            f'<article class="source"><details{opened}><summary>{title} <span class="meta">({html.escape(doc_id)}, '
            f"{len(spans)} cited)</span></summary><pre>{_highlighted_source(doc.text, spans)}</pre></details></article>"
        )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


_MARK_COLOURS = (
    ("#ffd6d6", "#c0392b"),
    ("#d6e9ff", "#1f5fa8"),
    ("#d9f2d9", "#2e7d32"),
    ("#fff0c2", "#a86b00"),
    ("#ecdcff", "#6a3d9a"),
    ("#e0e0e0", "#555555"),
)


def marked_text_html(
    text: str,
    spans: Iterable[tuple[int, int, str]],
    *,
    start: int = 0,
    end: int | None = None,
    strike: bool = True,
) -> str:
    """HTML of ``text[start:end]`` with each ``(span_start, span_end, label)`` marked and labelled.

    Each span becomes a ``<mark>`` followed by its label in a small tag (e.g.
    the cleaning rule that removed it, or the summariser that chose a
    sentence), one colour per distinct label; spans overlapping an earlier
    one, or outside the stretch, are skipped. Inline styles only, so it
    renders the same in a notebook and in a saved page.

    Parameters
    ----------
    text : str
        The source text.
    spans : iterable of (int, int, str)
        Offsets into ``text`` and a label.
    start, end : int, optional
        The stretch of ``text`` to show (default: all of it).
    strike : bool, default=True
        Strike the marked text through (for removed text); ``False`` only
        highlights it (for chosen text).

    Returns
    -------
    str
        A ``<pre>`` element.
    """
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ParameterError(f"start, end: {start}..{end} is not a stretch of a text of {len(text)} characters")
    spans = sorted(spans)
    colours = {
        label: _MARK_COLOURS[i % len(_MARK_COLOURS)] for i, label in enumerate(sorted({label for _, _, label in spans}))
    }
    line = ";text-decoration:line-through" if strike else ""
    out: list[str] = []
    pos = start
    for a, b, label in spans:
        if a < pos or b > end or a >= b:
            continue
        back, tag = colours[label]
        out.append(html.escape(text[pos:a]))
        out.append(
            f'<mark title="{html.escape(label)}" style="background:{back}{line}">{html.escape(text[a:b])}</mark>'
            f'<sup style="background:{tag};color:#fff;border-radius:3px;padding:0 3px;font-size:75%">'
            f"{html.escape(label)}</sup>"
        )
        pos = b
    out.append(html.escape(text[pos:end]))
    return (
        '<pre style="white-space:pre-wrap;word-break:normal;overflow-wrap:break-word;font-family:inherit;'
        'line-height:1.45">' + "".join(out) + "</pre>"
    )
