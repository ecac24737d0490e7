import os
import shlex
import subprocess

from flask import Flask

app = Flask(__name__)


def run(cmd):
    # ruleid: shell-taint
    os.system(cmd)


def run_fixed(cmd):
    # ok: shell-taint
    os.system(cmd)


@app.route("/list/<name>")
def listing(name):
    # ruleid: shell-taint
    os.system("ls " + name)


def not_a_route(name):
    # ok: shell-taint
    os.system("ls " + name)


def one_path(flag):
    name = input()
    if flag:
        name = shlex.quote(name)
    # ruleid: shell-taint
    os.system("ls " + name)


def both_paths(flag):
    name = input()
    if flag:
        name = shlex.quote(name)
    else:
        name = "default"
    # ok: shell-taint
    os.system("ls " + name)


def lists():
    name = input()
    args = ["ls"]
    args.append(name)
    # ruleid: shell-taint
    subprocess.run(args)
    fixed = ["ls"]
    fixed.append("-l")
    # ok: shell-taint
    subprocess.run(fixed)
    copied = ["ls"]
    copied.extend([name])
    # ok: shell-taint
    subprocess.run(copied)
    line = "ls {}".format(name)
    # ruleid: shell-taint
    os.system(line)
    # ok: shell-taint
    os.system("ls {}".format(shlex.quote(name)))


def helpers():
    run(input())
    run_fixed("ls -l")
