"""Gradio internals in one place (digits/serve/compat.py): forgetting a closed page, the version check."""

from __future__ import annotations


def test_a_closed_page_is_freed_and_its_session_never_comes_back():
    import gradio as gr
    from gradio.state_holder import StateHolder

    from digits.serve.compat import ForgetfulStateHolder, forget

    freed = []
    with gr.Blocks() as demo:
        drawing = gr.State(None, delete_callback=freed.append)
    holder = StateHolder()
    holder.set_blocks(demo)
    holder["left"][drawing._id] = "a child's drawing"
    holder["stays"][drawing._id] = "another child's drawing"

    forget(holder, "left")
    assert freed == ["a child's drawing"] and "left" not in holder and "stays" in holder
    stray = holder["left"]  # an event still running for the closed page
    assert stray.state_data == {} and "left" not in holder.session_data  # a throwaway, not kept
    assert (
        isinstance(holder, ForgetfulStateHolder) and holder["stays"][drawing._id] == "another child's drawing"
    )
    holder["new visitor"]
    assert "new visitor" in holder  # new sessions are made as before


def test_the_record_of_closed_pages_is_bounded():
    import gradio as gr
    from gradio.state_holder import StateHolder

    from digits.serve.compat import forget

    with gr.Blocks() as demo:
        gr.State(None)
    holder = StateHolder()
    holder.set_blocks(demo)
    holder.capacity = 3
    for k in range(10):
        holder[f"visitor {k}"]
        forget(holder, f"visitor {k}")
    assert list(holder.gone) == ["visitor 7", "visitor 8", "visitor 9"] and not holder.session_data


def test_the_gradio_version_is_checked_in_one_line():
    import gradio as gr

    from digits.serve.compat import WRITTEN_FOR, check

    assert check(WRITTEN_FOR + ".0") is None and check(WRITTEN_FOR) is None
    note = check("7.0.1")
    assert note and "\n" not in note and WRITTEN_FOR in note and "7.0.1" in note
    assert check(WRITTEN_FOR + "1.0") is not None  # 6.310 is not 6.31
    assert gr.__version__.startswith(WRITTEN_FOR), "requirements.txt pins the Gradio compat.py was read from"
