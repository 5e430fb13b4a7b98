"""The child view (`?view=child`): Draw and Practice only, big, with nothing a teacher needs.

A page opened as `/?view=child` (or by a class's join link, `/?class=CODE`) marks the
document `child-view` before Gradio draws anything, so no teacher control ever flashes up; the CSS
below then hides the page header, Gradio's footer (API, settings), every teacher accordion (blocks
given TEACHER_ONLY) and the tabs other than CHILD_TABS. Nothing is removed: the teacher's page is
the same app without the query parameter.
"""

from __future__ import annotations

CHILD_TABS = ("draw", "practice")  # the tab ids app.py gives (each tab module's name)
TEACHER_ONLY = "teacher-only"  # elem_classes of the blocks a child never sees
MARK = "child-view"  # the class on <html> that turns the child view on

# Runs in <head>, before Gradio's own scripts: the query parameter is read once per page load.
HEAD = f"""<script>
(() => {{
  const params = new URLSearchParams(window.location.search);
  // a class's join link (?class=CODE) opens a child's page too
  if (params.get('view') === 'child' || params.has('class')) {{
    document.documentElement.classList.add('{MARK}');
  }}
}})();
</script>"""


def css(tab_ids: list[str]) -> str:
    """The child view's CSS: every tab but CHILD_TABS hidden, the header, footer and accordions too."""
    hidden = [f'.{MARK} [role="tab"][data-tab-id="{t}"]' for t in tab_ids if t not in CHILD_TABS]
    hidden += [f".{MARK} #welcome", f".{MARK} footer", f".{MARK} .{TEACHER_ONLY}"]
    return (
        ",\n".join(hidden)
        + " { display: none !important; }\n"
        + f"""/* Big: the page's whole width, large buttons and answers for small fingers and eyes. */
.{MARK} .gradio-container {{ font-size: 20px; }}
.{MARK} .gradio-container button {{ min-height: 64px; font-size: 1.3rem; }}
.{MARK} [role="tab"] {{ font-size: 1.5rem !important; padding: 12px 24px !important; }}
"""
    )
