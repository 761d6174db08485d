"""Slack's user objects, as users.info answers with them.

- Every workspace has Slackbot, ``USLACKBOT``, which users.info shows with
  ``is_bot: false`` (slackapi/bolt-js#794: "Slackbot has is_bot set to false"); it is
  there by default.
- ``is_app_user`` marks a human who authorized the calling app, not an app: add_user
  takes it like any other field.
- Enterprise Grid: a person of an organisation carries one ``team_id`` (their home
  workspace), the organisation's ``enterprise_id``, and ``enterprise_user`` with
  ``id``, ``enterprise_id``, ``enterprise_name``, ``is_admin``, ``is_owner`` and
  ``teams``, the workspaces they are in (objs_enterprise_user in Slack's Web API
  specification).
"""

from __future__ import annotations

SLACKBOT_ID = "USLACKBOT"


def new_user(user_id: str, team_id: str, fields: dict) -> dict:
    """A Slack user object; `fields` override the defaults (profile is merged)."""
    fields = dict(fields)
    name = fields.get("name") or user_id.lower()
    real_name = fields.get("real_name") or name
    user = {
        "id": user_id,
        "team_id": team_id,
        "name": name,
        "real_name": real_name,
        "deleted": False,
        "is_bot": False,
        "is_app_user": False,
        "is_admin": False,
        "is_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "profile": {
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": name,
            "display_name_normalized": name,
            "team": team_id,
        },
    }
    profile = {**user["profile"], **fields.pop("profile", {})}
    user.update(fields)
    user["profile"] = profile
    return user


def slackbot(team_id: str) -> dict:
    return new_user(SLACKBOT_ID, team_id, {"name": "slackbot", "real_name": "Slackbot"})


def grid_user(
    user_id: str,
    home_team: str,
    teams: list[str],
    enterprise_id: str,
    enterprise_name: str,
    fields: dict,
) -> dict:
    """A member of an Enterprise Grid organisation, homed in `home_team`, in `teams`."""
    enterprise_user = {
        "id": user_id,
        "enterprise_id": enterprise_id,
        "enterprise_name": enterprise_name,
        "is_admin": False,
        "is_owner": False,
        "teams": list(teams),
        **fields.pop("enterprise_user", {}),
    }
    user = new_user(user_id, home_team, fields)
    user["enterprise_id"] = enterprise_id
    user["enterprise_user"] = enterprise_user
    return user
