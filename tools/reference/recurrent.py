#!/usr/bin/python3
"""Golden values for Trellis's SimpleRNN, LSTM and GRU: PyTorch (float64) forward and backward, with the weights
drawn in Keras layout and converted to PyTorch's.

Layout conversions (Keras -> PyTorch), documented once here and mirrored by the C# tests:
  * Keras kernel (features, gates*units) is PyTorch weight_ih (gates*units, features) transposed; likewise
    recurrent_kernel (units, gates*units) is weight_hh transposed.
  * LSTM gate blocks are i, f, c(g), o in both, so no reordering. Keras has one bias; PyTorch adds bias_ih and
    bias_hh, so bias_ih = bias and bias_hh = 0 (the gradient of either equals the gradient of the Keras bias).
  * GRU (Keras reset_after=True, PyTorch's only form): Keras blocks are z, r, h, PyTorch's r, z, n, so the first two
    blocks swap. Keras bias (2, 3 units): row 0 is bias_ih, row 1 is bias_hh (each reordered the same way).
  * SimpleRNN: kernel = weight_ih^T, recurrent_kernel = weight_hh^T, bias = bias_ih, bias_hh = 0.
The loss is sum(y * r) + sum of final states times fixed weights, so gradients of every output reach the inputs.
Run with the Debian interpreter that has torch:
  /usr/bin/python3 tools/reference/recurrent.py > tests/Trellis.Tests/Layers/Recurrent/TestData/recurrent_golden.json
"""
import json
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(2024)
B, T, F, U = 2, 4, 3, 5


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v) for v in a.reshape(-1)]}


def swap_zr(m, axis):
    """Keras z, r, h <-> PyTorch r, z, n (the swap is its own inverse)."""
    z, r, h = np.split(m, 3, axis=axis)
    return np.concatenate([r, z, h], axis=axis)


def run(kind, gates, go_backwards=False, with_initial=False):
    x = rng.normal(size=(B, T, F))
    kernel = rng.normal(size=(F, gates * U)) * 0.5
    recurrent = rng.normal(size=(U, gates * U)) * 0.5
    bias = rng.normal(size=(2, 3 * U) if kind == "gru" else (gates * U,)) * 0.5
    n_states = 2 if kind == "lstm" else 1
    initial = [rng.normal(size=(B, U)) for _ in range(n_states)] if with_initial else None
    r_seq = rng.uniform(0.5, 1.5, size=(B, T, U))
    r_states = [rng.uniform(0.5, 1.5, size=(B, U)) for _ in range(n_states)]

    if kind == "lstm":
        mod = torch.nn.LSTM(F, U, batch_first=True)
        w_ih, w_hh, b_ih, b_hh = kernel.T, recurrent.T, bias, np.zeros_like(bias)
    elif kind == "gru":
        mod = torch.nn.GRU(F, U, batch_first=True)
        w_ih, w_hh = swap_zr(kernel, 1).T, swap_zr(recurrent, 1).T
        b_ih, b_hh = swap_zr(bias[0], 0), swap_zr(bias[1], 0)
    else:
        mod = torch.nn.RNN(F, U, batch_first=True, nonlinearity="tanh")
        w_ih, w_hh, b_ih, b_hh = kernel.T, recurrent.T, bias, np.zeros_like(bias)
    with torch.no_grad():
        mod.weight_ih_l0.copy_(torch.tensor(w_ih))
        mod.weight_hh_l0.copy_(torch.tensor(w_hh))
        mod.bias_ih_l0.copy_(torch.tensor(b_ih))
        mod.bias_hh_l0.copy_(torch.tensor(b_hh))

    xt = torch.tensor(x, requires_grad=True)
    # Keras go_backwards processes steps T-1..0 and returns outputs in that order: PyTorch on the flipped input.
    inp = torch.flip(xt, [1]) if go_backwards else xt
    init_t = [torch.tensor(s, requires_grad=True) for s in initial] if initial else None
    if init_t is None:
        y, st = mod(inp)
    elif kind == "lstm":
        y, st = mod(inp, (init_t[0][None], init_t[1][None]))
    else:
        y, st = mod(inp, init_t[0][None])
    states = [st[0][0], st[1][0]] if kind == "lstm" else [st[0]]
    loss = (y * torch.tensor(r_seq)).sum() + sum((s * torch.tensor(w)).sum() for s, w in zip(states, r_states))
    loss.backward()

    g_ih, g_hh = mod.weight_ih_l0.grad.numpy(), mod.weight_hh_l0.grad.numpy()
    g_bih, g_bhh = mod.bias_ih_l0.grad.numpy(), mod.bias_hh_l0.grad.numpy()
    if kind == "gru":
        d_kernel, d_recurrent = swap_zr(g_ih.T, 1), swap_zr(g_hh.T, 1)
        d_bias = np.stack([swap_zr(g_bih, 0), swap_zr(g_bhh, 0)])
    else:
        d_kernel, d_recurrent, d_bias = g_ih.T, g_hh.T, g_bih
    case = {
        "x": arr(x), "kernel": arr(kernel), "recurrent_kernel": arr(recurrent), "bias": arr(bias),
        "r_seq": arr(r_seq), "y": arr(y.detach().numpy()),
        "d_x": arr(xt.grad.numpy()), "d_kernel": arr(d_kernel), "d_recurrent_kernel": arr(d_recurrent), "d_bias": arr(d_bias),
    }
    for i in range(n_states):
        case[f"r_state{i}"] = arr(r_states[i])
        case[f"state{i}"] = arr(states[i].detach().numpy())
        if initial:
            case[f"initial{i}"] = arr(initial[i])
            case[f"d_initial{i}"] = arr(init_t[i].grad.numpy())
    return case


cases = {
    "lstm": run("lstm", 4),
    "lstm_initial_backwards": run("lstm", 4, go_backwards=True, with_initial=True),
    "gru": run("gru", 3),
    "gru_initial": run("gru", 3, with_initial=True),
    "simple_rnn": run("rnn", 1),
}
print(json.dumps({"torch": torch.__version__, "B": B, "T": T, "F": F, "U": U, "cases": cases}))
