import subprocess


def list_dir(cmd, name):
    # ruleid: subprocess-shell-true
    subprocess.run(cmd, shell=True)
    # ruleid: subprocess-shell-true
    subprocess.check_output("ls " + name, cwd="/tmp", shell=True, text=True)
    # ok: subprocess-shell-true
    subprocess.run("ls -l", shell=True)
    # ok: subprocess-shell-true
    subprocess.run(cmd, shell=False)
    # ok: subprocess-shell-true
    subprocess.getoutput(cmd)
    # ok: subprocess-shell-true
    subprocess.run([cmd, name])
    proc = subprocess.Popen(
        # ok: subprocess-shell-true
        ["echo", name],
    )
    # ruleid: subprocess-shell-true
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, shell=True), proc
