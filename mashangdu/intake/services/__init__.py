"""Public intake's writes, one module per concern; import from the concern's module:

- `codes`: QR codes for the staff — create one, create a batch, disable and enable again;
- `scans`: the daily scan counters;
- `submissions`: the public's filings, their rate limits, and the access code shown once;
- `ratings`: the quick rating of a service window.
"""
