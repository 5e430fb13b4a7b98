"""Every tab fits the screen it is on: a 768x1024 tablet, a 390x844 phone, a 1366x768 projector.

The sizes measured in Chromium (issue #30, item 5) that these rules answer: a tablet's Practice
left a 338 px pad with Clear at x 679-789 of 768, a tablet's Draw had Undo/Clear below the fold, a
phone's pad ended at y 954 with Check at 1047, and a projector's feedback ran below its 768 px.
"""

from __future__ import annotations

# Gradio keeps only a prefixed copy (".gradio-container .contain ...") of a custom rule inside @media,
# which cannot reach the page's own frame around .contain: its margins go in <head> as they are.
HEAD = """<style>
@media (max-width: 820px) { .gradio-container .app { padding: 10px 12px !important; } }
@media (max-width: 600px) { .gradio-container .app { padding: 6px 8px !important; } }
</style>"""

CSS = """
/* A seated child's star chart ("you've mastered 0, 1 and 4") takes room only when it says something:
   empty, its block still stood between the feedback and the pad (45 px on a phone; a tablet's Check
   went 18 px below the screen). */
#practice-stars:not(:has(.practice-stars)) { display: none !important; }
/* Short screens (a 1366x768 projector, a phone): the header's sentence goes, its title stays. */
@media (max-height: 820px), (max-width: 820px) {
  #welcome p { display: none; }
  #welcome h1 { font-size: 1.6rem; margin: 0; }
  #practice-prompt .prompt-big { font-size: 6rem; }
}
/* Wide but short (a projector): Practice's feedback and Check above the fold. */
@media (min-width: 821px) and (max-height: 820px) {
  #practice-pad .pad-paper { max-height: calc(100vh - 300px); }
  #draw-pad .pad-paper { max-height: calc(100vh - 240px); }
  #practice-feedback { min-height: 4rem; }
}
/* Tablets and phones: one column, the pad the page's whole width, its buttons on screen. */
@media (max-width: 820px) {
  #practice-row { flex-direction: column; align-items: stretch; gap: 8px; }
  #practice-side, #practice-work { width: 100%; min-width: 0 !important; }
  /* The prompt beside the voice and the score, the feedback right above the pad (issue #18, item 9):
     the pad starts high, and feedback, pad and Check are on one screen. */
  #practice-side {
    display: grid !important; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr);
    grid-template-areas: "prompt voice" "prompt score" "feedback feedback"; align-items: center;
    gap: 4px 12px;
  }
  #practice-prompt { grid-area: prompt; }
  #practice-feedback { grid-area: feedback; min-height: 0; }
  #practice-speak { grid-area: voice; }
  #practice-score { grid-area: score; }
  #practice-prompt .prompt-big { font-size: 4.5rem; }
  #practice-prompt .prompt-word { font-size: 1.5rem; }
  #practice-feedback p:first-child { font-size: 1.6rem; }
  #practice-pad .pad-paper { max-height: calc(100svh - 600px); min-height: 240px; }  /* 8rem feedback */
  #draw-pad .pad-paper { max-height: calc(100svh - 400px); min-height: 240px; }
  #draw-answer .big { font-size: 3.5rem; }
  .pad-tools { flex-wrap: wrap; }
}
/* Tablets: the six tabs on one line (their default padding wrapped About to a second line, 50 px). */
@media (min-width: 601px) and (max-width: 820px) {
  [role="tab"] { padding-left: 10px !important; padding-right: 10px !important; }
}
/* Phones: the pad and Check on one screen, nothing cut. The teacher's page has six tabs on two rows
   (104 px) and the title above them (43 px), where the child view has two tabs on one row: in Arabic
   and Portuguese Check ended 54-59 px below a 844 px phone. The title goes (the tabs say where you are)
   and each row of tabs takes 36 px, not 52. */
@media (max-width: 600px) {
  #welcome { display: none !important; }
  [role="tab"] { font-size: 1rem !important; padding: 2px 8px !important; min-height: 0 !important; }
  #practice-prompt .prompt-big { font-size: 3rem; }
  #practice-prompt .prompt-word { font-size: 1.1rem; }
  #practice-feedback p:first-child { font-size: 1.2rem; }
  /* The prompt as wide as it needs up to 55%, then it wraps: "بالعربية: أربعة (arbaʿa)، ويُكتب ٤" at its
     full width left the voice and score a 50 px column, one word a line, and Check 240 px below. */
  #practice-side { grid-template-columns: fit-content(55%) minmax(0, 1fr); }
  #practice-speak button { font-size: 1rem; padding: 0 10px; }
  /* 5rem feedback, and room for a language's longer lines (Portuguese's start line: two rows) */
  #practice-pad .pad-paper { max-height: calc(100svh - 640px); min-height: 200px; }
  #draw-pad .pad-paper { max-height: calc(100svh - 330px); min-height: 200px; }
  #draw-answer .big { font-size: 3rem; }
  /* Three buttons in 350 px: whole words ("Show me", not "Show m"), a smaller font than 1.1rem, and
     each as wide as its label needs (the pad's own CSS, scoped by its id, shares the width equally). */
  .pad-tools { gap: 6px; }
  .pad-tools button { font-size: 1rem; padding: 0 6px; min-width: 0; flex: 1 1 auto !important; }
  /* The child view's 1.3rem buttons put French's "Montre-moi", "Annuler", "Effacer" on two rows and
     Check below a phone's fold; the missing-voice note ran to five lines beside the prompt. */
  .pad-tools { flex-wrap: nowrap; }
  .pad-tools button, #practice-speak button { white-space: normal !important; line-height: 1.15; }
  .child-view .pad-tools button { font-size: 1.05rem !important; }
  #practice-speak .speak-note { font-size: 0.85rem; }
}
/* A curve chart with a caption (the teacher's marks named, train_views.CURVE_PLOT): the caption takes
   the lines it needs inside the chart's fixed 340 px and the chart the rest. Below the chart as Gradio
   lays it out, the caption was cut off by the block's hidden overflow. */
.curve:has(p.caption) { display: flex !important; flex-direction: column; }
.curve:has(p.caption) .vega-embed { flex: 1 1 0; min-height: 0; height: auto !important; }
.curve p.caption { flex: none; margin: 4px 0 0; }
/* Accordion titles: centred in their 52 px button. Stretched to its height, the arrow turned 90 degrees
   stood 52 px wide and its tip was cut by the accordion's edge. */
.label-wrap { align-items: center; gap: 8px; }
/* The arrow is 10 x 22 px, turned: 6 px of it stood past each side of its box. */
.label-wrap .icon { margin: 0 8px; }
"""
