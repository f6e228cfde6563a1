#!/usr/bin/env python3
"""Writes a minimal, valid PDF holding lines of text (one page per form feed).

Standard library only: the UN-report test fixture is made with it, so the
repository needs no downloaded PDFs.

usage: scripts/make_fixture_pdf.py INPUT.txt OUTPUT.pdf
"""
import sys


def escape(line):
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages):
    objects = []  # bodies of objects 1..n

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages_obj = add(None)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>")
    page_ids = []
    for lines in pages:
        text = ["BT", "/F1 9 Tf", "11 TL", "36 806 Td"]
        for line in lines:
            data = escape(line).encode("cp1252", errors="replace").decode("latin-1")
            text.append("(%s) Tj T*" % data)
        text.append("ET")
        stream = "\n".join(text).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page_ids.append(add(("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                             "/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                             % (pages_obj, font, content)).encode()))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    kids = " ".join("%d 0 R" % p for p in page_ids)
    objects[pages_obj - 1] = ("<< /Type /Pages /Kids [%s] /Count %d >>"
                              % (kids, len(page_ids))).encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, catalog, xref))
    return bytes(out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    pages = [p.split("\n") for p in text.split("\f")]
    with open(sys.argv[2], "wb") as f:
        f.write(make_pdf(pages))


if __name__ == "__main__":
    main()
