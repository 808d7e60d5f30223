"""Golden values for Conv2DTranspose: PyTorch's ConvTranspose2d forward and gradients.

Run with Debian's python3-torch: /usr/bin/python3 tools/reference/conv2d_transpose.py
Writes tests/Trellis.Tests/Layers/TestData/conv2d_transpose.json. Layouts are PyTorch's (NCHW input,
(in, out, kh, kw) weight); the C# test converts them to Keras's NHWC and (kh, kw, out, in).
"""
import json
import os

import torch

torch.manual_seed(7)
cases = []
for stride, padding, output_padding, dilation in [(2, 1, 1, 1), (1, 0, 0, 1), (2, 0, 0, 2)]:
    x = torch.randn(2, 3, 5, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 4, 3, 3, dtype=torch.float64, requires_grad=True)
    b = torch.randn(4, dtype=torch.float64, requires_grad=True)
    y = torch.nn.functional.conv_transpose2d(x, w, b, stride=stride, padding=padding,
                                             output_padding=output_padding, dilation=dilation)
    r = torch.randn(y.shape, dtype=torch.float64)
    (y * r).sum().backward()
    cases.append({
        "stride": stride, "padding": padding, "output_padding": output_padding, "dilation": dilation,
        "x_shape": list(x.shape), "x": x.detach().flatten().tolist(),
        "w_shape": list(w.shape), "w": w.detach().flatten().tolist(),
        "b": b.detach().tolist(),
        "y_shape": list(y.shape), "y": y.detach().flatten().tolist(),
        "r": r.flatten().tolist(),
        "dx": x.grad.flatten().tolist(), "dw": w.grad.flatten().tolist(), "db": b.grad.tolist(),
    })

out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Trellis.Tests", "Layers", "TestData", "conv2d_transpose.json")
with open(out, "w") as f:
    json.dump({"torch_version": torch.__version__, "cases": cases}, f)
print("wrote", os.path.normpath(out))
