"""Public investment projects, capital plans and disbursement (đầu tư công, giải ngân)."""
