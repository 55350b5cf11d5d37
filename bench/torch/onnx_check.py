"""Validate ONNX files with the reference checker (python3-onnx): structure, opset, and full shape inference.
Usage: onnx_check.py FILE... ; prints one JSON line per file: {"file", "ok", "error"?, "opset", "ir"}."""
import json
import sys

import onnx


for path in sys.argv[1:]:
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        print(json.dumps({"file": path, "ok": True, "opset": model.opset_import[0].version, "ir": model.ir_version}))
    except Exception as e:  # the checker raises several exception types
        print(json.dumps({"file": path, "ok": False, "error": str(e)[:2000]}))
