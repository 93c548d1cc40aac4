"""``python -m trestle.cli``: the same as the ``trestle`` command."""

from trestle.cli import main

if __name__ == "__main__":
    main(prog_name="trestle")
