r"""A tiny scalar autograd: backpropagation through a graph of small operations.

Every arithmetic operation on a :class:`Value` makes a new ``Value`` that remembers its
inputs (its *parents*) and, for each, the **local derivative** of the output with respect to
that input, computed as the operation runs: for :math:`c = a b`, :math:`\partial c/\partial a
= b` and :math:`\partial c/\partial b = a`. :meth:`Value.backward` then walks the graph from
the output back to the inputs in reverse topological order, and hands each node's gradient on
to its parents, multiplied by the local derivative: the chain rule, one edge at a time,

.. math:: \frac{\partial L}{\partial a} \mathrel{+}= \frac{\partial L}{\partial c}\,\frac{\partial c}{\partial a}.

The ``+=`` matters: a value used twice receives a gradient along each use, and they add up.
In the spirit of Karpathy's micrograd, but storing each local derivative as a number, so that
a picture of the graph can show it.

Range: every value is a finite double. An operation whose result would pass a double's range
(``Value(1e200) ** 2``, ``Value(1e200) * 1e200``, ``exp`` of more than ``LOG_MAX``) is refused
naming the operation; one whose result underflows gives 0, as IEEE does. A local derivative
is the double IEEE arithmetic gives, ±inf where it passes a double's range (``Value(1.0) /
1e-200`` is 1e200, its derivative with respect to the divisor −1e400, so −inf); no operation
lets a Python ``OverflowError`` or ``ZeroDivisionError`` out. The sigmoid is exact at both
ends, and ``softplus``, :math:`\ln(1 + e^z)`, is computed as
:math:`\max(z, 0) + \ln(1 + e^{-|z|})`, so that binary cross-entropy built from it agrees with
the matrix code's where :math:`\sigma(z)` rounds to 0 or 1.
"""

from __future__ import annotations

import math
import numbers
import sys

from ._validate import describe, text
from .activations import ACTIVATIONS, get_activation
from .backprop import check_inputs, check_loss, check_targets
from .losses import LOSSES
from .stacks import Stack

#: The operations a Value records, by the name it shows in pictures of the graph (a power shows
#: its exponent, as ``^2``).
OPS = ("+", "−", "neg", "×", "÷", "^", "½(·)²", "max", "exp", "log", "σ", "softplus", "tanh", "ReLU")

#: The largest argument whose exponential is a double, ln of the largest double (709.78...).
LOG_MAX = math.log(sys.float_info.max)


