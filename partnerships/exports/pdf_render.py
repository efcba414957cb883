"""Lay out an HTML report as a tagged PDF with WeasyPrint, in a process of its own.

Run by ``engine.render_pdf`` as ``python pdf_render.py SOURCE.html TARGET.pdf BASE_URL``, a
script and not a module of the package, so that it imports neither Django nor the portal:
it starts fast, and the few hundred MB WeasyPrint takes for a 2,000-row table are returned to
the system when it ends instead of staying in the worker or web server that asked.
"""

import logging
import sys


def main(source, target, base_url):
    import weasyprint

    # WeasyPrint reports each step at INFO; its warnings go to standard error.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    with open(source, encoding="utf-8") as html:
        document = weasyprint.HTML(string=html.read(), base_url=base_url)
    document.write_pdf(target, pdf_tags=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
