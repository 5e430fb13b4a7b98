"""Our own small components on gr.HTML: an HTML template, its CSS, and a script beside this file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import gradio as gr


@cache
def script(name: str) -> str:
    """The browser script digits/ui/`name`, read once."""
    return Path(__file__).with_name(name).read_text(encoding="utf-8")


def widget(name: str, html: str, css: str, elem_id: str, value=None, **props) -> gr.HTML:
    """A gr.HTML that runs the script `name` when it loads; `props` fill the templates' ${...}."""
    return gr.HTML(
        value=value, html_template=html, css_template=css, js_on_load=script(name), elem_id=elem_id, **props
    )
