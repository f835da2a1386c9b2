"""`value_class`: frozen dataclasses with one compiled method each instead of six.

`@dataclass(frozen=True)` compiles `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and
`__delattr__` for every class it decorates; for the model's two dozen classes and the loader's
values that was half of `ladder validate`'s start-up. Here only `__init__` is compiled; the other
five are shared functions that keep dataclasses' rules: equality and hashing over the same
class's `compare=True` fields in order, a repr of its `repr=True` fields, and
`FrozenInstanceError` on any assignment or deletion. `dataclasses.fields`, `replace` and
`is_dataclass` work as on any dataclass.

It is the package's one idiom for an immutable record (slotted frozen dataclasses cost more still:
`slots=True` builds each class twice). A plain `@dataclass` is left only for state that is filled in
step by step (a loader's document, a build's plan).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform

_Class = TypeVar("_Class", bound=type)
_COMPARED: dict[type, tuple[str, ...]] = {}  # a class's fields in equality and hashing
_SHOWN: dict[type, tuple[str, ...]] = {}  # and in its repr


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def value_class(cls: _Class) -> _Class:
    """A frozen dataclass whose methods are shared, but for a compiled `__init__`."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__qualname__}: value_class's __init__ does not call __post_init__")
    shared = {"__eq__": _eq, "__hash__": _hash, "__repr__": _repr, "__setattr__": _set, "__delattr__": _delete}
    for name, method in shared.items():
        setattr(cls, name, method)
    if cls.__doc__ is None:  # else dataclass() asks inspect for a signature to show
        cls.__doc__ = f"{cls.__name__}({', '.join(inspect.get_annotations(cls))})"
    dataclass(init=False, repr=False, eq=False)(cls)  # fields and their checks; decorates in place
    cls.__init__ = _init_for(cls, fields(cls))  # type: ignore[misc]
    _COMPARED[cls] = tuple(f.name for f in fields(cls) if f.compare)
    _SHOWN[cls] = tuple(f.name for f in fields(cls) if f.repr)
    return cls


def is_value_class(kind: type) -> bool:
    """Whether `kind` was made by value_class: frozen, its attributes fixed by the class."""
    return kind in _COMPARED


def _init_for(cls: type, declared: tuple[Field[Any], ...]) -> Callable[..., None]:
    """`__init__(self, <fields in order>)`: defaults as declared, a factory called per instance."""
    namespace: dict[str, Any] = {"_MISSING": MISSING, "_set": object.__setattr__}
    parameters, assignments = ["self"], []
    for declared_field in declared:
        name = declared_field.name
        if not declared_field.init or declared_field.kw_only is True:
            raise TypeError(f"{cls.__qualname__}.{name}: value_class fields are positional and set by __init__")
        value = name
        if declared_field.default is not MISSING:
            namespace[f"_default_{name}"] = declared_field.default
            parameters.append(f"{name}=_default_{name}")
        elif declared_field.default_factory is not MISSING:
            namespace[f"_factory_{name}"] = declared_field.default_factory
            parameters.append(f"{name}=_MISSING")
            value = f"_factory_{name}() if {name} is _MISSING else {name}"
        else:
            parameters.append(name)
        assignments.append(f"    _set(self, {name!r}, {value})\n")  # self.__dict__ would cost a dict each
    body = "".join(assignments) or "    pass\n"
    source = f"def __init__({', '.join(parameters)}):\n{body}"
    exec(source, namespace)  # field names come from our classes, never from ladder text
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _key(value: Any) -> tuple[object, ...]:
    return tuple([getattr(value, name) for name in _COMPARED[value.__class__]])


def _eq(self: Any, other: object) -> Any:  # bool, or NotImplemented for another class
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash(_key(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _SHOWN[self.__class__])
    return f"{self.__class__.__qualname__}({shown})"


def _set(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delete(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


# C0 (but tab and newline), DEL, C1 and the bidi embeddings, overrides and isolates
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def strip_control(text: str) -> str:
    """Text without control characters (terminal escapes, bidi overrides); tabs and newlines stay."""
    return CONTROL_CHARACTERS.sub("", text)
