"""Word 97–2003 (.doc) and WPS (.wps) files, converted to .docx by LibreOffice and read as that.

LibreOffice runs headless with a profile of its own per conversion (two at once would otherwise
share one and the second would fail), in a temporary folder, within a time limit.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import IO

from ..document import Document
from .docx import read_docx
from .errors import UnreadableReport

MAX_BYTES = 20 * 1024 * 1024
SECONDS = 60


def read_legacy(source: str | IO[bytes], suffix: str) -> Document:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnreadableReport(f"服务器未安装 LibreOffice，无法读取 {suffix} 文件：请另存为 .docx 后再检查。")
    with tempfile.TemporaryDirectory(prefix="guifan-doc-") as folder:
        original = Path(folder) / f"report{suffix}"
        data = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
        if len(data) > MAX_BYTES:
            raise UnreadableReport(f"该文件有 {len(data) / 1048576:.1f} MB，超过 20 MB 的上限，未检查。")
        original.write_bytes(data)
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    folder,
                    str(original),
                ],
                check=True,
                capture_output=True,
                timeout=SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise UnreadableReport(
                f"无法转换该 {suffix} 文件：请用 Word 或 WPS 打开后另存为 .docx。"
            ) from error
        converted = Path(folder) / "report.docx"
        if not converted.exists():
            raise UnreadableReport(f"无法转换该 {suffix} 文件：请用 Word 或 WPS 打开后另存为 .docx。")
        return read_docx(str(converted))
