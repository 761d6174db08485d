"""Domain errors the entry points map to answers."""


class LeadNotFound(LookupError):
    def __init__(self, lead_id: int) -> None:
        super().__init__(f"no lead #{lead_id}")
        self.lead_id = lead_id