def _number(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a Value or a real number, got {describe(value)}")
    try:
        value = float(value)
    except OverflowError:  # an int beyond a double's range
        raise ValueError(f"{name}: expected a finite number, got an integer of "
                         f"{len(str(abs(value)))} digits, beyond a double's range") from None
    if not math.isfinite(value):
        raise ValueError(f"{name}: expected a finite number, got {value}")
    return value


def _power(x: float, k: float) -> float:
    """``x ** k`` as IEEE gives it: ±inf past a double's range, where Python
    raises ``OverflowError`` (the sign of ``x`` kept for an odd ``k``)."""
    try:
        return x ** k
    except OverflowError:
        return math.copysign(math.inf, x) if k % 2 else math.inf


class Value:
    """A number in a graph of operations: ``data`` is its value, ``grad``
    the derivative of the output of the last :meth:`backward` with respect
    to it, ``parents`` the values it was computed from and ``local`` the
    derivative with respect to each, ``op`` the operation and ``label`` a
    name for pictures."""

    __slots__ = ("data", "grad", "parents", "local", "op", "label")

    def __init__(self, data, label: str = "", *,
                 _parents=(), _local=(), _op=""):
        self.data = _number("data", data)
        self.grad = 0.0
        label = text("label", label)
        self.parents, self.local = tuple(_parents), tuple(_local)
        self.op, self.label = _op, label

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other, name: str = "other") -> "Value":
        if isinstance(other, Value):
            return other
        return Value(_number(name, other))

    def _result(self, data: float, parents, local, op: str) -> "Value":
        if not math.isfinite(data):
            raise ValueError(f"{op}: the result {data} is beyond "
                             "a double's range")
        return Value(data, _parents=parents, _local=local, _op=op)

    # ---- the operations: each its value and its local derivatives ----
    def __add__(self, other):
        other = self._lift(other)
        return self._result(self.data + other.data, (self, other),
                            (1.0, 1.0), "+")

    def __mul__(self, other):
        other = self._lift(other)
        return self._result(self.data * other.data, (self, other),
                            (other.data, self.data), "×")

    def __truediv__(self, other):
        other = self._lift(other)
        if other.data == 0:
            raise ValueError("other: expected a divisor other than 0, got 0.0")
        q = self.data / other.data
        return self._result(q, (self, other),
                            (1.0 / other.data, -q / other.data), "÷")

    def __pow__(self, exponent):
        k = _number("exponent", exponent)
        if self.data == 0 and k < 1:
            raise ValueError("exponent: expected at least 1 for a base of 0 "
                             f"(the derivative must exist), got {k}")
        if self.data < 0 and not k.is_integer():
            raise ValueError("exponent: expected a whole number for a "
                             f"negative base {self.data}, got {k}")
        result, local = _power(self.data, k), k * _power(self.data, k - 1)
        return self._result(result, (self,), (local,), f"^{k:g}")

    def half_square(self):
        r""":math:`\tfrac12 v^2`, the squared-error loss of one difference,
        as one operation."""
        return self._result(0.5 * self.data * self.data, (self,),
                            (self.data,), "½(·)²")

    def exp(self):
        if self.data > LOG_MAX:
            raise ValueError(f"exp: expected an argument of at most "
                             f"{LOG_MAX!r}, got {self.data}")
        e = math.exp(self.data)
        return self._result(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError("log: expected a positive argument, "
                             f"got {self.data}")
        return self._result(math.log(self.data), (self,),
                            (1.0 / self.data,), "log")

    def sigmoid(self):
        e = math.exp(-abs(self.data))  # at most 1: no overflow
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return self._result(s, (self,), (s * (1.0 - s),), "σ")

    def softplus(self):
        r""":math:`\ln(1 + e^v) = \max(v, 0) + \ln(1 + e^{-|v|})`, exact
        at both ends; its derivative is :math:`\sigma(v)`."""
        e = math.exp(-abs(self.data))
        sp = max(self.data, 0.0) + math.log1p(e)
        s = 1.0 / (1.0 + e) if self.data >= 0 else e / (1.0 + e)
        return self._result(sp, (self,), (s,), "softplus")

    def tanh(self):
        t = math.tanh(self.data)
        return self._result(t, (self,), (1.0 - t * t,), "tanh")

    def max(self, other):
        r""":math:`\max(a, b)`: the gradient goes to the larger input (the
        first, on a tie)."""
        other = self._lift(other)
        first = self.data >= other.data
        local = (1.0, 0.0) if first else (0.0, 1.0)
        return self._result(max(self.data, other.data), (self, other),
                            local, "max")

    def relu(self):
        return self._result(max(self.data, 0.0), (self,),
                            (1.0 if self.data > 0 else 0.0,), "ReLU")

    def __sub__(self, other):
        other = self._lift(other)
        return self._result(self.data - other.data, (self, other),
                            (1.0, -1.0), "−")

    def __neg__(self):
        return self._result(-self.data, (self,), (-1.0,), "neg")

    # ---- the rest, written with the operations above ----
    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rmul__(self, other):
        return self * other

    def __rtruediv__(self, other):
        return self._lift(other) / self

    # ---- backpropagation ----
    def graph(self) -> list:
        """Every value this one was computed from, itself last, each after
        all its parents (a topological order)."""
        order, seen, stack = [], set(), [(self, False)]
        # a depth-first walk without recursion: deep graphs hit no limit
        while stack:
            v, parents_done = stack.pop()
            if parents_done:
                order.append(v)
            elif id(v) not in seen:
                seen.add(id(v))
                stack.append((v, True))
                stack.extend((p, False) for p in reversed(v.parents))
        return order

    def backward(self) -> None:
        r"""Set ``grad`` of every value in the graph to
        :math:`\partial\,\text{self}/\partial v`: zero them all, set this
        one's to 1, and hand each gradient back to the parents in reverse
        topological order, ``parent.grad += local * grad`` (the chain rule;
        a value used twice adds up the gradients of its uses)."""
        order = self.graph()
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            for parent, local in zip(v.parents, v.local):
                parent.grad += local * v.grad


# ---- a whole network as a graph of scalar operations ---------------------------------------------
def _either(names) -> str:
    """``'a', 'b' or 'c'``."""
    *rest, last = [repr(name) for name in names]
    return " or ".join([", ".join(rest), last] if rest else [last])


def _scalar_activations(net) -> list:
    """Each layer's activation as a function of one Value (``Activation.scalar``), from the
    registry; refuses, naming the argument, a name the registry does not know (as the matrix
    code does), a layer that is not element-wise, and an activation with no scalar form."""
    forms = []
    for name in net.activation:
        act = get_activation(name)
        if not act.elementwise:
            raise ValueError(f"net: expected element-wise activations for a graph of scalar operations, got a "
                             f"{name} layer")
        if act.scalar is None:
            known = sorted(other for other, a in ACTIVATIONS.items() if a.scalar is not None)
            raise ValueError(f"activation: expected one of {known} for a graph of scalar operations, got {name!r}")
        forms.append(act.scalar)
    return forms


def network_graph(net, x, y, loss: str = "half_sse"):
    r"""The loss of ``net`` on ``(x, y)`` built from :class:`Value` operations, one scalar at a
    time: :math:`z^\ell_j = \sum_k W^\ell_{jk} a^{\ell-1}_k + b^\ell_j`, :math:`a^\ell_j =
    f_\ell(z^\ell_j)`, then the loss. Returns ``(loss, params)`` where ``params`` maps each
    parameter name (``"W1"``, ``"b1"``, ...) to a list of rows of Values: after
    ``loss.backward()``, their ``grad`` are the gradients that :func:`backprop_lib.gradients`
    computes with matrices.

    ``net``: a :class:`~backprop_lib.Network` whose activations are element-wise; ``x``,
    ``y``: as for :func:`backprop_lib.gradients`; ``loss``: a name in ``LOSSES`` with a scalar
    form (``"half_sse"``, ``"mse"`` or ``"bce"``). Each activation and loss is read from its
    registry (``Activation.scalar``, ``Loss.scalar``), so a name either registry does not
    know is refused as the matrix code refuses it."""
    if isinstance(net, Stack):
        raise TypeError("net: expected a Network (build the graph of one network of a stack, "
                        "stack.network(k)), got Stack")
    x = check_inputs(net, x)
    found = check_loss(net, loss)
    if found.scalar is None:
        known = [name for name, entry in LOSSES.items() if entry.scalar is not None]
        raise ValueError(f"loss: expected {_either(known)} for a graph of scalar operations, got {loss!r}")
    f = _scalar_activations(net)
    y = check_targets(net, x, y, found)
    params = {name: [[Value(v, f"{name}[{j}, {k}]") for k, v in enumerate(row)] for j, row in enumerate(array)]
              for name, array in net.parameters().items()}
    terms = []
    for n in range(x.shape[1]):
        a = [Value(v, f"x[{k}]") for k, v in enumerate(x[:, n])]
        for layer, activation in enumerate(f, start=1):
            W, b = params[f"W{layer}"], params.get(f"b{layer}")
            z = [sum((w * a_k for w, a_k in zip(row, a)), start=Value(0.0)) for row in W]
            if b is not None:
                z = [z_j + b[j if len(b) > 1 else 0][0] for j, z_j in enumerate(z)]
            a = [activation(z_j) for z_j in z]
        terms += [found.scalar.term(z_j, a_j, float(y[j, n])) for j, (z_j, a_j) in enumerate(zip(z, a))]
    total = sum(terms, start=Value(0.0))
    return total * found.scalar.scale(y.size), params
