"""What a visitor may send, in one place: each limit with the reason for its size.

Read, train, lesson and ui import these; nothing here imports the rest of the app.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- typed numbers

NUMBER_CHARS = 32  # a typed number's length: "0.000001" is 8, a float's longest repr 24
NUMBER_EXPONENT = 30  # |exponent| of a typed number: 1e-10000000 made a 10-million-digit fraction (17.5 s)

# ---------------------------------------------------------------- messages

QUOTE_CHARS = 32  # what was sent, quoted in an error: a 60 MB `width` came back as a 60 MB error

# ---------------------------------------------------------------- the pad's strokes

PAD_SIDE = 20_000  # a pad wider or taller than this (pixels) is refused
PAD_STROKES = 1_000  # strokes in one drawing: a child's number has a handful
PAD_POINTS = 50_000  # all strokes together; a 5-second scribble at 120 Hz is 600
READ_BODY_BYTES = 2 * 2**20  # a drawing sent to the lean route as JSON: 50,000 points are about 1 MB

# ---------------------------------------------------------------- uploaded files

# A .keras model (docs: 50 MB): the c2 download is 16 MB, the largest network about 30 MB.
MODEL_BYTES = 50 * 2**20
UPLOAD_BYTES = MODEL_BYTES  # Gradio's upload limit: a model is the largest file the app takes back
MODEL_UNPACKED = MODEL_BYTES  # a .keras zip's members together: Keras stores them, so unpacked = the file
MODEL_CONFIG_BYTES = 2**20  # config.json or metadata.json: the shipped model's config is 17 KB
MODEL_MEMBERS = 64  # files in a .keras zip: Keras writes 3 (metadata, config, weights)
# Unpacked / packed for a member over ZIP_RATIO_FROM: deflate gets ~5 on drawings, a zip bomb ~1000.
ZIP_RATIO = 100
ZIP_RATIO_FROM = 2**20  # members smaller than this may compress as well as they like
IMAGE_PIXELS = 4096 * 4096  # an image sent to `recognize`: a 12 MP photo fits; its RGBA copy is 64 MB
IMAGE_BYTES = UPLOAD_BYTES  # an image file: none larger can be uploaded

# ---------------------------------------------------------------- a class set

CLASS_ITEMS = 5000  # drawings in a class set: 25 children x 200
CLASS_BYTES = 20 * 2**20  # an uploaded class set file: 5,000 drawings with strokes are about 6 MB
CLASS_UNPACKED = 200 * 2**20  # all its members, unpacked (a zip bomb is refused)
# Pen points in the whole set (one drawing may hold PAD_POINTS): 2,000,000 points are 24 MB as
# float32, 400 a drawing at 5,000 drawings; a child's digit has 50-300.
CLASS_POINTS = 2_000_000
CLASS_IMAGE_BYTES = 64 * 2**10  # one 28 x 28 PNG in a class set zip: the app writes them under 1 KB

# ---------------------------------------------------------------- a class (digits/classroom)

CLASS_SEATS = 60  # children in one class: a class of 30, or two joined for a lesson, with room to spare
SEAT_NAME_CHARS = 40  # a first name the teacher types: "Maria-Magdalena" is 15
JOIN_TRIES = 5  # wrong join codes from one visitor before they wait: a typo or two, never a search
JOIN_WAIT_SECONDS = 600  # how long that visitor waits; 5 tries in 10 minutes search 1 code in 10^8
JOIN_VISITORS = 10_000  # visitors whose wrong tries are remembered (least recent forgotten): under 2 MB

_EXPONENT = re.compile(r"e\s*([+-]?[\d_]+)", re.IGNORECASE)


def quote(value, chars: int = QUOTE_CHARS) -> str:
    """What was sent, as repr, cut to a few characters: an error line never grows with the input."""
    if isinstance(value, str):
        shown = repr(value[: chars + 1])
    elif isinstance(value, int) and not isinstance(value, bool):
        shown = repr(value) if value.bit_length() < 4 * chars else "a very long number"  # repr: 4300 digits
    elif value is None or isinstance(value, (bool, float)):
        shown = repr(value)
    else:
        shown = f"a {type(value).__name__}"
    return shown if len(shown) <= chars else shown[: chars - 1] + "…"


def short(name: str, chars: int = QUOTE_CHARS) -> str:
    """A name that was sent (a file's), printable and cut to a few characters, for an error line."""
    text = "".join(c if c.isprintable() else "?" for c in str(name)[: chars + 1])
    return text if len(text) <= chars else text[: chars - 1] + "…"


def number_text(value, name: str) -> str:
    """A typed number's text, bounded in length and exponent before anything parses it; ValueError if not."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * NUMBER_CHARS:
        raise ValueError(f"{name} is too long: type a number of at most {NUMBER_CHARS} characters.")
    if not isinstance(value, (str, int, float)):
        raise ValueError(f"{name} must be a number, not {quote(value)}.")
    text = value.strip() if isinstance(value, str) else repr(value)
    if len(text) > NUMBER_CHARS:
        raise ValueError(f"{name} is too long: type a number of at most {NUMBER_CHARS} characters.")
    exponent = _EXPONENT.search(text)
    if exponent:
        digits = exponent.group(1).replace("_", "")
        if digits.lstrip("+-").isdecimal() and abs(int(digits)) > NUMBER_EXPONENT:
            raise ValueError(f"{name} must lie between 1e-{NUMBER_EXPONENT} and 1e{NUMBER_EXPONENT} in size.")
    return text
