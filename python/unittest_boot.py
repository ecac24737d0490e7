import os, runpy, sys
sys.path.append(os.environ['HOME'])
runpy.run_path(os.path.join(os.environ['HOME'], 'vouch_unittest.py'), run_name='__main__')
