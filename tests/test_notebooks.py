"""The notebooks: each runs top to bottom in a real kernel, and each .ipynb matches its jupytext script.

A kernel talks to this process over ZeroMQ on the loopback interface, so the
execution tests are marked ``network_ok`` (the suite's socket guard would
refuse that). Instead, this process may only connect to loopback addresses,
and a first cell injected into every executed notebook installs the same
loopback-only guard inside the kernel, so no notebook can reach the network.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ("01_explore_seeds", "02_topic_models", "03_summaries")

#: Figures each notebook saves (``NLPTOOLS_FIGURE_DIR``): always, and only with the BBC data.
FIGURES = {
    "01_explore_seeds": (
        {
            "removed_by_rule",
            "sentence_lengths",
            "top_tokens",
            "model_selection",
            "top_terms",
            "theme_heatmap",
            "intertopic_map",
            "sentence_map",
        },
        set(),
    ),
    "02_topic_models": (
        set(),
        {"model_selection", "categories_by_topic", "top_terms", "intertopic_maps", "document_map"},
    ),
    "03_summaries": (set(), {"rouge_box", "rouge_bars_by_category", "cost"}),
}

#: Run first in the kernel: any socket connection outside loopback (or a Unix socket) fails.
KERNEL_GUARD = """
import ipaddress as _ipaddress
import socket as _socket


def _nlptools_check(sock, address):
    host = address[0] if isinstance(address, tuple) else None
    if sock.family == _socket.AF_UNIX or host is None or host == "localhost":
        return
    try:
        if _ipaddress.ip_address(str(host).split("%")[0]).is_loopback:
            return
    except ValueError:
        pass
    raise OSError(f"network access beyond loopback attempted in a notebook: {address!r}")


def _nlptools_guard(method, where):
    def guarded(self, *args):
        _nlptools_check(self, args[where] if len(args) > where else None)
        return method(self, *args)
    return guarded


_socket.socket.connect = _nlptools_guard(_socket.socket.connect, 0)
_socket.socket.connect_ex = _nlptools_guard(_socket.socket.connect_ex, 0)
_socket.socket.sendto = _nlptools_guard(_socket.socket.sendto, -1)
"""


def _loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else None
    if host is None:
        return True
    try:
        return host == "localhost" or ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


class _LoopbackOnly(socket.socket):
    def connect(self, address: object) -> None:
        if self.family != socket.AF_UNIX and not _loopback(address):
            raise OSError(f"network access beyond loopback attempted in a test: connect({address!r})")
        return super().connect(address)

    def connect_ex(self, address: object) -> int:
        if self.family != socket.AF_UNIX and not _loopback(address):
            raise OSError(f"network access beyond loopback attempted in a test: connect_ex({address!r})")
        return super().connect_ex(address)


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process may open sockets, but only to loopback addresses."""
    monkeypatch.setattr(socket, "socket", _LoopbackOnly)


