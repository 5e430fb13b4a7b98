"""The lessons: practice rounds and their feedback, forming digits, number games, the perceptron.

Pure Python and NumPy: no Keras, no Gradio; a lesson takes a reading, it does not make one.

  practice        A practice round: ten digits to draw, checked with kind feedback, a score and a streak.
  writing         A round of the writing lesson in any mode: trace, free, numbers or sums, with its
                  teacher's log.
  teacher         The teacher's settings for a round of writing practice, and the end-of-round summary
                  (CSV).
  games           Number games for older children: write the number you hear, count the dots, sums and
                  differences.
  mastery         Which digits a child has mastered: a streak rule across lessons, each state with a reason.
  adaptive        Adaptive rounds: the next digit chosen from the child's own record, seeded.
  formation       How each digit is formed: the model strokes in assets/formations.json, placed on the
                  pad.
  formation_check Scoring a child's strokes against the model digit: closeness, start, direction, order,
                  stroke count.
  perceptron      The report's perceptron: a bias input x0 = 1, a step function, and its learning rule,
                  in exact decimals.
  xor_mlp         The report's 2-2-1 sigmoid network for XOR, in NumPy: Adam (lr 0.2), binary cross-
                  entropy, full batch.
"""
