from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ilp.accounts"
    label = "accounts"
