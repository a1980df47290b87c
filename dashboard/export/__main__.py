"""`python -m dashboard.export brief …` (see dashboard/export/cli.py)."""
import sys

from dashboard.export.cli import main

sys.exit(main())
