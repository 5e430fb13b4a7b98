"""The class: join codes, seats, the teacher's settings, every Check stored, the dashboard's numbers."""
