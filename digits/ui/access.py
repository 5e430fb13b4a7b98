"""What the page adds for screen readers and the accessibility check (axe-core, tests/ui)."""

from __future__ import annotations

# Gradio draws an empty chart or file box as <div class="empty" aria-label="Empty value">: a label on
# a div without a role is ignored by screen readers (axe: aria-prohibited-attr, serious; ten on the
# Train tab). Given role="img", the box is read as what it is, "Empty value". Runs in <head>, on every
# change of the page, because Gradio draws such boxes whenever a chart is emptied.
HEAD = """<script>
(() => {
  const label = () => document.querySelectorAll('.empty[aria-label]:not([role])')
    .forEach((el) => el.setAttribute('role', 'img'));
  const watch = () => new MutationObserver(label).observe(document.body, {childList: true, subtree: true});
  if (document.body) watch(); else document.addEventListener('DOMContentLoaded', watch);
})();
</script>"""
