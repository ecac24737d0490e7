import os
import sys

def archive(folder):
    os.system("tar czf backup.tgz " + folder)

if __name__ == "__main__":
    archive(sys.argv[1])
