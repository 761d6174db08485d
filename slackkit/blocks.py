"""The Block Kit pieces every message is built from, through `slack_sdk.models.blocks`.

Builders take our text and cut it to Slack's limits (`slackkit.mrkdwn.cut`); the library
checks the rest when `message_blocks` turns the blocks into dicts, at the edge where the
Slack client is called.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    SectionBlock,
    UserSelectElement,
)

from slackkit.mrkdwn import TEXT_MAX, mrkdwn, plain

# Slack's limits that slack_sdk does not check itself.
FIELD_TEXT_MAX = 2000
MESSAGE_BLOCKS_MAX = 50


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=plain(text, HeaderBlock.text_max_length))


def section(text: str, accessory: ButtonElement | None = None) -> SectionBlock:
    return SectionBlock(text=mrkdwn(text), accessory=accessory)


def divider() -> DividerBlock:
    return DividerBlock()


def fields(*texts: str) -> SectionBlock:
    return SectionBlock(fields=[mrkdwn(text, FIELD_TEXT_MAX) for text in texts])


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[mrkdwn(text)])


def actions(
    *buttons: ButtonElement | UserSelectElement, block_id: str | None = None
) -> ActionsBlock:
    return ActionsBlock(elements=list(buttons), block_id=block_id)


def button(
    label: str,
    action_id: str,
    value: str | int,
    style: str | None = None,
    confirm: ConfirmObject | None = None,
) -> ButtonElement:
    return ButtonElement(
        text=plain(label, ButtonElement.text_max_length),
        action_id=action_id,
        value=str(value),
        style=style,
        confirm=confirm,
    )


def confirm_dialog(title: str, text: str, yes: str, no: str = "Cancel") -> ConfirmObject:
    """Slack's "are you sure?" before a button acts; `yes` is styled danger."""
    return ConfirmObject(
        title=plain(title, 100), text=mrkdwn(text, 300), confirm=yes, deny=no, style="danger"
    )


def user_select(placeholder: str, action_id: str, initial_user: str | None) -> UserSelectElement:
    return UserSelectElement(
        placeholder=plain(placeholder, UserSelectElement.placeholder_max_length),
        action_id=action_id,
        initial_user=initial_user,
    )


def line_sections(lines: Sequence[str], max_blocks: int) -> list[SectionBlock]:
    """Lines of mrkdwn in as few sections as hold them; past `max_blocks` sections the
    last one says how many lines are not shown."""
    chunks: list[list[str]] = []
    size = 0
    for line in lines:
        if chunks and size + 1 + len(line) <= TEXT_MAX:
            chunks[-1].append(line)
            size += 1 + len(line)
        else:
            chunks.append([line])
            size = len(line)
    if len(chunks) > max_blocks:
        hidden = sum(len(chunk) for chunk in chunks[max_blocks - 1 :])
        chunks = chunks[: max_blocks - 1] + [[f"… and {hidden} more not shown here"]]
    return [section("\n".join(chunk)) for chunk in chunks]


def message_blocks(blocks: Sequence[Block]) -> list[dict]:
    """The blocks as Slack's JSON, each validated by slack_sdk (SlackObjectFormationError)."""
    if len(blocks) > MESSAGE_BLOCKS_MAX:
        raise ValueError(f"{len(blocks)} blocks; a message holds at most {MESSAGE_BLOCKS_MAX}")
    return [block.to_dict() for block in blocks]
