import shlex
import subprocess
from pathlib import Path

LIBREOFFICE = "/usr/bin/soffice"


def convert_to_pdf(doc_path: Path, outdir: Path) -> Path:
    cmd = f"{LIBREOFFICE} --headless --convert-to pdf --outdir {shlex.quote(str(outdir))} {shlex.quote(str(doc_path))}"
    subprocess.run(cmd, shell=True, check=True, timeout=120)
    return outdir / (doc_path.stem + ".pdf")


def page_count(pdf_path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def render_page(pdf_path: str, page: str, outfile: str) -> None:
    subprocess.call("pdftoppm -f %s -l %s -png %s %s" % (page, page, pdf_path, outfile), shell=True)
