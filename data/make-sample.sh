#!/usr/bin/env bash
# Rebuilds the bundled sample archive in data/ (see data/README.md) with `kqlduck ingest`.
# Only MIT- and CC0-licensed real recordings go into the project. Run from anywhere:
#   bash data/make-sample.sh            (REAL=/path/to/shared/data/real to read them from elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
REAL="${REAL:-../shared/data/real}"
if [ ! -d "$REAL/otrf-security-datasets" ] || [ ! -d "$REAL/evtx-to-mitre-attack" ]; then
  echo "make-sample: $REAL does not hold the real recordings (otrf-security-datasets, evtx-to-mitre-attack); set REAL=…" >&2
  exit 2
fi

# Start from an empty archive, keeping this script and the README.
rm -rf data/DeviceProcessEvents data/rejects data/.staging data/.lock data/manifest.json

# OTRF Security-Datasets (MIT): Sysmon EID 1 + Security 4688, one file per simulation.
# evtx-to-mitre-attack (CC0 1.0): Security 4688.
node bin/kqlduck.js ingest --no-progress --into data \
  "$REAL/otrf-security-datasets/cmd_psh_stop_netprofm_eventlog_before_reboot.sysmon-sec4688.jsonl" \
  "$REAL/otrf-security-datasets/empire_ninjacopy_dumping_ntds_dit_file.sysmon-sec4688.jsonl" \
  "$REAL/otrf-security-datasets/empire_launcher_vbs.sysmon-sec4688.jsonl" \
  "$REAL/otrf-security-datasets/cmd_mshta_vbscript_execute_psh.sysmon-sec4688.jsonl" \
  "$REAL/otrf-security-datasets/psh_mshta_html_application_execution.sysmon-sec4688.jsonl" \
  "$REAL/otrf-security-datasets/covenant_dcom_executeexcel4macro_allowed.sysmon-sec4688.jsonl" \
  "$REAL/otrf-security-datasets/schtask_modification.sysmon-sec4688.jsonl" \
  "$REAL/evtx-to-mitre-attack/ID4688-Edge_payload_download_via_command.jsonl" \
  "$REAL/evtx-to-mitre-attack/ID4688-Encoded_PowerShell_MSF_payload_via_process_execution.jsonl"

# Generated telemetry (kqlduck gen, deterministic): a week of a small fleet ending 2026-11-30, with
# labelled T1204 activity and its ground truth in data/DeviceProcessEvents.ground-truth.parquet.
node bin/kqlduck.js gen --no-progress --rows 30000 --days 7 --end 2026-11-30 --seed 1 --into data
