import os, sys
sys.path.append(os.environ['HOME'])
import pytest
sys.exit(pytest.main(sys.argv[1:] + ['-p', 'vouch_pytest_report']))
