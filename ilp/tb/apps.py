from django.apps import AppConfig


class TbConfig(AppConfig):
    name = "ilp.tb"
    label = "tb"
    verbose_name = "TBC: register kasus dan investigasi kontak"