def execute(name: str, figure_dir: Path, monkeypatch: pytest.MonkeyPatch, data: Path | None = None):
    """Run ``notebooks/<name>.py`` top to bottom in a fresh kernel; return the executed notebook."""
    import jupytext
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    monkeypatch.setenv("NLPTOOLS_FIGURE_DIR", str(figure_dir))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    if data is not None:
        monkeypatch.setenv("NLPTOOLS_DATA", str(data))
    nb = jupytext.read(NOTEBOOKS / f"{name}.py")
    nb.cells.insert(0, nbformat.v4.new_code_cell(KERNEL_GUARD))
    km = KernelManager(kernel_name="python3", ip="127.0.0.1", transport="tcp")
    client = NotebookClient(nb, km=km, timeout=600, resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    return nb


def outputs(nb, output_type: str | None = None) -> list[dict]:
    return [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if output_type is None or o.get("output_type") == output_type
    ]


def text_of(nb) -> str:
    parts = []
    for o in outputs(nb):
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        for key in ("text/plain", "text/markdown", "text/html"):
            parts.append(str(o.get("data", {}).get(key, "")))
    return "\n".join(parts)


def check_png(path: Path) -> None:
    """A saved figure is a real picture: a sensible size and many colours, not a blank canvas."""
    from PIL import Image

    assert path.stat().st_size > 15_000, f"{path.name}: only {path.stat().st_size} bytes"
    with Image.open(path) as img:
        width, height = img.size
        assert width >= 400 and height >= 250, f"{path.name}: {width}x{height}"
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 200, f"{path.name}: only {len(colours or [])} colours"
    most = max(count for count, _ in colours)
    assert most < 0.97 * width * height, f"{path.name}: almost a single colour"


def have_bbc() -> bool:
    """Whether the notebooks will find BBC News Summary (``NLPTOOLS_DATA`` or ``../shared/data``)."""
    env = os.environ.get("NLPTOOLS_DATA")
    root = Path(env) if env else ROOT.parent / "shared" / "data"
    return (root / "bbc-news-summary" / "articles").is_dir() and (root / "bbc-news-summary" / "summaries").is_dir()


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.network_ok
@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> None:
    nb = execute(name, tmp_path, monkeypatch)
    errors = outputs(nb, "error")
    assert not errors, errors
    text = text_of(nb)
    assert "Traceback" not in text
    always, with_data = FIGURES[name]
    expected = always | (with_data if have_bbc() else set())
    saved = {p.stem.split("_", 1)[1] for p in tmp_path.glob(f"{name[:2]}_*.png")}
    assert saved == expected
    for stem in expected:
        check_png(tmp_path / f"{name[:2]}_{stem}.png")
    images = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    assert len(images) >= len(expected), f"{len(images)} figures shown, {len(expected)} saved"
    if name == "01_explore_seeds":
        assert "every sentence of every seed equals source[start:end]: True" in text
        assert "all traced to source[start:end]: True" in text
        assert "byline" in text and "photo-credit" in text  # the removed furniture is shown with its rules
    if name != "01_explore_seeds":
        assert ("BBC News Summary found at" in text) == have_bbc()


@pytest.mark.notebook
@pytest.mark.network_ok
@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", ("02_topic_models", "03_summaries"))
def test_notebook_without_data_says_so_and_runs_the_seeds_part(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> None:
    empty = tmp_path / "no-data"
    empty.mkdir()
    figures = tmp_path / "figures"
    nb = execute(name, figures, monkeypatch, data=empty)
    text = text_of(nb)
    assert f"BBC News Summary NOT FOUND at {empty / 'bbc-news-summary'}" in text
    assert not list(figures.glob("*.png")), "no BBC figure without the BBC data"
    # the seeds part still ran and showed its table
    assert ("lda" in text or "semantic" in text) and ("named themes" in text or "summariser" in text)


@pytest.mark.parametrize("name", NAMES)
def test_ipynb_is_in_sync_with_its_script(name: str) -> None:
    import jupytext

    script = jupytext.read(NOTEBOOKS / f"{name}.py")
    paired = jupytext.read(NOTEBOOKS / f"{name}.ipynb")
    assert [(c.cell_type, c.source) for c in paired.cells] == [(c.cell_type, c.source) for c in script.cells], (
        f"notebooks/{name}.ipynb differs from its script: run `jupytext --sync notebooks/{name}.py`"
    )
    assert paired.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"
    raw = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    code = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert code and all(not c.get("outputs") and c.get("execution_count") is None for c in code), (
        f"notebooks/{name}.ipynb is committed with outputs: clear them (jupytext --sync regenerates it clean)"
    )
    tags = [c.get("metadata", {}).get("tags", []) for c in raw["cells"]]
    assert any("parameters" in t for t in tags), "a notebook starts with a cell tagged 'parameters'"


def test_loopback_check() -> None:
    assert _loopback(("127.0.0.1", 8888)) and _loopback(("::1", 1, 0, 0)) and _loopback(("localhost", 1))
    assert _loopback("/tmp/kernel.sock")  # Unix sockets are not the network
    assert not _loopback(("192.0.2.1", 80)) and not _loopback(("example.org", 443))


@pytest.mark.notebook
@pytest.mark.network_ok
@pytest.mark.timeout(300)
def test_kernel_guard_is_installed_and_refuses_other_hosts(
    monkeypatch: pytest.MonkeyPatch, loopback_only: None
) -> None:
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    probe = (
        "import socket\n"
        "print('wrapped:', socket.socket.connect.__name__, socket.socket.sendto.__name__)\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "_nlptools_check(s, ('127.0.0.1', 9))\n"  # loopback: allowed (checked only, no connection made)
        "try:\n"
        "    _nlptools_check(s, ('192.0.2.1', 80))\n"
        "    print('NOT REFUSED')\n"
        "except OSError as exc:\n"
        "    print('refused:', exc)\n"
        "s.close()\n"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KERNEL_GUARD), nbformat.v4.new_code_cell(probe)])
    km = KernelManager(kernel_name="python3", ip="127.0.0.1", transport="tcp")
    NotebookClient(nb, km=km, timeout=120).execute()
    text = text_of(nb)
    assert "wrapped: guarded guarded" in text
    assert "refused: network access beyond loopback attempted in a notebook: ('192.0.2.1', 80)" in text
    assert "NOT REFUSED" not in text
