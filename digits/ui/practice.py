"""The Practice tab: learn to write digits (shown, traced, drawn, spoken) and number games."""

from __future__ import annotations

from dataclasses import replace

import gradio as gr

from digits.lesson.teacher import GAMES
from digits.lesson.writing import FREE_MODE, WritingLesson
from digits.read.preprocess import BadImage
from digits.train.classset import ClassSetError
from digits.ui import class_join, class_pooled
from digits.ui import practice_adaptive as adaptive
from digits.ui import practice_settings as settings
from digits.ui.common import Session, recognizer_for, teacher_note
from digits.ui.i18n import label
from digits.ui.pad import EMPTY, stroke_pad
from digits.ui.practice_views import (
    CAPTION,
    answer_speech,
    feedback_text,
    pad_value,
    prompt_html,
    prompt_speech,
    score_text,
    start_text,
)
from digits.ui.speech import speaker
from digits.words import say

TEACHER = """
**What the computer does.** The round asks for digits (or numbers) one at a time. **Show me how**
plays how the digit is written: a green dot where each stroke starts, an arrow the way the pen goes,
stroke by stroke. In **trace** mode the digit lies faint on the pad and the child writes over it: the
strokes are scored on how closely they follow it, where they start, which way they go and in which
order, with stars and the one thing to fix. In **free** mode the drawing is read by the network as on
the Draw tab (right when it reads the asked digit and is at least 70% sure), then how it was written is
checked: a slip gets advice, and counts against the digit only in **strict** mode. **Numbers** and
**sums** read several digits left to right and say which places are right.

**Ideas for class.** Watch *Show me how* together and write the digit in the air first. With sound on,
the browser's own voice says the prompt and the digit's name in the chosen language (🔊 says it again).
The summary lists hard digits, reversals and formation slips; download it as a spreadsheet (CSV).

**The concept.** Formation is checked from the strokes (their order and direction), not from the
picture: two digits that look the same may have been written differently. Scores are kept only while
the page is open; with *Collect* on, each checked drawing joins this browser's class set.
"""


def _lesson(state) -> WritingLesson:
    return state if isinstance(state, WritingLesson) else WritingLesson()


def _collect(session: Session | None, lesson: WritingLesson, target, value) -> None:
    """With the teacher's collect switch on: the checked drawing joins the class set, labelled as asked."""
    if session is None or target is None or lesson.mode in GAMES:
        return
    try:  # in every mode the class set draws the picture the reader sees from the strokes
        session.class_set.add(target, pad=value, source="practice")
    except ClassSetError as exc:
        gr.Warning(str(exc))


def check_drawing(value, lesson, collect, session: Session | None, place=None):
    """Check the pad's strokes in the lesson's mode: feedback, score, lesson, voice, summary (and, for a
    child in a class, the Check stored for the teacher)."""
    lesson = _lesson(lesson)
    value = value or EMPTY
    if isinstance(place, class_join.Place) and place.seat is not None:
        collect = place.collect  # the teacher's switch, not this page's
        lesson = place.shown(lesson, value)
    before = len(lesson.log.attempts)
    feedback = lesson.again(value)
    repeated, target = feedback is not None, lesson.round.target
    try:
        if repeated:
            pass  # the same drawing checked again: the same answer, and its stars kept
        elif lesson.mode == "trace":
            feedback, _ = lesson.trace(value)
        elif lesson.mode == "free":
            feedback, _ = lesson.free(value, recognizer_for(session).read_strokes(value))
        else:
            feedback = lesson.answer(value, recognizer_for(session).read_number_strokes(value))
    except (BadImage, ValueError) as exc:
        raise gr.Error(str(exc)) from None
    seat = place.seat if isinstance(place, class_join.Place) else None
    if collect and feedback.counted and not repeated and target is not None and lesson.mode not in GAMES:
        if seat is not None:  # the class's set, on the server, for the teacher's Train tab
            class_pooled.send(seat, target, value, "practice")
        else:
            _collect(session, lesson, target, value)
    if not repeated:
        class_join.record_check(place, lesson, before, feedback, value)
    lesson.checks += 1
    n = lesson.checks
    return (
        feedback_text(lesson, feedback),
        score_text(lesson),
        lesson,
        answer_speech(lesson, feedback, n),
        lesson.log.summary().text(),  # its CSV is written only when the teacher asks (the download button)
    )


