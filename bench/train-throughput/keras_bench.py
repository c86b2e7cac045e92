"""Keras (TensorFlow CPU) side of the training-throughput benchmark.

Builds the same three models as models.ts, trains each on random
MNIST-shaped data exactly as worker.ts does (warm-up fit, then one timed fit
epoch over `samples` samples, batch 64, Adam 1e-3), and prints one
`BENCH_INFO {json}` line and one `BENCH_RESULT {json}` line per model.
Run by main.ts with bench/.venv/bin/python:

  python keras_bench.py [--models cnn,resnet,sepconv] [--samples 4096]
                        [--warmup 256] [--batch 64]
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

INPUT_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
MODEL_NAMES = ("cnn", "resnet", "sepconv")


def emit(tag, value):
    sys.stdout.write(tag + json.dumps(value) + "\n")
    sys.stdout.flush()


def small_cnn():
    return keras.Sequential(
        [
            keras.Input(shape=INPUT_SHAPE),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ],
        name="cnn",
    )


def residual_block(x, filters):
    y = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    return layers.Activation("relu")(layers.Add()([x, y]))


def small_resnet():
    inp = keras.Input(shape=INPUT_SHAPE)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inp)
    x = residual_block(x, 16)
    x = residual_block(x, 16)
    x = layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(x)
    x = residual_block(x, 32)
    x = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inp, out, name="resnet")


def sep_cell(x, filters, skip):
    a = layers.SeparableConv2D(filters, 3, padding="same", activation="relu")(x)
    b = layers.SeparableConv2D(filters, 5, padding="same", activation="relu")(x)
    y = layers.Conv2D(filters, 1, activation="relu")(layers.Concatenate(axis=-1)([a, b]))
    if skip:
        y = layers.Add()([x, y])
    return y


def sepconv_net():
    inp = keras.Input(shape=INPUT_SHAPE)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(inp)
    x = sep_cell(x, 16, False)
    x = layers.MaxPooling2D(2)(x)
    x = sep_cell(x, 32, False)
    x = sep_cell(x, 32, True)
    x = layers.MaxPooling2D(2)(x)
    x = layers.GlobalAveragePooling2D()(x)
    out = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inp, out, name="sepconv")


BUILDERS = {"cnn": small_cnn, "resnet": small_resnet, "sepconv": sepconv_net}


def run_model(name, args):
    res = {"backend": "keras", "model": name, "ok": False, "batch": args.batch,
           "samples": args.samples, "warmup": args.warmup}
    try:
        model = BUILDERS[name]()
        model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy",
                      metrics=["accuracy"])
        res["params"] = int(model.count_params())
        total = max(args.samples, args.warmup)
        rng = np.random.default_rng(1)
        x = rng.random((total,) + INPUT_SHAPE, dtype=np.float32)
        y = keras.utils.to_categorical(rng.integers(0, NUM_CLASSES, total), NUM_CLASSES).astype(np.float32)
        t = time.perf_counter()
        model.fit(x[: args.warmup], y[: args.warmup], batch_size=args.batch, epochs=1, verbose=0, shuffle=False)
        res["warmupSeconds"] = time.perf_counter() - t
        t = time.perf_counter()
        h = model.fit(x[: args.samples], y[: args.samples], batch_size=args.batch, epochs=1, verbose=0, shuffle=False)
        seconds = time.perf_counter() - t
        loss = float(h.history["loss"][0])
        res.update(seconds=seconds, samplesPerSecond=args.samples / seconds, loss=loss, ok=bool(np.isfinite(loss)))
        if not res["ok"]:
            res["error"] = "non-finite loss %r" % loss
        res["jitCompile"] = bool(getattr(model, "jit_compile", False))
    except Exception as err:  # reported in the table, the other models still run
        res["error"] = "%s: %s" % (type(err).__name__, err)
    return res


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--models", default=",".join(MODEL_NAMES))
    p.add_argument("--samples", type=int, default=4096)
    p.add_argument("--warmup", type=int, default=256)
    p.add_argument("--batch", type=int, default=64)
    args = p.parse_args()
    models = args.models.split(",")
    for m in models:
        if m not in BUILDERS:
            p.error("unknown model " + m)
    notes = [
        "intra_op_threads=%d" % tf.config.threading.get_intra_op_parallelism_threads(),
        "inter_op_threads=%d" % tf.config.threading.get_inter_op_parallelism_threads(),
        "python=%s" % sys.version.split()[0],
    ]
    emit("BENCH_INFO ", {"backend": "keras", "package": "keras", "version": keras.__version__,
                         "tensorflowVersion": tf.__version__, "activeBackend": keras.backend.backend(),
                         "notes": notes})
    for m in models:
        emit("BENCH_RESULT ", run_model(m, args))


if __name__ == "__main__":
    main()
