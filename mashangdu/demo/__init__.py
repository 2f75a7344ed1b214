"""The demo county (沧河县), on the top floor: it drives every app's services, so no app imports it."""
