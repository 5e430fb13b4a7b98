"""Rebuild the web-font subsets from Debian's Noto fonts: only the glyphs the app writes.

Run from the repository root after `apt-get install fonts-noto-core fonts-noto-cjk`:
    .venv/bin/python assets/fonts/build.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from digits.languages import script_text  # noqa: E402
from digits.ui.theme import FONT_FILES, FONTS  # noqa: E402

NOTO = Path("/usr/share/fonts")
SOURCES = {  # language code: (source font, face in a collection)
    "hi": (NOTO / "truetype/noto/NotoSansDevanagari-Regular.ttf", 0),
    "ar": (NOTO / "truetype/noto/NotoSansArabic-Regular.ttf", 0),
    "zh": (NOTO / "opentype/noto/NotoSansCJK-Regular.ttc", 2),  # 2: Noto Sans CJK SC
}


def main() -> None:
    for code, (source, face) in SOURCES.items():
        out = FONTS / FONT_FILES[code]
        subprocess.run(
            [sys.executable, "-m", "fontTools.subset", str(source), f"--font-number={face}",
             f"--text={script_text(code)}", "--layout-features=*", "--flavor=woff2",
             "--no-hinting", "--desubroutinize", f"--output-file={out}"],
            check=True,
        )  # fmt: skip
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
