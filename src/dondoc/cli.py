"""The `dondoc` console script: Django's manage.py with the settings preset.

`dondoc <command> … --help` of one of dondoc's own commands is answered without
`django.setup()` (which loads every app and its models: about half a second of CPU here) when
the command's module can be imported before the apps are ready, that is when it imports the
domain only inside its handlers: the help comes from the same parser Django would build.
A command whose module needs the models is answered by Django's own path, as before.
"""

import importlib
import importlib.util
import os
import sys
from pathlib import Path

HELP = frozenset({"-h", "--help"})


def own_commands() -> dict[str, str]:
    """dondoc's management commands (name → module), found on disk without importing an app."""
    root = Path(__file__).resolve().parent
    return {
        path.stem: f"dondoc.{path.parent.parent.parent.name}.management.commands.{path.stem}"
        for path in sorted(root.glob("*/management/commands/*.py"))
        if not path.stem.startswith("_")
    }


def fast_help(argv: list[str]) -> None:
    """Print the help of `argv`'s command and exit, if that can be done before the apps load;
    else return (the caller runs the command through Django)."""
    if len(argv) < 3 or not HELP.intersection(argv[2:]):
        return
    if any(a.startswith(("--settings", "--pythonpath")) for a in argv[2:]):
        return  # Django reads those before it finds the command
    module_name = own_commands().get(argv[1])
    if module_name is None:
        return
    from django.conf import settings

    app = module_name.rsplit(".management.", 1)[0]
    installed = [entry.split(".apps.")[0] for entry in settings.INSTALLED_APPS]
    if app not in installed:
        return
    for entry in installed[: installed.index(app)]:
        if _defines(entry, argv[1]):
            return  # an app before dondoc's has a command of that name, which wins: Django's path
    try:
        module = importlib.import_module(module_name)
    except Exception:  # the module needs the apps (AppRegistryNotReady …): Django's own path
        return
    prog = os.path.basename(argv[0])
    parser = module.Command().create_parser(prog, argv[1])
    parser.parse_args(argv[2:])  # prints the help and exits, as Django's path would


def _defines(app: str, name: str) -> bool:
    """Whether the app package `app` has a management command `name`, seen on disk (the app's
    package is located, not run: django.contrib.admin's would load every form)."""
    try:
        spec = importlib.util.find_spec(app)
    except ImportError:
        return False
    places = (spec.submodule_search_locations or []) if spec is not None else []
    return any((Path(p) / "management" / "commands" / f"{name}.py").exists() for p in places)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dondoc.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings, with their checks
    except ImproperlyConfigured as error:
        # A refused configuration (production mode with a public key …) is a message for the
        # operator, not a traceback.
        sys.stderr.write(f"dondoc: {error}\n")
        sys.exit(2)
    fast_help(sys.argv)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
