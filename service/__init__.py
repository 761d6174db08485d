"""The verbs of the product: submit a lead, change its state, list and search leads,
and queue, claim and settle outbox jobs. Each takes a `Session`; the caller owns the
transaction."""
