#!/usr/bin/env python3
"""End-to-end golden values: the seed MLP (784 -> 128 relu -> 10 softmax, Keras categorical crossentropy) trained
for 50 steps of batch 32 on the first 1,600 images of the bundled MNIST subset, in float64 with PyTorch autograd,
from deterministic initial weights, with (a) torch.optim.SGD (same formula as Keras's SGD) and (b) Keras 2's Adam
update rule written out (its epsilon placement differs from torch.optim.Adam).
Run: python3 tools/reference/mlp_equivalence.py > tests/Trellis.Tests/Models/TestData/mlp_equivalence.json
"""
import gzip
import json
import math
import os
import struct

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RES = os.path.join(ROOT, "src", "Trellis", "Data", "Resources")
STEPS, BATCH = 50, 32
torch.set_default_dtype(torch.float64)


def idx(name):
    with gzip.open(os.path.join(RES, name), "rb") as f:
        data = f.read()
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data[4 + 4 * rank:], dtype=np.uint8).reshape(dims)


def initial(rows, cols, scale, a, b, c):
    # The same formula is computed in the C# test: w[i, j] = scale * sin(a * i + b * j + c).
    i = np.arange(rows)[:, None]
    j = np.arange(cols)[None, :]
    return scale * np.sin(a * i + b * j + c)


def keras_cce(y, p):
    p = p / p.sum(-1, keepdim=True)
    return (-(y * torch.log(torch.clamp(p, 1e-7, 1 - 1e-7))).sum(-1)).mean()


def train(optimizer):
    n = STEPS * BATCH
    x = torch.tensor(idx("mnist-train-images-idx3-ubyte.gz")[:n].reshape(n, 784) / 255.0)
    y = torch.tensor(np.eye(10)[idx("mnist-train-labels-idx1-ubyte.gz")[:n]])
    params = [
        torch.tensor(initial(784, 128, 0.05, 0.37, 1.13, 0.5), requires_grad=True),
        torch.tensor(0.01 * np.cos(np.arange(128)), requires_grad=True),
        torch.tensor(initial(128, 10, 0.1, 0.71, 0.29, 0.1), requires_grad=True),
        torch.zeros(10, requires_grad=True),
    ]
    losses = []
    if optimizer == "sgd":
        # tf.keras 2 keeps the learning rate in a float32 variable.
        opt = torch.optim.SGD(params, lr=float(np.float32(0.1)))
    else:
        lr, b1, b2, eps = 0.001, float(np.float32(0.9)), float(np.float32(0.999)), 1e-7
        m = [torch.zeros_like(p) for p in params]
        v = [torch.zeros_like(p) for p in params]
    for step in range(STEPS):
        xb, yb = x[step * BATCH:(step + 1) * BATCH], y[step * BATCH:(step + 1) * BATCH]
        h = torch.relu(xb @ params[0] + params[1])
        p = torch.softmax(h @ params[2] + params[3], dim=-1)
        loss = keras_cce(yb, p)
        losses.append(loss.item())
        for q in params:
            q.grad = None
        loss.backward()
        with torch.no_grad():
            if optimizer == "sgd":
                opt.step()
            else:
                t = step + 1
                lr_t = float(np.float32(lr)) * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                for k, q in enumerate(params):
                    m[k] = b1 * m[k] + (1 - b1) * q.grad
                    v[k] = b2 * v[k] + (1 - b2) * q.grad * q.grad
                    q -= lr_t * m[k] / (torch.sqrt(v[k]) + eps)
    return {
        "losses": losses,
        "kernel0_every_97": params[0].detach().numpy().reshape(-1)[::97].tolist(),
        "bias0": params[1].detach().numpy().tolist(),
        "kernel1": params[2].detach().numpy().reshape(-1).tolist(),
        "bias1": params[3].detach().numpy().tolist(),
    }


print(json.dumps({"sgd": train("sgd"), "adam": train("adam")}))
