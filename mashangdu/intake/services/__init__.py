"""Public intake's writes, one module per concern; import from the concern's module:

- `codes`: QR codes for the staff — create one, create a batch, disable and enable again;
- `scans`: the daily scan counters;
- `submissions`: the public's filings, their rate limits, and the access code shown once;
- `ratings`: the quick rating of a service window.
"""

# The demo (mashangdu/intake/demo.py, on its way to mashangdu/demo/) still imports these two from here;
# once it imports them from `codes`, this re-export goes.
from mashangdu.intake.services.codes import new_code, qr_batch_create

__all__ = ["new_code", "qr_batch_create"]
