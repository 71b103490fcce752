"""Set up the lessons of "Backprop, Step by Step" and open them in JupyterLab.

    python start.py                      (Windows: py start.py; macOS, Linux: python3 start.py)
    python start.py --no-browser --port=8899     (anything after start.py goes to JupyterLab)

The first run creates a Python environment in .venv beside this file and installs the lessons'
packages into it, each at the version the book was made with; later runs start JupyterLab at
once. Standard library only, and written so that any Python can read it far enough to say
which Python it needs.
"""

from __future__ import print_function

import hashlib
import os
import signal
import subprocess
import sys

#: The Pythons the pinned packages install on: soupsieve (for JupyterLab) needs 3.11.5, and
#: numpy, scipy, contourpy and PyYAML publish no wheels beyond 3.14 at their pinned versions.
OLDEST = (3, 11, 5)
NEWEST = (3, 14)

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(HERE, ".venv")
REQUIREMENTS = os.path.join(HERE, "requirements.txt")
#: Written last, once everything is installed: without it (an interrupted or failed first run)
#: the next run starts the installation over in a fresh .venv.
STAMP = os.path.join(VENV, "backprop-step-by-step-installed.txt")


def say(text):
    """Print a line at once, before the output of what runs next."""
    print(text)
    sys.stdout.flush()


def python_problem(version):
    """What keeps a Python of this version (sys.version_info or a tuple) from running the
    lessons, as a message for the reader; None when nothing does."""
    if OLDEST <= tuple(version[:3]) and tuple(version[:2]) <= NEWEST:
        return None
    return ("The lessons need Python {0} to {1}.x; this is Python {2}.\n"
            "Install Python {1} from https://www.python.org/downloads/ and run start.py with it:\n"
            "  py -{1} start.py            (Windows)\n"
            "  python{1} start.py          (macOS, Linux)").format(
                ".".join(map(str, OLDEST)), ".".join(map(str, NEWEST)), ".".join(map(str, version[:3])))


def venv_python():
    if os.name == "nt":
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def wanted_stamp():
    """What the stamp says once this requirements.txt is installed."""
    with open(REQUIREMENTS, "rb") as f:
        return "requirements.txt sha256 " + hashlib.sha256(f.read()).hexdigest() + "\n"


def installed():
    """Whether .venv holds this requirements.txt, fully installed, with a Python that still runs."""
    try:
        with open(STAMP) as f:
            if f.read() != wanted_stamp():
                return False
        return subprocess.call([venv_python(), "-c", "pass"]) == 0
    except OSError:
        return False


def install():
    """Create .venv afresh and install the pinned packages; True when it worked."""
    if os.path.exists(VENV):
        say("An earlier set-up did not finish (or the packages changed): starting it over.")
    say("[1/3] Creating a Python environment in .venv with Python {} (a few seconds) ...".format(
        ".".join(map(str, sys.version_info[:3]))))
    if subprocess.call([sys.executable, "-m", "venv", "--clear", VENV]) != 0:
        hint = "\nOn Debian or Ubuntu, install Python's venv module first: sudo apt install python3-venv"
        print("Could not create .venv (see above)." + (hint if sys.platform.startswith("linux") else ""),
              file=sys.stderr)
        return False
    with open(REQUIREMENTS) as f:
        count = sum(1 for line in f if line.strip())
    say("[2/3] Installing the lessons' {} packages (numpy, matplotlib, JupyterLab and what they need),\n"
        "      each at the version the book used: about 150 MB to download, usually 3 to 10 minutes ...".format(count))
    pip = [venv_python(), "-m", "pip", "install", "--disable-pip-version-check", "-r", REQUIREMENTS]
    if subprocess.call(pip) != 0:
        print("\nThe installation failed (see pip's messages above). Check the internet connection and run\n"
              "start.py again: it starts the installation over.", file=sys.stderr)
        return False
    say("[3/3] Making the book's library, backprop_lib, importable from the lessons ...")
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.check_output([venv_python(), "-c", where], universal_newlines=True).strip()
    # A path relative to site-packages (Python's site module reads it so), to this folder.
    with open(os.path.join(site, "backprop-step-by-step.pth"), "w") as f:
        f.write(os.path.relpath(HERE, site) + "\n")
    with open(STAMP, "w") as f:
        f.write(wanted_stamp())
    say("Set up. From now on, start.py opens JupyterLab at once.")
    return True


def jupyter_lab(args):
    """Run JupyterLab on lessons/ until it stops; its exit code."""
    command = [venv_python(), "-m", "jupyterlab", "--ServerApp.root_dir=" + os.path.join(HERE, "lessons")]
    if os.name != "nt" and os.geteuid() == 0 and "--allow-root" not in args:
        command.append("--allow-root")  # Jupyter refuses root unless told
    say("Starting JupyterLab on lessons/; stop it with Ctrl+C, twice, in this window ...")
    lab = subprocess.Popen(command + list(args))
    signal.signal(signal.SIGTERM, lambda *_: lab.terminate())
    while True:
        try:
            return lab.wait()
        except KeyboardInterrupt:
            pass  # JupyterLab gets the Ctrl+C too, and stops on the second


def main(args):
    problem = python_problem(sys.version_info)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if installed():
        say("The lessons are set up already (.venv): starting JupyterLab.")
    else:
        try:
            if not install():
                return 1
        except KeyboardInterrupt:
            print("\nInterrupted. Run start.py again: it starts the installation over.", file=sys.stderr)
            return 1
    return jupyter_lab(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
