"""What arrives while a child draws never moves the pad: answer areas of fixed size (issue #30, item 1).

The Draw tab's answer, "How sure is it?" and "What the computer sees", and Practice's feedback, keep
one size whatever they hold; a longer note is clipped or scrolls inside its box. On a tablet and a
phone the answer sits above the pad: it grew 84 px with a "written backwards" note mid-stroke, and the
pad moved under the finger. theme.CSS appends this after its own rules, so these win.
"""

from __future__ import annotations

CSS = """
/* A page that grows past the screen gets a scrollbar: the gutter is kept, so the pad never narrows. */
html { scrollbar-gutter: stable; }
#draw-answer .answer {
  box-sizing: border-box; height: 14.5rem; overflow: hidden; display: flex; flex-direction: column;
}
#draw-answer .big { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; flex: none; }
#draw-answer .detail { overflow: hidden; min-height: 0; }
#draw-answer .backwards img { height: 72px; }
#draw-top3 .sure { box-sizing: border-box; height: 9.5rem; overflow-y: auto; }
#draw-seen .seen { box-sizing: border-box; height: 200px; overflow: hidden; }
#draw-seen .seen img { max-width: 100%; object-fit: contain; object-position: left; }
#practice-feedback { box-sizing: border-box; height: 8rem; min-height: 0; overflow-y: auto; }
/* Tablets and phones: the answer above the pad, the digit left and what it says right, one size. */
@media (max-width: 820px) {
  #draw-answer .answer {
    height: 7rem; display: grid; grid-template-columns: auto 1fr; align-items: center;
    column-gap: 14px; text-align: left; padding: 4px 8px;
  }
  #draw-answer .big { font-size: 4rem; line-height: 1; }
  #draw-answer .backwards-word { display: block; font-size: 1rem; text-align: center; }
  #draw-answer .detail { font-size: 1.1rem; max-height: 6.5rem; }
  #draw-answer .backwards { font-size: 0.95rem; gap: 8px; }
  #draw-answer .backwards img { height: 56px; }
}
@media (max-width: 600px) {
  #draw-answer .answer { height: 6rem; }
  #draw-answer .big { font-size: 3.4rem; }
  #draw-answer .backwards span { display: none; }  /* the turned picture says it; no room for a sentence */
  #draw-answer .backwards-word { font-size: 0.8rem; white-space: normal; max-width: 7em; }
  #draw-answer .detail { font-size: 0.95rem; }
  #draw-answer .backwards img { height: 44px; }
  #practice-feedback { height: 5rem; }
}
"""