def next_digit(lesson, session: Session | None):
    """The next prompt (or a new round after the last): prompt, feedback, score, lesson, pad, voice."""
    lesson = _lesson(lesson)
    if lesson.round.finished:
        lesson = adaptive.next_round(lesson)  # an adaptive round's chooser goes on with its record
    else:
        lesson.next()
    return (
        prompt_html(lesson),
        start_text(lesson),
        score_text(lesson),
        lesson,
        pad_value(lesson),
        prompt_speech(lesson),
    )


def buttons(lesson: WritingLesson) -> tuple[dict, dict]:
    """Check and Next in the lesson's language (the page's first view has them in the browser's)."""
    language = lesson.settings.language
    return gr.update(value=say("btn.check", language)), gr.update(value=say("btn.next", language))


def new_round(lesson, session: Session | None, *values, adapt: bool = False, record=""):
    """A new round with the teacher's settings (the language is kept for this visitor's other tabs);
    `adapt`: chosen from this browser's `record` (practice_adaptive.py)."""
    chosen = settings.settings_from(*values)
    old = _lesson(lesson)
    lesson = adaptive.home_lesson(chosen, old.seed + 1, adapt, record)
    session = session if session is not None else Session()
    session.language = chosen.language
    shown = (prompt_html(lesson), start_text(lesson), score_text(lesson), lesson, pad_value(lesson))
    return (*shown, prompt_speech(lesson), session, "No attempts yet.", None, *buttons(lesson))


def follow_class(place, lesson, session: Session | None):
    """The class's settings, followed (also mid-round): a new round when the teacher changed them.

    The round goes into the lesson's State and its number into `applied`, whose change
    event shows it (`show_round`): the pad and the speaker are never sent a skip, which would wipe
    their templates' props (Gradio 6.31 sends a skipped gr.HTML's update as its props)."""
    new, shown = class_join.follow(place, lesson)
    if session is not None:  # the Draw tab's Teach it pools in the class's set while seated
        session.seat = shown[0].seat
    if new is None:
        return (gr.skip(), *shown, gr.skip())
    if session is not None:
        session.language = new.settings.language  # the visitor's other tabs speak it too
    return (new, *shown, shown[0].rounds)


def show_round(lesson):
    """The round the class's settings started: prompt, feedback, score, pad, voice."""
    lesson = _lesson(lesson)
    return (
        prompt_html(lesson),
        start_text(lesson),
        score_text(lesson),
        pad_value(lesson),
        prompt_speech(lesson),
    )


def choose_language(language: str, lesson, session: Session | None):
    """Every word of the tab in the newly chosen language at once, on a fresh pad; kept for this visitor."""
    lesson = _lesson(lesson)
    try:
        lesson.settings = replace(lesson.settings, language=language)
    except ValueError as exc:
        raise gr.Error(str(exc)) from None
    session = session if session is not None else Session()
    session.language = language
    shown = (prompt_html(lesson), start_text(lesson), score_text(lesson), lesson, prompt_speech(lesson))
    return (*shown, session, pad_value(lesson), *buttons(lesson))


