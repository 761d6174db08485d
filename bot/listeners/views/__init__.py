"""Modal submissions. Checked in the acknowledgement (Slack shows errors only from it);
stored just after, on Bolt's thread pool, once the actor's verdict is known."""

from slack_bolt import App

from bot.listeners import members_only
from bot.listeners.views.note import refuse_note, save_note
from bot.services import BotServices
from slackkit.note_modal import NOTE_VIEW


def register(app: App, services: BotServices) -> None:
    members_only.view(app, services, NOTE_VIEW, refuse_note, save_note)
