"""The organisation: units, positions, officials, mandates and delegation of authority."""
