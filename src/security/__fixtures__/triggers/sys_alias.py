from os import system as run

def clean(path):
    run("rm -rf " + path)
