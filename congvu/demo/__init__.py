"""The generator of a realistic, seeded demo province."""
