"""congvu: task tracking and accountability for a Vietnamese local government."""
