"""Django's password rules with messages in plain Chinese: its own catalogue leaves the length rule
in English ("This password is too short…"), and the similarity rule speaks of first and last names."""

from django.contrib.auth import password_validation as django


class MinimumLengthValidator(django.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短：至少需要{self.min_length}个字符。"

    def get_help_text(self) -> str:
        return f"至少{self.min_length}个字符。"


class UserAttributeSimilarityValidator(django.UserAttributeSimilarityValidator):
    def __init__(self, max_similarity: float = 0.7):
        super().__init__(user_attributes=("username", "full_name"), max_similarity=max_similarity)

    def get_error_message(self) -> str:
        return "密码与%(verbose_name)s太相近，请换一个不易猜到的密码。"

    def get_help_text(self) -> str:
        return "不要与用户名或姓名相近。"


class CommonPasswordValidator(django.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "这个密码太常见，容易被猜到，请换一个。"

    def get_help_text(self) -> str:
        return "不要用常见密码。"


class NumericPasswordValidator(django.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "密码不能全是数字。"

    def get_help_text(self) -> str:
        return "不能全是数字。"
