"""The warning before printing a document with characters no print font has (生僻字)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

WARNING_STYLE = "color: #8a0018; font-weight: bold;"
CHARS_STYLE = "font-size: 28px; padding: 6px; background: #fff4e0; border: 1px solid #e0b860;"


def describe_characters(chars: tuple[str, ...]) -> str:
    """ "𠮷（U+20BB7）　䶮（U+4DAE）": the character and its code, which the clerk can look up."""
    return "　".join(f"{char}（U+{ord(char):04X}）" for char in chars)


class RareCharacterDialog(QDialog):
    """Names the characters that will print as 〓; printing goes on only after the clerk ticks that
    they will write them in by hand."""

    def __init__(self, chars: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rareCharacterDialog")
        self.setWindowTitle(self.tr("生僻字提示"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        heading = QLabel(self.tr("以下文字没有可用的打印字体，打印出来将显示为“〓”："))
        heading.setStyleSheet(WARNING_STYLE)
        heading.setWordWrap(True)
        self.characters = QLabel(describe_characters(chars))
        self.characters.setObjectName("rareCharacters")
        self.characters.setStyleSheet(CHARS_STYLE)
        self.characters.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        advice = QLabel(
            self.tr(
                "请在打印后于“〓”处手写补全，并请申请人核对签字；或请信息技术人员安装含这些字的字体后再打印。"
            )
        )
        advice.setWordWrap(True)
        self.acknowledge = QCheckBox(self.tr("我已知晓，打印后手写补全(&K)"))
        self.acknowledge.setObjectName("acknowledgeRare")
        self.buttons = QDialogButtonBox()
        self.continue_button = QPushButton(self.tr("继续打印"))
        self.continue_button.setObjectName("continuePrinting")
        self.continue_button.setEnabled(False)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.characters)
        layout.addWidget(advice)
        layout.addWidget(self.acknowledge)
        layout.addWidget(self.buttons)
        self.acknowledge.toggled.connect(self.continue_button.setEnabled)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        if self.acknowledge.isChecked():
            self.accept()
