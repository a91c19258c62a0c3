#!/usr/bin/env bash
# System packages the test suite needs beyond PyPI (none yet beyond Python and Java).
# Kept as one script so CI on a fresh machine installs exactly what developers have.
set -euo pipefail
echo "system dependencies: nothing to install"
