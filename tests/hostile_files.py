"""Small hostile (and at-the-limit) files for the parsing tests, written byte by byte.

- ``billion_laughs``: YAML front matter whose nested aliases would expand to gigabytes;
- ``pdf_shared_stream``: a few kB of PDF whose pages all draw one huge compressed content stream;
- ``pdf_pages``: an ordinary text PDF with as many pages as asked for.
"""

from __future__ import annotations

import zlib
from pathlib import Path


def billion_laughs(levels: int = 9) -> str:
    """Markdown with front matter where each anchor repeats the previous one nine times."""
    lines = ["---", 'a0: &a0 ["lol"]']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    lines += [f"title: *a{levels}", "---", "# Laughs", "", "PyTorch and Keras are frameworks for deep learning."]
    return "\n".join(lines) + "\n"


def _pdf(page_contents: list[int], streams: list[bytes], *, compressed: bool, title: str = "") -> bytes:
    """A PDF whose page i draws stream ``page_contents[i]`` (streams may be shared by several pages)."""
    n_pages, n_streams = len(page_contents), len(streams)
    font = 3 + n_pages + n_streams  # object numbers: 1 catalog, 2 pages, pages, streams, font, info
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(n_pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>")
    for stream in page_contents:
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {3 + n_pages + stream} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
        )
    body: list[bytes] = [o.encode("latin-1") for o in objects]
    for data in streams:
        payload = zlib.compress(data, 9) if compressed else data
        head = f"<< /Length {len(payload)}" + (" /Filter /FlateDecode" if compressed else "") + " >>\nstream\n"
        body.append(head.encode() + payload + b"\nendstream")
    body.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    body.append(f"<< /Title ({title}) >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(body, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(body) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    info = len(body)
    out += f"trailer\n<< /Size {len(body) + 1} /Root 1 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_shared_stream(path: Path, pages: int = 20, operators: int = 1_000_000) -> Path:
    """``pages`` pages sharing one Flate stream of ``operators`` text-showing operators (7 bytes each)."""
    stream = b"BT /F1 1 Tf 10 10 Td " + b"(A) Tj " * operators + b"ET"
    path.write_bytes(_pdf([0] * pages, [stream], compressed=True, title="Shared stream"))
    return path


def pdf_pages(path: Path, pages: int, title: str = "A long PDF") -> Path:
    """An ordinary PDF: each page has a heading and three sentences of its own text."""
    streams = []
    for n in range(pages):
        lines = [
            f"Chapter {n + 1}",
            f"TensorFlow, PyTorch and Keras are compared again on page {n + 1} of this report.",
            f"Page {n + 1} notes that Keras offers a high-level API for building neural networks.",
            f"The page also says PyTorch uses dynamic graphs, checked in experiment {n + 1}.",
        ]
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td", *(f"({line}) Tj T*" for line in lines), "ET"]
        streams.append("\n".join(ops).encode("latin-1"))
    path.write_bytes(_pdf(list(range(pages)), streams, compressed=False, title=title))
    return path
