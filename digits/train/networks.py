"""The Keras layer stacks of the source documents' networks and of our drawing reader."""


def stack(keras, layers):
    """A Sequential network over one 28x28 grey image."""
    return keras.Sequential([keras.Input((28, 28, 1)), *layers], name="net")


def report(keras):
    """The student report's LeNet-style network."""
    L, init = keras.layers, keras.initializers.VarianceScaling
    return stack(
        keras,
        [
            L.Conv2D(8, 5, activation="relu", kernel_initializer=init()),
            L.MaxPooling2D(2, 2),
            L.Conv2D(16, 5, activation="relu", kernel_initializer=init()),
            L.MaxPooling2D(2, 2),
            L.Flatten(),
            L.Dense(128, activation="relu"),
            L.Dropout(0.2),
            L.Dense(10, activation="softmax", kernel_initializer=init()),
        ],
    )


def notebook_a(init: str, activation: str, convs: tuple = (32, 64, 128)):
    """Notebook A's network builder for a weight start, an activation and its filter layers."""

    def build(keras):
        L = keras.layers
        layers = []
        for i, filters in enumerate(convs):
            layers.append(
                L.Conv2D(filters, 3, padding="same", activation=activation, kernel_initializer=init)
            )
            layers.append(L.MaxPooling2D(2, padding="same"))
            if i < len(convs) - 1:
                layers.append(L.Dropout(0.2))
        layers += [
            L.Flatten(),
            L.Dropout(0.2),
            L.Dense(625, activation=activation, kernel_initializer=init),
            L.Dropout(0.5),
            L.Dense(10, activation="softmax", kernel_initializer=init),
        ]
        return stack(keras, layers)

    return build


def notebook_b2(keras):
    """Notebook B's two wide filter layers with batch norm."""
    L = keras.layers
    return stack(
        keras,
        [
            L.Conv2D(100, 3, activation="relu"),
            L.BatchNormalization(),
            L.Conv2D(250, 5, activation="relu"),
            L.BatchNormalization(),
            L.MaxPooling2D(2),
            L.Dropout(0.25),
            L.Flatten(),
            L.Dense(10, activation="softmax"),
        ],
    )


def notebook_b5(keras):
    """Notebook B's five filter layers with heavy dropout."""
    L = keras.layers
    return stack(
        keras,
        [
            L.Conv2D(350, 5, activation="relu"),
            L.Dropout(0.5),
            L.Conv2D(100, 4, activation="relu"),
            L.MaxPooling2D(2),
            L.Dropout(0.5),
            L.Conv2D(75, 3, activation="relu"),
            L.Dropout(0.5),
            L.Conv2D(40, 1, activation="relu"),
            L.Dropout(0.5),
            L.Conv2D(25, 1, activation="relu"),
            L.Flatten(),
            L.Dropout(0.5),
            L.Dense(10, activation="softmax"),
        ],
    )


def notebook_b8(keras):
    """Notebook B's eight filter layers, mostly 1x1, with batch norm."""
    L = keras.layers
    layers = [L.Conv2D(100, 3, activation="relu"), L.BatchNormalization()]
    for f in (80, 70, 50, 60, 100, 100):
        layers += [L.Conv2D(f, 1, activation="relu"), L.BatchNormalization()]
    layers += [
        L.Conv2D(250, 3, activation="relu"),
        L.BatchNormalization(),
        L.MaxPooling2D(2),
        L.Flatten(),
        L.Dense(10, activation="softmax"),
    ]
    return stack(keras, layers)


def notebook_c(
    second_kernel: int,
    first_kernel: int = 3,
    dense: tuple = (128,),
    batch_norm: bool = False,
    dropout_between: bool = True,
):
    """Notebook C's network builder: two filter layers, then dense layers."""

    def build(keras):
        L = keras.layers
        layers = [
            L.Conv2D(64, first_kernel, activation="relu", kernel_initializer="he_normal"),
            L.Conv2D(128, second_kernel, activation="relu", kernel_initializer="he_normal"),
            L.MaxPooling2D(2),
            L.Dropout(0.5),
            L.Flatten(),
        ]
        for i, units in enumerate(dense):
            layers.append(L.Dense(units, activation="relu", kernel_initializer="he_normal"))
            if batch_norm:
                layers.append(L.BatchNormalization())
            if dropout_between and i == len(dense) - 1:
                layers.append(L.Dropout(0.5))
        layers.append(L.Dense(10, activation="softmax", kernel_initializer="glorot_normal"))
        return stack(keras, layers)

    return build


def recognizer(keras, outputs: int = 10):
    """Our reader of drawings: two conv blocks with batch norm, small enough for a Space."""
    L = keras.layers
    layers = []
    for filters in (32, 64):
        for _ in range(2):
            layers += [
                L.Conv2D(filters, 3, padding="same", use_bias=False),
                L.BatchNormalization(),
                L.Activation("relu"),
            ]
        layers += [L.MaxPooling2D(2), L.Dropout(0.2)]
    layers += [
        L.Conv2D(128, 3, use_bias=False),
        L.BatchNormalization(),
        L.Activation("relu"),
        L.Flatten(),
        L.Dense(128, use_bias=False),
        L.BatchNormalization(),
        L.Activation("relu"),
        L.Dropout(0.3),
        L.Dense(outputs, activation="softmax"),
    ]
    return stack(keras, layers)


def recognizer_mirror(keras):
    """The same reader with 8 more outputs: each reversible digit, written backwards."""
    from digits.read.mirror import OUTPUTS

    return recognizer(keras, OUTPUTS)
