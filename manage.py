#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mashangdu.settings")
    from django.core.management import execute_from_command_line

    from mashangdu.env import EnvError

    try:
        execute_from_command_line(sys.argv)
    except EnvError as exc:
        # A missing or bad setting is the operator's to fix: its name and what to do, not a traceback.
        sys.stderr.write(
            f"配置错误：{exc}\n"
            "演示或开发环境请加 DEBUG=1 运行命令（make run 即如此），例如：\n"
            "  DEBUG=1 .venv/bin/python manage.py audit verify\n"
            "生产环境请按 README.md 的 Environment variables 一节设置环境变量。\n"
        )
        sys.exit(2)
