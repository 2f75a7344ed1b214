"""The rivers pages: compliance, chiefs and their patrols (patrols.py), black-odorous bodies (blackwater.py)."""
