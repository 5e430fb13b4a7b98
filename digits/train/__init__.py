"""Training and measuring the documents' networks and the drawing reader; the class's own drawings.

Uses read (the one preprocessing path and renderer); never lesson, serve or ui.

  data            The data sets: MNIST (a local Keras-layout .npz or Keras' own loader) and pen-drawn
                  digits.
  models          The source documents' networks by name, each with its documented training defaults.
  networks        The Keras layer stacks of the source documents' networks and of our drawing reader.
  augment         Training data that looks like sketchpad drawings, framed by the app's own
                  preprocessing.
  sketch          Sketchpad-like canvases from pen trajectories or MNIST digits, for benchmarks and
                  training.
  fit             Training any named architecture on MNIST (and optionally pen drawings), seeded.
  callbacks       Keras callbacks through which training reports progress and can be stopped.
  controls        Pause, resume, one batch at a time, a new learning rate, stop: a running fit steered
                  from outside.
  progress        What a live run publishes: how often it measures, its progress snapshots, its summary
                  row.
  live            Training you can watch: train() in a thread, progress snapshots through a queue, a stop
                  switch.
  evaluate        A trained model measured on labelled images: accuracy, loss, confusion, right and
                  wrong.
  cache           Train on a miss: the cached model for a training config, trained and cached when
                  absent.
  classset        The class's own labelled drawings, kept in memory and split into "to teach" and "kept
                  aside".
  classfile       A class set as a file: downloaded as a zip (arrays and a README, or PNGs and a CSV),
                  uploaded back.
  finetune        Fine-tuning a copy of a model on the class's drawings; how it reads the kept-aside
                  ones, before, after.
  finetune_live   Fine-tuning you can watch: the Train tab's live run, teaching the class's drawings
                  instead of MNIST.
  recipe          The shipped reader's training steps, as data: the CLI and the docs render them.
  reproduced      What each documented network reached when trained here as its document says: the
                  results file.
"""
