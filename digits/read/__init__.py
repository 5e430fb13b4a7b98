"""Reading a drawing: strokes or pixels in, a digit (or number) out, with honest uncertainty.

Imports nothing from train, lesson, serve or ui (tests/read/test_recognizer.py checks it), so a
reading process never loads training code.

  strokes         Strokes to ink: the one renderer for the pad, the pen data, training and the
                  benchmarks.
  preprocess      Any drawing to MNIST framing: the one preprocessing path for the app, the CLI and
                  training.
  segment         A number's ink mask cut into one mask per digit, left to right, each then framed by
                  preprocess.frame.
  mirror          Backwards digits: the extra "d, written backwards" classes, folding them, and flipping
                  training digits.
  dot             A tap or a wiggle is only a dot: ink too small for the pad to be a digit.
  trajectory      The pen reader: a digit's strokes as a fixed-length path read by a small 1-D net,
                  blended with the image network; absent or damaged, the image network reads alone.
  reading         A reading: what the model read in a digit or a number, its words, its JSON.
  asked           What a drawing asks the networks: every framed input and pen path of one read, apart
                  from them (so a server can prepare reads in other processes).
  recognizer      Reading drawings: a model plus the one preprocessing path, with honest uncertainty.
  insight         Looking inside a digit network: its first filters, what they find, and the pixels that
                  mattered.
  modelfile       Model files: written atomically with a checksum, checked on load; where each trained
                  run is kept.
  modelcheck      An uploaded .keras model, checked before anyone uses it: size, loads, reads 28x28
                  digits.
"""
