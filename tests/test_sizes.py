"""One way to say a size (service/sizes.py), for Slack, email and the form alike."""

from __future__ import annotations

import pytest

from service.sizes import size_label

KB, MB = 1024, 1024 * 1024


@pytest.mark.parametrize(
    ("size", "label"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (1023, "1023 bytes"),
        (KB, "1.0 KB"),
        (2 * KB, "2.0 KB"),
        (2970, "2.9 KB"),
        (10 * KB - 1, "10 KB"),  # 9.999 shown as 10, not "10.0"
        (512 * KB, "512 KB"),
        (MB - 100, "1.0 MB"),  # 1023.9 KB: not "1024 KB"
        (10 * MB, "10 MB"),
        (5 * 1024 * MB, "5.0 GB"),
    ],
)
def test_size_label(size: int, label: str):
    assert size_label(size) == label
