#!/usr/bin/python3
"""Writes a registry hive for needle's tests: a minimal empty hive (base block, one hive bin, a
root key and its security cell, laid out as the regf format describes), then the keys and values
of a JSON spec added by hivex, the real registry library (Debian python3-hivex).

    make_hive.py OUT SPEC.json

SPEC: {"name": "\\\\SystemRoot\\\\System32\\\\Config\\\\SYSTEM",
       "keys": {"Select": {"values": {"Current": ["dword", 1]}},
                "ControlSet001\\\\Services\\\\X": {"values": {"ImagePath": ["expand_sz", "..."]}}}}
Value kinds: sz, expand_sz, multi_sz (a list), dword, qword, binary (hex).
"""
import json
import struct
import sys

import hivex

REG = {"sz": 1, "expand_sz": 2, "binary": 3, "dword": 4, "multi_sz": 7, "qword": 11}


def empty_hive(name):
    """A hive holding only its root key, as Windows' own writer lays one out."""
    hbin = bytearray(4096)
    hbin[0:4] = b"hbin"
    struct.pack_into("<III", hbin, 4, 0, 4096, 0)
    # Security cell at offset 0x20, root key at 0x50 (offsets count from the first hive bin).
    descriptor = struct.pack("<BBHIIII", 1, 0, 0x8004, 0, 0, 0, 0)
    sk = struct.pack("<i2sHIIII", -(24 + 24), b"sk", 0, 0x20, 0x20, 1, len(descriptor))
    sk += descriptor
    hbin[0x20:0x20 + len(sk)] = sk
    root_name = b"ROOT"
    # size, "nk", flags (hive entry, no delete, compressed name), last written, access bits,
    # parent, subkeys, volatile subkeys, their lists, values, value list, security, class,
    # four largest-size fields, work var, name length, class length.
    nk = struct.pack(
        "<i2sHQIIIIIIIIIIIIIIIHH",
        -0x58, b"nk", 0x2C, 0, 0, 0xFFFFFFFF, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF,
        0, 0xFFFFFFFF, 0x20, 0xFFFFFFFF, 0, 0, 0, 0, 0, len(root_name), 0,
    ) + root_name
    hbin[0x50:0x50 + len(nk)] = nk
    # The rest of the bin is one free cell.
    struct.pack_into("<i", hbin, 0xA8, 4096 - 0xA8)
    base = bytearray(4096)
    base[0:4] = b"regf"
    # sequence numbers, last written, version 1.5, primary file, direct memory load, root
    # key offset, hive bins size, clustering factor.
    struct.pack_into("<IIQIIIIIII", base, 4, 1, 1, 0, 1, 5, 0, 1, 0x50, 4096, 1)
    # Windows keeps the last 31 characters of the path (and a terminating NUL) in 64 bytes.
    encoded = name[-31:].encode("utf-16-le")
    base[0x30:0x30 + len(encoded)] = encoded
    checksum = 0
    for (word,) in struct.iter_unpack("<I", base[:508]):
        checksum ^= word
    struct.pack_into("<I", base, 508, checksum)
    return bytes(base) + bytes(hbin)


def value(name, kind, data):
    if kind in ("sz", "expand_sz"):
        raw = (data + "\0").encode("utf-16-le")
    elif kind == "multi_sz":
        raw = "".join(s + "\0" for s in data).encode("utf-16-le") + b"\0\0"
    elif kind == "dword":
        raw = struct.pack("<I", data)
    elif kind == "qword":
        raw = struct.pack("<Q", data)
    else:
        raw = bytes.fromhex(data)
    return {"key": name, "t": REG[kind], "value": raw}


def main(out, spec_path):
    with open(spec_path) as spec_file:
        spec = json.load(spec_file)
    with open(out, "wb") as hive_file:
        hive_file.write(empty_hive(spec.get("name", "")))
    hive = hivex.Hivex(out, write=True)
    for path, key in spec.get("keys", {}).items():
        node = hive.root()
        for part in path.split("\\"):
            child = hive.node_get_child(node, part)
            node = child if child else hive.node_add_child(node, part)
        values = [value(n, *kv) for n, kv in key.get("values", {}).items()]
        if values:
            hive.node_set_values(node, values)
    hive.commit(out)


if __name__ == "__main__":
    main(*sys.argv[1:])
