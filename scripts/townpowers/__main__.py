"""``python -m townpowers``."""

import sys

from .cli import main

sys.exit(main())
