"""Slack vocabulary shared by the two sides that talk to Slack: bot/ (answering Slack's
requests) and worker/slack/ (delivering cards and replies).

Escaping, dates, the card and its buttons' action ids, the Web API client factory and
the small expiring stores. It imports service/, db/ and config/ only.
"""
