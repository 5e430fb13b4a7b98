"""Serving many visitors at once: shared-mode caps and the training line, worker processes, memory.

compat.py holds every use of Gradio's internals; nothing else here imports gradio.

  space           Space mode (a Space many classes share): its caps from the environment, one fair line
                  for training.
  worker          A training in a process of its own: the server's memory stays flat, whatever TensorFlow
                  keeps.
  process_run     A live run whose fit happens in a worker process: the same feed, cap and controls.
  batcher         Reads arriving together from many children, read in one forward pass.
  reader          The shipped model's reader thread behind the lean reading route.
  preparers       Reads' preprocessing in processes of their own (shared mode), so the server's one
                  interpreter lock is left to HTTP and the networks.
  memory          Freed memory given back to the system, so a long-running shared server stays its size
                  (glibc only).
  scratch         Files a visit makes (a visitor's downloads, a training's model), in folders freed when
                  done; what ended servers left, tidied at start.
  visits          When a visit ends: a page whose connection dropped is kept a while, forgotten once quiet.
  compat          Every use of Gradio's internals, in one place: written for one Gradio version, checked
                  at start.
"""
