DEBUG, TESTING = True, False
