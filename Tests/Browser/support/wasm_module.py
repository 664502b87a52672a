"""Reads the import and export sections of a core WebAssembly module (enough to check a guest
against docs/guest-abi.md without a Wasm engine)."""

VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128"}
KINDS = {0: "func", 1: "table", 2: "memory", 3: "global"}


def _leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def _name(data, pos):
    length, pos = _leb(data, pos)
    return data[pos:pos + length].decode("utf-8"), pos + length


def _types(data, pos):
    count, pos = _leb(data, pos)
    return [VALTYPES.get(b, hex(b)) for b in data[pos:pos + count]], pos + count


def read(path):
    """Returns {"imports": {"module.name": signature}, "exports": {name: signature or kind}}."""
    data = open(path, "rb").read()
    if data[:8] != b"\0asm\1\0\0\0":
        raise ValueError(f"{path}: not a core Wasm module (version 1)")
    types, functions, imports, exports = [], [], {}, {}
    pos = 8
    while pos < len(data):
        section = data[pos]
        size, pos = _leb(data, pos + 1)
        end = pos + size
        if section == 1:
            count, p = _leb(data, pos)
            for _ in range(count):
                params, p = _types(data, p + 1)
                results, p = _types(data, p)
                types.append(f"[{' '.join(params)}] -> [{' '.join(results)}]")
        elif section == 2:
            count, p = _leb(data, pos)
            for _ in range(count):
                module, p = _name(data, p)
                field, p = _name(data, p)
                kind = data[p]
                p += 1
                if kind != 0:
                    raise ValueError(f"import {module}.{field} is a {KINDS.get(kind, kind)}, not a function")
                index, p = _leb(data, p)
                imports[f"{module}.{field}"] = types[index]
                functions.append(types[index])
        elif section == 3:
            count, p = _leb(data, pos)
            for _ in range(count):
                index, p = _leb(data, p)
                functions.append(types[index])
        elif section == 7:
            count, p = _leb(data, pos)
            for _ in range(count):
                field, p = _name(data, p)
                kind = data[p]
                index, p = _leb(data, p + 1)
                exports[field] = functions[index] if kind == 0 else KINDS.get(kind, str(kind))
        pos = end
    return {"imports": imports, "exports": exports}
