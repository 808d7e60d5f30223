#!/usr/bin/env python3
"""Golden trajectories from torch.optim (PyTorch 1.13) for the optimizer settings whose update rule is the same as
tf.keras 2's OptimizerV2 (keras/optimizers/optimizer_v2/*.py and the TensorFlow kernels they call). The settings whose
formulas differ stay in tools/reference/optimizers.py (a numpy transcription of Keras).
Run: /usr/bin/python3 tools/reference/optimizers_torch.py > tests/Trellis.Tests/Optimizers/TestData/optimizer_trajectories_torch.json

Same problem as optimizers.py: loss(w) = sum(0.5 * c * w**2 - d * w), from w0, 20 steps, float64.

Why each case is the same formula (Keras 2 on the left, torch 1.13 single-tensor path on the right):
- SGD:           w -= lr*g                                   | w -= lr*g
- SGD momentum:  v = mu*v - lr*g; w += v                     | b = mu*b + g (b1 = g); w -= lr*b      (v = -lr*b for constant lr)
- SGD nesterov:  v = mu*v - lr*g; w += mu*v - lr*g           | b = mu*b + g; w -= lr*(g + mu*b)
- SGD decay:     lr_t = lr / (1 + decay*iter)                | LambdaLR(lambda it: 1 / (1 + decay*it)), without momentum
- clipvalue:     clip_by_value(g, -c, c)                     | torch.nn.utils.clip_grad_value_(p, c)
- RMSprop (momentum 0, plain or centered):
                 rms = rho*rms + (1-rho)*g^2; [mg = rho*mg + (1-rho)*g; rms - mg^2]; w -= lr*g/(sqrt(.) + eps)
                                                             | the same, with alpha = rho
- Adagrad:       acc = init + sum g^2; w -= lr_t*g/(sqrt(acc) + eps), lr_t = lr/(1 + decay*iter)
                                                             | state_sum = init + sum g^2; clr = lr/(1 + (step-1)*lr_decay)
Not here (formulas differ): Adam/AMSGrad/AdamW (torch adds eps to sqrt(v_hat), Keras to sqrt(v) with the bias
correction folded into lr), RMSprop with momentum (Keras: sqrt(ms + eps), torch: sqrt(ms) + eps), Adamax (torch:
u = max(b2*u, |g| + eps), Keras: divides by u + eps), Nadam (torch 1.13 multiplies mu twice into mu_product_next),
clipnorm and global_clipnorm (torch divides by norm + 1e-6), SGD decay with momentum (Keras scales the step, torch
the buffer).
Keras 2 keeps learning_rate, decay, rho, momentum and the betas in float32 variables, so those values are given to
torch float32-rounded; epsilon and initial_accumulator_value are Python floats in Keras and are not rounded.
"""
import json

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

W0 = [0.5, -1.5, 2.0, 0.1, -0.3]
C = torch.tensor([1.0, 2.0, 0.5, 3.0, 1.5])
D = torch.tensor([0.2, -0.1, 0.4, 0.0, 0.3])
STEPS = 20


def f32(x):
    return float(np.float32(x))


def run(make, clipvalue=None, lr_lambda=None):
    w = torch.tensor(W0, requires_grad=True)
    optimizer = make([w])
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda) if lr_lambda else None
    out = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = torch.sum(0.5 * C * w * w - D * w)
        loss.backward()
        if clipvalue is not None:
            torch.nn.utils.clip_grad_value_([w], clipvalue)
        optimizer.step()
        if scheduler:
            scheduler.step()
        out.append(w.detach().tolist())
    return out


def sgd(lr, momentum=0.0, nesterov=False):
    return lambda p: torch.optim.SGD(p, lr=f32(lr), momentum=f32(momentum), nesterov=nesterov, foreach=False)


def rmsprop(lr, rho=0.9, eps=1e-7, centered=False):
    return lambda p: torch.optim.RMSprop(p, lr=f32(lr), alpha=f32(rho), eps=eps, centered=centered, foreach=False)


def adagrad(lr, init=0.1, eps=1e-7, decay=0.0):
    return lambda p: torch.optim.Adagrad(p, lr=f32(lr), lr_decay=f32(decay), initial_accumulator_value=init, eps=eps, foreach=False)


cases = {
    "sgd": run(sgd(0.1)),
    "sgd_momentum": run(sgd(0.05, momentum=0.9)),
    "sgd_nesterov": run(sgd(0.05, momentum=0.9, nesterov=True)),
    "sgd_decay": run(sgd(0.1), lr_lambda=lambda it: 1.0 / (1.0 + f32(0.1) * it)),
    "sgd_momentum_clipvalue": run(sgd(0.05, momentum=0.9), clipvalue=0.5),
    "rmsprop": run(rmsprop(0.01)),
    "rmsprop_centered": run(rmsprop(0.01, centered=True)),
    "rmsprop_rho_eps": run(rmsprop(0.02, rho=0.8, eps=1e-3)),
    "adagrad": run(adagrad(0.1)),
    "adagrad_init_eps": run(adagrad(0.2, init=0.5, eps=1e-3)),
    "adagrad_decay": run(adagrad(0.1, decay=0.05)),
}
print(json.dumps({"source": "torch " + torch.__version__, "w0": W0, "c": C.tolist(), "d": D.tolist(), "cases": cases}))