def build(session: gr.State, tab: gr.Tab | None = None) -> gr.Blocks:
    """The Practice tab."""
    start = WritingLesson(FREE_MODE)
    with gr.Blocks() as tab:
        lesson_state = gr.State(start)
        with gr.Row(equal_height=False, elem_id="practice-row"):
            with gr.Column(scale=2, elem_id="practice-side"):
                prompt = gr.HTML(prompt_html(start), elem_id="practice-prompt")
                voice = speaker("practice-speak", prompt_speech(start))
                score = gr.Markdown(score_text(start), elem_id="practice-score", elem_classes="score")
                stars = gr.HTML("", elem_id="practice-stars")
                feedback = gr.Markdown(
                    start_text(start), elem_id="practice-feedback", elem_classes="feedback"
                )
            with gr.Column(scale=3, elem_id="practice-work"):
                pad = stroke_pad(
                    say(CAPTION),
                    elem_id="practice-pad",
                    clear_id="practice-clear",
                    value=pad_value(start),
                )
                with gr.Row(elem_id="practice-buttons"):
                    check = gr.Button(
                        label("btn.check"), variant="primary", size="lg", elem_id="practice-check"
                    )
                    next_ = gr.Button(label("btn.next"), size="lg", elem_id="practice-next")
                # Below Check and Next: the pad and its buttons stay on a tablet's first screen (fit.py).
                joining = class_join.build()
                adapt, record = adaptive.build()
                network = class_pooled.network_box()
        inputs, collect, begin, summary, download = settings.build(start.settings)
        teacher_note(TEACHER)

        check.click(
            check_drawing,
            [pad, lesson_state, collect, session, joining.place],
            [feedback, score, lesson_state, voice, summary],
            api_name="practice_check",
            concurrency_id="reading",
            concurrency_limit=4,
        ).then(adaptive.after_check, [joining.place, lesson_state, record], [stars, record], api_name=False,
               show_progress="hidden")  # fmt: skip
        next_.click(
            next_digit,
            [lesson_state, session],
            [prompt, feedback, score, lesson_state, pad, voice],
            api_name="practice_next",
        )
        settings.wire_download(download, lesson_state, session)
        begin.click(
            lambda le, s, a, r, *v: new_round(le, s, *v, adapt=a, record=r),
            [lesson_state, session, adapt, record, *inputs.all()],
            [prompt, feedback, score, lesson_state, pad, voice, session, summary, download, check, next_],
            api_name=False,
        )
        inputs.language.change(
            choose_language,
            [inputs.language, lesson_state, session],
            [prompt, feedback, score, lesson_state, voice, session, pad, check, next_],
            api_name=False,
        )
        wire_class(tab, joining, [prompt, feedback, score, lesson_state, pad, voice], session, stars, network)
        network.input(class_pooled.use_network, [network, joining.place, session], [network, joining.status],
                      api_name="class_network")  # fmt: skip
        pad.input(drawing_changed, [pad, lesson_state], feedback, api_name=False, queue=False,
                  show_progress="hidden")  # fmt: skip
    return tab


def wire_class(page, j: class_join.JoinParts, shown: list, session: gr.State, stars, network) -> None:
    """Join, rejoin on load, follow the teacher's settings, pick an animal, leave."""
    seated = [j.place, j.token, j.status, j.code, j.join, j.avatar, j.colour, j.leave, j.timer]
    prompt, feedback, score, lesson_state, pad, voice = shown
    applied = gr.State(0)  # the class's rounds started on this page: its change shows the new one
    followed = dict(
        fn=follow_class,
        inputs=[j.place, lesson_state, session],
        outputs=[lesson_state, *seated, applied],
        show_progress="hidden",
    )
    applied.change(show_round, lesson_state, [prompt, feedback, score, pad, voice], api_name=False,
                   show_progress="hidden").then(class_pooled.offer_shown, [j.place, session], network,
                                                api_name=False, show_progress="hidden")  # fmt: skip
    j.join.click(class_join.join_class, [j.code, j.place], seated, api_name="class_join").then(
        **followed, api_name=False
    )
    j.code.submit(class_join.join_class, [j.code, j.place], seated, api_name=False).then(
        **followed, api_name=False
    )
    page.load(class_join.link_code, j.place, [j.code, j.status], api_name=False, show_progress="hidden")
    j.token.change(
        class_join.arrive, [j.token, j.place], seated, api_name=False, show_progress="hidden"
    ).then(**followed, api_name=False).then(adaptive.seat_stars, [j.place, lesson_state], stars,
                                            api_name=False, show_progress="hidden")  # fmt: skip
    j.timer.tick(**followed, api_name="class_follow", concurrency_limit=None)
    picked = dict(
        fn=class_join.pick_avatar, inputs=[j.avatar, j.colour, j.place], outputs=[j.place, j.status]
    )
    j.avatar.input(**picked, api_name="class_avatar")
    j.colour.input(**picked, api_name=False)
    j.leave.click(class_join.leave, j.place, seated, api_name=False).then(
        class_pooled.forget_seat, session, None, api_name=False
    ).then(class_pooled.offer_shown, [j.place, session], network, api_name=False)


def drawing_changed(value, lesson):
    """The child drew, undid or cleared: a cleared pad starts a new try."""
    empty = not (isinstance(value, dict) and value.get("strokes"))
    return start_text(_lesson(lesson)) if empty else gr.skip()
