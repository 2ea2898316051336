#!/usr/bin/env bash
# Integration driver (CI runs it after `swift test`): the Slurm end-to-end test on a private
# single-node cluster, then a CLI round trip through PyTorch (export-dataset → train → import-weights).
#
#   Tests/Integration/run-integration.sh
#
# Needs root, slurm-wlm and munge (apt-get install -y slurm-wlm munge) and a debug build
# (`swift build`). The PyTorch part is skipped when python3 cannot import torch and safetensors.
set -euo pipefail
cd "$(dirname "$0")/../.."
operando=$(swift build --show-bin-path)/operando
[[ -x "$operando" ]] || { echo "run swift build first ($operando missing)" >&2; exit 66; }

echo "== Slurm: 20-point sweep via slurm and local, cancelled array resumed (Tests/WorkflowsTests/SlurmIntegrationTests.swift)"
start=$SECONDS
OPERANDO_REQUIRE_SLURM=1 swift test --skip-build --filter SlurmIntegrationTests
echo "Slurm integration: $((SECONDS - start)) s"

if python3 -c 'import torch, safetensors' 2>/dev/null; then
    echo "== PyTorch round trip: export-dataset → Benchmarks/pytorch_roundtrip.py → import-weights"
    start=$SECONDS
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    "$operando" init "$work/p" >/dev/null
    "$operando" simulate dendrite --project "$work/p" --count 6 --grid 64 --output-size 32 --frames 40 -j 2 >/dev/null
    dataset=$("$operando" datasets --project "$work/p" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
    "$operando" export-dataset --project "$work/p" "$dataset" "$work/export"
    python3 Benchmarks/pytorch_roundtrip.py "$work/export" "$work/weights" --steps 10
    first=$("$operando" import-weights --project "$work/p" "$work/weights/next_frame.safetensors" --arch "$work/weights/arch.json" --trained-on "$dataset" --json)
    second=$("$operando" import-weights --project "$work/p" "$work/weights/next_frame.safetensors" --arch "$work/weights/arch.json" --trained-on "$dataset" --json)
    python3 - "$first" "$second" <<'PY'
import json, sys
first, second = (json.loads(text) for text in sys.argv[1:3])
assert first["imported"] and not second["imported"] and first["weights"] == second["weights"], (first, second)
print("imported", first["weights"], "once")
PY
    "$operando" lineage --project "$work/p" "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["weights"])' "$first")" | grep -q import-weights
    echo "PyTorch round trip: $((SECONDS - start)) s"
else
    echo "== PyTorch round trip skipped: python3 cannot import torch and safetensors"
fi
echo "integration: ok"
