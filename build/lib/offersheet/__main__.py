import sys

from offersheet.cli import main

sys.exit(main())
