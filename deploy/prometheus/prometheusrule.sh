#!/bin/sh
# Regenerates kubernetes/overlays/servicemonitor/prometheusrule.yaml from rules/nfs-lifecycle.yml (needs python3-yaml).
# PrometheusRulesTest fails until the two hold the same groups.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
python3 - "$here/rules/nfs-lifecycle.yml" "$here/../kubernetes/overlays/servicemonitor/prometheusrule.yaml" <<'PY'
import sys, yaml
rules = yaml.safe_load(open(sys.argv[1]))
rule = {
    "apiVersion": "monitoring.coreos.com/v1",
    "kind": "PrometheusRule",
    "metadata": {"name": "nfs-lifecycle", "namespace": "nfs-lifecycle",
                 "labels": {"app.kubernetes.io/part-of": "nfs-lifecycle", "release": "prometheus"}},
    "spec": {"groups": rules["groups"]},
}
header = ("# The alert rules of deploy/prometheus/rules/nfs-lifecycle.yml as a PrometheusRule for the Prometheus Operator.\n"
          "# Generated from that file by deploy/prometheus/prometheusrule.sh; PrometheusRulesTest keeps the two groups identical.\n")
with open(sys.argv[2], "w") as out:
    out.write(header + yaml.safe_dump(rule, sort_keys=False, width=120, allow_unicode=True))
PY
