"""Slack: the Bolt app, its listeners, the membership check and the Block Kit builders."""
