"""`make bench`: how fast and how light the app is on this machine, against its ceilings.

Runs the real app (gunicorn) against a fresh database, the Slack emulator and an SMTP
server on loopback, with a light load generator in this process. Prints a table and
writes it as JSON under bench/results/.
"""
