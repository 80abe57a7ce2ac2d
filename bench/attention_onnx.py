# bench/attention_onnx.py OUT.onnx: writes the attention forward pass bench/attention times, as an ONNX
# graph for onnxruntime-web (bench/peers.mjs). Run with Debian's python3 and python3-onnx:
#   /usr/bin/python3 bench/attention_onnx.py OUT.onnx
#
#   X (n, 64) -> Q = X·W_Q, K = X·W_K, V = X·W_V (n, 64) -> S = Q·Kᵀ (n, n) -> S·(1/√64)
#   -> softmax over each row -> O = A·V (n, 64)
# The weights are constants in the graph (uniform in [-a, a), a = √(3/64), as capiton::init_weights);
# n is symbolic, so one file serves every size. Opset 13, IR version 8.
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

D = 64
rng = np.random.default_rng(1)
a = np.sqrt(3.0 / D)
weights = [numpy_helper.from_array(rng.uniform(-a, a, (D, D)).astype(np.float32), name)
           for name in ("W_Q", "W_K", "W_V")]
scale = numpy_helper.from_array(np.array(1.0 / np.sqrt(D), dtype=np.float32), "scale")
nodes = [
    helper.make_node("MatMul", ["X", "W_Q"], ["Q"]),
    helper.make_node("MatMul", ["X", "W_K"], ["K"]),
    helper.make_node("MatMul", ["X", "W_V"], ["V"]),
    helper.make_node("Transpose", ["K"], ["Kt"], perm=[1, 0]),
    helper.make_node("MatMul", ["Q", "Kt"], ["scores"]),
    helper.make_node("Mul", ["scores", "scale"], ["scaled"]),
    helper.make_node("Softmax", ["scaled"], ["weights"], axis=1),
    helper.make_node("MatMul", ["weights", "V"], ["output"]),
]
graph = helper.make_graph(
    nodes, "attention",
    [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["n", D])],
    [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["n", D])],
    initializer=weights + [scale])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="capiton bench")
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
