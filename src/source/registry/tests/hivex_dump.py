"""Fills a hive through hivex, or prints every key and value as hivex reads them.

Usage: python3 hivex_dump.py HIVE populate|dump
Dump lines: "K<TAB>path" and "V<TAB>path<TAB>name<TAB>type<TAB>hex data", depth-first.
"""
import sys

import hivex

REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD = 1, 2, 3, 4, 7, 11
TOP_KEYS = ["Software", "System", "Größe", "Ünïcödé café", "Ключ", "日本語のキー", "mixed Ωmega"]


def sz(text):
    return (text + "\0").encode("utf-16-le")


def multi_sz(parts):
    return "".join(part + "\0" for part in parts).encode("utf-16-le") + b"\0\0"


def values_for(index, top_index):
    return [
        {"key": "", "t": REG_SZ, "value": sz("default %d" % index)},
        {"key": "Path", "t": REG_EXPAND_SZ, "value": sz("%%SystemRoot%%\\system32\\svc%d.dll" % index)},
        {"key": "Count", "t": REG_DWORD, "value": (index * 1000 + top_index).to_bytes(4, "little")},
        {"key": "Big", "t": REG_QWORD, "value": (index << 40 | 7).to_bytes(8, "little")},
        {"key": "Blob", "t": REG_BINARY, "value": bytes(range(index % 17))},
        {"key": "Liste", "t": REG_MULTI_SZ, "value": multi_sz(["a%d" % index, "ü", "Σ"])},
        {"key": "Wert ä", "t": REG_SZ, "value": sz("Latin-1 name")},
        {"key": "значение", "t": REG_SZ, "value": sz("UTF-16 name")},
    ]


def populate(path):
    h = hivex.Hivex(path, write=True)
    root = h.root()
    for top_index, top_name in enumerate(TOP_KEYS):
        top = h.node_add_child(root, top_name)
        for index in range(45):
            child = h.node_add_child(top, "Key%03d" % index)
            h.node_set_values(child, values_for(index, top_index))
            if index % 15 == 0:
                nested = h.node_add_child(child, "Nested ß %d" % index)
                h.node_set_value(nested, {"key": "Run", "t": REG_SZ, "value": sz("C:\\x%d.exe" % index)})
    big = h.node_add_child(root, "BigData")
    h.node_set_values(big, [
        {"key": "Blob20k", "t": REG_BINARY, "value": bytes((i * 7) % 251 for i in range(20000))},
        {"key": "Text40k", "t": REG_SZ, "value": sz("x" * 20000)},
    ])
    h.commit(path)


def dump(path):
    h = hivex.Hivex(path)
    lines = []

    def walk(node, key_path):
        lines.append("K\t" + key_path)
        for value in h.node_values(node):
            kind, data = h.value_value(value)
            lines.append("V\t%s\t%s\t%d\t%s" % (key_path, h.value_key(value), kind, data.hex()))
        for child in h.node_children(node):
            name = h.node_name(child)
            walk(child, name if not key_path else key_path + "\\" + name)

    walk(h.root(), "")
    sys.stdout.buffer.write(("\n".join(lines) + "\n").encode("utf-8"))


if __name__ == "__main__":
    {"populate": populate, "dump": dump}[sys.argv[2]](sys.argv[1])
