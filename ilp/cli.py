"""The `ilp` command: Django's manage.py for this project, plus commands that need no Django."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "growth":
        # The growth engine is pure Python: z-scores for a CSV need no database or settings.
        from ilp.growth.cli import main as growth_main

        return growth_main(argv[2:])
    if len(argv) > 1:
        # `ilp seed-demo` reads better than `ilp seed_demo`; Django command modules use underscores.
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilp.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
