"""The About tab: what the app is, a lesson plan, and where the ideas come from."""

from __future__ import annotations

import gradio as gr

ABOUT = """
## A lesson in four steps

1. **Perceptron** (10 min). Start with one artificial neuron. Pick *AND*, press **Step** and read
   the trace aloud: each wrong answer nudges the weights by 0.2 times the error. Press **Run**: it
   learns AND in 14 passes and OR in 12. Now pick *XOR*: it never settles, because no straight line
   puts (0,1) and (1,0) on one side and (0,0) and (1,1) on the other. Add a hidden layer and it works.
2. **Draw** (10 min). Children draw digits; the network reads them live. Point at *What the
   computer sees*, the 28 x 28 picture it really gets, and open *Look inside the network* for its filters.
3. **Practice** (10 min). A round of ten: the app asks for a digit, in one of ten languages, and
   checks the child's drawing with kind feedback.
4. **Train** (10 min). Press **Train** and watch the loss fall and the accuracy rise, several times
   per epoch. Look at the digits it still gets wrong, then press **Use this model** and draw for
   the network the class just trained (only in your own browser: other visitors keep theirs).

## Where it comes from

The networks are those of a student report on a digit recognizer for primary schools (a small
LeNet-style network: 98.8% on MNIST in 5 epochs) and of four MNIST notebooks, all selectable on
the Train tab. The drawing reader is our own network trained on MNIST made to look like sketchpad
drawings, plus pen-drawn digits from the UNIPEN project, framed exactly as MNIST frames its digits.

MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges, CC BY-SA 3.0.
UNIPEN train_r01_v07: International Unipen Foundation, CC BY 4.0.

Each drawing is sent to the computer running the app (this one, a school server or a Hugging Face
Space), read there and not stored: nothing is saved or sent anywhere else, and nothing is downloaded
once installed.
"""


def build(session: gr.State, tab: gr.Tab | None = None) -> gr.Blocks:
    """The About / teacher's page."""
    with gr.Blocks() as tab:
        gr.Markdown(ABOUT)
    return tab
