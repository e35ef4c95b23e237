"""The top layer: backup and restore of a whole installation. Nothing imports it."""
